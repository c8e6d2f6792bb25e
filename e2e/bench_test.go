package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// BenchmarkLivePath measures, on the built binary, the time from the ingest
// API's 202 to the WebSocket frame that shows the points, and beside it, in
// the same run, a bare in-process NATS publish→subscribe round trip: the
// floor that any live path on this machine sits on.
//
//	go test ./e2e -run '^$' -bench LivePath -benchtime 2000x
func BenchmarkLivePath(b *testing.B) {
	s := startServer(b, "")
	ctx := withContext(b, 10*time.Minute)
	c := dialLive(b, ctx, s)
	const agent = "a-bench"
	c.subscribe(ctx, shared.AgentTopic(agent), nil)
	require.Equal(b, shared.KindSnapshot, c.next(ctx).Kind)

	// One reader stamps every frame's arrival by the event that caused it.
	var mu sync.Mutex
	arrived := map[string]time.Time{}
	notify := make(chan struct{}, 1)
	go func() {
		for {
			_, data, err := c.ws.Read(ctx)
			if err != nil {
				return
			}
			now := time.Now()
			var m shared.Message
			var pd shared.PointsData
			if json.Unmarshal(data, &m) != nil || m.Kind != shared.KindPoints || json.Unmarshal(m.Data, &pd) != nil {
				continue
			}
			mu.Lock()
			if _, ok := arrived[pd.Event]; !ok {
				arrived[pd.Event] = now
			}
			mu.Unlock()
			select {
			case notify <- struct{}{}:
			default:
			}
		}
	}()
	waitFrame := func(id string) time.Time {
		for {
			mu.Lock()
			t, ok := arrived[id]
			mu.Unlock()
			if ok {
				return t
			}
			select {
			case <-notify:
			case <-time.After(5 * time.Second):
				b.Fatalf("no frame for event %s within 5 s", id)
			}
		}
	}

	accepted := make([]time.Duration, 0, b.N)
	roundTrip := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev := survey(agent, "t-bench") // always scores: no cap
		body, _ := json.Marshal(ev)
		start := time.Now()
		status, out := s.post("application/json", body, ingestKey)
		acceptedAt := time.Now()
		if status != http.StatusAccepted {
			b.Fatalf("ingest: %d %s", status, out)
		}
		frameAt := waitFrame(ev.ID)
		accepted = append(accepted, max(0, frameAt.Sub(acceptedAt)))
		roundTrip = append(roundTrip, frameAt.Sub(start))
	}
	b.StopTimer()
	natsLat := natsRoundTrips(b, b.N)
	report(b, "accepted→frame", accepted)
	report(b, "post→frame", roundTrip)
	report(b, "nats", natsLat)
	b.ReportMetric(float64(percentile(roundTrip, 50))/float64(percentile(natsLat, 50)), "p50-ratio-vs-nats")
}

// BenchmarkThroughput posts NDJSON batches of 500 events over 200 agents and
// measures events/s scored and durable (the projection's sequence reaching
// the last event). e2e/load -throughput measures it beside the raw floor.
//
//	go test ./e2e -run '^$' -bench Throughput -benchtime 20x
func BenchmarkThroughput(b *testing.B) {
	s := startServer(b, "")
	const batch = 500
	b.ResetTimer()
	start := time.Now()
	var last uint64
	for i := 0; i < b.N; i++ {
		var nd bytes.Buffer
		for j := 0; j < batch; j++ {
			e := ticket(fmt.Sprintf("a-%d", (i*batch+j)%200), fmt.Sprintf("t-%d", j%10), j%3 == 0)
			line, _ := json.Marshal(e)
			nd.Write(line)
			nd.WriteByte('\n')
		}
		status, out := s.post("application/x-ndjson", nd.Bytes(), ingestKey)
		if status != http.StatusAccepted {
			b.Fatalf("ingest: %d %s", status, out)
		}
		last += batch
	}
	// A short tick: the time until the last event is applied is the figure.
	require.EventuallyWithT(b, func(c *assert.CollectT) {
		got := eventsApplied(s)
		assert.GreaterOrEqual(c, got, last, "the projection applied %d of %d events", got, last)
	}, 2*time.Minute, 5*time.Millisecond)
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(last)/elapsed.Seconds(), "events/s")
}

func report(b *testing.B, name string, d []time.Duration) {
	b.ReportMetric(float64(percentile(d, 50).Microseconds()), name+"-p50-µs")
	b.ReportMetric(float64(percentile(d, 99).Microseconds()), name+"-p99-µs")
}

func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s) - 1) * p / 100
	return max(s[i], time.Nanosecond)
}

// natsRoundTrips measures n sequential publish→subscribe hops of a 300-byte
// message through an embedded, in-process NATS server.
func natsRoundTrips(tb testing.TB, n int) []time.Duration {
	ns, err := natsserver.NewServer(&natsserver.Options{DontListen: true, NoSigs: true, NoLog: true})
	require.NoError(tb, err)
	go ns.Start()
	require.True(tb, ns.ReadyForConnections(10*time.Second))
	defer ns.Shutdown()
	nc, err := nats.Connect("", nats.InProcessServer(ns))
	require.NoError(tb, err)
	defer nc.Close()
	ch := make(chan *nats.Msg, 1)
	sub, err := nc.ChanSubscribe("bench", ch)
	require.NoError(tb, err)
	defer sub.Unsubscribe()
	payload := bytes.Repeat([]byte("x"), 300)
	out := make([]time.Duration, 0, n)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := 0; i < n; i++ {
		start := time.Now()
		require.NoError(tb, nc.Publish("bench", payload))
		select {
		case <-ch:
		case <-ctx.Done():
			tb.Fatal("nats round trip timed out")
		}
		out = append(out, time.Since(start))
	}
	return out
}
