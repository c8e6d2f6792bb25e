package projection

import (
	"fmt"
	"maps"
	"slices"
	"sort"

	"scorecast/scoring"
	"scorecast/server/store"
	"scorecast/shared"
)

// MaxRecent bounds the in-memory set of event ids applied in this run; older
// ones are found in the store's processed-event index.
const MaxRecent = 100_000

// rankKey names one leaderboard instance: a board in one period's key.
type rankKey struct {
	board, period, key string
}

// Org is the in-memory state of one tenant. Its methods that change it are
// the projector's, called with the State locked for writing.
type Org struct {
	id        string
	engine    *scoring.Engine
	boards    []scoring.BoardSpec
	agents    map[string]*store.AgentRecord
	teams     map[string]*store.TeamRecord
	profiles  map[string]store.Profile
	teamNames map[string]string
	// supervisors names the users who supervise each team.
	supervisors map[string][]string
	members     map[string]map[string]struct{} // team -> agent ids
	ranks       map[rankKey]*scoring.Board
	recent      map[string]struct{} // event ids applied in this run, see remember
	older       map[string]struct{}
	version     int             // the ruleset version in force
	rules       scoring.Ruleset // its rules, for names; never mutated
	// rec is the org-wide record: launched challenges and the vocabulary
	// seen; types and metrics index its lists.
	rec     *store.OrgRecord
	types   map[string]bool
	metrics map[string]bool
	// problems counts rule evaluations that failed, by rule, since start.
	problems map[string]*RuleProblem
	// people are photos' hashes and consent by user; teamColors the
	// teams' colours; settings the org's record (see people.go).
	people     map[string]store.Person
	teamColors map[string]string
	settings   store.Org
	// rw is the org's recognition and rewards (see rewards.go).
	rw *orgRewards
	// qz is the org's quizzes and results (see quizzes.go).
	qz *orgQuizzes
}

// ID is the org's id.
func (o *Org) ID() string { return o.id }

// Engine is the scoring engine of the ruleset in force.
func (o *Org) Engine() *scoring.Engine { return o.engine }

// Record is the org-wide record: launched challenges and the vocabulary
// seen.
func (o *Org) Record() *store.OrgRecord { return o.rec }

// Boards are the boards of the ruleset in force.
func (o *Org) Boards() []scoring.BoardSpec { return o.boards }

// AgentIDs are the ids of the agents with a state, in order.
func (o *Org) AgentIDs() []string { return slices.Sorted(maps.Keys(o.agents)) }

// TeamIDs are the ids of the teams with a state, in order.
func (o *Org) TeamIDs() []string { return slices.Sorted(maps.Keys(o.teams)) }

// RuleProblem is how often one rule failed to evaluate (a missing metric, a
// metric of the wrong type) and the last time it did.
type RuleProblem struct {
	Rule    string `json:"rule"`
	Count   int64  `json:"count"`
	Message string `json:"message"`
	Event   string `json:"event"`
	Seq     uint64 `json:"seq"`
	Version int    `json:"version"`
}

// maxProblems bounds the rules tracked; a ruleset has far fewer.
const maxProblems = 1000

func (o *Org) RuleError(oc scoring.Outcome, seq uint64) {
	if o.problems == nil {
		o.problems = map[string]*RuleProblem{}
	}
	rp := o.problems[oc.Rule]
	if rp == nil {
		if len(o.problems) >= maxProblems {
			return
		}
		rp = &RuleProblem{Rule: oc.Rule}
		o.problems[oc.Rule] = rp
	}
	rp.Count++
	rp.Message, rp.Event, rp.Seq, rp.Version = oc.Message, oc.Event, seq, oc.Version
}

// learn records the event's type and metric names; it reports whether any
// was new, so that the record needs writing.
func (o *Org) Learn(ev scoring.Event) bool {
	changed := false
	if !o.types[ev.Type] && len(o.types) < maxVocabulary {
		o.types[ev.Type] = true
		o.rec.Types = append(o.rec.Types, ev.Type)
		changed = true
	}
	note := func(name string) {
		if !o.metrics[name] && len(o.metrics) < maxVocabulary {
			o.metrics[name] = true
			o.rec.Metrics = append(o.rec.Metrics, name)
			changed = true
		}
	}
	for m := range ev.Metrics {
		note(m)
	}
	for a := range ev.Attrs {
		note(a)
	}
	return changed
}

// maxVocabulary bounds the event types and metric names remembered.
const maxVocabulary = 1000

// Compile compiles an org's ruleset version from the store.
func Compile(st *store.Store, org string, version int) (*scoring.Engine, error) {
	rv, err := st.Ruleset(org, version)
	if err != nil {
		return nil, fmt.Errorf("projector: ruleset v%d of org %s: %w", version, org, err)
	}
	eng, err := scoring.Compile(rv.Ruleset, scoring.WithVersion(version))
	if err != nil {
		return nil, fmt.Errorf("projector: compile ruleset v%d of org %s: %w", version, org, err)
	}
	return eng, nil
}

