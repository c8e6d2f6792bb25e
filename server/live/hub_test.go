package live

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// A client that stops reading is closed with CloseSlowClient, while a
// second client on the same topic receives every message, in order.
func TestSlowClientIsClosedOthersGetEverything(t *testing.T) {
	th := startHub(t, Config{QueueSize: 16, WriteTimeout: 10 * time.Second})
	ctx := testCtx(t, 15*time.Second)
	const topic = "agent/a-1"
	slow, fast, seq := stalledAndFast(ctx, t, th, topic)

	const n = 1000
	read, done := readInOrder(ctx, fast, seq, n)
	// The slow client reads nothing now; 2 KiB frames fill its socket
	// buffers and then its queue of 16.
	publishPaced(t, th, topic, 0, n, 2<<10, read)
	if err := <-done; err != nil {
		t.Fatalf("fast client: %v", err)
	}
	if th.hub.Stats().SlowClosed.Load() != 1 {
		t.Fatalf("slow closes = %d, want 1", th.hub.Stats().SlowClosed.Load())
	}
	// Reading again, the slow client finds what was buffered, then the close.
	var last uint64
	for {
		m, err := slow.read(ctx)
		if err != nil {
			if code := websocket.CloseStatus(err); code != shared.CloseSlowClient {
				t.Fatalf("slow client ended with %v (code %d), want close code %d", err, code, shared.CloseSlowClient)
			}
			break
		}
		if last != 0 && m.Seq != last+1 {
			t.Fatalf("slow client: seq %d after %d", m.Seq, last)
		}
		last = m.Seq
	}
	if last >= seq+n {
		t.Fatalf("slow client got everything (last seq %d): it was never slow", last)
	}
	th.waitNothingQueued()
}

// A client that stops reading while its queue still has room is dropped
// once a write to it has been stuck for WriteTimeout, and no sooner, while
// a second client on the same topic receives every message, in order.
func TestStalledWriteIsDroppedOthersGetEverything(t *testing.T) {
	// Long enough that the fast client, reading 64 KiB frames on a busy
	// machine with -race, is never the one dropped.
	const writeTimeout = time.Second
	th := startHub(t, Config{QueueSize: 4096, WriteTimeout: writeTimeout})
	ctx := testCtx(t, 20*time.Second)
	const topic = "agent/a-4"
	slow, fast, seq := stalledAndFast(ctx, t, th, topic)

	const before, after = 40, 40 // messages published before and after the drop
	read, done := readInOrder(ctx, fast, seq, before+after)
	// 64 KiB frames: the first one fills the stalled client's socket
	// buffers, and its writer is stuck in a write from then on; its queue
	// holds the rest, far from full.
	const pad = 64 << 10
	start := time.Now()
	publishPaced(t, th, topic, 0, before, pad, read)
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		if th.hub.Stats().DeadClosed.Load() == 0 {
			c.Errorf("stalled client not dropped")
		}
	}, writeTimeout+5*time.Second, 5*time.Millisecond)
	elapsed := time.Since(start)
	if elapsed < writeTimeout {
		t.Fatalf("stalled client dropped %s after the first message, before WriteTimeout (%s)", elapsed, writeTimeout)
	}
	t.Logf("stalled client dropped %s after the first message (WriteTimeout %s)", elapsed, writeTimeout)
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		if n := th.hub.Conns(); n != 1 {
			c.Errorf("%d connections, want 1", n)
		}
	}, 5*time.Second, 5*time.Millisecond)
	publishPaced(t, th, topic, before, before+after, pad, read)
	if err := <-done; err != nil {
		t.Fatalf("fast client: %v", err)
	}
	st := th.hub.Stats()
	if st.DeadClosed.Load() != 1 || st.SlowClosed.Load() != 0 {
		t.Fatalf("dead closes %d, slow closes %d; want 1 and 0", st.DeadClosed.Load(), st.SlowClosed.Load())
	}
	// Reading again, the stalled client finds what was buffered, then the
	// end of a socket closed without a handshake.
	var last uint64
	for {
		m, err := slow.read(ctx)
		if err != nil {
			if code := websocket.CloseStatus(err); code != -1 {
				t.Fatalf("stalled client ended with close code %d (%v), want none", code, err)
			}
			break
		}
		last = m.Seq
	}
	if last >= seq+before {
		t.Fatalf("stalled client got everything (last seq %d): it was never stalled", last)
	}
	th.waitNothingQueued()
}

