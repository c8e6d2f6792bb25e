package projection

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"scorecast/scoring"
	"scorecast/server/live"
	"scorecast/server/store"
	"scorecast/shared"
)

// DefaultBoardLimit is how many entries a board view and a live board message carry.
const DefaultBoardLimit = 20

// MaxBoardLimit bounds the limit a caller may ask for.
const MaxBoardLimit = 500

// AgentView is the agent's view at the projector's clock. An agent never
// seen gets an empty view, so a screen opened before the first event works.
func (p *State) AgentView(orgID, id string) (shared.AgentView, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return shared.AgentView{}, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	return o.agentView(id, p.lastSeq, p.now()), nil
}

func (o *Org) agentView(id string, seq uint64, now time.Time) shared.AgentView {
	var v shared.AgentView
	var sum scoring.AgentSummary
	o.FillAgentView(&v, &sum, id, seq, now)
	return v
}

// fillAgentView builds the agent's view into v, reusing the memory of the
// view v held before and of sum, the engine's summary (see org.spare).
// Everything v held before is overwritten.
func (o *Org) FillAgentView(v *shared.AgentView, sum *scoring.AgentSummary, id string, seq uint64, now time.Time) {
	a, ok := o.agents[id]
	if !ok {
		a = &store.AgentRecord{State: scoring.AgentState{ID: id}}
		if pr, ok := o.profiles[id]; ok {
			a.State.Team = pr.Team
		}
	}
	st := &a.State
	lvl := o.engine.LevelFor(st.XP)
	o.engine.DescribeInto(sum, st, &o.rec.State, now)
	teamChallenges := o.teamChallenges(st.Team, now)
	rank := v.Rank
	if rank == nil {
		rank = map[string]int{}
	}
	clear(rank)
	*v = shared.AgentView{
		ID:          id,
		Name:        o.AgentName(id),
		Team:        st.Team,
		TeamName:    o.TeamName(st.Team),
		Photo:       o.PhotoURL(id),
		Color:       o.TeamColor(st.Team),
		Points:      o.periodPoints(v.Points, st.Periods, now),
		Level:       lvl.Level + 1,
		LevelName:   lvl.Name,
		XP:          st.XP,
		LevelXP:     lvl.Floor,
		NextLevelXP: lvl.Next,
		Rank:        rank,
		// Sized at once: a view is built for every message on the agent's
		// topic, and growing these by append was a steady part of a
		// batch's garbage.
		Badges:     reuseList(v.Badges, len(sum.Badges)),
		Streaks:    reuseList(v.Streaks, len(sum.Streaks)),
		Challenges: reuseList(v.Challenges, len(teamChallenges)+len(sum.Challenges)),
		BestDay:    personalBest(st.Best(scoring.PeriodDay)),
		BestWeek:   personalBest(st.Best(scoring.PeriodWeek)),
		At:         seq,
	}
	for _, b := range sum.Badges {
		v.Badges = append(v.Badges, shared.Badge{ID: b.ID, Name: b.Name, Description: b.Description, Tier: b.Tier, TierName: b.TierName,
			Awards: b.Awards, Value: b.Value, NextTier: b.NextTier, NextMin: b.NextMin})
	}
	for _, s := range sum.Streaks {
		v.Streaks = append(v.Streaks, shared.Streak{ID: s.ID, Name: s.Name, Current: s.Current, Best: s.Best,
			Freezes: s.Freezes, MaxFreezes: s.MaxHeld})
	}
	v.Challenges = append(v.Challenges, teamChallenges...)
	for _, c := range sum.Challenges {
		v.Challenges = append(v.Challenges, shared.Challenge{ID: c.ID, Instance: c.Instance, Name: c.Name, Description: c.Description,
			Progress: c.Progress, Target: c.Target, Adaptive: c.Adaptive, Status: c.Status, Deadline: c.Deadline, Reward: o.rewardText(&c.Reward),
			RewardPoints: c.Reward.Points, RewardBadge: c.Reward.Badge})
		if c.Coop != nil {
			v.Challenges[len(v.Challenges)-1].Coop = o.coopMembers(c.Coop)
		}
	}
	if lvl.Next > 0 {
		v.XPToNext = lvl.Next - st.XP
	}
	for _, b := range o.boards {
		if b.Scope != "org" {
			continue
		}
		for _, period := range b.Periods {
			if r, ok := o.current(b.ID, period, now); ok {
				if e, ok := r.Rank(id); ok {
					rank[b.ID+"/"+period] = e.Rank
				}
			}
		}
	}
}

