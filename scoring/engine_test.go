package scoring

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func event(id, typ, when string, metrics map[string]any) Event {
	return Event{ID: id, Type: typ, Agent: "a-17", Time: at(when), Metrics: metrics}
}

// kinds keeps the outcomes of the given kinds, in order.
func kinds(out []Outcome, ks ...string) []Outcome {
	var keep []Outcome
	for _, o := range out {
		for _, k := range ks {
			if o.Kind == k {
				keep = append(keep, o)
			}
		}
	}
	return keep
}

// pointsOf sums the points outcomes and returns them by rule.
func pointsOf(out []Outcome) map[string]int64 {
	m := map[string]int64{}
	for _, o := range out {
		if o.Kind == OutcomePoints {
			m[o.Rule] += o.Points
		}
	}
	return m
}

func TestApplyPointsAndCategories(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	a := &AgentState{}
	team := &TeamState{ID: "t-north"}
	ev := event("zd-1", "ticket.solved", "2026-11-24T09:41:07Z",
		map[string]any{"csat": 5.0, "handle_seconds": 412.0, "first_contact_resolution": true})
	ev.Team = "t-north"
	out := kinds(e.Apply(a, team, ev), OutcomePoints)

	assert.Equal(t, []Outcome{
		{Kind: "points", Agent: "a-17", Team: "t-north", Event: "zd-1", Rule: "ticket.solved", Category: "volume", Points: 10},
		{Kind: "points", Agent: "a-17", Team: "t-north", Event: "zd-1", Rule: "ticket.first_contact_resolution", Category: "quality", Points: 20},
		{Kind: "points", Agent: "a-17", Team: "t-north", Event: "zd-1", Rule: "ticket.csat", Category: "quality", Points: 30, Coins: 1},
	}, out)
	assert.Equal(t, "a-17", a.ID)
	assert.Equal(t, "t-north", a.Team)
	assert.Equal(t, int64(60), a.XP)
	assert.Equal(t, int64(1), a.Events)
	cats := map[string]int64{"volume": 10, "quality": 50}
	assert.Equal(t, map[string]Totals{
		"day":   {Key: "2026-11-24", Points: 60, Categories: cats},
		"week":  {Key: "2026-W48", Points: 60, Categories: cats},
		"month": {Key: "2026-11", Points: 60, Categories: cats},
		"all":   {Key: "all", Points: 60, Categories: cats},
	}, a.Periods)
	assert.Equal(t, a.Periods, team.Periods)
	assert.Equal(t, map[string]Totals{"ticket.solved": {Key: "2026-11-24", Points: 10}}, a.Caps)
}

func TestApplyUnknownTypeStillCounts(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	a := &AgentState{}
	assert.Empty(t, e.Apply(a, nil, event("x", "crm.login", "2026-11-24T09:00:00Z", nil)))
	assert.Equal(t, int64(1), a.Events)
	assert.Equal(t, "2026-11-24", a.Periods["day"].Key)
}

func TestApplyAgentMismatch(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	a := &AgentState{ID: "someone-else"}
	out := e.Apply(a, nil, event("x", "ticket.solved", "2026-11-24T09:00:00Z", nil))
	require.Len(t, out, 1)
	assert.Equal(t, OutcomeRuleError, out[0].Kind)
	assert.Equal(t, AgentState{ID: "someone-else"}, *a, "state must be untouched")
	assert.Equal(t, OutcomeRuleError, e.Apply(nil, nil, event("x", "t", "2026-11-24T09:00:00Z", nil))[0].Kind)
}