// waitNothingQueued waits until the hub counts no frame as queued: every
// frame sent to a connection was written or dropped with it. A frame
// counted for ever would hold every board's state back by StateYield.
func (th *testHub) waitNothingQueued() {
	th.tb.Helper()
	require.EventuallyWithT(th.tb, func(c *assert.CollectT) {
		if u := th.hub.unsent.Load(); u != 0 {
			c.Errorf("%d frames counted as queued", u)
		}
	}, 5*time.Second, 5*time.Millisecond)
}

// stalledAndFast subscribes two clients to topic: slow has small socket
// buffers and reads nothing after its snapshot (the caller's choice), fast
// is to read everything. seq is fast's snapshot's.
func stalledAndFast(ctx context.Context, t *testing.T, th *testHub, topic string) (slow, fast *client, seq uint64) {
	t.Helper()
	slow = th.dial(ctx, true)
	slow.subscribe(ctx, topic, nil)
	if m := slow.next(ctx); m.Kind != shared.KindSnapshot {
		t.Fatalf("slow client's first message is %+v, want a snapshot", m)
	}
	fast = th.dial(ctx, false)
	fast.subscribe(ctx, topic, nil)
	snap := fast.next(ctx)
	if snap.Kind != shared.KindSnapshot {
		t.Fatalf("first message is %+v, want a snapshot", snap)
	}
	return slow, fast, snap.Seq
}

// readInOrder reads n messages on c in the background and checks them: seq
// rising by one after after, points data counting from 0 (see points). read
// counts the messages read; done gets the outcome.
func readInOrder(ctx context.Context, c *client, after uint64, n int) (read *atomic.Int64, done <-chan error) {
	read = new(atomic.Int64)
	got := make(chan error, 1)
	go func() {
		want := after + 1
		for i := range n {
			m, err := c.read(ctx)
			if err != nil {
				got <- fmt.Errorf("after %d messages: %w", i, err)
				return
			}
			var d struct{ N int }
			if err := json.Unmarshal(m.Data, &d); err != nil || m.Seq != want || d.N != i {
				got <- fmt.Errorf("message %d is seq %d n %d (%v), want seq %d", i, m.Seq, d.N, err, want)
				return
			}
			want++
			read.Add(1)
		}
		got <- nil
	}()
	return read, got
}

// publishPaced publishes points messages from to to-1 on topic, pad bytes
// each, four to a Publish, and waits for the reader counting read to
// have read every group but the last before it publishes the next one: a
// reader that keeps up is then never more than a few frames behind, and its
// queue never fills.
func publishPaced(t *testing.T, th *testHub, topic string, from, to, pad int, read *atomic.Int64) {
	t.Helper()
	for i := from; i < to; i += 4 {
		envs := make([]Message, 0, 4)
		for j := i; j < min(i+4, to); j++ {
			envs = append(envs, points(topic, j, pad))
		}
		th.publish(envs...)
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			if r := read.Load(); r < int64(i) {
				c.Errorf("fast client read %d of %d", r, i)
			}
		}, 5*time.Second, 5*time.Millisecond)
	}
}

