package projector

import (
	"fmt"
	"testing"
	"time"

	"scorecast/scoring"
)

// BenchmarkBatch is the projector's own work for a batch of eight events
// for eight agents, as the load harness posts them (one survey each): the
// lookups, applying, ranking, encoding and handing over the commit, and
// building the live messages for watched topics (every topic here; their
// JSON is the hub's work now). Its time is on every
// event's way to a screen, before the commit's. Run with
// go test ./server/projector -run '^$' -bench Batch -benchmem
func BenchmarkBatch(b *testing.B) { benchBatch(b, 5) }

// BenchmarkBatchNoCoins is BenchmarkBatch with surveys that earn points
// and no coins (a CSAT of 4 under the default ruleset): events without
// coins must not pay for the ledger, so its figures are the projector's
// before coins existed.
func BenchmarkBatchNoCoins(b *testing.B) { benchBatch(b, 4) }

// benchBatch applies batches of surveys with the CSAT csat.
func benchBatch(b *testing.B, csat float64) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(b, now)
	stop := drainCommits(b, p)
	const agents, teams, perBatch = 1000, 50, 8
	seq := uint64(0)
	batch := func(n int) []*decoded {
		out := make([]*decoded, perBatch)
		for i := range out {
			k := n*perBatch + i
			seq++
			a := k % agents
			out[i] = &decoded{seq: seq, org: "o", ev: scoring.Event{ID: fmt.Sprintf("e-%d", k), Type: "survey.completed",
				Agent: fmt.Sprintf("a-%d", a), Team: fmt.Sprintf("t-%d", a%teams), Time: now.Add(time.Duration(k) * time.Millisecond),
				Metrics: map[string]any{"csat": csat}}}
		}
		return out
	}
	// Every agent has its state and a view sent before the measured
	// batches, as on a floor that has been running.
	n := 0
	for ; n < 2*agents/perBatch; n++ {
		if err := p.applyBatch(batch(n)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		next := batch(n)
		n++
		b.StartTimer()
		if err := p.applyBatch(next); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	stop()
}

// drainCommits waits for every commit the projector hands over and keeps
// its views for reuse, as its publisher would; stop closes the queue and
// waits for the last.
func drainCommits(tb testing.TB, p *Projector) (stop func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for c := range p.commits {
			if c.wait != nil {
				if err := c.wait(); err != nil {
					tb.Error(err)
				}
			}
			p.keepSpare(c.views)
		}
	}()
	return func() {
		close(p.commits)
		<-done
	}
}
