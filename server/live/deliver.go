package live

import (
	"strings"
	"time"

	"scorecast/shared"
)

// deliver hands one envelope to its topic. It runs on the NATS
// subscription's goroutine and never blocks on a connection.
func (h *Hub) deliver(org string, env Envelope) {
	h.stats.Envelopes.Add(1)
	t := h.lookup(org, env.Topic)
	if t == nil {
		h.stats.Unrouted.Add(1) // nobody subscribed, nobody can resume
		return
	}
	// env.Data aliases the NATS message's buffer, which is reused after the
	// callback: a frame is encoded from it at once (a copy), and only an
	// envelope held back for coalescing is copied as it is.
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dead.Load() {
		// Dropped between lookup and lock: it had had no subscriber for
		// TopicIdle, and a new subscriber gets a snapshot anyway.
		h.stats.Unrouted.Add(1)
		return
	}
	if !t.coalesce || !coalescable(env) {
		if t.pending != nil {
			// An event (a goal reached, say) after a pending state: the
			// state is older, so it goes first, and order holds.
			h.flushLocked(t)
		}
		h.deliverLocked(t, env)
		return
	}
	now := time.Now()
	due := t.pending == nil && now.Sub(t.lastSent) >= h.cfg.CoalesceInterval
	if due && !h.mustYield(t) {
		h.deliverLocked(t, env) // leading edge: a lone update goes at once
		t.lastSent = now
		return
	}
	if t.pending != nil {
		h.stats.Coalesced.Add(1)
	}
	env.Data = append([]byte(nil), env.Data...)
	t.pending = &env
	switch {
	case t.yielding: // already waiting; it will carry this newer state
	case due:
		h.yield(t)
	case t.timer == nil:
		wait := h.cfg.CoalesceInterval - now.Sub(t.lastSent)
		t.timer = time.AfterFunc(max(wait, 0), func() { h.flush(t) })
	}
}

// flush delivers a coalesced topic's pending envelope: the trailing edge, so
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

// flushLocked delivers the pending envelope now. Called with t.mu held.
func (h *Hub) flushLocked(t *topic) {
	env := *t.pending
	t.pending = nil
	t.yielding = false
	h.deliverLocked(t, env)
	t.lastSent = time.Now()
}

// coalescable reports whether an envelope carries a topic's whole state, so
// that a newer one may replace it: a board, or a team's view. Other kinds
// (level, badge, goal, ...) are events and are all delivered.
func coalescable(env Envelope) bool {
	switch env.Kind {
	case shared.KindBoard:
		return true
	case shared.KindPoints:
		return strings.HasPrefix(env.Topic, "team/")
	}
	return false
}

// deliverLocked numbers, encodes, remembers and fans out one frame. Called
// with t.mu held; c.send never blocks.
func (h *Hub) deliverLocked(t *topic, env Envelope) {
	t.seq++
	f := frame{seq: t.seq, data: encodeMessage(env.Topic, t.seq, env.Kind, env.Data)}
	t.push(f, h.cfg.RingSize, h.cfg.RingBytes)
	h.stats.Frames.Add(1)
	for c := range t.subs {
		if c.send(f.data) {
			h.stats.Sent.Add(1)
		}
	}
}
