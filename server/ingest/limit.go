package ingest

import (
	"sync"
	"time"
)

// limiter is a token bucket per ingest key: each key may send rate events
// per second on average and a burst of two seconds' worth.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter() *limiter { return &limiter{buckets: map[string]*bucket{}} }

// take spends n tokens of key's bucket, or returns how long to wait until
// it could; n above the burst is allowed when the bucket is full, so one
// maximal request is never refused forever.
func (l *limiter) take(key string, n int, rate float64, now time.Time) (wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	burst := 2 * rate
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(burst, b.tokens+now.Sub(b.last).Seconds()*rate)
	b.last = now
	need := float64(n)
	if need > b.tokens && b.tokens < burst {
		return time.Duration((min(need, burst) - b.tokens) / rate * float64(time.Second))
	}
	b.tokens -= need
	return 0
}