func TestApplyCaps(t *testing.T) {
	rs := DefaultRuleset()
	rs.PointRules = []PointRule{
		{ID: "capped", On: "x", Points: "10", Category: "volume", Cap: &Cap{Period: "day", Max: 25}},
		{ID: "uncapped", On: "x", Points: "1", Category: "quality"},
		{ID: "weekly", On: "y", Points: "40", Category: "learning", Cap: &Cap{Period: "week", Max: 100}},
	}
	e := mustCompile(t, rs)
	a := &AgentState{}
	var got []int64
	for i, when := range []string{"2026-11-24T08:00:00Z", "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z"} {
		out := e.Apply(a, nil, event("e"+string(rune('0'+i)), "x", when, nil))
		got = append(got, pointsOf(out)["capped"])
		assert.Equal(t, int64(1), pointsOf(out)["uncapped"], "an exhausted cap does not stop other rules")
	}
	assert.Equal(t, []int64{10, 10, 5, 0}, got, "third award is partial, fourth gives no outcome")
	assert.Equal(t, int64(29), a.XP)

	// 23:30Z on the 24th is 00:30 on the 25th in Stockholm: a new cap window.
	out := e.Apply(a, nil, event("e9", "x", "2026-11-24T23:30:00Z", nil))
	assert.Equal(t, int64(10), pointsOf(out)["capped"])
	assert.Equal(t, Totals{Key: "2026-11-25", Points: 10}, a.Caps["capped"])

	// A late event cannot sneak past the cap: it is charged to the stored window.
	for i := 0; i < 3; i++ {
		e.Apply(a, nil, event(fmt.Sprint("late", i), "x", "2026-11-24T12:00:00Z", nil))
	}
	assert.Equal(t, Totals{Key: "2026-11-25", Points: 25}, a.Caps["capped"])

	var weekly []int64
	for _, when := range []string{"2026-11-23T08:00:00Z", "2026-11-25T08:00:00Z", "2026-11-29T08:00:00Z", "2026-11-30T08:00:00Z"} {
		weekly = append(weekly, pointsOf(e.Apply(a, nil, event("w"+when, "y", when, nil)))["weekly"])
	}
	assert.Equal(t, []int64{40, 40, 20, 40}, weekly, "week cap resets on Monday 2026-11-30 (W49)")
}

func TestApplyNegativePointsKeepLevel(t *testing.T) {
	rs := DefaultRuleset()
	rs.PointRules = append(rs.PointRules,
		PointRule{ID: "penalty", On: "qa.review", When: "score < 50", Points: "-150", Category: "quality"},
		PointRule{ID: "big", On: "bonus", Points: "700", Category: "learning"})
	e := mustCompile(t, rs)
	a := &AgentState{}
	out := e.Apply(a, nil, event("b", "bonus", "2026-11-24T08:00:00Z", nil))
	require.Len(t, out, 2)
	assert.Equal(t, Outcome{Kind: "level", Agent: "a-17", Event: "b", Level: 3, LevelName: "Expert"}, out[1],
		"crossing Apprentice, Pro and Expert at once gives one outcome for the highest")
	out = e.Apply(a, nil, event("q", "qa.review", "2026-11-24T09:00:00Z", map[string]any{"score": 20.0}))
	assert.Equal(t, map[string]int64{"penalty": -150}, pointsOf(out))
	assert.Equal(t, int64(550), a.XP)
	assert.Equal(t, 3, a.Level, "level never goes down")
	assert.Equal(t, int64(550), a.Periods["day"].Points)
	assert.Equal(t, int64(-150), a.Periods["day"].Categories["quality"])
	assert.Len(t, e.Apply(a, nil, event("b2", "bonus", "2026-11-24T10:00:00Z", nil)), 2, "regaining past Expert to Specialist levels up again")
	assert.Equal(t, 4, a.Level)
}

