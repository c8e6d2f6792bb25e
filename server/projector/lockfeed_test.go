package projector

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/live"
	"scorecast/server/projection"
	"scorecast/server/store"
)

// readingFeed reads the State while it is handed messages, as the hub does
// when it reads a board's whole state as its frame goes out.
type readingFeed struct {
	state     *projection.State
	published atomic.Int64
}

func (f *readingFeed) Watching(string, string) bool { return true }

func (f *readingFeed) Publish(org string, msgs []live.Message) {
	_, _ = f.state.Leaderboard(org, "agents", "day", 10)
	f.published.Add(int64(len(msgs)))
}

func (f *readingFeed) Durable(uint64) {}

// TestABacklogNeverWaitsForAReaderOfTheState runs a burst through a
// projector whose Feed reads the State as it publishes, as the hub does. A
// backlog sends commits to the publisher; the projector must not wait for
// the publisher with the State locked, since the publisher may be waiting
// for that lock: the burst has to get through.
func TestABacklogNeverWaitsForAReaderOfTheState(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	now := time.Now().UTC()
	b, st, state := streamAndStore(ctx, t, now)
	feed := &readingFeed{state: state}
	p, err := New(Config{Bus: b, Store: st, State: state, Live: feed, MaxBatch: 4})
	require.NoError(t, err)

	const events = 2000
	msgs := make([]bus.Message, events)
	for i := range msgs {
		ev := scoring.Event{ID: fmt.Sprintf("e-%d", i), Type: "survey.completed", Agent: fmt.Sprintf("a-%d", i%50),
			Team: "t-1", Time: now, Metrics: map[string]any{"csat": 5}}
		data, err := json.Marshal(ev)
		require.NoError(t, err)
		msgs[i] = bus.Message{Org: "o", ID: ev.ID, Data: data}
	}
	_, err = b.Publish(ctx, msgs)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not stop: it is stuck with the State locked")
		}
	})
	require.Eventually(t, func() bool {
		counts, _ := p.Stats().Published.Cumulative()
		return counts[len(LatencyBounds)] == events
	}, 30*time.Second, 5*time.Millisecond, "every event's messages handed over")
	require.Positive(t, feed.published.Load())
}

// streamAndStore opens a real stream and store for a test, with org "o" on
// the default ruleset, and loads the State from the store.
func streamAndStore(ctx context.Context, t *testing.T, now time.Time) (*bus.Bus, *store.Store, *projection.State) {
	t.Helper()
	b, err := bus.Open(ctx, bus.Config{Dir: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(b.Close)
	st, err := store.Open(store.Config{Dir: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.PutOrg(store.Org{ID: "o", Name: "O", Created: now}))
	require.NoError(t, st.PutRuleset("o", store.RulesetVersion{Version: 1, Published: now, By: "test", Ruleset: scoring.DefaultRuleset()}))
	state, err := projection.LoadState(st, nil)
	require.NoError(t, err)
	return b, st, state
}
