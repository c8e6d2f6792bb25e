package scoring

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"
)

// OrgState is what the engine keeps for a whole org: the ad hoc challenges
// supervisors launched. The server persists it as JSON beside agents and
// teams; it changes only through Launch and TickOrg, which the server runs
// from control inputs in the stream, so a replay launches the same
// challenges at the same point.
type OrgState struct {
	Launched []ChallengeInstance `json:"launched,omitempty"` // in launch order
	League   *LeagueState        `json:"league,omitempty"`   // the weekly leagues; nil before the first
	Version  int                 `json:"version,omitempty"`
	// Coop holds the shared instance of each co-op launch, by launch id;
	// Owed the members a completion has not paid yet (see coop.go).
	Coop map[string]ChallengeState `json:"coop,omitempty"`
	Owed []CoopDue                 `json:"owed,omitempty"`
	// Rota is each agent's days off, sick and on holiday (agent → date →
	// kind), changed only by ApplyRota from the stream (freeze.go).
	Rota map[string]map[string]string `json:"rota,omitempty"`
}

// ChallengeInstance is one launch of an ad hoc challenge template.
type ChallengeInstance struct {
	ID        string    `json:"id"`
	Challenge string    `json:"challenge"` // the template's id
	Name      string    `json:"name"`
	Team      string    `json:"team,omitempty"`   // the team it is for
	Agents    []string  `json:"agents,omitempty"` // or these agents; neither means everyone
	Start     time.Time `json:"start"`
	Deadline  time.Time `json:"deadline"`
	Target    float64   `json:"target,omitempty"` // 0: the template's (adaptive per agent if it is)
	By        string    `json:"by,omitempty"`
	Version   int       `json:"version,omitempty"`
	Coop      bool      `json:"coop,omitempty"` // Agents share one instance (see coop.go)
}

// LaunchRequest asks to launch an ad hoc challenge from a template. ID makes
// it idempotent: the server uses the control message's id.
type LaunchRequest struct {
	ID        string    `json:"id"`
	Challenge string    `json:"challenge"`
	Team      string    `json:"team,omitempty"`
	Agents    []string  `json:"agents,omitempty"`
	Start     time.Time `json:"start"`
	Deadline  time.Time `json:"deadline"`
	Target    float64   `json:"target,omitempty"`
	By        string    `json:"by,omitempty"`
	Coop      bool      `json:"coop,omitempty"`
}

// Errors of Launch; the error's text says what is wrong in words a
// supervisor understands.
var (
	ErrInvalidLaunch  = errors.New("scoring: invalid challenge launch")
	ErrLaunchConflict = errors.New("scoring: a different challenge was already launched with this id")
)

const (
	maxLaunched     = 1000
	maxLaunchLength = 92 * 24 * time.Hour
	keepEnded       = maxLookback * 24 * time.Hour // ended launches stay readable this long
)

// Launch records an ad hoc challenge in o. Launching the same request again
// returns the first instance and no error, so a redelivered control message
// is harmless.
func (e *Engine) Launch(o *OrgState, req LaunchRequest) (ChallengeInstance, error) {
	bad := func(msg string) (ChallengeInstance, error) {
		return ChallengeInstance{}, fmt.Errorf("%w: %s", ErrInvalidLaunch, msg)
	}
	if o == nil {
		return bad("no org state")
	}
	ch := e.challenge(req.Challenge)
	switch {
	case !validChars(req.ID, 128, isIDByte):
		return bad("id " + msgID)
	case ch == nil:
		return bad(fmt.Sprintf("%q is not one of the challenges", req.Challenge))
	case ch.period != pAdhoc:
		return bad(fmt.Sprintf("challenge %q renews every %s by itself; only adhoc challenges are launched", ch.ID, ch.Period))
	case ch.Scope == ScopeTeam && req.Team == "":
		return bad("a team challenge needs the team it is for")
	case ch.Scope == ScopeTeam && len(req.Agents) > 0:
		return bad("a team challenge is for a whole team, not for agents")
	case req.Start.IsZero() || req.Deadline.IsZero():
		return bad("start and deadline are required")
	case !req.Deadline.After(req.Start):
		return bad("the deadline must be after the start")
	case req.Deadline.Sub(req.Start) > maxLaunchLength:
		return bad("a challenge may last at most 92 days")
	case !finite(req.Target) || req.Target < 0:
		return bad("the target must be 0 (the template's) or more")
	case len(req.Agents) > 1000:
		return bad("at most 1000 agents")
	}
	if req.Coop {
		if msg := e.checkCoop(ch, &req); msg != "" {
			return bad(msg)
		}
	}
	inst := ChallengeInstance{ID: req.ID, Challenge: ch.ID, Name: ch.Name, Team: req.Team,
		Agents: slices.Clone(req.Agents), Start: req.Start.UTC(), Deadline: req.Deadline.UTC(),
		Target: req.Target, By: req.By, Version: e.version, Coop: req.Coop}
	sort.Strings(inst.Agents)
	for _, old := range o.Launched {
		if old.ID != req.ID {
			continue
		}
		if old.Challenge == inst.Challenge && old.Team == inst.Team && slices.Equal(old.Agents, inst.Agents) &&
			old.Start.Equal(inst.Start) && old.Deadline.Equal(inst.Deadline) && old.Target == inst.Target && old.Coop == inst.Coop {
			return old, nil
		}
		return ChallengeInstance{}, ErrLaunchConflict
	}
	if len(o.Launched) >= maxLaunched {
		return bad("too many challenges are running; wait until some end")
	}
	o.Launched = append(o.Launched, inst)
	o.Version = e.version
	if inst.Coop {
		e.startCoop(o, ch, &o.Launched[len(o.Launched)-1])
	}
	return inst, nil
}