func TestApplyLevelUpOutcomes(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	a := &AgentState{}
	var levels []Outcome
	for i := 0; i < 5; i++ {
		for _, o := range e.Apply(a, nil, event(fmt.Sprint("t", i), "qa.review", "2026-11-24T09:00:00Z", map[string]any{"score": 95.0})) {
			if o.Kind == OutcomeLevel {
				levels = append(levels, o)
			}
		}
	}
	require.Len(t, levels, 1)
	assert.Equal(t, Outcome{Kind: "level", Agent: "a-17", Event: "t2", Level: 1, LevelName: "Apprentice"}, levels[0])
	assert.Equal(t, int64(200), a.XP)
	assert.Equal(t, LevelInfo{Level: 1, Name: "Apprentice", XP: 200, Floor: 100, Next: 300}, e.LevelFor(a.XP))
}

func TestApplyRuleErrorIsolated(t *testing.T) {
	rs := DefaultRuleset()
	rs.PointRules = []PointRule{
		{ID: "needs_csat", On: "ticket.solved", When: "csat >= 4", Points: "5", Category: "quality"},
		{ID: "base", On: "ticket.solved", Points: "10", Category: "volume"},
		{ID: "bad_formula", On: "ticket.solved", Points: "handle_seconds / 0.0 * 0.0", Category: "speed"},
		{ID: "string_formula", On: "ticket.solved", Points: "channel", Category: "speed"},
		{ID: "dyn_when", On: "ticket.solved", When: "channel", Points: "1", Category: "speed"},
	}
	e := mustCompile(t, rs)
	a := &AgentState{}
	ev := event("t1", "ticket.solved", "2026-11-24T09:00:00Z", map[string]any{"handle_seconds": 10.0})
	ev.Attrs = map[string]string{"channel": "email"}
	out := e.Apply(a, nil, ev)
	require.Len(t, out, 5, "%+v", out)
	assert.Equal(t, Outcome{Kind: "rule_error", Agent: "a-17", Event: "t1", Rule: "needs_csat",
		Message: `when: "csat" is not a metric or attr of this event`}, out[0])
	assert.Equal(t, Outcome{Kind: "points", Agent: "a-17", Event: "t1", Rule: "base", Category: "volume", Points: 10}, out[1])
	assert.Equal(t, "bad_formula", out[2].Rule)
	assert.Contains(t, out[2].Message, "finite")
	assert.Equal(t, "points: points formula gave string, want a number", out[3].Message)
	assert.Equal(t, "when: gave string, want true or false", out[4].Message)
	assert.Equal(t, int64(10), a.XP)
}

func TestPeriodKeys(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	tests := []struct {
		utc              string
		day, week, month string
	}{
		{"2026-11-24T09:41:07Z", "2026-11-24", "2026-W48", "2026-11"},
		{"2026-11-30T22:59:59Z", "2026-11-30", "2026-W49", "2026-11"},
		{"2026-11-30T23:00:00Z", "2026-12-01", "2026-W49", "2026-12"}, // CET = UTC+1
		{"2026-12-31T23:30:00Z", "2027-01-01", "2026-W53", "2027-01"}, // ISO week-year differs from the calendar year
		// DST ends at 01:00Z on Sunday 2026-10-25 (03:00 CEST -> 02:00 CET).
		{"2026-10-18T21:30:00Z", "2026-10-18", "2026-W42", "2026-10"}, // Sun 23:30 CEST
		{"2026-10-18T22:30:00Z", "2026-10-19", "2026-W43", "2026-10"}, // Mon 00:30 CEST
		{"2026-10-24T22:30:00Z", "2026-10-25", "2026-W43", "2026-10"}, // Sun 00:30 CEST, the 25-hour day begins
		{"2026-10-25T00:30:00Z", "2026-10-25", "2026-W43", "2026-10"}, // 02:30 CEST, first pass
		{"2026-10-25T01:30:00Z", "2026-10-25", "2026-W43", "2026-10"}, // 02:30 CET, second pass
		{"2026-10-25T22:59:59Z", "2026-10-25", "2026-W43", "2026-10"}, // Sun 23:59:59 CET
		{"2026-10-25T23:00:00Z", "2026-10-26", "2026-W44", "2026-10"}, // Mon 00:00 CET
	}
	for _, tt := range tests {
		tm := at(tt.utc)
		assert.Equal(t, tt.day, e.PeriodKey("day", tm), tt.utc)
		assert.Equal(t, tt.week, e.PeriodKey("week", tm), tt.utc)
		assert.Equal(t, tt.month, e.PeriodKey("month", tm), tt.utc)
		assert.Equal(t, "all", e.PeriodKey("all", tm))
	}
	assert.Equal(t, "", e.PeriodKey("season", at("2026-10-25T23:00:00Z")))
}

