package live

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"scorecast/shared"
)

// Snapshotter gives the current state of a topic: for the first message of
// a subscription, and for a board's or team's whole state when it is sent
// (see state.go). It must not block on I/O: it is called with a topic's
// lock held. It returns ErrForbidden or ErrUnknownTopic for topics the
// caller may not or cannot see.
type Snapshotter interface {
	Snapshot(ctx context.Context, org, topic string) (any, error)
}

// Viewer is who a connection belongs to.
type Viewer struct {
	Org string
	// Keys name the connection for Revoke, e.g. its user and its session.
	Keys []string
	// May reports whether the viewer may subscribe to a topic; nil allows all.
	May func(topic string) bool
}

// Errors a Snapshotter returns to refuse a subscription.
var (
	// ErrForbidden means the caller may not see the topic.
	ErrForbidden = errors.New("live: topic not allowed")
	// ErrUnknownTopic means the topic does not exist (an unknown board, say).
	ErrUnknownTopic = errors.New("live: unknown topic")
)

// DefaultCoalesceInterval is Config.CoalesceInterval's default: two frames
// a second is plenty for a board across the room, and every whole-state
// frame fewer is CPU the agents' own frames get.
const DefaultCoalesceInterval = 500 * time.Millisecond

// DefaultStateYield is Config.StateYield's default: well within a frame of a
// board's animation, and long enough for a burst's frames to go out.
const DefaultStateYield = 100 * time.Millisecond

// Config configures a Hub.
type Config struct {
	// Snapshots gives topics' current state (required): the projection.
	Snapshots Snapshotter
	// Authenticate says who a connecting request is, or fails to refuse
	// it with 401 before the upgrade (required).
	Authenticate func(r *http.Request) (Viewer, error)
	// RingSize is how many recent frames each topic keeps for resuming; default 64.
	RingSize int
	// RingBytes bounds the bytes of one topic's ring (the newest frame always
	// stays); default 32 KiB. With RingSize it bounds the hub's memory:
	// topics x RingBytes at worst.
	RingBytes int
	// QueueSize bounds each connection's outgoing queue; a connection whose
	// queue is full is closed with shared.CloseSlowClient. Default 256 frames.
	QueueSize int
	// MaxTopics bounds the subscriptions of one connection; default 64.
	MaxTopics int
	// CoalesceInterval is the least time between two whole-state frames of
	// one board or team topic (kind "board" on board/..., "points" on
	// team/...): a burst of updates becomes one frame per interval, the last
	// always carrying the latest state. Event kinds (level, badge, goal ...)
	// are never dropped. Default DefaultCoalesceInterval; negative sends
	// every update.
	CoalesceInterval time.Duration
	// StateYield is the longest a due whole-state frame of a board or team
	// topic waits for the frames queued to connections to be written (see
	// yield.go); default DefaultStateYield; negative: it never waits. The
	// count is of every connection: a client that reads slowly, but not so
	// slowly that it is dropped, keeps every board StateYield late.
	StateYield time.Duration
	// TopicIdle is how long a topic without subscribers keeps its ring (so a
	// reconnecting client can resume) before it is dropped; default 2 min.
	TopicIdle time.Duration
	// PingInterval keeps idle connections honest: a connection nothing was
	// written to for this long is pinged; default 30 s (the first ping
	// with up to 10% jitter, so connections opened together do not ping
	// together).
	PingInterval time.Duration
	// PongTimeout is how long a ping waits for its pong before the connection
	// is dropped as dead; default 10 s.
	PongTimeout time.Duration
	// WriteTimeout bounds the writes of one batch of queued frames (at most
	// QueueSize); a client that does not take them in that time is dropped
	// (checked every WriteTimeout/4, at most a second apart, so within a
	// quarter more at worst). Default 10 s.
	WriteTimeout time.Duration
	// OriginPatterns are extra allowed origins besides the server's own host.
	OriginPatterns []string
	// Logger; default slog.Default().
	Logger *slog.Logger
}

// Stats counts what the hub did, for metrics and tests.
type Stats struct {
	Messages   atomic.Uint64 // messages handed over by the projector
	Unrouted   atomic.Uint64 // messages for topics nobody subscribes to, dropped
	Coalesced  atomic.Uint64 // whole-state messages replaced by a newer one before delivery
	Yielded    atomic.Uint64 // whole-state messages held back for the frames queued before them
	Frames     atomic.Uint64 // frames delivered to topics (each encoded once)
	Sent       atomic.Uint64 // frames queued to connections
	Batched    atomic.Uint64 // frames that went out in the same socket write as the one before
	Writers    atomic.Int64  // connections' writer goroutines running now (idle connections have none)
	SlowClosed atomic.Uint64 // connections closed with shared.CloseSlowClient
	DeadClosed atomic.Uint64 // connections dropped for a failed or stuck write, or a missing pong
}

