package scoring

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomInputs is randomEvents with teams, an hourly tick and one launch,
// the way the server's stream interleaves them.
func randomInputs(rng *rand.Rand, n, agents int) []Input {
	evs := randomEvents(rng, n, agents)
	var ins []Input
	lastTick := evs[0].Time.Truncate(time.Hour)
	for i := range evs {
		ev := &evs[i]
		ev.Team = fmt.Sprint("team-", len(ev.Agent)%2+int(ev.Agent[len(ev.Agent)-1])%2)
		if ev.Time.After(lastTick.Add(time.Hour)) {
			lastTick = ev.Time.Truncate(time.Hour)
			ins = append(ins, Input{Tick: &Tick{ID: "tick-" + lastTick.Format(time.RFC3339), Time: lastTick}})
		}
		if i == n/4 {
			ins = append(ins, Input{Launch: &LaunchRequest{ID: "blitz-1", Challenge: "team_blitz", Team: "team-1",
				Start: ev.Time, Deadline: ev.Time.Add(6 * time.Hour)}})
		}
		ins = append(ins, Input{Event: ev})
	}
	return ins
}

func run(e *Engine, w *World, ins []Input) []Outcome {
	var out []Outcome
	for _, in := range ins {
		out = append(out, e.Step(w, in)...)
	}
	return out
}