func TestApplyRolloverAndLateEvents(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	a := &AgentState{}
	team := &TeamState{ID: "t"}
	apply := func(id, when string) {
		t.Helper()
		out := e.Apply(a, team, event(id, "kudos.received", when, nil))
		_ = out
	}
	// Week 43 in Stockholm spans the end of summer time.
	apply("k1", "2026-10-19T08:00:00Z") // Mon W43
	apply("k2", "2026-10-24T22:30:00Z") // Sun 00:30 CEST, W43
	apply("k3", "2026-10-25T22:30:00Z") // Sun 23:30 CET, still W43 and the same day
	assert.Equal(t, Totals{Key: "2026-10-25", Points: 20, Categories: map[string]int64{"teamwork": 20}}, a.Periods["day"])
	assert.Equal(t, Totals{Key: "2026-W43", Points: 30, Categories: map[string]int64{"teamwork": 30}}, a.Periods["week"])

	apply("k4", "2026-10-25T23:00:00Z") // Mon 00:00 CET: new day and new week, same month
	assert.Equal(t, Totals{Key: "2026-10-26", Points: 10, Categories: map[string]int64{"teamwork": 10}}, a.Periods["day"])
	assert.Equal(t, Totals{Key: "2026-W44", Points: 10, Categories: map[string]int64{"teamwork": 10}}, a.Periods["week"])
	assert.Equal(t, int64(40), a.Periods["month"].Points)

	apply("k5", "2026-10-31T23:30:00Z") // Sun 1 Nov 00:30 CET: new month, same week
	assert.Equal(t, Totals{Key: "2026-11", Points: 10, Categories: map[string]int64{"teamwork": 10}}, a.Periods["month"])
	assert.Equal(t, int64(20), a.Periods["week"].Points)

	// Late: an event from October. Only "all" and XP count it; the stored
	// day and month stay as they are. Its week (W44) is still current.
	apply("late", "2026-10-28T08:00:00Z")
	assert.Equal(t, "2026-11-01", a.Periods["day"].Key)
	assert.Equal(t, int64(10), a.Periods["day"].Points)
	assert.Equal(t, int64(10), a.Periods["month"].Points)
	assert.Equal(t, int64(30), a.Periods["week"].Points)
	assert.Equal(t, int64(60), a.Periods["all"].Points)
	assert.Equal(t, int64(60), a.XP)
	assert.Equal(t, a.Periods, team.Periods)

	// Current shows "today" by the caller's clock.
	assert.Equal(t, Totals{Key: "2026-11-02"}, Current(a.Periods, "day", e.PeriodKey("day", at("2026-11-02T08:00:00Z"))))
	assert.Equal(t, a.Periods["day"], Current(a.Periods, "day", "2026-11-01"))
	assert.Equal(t, Totals{Key: "x"}, Current(nil, "day", "x"))
}

func TestLevelFor(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	assert.Equal(t, LevelInfo{Level: 0, Name: "Rookie", XP: -5, Floor: 0, Next: 100}, e.LevelFor(-5))
	assert.Equal(t, LevelInfo{Level: 0, Name: "Rookie", XP: 99, Floor: 0, Next: 100}, e.LevelFor(99))
	assert.Equal(t, LevelInfo{Level: 1, Name: "Apprentice", XP: 100, Floor: 100, Next: 300}, e.LevelFor(100))
	assert.Equal(t, LevelInfo{Level: 9, Name: "Icon", XP: 1 << 40, Floor: 8000, Next: 0}, e.LevelFor(1<<40))
}

