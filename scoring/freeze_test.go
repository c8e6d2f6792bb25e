package scoring

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// freezeRuleset is partsRuleset with a calendar-day streak that forgives no
// missed day by itself but earns a freeze every 3 days, 2 held at most.
func freezeRuleset() Ruleset {
	rs := partsRuleset()
	rs.Streaks[0].Allowance = 0
	rs.Streaks[0].Freezes = &Freezes{EarnEvery: 3, MaxHeld: 2}
	return rs
}

// happyAt is a happy survey at noon (Stockholm) of day.
func happyAt(id, day string) Event {
	return ev(id, "survey.completed", "a", day+"T11:00:00Z", map[string]any{"csat": 5.0})
}

// midnight is a tick at the start of day in Stockholm (winter time).
func midnight(day string) Tick {
	d, _ := time.Parse(time.DateOnly, day)
	return Tick{ID: "tick-" + day, Time: d.Add(-time.Hour)}
}

func statuses(out []Outcome) []string {
	var s []string
	for _, o := range only(out, OutcomeStreak) {
		s = append(s, o.Status)
	}
	return s
}

func TestFreezesEarnedAndSpent(t *testing.T) {
	e := mustCompile(t, freezeRuleset())
	w := NewWorld()
	step := func(in Input) []Outcome { return e.Step(w, in) }
	var got []string
	for i, day := range []string{"2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07"} {
		got = append(got, statuses(step(Input{Event: ptr(happyAt(fmt.Sprint("d", i), day))}))...)
	}
	assert.Equal(t, []string{StatusStarted, StatusExtended, StatusExtended, StatusFreezeEarned, StatusExtended,
		StatusExtended, StatusExtended, StatusFreezeEarned}, got)
	ss := w.Agents["a"].Streaks["happy_days"]
	assert.Equal(t, 6, ss.Current)
	assert.Equal(t, 2, ss.Freezes)

	// Sunday the 8th missed: the tick at Monday's midnight spends a freeze.
	out := step(Input{Tick: ptr(midnight("2026-11-09"))})
	assert.Equal(t, []string{StatusFrozen}, statuses(out))
	assert.Empty(t, statuses(step(Input{Tick: ptr(midnight("2026-11-09"))})), "the same tick again spends nothing")
	ss = w.Agents["a"].Streaks["happy_days"]
	assert.Equal(t, [3]int{6, 1, 1}, [3]int{ss.Current, ss.Freezes, ss.Frozen})

	// Monday counts: the frozen day does not add to the length.
	assert.Equal(t, []string{StatusExtended}, statuses(step(Input{Event: ptr(happyAt("d9", "2026-11-09"))})))
	ss = w.Agents["a"].Streaks["happy_days"]
	assert.Equal(t, [3]int{7, 1, 0}, [3]int{ss.Current, ss.Freezes, ss.Frozen})

	// Two days missed with one freeze: spent on the first, broken on the second.
	assert.Equal(t, []string{StatusFrozen}, statuses(step(Input{Tick: ptr(midnight("2026-11-11"))})))
	assert.Equal(t, []string{StatusBroken}, statuses(step(Input{Tick: ptr(midnight("2026-11-12"))})))
	ss = w.Agents["a"].Streaks["happy_days"]
	assert.Equal(t, StreakState{Best: 7, Last: "2026-11-09"}, ss)
}

func TestRotaDaysNeverBreakAStreak(t *testing.T) {
	e := mustCompile(t, freezeRuleset())
	w := NewWorld()
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	require.Empty(t, e.Step(w, Input{Rota: &RotaChange{At: at, Set: []RotaDay{
		{Agent: "a", Date: "2026-11-03", Kind: RotaSick}, {Agent: "a", Date: "2026-11-04", Kind: RotaHoliday},
		{Agent: "b", Date: "2026-11-03", Kind: RotaOff}}}}))
	e.Step(w, Input{Event: ptr(happyAt("1", "2026-11-02"))})
	for _, day := range []string{"2026-11-03", "2026-11-04", "2026-11-05"} {
		assert.Empty(t, statuses(e.Step(w, Input{Tick: ptr(midnight(day))})), day)
	}
	assert.Equal(t, []string{StatusExtended}, statuses(e.Step(w, Input{Event: ptr(happyAt("2", "2026-11-05"))})))
	assert.Equal(t, 2, w.Agents["a"].Streaks["happy_days"].Current)
	assert.Equal(t, 0, w.Agents["a"].Streaks["happy_days"].Freezes, "no freeze earned or spent")

	// Without a tick in between, the event sees the rota days too.
	w2 := NewWorld()
	e.Step(w2, Input{Rota: &RotaChange{At: at, Set: []RotaDay{{Agent: "a", Date: "2026-11-03", Kind: RotaOff}}}})
	e.Step(w2, Input{Event: ptr(happyAt("1", "2026-11-02"))})
	assert.Equal(t, []string{StatusExtended}, statuses(e.Step(w2, Input{Event: ptr(happyAt("2", "2026-11-04"))})))

	// Describe agrees between ticks.
	sum := e.Describe(w.Agents["a"], &w.Org, time.Date(2026, 11, 6, 12, 0, 0, 0, time.UTC))
	assert.Equal(t, 2, sum.Streaks[0].Current)
	assert.Equal(t, 2, sum.Streaks[0].MaxHeld)
	sum = e.Describe(w.Agents["a"], &w.Org, time.Date(2026, 11, 8, 12, 0, 0, 0, time.UTC))
	assert.Equal(t, 0, sum.Streaks[0].Current, "two working days missed, no freeze held")
}

