package scoring

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// coopRuleset is partsRuleset with a co-op template: blitz with coins and a
// reward badge, so a completion pays points, coins and a badge to each.
func coopRuleset() Ruleset {
	rs := partsRuleset()
	// daily_calls rewards the same calls with the same badge: left out, so
	// what a member gets is the quest's alone.
	rs.Challenges = slices.DeleteFunc(rs.Challenges, func(c Challenge) bool { return c.ID == "daily_calls" })
	for i := range rs.Challenges {
		if rs.Challenges[i].ID == "blitz" {
			rs.Challenges[i].Reward = Reward{Points: 7, Category: "volume", Coins: 5, Badge: "winner"}
		}
	}
	rs.Challenges = append(rs.Challenges, Challenge{ID: "fast_talk", Name: "Fast talk", Scope: ScopeAgent,
		Period: PeriodAdhoc, Counter: "csat", Target: 4})
	return rs
}

func coopLaunch(agents ...string) LaunchRequest {
	return LaunchRequest{ID: "coop-1", Challenge: "blitz", Agents: agents, Coop: true, Target: 5,
		Start: at("2026-11-24T08:00:00Z"), Deadline: at("2026-11-24T16:00:00Z"), By: "sup"}
}

func TestCoopLaunchValidation(t *testing.T) {
	e := mustCompile(t, coopRuleset())
	w := NewWorld()
	for name, req := range map[string]LaunchRequest{
		"one member":     coopLaunch("a"),
		"seven members":  coopLaunch("a", "b", "c", "d", "e", "f", "g"),
		"a member twice": coopLaunch("a", "b", "a"),
		"a bad id":       coopLaunch("a", "b c"),
	} {
		_, err := e.Launch(&w.Org, req)
		assert.ErrorIs(t, err, ErrInvalidLaunch, name)
	}
	team := coopLaunch("a", "b")
	team.Challenge = "team_calls"
	_, err := e.Launch(&w.Org, team)
	assert.ErrorIs(t, err, ErrInvalidLaunch, "a periodic team challenge")
	avg := coopLaunch("a", "b")
	avg.Challenge = "fast_talk"
	_, err = e.Launch(&w.Org, avg)
	assert.ErrorContains(t, err, "count or sum")
	assert.Empty(t, w.Org.Launched, "nothing refused is kept")

	ok := coopLaunch("b", "a")
	inst, err := e.Launch(&w.Org, ok)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, inst.Agents)
	assert.True(t, inst.Coop)
	assert.Equal(t, ChallengeState{Challenge: "blitz", Key: "coop-1", Start: ok.Start, Deadline: ok.Deadline, Target: 5,
		Status: StatusActive, Shares: map[string]float64{}}, w.Org.Coop["coop-1"], "open at 0 from the launch")
	solo := ok
	solo.Coop = false
	_, err = e.Launch(&w.Org, solo)
	assert.ErrorIs(t, err, ErrLaunchConflict, "the same id without co-op is another launch")
}

