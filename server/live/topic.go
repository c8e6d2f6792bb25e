package live

import (
	"sync"
	"sync/atomic"
	"time"
)

// topic numbers one topic's messages and remembers the last few, so a client
// that reconnects with since gets exactly what it missed.
//
// A topic exists only while it has subscribers and for Config.TopicIdle after
// the last one left; messages for a topic that does not exist are dropped,
// since nobody could resume it. A topic created again starts its seq at a
// new base above every seq its earlier life gave out (see Hub.nextBase), so
// an old since never matches and gets a snapshot.
type topic struct {
	key      string
	coalesce bool // board and team topics: see Config.CoalesceInterval

	// dead is set, with mu held, when the topic is swept: it is out of
	// Hub.topics or about to be, and subscribers must look it up again.
	// Atomic so that Hub.topic can skip it without taking mu (see sweep).
	dead atomic.Bool

	mu        sync.Mutex
	seq       uint64  // seq of the last delivered frame
	ring      []frame // the last delivered frames, oldest first
	ringBytes int     // bytes of data in ring
	subs      map[*conn]struct{}
	idleSince time.Time // when the last subscriber left; zero while subscribed

	// Coalescing (board and team topics only).
	lastSent time.Time   // when the last frame was delivered
	pending  *Envelope   // the latest undelivered envelope, replaced by newer ones
	timer    *time.Timer // delivers pending on the trailing edge; nil when not armed
	yielding bool        // pending waits for the queued frames (see Hub.yield)
}

// missed returns the frames after since, or ok=false when since is not
// covered by the ring (too old, from another server run, or in the future).
// Called with t.mu held.
func (t *topic) missed(since uint64) ([]frame, bool) {
	if since > t.seq {
		return nil, false
	}
	if since == t.seq {
		return nil, true
	}
	if len(t.ring) == 0 || t.ring[0].seq > since+1 {
		return nil, false
	}
	i := int(since + 1 - t.ring[0].seq)
	return t.ring[i:], true
}

// push appends a frame, dropping the oldest beyond maxFrames or maxBytes
// (the newest frame always stays). Called with t.mu held.
func (t *topic) push(f frame, maxFrames, maxBytes int) {
	t.ring = append(t.ring, f)
	t.ringBytes += len(f.data)
	drop := 0
	for len(t.ring)-drop > 1 && (len(t.ring)-drop > maxFrames || t.ringBytes > maxBytes) {
		t.ringBytes -= len(t.ring[drop].data)
		drop++
	}
	if drop > 0 {
		// Shift down rather than reslice so the backing array does not creep
		// forward and reallocate on every push.
		n := copy(t.ring, t.ring[drop:])
		clear(t.ring[n:])
		t.ring = t.ring[:n]
	}
}

// addSub subscribes c. Called with t.mu held.
func (t *topic) addSub(c *conn) {
	t.subs[c] = struct{}{}
	t.idleSince = time.Time{}
}

// removeSub unsubscribes c. Called with t.mu held.
func (t *topic) removeSub(c *conn, now time.Time) {
	delete(t.subs, c)
	if len(t.subs) == 0 && t.idleSince.IsZero() {
		t.idleSince = now
	}
}