// A client that comes back with since gets exactly the frames it missed.
func TestResumeWithSinceGetsWhatWasMissed(t *testing.T) {
	th := startHub(t, Config{})
	ctx := testCtx(t, 10*time.Second)
	const topic = "agent/a-5"

	c := th.dial(ctx, false)
	c.subscribe(ctx, topic, nil)
	seq := c.next(ctx).Seq
	th.publish(points(topic, 1, 0), points(topic, 2, 0))
	for want := 1; want <= 2; want++ {
		m := c.next(ctx)
		if m.Seq != seq+1 || nOf(t, m) != want {
			t.Fatalf("got seq %d n %d, want seq %d n %d", m.Seq, nOf(t, m), seq+1, want)
		}
		seq = m.Seq
	}
	c.ws.CloseNow()

	// While it is away, 5 more; wait until the hub has delivered them.
	frames := th.hub.Stats().Frames.Load()
	for i := 3; i <= 7; i++ {
		th.publish(points(topic, i, 0))
	}
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		if got := th.hub.Stats().Frames.Load() - frames; got < 5 {
			c.Errorf("%d frames delivered", got)
		}
	}, 5*time.Second, 5*time.Millisecond)

	c2 := th.dial(ctx, false)
	c2.subscribe(ctx, topic, &seq)
	for want := 3; want <= 7; want++ {
		m := c2.next(ctx)
		if m.Kind != shared.KindPoints || m.Seq != seq+1 || nOf(t, m) != want {
			t.Fatalf("resumed: got %s seq %d, want points seq %d n %d", m.Kind, m.Seq, seq+1, want)
		}
		seq = m.Seq
	}
	// And it is subscribed again: the next one comes live.
	th.publish(points(topic, 8, 0))
	if m := c2.next(ctx); m.Seq != seq+1 || nOf(t, m) != 8 {
		t.Fatalf("live after resume: seq %d n %d, want seq %d n 8", m.Seq, nOf(t, m), seq+1)
	}
}

// A since the ring no longer covers (or never did) gets a snapshot, and the
// frames after it follow without a gap.
func TestSinceOutsideTheRingGetsASnapshot(t *testing.T) {
	th := startHub(t, Config{RingSize: 4})
	ctx := testCtx(t, 10*time.Second)
	const topic = "agent/a-2"

	c := th.dial(ctx, false)
	c.subscribe(ctx, topic, nil)
	first := c.next(ctx).Seq
	for i := 1; i <= 10; i++ {
		th.publish(points(topic, i, 0))
	}
	var last uint64
	for range 10 {
		last = c.next(ctx).Seq
	}
	for name, since := range map[string]uint64{
		"evicted":     first + 1,     // seq first+1..first+6 are gone from a ring of 4
		"future":      last + 100,    // from another server run, say
		"earlier run": first - 1_000, // an old base
	} {
		c2 := th.dial(ctx, false)
		c2.subscribe(ctx, topic, &since)
		m := c2.next(ctx)
		if m.Kind != shared.KindSnapshot || m.Seq != last {
			t.Fatalf("%s since %d: got %s seq %d, want a snapshot at seq %d", name, since, m.Kind, m.Seq, last)
		}
		th.publish(points(topic, 11, 0))
		if m := c2.next(ctx); m.Seq != last+1 {
			t.Fatalf("%s: after the snapshot seq %d, want %d", name, m.Seq, last+1)
		}
		last++
		c2.ws.CloseNow()
		c.next(ctx)
	}
	// A covered since still resumes.
	since := last - 2
	c3 := th.dial(ctx, false)
	c3.subscribe(ctx, topic, &since)
	for want := last - 1; want <= last; want++ {
		if m := c3.next(ctx); m.Kind != shared.KindPoints || m.Seq != want {
			t.Fatalf("covered since: got %s seq %d, want points seq %d", m.Kind, m.Seq, want)
		}
	}
}