func TestRotaChangesAndWindow(t *testing.T) {
	at := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	var o OrgState
	require.NoError(t, o.ApplyRota(RotaChange{At: at, Set: []RotaDay{
		{Agent: "a", Date: "2026-12-09", Kind: RotaOff}, {Agent: "a", Date: "2026-12-10", Kind: RotaOff}}}))
	require.NoError(t, o.ApplyRota(RotaChange{At: at, Set: []RotaDay{{Agent: "a", Date: "2026-12-10", Kind: RotaSick}},
		Delete: []RotaDay{{Agent: "a", Date: "2026-12-09"}}}))
	assert.Equal(t, []RotaDay{{Agent: "a", Date: "2026-12-10", Kind: RotaSick}}, o.RotaDays("a", "", ""))

	before := o.RotaDays("", "", "")
	err := o.ApplyRota(RotaChange{At: at, Set: []RotaDay{{Agent: "b", Date: "2026-12-11", Kind: RotaOff},
		{Agent: "b", Date: "2026-12-12", Kind: "vacation"}}})
	require.ErrorContains(t, err, "kind")
	assert.Equal(t, before, o.RotaDays("", "", ""), "a refused change changes nothing")

	for _, c := range []struct {
		d     RotaDay
		field string
	}{
		{RotaDay{Agent: "", Date: "2026-12-10", Kind: RotaOff}, "agent"},
		{RotaDay{Agent: "a", Date: "10/12/2026", Kind: RotaOff}, "date"},
		{RotaDay{Agent: "a", Date: "2026-02-30", Kind: RotaOff}, "date"},
		{RotaDay{Agent: "a", Date: "2026-09-01", Kind: RotaOff}, "date"},
		{RotaDay{Agent: "a", Date: "2028-09-01", Kind: RotaOff}, "date"},
		{RotaDay{Agent: "a", Date: "2026-12-10", Kind: ""}, "kind"},
	} {
		f, _, _ := CheckRotaDay(c.d, at, false)
		assert.Equal(t, c.field, f, "%+v", c.d)
	}

	// A tick 62 days on forgets the old days.
	e := mustCompile(t, freezeRuleset())
	e.TickOrg(&o, Tick{ID: "t", Time: at.AddDate(0, 0, 70)})
	assert.Empty(t, o.Rota)
}

func TestFreezesValidated(t *testing.T) {
	rs := freezeRuleset()
	rs.Streaks[0].Freezes = &Freezes{EarnEvery: 1, MaxHeld: 2}
	_, err := Compile(rs)
	require.ErrorContains(t, err, "/streaks/0/freezes/earn_every")
	rs.Streaks[0].Freezes = &Freezes{EarnEvery: 5, MaxHeld: 3}
	_, err = Compile(rs)
	require.ErrorContains(t, err, "/streaks/0/freezes/max_held")
	d := DefaultRuleset()
	assert.Equal(t, &Freezes{EarnEvery: 5, MaxHeld: 2}, d.Streaks[0].Freezes)
}

