package main

import (
	"math"
	"testing"
	"time"
)

// Quantiles interpolate inside their bucket, and the +Inf bucket reads as
// the largest finite bound.
func TestHistogramQuantile(t *testing.T) {
	before := histogram{bounds: []float64{0.001, 0.002, 0.004, math.Inf(1)}, counts: []uint64{5, 5, 5, 5}}
	after := histogram{bounds: before.bounds, counts: []uint64{55, 105, 105, 106}}
	h := after.since(before) // 50 under 1 ms, 50 in 1–2 ms, 1 over 4 ms: 101 in all
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0, 0}, {25, 505 * time.Microsecond}, {50, 1010 * time.Microsecond}, {99, 1999800 * time.Nanosecond}, {100, 4 * time.Millisecond}} {
		if got := h.quantile(c.p); (got - c.want).Abs() > time.Microsecond {
			t.Errorf("p%v = %s, want %s", c.p, got, c.want)
		}
	}
	var pooled histogram
	pooled.add(h)
	pooled.add(h)
	if pooled.counts[3] != 202 || pooled.quantile(50) != h.quantile(50) {
		t.Errorf("pooled %v: p50 %s, want %s", pooled.counts, pooled.quantile(50), h.quantile(50))
	}
	if (histogram{}).quantile(50) != 0 {
		t.Error("an empty histogram's p50 is not 0")
	}
}