func jsonOf(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestPropertySnapshotPlusRest: state restored from JSON halfway, plus the
// rest of the stream, equals a full replay, outcomes included.
func TestPropertySnapshotPlusRest(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	for seed := int64(1); seed <= 5; seed++ {
		ins := randomInputs(rand.New(rand.NewSource(seed)), 3000, 9)
		full := NewWorld()
		fullOut := run(e, full, ins)

		half := len(ins) / 2
		w := NewWorld()
		out := run(e, w, ins[:half])
		restored := NewWorld()
		require.NoError(t, json.Unmarshal([]byte(jsonOf(t, w)), restored))
		out = append(out, run(e, restored, ins[half:])...)
		require.Equal(t, jsonOf(t, full), jsonOf(t, restored), "seed %d", seed)
		require.Equal(t, jsonOf(t, fullOut), jsonOf(t, out), "seed %d", seed)

		kindsSeen := map[string]bool{}
		for _, o := range fullOut {
			kindsSeen[o.Kind] = true
		}
		for _, k := range []string{OutcomePoints, OutcomeLevel, OutcomeBadge, OutcomeStreak, OutcomeChallenge, OutcomeGoal} {
			require.True(t, kindsSeen[k], "the replay must exercise %s (seed %d)", k, seed)
		}
	}
}

// TestPropertyApplyTwiceIsOnce: every input delivered twice in a row gives
// the state of one delivery and no extra outcomes.
func TestPropertyApplyTwiceIsOnce(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	for seed := int64(1); seed <= 5; seed++ {
		ins := randomInputs(rand.New(rand.NewSource(seed)), 2000, 7)
		once, twice := NewWorld(), NewWorld()
		want := run(e, once, ins)
		var got []Outcome
		for _, in := range ins {
			got = append(got, e.Step(twice, in)...)
			again := e.Step(twice, in)
			if in.Launch != nil {
				continue // a relaunch answers "started" again, but changes nothing
			}
			require.Empty(t, again, "seed %d: %+v", seed, in)
		}
		require.Equal(t, jsonOf(t, once), jsonOf(t, twice), "seed %d", seed)
		require.Equal(t, jsonOf(t, want), jsonOf(t, got), "seed %d", seed)
	}
}

// TestPropertyReplayWorldDeterministic: two replays through two compiles of
// the same ruleset give byte-identical state.
func TestPropertyReplayWorldDeterministic(t *testing.T) {
	ins := randomInputs(rand.New(rand.NewSource(42)), 3000, 11)
	a, b := NewWorld(), NewWorld()
	run(mustCompile(t, DefaultRuleset()), a, ins)
	run(mustCompile(t, DefaultRuleset()), b, ins)
	require.Equal(t, jsonOf(t, a), jsonOf(t, b))
}

func TestValidateWarnings(t *testing.T) {
	rs := partsRuleset()
	rs.PointRules = append(rs.PointRules,
		PointRule{ID: "typo", On: "call.complete", When: "has(event.metrics.sceonds) && seconds > 10", Points: "1", Category: "volume"},
		PointRule{ID: "capped", On: "call.completed", Points: "3", Category: "quality", Cap: &Cap{Period: "day", Max: 10}},
		PointRule{ID: "penalty", On: "call.completed", Points: "-1", Category: "volume", Cap: &Cap{Period: "day", Max: 5}})
	rs.PointRules[1].Cap = &Cap{Period: "day", Max: 20} // quality is now capped: 20 + 10 a day
	rs.Badges[0].Tiers[2].Min = 4                       // gold no higher than silver
	rs.Badges[3].Tiers = append(rs.Badges[3].Tiers, Tier{Name: "Impossible", Min: 1000})
	seen := SeenVocabulary{Types: []string{"call.completed", "survey.completed"}, Metrics: []string{"csat", "seconds"}}
	warnings, err := Validate(rs, seen)
	require.NoError(t, err)
	got := map[string]string{}
	for _, w := range warnings {
		key := w.Path
		if w.Line > 0 {
			key = fmt.Sprintf("%s:%d:%d", w.Path, w.Line, w.Column)
		}
		got[key] = w.Message
	}
	assert.Contains(t, got["/point_rules/2/on"], `no event of type "call.complete"`)
	assert.Contains(t, got["/point_rules/2/when:1:19"], `"sceonds"`)
	assert.Contains(t, got["/point_rules/3/cap/max"], "not a multiple")
	assert.Contains(t, got["/point_rules/4/cap/max"], "never binds")
	assert.Contains(t, got["/badges/0/tiers/2/min"], "not above the previous tier's 4")
	assert.Contains(t, got["/badges/3/tiers/1/min"], "can never be reached")
	assert.NotContains(t, got, "/badges/3/tiers/0/min", "30 of at most 210 a week is reachable")
	assert.Contains(t, got["/challenges/1/reward"], "gives nothing")

	// Without a vocabulary there are no spelling warnings; an invalid ruleset is an error.
	warnings, err = Validate(DefaultRuleset(), SeenVocabulary{})
	require.NoError(t, err)
	assert.Empty(t, warnings)
	rs.Counters[0].Agg = "median"
	_, err = Validate(rs, seen)
	assert.ErrorIs(t, err, ErrInvalidRuleset)
}

func TestSimulate(t *testing.T) {
	cur := mustCompile(t, DefaultRuleset())
	rs := DefaultRuleset()
	for i := range rs.PointRules {
		if rs.PointRules[i].Category == "quality" {
			rs.PointRules[i].Points = Formula("(" + string(rs.PointRules[i].Points) + ") * 2")
		}
	}
	cand := mustCompile(t, rs)
	ins := randomInputs(rand.New(rand.NewSource(3)), 4000, 6)
	var calls []int
	rep := Simulate(cur, cand, func(yield func(Input) bool) {
		for _, in := range ins {
			if !yield(in) {
				return
			}
		}
	}, func(done int) { calls = append(calls, done) })
	assert.Equal(t, len(ins), rep.Inputs)
	assert.Equal(t, 4000, rep.Events)
	require.NotEmpty(t, calls, "progress is reported")
	assert.Equal(t, len(ins), calls[len(calls)-1], "the last progress report is the whole run")
	assert.Len(t, rep.Agents, 6)
	s := rep.Summary
	assert.Equal(t, 6, s.AgentsAffected)
	assert.Greater(t, s.Categories["quality"].After, s.Categories["quality"].Before) // rule points double, challenge rewards do not
	assert.Equal(t, s.Categories["volume"].Before, s.Categories["volume"].After)
	assert.Greater(t, s.PointsAfter, s.PointsBefore)
	a0 := rep.Agents[0]
	assert.Equal(t, "a0", a0.Agent)
	assert.True(t, a0.Changed)

	same := Simulate(cur, cur, Events(randomEvents(rand.New(rand.NewSource(3)), 500, 4)), nil)
	assert.Zero(t, same.Summary.AgentsAffected)
}

// TestPropertyTickReportsEveryChange: Tick and TickTeam report a change
// exactly when the state's JSON changed, so a caller that stores only the
// states a tick changed stores every one it did; through the stream's
// hourly ticks and ticks days to a year later, by which periods rolled,
// streaks broke, challenges and goals expired and old instances went.
func TestPropertyTickReportsEveryChange(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	var changed, unchanged int
	check := func(seed int64, w *World, tk Tick) {
		for id, a := range w.Agents {
			before := jsonOf(t, a)
			_, got := e.Tick(a, tk)
			require.Equal(t, before != jsonOf(t, a), got, "seed %d, agent %s, tick %s", seed, id, tk.ID)
			changed, unchanged = changed+btoi(got), unchanged+btoi(!got)
		}
		for id, tm := range w.Teams {
			before := jsonOf(t, tm)
			_, got := e.TickTeam(tm, tk)
			require.Equal(t, before != jsonOf(t, tm), got, "seed %d, team %s, tick %s", seed, id, tk.ID)
			changed, unchanged = changed+btoi(got), unchanged+btoi(!got)
		}
		e.TickOrg(&w.Org, tk)
	}
	for seed := int64(1); seed <= 3; seed++ {
		ins := randomInputs(rand.New(rand.NewSource(seed)), 1500, 7)
		w := NewWorld()
		var last time.Time
		for _, in := range ins {
			if in.Tick == nil {
				e.Step(w, in)
				continue
			}
			check(seed, w, *in.Tick)
			last = in.Tick.Time
		}
		for _, later := range []time.Duration{0, time.Hour, 24 * time.Hour, 8 * 24 * time.Hour, 40 * 24 * time.Hour, 400 * 24 * time.Hour} {
			at := last.Add(later)
			check(seed, w, Tick{ID: "later-" + at.Format(time.RFC3339), Time: at})
		}
	}
	assert.Positive(t, changed)
	assert.Positive(t, unchanged)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Each change a tick can make is reported on its own, without a period
// rolling over beside it (no periods stored), and a tick with nothing due
// reports none.
func TestTickReportsEachChangeAlone(t *testing.T) {
	rs := DefaultRuleset()
	rs.Streaks = append(rs.Streaks, Streak{ID: "happy_days", Name: "Happy days", Counter: "happy_customers", Min: 1, Unit: UnitDay, Allowance: 1})
	e := mustCompile(t, rs)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	tk := Tick{ID: "t", Time: now}
	day := func(d time.Duration) string { return now.Add(d).Format(time.DateOnly) }
	instance := func(id, key, status string, deadline time.Time) map[string]ChallengeState {
		return map[string]ChallengeState{key: {Challenge: id, Key: key, Status: status, Deadline: deadline, Target: 3}}
	}
	for _, c := range []struct {
		name    string
		agent   *AgentState
		team    *TeamState
		changed bool
	}{
		{name: "a day streak whose allowance ran out breaks",
			agent: &AgentState{ID: "a", Streaks: map[string]StreakState{"happy_days": {Current: 3, Best: 3, Start: day(-96 * time.Hour), Last: day(-72 * time.Hour)}}}, changed: true},
		{name: "a day streak within its allowance holds",
			agent: &AgentState{ID: "a", Streaks: map[string]StreakState{"happy_days": {Current: 3, Best: 3, Start: day(-72 * time.Hour), Last: day(-48 * time.Hour)}}}},
		{name: "an instance past its deadline expires",
			agent: &AgentState{ID: "a", Challenges: instance("daily_delight", day(-24*time.Hour), StatusActive, now.Add(-time.Hour))}, changed: true},
		{name: "an instance before its deadline goes on",
			agent: &AgentState{ID: "a", Challenges: instance("daily_delight", day(0), StatusActive, now.Add(time.Hour))}},
		{name: "an ad hoc instance long over is forgotten",
			team: &TeamState{ID: "t", Challenges: instance("team_blitz", "blitz-1", StatusExpired, now.Add(-keepEnded-time.Hour))}, changed: true},
		{name: "an ad hoc instance over lately is kept",
			team: &TeamState{ID: "t", Challenges: instance("team_blitz", "blitz-1", StatusExpired, now.Add(-time.Hour))}},
		{name: "a team goal past its deadline ends",
			team: &TeamState{ID: "t", Goals: instance("weekly_happy", "2026-W46", StatusActive, now.Add(-time.Hour))}, changed: true},
	} {
		var before, after string
		var changed bool
		if c.agent != nil {
			before = jsonOf(t, c.agent)
			_, changed = e.Tick(c.agent, tk)
			after = jsonOf(t, c.agent)
		} else {
			before = jsonOf(t, c.team)
			_, changed = e.TickTeam(c.team, tk)
			after = jsonOf(t, c.team)
		}
		assert.Equal(t, c.changed, changed, c.name)
		assert.Equal(t, c.changed, before != after, "%s: %s → %s", c.name, before, after)
	}
}