// reuseList empties list for reuse, or makes one for n: never nil, so an
// empty list encodes as [], as a new view's do.
func reuseList[T any](list []T, n int) []T {
	if list == nil || cap(list) < n {
		return make([]T, 0, n)
	}
	return list[:0]
}

// periodPoints fills points, whose maps it reuses, with the agent's points
// of the current day, week, month, season (while one runs) and all time.
func (o *Org) periodPoints(points map[string]shared.PeriodPoints, periods map[string]scoring.Totals, now time.Time) map[string]shared.PeriodPoints {
	if points == nil {
		points = make(map[string]shared.PeriodPoints, len(viewPeriods))
	}
	for _, period := range viewPeriods {
		key := o.engine.PeriodKey(period, now)
		if key == "" && period == shared.PeriodSeason {
			// No season runs: no season in the view, so no screen shows
			// an empty one.
			delete(points, period)
			continue
		}
		t := scoring.Current(periods, period, key)
		// A copy: the engine adds to the state's map in place, and the
		// view is read after the batch that built it (see live.Message).
		points[period] = shared.PeriodPoints{Key: t.Key, Points: t.Points, Categories: refill(points[period].Categories, t.Categories)}
	}
	return points
}

// refill returns a copy of src in dst's memory (dst emptied, or made when
// nil), or nil for an empty src.
func refill(dst, src map[string]int64) map[string]int64 {
	if len(src) == 0 {
		return nil
	}
	if dst == nil {
		dst = make(map[string]int64, len(src))
	}
	clear(dst)
	maps.Copy(dst, src)
	return dst
}

// viewPeriods are the periods of an agent's points in a view.
var viewPeriods = []string{shared.PeriodDay, shared.PeriodWeek, shared.PeriodMonth, shared.PeriodSeason, shared.PeriodAll}

// current is the ranking of a board in the period containing now.
func (o *Org) current(board, period string, now time.Time) (*scoring.Board, bool) {
	r, ok := o.ranks[rankKey{board, period, o.engine.PeriodKey(period, now)}]
	return r, ok
}

func (o *Org) AgentName(id string) string {
	if pr, ok := o.profiles[id]; ok && pr.Name != "" {
		return pr.Name
	}
	return id
}

func (o *Org) TeamName(id string) string {
	if n, ok := o.teamNames[id]; ok && n != "" {
		return n
	}
	return id
}

// TeamView is a team's view at the projector's clock.
func (p *State) TeamView(orgID, id string) (shared.TeamView, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return shared.TeamView{}, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	v, ok := o.TeamView(id, p.lastSeq, p.now())
	if !ok {
		return v, fmt.Errorf("%w: team %s", ErrNotFound, id)
	}
	return v, nil
}

// hasTeam reports whether a team exists: named on the roster, scored, or
// with members.
func (o *Org) hasTeam(id string) bool {
	_, named := o.teamNames[id]
	_, scored := o.teams[id]
	return named || scored || len(o.members[id]) > 0
}

func (o *Org) TeamView(id string, seq uint64, now time.Time) (shared.TeamView, bool) {
	if !o.hasTeam(id) {
		return shared.TeamView{}, false
	}
	t, scored := o.teams[id]
	v := shared.TeamView{ID: id, Name: o.TeamName(id), Members: []string{}, Goals: []shared.Goal{}, Challenges: []shared.Challenge{}, At: seq}
	for m := range o.members[id] {
		v.Members = append(v.Members, m)
	}
	sort.Strings(v.Members)
	var periods map[string]scoring.Totals
	if scored {
		periods = t.State.Periods
		for _, gid := range slices.Sorted(maps.Keys(t.State.Goals)) {
			g := t.State.Goals[gid]
			v.Goals = append(v.Goals, shared.Goal{ID: gid, Instance: g.Key, Name: o.goalName(gid), Progress: g.Progress, Target: g.Target,
				Status: g.Status, Deadline: g.Deadline, Shares: g.Shares})
		}
	}
	v.Challenges = append(o.teamChallenges(id, now), o.coopChallenges(id, now)...)
	v.Points = o.periodPoints(nil, periods, now)
	return v, true
}

