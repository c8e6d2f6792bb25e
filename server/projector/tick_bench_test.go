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
	// A quiet tick comes a quarter of an hour in, every time: nothing is
	// due. The n-th midnight tick comes n days in: every period rolls.
	quiet := func(int) time.Duration { return 15 * time.Minute }
	midnight := func(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
	for _, bc := range []struct {
		agents int
		name   string
		after  func(n int) time.Duration
	}{
		{1000, "quiet", quiet}, {1000, "midnight", midnight},
		{10000, "quiet", quiet}, {10000, "midnight", midnight},
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
			for n := 1; b.Loop(); n++ {
				seq++
				at := now.Add(bc.after(n))
				p.Lock()
				err := p.tick("o", bus.Control{ID: fmt.Sprintf("tick-%d", seq), Kind: bus.ControlTick, Time: at}, seq)
				p.unlock()
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
