package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"scorecast/shared"
)

// Snapshotter gives the current state of a topic, for the first message of a
// subscription. It returns ErrForbidden or ErrUnknownTopic for topics the
// caller may not or cannot see.
type Snapshotter interface {
	Snapshot(ctx context.Context, org, topic string) (any, error)
}

// Errors a Snapshotter returns to refuse a subscription.
var (
	// ErrForbidden means the caller may not see the topic.
	ErrForbidden = errors.New("live: topic not allowed")
	// ErrUnknownTopic means the topic does not exist (an unknown board, say).
	ErrUnknownTopic = errors.New("live: unknown topic")
)

// Config configures a Hub.
type Config struct {
	// Conn is the NATS connection the hub listens on (required).
	Conn *nats.Conn
	// Snapshots gives topics' current state (required).
	Snapshots Snapshotter
	// Org names the org of a connecting request, or fails to refuse it (required).
	Org func(r *http.Request) (string, error)
	// RingSize is how many recent messages each topic keeps for resuming; default 64.
	RingSize int
	// QueueSize bounds each connection's outgoing queue; default 256 frames.
	QueueSize int
	// MaxTopics bounds the subscriptions of one connection; default 64.
	MaxTopics int
	// PingInterval keeps idle connections honest; default 30 s.
	PingInterval time.Duration
	// OriginPatterns are extra allowed origins besides the server's own host.
	OriginPatterns []string
	// Logger; default slog.Default().
	Logger *slog.Logger
}

// Hub fans live messages out to WebSocket connections.
type Hub struct {
	cfg  Config
	log  *slog.Logger
	base uint64 // first seq of every topic in this run, so old "since" values never match

	mu     sync.Mutex
	topics map[string]*topic // by "<org>|<topic>"
	conns  map[*conn]struct{}
	closed bool
}

// New returns a hub; call Run to start delivering.
func New(cfg Config) *Hub {
	if cfg.RingSize <= 0 {
		cfg.RingSize = 64
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 256
	}
	if cfg.MaxTopics <= 0 {
		cfg.MaxTopics = 64
	}
	if cfg.PingInterval <= 0 {
		cfg.PingInterval = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Hub{
		cfg:    cfg,
		log:    cfg.Logger,
		base:   uint64(time.Now().UnixMicro()),
		topics: map[string]*topic{},
		conns:  map[*conn]struct{}{},
	}
}

// Run delivers live messages until ctx ends, then closes every connection
// with shared.CloseShuttingDown.
func (h *Hub) Run(ctx context.Context) error {
	msgs := make(chan *nats.Msg, 8192)
	sub, err := h.cfg.Conn.ChanSubscribe(subjectPrefix+"*", msgs)
	if err != nil {
		return fmt.Errorf("live: subscribe: %w", err)
	}
	_ = sub.SetPendingLimits(-1, -1)
	defer func() {
		_ = sub.Unsubscribe()
		h.closeAll()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case m := <-msgs:
			var env Envelope
			if err := json.Unmarshal(m.Data, &env); err != nil {
				h.log.Error("live: bad envelope", "err", err)
				continue
			}
			h.deliver(orgOfSubject(m.Subject), env)
		}
	}
}

func topicKey(org, name string) string { return org + "|" + name }

// topic returns the state of a topic, creating it.
func (h *Hub) topic(org, name string) *topic {
	h.mu.Lock()
	defer h.mu.Unlock()
	k := topicKey(org, name)
	t := h.topics[k]
	if t == nil {
		t = &topic{seq: h.base, subs: map[*conn]struct{}{}}
		h.topics[k] = t
	}
	return t
}

func (h *Hub) deliver(org string, env Envelope) {
	t := h.topic(org, env.Topic)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seq++
	data, err := json.Marshal(shared.Message{Topic: env.Topic, Seq: t.seq, Kind: env.Kind, Data: env.Data})
	if err != nil {
		h.log.Error("live: encode message", "topic", env.Topic, "err", err)
		return
	}
	f := frame{seq: t.seq, data: data}
	t.push(f, h.cfg.RingSize)
	for c := range t.subs {
		c.send(f.data)
	}
}

// subscribe sends the snapshot (or the missed messages) and adds c to the
// topic, under the topic's lock so that no message falls between the two.
func (h *Hub) subscribe(ctx context.Context, c *conn, name string, since *uint64) {
	if _, _, ok := shared.ParseTopic(name); !ok {
		c.sendError(name, "unknown topic")
		return
	}
	if !c.addTopic(name, h.cfg.MaxTopics) {
		c.sendError(name, fmt.Sprintf("at most %d subscriptions per connection", h.cfg.MaxTopics))
		return
	}
	t := h.topic(c.org, name)
	t.mu.Lock()
	defer t.mu.Unlock()
	if since != nil {
		if frames, ok := t.missed(*since); ok {
			for _, f := range frames {
				c.send(f.data)
			}
			t.subs[c] = struct{}{}
			return
		}
	}
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
		return
	}
	raw, err := json.Marshal(snap)
	if err != nil {
		c.removeTopic(name)
		c.sendError(name, "snapshot failed")
		return
	}
	data, _ := json.Marshal(shared.Message{Topic: name, Seq: t.seq, Kind: shared.KindSnapshot, Data: raw})
	c.send(data)
	t.subs[c] = struct{}{}
}

func (h *Hub) unsubscribe(c *conn, name string) {
	if !c.removeTopic(name) {
		return
	}
	t := h.topic(c.org, name)
	t.mu.Lock()
	delete(t.subs, c)
	t.mu.Unlock()
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
	conns := make([]*conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.close(shared.CloseShuttingDown, "server shutting down")
	}
}