// A burst of board updates reaches a client as a few frames, seq rising by
// one, the last one the latest state.
func TestBoardFramesAreCoalescedAndEndOnTheLatest(t *testing.T) {
	const interval = 50 * time.Millisecond
	th := startHub(t, Config{CoalesceInterval: interval})
	ctx := testCtx(t, 10*time.Second)
	topic := shared.BoardTopic("agents", "day")

	c := th.dial(ctx, false)
	c.subscribe(ctx, topic, nil)
	seq := c.next(ctx).Seq
	const n = 300
	start := time.Now()
	for i := 1; i <= n; i++ {
		th.publish(Message{Topic: topic, Kind: shared.KindBoard, Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, i))})
	}
	frames := 0
	for {
		m := c.next(ctx)
		frames++
		if m.Kind != shared.KindBoard || m.Seq != seq+1 {
			t.Fatalf("frame %d: %s seq %d, want board seq %d", frames, m.Kind, m.Seq, seq+1)
		}
		seq = m.Seq
		if nOf(t, m) == n {
			break
		}
	}
	elapsed := time.Since(start)
	// The leading frame, then one per interval at most.
	if limit := 2 + int(elapsed/interval); frames > limit {
		t.Fatalf("%d frames in %s, want at most %d", frames, elapsed, limit)
	}
	if th.hub.Stats().Coalesced.Load() == 0 {
		t.Fatal("nothing was coalesced")
	}
	// A later lone update goes out too, without waiting for another burst.
	th.publish(Message{Topic: topic, Kind: shared.KindBoard, Data: json.RawMessage(`{"n":1000}`)})
	if m := c.next(ctx); nOf(t, m) != 1000 || m.Seq != seq+1 {
		t.Fatalf("lone update: n %d seq %d", nOf(t, m), m.Seq)
	}
	seq++
	// A resume gets only delivered frames, without a gap.
	since := seq - 1
	c2 := th.dial(ctx, false)
	c2.subscribe(ctx, topic, &since)
	if m := c2.next(ctx); m.Seq != seq || nOf(t, m) != 1000 {
		t.Fatalf("resume: seq %d n %d, want seq %d n 1000", m.Seq, nOf(t, m), seq)
	}
}

// A topic without subscribers is dropped after TopicIdle; its messages are
// then not kept, and a new subscriber starts from a snapshot.
func TestIdleTopicsAreDropped(t *testing.T) {
	th := startHub(t, Config{TopicIdle: 40 * time.Millisecond})
	ctx := testCtx(t, 10*time.Second)
	const topic = "agent/a-3"

	c := th.dial(ctx, false)
	c.subscribe(ctx, topic, nil)
	c.next(ctx)
	th.publish(points(topic, 1, 0))
	seq := c.next(ctx).Seq
	c.ws.CloseNow()
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		if n := th.hub.Topics(); n != 0 {
			c.Errorf("%d topics held", n)
		}
	}, 5*time.Second, 5*time.Millisecond)
	unrouted := th.hub.Stats().Unrouted.Load()
	th.publish(points(topic, 2, 0))
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		if th.hub.Stats().Unrouted.Load() == unrouted {
			c.Errorf("message not dropped yet")
		}
	}, 5*time.Second, 5*time.Millisecond)
	c2 := th.dial(ctx, false)
	c2.subscribe(ctx, topic, &seq)
	if m := c2.next(ctx); m.Kind != shared.KindSnapshot || m.Seq <= seq {
		t.Fatalf("after the drop: %s seq %d, want a snapshot above seq %d", m.Kind, m.Seq, seq)
	}
}

