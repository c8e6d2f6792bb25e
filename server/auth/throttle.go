package auth

import (
	"sync"
	"time"
)

// throttle backs off logins per key (a user, a client address) after
// repeated failures: the n-th failure beyond the first few blocks the key for
// base·2^(n-free), up to max. A success clears the key.
type throttle struct {
	free int
	base time.Duration
	max  time.Duration

	mu   sync.Mutex
	keys map[string]*failures
}

type failures struct {
	n     int
	until time.Time
	last  time.Time
}

func newThrottle(free int, base, max time.Duration) *throttle {
	return &throttle{free: free, base: base, max: max, keys: map[string]*failures{}}
}

// wait is how long key must still wait before another attempt.
func (t *throttle) wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.keys[key]
	if f == nil || !now.Before(f.until) {
		return 0
	}
	return f.until.Sub(now)
}

func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.keys[key]
	if f == nil || now.Sub(f.last) > 15*time.Minute {
		f = &failures{}
		t.keys[key] = f
	}
	f.n++
	f.last = now
	if over := f.n - t.free; over > 0 {
		d := t.base << min(over-1, 20)
		f.until = now.Add(min(d, t.max))
	}
	if len(t.keys) > 100_000 {
		t.prune(now)
	}
}

func (t *throttle) succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, key)
}

// prune forgets keys idle for 15 minutes, so a flood of addresses cannot
// grow the map without bound. Called with t.mu held.
func (t *throttle) prune(now time.Time) {
	for k, f := range t.keys {
		if now.Sub(f.last) > 15*time.Minute && !now.Before(f.until) {
			delete(t.keys, k)
		}
	}
}
