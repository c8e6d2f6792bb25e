package projection

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/shared"
)

func TestDayValue(t *testing.T) {
	specs := []scoring.Counter{
		{ID: "csat", Agg: scoring.AggAvg, Metric: "csat"},
		{ID: "contacts", Agg: scoring.AggCount},
	}
	state := map[string]map[string]scoring.Count{
		"csat":     {shared.PeriodDay: {Key: "2026-12-07", N: 4, Sum: 18}, shared.PeriodWeek: {Key: "2026-W50", N: 9, Sum: 40}},
		"contacts": {shared.PeriodDay: {Key: "2026-12-06", N: 7, Sum: 7}},
		"gone":     {shared.PeriodDay: {Key: "2026-12-07", N: 2, Sum: 2}},
	}
	v, ok := dayValue(specs, state, "csat", "2026-12-07")
	require.True(t, ok)
	assert.InDelta(t, 4.5, v, 1e-9, "the average of today")
	_, ok = dayValue(specs, state, "contacts", "2026-12-07")
	assert.False(t, ok, "yesterday's count is not today's")
	_, ok = dayValue(specs, state, "gone", "2026-12-07")
	assert.False(t, ok, "a counter the ruleset in force does not have")
	_, ok = dayValue(specs, map[string]map[string]scoring.Count{"csat": {shared.PeriodWeek: {Key: "2026-W50", N: 1, Sum: 5}}}, "csat", "2026-12-07")
	assert.False(t, ok, "a counter that keeps no day")
}

func TestFCRRate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fcr      float64
		okF      bool
		contacts float64
		okC      bool
		want     float64
		wantOK   bool
	}{
		{"three of four", 3, true, 4, true, 0.75, true},
		{"no resolution counted yet", 0, false, 5, true, 0, true},
		{"no contacts", 2, true, 0, false, 0, false},
		{"never above one", 6, true, 4, true, 1, true},
	} {
		got, ok := fcrRate(tc.fcr, tc.okF, tc.contacts, tc.okC)
		assert.Equal(t, tc.wantOK, ok, tc.name)
		assert.InDelta(t, tc.want, got, 1e-9, tc.name)
	}
}

func TestEngagementFacts(t *testing.T) {
	days := func(usual, recent int64, quiet int) []int64 {
		out := make([]int64, 28)
		for i := range 20 {
			out[i] = usual
		}
		for i := 20; i < 27; i++ {
			out[i] = recent
		}
		for i := 27 - quiet; i < 27; i++ {
			out[i] = 0
		}
		return out
	}
	flag, f := engagementFacts(days(20, 20, 4))
	require.Equal(t, "quiet", flag)
	assert.Equal(t, shared.FlagFacts{QuietDays: 4, RecentAvg: 8.6, UsualAvg: 20}, *f)
	flag, f = engagementFacts(days(20, 11, 0))
	require.Equal(t, "dropping", flag)
	assert.Equal(t, 45, f.DropPercent)
	assert.Equal(t, "points down 45% on their usual week", flagReason(flag, f))
	flag, f = engagementFacts(days(20, 20, 0))
	assert.Empty(t, flag)
	assert.Nil(t, f)
	assert.Empty(t, flagReason(flag, f))
}
