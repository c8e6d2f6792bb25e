package live

import (
	"context"
	"errors"

	"scorecast/shared"
)

// A board's or a team's whole state is not handed over with every commit
// that changes it: the projector says it changed (a Message without Data),
// and the hub reads it from its Snapshotter when the coalescer sends the
// topic's next frame, at most once per CoalesceInterval. What the hub reads
// may show batches applied but not yet committed; such a state waits for
// Durable to pass its at, so that nothing is shown before it is durable.

// Durable tells the hub that the projector has committed the stream up to
// seq, and sends the states that waited for it.
func (h *Hub) Durable(seq uint64) {
	// Stored under heldMu: readState compares and holds under it too, so a
	// state is never held against a durable sequence already passed.
	h.heldMu.Lock()
	h.durable.Store(seq)
	if len(h.held) == 0 {
		h.heldMu.Unlock()
		return
	}
	list := h.held
	h.held = nil
	h.heldMu.Unlock()
	for _, t := range list {
		t.mu.Lock()
		if m := t.held; m != nil && !t.dead.Load() {
			if t.heldAt <= seq {
				t.held = nil
				h.deliverLocked(t, m)
			} else {
				h.hold(t) // still ahead: wait for the next commit
			}
		}
		t.mu.Unlock()
	}
}

// readState reads a topic's whole state for a changed-state message, and
// reports false when it is to wait for Durable or there is none (a team
// gone, say). Called with t.mu held.
func (h *Hub) readState(t *topic, m *Message) (*Message, bool) {
	snap, err := h.cfg.Snapshots.Snapshot(context.Background(), t.org, t.name)
	if err != nil {
		if !errors.Is(err, ErrUnknownTopic) && !errors.Is(err, ErrForbidden) {
			h.log.Error("live: read state", "topic", t.name, "err", err)
		}
		return nil, false
	}
	state := &Message{Topic: m.Topic, Kind: m.Kind, Data: snap}
	if at := atOf(snap); at > 0 {
		h.heldMu.Lock()
		if at > h.durable.Load() {
			if t.held == nil {
				h.held = append(h.held, t)
			}
			t.held, t.heldAt = state, at
			h.heldMu.Unlock()
			return nil, false
		}
		h.heldMu.Unlock()
	}
	t.held = nil // a newer state than the one held, and durable
	return state, true
}

// hold puts t among the topics whose state waits for Durable. Called with
// t.mu held.
func (h *Hub) hold(t *topic) {
	h.heldMu.Lock()
	h.held = append(h.held, t)
	h.heldMu.Unlock()
}

// atOf is the stream sequence a whole state shows, or 0 when it says none.
func atOf(snap any) uint64 {
	switch v := snap.(type) {
	case shared.TeamView:
		return v.At
	case *shared.TeamView:
		return v.At
	case shared.Leaderboard:
		return v.At
	case *shared.Leaderboard:
		return v.At
	}
	return 0
}
