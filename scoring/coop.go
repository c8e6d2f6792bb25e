package scoring

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// A co-op quest is an ad hoc launch of an agent challenge for a small group
// (2..6 agents, on any teams and shifts) who share ONE instance: every
// member's events add to a single progress, each member's part is kept in
// its shares, and reaching the target completes it for every member at
// once, each getting the challenge's whole reward. The shared instance
// lives in the org state (OrgState.Coop, keyed by the launch id), not in
// any one agent's, because no single agent's event may own it.
//
// Paying the partners of the member whose event completed the quest needs
// their states, which one event's step does not hold: the step pays its own
// agent and leaves a CoopDue per partner in OrgState.Owed; the caller then
// applies PayCoop to each owed member in the same unit of work (World.Step
// here, the projector's batch on the server), so the debt never outlives
// the event that made it.
//
// Progress keeps counting after completion until the deadline, so the end
// state (progress, shares, who was paid) does not depend on the order in
// which the members' events arrive.

// Bounds of a co-op quest's group.
const (
	CoopMinMembers = 2
	CoopMaxMembers = 6
)

// CoopDue is a member owed the reward of a co-op quest another member's
// event completed: the event and its time decide the periods credited.
type CoopDue struct {
	Launch string    `json:"launch"`
	Agent  string    `json:"agent"`
	Event  string    `json:"event"`
	At     time.Time `json:"at"`
}

// checkCoop says what is wrong with a co-op launch of ch, "" when nothing.
func (e *Engine) checkCoop(ch *challenge, req *LaunchRequest) string {
	switch {
	case ch.Scope != ScopeAgent:
		return "a co-op quest pairs agents: choose an agent challenge, not a team one"
	case len(req.Agents) < CoopMinMembers || len(req.Agents) > CoopMaxMembers:
		return fmt.Sprintf("a co-op quest has %d to %d members", CoopMinMembers, CoopMaxMembers)
	}
	if agg := e.counters[ch.counter].agg; agg != AggCount && agg != AggSum {
		return fmt.Sprintf("a co-op quest adds up its members' parts, so its challenge must count or sum (%q takes the %s)", ch.ID, agg)
	}
	if req.Target <= 0 && ch.Target <= 0 {
		return "a co-op quest needs a target"
	}
	members := slices.Sorted(slices.Values(req.Agents))
	for i, id := range members {
		if !validChars(id, 128, isAgentByte) {
			return "member " + msgID
		}
		if i > 0 && members[i-1] == id {
			return fmt.Sprintf("%q is named twice: each member once", id)
		}
	}
	return ""
}

// startCoop opens the shared instance of a co-op launch at 0, so every
// member sees it before anyone has worked on it.
func (e *Engine) startCoop(o *OrgState, ch *challenge, inst *ChallengeInstance) {
	if o.Coop == nil {
		o.Coop = make(map[string]ChallengeState)
	}
	if _, ok := o.Coop[inst.ID]; ok {
		return
	}
	target := inst.Target
	if target <= 0 {
		target = ch.Target
	}
	o.Coop[inst.ID] = ChallengeState{Challenge: ch.ID, Key: inst.ID, Start: inst.Start, Deadline: inst.Deadline,
		Target: target, Status: StatusActive, Version: inst.Version, Shares: map[string]float64{}}
}

// coop adds the event to a co-op quest it is a member of. Every member gets
// an outcome (progress for the others, so their open views move as their
// partner works); the event that reaches the target pays its own agent here
// and owes the others.
func (s *step) coop(ch *challenge, inst *ChallengeInstance) {
	v, ok := s.contribution(ch.counter)
	if !ok {
		return
	}
	s.e.startCoop(s.o, ch, inst)
	cs := s.o.Coop[inst.ID]
	if cs.Status == StatusExpired || !inWindow(&cs, s.ev.Time) {
		return
	}
	k := &s.e.counters[ch.counter]
	cs.Value.add(v)
	cs.Progress = cs.Value.Value(k.agg)
	cs.Shares = share(cs.Shares, s.a.ID, k, v)
	completed := cs.Status == StatusActive && cs.Progress >= cs.Target
	if completed {
		cs.Status = StatusCompleted
	}
	s.o.Coop[inst.ID] = cs
	for _, m := range inst.Agents {
		switch {
		case !completed:
			s.coopOutcome(ch, &cs, m, StatusProgress)
		case m == s.a.ID:
			s.coopOutcome(ch, &cs, m, StatusCompleted)
			s.coopReward(ch)
		default:
			s.o.Owed = append(s.o.Owed, CoopDue{Launch: inst.ID, Agent: m, Event: s.ev.ID, At: s.ev.Time})
		}
	}
}

// coopOutcome reports the shared instance to member m, with m's share. An
// outcome for a partner leaves the team out: the engine holds only the
// acting agent's.
func (s *step) coopOutcome(ch *challenge, cs *ChallengeState, m, status string) {
	o := s.outcome(OutcomeChallenge)
	if m != s.a.ID {
		o.Agent, o.Team = m, ""
	}
	o.Challenge, o.Name, o.Instance = ch.ID, ch.Name, cs.Key
	o.Progress, o.Target, o.Status, o.Deadline, o.Share = cs.Progress, cs.Target, status, cs.Deadline, cs.Shares[m]
	if status == StatusCompleted && (ch.Reward != Reward{}) {
		r := ch.Reward
		o.Reward = &r
		o.Coins = r.Coins
	}
	s.out = append(s.out, o)
}

