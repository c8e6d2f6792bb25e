package scoring

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStreakAcrossDST runs a daily streak through the week in which
// Stockholm leaves summer time (Sunday 2026-10-25 has 25 hours), with an
// allowance of one missed day.
func TestStreakAcrossDST(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	a := &AgentState{}
	happy := func(id, when string) []Outcome {
		t.Helper()
		return e.Apply(a, nil, ev(id, "survey.completed", "a", when, map[string]any{"csat": 5.0}))
	}
	streak := func(out []Outcome) Outcome {
		t.Helper()
		s := only(out, OutcomeStreak)
		require.Len(t, s, 1, "%+v", out)
		return s[0]
	}
	tick := func(when string) []Outcome {
		out, _ := e.Tick(a, Tick{ID: "tick-" + when, Time: at(when)})
		return out
	}

	o := streak(happy("1", "2026-10-22T21:30:00Z")) // Thu 22nd 23:30 CEST
	assert.Equal(t, Outcome{Kind: OutcomeStreak, Agent: "a", Event: "1", Streak: "happy_days", Name: "Happy days",
		Current: 1, Best: 1, Status: StatusStarted}, o)
	o = streak(happy("2", "2026-10-23T22:30:00Z")) // Sat 24th 00:30 CEST; Friday missed, within the allowance
	assert.Equal(t, [2]any{2, StatusExtended}, [2]any{o.Current, o.Status})
	o = streak(happy("3", "2026-10-24T22:30:00Z")) // Sun 25th 00:30 CEST
	assert.Equal(t, 3, o.Current)
	assert.Empty(t, only(happy("4", "2026-10-25T22:30:00Z"), OutcomeStreak), "Sun 23:30 CET is still the 25th")
	assert.Equal(t, StreakState{Current: 3, Best: 3, Start: "2026-10-22", Last: "2026-10-25"}, a.Streaks["happy_days"])
	assert.Equal(t, 1, a.Badges["steady"].Tier, "bronze at three days")

	assert.Empty(t, tick("2026-10-25T23:00:00Z"), "Mon 26th 00:00 CET: nothing missed yet")
	assert.Empty(t, tick("2026-10-26T23:00:00Z"), "Tue 27th: Monday missed, within the allowance")
	broken := tick("2026-10-27T23:00:00Z") // Wed 28th: Monday and Tuesday missed
	require.Len(t, broken, 1)
	assert.Equal(t, Outcome{Kind: OutcomeStreak, Agent: "a", Tick: "tick-2026-10-27T23:00:00Z", Streak: "happy_days",
		Name: "Happy days", Best: 3, Status: StatusBroken}, broken[0])
	assert.Empty(t, tick("2026-10-27T23:00:00Z"), "the same tick again changes nothing")

	o = streak(happy("5", "2026-10-28T23:30:00Z")) // Thu 29th 00:30 CET
	assert.Equal(t, [3]any{1, 3, StatusStarted}, [3]any{o.Current, o.Best, o.Status})
	assert.Equal(t, "2026-10-29", a.Streaks["happy_days"].Start)
}

// TestDSTWeekBounds: the week of the change is 169 hours long, its days are
// 24 hours except the Sunday of 25, and challenge deadlines follow.
func TestDSTWeekBounds(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	k := e.keys(at("2026-10-24T22:30:00Z")) // Sun 25th 00:30 CEST
	start, end := e.bounds(pDay, &k)
	assert.Equal(t, [2]time.Time{at("2026-10-24T22:00:00Z"), at("2026-10-25T23:00:00Z")}, [2]time.Time{start, end})
	start, end = e.bounds(pWeek, &k)
	assert.Equal(t, at("2026-10-18T22:00:00Z"), start)
	assert.Equal(t, 169*time.Hour, end.Sub(start))
	start, end = e.bounds(pMonth, &k)
	assert.Equal(t, [2]time.Time{at("2026-09-30T22:00:00Z"), at("2026-10-31T23:00:00Z")}, [2]time.Time{start, end})
	start, end = e.bounds(pSeason, &k)
	assert.Equal(t, [2]time.Time{at("2026-08-31T22:00:00Z"), at("2026-10-31T23:00:00Z")}, [2]time.Time{start, end})
}

