package projector

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A duration lands in the first bucket whose bound it does not exceed, and
// the counts are cumulative, as Prometheus reads them.
func TestLatencyBuckets(t *testing.T) {
	var l Latency
	for _, d := range []time.Duration{0, 100 * time.Microsecond, 101 * time.Microsecond, 3 * time.Millisecond, time.Minute} {
		l.Observe(d)
	}
	counts, sum := l.Cumulative()
	require.Equal(t, uint64(2), counts[0], "0 and exactly 100 µs are in the first bucket")
	require.Equal(t, uint64(3), counts[1], "101 µs is in the second")
	require.Equal(t, uint64(3), counts[6], "nothing between 250 µs and 2 ms")
	require.Equal(t, uint64(4), counts[7], "3 ms is at most 3 ms")
	require.Equal(t, uint64(4), counts[len(LatencyBounds)-1], "a minute is over every bound")
	require.Equal(t, uint64(5), counts[len(LatencyBounds)], "the last count is all")
	require.Equal(t, time.Minute+3*time.Millisecond+201*time.Microsecond, sum)
}