func TestRefusedSubscriptions(t *testing.T) {
	th := startHub(t, Config{MaxTopics: 1})
	ctx := testCtx(t, 10*time.Second)
	c := th.dial(ctx, false)
	for _, topic := range []string{"nope", "team/forbidden", "agent/forbidden"} {
		c.subscribe(ctx, topic, nil)
		if m := c.next(ctx); m.Kind != shared.KindError || m.Topic != topic {
			t.Fatalf("%s: got %+v, want an error", topic, m)
		}
	}
	c.subscribe(ctx, "agent/a", nil)
	c.next(ctx)
	c.subscribe(ctx, "agent/b", nil)
	if m := c.next(ctx); m.Kind != shared.KindError {
		t.Fatalf("over MaxTopics: got %+v, want an error", m)
	}
	if err := c.ws.Write(ctx, websocket.MessageText, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.read(ctx); websocket.CloseStatus(err) != shared.CloseBadMessage {
		t.Fatalf("bad message: %v, want close %d", err, shared.CloseBadMessage)
	}
}

// On a team topic, views are coalesced but an event (a goal reached) is
// never dropped, and comes after the view it followed.
func TestCoalescingKeepsEvents(t *testing.T) {
	th := startHub(t, Config{CoalesceInterval: time.Hour})
	ctx := testCtx(t, 10*time.Second)
	const topic = "team/t-9"
	c := th.dial(ctx, false)
	c.subscribe(ctx, topic, nil)
	seq := c.next(ctx).Seq
	for i := 1; i <= 50; i++ {
		th.publish(points(topic, i, 0))
	}
	th.publish(Message{Topic: topic, Kind: shared.KindGoal, Data: json.RawMessage(`{"n":-1}`)})
	want := []struct {
		kind string
		n    int
	}{{shared.KindPoints, 1}, {shared.KindPoints, 50}, {shared.KindGoal, -1}}
	for _, w := range want {
		m := c.next(ctx)
		if m.Kind != w.kind || nOf(t, m) != w.n || m.Seq != seq+1 {
			t.Fatalf("got %s n %d seq %d, want %s n %d seq %d", m.Kind, nOf(t, m), m.Seq, w.kind, w.n, seq+1)
		}
		seq = m.Seq
	}
}

func TestRevokeClosesConnections(t *testing.T) {
	th := startHub(t, Config{})
	ctx := testCtx(t, 10*time.Second)
	c := th.dial(ctx, false)
	c.subscribe(ctx, "agent/a", nil)
	if m := c.next(ctx); m.Kind != shared.KindSnapshot {
		t.Fatalf("got %+v, want a snapshot", m)
	}
	if n := th.hub.Revoke("other-org", "user:tester"); n != 0 {
		t.Fatalf("revoked %d connections of another org", n)
	}
	if n := th.hub.Revoke(testOrg, "user:tester"); n != 1 {
		t.Fatalf("revoked %d connections, want 1", n)
	}
	if _, err := c.read(ctx); websocket.CloseStatus(err) != shared.CloseUnauthorized {
		t.Fatalf("after revoke: %v, want close %d", err, shared.CloseUnauthorized)
	}
}

// Pings keep a client that answers them and drop, once PongTimeout has
// passed without a pong, one that does not.
func TestPingsDropClientsThatDoNotAnswer(t *testing.T) {
	const pongTimeout = 300 * time.Millisecond
	th := startHub(t, Config{PingInterval: 50 * time.Millisecond, PongTimeout: pongTimeout})
	ctx := testCtx(t, 10*time.Second)
	const topic = "agent/a-6"
	start := time.Now()

	// A client answers pings only while it reads.
	live := th.dial(ctx, false)
	live.subscribe(ctx, topic, nil)
	seq := live.next(ctx).Seq
	got := make(chan shared.Message)
	go func() {
		defer close(got)
		for {
			m, err := live.read(ctx)
			if err != nil {
				return
			}
			got <- m
		}
	}()
	silent := th.dial(ctx, false)
	silent.subscribe(ctx, topic, nil)

	require.EventuallyWithT(t, func(c *assert.CollectT) {
		if n := th.hub.Stats().DeadClosed.Load(); n != 1 {
			c.Errorf("%d dead closes, want 1", n)
			return
		}
		if n := th.hub.Conns(); n != 1 {
			c.Errorf("%d connections, want 1", n)
		}
	}, 5*time.Second, 5*time.Millisecond)
	if elapsed := time.Since(start); elapsed < pongTimeout {
		t.Fatalf("silent client dropped after %s, before PongTimeout (%s)", elapsed, pongTimeout)
	}
	// The client that answers was pinged all along, and is still served.
	th.publish(points(topic, 1, 0))
	m, ok := <-got
	if !ok || m.Seq != seq+1 || nOf(t, m) != 1 {
		t.Fatalf("after the pings: %+v (open %v), want seq %d n 1", m, ok, seq+1)
	}
}

// Only idle connections are pinged: a client that answers no ping stays
// while frames go to it, for longer than a ping and its pong timeout, and
// is dropped once frames stop.
func TestOnlyIdleConnectionsArePinged(t *testing.T) {
	const pingInterval, pongTimeout = time.Second, 300 * time.Millisecond
	th := startHub(t, Config{PingInterval: pingInterval, PongTimeout: pongTimeout, CoalesceInterval: -1})
	ctx := testCtx(t, 20*time.Second)
	const topic = "agent/a-7"
	silent := th.dial(ctx, false) // never reads, so never answers a ping
	silent.subscribe(ctx, topic, nil)
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		th.publish(points(topic, 0, 0))
		if n := th.hub.Stats().Sent.Load(); n == 0 {
			c.Errorf("not subscribed yet")
		}
	}, 5*time.Second, 5*time.Millisecond)
	// A frame every 50 ms: pacing, not waiting; a stall of the test would
	// have to last most of a second to let the connection go idle.
	busyUntil := time.Now().Add(2 * (pingInterval + pongTimeout))
	for n := 1; time.Now().Before(busyUntil); n++ {
		th.publish(points(topic, n, 0))
		time.Sleep(50 * time.Millisecond)
	}
	if n := th.hub.Stats().DeadClosed.Load(); n != 0 {
		t.Fatalf("a connection frames went to was dropped %d times", n)
	}
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		if n := th.hub.Stats().DeadClosed.Load(); n != 1 {
			c.Errorf("%d dead closes once idle, want 1", n)
		}
	}, 10*time.Second, 5*time.Millisecond)
}

