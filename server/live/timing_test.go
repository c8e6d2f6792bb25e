package live

import (
	"encoding/json"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// The hub's timing, on synctest's clock: coalescing, the trailing edge and
// state yield hold however loaded the machine is. A fakeConn stands for a
// connection whose writer the test plays (see written).

// fakeConn subscribes a connection with no socket to the topic.
func fakeConn(h *Hub, topic string) *conn {
	c := &conn{maxQ: 1 << 20, startWriter: func() {}, topics: map[string]struct{}{}, onSlow: func() {}, hub: h}
	t := h.topic(testOrg, topic)
	t.mu.Lock()
	t.addSub(c)
	t.mu.Unlock()
	return c
}

// written takes what is queued to c as its writer would, counts it as
// written, and returns the n of each frame (see points).
func written(tb testing.TB, h *Hub, c *conn) []int {
	tb.Helper()
	w, _ := c.take()
	if h.unqueue(len(w.frames)) {
		h.flushYielded(anyRound)
	}
	var ns []int
	for _, f := range w.frames {
		var m shared.Message
		require.NoError(tb, json.Unmarshal(f, &m))
		ns = append(ns, nOf(tb, m))
	}
	return ns
}

func board(n int) Message {
	return Message{Topic: "board/agents/day", Kind: shared.KindBoard, Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, n))}
}

// A burst of whole states becomes its first at once and its last on the
// trailing edge, one interval later; an event on the topic is never
// dropped, and takes a pending state along before it.
func TestCoalescingLeadingAndTrailingEdge(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const interval = 100 * time.Millisecond
		h := New(Config{CoalesceInterval: interval, StateYield: -1})
		c := fakeConn(h, "board/agents/day")

		h.Publish(testOrg, []Message{board(1)})
		assert.Equal(t, []int{1}, written(t, h, c), "the leading edge goes at once")
		time.Sleep(interval / 10)
		h.Publish(testOrg, []Message{board(2)})
		h.Publish(testOrg, []Message{board(3)})
		assert.Empty(t, written(t, h, c), "within the interval, states wait")
		time.Sleep(interval*9/10 - time.Nanosecond)
		synctest.Wait()
		assert.Empty(t, written(t, h, c), "not before the interval is over")
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		assert.Equal(t, []int{3}, written(t, h, c), "the trailing edge carries the latest")
		assert.Equal(t, uint64(1), h.Stats().Coalesced.Load())

		time.Sleep(interval / 10)
		event := board(5)
		event.Kind = shared.KindBadge
		h.Publish(testOrg, []Message{board(4), event})
		assert.Equal(t, []int{4, 5}, written(t, h, c), "an event goes at once, after the state pending before it")
		time.Sleep(2 * interval)
		synctest.Wait()
		assert.Empty(t, written(t, h, c), "nothing was left pending")
	})
}

// A whole state due while frames are queued to connections waits until
// they are written, or StateYield at most; the trailing edge gives way too.
func TestStatesYieldToQueuedFrames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const interval, yield = 100 * time.Millisecond, 30 * time.Millisecond
		h := New(Config{CoalesceInterval: interval, StateYield: yield})
		agent := fakeConn(h, "agent/a-1")
		wall := fakeConn(h, "board/agents/day")

		// Written: the state goes the moment the agent's frame is.
		h.Publish(testOrg, []Message{points("agent/a-1", 1, 0), board(1)})
		assert.Empty(t, written(t, h, wall), "the state waits for the agent's frame")
		assert.Equal(t, []int{1}, written(t, h, agent))
		assert.Equal(t, []int{1}, written(t, h, wall), "and goes once it is written")

		// Never written: the state goes after StateYield.
		time.Sleep(interval)
		h.Publish(testOrg, []Message{points("agent/a-1", 2, 0), board(2)})
		time.Sleep(yield - time.Nanosecond)
		synctest.Wait()
		assert.Empty(t, written(t, h, wall), "not before StateYield")
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		assert.Equal(t, []int{2}, written(t, h, wall), "StateYield at most")

		// The trailing edge, due while the agent's frame waits, gives way.
		time.Sleep(interval / 2)
		h.Publish(testOrg, []Message{board(3)}) // its trailing edge is half an interval away
		h.Publish(testOrg, []Message{points("agent/a-1", 3, 0)})
		time.Sleep(interval/2 + yield/2)
		synctest.Wait()
		assert.Empty(t, written(t, h, wall), "the trailing state waits for the queued frames")
		assert.Equal(t, []int{2, 3}, written(t, h, agent))
		assert.Equal(t, []int{3}, written(t, h, wall), "and goes once they are written")
		assert.Equal(t, uint64(3), h.Stats().Yielded.Load())
	})
}