func TestShiftStreakIgnoresDaysOff(t *testing.T) {
	rs := partsRuleset()
	rs.Streaks[0].Unit, rs.Streaks[0].Allowance = UnitShift, 0
	e := mustCompile(t, rs)
	a := &AgentState{}
	happy := func(id, when string) {
		e.Apply(a, nil, ev(id, "survey.completed", "a", when, map[string]any{"csat": 5.0}))
	}
	happy("1", "2026-11-02T09:00:00Z") // Mon
	happy("2", "2026-11-06T09:00:00Z") // Fri: days off between are not shifts
	out, _ := e.Tick(a, Tick{ID: "t", Time: at("2026-11-20T09:00:00Z")})
	assert.Empty(t, out) // ticks never break shift streaks
	happy("3", "2026-11-23T09:00:00Z")
	assert.Equal(t, 3, a.Streaks["happy_days"].Current)
	// A worked shift without a happy customer breaks it, seen on the next shift.
	e.Apply(a, nil, ev("4", "call.completed", "a", "2026-11-24T09:00:00Z", nil))
	out = e.Apply(a, nil, ev("5", "call.completed", "a", "2026-11-25T09:00:00Z", nil))
	require.Len(t, only(out, OutcomeStreak), 1)
	assert.Equal(t, StatusBroken, only(out, OutcomeStreak)[0].Status)
	assert.Equal(t, StreakState{Best: 3, Last: "2026-11-23"}, a.Streaks["happy_days"])
}

func TestBadgesTiersRepeatsAndRewards(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	a := &AgentState{}
	var badges []Outcome
	call := func(id, when string) {
		badges = append(badges, only(e.Apply(a, nil, ev(id, "call.completed", "a", when, nil)), OutcomeBadge)...)
	}
	for i := range 3 {
		call(fmt.Sprint("m", i), fmt.Sprintf("2026-11-23T0%d:00:00Z", 7+i))
	}
	// Two calls: Caller bronze. Three: Busy day, and the daily challenge pays the Winner badge.
	require.Len(t, badges, 3, "%+v", badges)
	assert.Equal(t, Outcome{Kind: OutcomeBadge, Agent: "a", Event: "m1", Badge: "caller", Name: "Caller", Tier: 1, TierName: "Bronze"}, badges[0])
	got := map[string][]int{}
	for _, o := range badges[1:] {
		got[o.Badge] = append(got[o.Badge], o.Tier)
	}
	assert.Equal(t, map[string][]int{"busy_day": {1}, "winner": {1}}, got)
	badges = nil
	for i := range 4 {
		call(fmt.Sprint("t", i), fmt.Sprintf("2026-11-24T0%d:00:00Z", 6+i))
	}
	// Tuesday: Caller silver at 4 and gold at 6, Busy day again, Winner repeated.
	got = map[string][]int{}
	for _, o := range badges {
		got[o.Badge] = append(got[o.Badge], o.Tier)
	}
	assert.Equal(t, map[string][]int{"caller": {2, 3}, "busy_day": {1}, "winner": {1}}, got)
	assert.Equal(t, BadgeState{Tier: 1, Best: 1, Key: "2026-11-24", Awards: 2, Event: "t2"}, a.Badges["busy_day"])
	assert.Equal(t, BadgeState{Tier: 1, Best: 1, Awards: 2, Event: "t2"}, a.Badges["winner"])
	assert.Equal(t, 3, a.Badges["caller"].Best)

	// Points badge: 30 quality points in a week.
	for i := range 3 {
		e.Apply(a, nil, ev(fmt.Sprint("s", i), "survey.completed", "a", "2026-11-25T09:00:00Z", map[string]any{"csat": 5.0}))
	}
	assert.Equal(t, 1, a.Badges["quality_week"].Tier)
}

func TestChallengesAndRewards(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	a := &AgentState{}
	out := e.Apply(a, nil, ev("1", "call.completed", "a", "2026-11-24T08:00:00Z", nil))
	ch := only(out, OutcomeChallenge)
	require.Len(t, ch, 2)
	deadline := at("2026-11-24T23:00:00Z") // midnight CET
	assert.Equal(t, Outcome{Kind: OutcomeChallenge, Agent: "a", Event: "1", Challenge: "daily_calls", Name: "Daily calls",
		Instance: "2026-11-24", Progress: 1, Target: 3, Status: StatusProgress, Deadline: deadline}, ch[0])
	assert.Equal(t, 2.0, ch[1].Target, "no history yet: the adaptive challenge uses its fixed target")
	e.Apply(a, nil, ev("2", "call.completed", "a", "2026-11-24T09:00:00Z", nil))
	out = e.Apply(a, nil, ev("3", "call.completed", "a", "2026-11-24T10:00:00Z", nil))
	done := only(out, OutcomeChallenge)[0]
	assert.Equal(t, StatusCompleted, done.Status)
	assert.Equal(t, &Reward{Points: 50, Category: "volume", Badge: "winner"}, done.Reward)
	assert.Equal(t, map[string]int64{"call": 1, "challenge:daily_calls": 50}, pointsOf(out))
	assert.Equal(t, int64(53), a.XP)
	out = e.Apply(a, nil, ev("4", "call.completed", "a", "2026-11-24T11:00:00Z", nil))
	assert.Empty(t, pointsOf(out)["challenge:daily_calls"], "a completed challenge pays once")

	// Wednesday: the first call starts a new instance; Tuesday's stays completed.
	e.Apply(a, nil, ev("5", "call.completed", "a", "2026-11-25T08:00:00Z", nil))
	assert.Equal(t, "2026-11-25", a.Challenges["daily_calls"].Key)
	// The deadline passes on a tick: the unfinished instances expire, once.
	exp, changed := e.Tick(a, Tick{ID: "t1", Time: at("2026-11-25T23:00:00Z")})
	assert.Len(t, only(exp, OutcomeChallenge), 2)
	assert.Equal(t, StatusExpired, exp[0].Status)
	assert.True(t, changed)
	again, changed := e.Tick(a, Tick{ID: "t1", Time: at("2026-11-25T23:00:00Z")})
	assert.Empty(t, again)
	assert.False(t, changed, "applying a tick twice changes nothing the second time")
}

