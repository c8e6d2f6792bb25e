package projector

import (
	"sync/atomic"
	"time"
)

// LatencyBounds are the upper bounds of a Latency's buckets; a last bucket
// takes what is over the largest.
var LatencyBounds = [...]time.Duration{
	100 * time.Microsecond, 250 * time.Microsecond, 500 * time.Microsecond, 750 * time.Microsecond,
	time.Millisecond, 1500 * time.Microsecond, 2 * time.Millisecond, 3 * time.Millisecond,
	4 * time.Millisecond, 5 * time.Millisecond, 7500 * time.Microsecond, 10 * time.Millisecond,
	25 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 250 * time.Millisecond,
	500 * time.Millisecond, time.Second, 2500 * time.Millisecond, 5 * time.Second,
}

// Latency is a histogram of durations in the buckets of LatencyBounds, safe
// for concurrent use and cheap enough to observe every event.
type Latency struct {
	counts [len(LatencyBounds) + 1]atomic.Uint64
	sum    atomic.Int64 // nanoseconds
}

// Observe adds one duration.
func (l *Latency) Observe(d time.Duration) {
	i := 0
	for i < len(LatencyBounds) && d > LatencyBounds[i] {
		i++
	}
	l.counts[i].Add(1)
	l.sum.Add(int64(d))
}

// Cumulative returns, per bound of LatencyBounds and then for all, how many
// durations were at most it (Prometheus's buckets), and their sum.
func (l *Latency) Cumulative() (counts [len(LatencyBounds) + 1]uint64, sum time.Duration) {
	var total uint64
	for i := range l.counts {
		total += l.counts[i].Load()
		counts[i] = total
	}
	return counts, time.Duration(l.sum.Load())
}