// A connection has a writer goroutine only while it has something to
// write: once its frames are out, none is left, and the next frame starts
// one again.
func TestIdleConnectionsHaveNoWriter(t *testing.T) {
	th := startHub(t, Config{CoalesceInterval: -1})
	ctx := testCtx(t, 15*time.Second)
	const clients, frames = 20, 30
	topic := func(i int) string { return fmt.Sprintf("agent/a-%d", i) }
	cs := make([]*client, clients)
	for i := range cs {
		cs[i] = th.dial(ctx, false)
		cs[i].subscribe(ctx, topic(i), nil)
		if m := cs[i].next(ctx); m.Kind != shared.KindSnapshot {
			t.Fatalf("client %d: first message is %q, want a snapshot", i, m.Kind)
		}
	}
	idle := func() error {
		if n := th.hub.Stats().Writers.Load(); n != 0 {
			return fmt.Errorf("%d writers counted", n)
		}
		// The goroutines themselves, not only the count.
		buf := make([]byte, 1<<20)
		if n := strings.Count(string(buf[:runtime.Stack(buf, true)]), "live.(*Hub).drain("); n != 0 {
			return fmt.Errorf("%d writer goroutines running", n)
		}
		return nil
	}
	for round := range 2 {
		require.EventuallyWithT(t, func(c *assert.CollectT) { assert.NoError(c, idle()) }, 5*time.Second, 5*time.Millisecond)
		for n := range frames {
			envs := make([]Message, clients)
			for i := range envs {
				envs[i] = points(topic(i), round*frames+n, 100)
			}
			th.publish(envs...)
		}
		for i, c := range cs {
			for n := range frames {
				if got, want := nOf(t, c.next(ctx)), round*frames+n; got != want {
					t.Fatalf("round %d, client %d: frame %d carries n=%d, want %d", round, i, n, got, want)
				}
			}
		}
	}
	require.EventuallyWithT(t, func(c *assert.CollectT) { assert.NoError(c, idle()) }, 5*time.Second, 5*time.Millisecond)
}

