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
	if due && !h.busy() {
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
	case t.yielding:
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
	if h.busy() {
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

// A whole-state frame (a board, a team's view) that is due while frames are
// still on their way to connections gives way to them: it waits until every
// frame queued to a connection has been written, or StateYield at most. An
// agent's own frame is the one someone waits for after solving a ticket; a
// board across the room is none the worse for a few milliseconds. Sent in
// the same burst, the boards' and teams' frames (a third of the frames at
// 10k clients) were written among the agents' and made them later.
//
// busy reports whether frames are queued to connections and not yet written.
func (h *Hub) busy() bool { return h.cfg.StateYield > 0 && h.unsent.Load() > 0 }

// yield holds t's pending envelope until the queued frames are written.
// Called with t.mu held.
func (h *Hub) yield(t *topic) {
	t.yielding = true
	h.stats.Yielded.Add(1)
	h.yieldMu.Lock()
	h.yielded = append(h.yielded, t)
	if h.yieldTimer == nil {
		h.yieldTimer = time.AfterFunc(h.cfg.StateYield, h.flushYielded)
	}
	h.yieldMu.Unlock()
	h.yieldWaiting.Store(true)
	if h.unsent.Load() == 0 {
		// The last frame was written between busy and now, and its writer
		// saw nothing waiting: nobody else would flush before the timer.
		// Not here: t.mu is held.
		go h.flushYielded()
	}
}

// written counts n frames off the queued ones; the writer of the last
// delivers what yielded to them. Called with no lock held.
func (h *Hub) written(n int) {
	if n > 0 && h.unsent.Add(-int64(n)) == 0 && h.yieldWaiting.Load() {
		h.flushYielded()
	}
}

// flushYielded delivers every envelope that yielded, in the order they did.
func (h *Hub) flushYielded() {
	h.yieldMu.Lock()
	list := h.yielded
	h.yielded = nil
	if h.yieldTimer != nil {
		h.yieldTimer.Stop()
		h.yieldTimer = nil
	}
	h.yieldWaiting.Store(false)
	h.yieldMu.Unlock()
	for _, t := range list {
		t.mu.Lock()
		if t.yielding && !t.dead.Load() && t.pending != nil {
			h.flushLocked(t)
		}
		t.yielding = false
		t.mu.Unlock()
	}
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