// Hub fans live messages out to WebSocket connections.
type Hub struct {
	cfg   Config
	log   *slog.Logger
	stats Stats
	// batchBuffers hold a batch of frames on its way to a socket, and
	// frameBuffers a frame being encoded.
	batchBuffers bufferPool
	frameBuffers bufferPool
	base         atomic.Uint64 // the last seq base handed out, see nextBase
	epoch        time.Time     // the zero of clock

	mu     sync.Mutex
	topics map[string]*topic // by "<org>|<topic>"
	// conns is a slice (each conn knows its index) so that the watchdog
	// copies it with one memmove while it holds mu.
	conns    []*conn
	watching bool // a watch goroutine is running
	closed   bool

	// unsent counts the frames queued to connections and not yet written
	// or dropped; yielded are the topics whose whole state waits for it to
	// reach zero (see yield.go), in the order they began to wait.
	unsent       atomic.Int64
	yieldWaiting atomic.Bool // yielded is not empty; set and cleared with yieldMu held
	yieldMu      sync.Mutex
	yielded      []*topic
	yieldTimer   *time.Timer // delivers yielded at StateYield at the latest
	yieldRound   uint64      // counts the lists delivered, so a late timer can tell its own

	// durable is the last stream sequence the projector has committed;
	// held are the topics whose state read since shows more (see state.go).
	durable atomic.Uint64
	heldMu  sync.Mutex
	held    []*topic
}

// New returns a hub; call Run to start delivering.
func New(cfg Config) *Hub {
	if cfg.RingSize <= 0 {
		cfg.RingSize = 64
	}
	if cfg.RingBytes <= 0 {
		cfg.RingBytes = 32 << 10
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 256
	}
	if cfg.MaxTopics <= 0 {
		cfg.MaxTopics = 64
	}
	if cfg.CoalesceInterval == 0 {
		cfg.CoalesceInterval = DefaultCoalesceInterval
	}
	if cfg.StateYield == 0 {
		cfg.StateYield = DefaultStateYield
	}
	if cfg.TopicIdle <= 0 {
		cfg.TopicIdle = 2 * time.Minute
	}
	if cfg.PingInterval <= 0 {
		cfg.PingInterval = 30 * time.Second
	}
	if cfg.PongTimeout <= 0 {
		cfg.PongTimeout = 10 * time.Second
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Hub{
		cfg:    cfg,
		log:    cfg.Logger,
		epoch:  time.Now(),
		topics: map[string]*topic{},
	}
}

// Stats returns the hub's counters.
func (h *Hub) Stats() *Stats { return &h.stats }

// Run sweeps idle topics until ctx ends, then closes every connection with
// shared.CloseShuttingDown. Messages come in through Publish.
func (h *Hub) Run(ctx context.Context) error {
	defer h.closeAll()
	sweep := time.NewTicker(h.cfg.TopicIdle / 2)
	defer sweep.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-sweep.C:
			h.sweep(now)
		}
	}
}

func topicKey(org, name string) string { return org + "|" + name }

// nextBase returns the seq a new topic state starts from: the clock in
// microseconds, and above every base given before. A topic delivers far
// fewer than one frame per microsecond, so a topic dropped and created again
// (or a server restarted) starts above every seq its earlier life gave out,
// and a client's old since falls outside the ring and gets a snapshot.
func (h *Hub) nextBase() uint64 {
	for {
		last := h.base.Load()
		next := max(uint64(time.Now().UnixMicro()), last+1)
		if h.base.CompareAndSwap(last, next) {
			return next
		}
	}
}

// topic returns the state of a topic, creating it.
func (h *Hub) topic(org, name string) *topic {
	h.mu.Lock()
	defer h.mu.Unlock()
	k := topicKey(org, name)
	t := h.topics[k]
	if t == nil || t.dead.Load() { // a swept topic on its way out is replaced
		kind, _, _ := shared.ParseTopic(name)
		t = &topic{
			key:      k,
			org:      org,
			name:     name,
			coalesce: (kind == "board" || kind == "team") && h.cfg.CoalesceInterval > 0,
			seq:      h.nextBase(),
			subs:     map[*conn]struct{}{},
			// Idle until its first subscriber is in: a subscription whose
			// snapshot fails leaves nothing behind for long.
			idleSince: time.Now(),
		}
		h.topics[k] = t
	}
	return t
}

// lookup returns the state of a topic, or nil when it has none.
func (h *Hub) lookup(org, name string) *topic {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.topics[topicKey(org, name)]
}