// TestCoopSharedProgress: two members on different teams fill one bar; the
// event that reaches the target pays both at once, each in full.
func TestCoopSharedProgress(t *testing.T) {
	e := mustCompile(t, coopRuleset())
	w := NewWorld()
	req := coopLaunch("a", "b")
	e.Step(w, Input{Launch: &req})
	n := 0
	call := func(agent, team string) []Outcome {
		n++
		ev := ev(fmt.Sprint("e", n), "call.completed", agent, "2026-11-24T09:00:00Z", nil)
		ev.Team = team
		return e.Step(w, Input{Event: &ev})
	}
	coopOf := func(out []Outcome) []Outcome {
		var cs []Outcome
		for _, o := range only(out, OutcomeChallenge) {
			if o.Instance == "coop-1" {
				cs = append(cs, o)
			}
		}
		return cs
	}
	out := coopOf(call("a", "north"))
	require.Len(t, out, 2, "both members hear of it")
	assert.Equal(t, [4]any{"a", 1.0, 1.0, "north"}, [4]any{out[0].Agent, out[0].Progress, out[0].Share, out[0].Team})
	assert.Equal(t, [4]any{"b", 1.0, 0.0, ""}, [4]any{out[1].Agent, out[1].Progress, out[1].Share, out[1].Team})
	call("b", "south")
	call("b", "south")
	call("a", "north")
	assert.Empty(t, call("c", "north") /* not a member */ [0].Instance)
	assert.Equal(t, map[string]float64{"a": 2, "b": 2}, w.Org.Coop["coop-1"].Shares)
	assert.NotContains(t, w.Agents["a"].Challenges, "coop-1", "the shared instance is the org's, not an agent's")

	xpA, xpB := w.Agents["a"].XP, w.Agents["b"].XP
	all := call("b", "south")
	done := coopOf(all)
	require.Len(t, done, 2)
	for i, who := range []string{"b", "a"} { // the completing member first, then the one paid after
		assert.Equal(t, [5]any{who, StatusCompleted, 5.0, int64(5), "coop-1"},
			[5]any{done[i].Agent, done[i].Status, done[i].Progress, done[i].Coins, done[i].Instance})
	}
	assert.Equal(t, 3.0, done[0].Share)
	assert.Equal(t, 2.0, done[1].Share)
	assert.Equal(t, xpB+1+7, w.Agents["b"].XP, "b's call and the reward")
	assert.Equal(t, xpA+7, w.Agents["a"].XP, "a is paid by b's event")
	assert.Equal(t, int64(1+1+7), w.Agents["a"].Periods["day"].Categories["volume"], "a's two calls and the reward")
	assert.Equal(t, 1, w.Agents["a"].Badges["winner"].Awards)
	assert.Equal(t, 1, w.Agents["b"].Badges["winner"].Awards)
	assert.Empty(t, w.Org.Owed, "nothing is owed after the step")
	assert.Equal(t, int64(2+1+7), w.Teams["north"].Periods["day"].Points, "north: a's two calls, c's one, a's reward")

	more := coopOf(call("a", "north"))
	require.Len(t, more, 2, "the bar keeps counting after completion")
	assert.Equal(t, StatusProgress, more[0].Status)
	assert.Equal(t, 6.0, w.Org.Coop["coop-1"].Progress)
	assert.Equal(t, xpA+7+1, w.Agents["a"].XP, "no second reward")

	sum := e.Describe(w.Agents["b"], &w.Org, at("2026-11-24T10:00:00Z"))
	var c *ChallengeSummary
	for i := range sum.Challenges {
		if sum.Challenges[i].Instance == "coop-1" {
			c = &sum.Challenges[i]
		}
	}
	require.NotNil(t, c)
	assert.Equal(t, [3]any{6.0, StatusCompleted, []string{"a", "b"}}, [3]any{c.Progress, c.Status, c.Coop.Members})
	assert.Equal(t, map[string]float64{"a": 3, "b": 3}, c.Coop.Shares)
}

func TestCoopExpires(t *testing.T) {
	e := mustCompile(t, coopRuleset())
	w := NewWorld()
	req := coopLaunch("a", "b")
	e.Step(w, Input{Launch: &req})
	ev1 := ev("e1", "call.completed", "a", "2026-11-24T09:00:00Z", nil)
	e.Step(w, Input{Event: &ev1})
	out := e.Step(w, Input{Tick: &Tick{ID: "t1", Time: at("2026-11-24T16:00:00Z")}})
	var expired []string
	for _, o := range only(out, OutcomeChallenge) {
		if o.Instance == "coop-1" && o.Status == StatusExpired {
			expired = append(expired, o.Agent)
		}
	}
	assert.Equal(t, []string{"a", "b"}, expired)
	assert.Equal(t, StatusExpired, w.Org.Coop["coop-1"].Status)
	late := ev("e2", "call.completed", "b", "2026-11-24T17:00:00Z", nil)
	e.Step(w, Input{Event: &late})
	assert.Equal(t, 1.0, w.Org.Coop["coop-1"].Progress, "after the deadline nothing counts")
	again, _ := e.Step(w, Input{Tick: &Tick{ID: "t2", Time: at("2026-11-24T16:15:00Z")}}), 0
	assert.Empty(t, only(again, OutcomeChallenge), "expired once")
	e.Step(w, Input{Tick: &Tick{ID: "late", Time: at("2027-01-30T00:00:00Z")}})
	assert.Empty(t, w.Org.Coop, "forgotten with its launch")
}

