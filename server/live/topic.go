package live

import (
	"sync"
	"sync/atomic"
	"time"

	"scorecast/shared"
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
	org      string
	name     string
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

	// The agent's view (agent topics only): view is a copy of the one the
	// last frame carried, which the next is patched against; a frame whose
	// view is newer than wholeAbove, after one that was not, goes whole
	// (see mustSendWhole).
	view       *shared.AgentView
	wholeAbove uint64

	// Coalescing (board and team topics only).
	lastSent time.Time   // when the last frame was delivered
	pending  *Message    // the latest undelivered message, replaced by newer ones
	timer    *time.Timer // delivers pending on the trailing edge; nil when not armed
	yielding bool        // pending waits for the queued frames (see Hub.yield)
	// held is a whole state read from the Snapshotter that shows more of
	// the stream than is durable: it waits for Hub.Durable (see state.go).
	held   *Message
	heldAt uint64
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

// mustSendWhole reports whether a frame carrying the agent's view at at
// must carry it whole: when there is no view to patch, or when it is the
// first frame newer than a snapshot taken since the last frame (see
// sawSnapshot). A client holds that snapshot and skips every frame not
// newer; a patch against any other view would not apply to it. Called with
// t.mu held.
func (t *topic) mustSendWhole(at uint64) bool {
	return t.view == nil || t.view.At <= t.wholeAbove && at > t.wholeAbove
}

// sawSnapshot notes that a subscriber was given the agent's view at at.
// Called with t.mu held, with no frame delivered since the view was read.
func (t *topic) sawSnapshot(at uint64) {
	t.wholeAbove = max(t.wholeAbove, at)
}