func TestAdaptiveTarget(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	veteran, rookie := &AgentState{}, &AgentState{}
	n := 0
	calls := func(a *AgentState, agent, day string, k int) {
		for range k {
			n++
			e.Apply(a, nil, ev(fmt.Sprint("c", n), "call.completed", agent, day+"T09:00:00Z", nil))
		}
	}
	for i, k := range []int{8, 10, 12, 10, 9} { // median 10
		calls(veteran, "v", fmt.Sprintf("2026-11-%02d", 16+i), k)
	}
	calls(rookie, "r", "2026-11-20", 1)
	calls(veteran, "v", "2026-11-23", 1)
	calls(rookie, "r", "2026-11-23", 1)
	assert.Equal(t, 15.0, veteran.Challenges["adaptive_calls"].Target, "150 % of a median of 10")
	assert.True(t, veteran.Challenges["adaptive_calls"].Adaptive)
	assert.Equal(t, 2.0, rookie.Challenges["adaptive_calls"].Target, "too little history: the fixed target")
	assert.Len(t, veteran.History["calls"], 5)
	// Describe shows the same target for a day the agent has not started.
	sum := e.Describe(veteran, nil, at("2026-11-24T12:00:00Z"))
	assert.Equal(t, 15.0, sum.Challenges[1].Target)
}

func TestTeamChallengeAndGoalShares(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	w := NewWorld()
	n := 0
	step := func(agent, typ string, metrics map[string]any) []Outcome {
		n++
		ev := ev(fmt.Sprint("e", n), typ, agent, "2026-11-24T09:00:00Z", metrics)
		ev.Team = "north"
		return e.Step(w, Input{Event: &ev})
	}
	happy := map[string]any{"csat": 5.0}
	step("a", "survey.completed", happy)
	step("b", "survey.completed", happy)
	out := step("a", "survey.completed", happy)
	goals := only(out, OutcomeGoal)
	require.Len(t, goals, 1)
	assert.Equal(t, Outcome{Kind: OutcomeGoal, Agent: "a", Team: "north", Event: "e3", Goal: "team_happy",
		Name: "Team happy", Instance: "2026-W48", Progress: 3, Target: 3, Share: 2, Status: StatusReached,
		Deadline: at("2026-11-29T23:00:00Z")}, goals[0])
	assert.Equal(t, map[string]float64{"a": 2, "b": 1}, w.Teams["north"].Goals["team_happy"].Shares)

	for range 3 {
		step("a", "call.completed", nil)
	}
	out = step("b", "call.completed", nil)
	tc := only(out, OutcomeChallenge)
	require.Len(t, tc, 3) // b's daily and adaptive challenges, then the team's
	assert.Equal(t, [4]any{"team_calls", StatusCompleted, 1.0, "north"}, [4]any{tc[2].Challenge, tc[2].Status, tc[2].Share, tc[2].Team})
	teamPts := only(out, OutcomePoints)
	assert.Equal(t, Outcome{Kind: OutcomePoints, Team: "north", Event: "e7", Rule: "challenge:team_calls",
		Category: "volume", Points: 100}, teamPts[len(teamPts)-1], "a team reward goes to the team")
	assert.Equal(t, int64(30+4+50+100), w.Teams["north"].Periods["week"].Points, "a's daily reward counts for the team too")

	// The week ends on a tick: the goal was reached, so it stays reached.
	ended := e.Step(w, Input{Tick: &Tick{ID: "w49", Time: at("2026-11-29T23:00:00Z")}})
	assert.Empty(t, only(ended, OutcomeGoal))
	assert.Equal(t, StatusReached, w.Teams["north"].Goals["team_happy"].Status)
}

