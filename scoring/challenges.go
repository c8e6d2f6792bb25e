package scoring

import (
	"math"
	"sort"
	"time"
)

// challenges moves every challenge and team goal this event concerns:
// periodic agent challenges, periodic team challenges, team goals, then the
// ad hoc challenges launched in the org, each in ruleset or launch order.
func (s *step) challenges() {
	e := s.e
	for ci := range e.chals {
		ch := &e.chals[ci]
		if ch.period == pAdhoc {
			continue
		}
		if ch.Scope == ScopeAgent {
			s.a.Challenges = s.periodic(s.a.Challenges, ch, false)
		} else if s.t != nil {
			s.t.Challenges = s.periodic(s.t.Challenges, ch, true)
		}
	}
	if s.t != nil {
		for gi := range e.goals {
			s.t.Goals = s.goal(s.t.Goals, &e.goals[gi])
		}
	}
	if s.o == nil {
		return
	}
	for i := range s.o.Launched {
		inst := &s.o.Launched[i]
		ch := e.challenge(inst.Challenge)
		if ch == nil || s.ev.Time.Before(inst.Start) || !s.ev.Time.Before(inst.Deadline) {
			continue
		}
		switch {
		case ch.Scope == ScopeTeam && s.t != nil && inst.Team == s.t.ID:
			s.t.Challenges = s.adhoc(s.t.Challenges, ch, inst, true)
		case inst.Coop:
			if inst.includes(s.a) {
				s.coop(ch, inst)
			}
		case ch.Scope == ScopeAgent && inst.includes(s.a):
			s.a.Challenges = s.adhoc(s.a.Challenges, ch, inst, false)
		}
	}
}

func (e *Engine) challenge(id string) *challenge {
	for i := range e.chals {
		if e.chals[i].ID == id {
			return &e.chals[i]
		}
	}
	return nil
}

// periodic keeps the instance of the current period: the first event of a
// later period that adds to the counter expires the old instance and starts
// a new one. Starting lazily keeps an idle agent's state and outcomes
// empty; Describe shows the challenge before it starts.
func (s *step) periodic(m map[string]ChallengeState, ch *challenge, team bool) map[string]ChallengeState {
	key := s.keys.k[ch.period]
	if _, ok := s.contribution(ch.counter); !ok || key == "" {
		return m // nothing to add, or no season now
	}
	cs, ok := m[ch.ID]
	if !ok || s.e.newer(ch.period, key, cs.Key) {
		if ok && cs.Status == StatusActive {
			s.chOutcome(ch, &cs, StatusExpired, team)
		}
		start, end := s.e.bounds(ch.period, &s.keys)
		cs = ChallengeState{Challenge: ch.ID, Key: key, Start: start, Deadline: end, Status: StatusActive, Version: s.e.version}
		cs.Target, cs.Adaptive = s.target(ch, start, end, team)
	}
	if cs.Key == key {
		s.progress(ch, &cs, team)
	}
	if m == nil {
		m = make(map[string]ChallengeState)
	}
	m[ch.ID] = cs
	return m
}

// adhoc starts an agent's (or team's) instance of a launched challenge on
// its first event inside the launch's window, then moves it.
func (s *step) adhoc(m map[string]ChallengeState, ch *challenge, inst *ChallengeInstance, team bool) map[string]ChallengeState {
	if _, ok := s.contribution(ch.counter); !ok {
		return m
	}
	cs, ok := m[inst.ID]
	if !ok {
		cs = ChallengeState{Challenge: ch.ID, Key: inst.ID, Start: inst.Start, Deadline: inst.Deadline,
			Status: StatusActive, Version: inst.Version, Target: inst.Target}
		if cs.Target <= 0 {
			cs.Target, cs.Adaptive = s.target(ch, inst.Start, inst.Deadline, team)
		}
	}
	s.progress(ch, &cs, team)
	if m == nil {
		m = make(map[string]ChallengeState)
	}
	m[inst.ID] = cs
	return m
}

