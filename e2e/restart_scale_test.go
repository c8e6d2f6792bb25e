package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRestartAtScale fills the stream with SCORECAST_RESTART_EVENTS events
// (e.g. 1000000) over 10,000 agents, kills the server with SIGKILL and
// measures the time from the new process's start to /readyz answering 200.
// It runs only when asked for: filling a million events takes minutes.
//
//	SCORECAST_RESTART_EVENTS=1000000 go test ./e2e -run RestartAtScale -v -timeout 30m
func TestRestartAtScale(t *testing.T) {
	env := os.Getenv("SCORECAST_RESTART_EVENTS")
	if env == "" {
		t.Skip("set SCORECAST_RESTART_EVENTS to run")
	}
	n, err := strconv.Atoi(env)
	if err != nil || n <= 0 {
		t.Fatalf("SCORECAST_RESTART_EVENTS=%q: want a whole number of events, e.g. 1000000", env)
	}
	dir := t.TempDir()
	s := startServer(t, dir, "--ingest-rate", "10000000")
	const batch, posters = 1000, 4
	start := time.Now()
	var wg sync.WaitGroup
	for p := range posters {
		wg.Go(func() {
			for b := p; b*batch < n; b += posters {
				var nd bytes.Buffer
				for j := 0; j < batch && b*batch+j < n; j++ {
					i := b*batch + j
					e := event{ID: fmt.Sprintf("scale-%d", i), Type: "ticket.solved", Agent: fmt.Sprintf("a-%d", i%10000),
						Team: fmt.Sprintf("t-%d", i%10000/20), Time: time.Now().UTC(), Metrics: map[string]any{"first_contact_resolution": i%3 == 0}}
					line, _ := json.Marshal(e)
					nd.Write(line)
					nd.WriteByte('\n')
				}
				status, out := s.post("application/x-ndjson", nd.Bytes(), ingestKey)
				if status != http.StatusAccepted {
					t.Errorf("ingest: %d %s", status, out)
					return
				}
			}
		})
	}
	wg.Wait()
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		got := eventsApplied(s)
		assert.GreaterOrEqual(c, got, uint64(n), "applied %d of %d", got, n)
	}, 30*time.Minute, pollEvery)
	t.Logf("%d events stored and applied in %s (%.0f events/s)", n, time.Since(start).Round(time.Millisecond), float64(n)/time.Since(start).Seconds())
	s.Kill()

	restart := time.Now()
	s2 := startServer(t, dir)
	ready := time.Since(restart)
	require.GreaterOrEqual(t, eventsApplied(s2), uint64(n))
	t.Logf("restart with %d events in the stream: ready in %s", n, ready.Round(time.Millisecond))
}
