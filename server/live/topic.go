package live

import (
	"sync"
)

// frame is one encoded message, shared by every connection it goes to.
type frame struct {
	seq  uint64
	data []byte
}

// topic numbers one topic's messages and remembers the last few, so a client
// that reconnects with since gets exactly what it missed.
type topic struct {
	mu   sync.Mutex
	seq  uint64  // seq of the last message
	ring []frame // the last messages, oldest first, at most ringSize
	subs map[*conn]struct{}
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

// push appends a frame, dropping the oldest beyond size. Called with t.mu held.
func (t *topic) push(f frame, size int) {
	if len(t.ring) == size {
		copy(t.ring, t.ring[1:])
		t.ring = t.ring[:size-1]
	}
	t.ring = append(t.ring, f)
}