// A board's or team's whole state that is due while frames are still queued
// to a connection waits until they are written: here a client that has
// stopped reading holds its writer, and the state goes out, coalesced to
// the latest, the moment that client reads again. An event on a team topic
// does not wait, and takes the state held before it along, in order.
func TestStateFramesGiveWayToQueuedFrames(t *testing.T) {
	th := startHub(t, Config{CoalesceInterval: 50 * time.Millisecond, StateYield: time.Hour, WriteTimeout: time.Minute})
	ctx := testCtx(t, 15*time.Second)
	const agent, team = "agent/a-1", "team/t-1"
	board := shared.BoardTopic("agents", "day")

	watcher, boardSeq := th.watch(ctx, board)
	watcher.subscribe(ctx, team, nil)
	teamSeq := watcher.next(ctx).Seq
	const n = 64
	stalled, agentSeq := th.stallAgent(ctx, agent, n)
	hub := th.hub
	frames := hub.Stats().Frames.Load()
	th.publish(Message{Topic: board, Kind: shared.KindBoard, Data: json.RawMessage(`{"n":1}`)},
		Message{Topic: board, Kind: shared.KindBoard, Data: json.RawMessage(`{"n":2}`)},
		points(team, 7, 0),
		Message{Topic: team, Kind: shared.KindGoal, Data: json.RawMessage(`{"n":-1}`)})

	// The goal goes at once, after the team's state it overtook.
	for _, want := range []struct {
		kind string
		n    int
	}{{shared.KindPoints, 7}, {shared.KindGoal, -1}} {
		m := watcher.next(ctx)
		if m.Topic != team || m.Kind != want.kind || nOf(t, m) != want.n || m.Seq != teamSeq+1 {
			t.Fatalf("got %s %s n %d seq %d, want %s %s n %d seq %d", m.Topic, m.Kind, nOf(t, m), m.Seq, team, want.kind, want.n, teamSeq+1)
		}
		teamSeq = m.Seq
	}
	if got := hub.Stats().Frames.Load() - frames; got != 2 {
		t.Fatalf("%d frames delivered while the stalled client's were queued, want the team's 2", got)
	}
	if hub.unsent.Load() == 0 {
		t.Fatal("nothing queued: the stalled client was never stalled")
	}
	if got := hub.Stats().Yielded.Load(); got != 2 {
		t.Fatalf("yielded %d times, want 2 (the board, then the team's state)", got)
	}

	// Reading again, the stalled client takes its frames; then the board
	// goes, with its latest state only.
	for i := range n {
		if m := stalled.next(ctx); m.Seq != agentSeq+1 || nOf(t, m) != i {
			t.Fatalf("stalled client: seq %d n %d, want seq %d n %d", m.Seq, nOf(t, m), agentSeq+1, i)
		}
		agentSeq++
	}
	if m := watcher.next(ctx); m.Topic != board || nOf(t, m) != 2 || m.Seq != boardSeq+1 {
		t.Fatalf("got %s n %d seq %d, want %s n 2 seq %d", m.Topic, nOf(t, m), m.Seq, board, boardSeq+1)
	}
	th.waitNothingQueued()
}

// A state for a topic nobody follows does not wait: it holds up no one.
func TestStateFramesOfUnwatchedTopicsDoNotWait(t *testing.T) {
	th := startHub(t, Config{CoalesceInterval: 50 * time.Millisecond, StateYield: time.Hour, WriteTimeout: time.Minute})
	ctx := testCtx(t, 15*time.Second)
	const agent = "agent/a-1"
	board := shared.BoardTopic("agents", "day")
	hub := th.hub

	// A watcher that leaves keeps the topic (for a resume) without a
	// subscriber.
	watcher, boardSeq := th.watch(ctx, board)
	data, _ := json.Marshal(shared.ClientMessage{Op: shared.OpUnsubscribe, Topic: board})
	if err := watcher.ws.Write(ctx, websocket.MessageText, data); err != nil {
		t.Fatal(err)
	}
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.True(c, hub.Watching(testOrg, board) && hub.lookup(testOrg, board).subscribers() == 0, "the watcher is still subscribed")
	}, 5*time.Second, 5*time.Millisecond)
	th.stallAgent(ctx, agent, 64)
	th.publish(Message{Topic: board, Kind: shared.KindBoard, Data: json.RawMessage(`{"n":1}`)})
	// Delivered to the ring at once: a resume finds it.
	since := boardSeq
	late := th.dial(ctx, false)
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		if hub.Stats().Frames.Load() < 65 {
			c.Errorf("the board is not delivered")
		}
	}, 5*time.Second, 5*time.Millisecond)
	late.subscribe(ctx, board, &since)
	if m := late.next(ctx); nOf(t, m) != 1 || m.Seq != boardSeq+1 {
		t.Fatalf("resume: n %d seq %d, want n 1 seq %d", nOf(t, m), m.Seq, boardSeq+1)
	}
	if y := hub.Stats().Yielded.Load(); y != 0 {
		t.Fatalf("yielded %d times, want none", y)
	}
}

// subscribers counts t's subscribers.
func (t *topic) subscribers() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.subs)
}

