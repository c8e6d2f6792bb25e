package scoring

import "time"

// AgentSummary is what an agent's own view shows beyond points: every badge
// with the way to its next tier, streaks, and the challenges open now.
type AgentSummary struct {
	Agent      string             `json:"agent"`
	Level      LevelInfo          `json:"level"`
	Badges     []BadgeSummary     `json:"badges"`
	Streaks    []StreakSummary    `json:"streaks"`
	Challenges []ChallengeSummary `json:"challenges"`
}

// BadgeSummary is one badge of the ruleset as one agent holds it.
type BadgeSummary struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	Tier        int     `json:"tier"` // 0: not earned yet (in this period, for a repeatable badge)
	TierName    string  `json:"tier_name,omitempty"`
	Best        int     `json:"best"`
	Awards      int     `json:"awards"`
	Value       float64 `json:"value"`               // the criterion's value now
	NextTier    string  `json:"next_tier,omitempty"` // empty at the top tier
	NextMin     float64 `json:"next_min,omitempty"`
}

// StreakSummary is a streak as of the time asked about.
type StreakSummary struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Current int    `json:"current"` // 0 when it is broken by now
	Best    int    `json:"best"`
	Last    string `json:"last,omitempty"`
	Freezes int    `json:"freezes,omitempty"`     // freezes held
	MaxHeld int    `json:"max_freezes,omitempty"` // at most this many (0: the streak has none)
}

// ChallengeSummary is one challenge open for the agent now, started or not.
type ChallengeSummary struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Instance    string    `json:"instance"`
	Progress    float64   `json:"progress"`
	Target      float64   `json:"target"`
	Adaptive    bool      `json:"adaptive,omitempty"`
	Status      string    `json:"status"`
	Deadline    time.Time `json:"deadline"`
	Reward      Reward    `json:"reward"`
	// Coop is set for a co-op quest: its members and their parts; Progress
	// is then the group's.
	Coop *CoopSummary `json:"coop,omitempty"`
}

// Describe summarises a's badges, streaks and challenges as of now (the
// caller's clock; the engine has none). o may be nil; with it, ad hoc
// challenges launched for the agent are listed too.
func (e *Engine) Describe(a *AgentState, o *OrgState, now time.Time) AgentSummary {
	var sum AgentSummary
	e.DescribeInto(&sum, a, o, now)
	return sum
}

// DescribeInto is Describe into sum, whose lists' memory it reuses: the
// server describes an agent for every message on the agent's topic. What
// sum held before is overwritten.
func (e *Engine) DescribeInto(sum *AgentSummary, a *AgentState, o *OrgState, now time.Time) {
	if a == nil {
		a = &AgentState{}
	}
	k := e.keys(now)
	*sum = AgentSummary{Agent: a.ID, Level: e.LevelFor(a.XP), Badges: reuse(sum.Badges, len(e.badges)),
		Streaks: reuse(sum.Streaks, len(e.streaks)), Challenges: reuse(sum.Challenges, len(e.chals))}
	streakNow := func(st *streak) StreakState {
		ss := a.Streaks[st.ID]
		if ss.Current > 0 && st.Unit != UnitShift && !alive(o, a.ID, st, &ss, k.k[pDay]) {
			ss.Current = 0
		}
		return ss
	}
	for i := range e.streaks {
		st := &e.streaks[i]
		ss := streakNow(st)
		sum.Streaks = append(sum.Streaks, StreakSummary{ID: st.ID, Name: st.Name, Current: ss.Current, Best: ss.Best, Last: ss.Last,
			Freezes: ss.Freezes})
		if st.Freezes != nil {
			sum.Streaks[len(sum.Streaks)-1].MaxHeld = st.Freezes.MaxHeld
		}
	}
	for i := range e.badges {
		b := &e.badges[i]
		bs := a.Badges[b.ID]
		var value float64
		instance := ""
		switch b.src {
		case srcCounter:
			value = countValue(a.Counters, &e.counters[b.ref], b.period, k.k[b.period])
			instance = k.k[b.period]
		case srcPoints:
			t := Current(a.Periods, periodNames[b.period], k.k[b.period])
			value = float64(t.Points)
			if b.Points != "*" {
				value = float64(t.Categories[b.Points])
			}
			instance = k.k[b.period]
		case srcStreak:
			ss := streakNow(&e.streaks[b.ref])
			value, instance = float64(ss.Current), ss.Start
		}
		if b.Repeatable && b.src != srcNone && bs.Key != instance {
			bs.Tier = 0
		}
		bsum := BadgeSummary{ID: b.ID, Name: b.Name, Description: b.Description, Tier: bs.Tier, Best: bs.Best,
			Awards: bs.Awards, Value: value}
		if bs.Tier > 0 {
			bsum.TierName = b.tiers[bs.Tier-1].Name
		}
		if bs.Tier < len(b.tiers) {
			bsum.NextTier, bsum.NextMin = b.tiers[bs.Tier].Name, b.tiers[bs.Tier].Min
		}
		sum.Badges = append(sum.Badges, bsum)
	}
	s := &step{e: e, a: a, keys: k}
	for i := range e.chals {
		ch := &e.chals[i]
		if ch.Scope != ScopeAgent || ch.period == pAdhoc || k.k[ch.period] == "" {
			continue
		}
		cs, ok := a.Challenges[ch.ID]
		if !ok || cs.Key != k.k[ch.period] {
			start, end := e.bounds(ch.period, &k)
			cs = ChallengeState{Key: k.k[ch.period], Start: start, Deadline: end, Status: StatusActive}
			cs.Target, cs.Adaptive = s.target(ch, start, end, false)
		}
		sum.Challenges = append(sum.Challenges, chSummary(ch, &cs))
	}
	if o == nil {
		return
	}
	for i := range o.Launched {
		inst := &o.Launched[i]
		ch := e.challenge(inst.Challenge)
		if ch == nil || ch.Scope != ScopeAgent || !inst.includes(a) || now.Before(inst.Start) || !now.Before(inst.Deadline) {
			continue
		}
		if inst.Coop {
			if cs, members, ok := o.CoopOf(inst.ID); ok {
				c := chSummary(ch, &cs)
				c.Coop = &CoopSummary{Members: members, Shares: cs.Shares}
				sum.Challenges = append(sum.Challenges, c)
			}
			continue
		}
		cs, ok := a.Challenges[inst.ID]
		if !ok {
			cs = ChallengeState{Key: inst.ID, Start: inst.Start, Deadline: inst.Deadline, Status: StatusActive, Target: inst.Target}
			if cs.Target <= 0 {
				cs.Target, cs.Adaptive = s.target(ch, inst.Start, inst.Deadline, false)
			}
		}
		sum.Challenges = append(sum.Challenges, chSummary(ch, &cs))
	}
}

func chSummary(ch *challenge, cs *ChallengeState) ChallengeSummary {
	return ChallengeSummary{ID: ch.ID, Name: ch.Name, Description: ch.Description, Instance: cs.Key,
		Progress: cs.Progress, Target: cs.Target, Adaptive: cs.Adaptive, Status: cs.Status, Deadline: cs.Deadline,
		Reward: ch.Reward}
}

// reuse empties list for reuse, or makes one for n: never nil, so an empty
// list encodes as [].
func reuse[T any](list []T, n int) []T {
	if list == nil {
		return make([]T, 0, n)
	}
	clear(list)
	return list[:0]
}