func TestLaunchAdhocChallenge(t *testing.T) {
	e := mustCompile(t, partsRuleset(), WithVersion(7))
	w := NewWorld()
	req := LaunchRequest{ID: "launch-1", Challenge: "blitz", Team: "north", Start: at("2026-11-24T12:00:00Z"),
		Deadline: at("2026-11-24T14:00:00Z"), By: "sup"}
	out := e.Step(w, Input{Launch: &req})
	require.Len(t, out, 1)
	assert.Equal(t, [3]any{OutcomeChallenge, StatusStarted, 7}, [3]any{out[0].Kind, out[0].Status, out[0].Version})
	again, err := e.Launch(&w.Org, req)
	require.NoError(t, err, "relaunching the same request is idempotent")
	assert.Equal(t, w.Org.Launched[0], again)
	assert.Len(t, w.Org.Launched, 1)
	req2 := req
	req2.Deadline = req.Deadline.Add(time.Hour)
	_, err = e.Launch(&w.Org, req2)
	assert.ErrorIs(t, err, ErrLaunchConflict)
	for _, bad := range []LaunchRequest{
		{ID: "x", Challenge: "daily_calls", Start: req.Start, Deadline: req.Deadline},
		{ID: "x", Challenge: "nope", Start: req.Start, Deadline: req.Deadline},
		{ID: "x", Challenge: "blitz", Start: req.Deadline, Deadline: req.Start},
		{ID: "", Challenge: "blitz", Start: req.Start, Deadline: req.Deadline},
	} {
		_, err := e.Launch(&w.Org, bad)
		assert.ErrorIs(t, err, ErrInvalidLaunch, "%+v", bad)
	}

	call := func(id, agent, team, when string) []Outcome {
		ev := ev(id, "call.completed", agent, when, nil)
		ev.Team = team
		return only(e.Step(w, Input{Event: &ev}), OutcomeChallenge)
	}
	assert.Len(t, call("1", "a", "north", "2026-11-24T11:00:00Z"), 3, "before the start: only the periodic challenges")
	assert.Len(t, call("2", "a", "north", "2026-11-24T12:30:00Z"), 4)
	assert.Len(t, call("3", "s", "south", "2026-11-24T12:30:00Z"), 3, "another team's agent is not in it")
	done := call("4", "a", "north", "2026-11-24T13:00:00Z")
	require.Len(t, done, 3) // the adaptive daily one was already completed
	assert.Equal(t, [3]any{"blitz", "launch-1", StatusCompleted}, [3]any{done[2].Challenge, done[2].Instance, done[2].Status})
	assert.Equal(t, 7, w.Agents["a"].Challenges["launch-1"].Version)

	sum := e.Describe(w.Agents["a"], &w.Org, at("2026-11-24T13:30:00Z"))
	require.Len(t, sum.Challenges, 3)
	assert.Equal(t, StatusCompleted, sum.Challenges[2].Status)
	// Long after the deadline, ticks forget the launch and the agent's instance.
	e.Step(w, Input{Tick: &Tick{ID: "late", Time: at("2027-01-30T00:00:00Z")}})
	assert.Empty(t, w.Org.Launched)
	assert.NotContains(t, w.Agents["a"].Challenges, "launch-1")
}