// contribution returns what this event added to counter i.
func (s *step) contribution(i int) (float64, bool) {
	for _, c := range s.contrib {
		if c.counter == i {
			return c.value, true
		}
	}
	return 0, false
}

// progress adds the event to an active instance inside its window and pays
// the reward when the target is reached.
func (s *step) progress(ch *challenge, cs *ChallengeState, team bool) {
	v, ok := s.contribution(ch.counter)
	if !ok || cs.Status != StatusActive || !inWindow(cs, s.ev.Time) {
		return
	}
	k := &s.e.counters[ch.counter]
	cs.Value.add(v)
	cs.Progress = cs.Value.Value(k.agg)
	if team {
		cs.Shares = share(cs.Shares, s.a.ID, k, v)
	}
	if cs.Progress < cs.Target {
		s.chOutcome(ch, cs, StatusProgress, team)
		return
	}
	cs.Status, cs.Event = StatusCompleted, s.ev.ID
	s.chOutcome(ch, cs, StatusCompleted, team)
	r := ch.Reward
	if r.Points != 0 {
		if team {
			s.e.credit(s.t.Periods, &s.keys, []earned{{category: r.Category, points: r.Points}})
			o := s.outcome(OutcomePoints)
			o.Agent, o.Rule, o.Category, o.Points = "", "challenge:"+ch.ID, r.Category, r.Points
			s.out = append(s.out, o)
		} else {
			s.award("challenge:"+ch.ID, r.Category, r.Points, 0) // credited to the agent and the team with the rules' awards
		}
	}
	if r.Coins > 0 && team {
		s.memberCoins(cs.Shares, r.Coins, func(o *Outcome) {
			o.Challenge, o.Name, o.Instance, o.Status = ch.ID, ch.Name, cs.Key, StatusCompleted
		})
	}
	if ch.rewardBadge >= 0 {
		s.grantBadge(ch.rewardBadge, team)
	}
}

// share adds a member's part: what they added for count and sum, the
// number of their events for the other aggregations.
func share(m map[string]float64, agent string, k *counter, v float64) map[string]float64 {
	if m == nil {
		m = make(map[string]float64)
	}
	if k.agg == AggCount || k.agg == AggSum {
		m[agent] += v
	} else {
		m[agent]++
	}
	return m
}

func inWindow(cs *ChallengeState, t time.Time) bool {
	return (cs.Start.IsZero() || !t.Before(cs.Start)) && (cs.Deadline.IsZero() || t.Before(cs.Deadline))
}

func (s *step) chOutcome(ch *challenge, cs *ChallengeState, status string, team bool) {
	o := s.outcome(OutcomeChallenge)
	o.Challenge, o.Name, o.Instance = ch.ID, ch.Name, cs.Key
	o.Progress, o.Target, o.Status, o.Deadline = cs.Progress, cs.Target, status, cs.Deadline
	if team {
		if s.t != nil {
			o.Team = s.t.ID
		}
		o.Share = cs.Shares[s.a.ID]
	}
	if status == StatusCompleted && (ch.Reward != Reward{}) {
		r := ch.Reward
		o.Reward = &r
		o.Coins = r.Coins // the completing agent's; a team's other members get theirs in coins outcomes
	}
	s.out = append(s.out, o)
}

