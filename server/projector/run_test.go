package projector

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/live"
	"scorecast/server/projection"
	"scorecast/shared"
)

// TestRunPublishesInOrderAloneAndInBursts runs the projector on a real
// stream and store, feeding a real hub that a WebSocket client follows.
// A burst that leaves a backlog and lone events both go through the
// publisher (see handOver), and every agent's messages arrive in order:
// each patch applies to the view the message before it carried, and the
// last view is the stored one.
func TestRunPublishesInOrderAloneAndInBursts(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	now := time.Now().UTC()
	b, st, state := streamAndStore(ctx, t, now)
	hub := live.New(live.Config{Snapshots: state, Authenticate: func(*http.Request) (live.Viewer, error) {
		return live.Viewer{Org: "o"}, nil
	}})
	hubCtx, stopHub := context.WithCancel(ctx)
	hubDone := make(chan error, 1)
	go func() { hubDone <- hub.Run(hubCtx) }()
	srv := httptest.NewServer(hub)
	t.Cleanup(func() { stopHub(); <-hubDone; srv.Close() })
	// Batches of 8 at most, so that a burst leaves a backlog.
	p, err := New(Config{Bus: b, Store: st, State: state, Live: hub, MaxBatch: 8})
	require.NoError(t, err)

	const agents = 5
	// A client follows every agent's topic, as a screen would: from a
	// snapshot, then applying each message's view, whole or patch.
	ws, _, err := websocket.Dial(ctx, strings.Replace(srv.URL, "http", "ws", 1), nil)
	require.NoError(t, err)
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)
	for i := range agents {
		sub, _ := json.Marshal(shared.ClientMessage{Op: shared.OpSubscribe, Topic: fmt.Sprintf("agent/a-%d", i)})
		require.NoError(t, ws.Write(ctx, websocket.MessageText, sub))
	}
	var mu sync.Mutex
	views := map[string]*shared.AgentView{} // by agent topic, as the client holds it
	snapAt := map[string]uint64{}           // and the at of its snapshot: what it skips, as the PWA does
	var broken []string
	go func() {
		for {
			_, data, err := ws.Read(ctx)
			if err != nil {
				return
			}
			var m shared.Message
			if !assert.NoError(t, json.Unmarshal(data, &m)) {
				return
			}
			mu.Lock()
			v := views[m.Topic]
			switch m.Kind {
			case shared.KindSnapshot:
				v = &shared.AgentView{}
				assert.NoError(t, json.Unmarshal(m.Data, v))
				views[m.Topic], snapAt[m.Topic] = v, v.At
			default:
				// Any message on an agent's topic may carry the view (a
				// wallet's for coins a team goal gave, say, with no points
				// message): its "at", "agent" and "patch" read as a
				// points message's do.
				var d shared.PointsData
				if assert.NoError(t, json.Unmarshal(m.Data, &d)) && v != nil && d.At > snapAt[m.Topic] && !d.ApplyTo(v) {
					broken = append(broken, fmt.Sprintf("%s: %s patch on %d, view at %d", m.Topic, m.Kind, d.Patch.Base, v.At))
				}
			}
			mu.Unlock()
		}
	}()
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(views) == agents
	}, 10*time.Second, time.Millisecond, "a snapshot of every agent's topic")

	n := 0
	publish := func(count int) {
		msgs := make([]bus.Message, count)
		for i := range msgs {
			ev := scoring.Event{ID: fmt.Sprintf("e-%d", n), Type: "survey.completed", Agent: fmt.Sprintf("a-%d", n%agents),
				Team: "t-1", Time: now, Metrics: map[string]any{"csat": 5}}
			n++
			data, err := json.Marshal(ev)
			require.NoError(t, err)
			msgs[i] = bus.Message{Org: "o", ID: ev.ID, Data: data}
		}
		_, err := b.Publish(ctx, msgs)
		require.NoError(t, err)
	}
	// published waits until the live messages of the first want events are
	// out, which follows their commit.
	published := func(want int) {
		require.Eventually(t, func() bool {
			counts, _ := p.Stats().Published.Cumulative()
			return counts[len(LatencyBounds)] == uint64(want)
		}, 30*time.Second, time.Millisecond)
	}
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	// Cleanups run last first: the projector stops before the store and
	// the stream close, however the test ends.
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			cancel()
			<-done
		}
	})
	require.Eventually(t, func() bool {
		p.Lock()
		defer p.Unlock()
		return p.pub != nil
	}, 10*time.Second, time.Millisecond)
	// A backlog: the projector is held while a burst fills its queue.
	func() {
		p.Lock()
		defer p.Unlock()
		publish(600)
		require.Eventually(t, func() bool { return len(p.incoming) == cap(p.incoming) }, 10*time.Second, time.Millisecond)
	}()
	published(n)
	require.Eventually(t, func() bool { return p.queued.Load() == 0 }, 10*time.Second, time.Millisecond)
	// Lone events, each applied before the next comes.
	for range 10 {
		publish(1)
		published(n)
	}

	// The live messages are on their way to the subscription: follow them
	// until every agent's view is the stored one.
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		if len(views) != agents {
			return false
		}
		for topic, v := range views {
			got, err := p.AgentView("o", topic[len("agent/"):])
			if err != nil || got.XP != v.XP || !assert.ObjectsAreEqual(got.Points, v.Points) {
				return false
			}
		}
		return true
	}, 10*time.Second, time.Millisecond, "every agent's view as its messages tell it becomes the stored one")
	mu.Lock()
	assert.Empty(t, broken, "every patch applies to the view of the message before it")
	mu.Unlock()
	cancel()
	stopped = true
	require.NoError(t, <-done)
}