// setEngine puts a ruleset version in force and rebuilds the boards, whose
// definitions may have changed with it.
func (o *Org) SetEngine(eng *scoring.Engine, version int) {
	o.engine, o.version, o.rules = eng, version, eng.Ruleset()
	o.boards = o.rules.Boards
	if len(o.boards) == 0 {
		o.boards = defaultBoards
	}
	clear(o.ranks)
	for _, a := range o.agents {
		o.RankAgent(a)
	}
	for _, t := range o.teams {
		o.RankTeam(t)
	}
}

// defaultBoards are used when a ruleset names none.
var defaultBoards = []scoring.BoardSpec{
	{ID: shared.BoardAgents, Scope: "org", Metric: "points", Periods: []string{shared.PeriodDay, shared.PeriodWeek, shared.PeriodMonth, shared.PeriodAll}},
	{ID: shared.BoardTeams, Scope: "team", Metric: "points", Periods: []string{shared.PeriodDay, shared.PeriodWeek, shared.PeriodMonth, shared.PeriodAll}},
}

func loadOrg(st *store.Store, id string) (*Org, error) {
	version, err := st.ActiveRuleset(id)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		version = 1
	}
	eng, err := Compile(st, id, version)
	if err != nil {
		return nil, err
	}
	o := &Org{
		id:          id,
		agents:      map[string]*store.AgentRecord{},
		teams:       map[string]*store.TeamRecord{},
		profiles:    map[string]store.Profile{},
		teamNames:   map[string]string{},
		supervisors: map[string][]string{},
		members:     map[string]map[string]struct{}{},
		ranks:       map[rankKey]*scoring.Board{},
		recent:      map[string]struct{}{},
	}
	o.SetEngine(eng, version) // no agents yet: nothing to rank
	rec, err := st.OrgRecord(id)
	if err != nil {
		return nil, fmt.Errorf("projector: record of org %s: %w", id, err)
	}
	o.rec, o.types, o.metrics = &rec, map[string]bool{}, map[string]bool{}
	for _, t := range rec.Types {
		o.types[t] = true
	}
	for _, m := range rec.Metrics {
		o.metrics[m] = true
	}
	if err := o.loadPeople(st); err != nil {
		return nil, err
	}
	profiles, err := st.Profiles(id)
	if err != nil {
		return nil, fmt.Errorf("projector: roster of org %s: %w", id, err)
	}
	for _, pr := range profiles {
		o.profiles[pr.ID] = pr
	}
	teams, err := st.TeamProfiles(id)
	if err != nil {
		return nil, fmt.Errorf("projector: teams of org %s: %w", id, err)
	}
	for _, t := range teams {
		o.teamNames[t.ID] = t.Name
		o.supervisors[t.ID] = t.Supervisors
	}
	agents, err := st.Agents(id)
	if err != nil {
		return nil, fmt.Errorf("projector: agents of org %s: %w", id, err)
	}
	for i := range agents {
		a := &agents[i]
		o.agents[a.State.ID] = a
		o.join(a.State.Team, a.State.ID)
		o.RankAgent(a)
	}
	for _, pr := range o.profiles {
		if _, ok := o.agents[pr.ID]; !ok && pr.Team != "" {
			o.join(pr.Team, pr.ID)
		}
	}
	tstates, err := st.Teams(id)
	if err != nil {
		return nil, fmt.Errorf("projector: team states of org %s: %w", id, err)
	}
	for i := range tstates {
		t := &tstates[i]
		o.teams[t.State.ID] = t
		o.RankTeam(t)
	}
	if o.rw, err = loadRewards(st, id); err != nil {
		return nil, err
	}
	if o.qz, err = loadQuizzes(st, id); err != nil {
		return nil, err
	}
	return o, nil
}

// applied reports whether an event id was applied in this run (its batch
// may not be committed yet, so the store cannot tell).
func (o *Org) Applied(id string) bool {
	if _, ok := o.recent[id]; ok {
		return true
	}
	_, ok := o.older[id]
	return ok
}

// remember notes an applied event id. The ids are kept in two generations
// of MaxRecent, so the latest MaxRecent are always known, committed or not.
func (o *Org) Remember(id string) {
	if len(o.recent) >= MaxRecent {
		o.older, o.recent = o.recent, make(map[string]struct{}, MaxRecent)
	}
	o.recent[id] = struct{}{}
}

