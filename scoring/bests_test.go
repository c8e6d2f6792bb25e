package scoring

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBestsFollowDaysAndWeeks: the best day and week rise with the current
// ones, stay when a later, smaller day comes, and are the earliest of equals.
func TestBestsFollowDaysAndWeeks(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	a := &AgentState{}
	solved := func(id, when string) Event {
		return event(id, "ticket.solved", when, map[string]any{"csat": 5.0, "first_contact_resolution": true})
	}
	e.Apply(a, nil, solved("d1-1", "2026-11-24T09:00:00Z"))
	e.Apply(a, nil, solved("d1-2", "2026-11-24T10:00:00Z"))
	first := a.Periods[PeriodDay]
	require.Positive(t, first.Points)
	assert.Equal(t, Totals{Key: "2026-11-24", Points: first.Points}, a.Best(PeriodDay))
	assert.Equal(t, Totals{Key: "2026-W48", Points: first.Points}, a.Best(PeriodWeek))

	// A smaller next day leaves the best day; the week keeps adding up.
	e.Apply(a, nil, solved("d2-1", "2026-11-25T09:00:00Z"))
	assert.Equal(t, Totals{Key: "2026-11-24", Points: first.Points}, a.Best(PeriodDay))
	assert.Equal(t, Totals{Key: "2026-W48", Points: a.Periods[PeriodWeek].Points}, a.Best(PeriodWeek))
	assert.Greater(t, a.Best(PeriodWeek).Points, first.Points)

	// An equal day does not take the record from the first.
	e.Apply(a, nil, solved("d2-2", "2026-11-25T10:00:00Z"))
	assert.Equal(t, a.Periods[PeriodDay].Points, first.Points)
	assert.Equal(t, "2026-11-24", a.Best(PeriodDay).Key)

	// A bigger day takes it.
	e.Apply(a, nil, solved("d2-3", "2026-11-25T11:00:00Z"))
	assert.Equal(t, Totals{Key: "2026-11-25", Points: a.Periods[PeriodDay].Points}, a.Best(PeriodDay))

	// A late event (an older day) changes no best: only "all" takes it.
	day, week := a.Best(PeriodDay), a.Best(PeriodWeek)
	e.Apply(a, nil, solved("late", "2026-11-20T09:00:00Z"))
	assert.Equal(t, day, a.Best(PeriodDay))
	assert.Equal(t, week, a.Best(PeriodWeek))

	// Only a finished record is stored: the current day and week are
	// weighed when read.
	assert.Equal(t, map[string]Totals{PeriodDay: {Key: "2026-11-24", Points: first.Points}}, a.Bests)
}

// TestBestsDeterministicUnderReplay: the same events give the same bests,
// and the bests are the maximum of the days and weeks the replay saw.
func TestBestsDeterministicUnderReplay(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	for seed := int64(1); seed <= 5; seed++ {
		evs := randomEvents(rand.New(rand.NewSource(seed)), 1500, 4)
		first := replay(e, evs)
		again := replay(mustCompile(t, DefaultRuleset()), evs)
		for id, a := range first.agents {
			b := again.agents[id]
			assert.Equal(t, a.Bests, b.Bests, "seed %d agent %s", seed, id)
			assert.Equal(t, a.Best(PeriodDay), b.Best(PeriodDay), "seed %d agent %s", seed, id)
			assert.GreaterOrEqual(t, a.Best(PeriodDay).Points, a.Periods[PeriodDay].Points)
			assert.GreaterOrEqual(t, a.Best(PeriodWeek).Points, a.Periods[PeriodWeek].Points)
			assert.GreaterOrEqual(t, a.Best(PeriodWeek).Points, a.Best(PeriodDay).Points, "a week holds its best day")
		}
		require.Positive(t, first.agents["a0"].Bests[PeriodDay].Points)
	}
}