// A new snapshot for the processed-event lookups is due every snapshotEvery
// events, and every event its lookups cannot see (applied since it was
// taken, or applied and not yet committed then) is among its org's recent
// ids, whose lookups need no snapshot.
func TestRecentIDsCoverWhatTheSnapshotMisses(t *testing.T) {
	start := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	pb := &publisher{snapshotTime: start}
	var due []uint64
	for events := uint64(1); events <= 3*snapshotEvery+1; events++ {
		if pb.snapshotDue(events, start.Add(time.Duration(events)*time.Microsecond)) { // a fast rate
			due = append(due, events)
		}
	}
	assert.Equal(t, []uint64{snapshotEvery, 2 * snapshotEvery, 3 * snapshotEvery}, due)
	// At a slow rate, a snapshot is not kept longer than snapshotMaxAge.
	at := start.Add(time.Hour)
	assert.True(t, pb.snapshotDue(3*snapshotEvery+2, at))
	assert.False(t, pb.snapshotDue(3*snapshotEvery+3, at.Add(snapshotMaxAge-time.Millisecond)))
	assert.True(t, pb.snapshotDue(3*snapshotEvery+4, at.Add(snapshotMaxAge)))

	// The most a lookup's snapshot misses: the events applied until the
	// next is due, the commits in flight when it was taken, and the batch
	// it was taken after, each at the largest batch allowed.
	missed := snapshotEvery + (pipelineDepth+1)*maxMaxBatch
	o, err := storeProjector(t, start).Org("o")
	require.NoError(t, err)
	applied := 0
	// The recent ids hold the fewest just after they turn over, which
	// they do every projection.MaxRecent ids.
	for _, upTo := range []int{missed, projection.MaxRecent + 1, 2*projection.MaxRecent + 1, 2*projection.MaxRecent + projection.MaxRecent/2} {
		for ; applied < upTo; applied++ {
			o.Remember("ev-" + strconv.Itoa(applied))
		}
		for i := max(0, applied-missed); i < applied; i++ {
			require.True(t, o.Applied("ev-"+strconv.Itoa(i)), "event %d of %d is not among the recent ids", i, applied)
		}
	}
}