// Leaderboard is a board in the period containing the projector's clock,
// as everyone but its agents themselves sees it: hidden agents anonymous,
// those who chose initials by their initials. The live board frames carry
// this one, as one frame goes to every subscriber.
func (p *State) Leaderboard(orgID, board, period string, limit int) (shared.Leaderboard, error) {
	return p.LeaderboardFor(orgID, board, period, limit, "")
}

// LeaderboardFor is Leaderboard as the user viewer sees it: their own entry
// by name whatever they chose.
func (p *State) LeaderboardFor(orgID, board, period string, limit int, viewer string) (shared.Leaderboard, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return shared.Leaderboard{}, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	return o.leaderboard(board, period, limit, viewer, p.lastSeq, p.now())
}

func (o *Org) leaderboard(board, period string, limit int, viewer string, seq uint64, now time.Time) (shared.Leaderboard, error) {
	b, ok := o.board(board)
	if !ok {
		return shared.Leaderboard{}, fmt.Errorf("%w: board %q", ErrNotFound, board)
	}
	if !slices.Contains(b.Periods, period) {
		return shared.Leaderboard{}, fmt.Errorf("%w: board %q has no period %q", ErrNotFound, board, period)
	}
	lb := shared.Leaderboard{Board: board, Period: period, Key: o.engine.PeriodKey(period, now), Entries: []shared.LeaderboardEntry{}, At: seq}
	r, ok := o.current(board, period, now)
	if !ok {
		return lb, nil
	}
	for _, e := range r.Top(limit) {
		entry := shared.LeaderboardEntry{Rank: e.Rank, Points: e.Score}
		if b.Scope == "team" {
			entry.Team, entry.Name, entry.Color = e.ID, o.TeamName(e.ID), o.TeamColor(e.ID)
		} else {
			o.agentEntry(&entry, e.ID, viewer)
		}
		lb.Entries = append(lb.Entries, entry)
	}
	return lb, nil
}

// ErrNotFound is returned for an unknown team or board.
var ErrNotFound = fmt.Errorf("projector: not found")

var _ live.Snapshotter = (*State)(nil)

// Snapshot implements live.Snapshotter.
func (p *State) Snapshot(_ context.Context, orgID, topic string) (any, error) {
	kind, parts, ok := shared.ParseTopic(topic)
	if !ok {
		return nil, live.ErrUnknownTopic
	}
	switch kind {
	case "agent":
		return p.AgentView(orgID, parts[0])
	case "team":
		v, err := p.TeamView(orgID, parts[0])
		if err != nil {
			return nil, fmt.Errorf("%w: %v", live.ErrUnknownTopic, err)
		}
		return v, nil
	case "board":
		v, err := p.Leaderboard(orgID, parts[0], parts[1], DefaultBoardLimit)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", live.ErrUnknownTopic, err)
		}
		return v, nil
	case shared.TopicOrg:
		return struct {
			At uint64 `json:"at"`
		}{p.LastSeq()}, nil
	}
	return nil, live.ErrUnknownTopic
}

func (o *Org) goalName(id string) string {
	for _, g := range o.rules.TeamGoals {
		if g.ID == id {
			return g.Name
		}
	}
	return id
}