// stallAgent subscribes a client with small socket buffers to agent, then
// publishes n frames of 8 KiB on it that the client does not read: they
// cannot all fit in its socket buffers (a few KiB each way), so its writer
// stays in a write, and frames stay queued until the client reads again.
// It returns the client and the seq of its snapshot.
func (th *testHub) stallAgent(ctx context.Context, agent string, n int) (*client, uint64) {
	th.tb.Helper()
	c := th.dial(ctx, true)
	c.subscribe(ctx, agent, nil)
	seq := c.next(ctx).Seq
	sent := th.hub.Stats().Sent.Load()
	for i := range n {
		th.publish(points(agent, i, 8<<10))
	}
	require.EventuallyWithT(th.tb, func(c *assert.CollectT) {
		if got := th.hub.Stats().Sent.Load() - sent; got < uint64(n) {
			c.Errorf("%d frames queued", got)
		}
	}, 5*time.Second, 5*time.Millisecond)
	return c, seq
}

// watch dials a client that subscribes to topic, and returns it and the seq
// of its snapshot.
func (th *testHub) watch(ctx context.Context, topic string) (*client, uint64) {
	th.tb.Helper()
	c := th.dial(ctx, false)
	c.subscribe(ctx, topic, nil)
	return c, c.next(ctx).Seq
}

// Recheck drops the subscriptions a viewer may no longer see, with an error
// frame on each, and no frame of them follows; other viewers' and other
// topics' subscriptions go on.
func TestRecheckDropsSubscriptionsNoLongerAllowed(t *testing.T) {
	var private atomic.Bool
	th := startHub(t, Config{CoalesceInterval: -1, Authenticate: func(r *http.Request) (Viewer, error) {
		if r.URL.Query().Get("role") == "agent" {
			return Viewer{Org: testOrg, Keys: []string{"user:agent"}, May: func(topic string) bool {
				return !strings.HasPrefix(topic, "board/") || !private.Load()
			}}, nil
		}
		return Viewer{Org: testOrg, Keys: []string{"user:super"}, May: func(string) bool { return true }}, nil
	}})
	ctx := testCtx(t, 10*time.Second)
	super := th.dial(ctx, false)
	agentHub := *th
	agentHub.url += "?role=agent"
	agent := agentHub.dial(ctx, false)
	const board, own = "board/agents/day", "agent/a"
	for _, c := range []*client{super, agent} {
		c.subscribe(ctx, board, nil)
		if m := c.next(ctx); m.Kind != shared.KindSnapshot {
			t.Fatalf("got %+v, want a snapshot", m)
		}
	}
	agent.subscribe(ctx, own, nil)
	if m := agent.next(ctx); m.Kind != shared.KindSnapshot {
		t.Fatalf("got %+v, want a snapshot", m)
	}

	if n := th.hub.Recheck(testOrg, "boards are private"); n != 0 {
		t.Fatalf("dropped %d subscriptions while all are allowed", n)
	}
	private.Store(true)
	if n := th.hub.Recheck("other-org", "boards are private"); n != 0 {
		t.Fatalf("dropped %d subscriptions of another org", n)
	}
	if n := th.hub.Recheck(testOrg, "boards are private"); n != 1 {
		t.Fatalf("dropped %d subscriptions, want 1", n)
	}
	m := agent.next(ctx)
	var e shared.ErrorData
	_ = json.Unmarshal(m.Data, &e)
	if m.Kind != shared.KindError || m.Topic != board || e.Error != "boards are private" {
		t.Fatalf("agent got %+v, want the error frame on %s", m, board)
	}

	th.publish(points(board, 1, 0), points(own, 2, 0))
	if m := super.next(ctx); m.Topic != board || nOf(t, m) != 1 {
		t.Fatalf("supervisor got %+v, want the board frame", m)
	}
	// The agent's own topic goes on, and the board's frame never comes
	// before it: frames of one connection are delivered in order.
	if m := agent.next(ctx); m.Topic != own || nOf(t, m) != 2 {
		t.Fatalf("agent got %+v, want its own frame and no board frame", m)
	}
	// Nor after it.
	th.publish(points(own, 3, 0))
	if m := agent.next(ctx); m.Topic != own || nOf(t, m) != 3 {
		t.Fatalf("agent got %+v, want its own frame and no board frame", m)
	}
}
