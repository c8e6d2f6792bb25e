package projector

import (
	"fmt"
	"testing"
	"time"

	"scorecast/scoring"
	"scorecast/server/bus"
)

// BenchmarkTick is a scheduler's tick for a floor of agents who have all
// scored: a quiet one (every 15 minutes, nothing due) and one at midnight,
// when every agent's day rolls over and every record is written. The
// projector holds its lock for all of it, so every event behind it waits as
// long. Run with
// go test ./server/projector -run '^$' -bench Tick -benchmem
func BenchmarkTick(b *testing.B) {
	for _, bc := range []struct {
		agents int
		name   string
		every  time.Duration
	}{
		{1000, "quiet", 15 * time.Minute}, {1000, "midnight", 24 * time.Hour},
		{10000, "quiet", 15 * time.Minute}, {10000, "midnight", 24 * time.Hour},
	} {
		agents := bc.agents
		b.Run(fmt.Sprintf("agents-%d/%s", agents, bc.name), func(b *testing.B) {
			now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
			p := storeProjector(b, now)
			defer drainCommits(b, p)()
			seq := uint64(0)
			const perBatch = 256
			for from := 0; from < agents; from += perBatch {
				var batch []*decoded
				for a := from; a < min(agents, from+perBatch); a++ {
					seq++
					batch = append(batch, &decoded{seq: seq, org: "o", ev: scoring.Event{ID: fmt.Sprintf("e-%d", a), Type: "survey.completed",
						Agent: fmt.Sprintf("a-%d", a), Team: fmt.Sprintf("t-%d", a%(agents/20)), Time: now,
						Metrics: map[string]any{"csat": 5.0}}})
				}
				if err := p.applyBatch(batch); err != nil {
					b.Fatal(err)
				}
			}
			ticks := 0
			for b.Loop() {
				seq++
				ticks++
				// Quiet ticks stay within the day: one that crossed
				// midnight would roll every period over.
				at := now.Add(bc.every * time.Duration(ticks%16+1))
				if bc.every >= 24*time.Hour {
					at = now.Add(bc.every * time.Duration(ticks))
				}
				p.mu.Lock()
				err := p.tick("o", bus.Control{ID: fmt.Sprintf("tick-%d", seq), Kind: bus.ControlTick, Time: at}, seq)
				err2 := p.unlock()
				if err != nil || err2 != nil {
					b.Fatal(err, err2)
				}
			}
		})
	}
}
