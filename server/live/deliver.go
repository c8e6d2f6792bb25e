package live

import (
	"bytes"
	"strings"
	"time"

	"scorecast/shared"
)

// deliver hands one message to its topic. It runs on the projector's
// goroutine (see Publish) and never blocks on a connection.
func (h *Hub) deliver(org string, m *Message) {
	h.stats.Messages.Add(1)
	t := h.lookup(org, m.Topic)
	if t == nil {
		h.stats.Unrouted.Add(1) // nobody subscribed, nobody can resume
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dead.Load() {
		// Dropped between lookup and lock: it had had no subscriber for
		// TopicIdle, and a new subscriber gets a snapshot anyway.
		h.stats.Unrouted.Add(1)
		return
	}
	if !t.coalesce || !coalescable(m) {
		if t.pending != nil {
			// An event (a goal reached, say) after a pending state: the
			// state is older, so it goes first, and order holds.
			h.flushLocked(t)
		}
		h.deliverLocked(t, m)
		return
	}
	now := time.Now()
	due := t.pending == nil && now.Sub(t.lastSent) >= h.cfg.CoalesceInterval
	if due && !h.mustYield(t) {
		h.deliverLocked(t, m) // leading edge: a lone update goes at once
		t.lastSent = now
		return
	}
	if t.pending != nil {
		h.stats.Coalesced.Add(1)
	}
	pending := *m
	t.pending = &pending
	switch {
	case t.yielding: // already waiting; it will carry this newer state
	case due:
		h.yield(t)
	case t.timer == nil:
		wait := h.cfg.CoalesceInterval - now.Sub(t.lastSent)
		t.timer = time.AfterFunc(max(wait, 0), func() { h.flush(t) })
	}
}

// flush delivers a coalesced topic's pending message: the trailing edge, so
// the last frame of a burst is always the latest state.
func (h *Hub) flush(t *topic) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.timer = nil
	if t.dead.Load() || t.pending == nil || t.yielding {
		return
	}
	if h.mustYield(t) {
		h.yield(t)
		return
	}
	h.flushLocked(t)
}

// flushLocked delivers the pending message now. Called with t.mu held.
func (h *Hub) flushLocked(t *topic) {
	m := t.pending
	t.pending = nil
	t.yielding = false
	h.deliverLocked(t, m)
	t.lastSent = time.Now()
}

// coalescable reports whether a message carries a topic's whole state, so
// that a newer one may replace it: a board, or a team's view. Other kinds
// (level, badge, goal, ...) are events and are all delivered.
func coalescable(m *Message) bool {
	if m.View != nil {
		return false // the caller reuses it once Publish returns
	}
	switch m.Kind {
	case shared.KindBoard:
		return true
	case shared.KindPoints:
		return strings.HasPrefix(m.Topic, "team/")
	}
	return false
}

// deliverLocked numbers, encodes, remembers and fans out one frame. Called
// with t.mu held; c.send never blocks.
func (h *Hub) deliverLocked(t *topic, m *Message) {
	if m.Data == nil && m.View == nil && t.coalesce {
		state, ok := h.readState(t, m)
		if !ok {
			return
		}
		m = state
	}
	var last *shared.AgentView
	if m.View != nil && !t.mustSendWhole(m.View.At) {
		last = t.view
	}
	buf := h.frameBuffers.get()
	data, err := appendFrame((*buf)[:0], m, t.seq+1, last)
	if err != nil {
		h.frameBuffers.put(buf)
		h.log.Error("live: encode message", "topic", m.Topic, "kind", m.Kind, "err", err)
		return
	}
	// An exact copy: the frame stays in the ring, and the buffer, grown to
	// the largest frame, serves the next.
	t.seq++
	f := frame{seq: t.seq, data: bytes.Clone(data)}
	*buf = data
	h.frameBuffers.put(buf)
	if m.View != nil {
		t.view = shared.CopyAgentView(t.view, m.View)
	}
	t.push(f, h.cfg.RingSize, h.cfg.RingBytes)
	h.stats.Frames.Add(1)
	for c := range t.subs {
		if c.send(f.data) {
			h.stats.Sent.Add(1)
		}
	}
}