func (c *ChallengeInstance) includes(a *AgentState) bool {
	switch {
	case len(c.Agents) > 0:
		_, found := slices.BinarySearch(c.Agents, a.ID)
		return found
	case c.Team != "":
		return c.Team == a.Team
	}
	return true
}

// Tick is the scheduler's heartbeat in the stream: period rollover, streak
// breaks and challenge deadlines are decided by ticks, never by a clock, so
// a replay decides them the same way. Applying a tick twice changes nothing
// the second time.
type Tick struct {
	ID   string    `json:"id"`
	Time time.Time `json:"time"`
}

// Tick rolls the agent's periods to the tick's, breaks streaks whose
// allowance of missed days ran out, and expires challenges whose deadline
// passed. It reports whether it changed the state: most ticks find nothing
// due for most agents, and a caller that stores state need not store them.
func (e *Engine) Tick(a *AgentState, tk Tick) (out []Outcome, changed bool) {
	return e.TickWith(nil, a, tk)
}

// TickWith is Tick seeing the org's rota in o (nil: none).
func (e *Engine) TickWith(o *OrgState, a *AgentState, tk Tick) (out []Outcome, changed bool) {
	if a == nil {
		return nil, false
	}
	s := &step{e: e, a: a, o: o, tick: tk.ID, keys: e.keys(tk.Time)}
	if a.Periods != nil {
		e.keepLastWeek(a, &s.keys)
		foldBests(a, &s.keys)
		changed = e.roll(a.Periods, &a.Seasons, &s.keys)
	}
	today := dayNum(s.keys.k[pDay])
	for i := range e.streaks {
		st := &e.streaks[i]
		ss, ok := a.Streaks[st.ID]
		if !ok || st.Unit == UnitShift || ss.Current == 0 || today-dayNum(ss.Last)-1 <= st.Allowance+ss.Frozen {
			continue
		}
		if !s.bridge(st, &ss, s.missedDays(ss.Last, s.keys.k[pDay])) {
			s.breakStreak(st, &ss)
		}
		a.Streaks[st.ID] = ss
		changed = true
	}
	if s.expire(a.Challenges, tk.Time, false) {
		changed = true
	}
	return s.out, changed
}

// TickTeam does for a team what Tick does for an agent, and ends team goals
// whose period is over; it reports whether it changed the state.
func (e *Engine) TickTeam(t *TeamState, tk Tick) (out []Outcome, changed bool) {
	if t == nil {
		return nil, false
	}
	s := &step{e: e, a: &AgentState{Team: t.ID}, t: t, tick: tk.ID, keys: e.keys(tk.Time)}
	if t.Periods != nil {
		changed = e.roll(t.Periods, &t.Seasons, &s.keys)
	}
	if s.expire(t.Challenges, tk.Time, true) {
		changed = true
	}
	for _, id := range slices.Sorted(maps.Keys(t.Goals)) {
		gs := t.Goals[id]
		if gs.Status != StatusActive || gs.Deadline.IsZero() || tk.Time.Before(gs.Deadline) {
			continue
		}
		gs.Status = StatusEnded
		t.Goals[id] = gs
		changed = true
		o := s.outcome(OutcomeGoal)
		o.Agent, o.Goal, o.Instance, o.Progress, o.Target, o.Status, o.Deadline = "", id, gs.Key, gs.Progress, gs.Target, StatusEnded, gs.Deadline
		for gi := range e.goals {
			if e.goals[gi].ID == id {
				o.Name = e.goals[gi].Name
			}
		}
		s.out = append(s.out, o)
	}
	return s.out, changed
}