func TestDescribe(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	a := &AgentState{}
	for i := range 3 {
		e.Apply(a, nil, ev(fmt.Sprint(i), "call.completed", "a", "2026-11-24T09:00:00Z", nil))
	}
	sum := e.Describe(a, nil, at("2026-11-24T12:00:00Z"))
	assert.Equal(t, BadgeSummary{ID: "caller", Name: "Caller", Tier: 1, TierName: "Bronze", Best: 1, Awards: 1, Value: 3,
		NextTier: "Silver", NextMin: 4}, sum.Badges[0])
	assert.Equal(t, 1, sum.Badges[1].Tier, "busy day today")
	later := e.Describe(a, nil, at("2026-11-25T12:00:00Z"))
	assert.Equal(t, 0, later.Badges[1].Tier, "a repeatable badge is to be earned again tomorrow")
	require.Len(t, sum.Challenges, 2)
	assert.Equal(t, StatusCompleted, sum.Challenges[0].Status)
	tomorrow := later.Challenges[0]
	assert.Equal(t, [3]any{"2026-11-25", 0.0, StatusActive}, [3]any{tomorrow.Instance, tomorrow.Progress, tomorrow.Status})
	b, err := json.Marshal(sum)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"next_tier":"Silver"`)
}

func TestPartsCompileProblems(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(rs *Ruleset)
		path   string
		msg    string
	}{
		{"counter agg", func(rs *Ruleset) { rs.Counters[0].Agg = "median" }, "/counters/0/agg", "count, sum, min, max, avg"},
		{"counter metric missing", func(rs *Ruleset) { rs.Counters[1].Metric = "" }, "/counters/1/metric", "required when agg is avg"},
		{"counter when", func(rs *Ruleset) { rs.Counters[2].When = "csat >=" }, "/counters/2/when", "Syntax error"},
		{"counter period", func(rs *Ruleset) { rs.Counters[3].Periods = []string{"year"} }, "/counters/3/periods/0", "season"},
		{"badge counter unknown", func(rs *Ruleset) { rs.Badges[0].Counter = "nope" }, "/badges/0/counter", `"nope" is not one of the counters`},
		{"badge period not kept", func(rs *Ruleset) { rs.Badges[0].Counter, rs.Badges[0].Period = "talk", "week" }, "/badges/0/period", "does not keep"},
		{"badge two sources", func(rs *Ruleset) { rs.Badges[0].Streak = "happy_days" }, "/badges/0", "only one of"},
		{"streak counter", func(rs *Ruleset) { rs.Streaks[0].Counter = "" }, "/streaks/0/counter", "is required"},
		{"streak allowance", func(rs *Ruleset) { rs.Streaks[0].Allowance = 99 }, "/streaks/0/allowance", "between 0 and 30"},
		{"challenge scope", func(rs *Ruleset) { rs.Challenges[0].Scope = "org" }, "/challenges/0/scope", "agent or team"},
		{"challenge reward badge", func(rs *Ruleset) { rs.Challenges[0].Reward.Badge = "nope" }, "/challenges/0/reward/badge", "not one of the badges"},
		{"adaptive team", func(rs *Ruleset) { rs.Challenges[2].Adaptive = &Adaptive{Factor: 1} }, "/challenges/2/adaptive", "only for agent"},
		{"adaptive avg", func(rs *Ruleset) { rs.Challenges[1].Counter = "csat" }, "/challenges/1/adaptive", "count or sum"},
		{"goal target", func(rs *Ruleset) { rs.TeamGoals[0].Target = 0 }, "/team_goals/0/target", "greater than 0"},
		{"season overlap", func(rs *Ruleset) { rs.Seasons[1].From = "2026-10-31" }, "/seasons/1/from", "without overlap"},
		{"season date", func(rs *Ruleset) { rs.Seasons[0].To = "2026-02-30" }, "/seasons/0/to", "a date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := partsRuleset()
			tt.mutate(&rs)
			problems := problemsOf(t, func() error { _, err := Compile(rs); return err }())
			require.NotEmpty(t, problems)
			assert.Equal(t, tt.path, problems[0].Path, "%+v", problems)
			assert.Contains(t, problems[0].Message, tt.msg)
		})
	}
}

func TestRulesetPartsRoundTrip(t *testing.T) {
	for _, rs := range []Ruleset{DefaultRuleset(), partsRuleset()} {
		b, err := json.Marshal(rs)
		require.NoError(t, err)
		got, err := ParseRuleset(b)
		require.NoError(t, err)
		assert.Equal(t, rs, got)
		e := mustCompile(t, got)
		assert.Equal(t, rs, e.Ruleset())
	}
}

// History keeps the days within the lookback of the day that begins: an
// agent back after a long absence starts afresh, the day before the
// absence included.
func TestHistoryKeepsTheLookback(t *testing.T) {
	e := mustCompile(t, partsRuleset())
	a := &AgentState{}
	for i, day := range []string{"2026-09-01", "2026-09-02", "2026-09-03", "2026-10-07", "2026-11-20", "2026-11-21"} {
		e.Apply(a, nil, ev(fmt.Sprint("c", i), "call.completed", "v", day+"T09:00:00Z", nil))
		switch day {
		case "2026-10-07": // 35 days after 09-02: 09-01 falls out
			assert.Equal(t, []DayValue{{Day: "2026-09-02", Value: 1}, {Day: "2026-09-03", Value: 1}}, a.History["calls"])
		case "2026-11-20": // 10-07 is 44 days back: nothing is kept
			assert.Empty(t, a.History["calls"])
			assert.NotNil(t, a.History["calls"])
		case "2026-11-21":
			assert.Equal(t, []DayValue{{Day: "2026-11-20", Value: 1}}, a.History["calls"])
		}
	}
}