// TestDefaultRewardsQualityOverVolume pins the design's first principle.
func TestDefaultRewardsQualityOverVolume(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	score := func(ev Event) int64 {
		a := &AgentState{}
		e.Apply(a, nil, ev)
		return a.XP
	}
	great := score(event("g", "ticket.solved", "2026-11-24T09:00:00Z",
		map[string]any{"csat": 5.0, "first_contact_resolution": true, "handle_seconds": 900.0}))
	fast := score(event("f", "ticket.solved", "2026-11-24T09:00:00Z", map[string]any{"handle_seconds": 60.0}))
	fastCall := score(event("c", "call.completed", "2026-11-24T09:00:00Z", map[string]any{"handle_seconds": 60.0}))
	assert.GreaterOrEqual(t, great, 5*fast, "5-star FCR ticket %d vs fast unrated ticket %d", great, fast)
	assert.GreaterOrEqual(t, great, 5*fastCall, "5-star FCR ticket %d vs fast call %d", great, fastCall)

	// Farming: 100 quick tickets in a day earn no more than the volume cap.
	farmer := &AgentState{}
	for i := 0; i < 100; i++ {
		e.Apply(farmer, nil, event(fmt.Sprint("t", i), "ticket.solved", "2026-11-24T09:00:00Z", nil))
	}
	assert.Equal(t, int64(200), farmer.XP)
	// Four excellent tickets outscore the farmer's hundred.
	craftsman := &AgentState{}
	for i := 0; i < 4; i++ {
		e.Apply(craftsman, nil, event(fmt.Sprint("q", i), "ticket.solved", "2026-11-24T09:00:00Z",
			map[string]any{"csat": 5.0, "first_contact_resolution": true}))
	}
	assert.Greater(t, craftsman.XP, farmer.XP)

	calls := &AgentState{}
	for i := 0; i < 100; i++ {
		e.Apply(calls, nil, event(fmt.Sprint("c", i), "call.completed", "2026-11-24T09:00:00Z", map[string]any{"handle_seconds": 30.0}))
	}
	assert.Equal(t, int64(150+50), calls.XP, "volume and speed caps bind for calls")
	assert.Equal(t, int64(50), calls.Periods["day"].Categories["speed"])
}

func TestEngineIsolatedFromCaller(t *testing.T) {
	rs := DefaultRuleset()
	e := mustCompile(t, rs)
	rs.Levels[1].Name = "Changed"
	rs.PointRules[0].Cap.Max = 1
	assert.Equal(t, "Apprentice", e.Ruleset().Levels[1].Name)
	got := e.Ruleset()
	got.PointRules[0].Cap.Max = 2
	assert.Equal(t, int64(200), e.Ruleset().PointRules[0].Cap.Max)
}

// TestRedeliveryOfARecentEventChangesNothing: an agent's latest recentIDs
// event ids are remembered, so one of them applied again gives no outcome
// and leaves the state as it was; older ones have left the list, which
// stays that long.
func TestRedeliveryOfARecentEventChangesNothing(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	a := &AgentState{}
	for i := range recentIDs + 3 {
		require.NotEmpty(t, e.Apply(a, nil, event(fmt.Sprintf("e%d", i), "ticket.solved", "2026-11-24T09:00:00Z", nil)))
	}
	require.Len(t, a.Recent, recentIDs)
	before := *a
	before.Recent = append([]string(nil), a.Recent...)
	for i := 3; i < recentIDs+3; i++ {
		assert.Empty(t, e.Apply(a, nil, event(fmt.Sprintf("e%d", i), "ticket.solved", "2026-11-24T09:05:00Z", nil)), "e%d again", i)
	}
	assert.Equal(t, before, *a)
	assert.Equal(t, "e3", a.Recent[0], "the oldest remembered")
}