// agent returns an agent's record, creating it on first sight.
func (o *Org) Agent(id string) *store.AgentRecord {
	if a, ok := o.agents[id]; ok {
		return a
	}
	a := &store.AgentRecord{Org: o.id, State: scoring.AgentState{ID: id, Periods: map[string]scoring.Totals{}}}
	if pr, ok := o.profiles[id]; ok {
		a.State.Team = pr.Team
	}
	o.agents[id] = a
	o.join(a.State.Team, id)
	return a
}

func (o *Org) Team(id string) *store.TeamRecord {
	if t, ok := o.teams[id]; ok {
		return t
	}
	t := &store.TeamRecord{Org: o.id, State: scoring.TeamState{ID: id, Periods: map[string]scoring.Totals{}}}
	o.teams[id] = t
	return t
}

func (o *Org) join(team, agent string) {
	if team == "" {
		return
	}
	m := o.members[team]
	if m == nil {
		m = map[string]struct{}{}
		o.members[team] = m
	}
	m[agent] = struct{}{}
}

// moveAgent records a team change that an event announced.
func (o *Org) MoveAgent(a *store.AgentRecord, team string) {
	if m := o.members[a.State.Team]; m != nil {
		delete(m, a.State.ID)
	}
	o.join(team, a.State.ID)
}

// touchAgent stamps the periods whose totals changed with seq and keeps
// the agent's daily points; rankBatch places the agent on the boards.
func (o *Org) TouchAgent(a *store.AgentRecord, before map[string]scoring.Totals, seq uint64) {
	a.Reached = stamp(a.Reached, before, a.State.Periods, seq)
	if day, ok := a.State.Periods["day"]; ok && day.Key != "" {
		a.Daily = recordDay(a.Daily, day)
	}
}

func (o *Org) TouchTeam(t *store.TeamRecord, before map[string]scoring.Totals, seq uint64) {
	t.Reached = stamp(t.Reached, before, t.State.Periods, seq)
}

// Rank puts the agents and teams a batch changed in their places on the
// boards, once each however many of their events the batch holds: a place
// depends only on the final points, the sequence that reached them and the
// id, so this orders exactly as ranking after every event would. Called
// with the State locked for writing.
func (p *State) Rank(b *store.Batch) {
	for _, a := range b.Agents {
		if o, ok := p.orgs[a.Org]; ok {
			o.RankAgent(a)
		}
	}
	for _, t := range b.Teams {
		if o, ok := p.orgs[t.Org]; ok {
			o.RankTeam(t)
		}
	}
}

func stamp(reached map[string]uint64, before, after map[string]scoring.Totals, seq uint64) map[string]uint64 {
	if reached == nil {
		reached = map[string]uint64{}
	}
	for p, now := range after {
		if was, ok := before[p]; !ok || was.Key != now.Key || was.Points != now.Points {
			reached[p] = seq
		}
	}
	return reached
}

func (o *Org) RankAgent(a *store.AgentRecord) {
	o.rank("org", a.State.ID, a.State.Periods, a.Reached)
}

func (o *Org) RankTeam(t *store.TeamRecord) {
	o.rank("team", t.State.ID, t.State.Periods, t.Reached)
}

func (o *Org) rank(scope, id string, periods map[string]scoring.Totals, reached map[string]uint64) {
	for _, b := range o.boards {
		if b.Scope != scope {
			continue
		}
		for _, p := range b.Periods {
			tot, ok := periods[p]
			if !ok {
				continue
			}
			k := rankKey{b.ID, p, tot.Key}
			r := o.ranks[k]
			if r == nil {
				r = scoring.NewBoard()
				o.ranks[k] = r
			}
			r.Set(id, tot.Points, reached[p])
		}
	}
}

// board returns the board definition with id.
func (o *Org) board(id string) (scoring.BoardSpec, bool) {
	for _, b := range o.boards {
		if b.ID == id {
			return b, true
		}
	}
	return scoring.BoardSpec{}, false
}

// recordDay puts a day's totals into the daily series, keeping it sorted by
// day and at most store.MaxDaily long.
func recordDay(daily []scoring.Totals, day scoring.Totals) []scoring.Totals {
	i := sort.Search(len(daily), func(i int) bool { return daily[i].Key >= day.Key })
	switch {
	case i < len(daily) && daily[i].Key == day.Key:
		// The day's entry is rewritten on every event of the day: its
		// categories' map is refilled rather than made again.
		daily[i] = scoring.Totals{Key: day.Key, Points: day.Points, Categories: refill(daily[i].Categories, day.Categories)}
	default:
		daily = slices.Insert(daily, i, scoring.Totals{Key: day.Key, Points: day.Points, Categories: maps.Clone(day.Categories)})
	}
	if len(daily) > store.MaxDaily {
		daily = daily[len(daily)-store.MaxDaily:]
	}
	return daily
}