// teamChallenges lists a team's open challenges: those its members' work
// has started, and those a supervisor launched that no event has touched yet.
func (o *Org) teamChallenges(team string, now time.Time) []shared.Challenge {
	out := []shared.Challenge{}
	if team == "" {
		return out
	}
	var states map[string]scoring.ChallengeState
	if t, ok := o.teams[team]; ok {
		states = t.State.Challenges
	}
	for _, cid := range slices.Sorted(maps.Keys(states)) {
		c := states[cid]
		if c.Status != scoring.StatusActive || !now.Before(c.Deadline) {
			continue
		}
		out = append(out, o.challengeView(c.Challenge, c.Key, c.Progress, c.Target, c.Status, c.Deadline, team))
	}
	for _, inst := range o.rec.State.Launched {
		if inst.Team != team || !o.teamScoped(inst.Challenge) || now.Before(inst.Start) || !now.Before(inst.Deadline) {
			// An agent challenge launched for a team's agents is each
			// agent's own, with their progress (Engine.Describe).
			continue
		}
		if _, started := states[inst.ID]; started {
			continue
		}
		target := inst.Target
		if target <= 0 {
			target = o.challengeTarget(inst.Challenge)
		}
		out = append(out, o.challengeView(inst.Challenge, inst.ID, 0, target, scoring.StatusActive, inst.Deadline, team))
	}
	return out
}

// teamScoped reports whether the ruleset's challenge id is a team challenge.
func (o *Org) teamScoped(id string) bool {
	for _, ch := range o.rules.Challenges {
		if ch.ID == id {
			return ch.Scope == scoring.ScopeTeam
		}
	}
	return false
}

func (o *Org) challengeView(id, instance string, progress, target float64, status string, deadline time.Time, team string) shared.Challenge {
	c := shared.Challenge{ID: id, Instance: instance, Name: id, Progress: progress, Target: target, Status: status, Deadline: deadline, Team: team}
	for _, ch := range o.rules.Challenges {
		if ch.ID == id {
			c.Name, c.Description = ch.Name, ch.Description
			r := ch.Reward
			c.Reward = o.rewardText(&r) // for clients older than the two fields below
			c.RewardPoints, c.RewardBadge = r.Points, r.Badge
		}
	}
	return c
}

func (o *Org) challengeTarget(id string) float64 {
	for _, ch := range o.rules.Challenges {
		if ch.ID == id {
			return ch.Target
		}
	}
	return 0
}

// Achievement describes a badge, streak, challenge or goal outcome of the
// event at seq for people: names, not ids.
func (o *Org) Achievement(oc *scoring.Outcome, seq uint64) shared.AchievementData {
	d := shared.AchievementData{
		At: seq, Kind: oc.Kind, Name: oc.Name, Status: oc.Status, Tier: oc.Tier, TierName: oc.TierName,
		Current: oc.Current, Best: oc.Best, Progress: oc.Progress, Target: oc.Target, Reward: o.rewardText(oc.Reward),
		TeamID: oc.Team, TeamName: o.TeamName(oc.Team),
	}
	if oc.Agent != "" {
		d.AgentID, d.AgentName = oc.Agent, o.AgentName(oc.Agent)
	}
	switch oc.Kind {
	case scoring.OutcomeBadge:
		d.ID = oc.Badge
		if d.Status == "" {
			d.Status = "awarded"
		}
	case scoring.OutcomeStreak:
		d.ID = oc.Streak
	case scoring.OutcomeChallenge:
		d.ID = oc.Challenge
	case scoring.OutcomeGoal:
		d.ID = oc.Goal
	}
	return d
}

// rewardText is the reward in English words, for clients older than
// Challenge.RewardPoints/RewardBadge, which the PWA words in the reader's
// language. The badge goes by its name, never its id.
func (o *Org) rewardText(r *scoring.Reward) string {
	if r == nil {
		return ""
	}
	badge := r.Badge
	for _, b := range o.rules.Badges {
		if b.ID == r.Badge {
			badge = b.Name
		}
	}
	switch {
	case r.Points != 0 && r.Badge != "":
		return fmt.Sprintf("%d points + badge %s", r.Points, badge)
	case r.Points != 0:
		return fmt.Sprintf("%d points", r.Points)
	case r.Badge != "":
		return "badge " + badge
	}
	return ""
}
