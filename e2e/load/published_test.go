package main

import (
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
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

// readMetrics takes the published-latency buckets and the counts of
// collections, yielded states and allocated bytes from the server's text, whatever else is there, and refuses
// a count it cannot read.
func TestReadMetrics(t *testing.T) {
	var body atomic.Value // what /metrics answers
	body.Store("# TYPE scorecast_go_gc_cycles_total counter\n" +
		"scorecast_go_gc_cycles_total 7\n" +
		"scorecast_events_applied_total 3\n" +
		"scorecast_live_states_yielded 12\n" +
		"scorecast_go_alloc_bytes_total 123456789\n" +
		`scorecast_event_published_seconds_bucket{le="0.001"} 2` + "\n" +
		`scorecast_event_published_seconds_bucket{le="+Inf"} 3` + "\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, body.Load().(string))
	}))
	defer srv.Close()
	m, err := readMetrics(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if m.collections != 7 || m.yielded != 12 || m.allocated != 123456789 {
		t.Errorf("collections = %d, yielded = %d, allocated = %d, want 7, 12 and 123456789", m.collections, m.yielded, m.allocated)
	}
	if want := []uint64{2, 3}; !slices.Equal(m.published.counts, want) || m.published.bounds[0] != 0.001 || !math.IsInf(m.published.bounds[1], 1) {
		t.Errorf("published = %+v, want counts %v at 0.001 and +Inf", m.published, want)
	}

	body.Store("scorecast_go_gc_cycles_total seven\n")
	if _, err := readMetrics(context.Background(), srv.URL); err == nil {
		t.Error("a count that is not a number was read")
	}
}
