package projection

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/scoring/rewards"
)

// The decisions kept for the API are bounded: past maxDecisions the oldest
// are forgotten first, and a decision taken again keeps its place.
func TestDecisionsForgetTheOldest(t *testing.T) {
	o := &Org{rw: &orgRewards{state: rewards.NewState(), decisions: map[string]Decision{}}}
	for i := range maxDecisions + 10 {
		o.Decide(fmt.Sprint("c-", i), Decision{Seq: uint64(i)})
	}
	o.Decide("c-15", Decision{Seq: 99})
	assert.Len(t, o.rw.decisions, maxDecisions)
	for i := range 10 {
		_, ok := o.rw.decisions[fmt.Sprint("c-", i)]
		assert.False(t, ok, "c-%d is forgotten", i)
	}
	d, ok := o.rw.decisions["c-15"]
	require.True(t, ok)
	assert.EqualValues(t, 99, d.Seq)
	_, ok = o.rw.decisions[fmt.Sprint("c-", maxDecisions+9)]
	assert.True(t, ok)
}

// Spotlight periods are months or ISO weeks, and improvement is measured
// against the agent's own days before the period.
func TestSpotlightPeriodAndImprovement(t *testing.T) {
	for p, want := range map[string]string{"2026-11": "month", "2026-W48": "week", "2026-13": "", "2026-W54": "", "last": ""} {
		got, _ := SpotlightPeriod(p)
		assert.Equal(t, want, got, p)
	}
	daily := []struct {
		day    string
		points int64
	}{{"2026-10-30", 100}, {"2026-10-31", 100}, {"2026-11-02", 150}, {"2026-11-03", 250}}
	var totals []scoring.Totals
	for _, d := range daily {
		totals = append(totals, scoring.Totals{Key: d.day, Points: d.points})
	}
	pct, ok := improvement(totals, "month", "2026-11")
	require.True(t, ok)
	assert.InDelta(t, 100, pct, 0.001, "200 a day against 100 a day before")
	_, ok = improvement(totals[:2], "month", "2026-11")
	assert.False(t, ok, "no day in the period")
}