// TestCoopOrderDoesNotMatter interleaves the members' events at random
// (each member's own events keep their order, as a member's events do in
// the stream): the shared instance, every member's points, badges and coins
// end the same whichever member's event completes the quest.
func TestCoopOrderDoesNotMatter(t *testing.T) {
	e := mustCompile(t, coopRuleset())
	members := []string{"a", "b", "c", "d"}
	type final struct {
		Progress float64
		Status   string
		Shares   map[string]float64
		XP       map[string]int64
		Day      map[string]int64
		Team     map[string]int64
		Winner   map[string]int
		Coins    map[string]int64
	}
	run := func(seed uint64) final {
		r := rand.New(rand.NewPCG(seed, 7))
		w := NewWorld()
		req := coopLaunch(members...)
		req.Target = 9
		e.Step(w, Input{Launch: &req})
		for i, m := range members { // known with their teams, as the roster makes them
			w.Agents[m] = &AgentState{ID: m, Team: []string{"north", "south"}[i%2]}
		}
		// Each member's own queue of events, fixed by member.
		queues := map[string][]Event{}
		for i, m := range members {
			for j := range 2 + i {
				ev := ev(fmt.Sprintf("%s-%d", m, j), "call.completed", m, fmt.Sprintf("2026-11-24T%02d:00:00Z", 9+j), nil)
				ev.Team = []string{"north", "south"}[i%2]
				queues[m] = append(queues[m], ev)
			}
		}
		f := final{XP: map[string]int64{}, Day: map[string]int64{}, Team: map[string]int64{}, Winner: map[string]int{}, Coins: map[string]int64{}}
		for len(queues) > 0 {
			var left []string
			for _, m := range members {
				if len(queues[m]) > 0 {
					left = append(left, m)
				}
			}
			m := left[r.IntN(len(left))]
			ev := queues[m][0]
			if queues[m] = queues[m][1:]; len(queues[m]) == 0 {
				delete(queues, m)
			}
			for _, o := range e.Step(w, Input{Event: &ev}) {
				f.Coins[o.Agent] += o.Coins
			}
		}
		cs := w.Org.Coop["coop-1"]
		f.Progress, f.Status, f.Shares = cs.Progress, cs.Status, cs.Shares
		for _, m := range members {
			f.XP[m] = w.Agents[m].XP
			f.Day[m] = w.Agents[m].Periods["day"].Points
			f.Winner[m] = w.Agents[m].Badges["winner"].Awards
		}
		for id, t := range w.Teams {
			f.Team[id] = t.Periods["day"].Points
		}
		return f
	}
	want := run(1)
	assert.Equal(t, StatusCompleted, want.Status)
	assert.Equal(t, 14.0, want.Progress)
	for _, m := range members {
		assert.Equal(t, int64(5), want.Coins[m], "every member gets the reward's coins once: %s", m)
	}
	for seed := uint64(2); seed < 200; seed++ {
		require.Equal(t, want, run(seed), "seed %d", seed)
	}
}

// TestCoopReplay: a world replayed from its inputs ends byte for byte the
// same, co-op state and debts included.
func TestCoopReplay(t *testing.T) {
	e := mustCompile(t, coopRuleset())
	req := coopLaunch("a", "b")
	inputs := []Input{{Launch: &req}}
	for i := range 8 {
		ev := ev(fmt.Sprint("e", i), "call.completed", []string{"a", "b"}[i%2], "2026-11-24T09:00:00Z", nil)
		inputs = append(inputs, Input{Event: &ev})
	}
	inputs = append(inputs, Input{Tick: &Tick{ID: "t", Time: at("2026-11-24T16:00:00Z")}})
	replay := func() *World {
		w := NewWorld()
		for _, in := range inputs {
			e.Step(w, in)
		}
		return w
	}
	assert.Equal(t, replay(), replay())
	assert.Equal(t, StatusCompleted, replay().Org.Coop["coop-1"].Status, "a completed quest does not expire")
}