// coopReward gives the step's agent the challenge's reward points and badge
// (its coins ride on the completed outcome).
func (s *step) coopReward(ch *challenge) {
	if r := ch.Reward; r.Points != 0 {
		s.award("challenge:"+ch.ID, r.Category, r.Points, 0)
	}
	if ch.rewardBadge >= 0 {
		s.grantBadge(ch.rewardBadge, false)
	}
}

// CoopOwed lists the members owed a co-op reward, each once, in the order
// they became owed.
func (o *OrgState) CoopOwed() []string {
	var ids []string
	for _, d := range o.Owed {
		if !slices.Contains(ids, d.Agent) {
			ids = append(ids, d.Agent)
		}
	}
	return ids
}

// PayCoop pays agent a (on team t, nil when none) every co-op reward owed
// to them: the completed outcome with the reward's coins, the reward points
// credited to the periods of the completing event's time, the reward badge
// and a level reached. Paying twice pays nothing more: the debt is gone.
func (e *Engine) PayCoop(o *OrgState, a *AgentState, t *TeamState) []Outcome {
	if o == nil || a == nil {
		return nil
	}
	var out []Outcome
	kept := o.Owed[:0]
	for _, d := range o.Owed {
		if d.Agent != a.ID {
			kept = append(kept, d)
			continue
		}
		out = append(out, e.payCoop(o, a, t, d)...)
	}
	clear(o.Owed[len(kept):])
	o.Owed = kept
	if len(o.Owed) == 0 {
		o.Owed = nil
	}
	return out
}

func (e *Engine) payCoop(o *OrgState, a *AgentState, t *TeamState, d CoopDue) []Outcome {
	cs, ok := o.Coop[d.Launch]
	ch := e.challenge(cs.Challenge)
	if !ok || ch == nil {
		return nil // the ruleset dropped the challenge since: nothing to pay in
	}
	ev := Event{ID: d.Event, Agent: a.ID, Time: d.At}
	s := &step{e: e, a: a, t: t, o: o, ev: &ev, keys: e.keys(d.At)}
	if a.Periods == nil {
		a.Periods = make(map[string]Totals, numPeriods)
	}
	foldBests(a, &s.keys)
	e.roll(a.Periods, &a.Seasons, &s.keys)
	a.Version = e.version
	if t != nil {
		if t.Periods == nil {
			t.Periods = make(map[string]Totals, numPeriods)
		}
		e.roll(t.Periods, &t.Seasons, &s.keys)
		t.Version = e.version
	}
	s.coopOutcome(ch, &cs, a.ID, StatusCompleted)
	s.coopReward(ch)
	s.credit()
	if lvl := e.LevelFor(a.XP).Level; lvl > a.Level {
		a.Level = lvl
		lo := s.outcome(OutcomeLevel)
		lo.Level, lo.LevelName = lvl, e.rs.Levels[lvl].Name
		s.out = append(s.out, lo)
	}
	return s.out
}

// TickCoop expires the co-op quests whose deadline passed, telling every
// member, and forgets those whose launch TickOrg forgot. Call it after
// TickOrg; it reports whether it changed o.
func (e *Engine) TickCoop(o *OrgState, tk Tick) (out []Outcome, changed bool) {
	if o == nil || len(o.Coop) == 0 {
		return nil, false
	}
	members := make(map[string][]string, len(o.Launched))
	for i := range o.Launched {
		if o.Launched[i].Coop {
			members[o.Launched[i].ID] = o.Launched[i].Agents
		}
	}
	for _, id := range slices.Sorted(maps.Keys(o.Coop)) {
		cs := o.Coop[id]
		agents, launched := members[id]
		if !launched {
			delete(o.Coop, id)
			changed = true
			continue
		}
		if cs.Status != StatusActive || tk.Time.Before(cs.Deadline) {
			continue
		}
		cs.Status = StatusExpired
		o.Coop[id] = cs
		changed = true
		ch := e.challenge(cs.Challenge)
		if ch == nil {
			ch = &challenge{Challenge: Challenge{ID: cs.Challenge, Name: cs.Challenge}}
		}
		s := &step{e: e, a: &AgentState{}, tick: tk.ID}
		for _, m := range agents {
			s.a.ID = m
			s.coopOutcome(ch, &cs, m, StatusExpired)
		}
		out = append(out, s.out...)
	}
	return out, changed
}

// payOwed pays, in a World, every member a co-op completion left owed.
func (e *Engine) payOwed(w *World, out []Outcome) []Outcome {
	for _, id := range w.Org.CoopOwed() {
		a := w.Agents[id]
		if a == nil {
			a = &AgentState{ID: id}
			w.Agents[id] = a
		}
		var t *TeamState
		if a.Team != "" {
			if t = w.Teams[a.Team]; t == nil {
				t = &TeamState{ID: a.Team}
				w.Teams[a.Team] = t
			}
		}
		out = append(out, e.PayCoop(&w.Org, a, t)...)
	}
	return out
}

// CoopSummary is a co-op quest as its members see it: the shared instance,
// who is in it and each one's part.
type CoopSummary struct {
	Members []string           `json:"members"`
	Shares  map[string]float64 `json:"shares"`
}

// CoopOf returns the shared instance of co-op launch id and its members.
func (o *OrgState) CoopOf(id string) (ChallengeState, []string, bool) {
	if o == nil {
		return ChallengeState{}, nil, false
	}
	cs, ok := o.Coop[id]
	if !ok {
		return cs, nil, false
	}
	for i := range o.Launched {
		if o.Launched[i].ID == id {
			return cs, o.Launched[i].Agents, true
		}
	}
	return cs, nil, false
}
