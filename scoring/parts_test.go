package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// partsRuleset is a small ruleset exercising every part with round numbers.
func partsRuleset() Ruleset {
	return Ruleset{
		Timezone:   "Europe/Stockholm",
		Categories: []string{"quality", "volume"},
		Counters: []Counter{
			{ID: "calls", On: []string{"call.completed"}, Agg: AggCount},
			{ID: "csat", On: []string{"survey.completed"}, Agg: AggAvg, Metric: "csat"},
			{ID: "happy", On: []string{"survey.completed"}, When: "csat >= 4", Agg: AggCount},
			{ID: "talk", On: []string{"call.completed"}, Agg: AggSum, Metric: "seconds", Periods: []string{"day", "all"}},
		},
		PointRules: []PointRule{
			{ID: "call", On: "call.completed", Points: "1", Category: "volume"},
			{ID: "happy", On: "survey.completed", When: "csat >= 4", Points: "10", Category: "quality"},
		},
		Levels: []Level{{Name: "One", XP: 0}, {Name: "Two", XP: 1000}},
		Badges: []Badge{
			{ID: "caller", Name: "Caller", Counter: "calls", Tiers: []Tier{{Name: "Bronze", Min: 2}, {Name: "Silver", Min: 4}, {Name: "Gold", Min: 6}}},
			{ID: "busy_day", Name: "Busy day", Counter: "calls", Period: "day", Repeatable: true, Tiers: []Tier{{Name: "Busy", Min: 3}}},
			{ID: "steady", Name: "Steady", Streak: "happy_days", Tiers: []Tier{{Name: "Bronze", Min: 3}, {Name: "Silver", Min: 7}}},
			{ID: "quality_week", Name: "Quality week", Points: "quality", Period: "week", Tiers: []Tier{{Name: "Good", Min: 30}}},
			{ID: "winner", Name: "Winner", Repeatable: true},
		},
		Streaks: []Streak{{ID: "happy_days", Name: "Happy days", Counter: "happy", Min: 1, Allowance: 1}},
		Challenges: []Challenge{
			{ID: "daily_calls", Name: "Daily calls", Scope: ScopeAgent, Period: PeriodDay, Counter: "calls", Target: 3,
				Reward: Reward{Points: 50, Category: "volume", Badge: "winner"}},
			{ID: "adaptive_calls", Name: "Beat your usual", Scope: ScopeAgent, Period: PeriodDay, Counter: "calls", Target: 2,
				Adaptive: &Adaptive{Factor: 1.5, MinDays: 3}},
			{ID: "team_calls", Name: "Team calls", Scope: ScopeTeam, Period: PeriodWeek, Counter: "calls", Target: 4,
				Reward: Reward{Points: 100, Category: "volume"}},
			{ID: "blitz", Name: "Blitz", Scope: ScopeAgent, Period: PeriodAdhoc, Counter: "calls", Target: 2,
				Reward: Reward{Points: 7, Category: "volume"}},
		},
		TeamGoals: []TeamGoal{{ID: "team_happy", Name: "Team happy", Counter: "happy", Period: PeriodWeek, Target: 3}},
		Seasons: []Season{
			{ID: "autumn", Name: "Autumn", From: "2026-09-01", To: "2026-10-31"},
			{ID: "winter", Name: "Winter", From: "2026-11-02", To: "2027-02-28"},
		},
	}
}

func ev(id, typ, agent, when string, metrics map[string]any) Event {
	return Event{ID: id, Type: typ, Agent: agent, Time: at(when), Metrics: metrics}
}

func only(out []Outcome, kind string) []Outcome { return kinds(out, kind) }

func TestCountersAgentAndTeam(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	a, team := &AgentState{}, &TeamState{ID: "north"}
	b := &AgentState{}
	e.Apply(a, team, ev("1", "call.completed", "a", "2026-11-24T08:00:00Z", map[string]any{"seconds": 100.0}))
	e.Apply(a, team, ev("2", "call.completed", "a", "2026-11-24T09:00:00Z", map[string]any{"seconds": 50.0}))
	e.Apply(b, team, ev("3", "call.completed", "b", "2026-11-24T09:00:00Z", nil)) // no seconds: counted by calls only
	e.Apply(a, team, ev("4", "survey.completed", "a", "2026-11-24T10:00:00Z", map[string]any{"csat": 5.0}))
	e.Apply(a, team, ev("5", "survey.completed", "a", "2026-11-24T11:00:00Z", map[string]any{"csat": 2.0}))

	assert.Equal(t, Count{Key: "2026-11-24", N: 2, Sum: 2, Min: 1, Max: 1}, a.Counters["calls"]["day"])
	assert.Equal(t, Count{Key: "winter", N: 2, Sum: 2, Min: 1, Max: 1}, a.Counters["calls"]["season"])
	assert.Equal(t, 150.0, a.Counters["talk"]["day"].Value(AggSum))
	assert.NotContains(t, a.Counters["talk"], "week", "only the periods asked for are kept")
	assert.Equal(t, 3.5, a.Counters["csat"]["week"].Value(AggAvg))
	assert.Equal(t, 2.0, a.Counters["csat"]["week"].Value(AggMin))
	assert.Equal(t, 1.0, a.Counters["happy"]["all"].Value(AggCount))
	assert.Equal(t, 3.0, team.Counters["calls"]["week"].Value(AggCount), "the team counts every member")
	assert.Equal(t, 100.0+50, team.Counters["talk"]["all"].Value(AggSum))

	// A metric of the wrong type is a rule error for that counter only.
	out := e.Apply(a, nil, Event{ID: "6", Type: "call.completed", Agent: "a", Time: at("2026-11-24T12:00:00Z"),
		Metrics: map[string]any{"seconds": "long"}})
	errs := only(out, OutcomeRuleError)
	require.Len(t, errs, 1)
	assert.Equal(t, "counter:talk", errs[0].Rule)
	assert.Equal(t, 3.0, a.Counters["calls"]["day"].Value(AggCount))
}

func TestSeasons(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	a := &AgentState{}
	e.Apply(a, nil, ev("1", "survey.completed", "a", "2026-10-30T10:00:00Z", map[string]any{"csat": 5.0}))
	assert.Equal(t, Totals{Key: "autumn", Points: 10, Categories: map[string]int64{"quality": 10}}, a.Periods["season"])
	// 1 November is between seasons: no season totals move, all-time does.
	e.Apply(a, nil, ev("2", "survey.completed", "a", "2026-11-01T10:00:00Z", map[string]any{"csat": 5.0}))
	assert.Equal(t, "autumn", a.Periods["season"].Key)
	assert.Equal(t, int64(10), a.Periods["season"].Points)
	assert.Equal(t, "", e.PeriodKey("season", at("2026-11-01T10:00:00Z")))
	// Winter starts at zero; autumn stays readable.
	e.Apply(a, nil, ev("3", "survey.completed", "a", "2026-11-02T10:00:00Z", map[string]any{"csat": 5.0}))
	assert.Equal(t, Totals{Key: "winter", Points: 10, Categories: map[string]int64{"quality": 10}}, a.Periods["season"])
	assert.Equal(t, int64(10), a.Seasons["autumn"].Points)
	assert.Equal(t, int64(30), a.Periods["all"].Points)
	// A late autumn event counts only toward all time.
	e.Apply(a, nil, ev("4", "survey.completed", "a", "2026-10-15T10:00:00Z", map[string]any{"csat": 5.0}))
	assert.Equal(t, int64(10), a.Periods["season"].Points)
	assert.Equal(t, int64(10), a.Seasons["autumn"].Points)
	assert.Equal(t, int64(40), a.XP)
}