// expire ends active instances whose deadline passed and forgets ended ad
// hoc instances long past, so state stays bounded. It reports whether it
// changed m.
func (s *step) expire(m map[string]ChallengeState, now time.Time, team bool) (changed bool) {
	for _, id := range slices.Sorted(maps.Keys(m)) {
		cs := m[id]
		if cs.Key == id && cs.Status != StatusActive && now.Sub(cs.Deadline) > keepEnded {
			delete(m, id) // an ad hoc instance (keyed by its launch id), long over
			changed = true
			continue
		}
		if cs.Status != StatusActive || cs.Deadline.IsZero() || now.Before(cs.Deadline) {
			continue
		}
		cs.Status = StatusExpired
		m[id] = cs
		changed = true
		ch := s.e.challenge(cs.Challenge)
		if ch == nil {
			ch = &challenge{Challenge: Challenge{ID: cs.Challenge, Name: cs.Challenge}}
		}
		s.chOutcome(ch, &cs, StatusExpired, team)
		if team {
			s.out[len(s.out)-1].Agent = ""
		}
	}
	return changed
}

// TickOrg forgets launches that ended long ago.
func (e *Engine) TickOrg(o *OrgState, tk Tick) {
	if o == nil {
		return
	}
	o.Launched = slices.DeleteFunc(o.Launched, func(c ChallengeInstance) bool {
		return tk.Time.Sub(c.Deadline) > keepEnded
	})
	o.dropRota(tk.Time)
}

// Input is one element of the stream as the engine sees it: exactly one of
// an event, a tick, a launch or a rota change (control messages).
type Input struct {
	Event  *Event         `json:"event,omitempty"`
	Tick   *Tick          `json:"tick,omitempty"`
	Launch *LaunchRequest `json:"launch,omitempty"`
	Rota   *RotaChange    `json:"rota,omitempty"`
}

// World is a whole org's state in memory: what Simulate and tests replay
// into, and a model of what the server keeps in its store.
type World struct {
	Org    OrgState               `json:"org"`
	Agents map[string]*AgentState `json:"agents"`
	Teams  map[string]*TeamState  `json:"teams"`
}

// NewWorld returns an empty world.
func NewWorld() *World {
	return &World{Agents: map[string]*AgentState{}, Teams: map[string]*TeamState{}}
}

// Step applies one input to w the way the server applies it to its store.
// A tick goes to every agent and team in id order, then to the org.
func (e *Engine) Step(w *World, in Input) []Outcome {
	switch {
	case in.Event != nil:
		ev := in.Event
		a := w.Agents[ev.Agent]
		if a == nil {
			a = &AgentState{ID: ev.Agent}
			w.Agents[ev.Agent] = a
		}
		team := ev.Team
		if team == "" {
			team = a.Team
		}
		var t *TeamState
		if team != "" {
			if t = w.Teams[team]; t == nil {
				t = &TeamState{ID: team}
				w.Teams[team] = t
			}
		}
		return e.payOwed(w, e.ApplyOrg(&w.Org, a, t, *ev))
	case in.Tick != nil:
		ids := slices.Sorted(maps.Keys(w.Agents))
		var out []Outcome
		if e.LeagueDue(&w.Org, *in.Tick) {
			// Before the agents' ticks, which roll their weeks away.
			agents := make([]*AgentState, len(ids))
			for i, id := range ids {
				agents[i] = w.Agents[id]
			}
			out = e.TickLeague(&w.Org, *in.Tick, agents)
		}
		for _, id := range ids {
			outs, _ := e.TickWith(&w.Org, w.Agents[id], *in.Tick)
			out = append(out, outs...)
		}
		for _, id := range slices.Sorted(maps.Keys(w.Teams)) {
			outs, _ := e.TickTeam(w.Teams[id], *in.Tick)
			out = append(out, outs...)
		}
		e.TickOrg(&w.Org, *in.Tick)
		outs, _ := e.TickCoop(&w.Org, *in.Tick)
		return append(out, outs...)
	case in.Rota != nil:
		if err := w.Org.ApplyRota(*in.Rota); err != nil {
			return []Outcome{{Kind: OutcomeRuleError, Rule: "rota", Version: e.version, Message: err.Error()}}
		}
	case in.Launch != nil:
		inst, err := e.Launch(&w.Org, *in.Launch)
		if err != nil {
			return []Outcome{{Kind: OutcomeRuleError, Rule: "launch:" + in.Launch.ID, Version: e.version, Message: err.Error()}}
		}
		o := Outcome{Kind: OutcomeChallenge, Team: inst.Team, Version: e.version, Challenge: inst.Challenge,
			Name: inst.Name, Instance: inst.ID, Target: inst.Target, Status: StatusStarted, Deadline: inst.Deadline}
		return []Outcome{o}
	}
	return nil
}