// sweep drops topics that have had no subscriber for TopicIdle.
//
// It never holds h.mu and a topic's lock together: a subscription takes its
// topic's lock and then (for a snapshot) the projection's read lock, and the
// projector asks the hub, under the projection's lock, which topics are
// watched, which takes h.mu. Holding h.mu while waiting for a topic's lock
// would close that circle.
func (h *Hub) sweep(now time.Time) {
	for _, t := range h.allTopics() {
		t.mu.Lock()
		idle := len(t.subs) == 0 && !t.idleSince.IsZero() && now.Sub(t.idleSince) >= h.cfg.TopicIdle
		if idle {
			t.dead.Store(true)
			if t.timer != nil {
				t.timer.Stop()
				t.timer = nil
			}
			t.pending, t.ring, t.view, t.held = nil, nil, nil, nil
		}
		t.mu.Unlock()
		if idle {
			h.mu.Lock()
			if h.topics[t.key] == t { // not replaced since by Hub.topic
				delete(h.topics, t.key)
			}
			h.mu.Unlock()
		}
	}
}

// allTopics is a copy of the topics held, taken under h.mu.
func (h *Hub) allTopics() []*topic {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Collect(maps.Values(h.topics))
}

// Topics is the number of topic states held.
func (h *Hub) Topics() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.topics)
}

// Conns is the number of open connections.
func (h *Hub) Conns() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

func (h *Hub) closeAll() {
	h.mu.Lock()
	h.closed = true
	conns := slices.Clone(h.conns)
	h.mu.Unlock()
	for _, t := range h.allTopics() { // h.mu not held: see sweep
		t.mu.Lock()
		if t.timer != nil {
			t.timer.Stop()
			t.timer = nil
		}
		t.mu.Unlock()
	}
	h.stopYielding()
	for _, c := range conns {
		c.close(shared.CloseShuttingDown, "server shutting down")
	}
}

// Revoke closes, with shared.CloseUnauthorized, every connection that has
// key among its viewer's keys: a removed user, a revoked display, a
// session that logged out.
func (h *Hub) Revoke(org, key string) int {
	h.mu.Lock()
	var victims []*conn
	for _, c := range h.conns {
		if c.org == org && slices.Contains(c.keys, key) {
			victims = append(victims, c)
		}
	}
	h.mu.Unlock()
	for _, c := range victims {
		c.close(shared.CloseUnauthorized, "access revoked")
	}
	return len(victims)
}

// Recheck asks every connection of org again whether it may still see each
// topic it subscribes to (Viewer.May, with what holds now), and drops the
// subscriptions it no longer may, with an error frame on each: boards an
// org made private to its agents, say. It returns how many it dropped.
//
// No hub lock is held while May runs (it may read the projection), and the
// error frame goes out after the topic let go of the connection, so no
// frame of the topic follows it.
func (h *Hub) Recheck(org, reason string) int {
	h.mu.Lock()
	var conns []*conn
	for _, c := range h.conns {
		if c.org == org && c.may != nil {
			conns = append(conns, c)
		}
	}
	h.mu.Unlock()
	dropped := 0
	for _, c := range conns {
		for _, name := range c.topicList() {
			if c.may(name) {
				continue
			}
			if h.unsubscribe(c, name) {
				c.sendError(name, reason)
				dropped++
			}
		}
	}
	return dropped
}

// addConn registers a connection, unless the hub has shut down, and makes
// sure the watchdog runs.
func (h *Hub) addConn(c *conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	c.idx = len(h.conns)
	h.conns = append(h.conns, c)
	if !h.watching {
		h.watching = true
		go h.watch()
	}
	return true
}

func (h *Hub) removeConn(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	last := len(h.conns) - 1
	h.conns[c.idx] = h.conns[last]
	h.conns[c.idx].idx = c.idx
	h.conns[last] = nil
	h.conns = h.conns[:last]
}

// clock is the hub's monotonic time in nanoseconds, never 0 (conn.busy's
// "not writing"). The monotonic reading keeps a wall clock step from
// dropping every busy connection at once, or none.
func (h *Hub) clock() int64 { return int64(time.Since(h.epoch)) + 1 }

// watch is the watchdog: it drops connections whose writer has spent more
// than WriteTimeout on one batch, which is how a client that stops taking
// bytes is let go (the writes have no deadline, see ServeHTTP). One
// goroutine for the whole hub, rather than a timer per write, and it only
// reads an atomic per connection, so it costs nothing per frame. It runs
// while there are connections, from the first one on, and outlives Run so
// that writers stuck when the hub shuts down are still dropped.
func (h *Hub) watch() {
	tick := time.NewTicker(max(min(h.cfg.WriteTimeout/4, time.Second), time.Millisecond))
	defer tick.Stop()
	var conns []*conn
	for range tick.C {
		h.mu.Lock()
		if len(h.conns) == 0 {
			h.watching = false
			h.mu.Unlock()
			return
		}
		conns = append(conns[:0], h.conns...)
		h.mu.Unlock()
		now := h.clock()
		for _, c := range conns {
			if since := c.busy.Load(); since != 0 && now-since > int64(h.cfg.WriteTimeout) && h.drop(c) {
				// Closing the socket fails the blocked write, and its writer
				// returns. CloseNow can wait (for a close handshake under
				// way, say): not here, where it would hold up the others.
				go c.ws.CloseNow()
			}
		}
		clear(conns) // hold no connection until the next tick
	}
}