func TestShiftStreakFreezeAndRota(t *testing.T) {
	rs := freezeRuleset()
	rs.Streaks[0].Unit = UnitShift
	e := mustCompile(t, rs)
	w := NewWorld()
	call := func(id, day string) []Outcome {
		return e.Step(w, Input{Event: ptr(ev(id, "call.completed", "a", day+"T11:00:00Z", nil))})
	}
	for i, day := range []string{"2026-11-02", "2026-11-03", "2026-11-04"} {
		e.Step(w, Input{Event: ptr(happyAt(fmt.Sprint("h", i), day))})
	}
	require.Equal(t, 1, w.Agents["a"].Streaks["happy_days"].Freezes)
	// A shift on a rota day without a happy customer is not a missed shift.
	e.Step(w, Input{Rota: &RotaChange{At: at("2026-11-01T00:00:00Z"), Set: []RotaDay{{Agent: "a", Date: "2026-11-05", Kind: RotaHoliday}}}})
	call("c1", "2026-11-05")
	assert.Empty(t, statuses(call("c2", "2026-11-06")))
	// A missed working shift spends the freeze, seen on the next shift.
	assert.Equal(t, []string{StatusFrozen}, statuses(call("c3", "2026-11-09")))
	assert.Equal(t, []string{StatusExtended}, statuses(e.Step(w, Input{Event: ptr(happyAt("h9", "2026-11-09"))})))
	assert.Equal(t, 4, w.Agents["a"].Streaks["happy_days"].Current)
}

// TestPropertyFreezesReplay replays random months of work, ticks and rota
// changes: a second replay gives the same freezes and outcomes, and no
// agent ever holds more than MaxHeld.
func TestPropertyFreezesReplay(t *testing.T) {
	rs := DefaultRuleset()
	rs.Streaks = append(rs.Streaks, Streak{ID: "happy_days", Name: "Happy days", Counter: "happy_customers", Min: 1,
		Freezes: &Freezes{EarnEvery: 3, MaxHeld: 2}})
	e := mustCompile(t, rs)
	frozen := 0
	for seed := int64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewSource(seed))
		inputs := freezeInputs(rng)
		run := func() ([]byte, []byte) {
			w := NewWorld()
			var outs []Outcome
			for _, in := range inputs {
				outs = append(outs, e.Step(w, in)...)
				for id, a := range w.Agents {
					for sid, ss := range a.Streaks {
						require.LessOrEqual(t, ss.Freezes, MaxFreezesHeld, "seed %d agent %s streak %s", seed, id, sid)
						require.GreaterOrEqual(t, ss.Freezes, 0)
					}
				}
			}
			ws, err := json.Marshal(w)
			require.NoError(t, err)
			os, err := json.Marshal(outs)
			require.NoError(t, err)
			return ws, os
		}
		w1, o1 := run()
		w2, o2 := run()
		require.Equal(t, string(w1), string(w2), "seed %d", seed)
		require.Equal(t, string(o1), string(o2), "seed %d", seed)
		// A world stored half way and loaded again (as the server's
		// records are at a restart) goes on to the same freezes and rota.
		w := NewWorld()
		half := len(inputs) / 2
		for _, in := range inputs[:half] {
			e.Step(w, in)
		}
		data, err := json.Marshal(w)
		require.NoError(t, err)
		w = NewWorld()
		require.NoError(t, json.Unmarshal(data, w))
		for _, in := range inputs[half:] {
			e.Step(w, in)
		}
		w3, err := json.Marshal(w)
		require.NoError(t, err)
		require.Equal(t, string(w1), string(w3), "seed %d: stored and loaded half way", seed)
		require.Contains(t, string(o1), `"status":"`+StatusFreezeEarned+`"`, "seed %d earns freezes", seed)
		frozen += strings.Count(string(o1), `"status":"`+StatusFrozen+`"`)
	}
	require.Positive(t, frozen, "some freezes are spent")
}

// freezeInputs interleaves random events with a tick every six hours and a
// rota change now and then.
func freezeInputs(rng *rand.Rand) []Input {
	evs := randomEvents(rng, 1500, 4)
	var ins []Input
	next := evs[0].Time.Truncate(6 * time.Hour).Add(6 * time.Hour)
	for i := range evs {
		for !evs[i].Time.Before(next) {
			ins = append(ins, Input{Tick: &Tick{ID: next.Format(time.RFC3339), Time: next}})
			if rng.Intn(4) == 0 {
				d := RotaDay{Agent: fmt.Sprintf("a%d", rng.Intn(4)), Date: next.AddDate(0, 0, rng.Intn(5)-1).Format(time.DateOnly),
					Kind: RotaKinds[rng.Intn(len(RotaKinds))]}
				ins = append(ins, Input{Rota: &RotaChange{At: next, Set: []RotaDay{d}}})
			}
			next = next.Add(6 * time.Hour)
		}
		ins = append(ins, Input{Event: &evs[i]})
	}
	return ins
}

func ptr[T any](v T) *T { return &v }
