package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"scorecast/shared"
)

// snapshotTries is how often subscribe takes a snapshot outside the topic's
// lock before it takes one under it (see subscribe).
const snapshotTries = 3

// subscribe sends the missed frames (for a usable since) or a snapshot, then
// the frames delivered meanwhile, and adds c to the topic, so that no frame
// falls between the snapshot and the subscription.
//
// The snapshot is taken outside the topic's lock: it reads the projection,
// which can wait for a batch's commit, and the topic's lock is on the
// delivery path of every subscriber. The snapshot is labelled with the seq
// the topic had before it was taken, and the frames delivered while it was
// taken follow it (they may repeat what the snapshot holds: clients skip
// messages whose "at" is not above the snapshot's). If more frames arrived
// meanwhile than the ring holds, it tries again, and the last try holds the
// lock.
func (h *Hub) subscribe(ctx context.Context, c *conn, name string, since *uint64) {
	if _, _, ok := shared.ParseTopic(name); !ok {
		c.sendError(name, "unknown topic")
		return
	}
	if c.may != nil && !c.may(name) {
		c.sendError(name, "not allowed")
		return
	}
	if !c.addTopic(name, h.cfg.MaxTopics) {
		c.sendError(name, fmt.Sprintf("at most %d subscriptions per connection", h.cfg.MaxTopics))
		return
	}
	for try := 1; ; try++ {
		t := h.topic(c.org, name)
		t.mu.Lock()
		if t.dead.Load() {
			t.mu.Unlock()
			continue // swept between lookup and lock; take the new one
		}
		if !c.hasTopic(name) {
			// Dropped meanwhile (see Hub.Recheck): its error frame is sent.
			t.mu.Unlock()
			return
		}
		if since != nil {
			if frames, ok := t.missed(*since); ok {
				for _, f := range frames {
					c.send(f.data)
				}
				t.addSub(c)
				t.mu.Unlock()
				return
			}
		}
		seq := t.seq
		if try == snapshotTries {
			// The topic is too busy to catch between two snapshots: hold it.
			snap, ok := h.snapshot(ctx, c, name, seq)
			if ok {
				c.send(snap.data)
				t.sawSnapshot(snap.viewAt)
				t.addSub(c)
			}
			t.mu.Unlock()
			return
		}
		t.mu.Unlock()
		snap, ok := h.snapshot(ctx, c, name, seq)
		if !ok {
			return
		}
		t.mu.Lock()
		frames, ok := t.missed(seq)
		// A frame with the agent's view delivered meanwhile may be a patch
		// against a view older than the snapshot's, which the subscriber
		// cannot apply: try again.
		if t.dead.Load() || !ok || snap.hasView && len(frames) > 0 {
			t.mu.Unlock()
			continue
		}
		if !c.hasTopic(name) { // dropped meanwhile, see Hub.Recheck
			t.mu.Unlock()
			return
		}
		c.send(snap.data)
		t.sawSnapshot(snap.viewAt)
		for _, f := range frames {
			c.send(f.data)
		}
		t.addSub(c)
		t.mu.Unlock()
		return
	}
}

// snapshotFrame is a topic's snapshot message, encoded; viewAt is the at
// of the agent's view it carries, when hasView.
type snapshotFrame struct {
	data    []byte
	hasView bool
	viewAt  uint64
}

// snapshot encodes the snapshot message of a topic, or sends the error and
// undoes the subscription.
func (h *Hub) snapshot(ctx context.Context, c *conn, name string, seq uint64) (snapshotFrame, bool) {
	snap, err := h.cfg.Snapshots.Snapshot(ctx, c.org, name)
	if err != nil {
		c.removeTopic(name)
		switch {
		case errors.Is(err, ErrForbidden):
			c.sendError(name, "not allowed")
		case errors.Is(err, ErrUnknownTopic):
			c.sendError(name, "unknown topic")
		default:
			h.log.Error("live: snapshot", "topic", name, "err", err)
			c.sendError(name, "snapshot failed")
		}
		return snapshotFrame{}, false
	}
	data, err := appendFrame(nil, &Message{Topic: name, Kind: shared.KindSnapshot, Data: snap}, seq, nil)
	if err != nil {
		h.log.Error("live: encode snapshot", "topic", name, "err", err)
		c.removeTopic(name)
		c.sendError(name, "snapshot failed")
		return snapshotFrame{}, false
	}
	f := snapshotFrame{data: data}
	switch v := snap.(type) {
	case shared.AgentView:
		f.hasView, f.viewAt = true, v.At
	case *shared.AgentView:
		f.hasView, f.viewAt = true, v.At
	}
	return f, true
}

// unsubscribe drops c's subscription to name and reports whether it had one.
func (h *Hub) unsubscribe(c *conn, name string) bool {
	if !c.removeTopic(name) {
		return false
	}
	t := h.lookup(c.org, name)
	if t == nil {
		return true
	}
	t.mu.Lock()
	t.removeSub(c, time.Now())
	t.mu.Unlock()
	return true
}
