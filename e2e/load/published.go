package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// publishedMetric is the server's histogram of the time from an event's
// storing in the stream to the publishing of its live messages: the
// projection's part of accepted→frame, the rest being the hub's, the
// socket's and the client's.
const publishedMetric = "scorecast_event_published_seconds_bucket"

// collectionsMetric counts the server's garbage collections: at 10k clients
// a collection holds the frames of its marking, so a round's p99 is read
// beside how many it held.
const collectionsMetric = "scorecast_go_gc_cycles_total"

// allocMetric counts the bytes the server has allocated: divided by the
// events of a stretch, the garbage one event costs.
const allocMetric = "scorecast_go_alloc_bytes_total"

// yieldedMetric counts the board and team states the hub held back until
// the frames queued before them were written.
const yieldedMetric = "scorecast_live_states_yielded"

// serverMetrics is what the harness reads from the server's /metrics.
type serverMetrics struct {
	published   histogram
	collections uint64
	yielded     uint64
	allocated   uint64 // bytes
}

// histogram is a Prometheus histogram's cumulative counts by upper bound,
// in ascending order of bound; the last bound is +Inf.
type histogram struct {
	bounds []float64 // seconds
	counts []uint64
}

// readMetrics reads the server's published-latency histogram, its count of
// collections, of yielded states and of bytes allocated.
func readMetrics(ctx context.Context, url string) (serverMetrics, error) {
	var m serverMetrics
	h := &m.published
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/metrics", nil)
	if err != nil {
		return m, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return m, fmt.Errorf("metrics: %w", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if counter, n, ok := strings.Cut(sc.Text(), " "); ok {
			dst := map[string]*uint64{collectionsMetric: &m.collections, yieldedMetric: &m.yielded, allocMetric: &m.allocated}[counter]
			if dst != nil {
				v, err := strconv.ParseUint(n, 10, 64)
				if err != nil {
					return m, fmt.Errorf("metrics: bad count in %q: %w", sc.Text(), err)
				}
				*dst = v
				continue
			}
		}
		rest, ok := strings.CutPrefix(sc.Text(), publishedMetric+`{le="`)
		if !ok {
			continue
		}
		le, count, ok := strings.Cut(rest, `"} `)
		if !ok {
			return m, fmt.Errorf("metrics: bad line %q", sc.Text())
		}
		bound, err := strconv.ParseFloat(le, 64) // ParseFloat reads "+Inf"
		if err != nil {
			return m, fmt.Errorf("metrics: bad bound in %q: %w", sc.Text(), err)
		}
		n, err := strconv.ParseUint(count, 10, 64)
		if err != nil {
			return m, fmt.Errorf("metrics: bad count in %q: %w", sc.Text(), err)
		}
		h.bounds, h.counts = append(h.bounds, bound), append(h.counts, n)
	}
	if err := sc.Err(); err != nil {
		return m, fmt.Errorf("metrics: %w", err)
	}
	if len(h.counts) == 0 {
		return m, fmt.Errorf("metrics: no %s", publishedMetric)
	}
	return m, nil
}

// since is h less what was already counted in before (same bounds).
func (h histogram) since(before histogram) histogram {
	out := histogram{bounds: h.bounds, counts: make([]uint64, len(h.counts))}
	for i := range h.counts {
		out.counts[i] = h.counts[i]
		if i < len(before.counts) {
			out.counts[i] -= min(before.counts[i], h.counts[i])
		}
	}
	return out
}

// add pools o into h (same bounds).
func (h *histogram) add(o histogram) {
	if h.counts == nil {
		h.bounds, h.counts = o.bounds, make([]uint64, len(o.counts))
	}
	for i := range min(len(h.counts), len(o.counts)) {
		h.counts[i] += o.counts[i]
	}
}

// quantile estimates the p-th percentile, interpolating linearly inside its
// bucket as Prometheus's histogram_quantile does; 0 with no counts.
func (h histogram) quantile(p float64) time.Duration {
	if len(h.counts) == 0 || h.counts[len(h.counts)-1] == 0 {
		return 0
	}
	rank := p / 100 * float64(h.counts[len(h.counts)-1])
	lower, below := 0.0, uint64(0)
	for i, c := range h.counts {
		if float64(c) >= rank {
			upper := h.bounds[i]
			if i == len(h.counts)-1 && i > 0 { // +Inf: the largest finite bound is all we know
				upper = h.bounds[i-1]
			}
			in := float64(c - below)
			frac := 1.0
			if in > 0 {
				frac = (rank - float64(below)) / in
			}
			return time.Duration((lower + (upper-lower)*frac) * float64(time.Second))
		}
		lower, below = h.bounds[i], c
	}
	return time.Duration(lower * float64(time.Second))
}
