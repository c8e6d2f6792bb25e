package live

import "time"

// A whole-state frame (a board, a team's view) that is due while frames are
// still on their way to connections gives way to them: it waits until every
// frame queued to a connection has been written, or StateYield at most. An
// agent's own frame is the one someone waits for after solving a ticket; a
// board across the room is none the worse for a few milliseconds. Sent in
// the same burst, the boards' and teams' frames were written among the
// agents' and made them later.
//
// The hub counts the frames queued to connections and not yet written
// (Hub.unsent): conn.send adds one, and each frame leaves the count once,
// when its writer is done with it (Hub.drain) or when a close drops it from
// the queue (conn.closeLocked). Whoever takes the count to zero delivers what
// yielded (see unqueue).

// mustYield reports whether t's due state is to wait for the queued frames.
// A topic nobody follows holds up nobody's frames. Called with t.mu held.
func (h *Hub) mustYield(t *topic) bool {
	return h.cfg.StateYield > 0 && len(t.subs) > 0 && h.unsent.Load() > 0
}

// yield holds t's pending message until the queued frames are written.
// Called with t.mu held, so it never delivers itself.
func (h *Hub) yield(t *topic) {
	t.yielding = true
	h.stats.Yielded.Add(1)
	h.yieldMu.Lock()
	h.yielded = append(h.yielded, t)
	h.yieldWaiting.Store(true)
	if h.yieldTimer == nil {
		round := h.yieldRound
		h.yieldTimer = time.AfterFunc(h.cfg.StateYield, func() { h.flushYielded(round) })
	}
	h.yieldMu.Unlock()
	if h.unsent.Load() == 0 {
		// The last frame left between mustYield and now, and whoever took
		// it saw nothing waiting.
		go h.flushYielded(anyRound)
	}
}

// unqueue counts n frames off the queued ones: written, dropped by a
// writer whose write failed or whose connection is closing, or dropped from
// a queue by a close. It reports whether the count reached zero with states
// waiting for it: the caller is then to deliver them (flushYielded), itself
// if it holds no lock.
func (h *Hub) unqueue(n int) bool {
	return n > 0 && h.unsent.Add(-int64(n)) == 0 && h.yieldWaiting.Load()
}

// anyRound asks flushYielded to deliver whatever waits, whichever timer was
// armed for it.
const anyRound = ^uint64(0)

// flushYielded delivers every message that yielded, in the order they did.
// A timer passes the round it was armed in: one that fired while the list
// it was armed for was being delivered finds a later round and leaves the
// later list to its own timer.
func (h *Hub) flushYielded(round uint64) {
	h.yieldMu.Lock()
	if round != anyRound && round != h.yieldRound {
		h.yieldMu.Unlock()
		return
	}
	list := h.yielded
	h.yielded = nil
	h.yieldRound++
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

// stopYielding forgets what waits, at shutdown.
func (h *Hub) stopYielding() {
	h.yieldMu.Lock()
	defer h.yieldMu.Unlock()
	if h.yieldTimer != nil {
		h.yieldTimer.Stop()
		h.yieldTimer = nil
	}
	h.yielded = nil
	h.yieldRound++
	h.yieldWaiting.Store(false)
}