// goal keeps a team goal's instance for the current period and fills it.
func (s *step) goal(m map[string]GoalState, g *goal) map[string]GoalState {
	key := s.keys.k[g.period]
	v, ok := s.contribution(g.counter)
	if key == "" || !ok {
		return m
	}
	gs, ok := m[g.ID]
	if !ok || s.e.newer(g.period, key, gs.Key) {
		start, end := s.e.bounds(g.period, &s.keys)
		gs = GoalState{Challenge: g.ID, Key: key, Start: start, Deadline: end, Target: g.Target,
			Status: StatusActive, Version: s.e.version}
	}
	if gs.Key != key || !inWindow(&gs, s.ev.Time) {
		if m == nil {
			m = make(map[string]GoalState)
		}
		m[g.ID] = gs
		return m
	}
	k := &s.e.counters[g.counter]
	gs.Value.add(v)
	gs.Progress = gs.Value.Value(k.agg)
	gs.Shares = share(gs.Shares, s.a.ID, k, v)
	status := StatusProgress
	if gs.Status == StatusActive && gs.Progress >= gs.Target {
		gs.Status, gs.Event, status = StatusReached, s.ev.ID, StatusReached
	}
	o := s.outcome(OutcomeGoal)
	o.Goal, o.Name, o.Instance, o.Progress, o.Target = g.ID, g.Name, gs.Key, gs.Progress, gs.Target
	o.Status, o.Deadline, o.Share, o.Team = status, gs.Deadline, gs.Shares[s.a.ID], s.t.ID
	if status == StatusReached {
		o.Coins = g.Coins
	}
	s.out = append(s.out, o)
	if status == StatusReached && g.Coins > 0 {
		s.memberCoins(gs.Shares, g.Coins, func(o *Outcome) {
			o.Goal, o.Name, o.Instance, o.Status = g.ID, g.Name, gs.Key, StatusReached
		})
	}
	if m == nil {
		m = make(map[string]GoalState)
	}
	m[g.ID] = gs
	return m
}

// GoalState is one period instance of a team goal; it has the shape of a
// challenge instance.
type GoalState = ChallengeState

// Defaults of adaptive targets.
const (
	defaultLookback = 28
	defaultMinDays  = 5
	shiftHours      = 8 // an ad hoc challenge shorter than a day gets this share of a day's baseline
)

// target is an instance's target: the challenge's own, or for an adaptive
// one Factor times the agent's baseline over the days worked before the
// instance starts (a week challenge uses weekly totals). With too little
// history the fixed target applies, so a new agent still has a goal.
func (s *step) target(ch *challenge, start, end time.Time, team bool) (float64, bool) {
	ad := ch.Adaptive
	if ad == nil || team {
		return ch.Target, false
	}
	days, minDays := ad.Days, ad.MinDays
	if days == 0 {
		days = defaultLookback
	}
	if minDays == 0 {
		minDays = defaultMinDays
	}
	first := s.e.keys(start)
	to := dayNum(first.k[pDay])
	var daily []float64
	var weeks []float64
	week := ""
	for _, dv := range s.a.History[s.e.counters[ch.counter].id] {
		n := dayNum(dv.Day)
		if n < to-days || n >= to {
			continue
		}
		daily = append(daily, dv.Value)
		if ch.period == pWeek {
			t := time.Date(1970, 1, 1+n, 12, 0, 0, 0, time.UTC)
			y, w := t.ISOWeek()
			if wk := weekKey(y, w); wk != week {
				week = wk
				weeks = append(weeks, 0)
			}
			weeks[len(weeks)-1] += dv.Value
		}
	}
	if len(daily) < minDays {
		return ch.Target, false
	}
	base := stat(daily, ad.Stat)
	switch ch.period {
	case pWeek:
		base = stat(weeks, ad.Stat)
	case pAdhoc:
		hours := end.Sub(start).Hours()
		if hours >= 24 {
			base *= math.Round(hours / 24)
		} else {
			base *= min(hours/shiftHours, 1)
		}
	}
	return max(math.Ceil(base*ad.Factor), ad.Floor, 1), true
}

func stat(values []float64, kind string) float64 {
	if len(values) == 0 {
		return 0
	}
	if kind == "mean" {
		sum := 0.0
		for _, v := range values {
			sum += v
		}
		return sum / float64(len(values))
	}
	v := append([]float64(nil), values...)
	sort.Float64s(v)
	if n := len(v); n%2 == 1 {
		return v[n/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
