package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/nats-io/nats.go"

	"scorecast/shared"
)

// rawHub, in the raw floor's process, fans the core NATS hop out to a fleet
// like ours: each client on one topic (topicFor), given in the query. An
// agent topic gets every event of its agent at once; a team or board topic
// gets its latest event every coalescing interval, as our hub sends them.
// No seq, ring, JSON, authorization or per-connection queue bound: the
// floor of writing these frames to these sockets on this machine.
type rawHub struct {
	agents, teams int
	live          *nats.Conn

	subMu sync.Mutex
	sub   *nats.Subscription // taken on the first client: a run of /one alone pays nothing for the hub

	mu     sync.Mutex
	peers  map[string][]chan []byte // by topic
	latest map[string][]byte        // team and board topics with a frame due
}

func newRawHub(live *nats.Conn, agents, teams int) *rawHub {
	return &rawHub{agents: agents, teams: teams, live: live, peers: map[string][]chan []byte{}, latest: map[string][]byte{}}
}

// subscribe takes the hop's events, once.
func (h *rawHub) subscribe() error {
	h.subMu.Lock()
	defer h.subMu.Unlock()
	if h.sub != nil {
		return nil
	}
	sub, err := h.live.Subscribe(rawLiveSubject, h.route)
	if err != nil {
		return fmt.Errorf("raw fan-out: subscribe: %w", err)
	}
	if err := h.live.Flush(); err != nil {
		_ = sub.Unsubscribe()
		return fmt.Errorf("raw fan-out: subscribe: %w", err)
	}
	h.sub = sub
	return nil
}

func (h *rawHub) serve(w http.ResponseWriter, req *http.Request) {
	topic := req.URL.Query().Get("topic")
	if err := h.subscribe(); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	ws, err := websocket.Accept(w, req, nil)
	if err != nil {
		return
	}
	defer ws.CloseNow()
	ctx := ws.CloseRead(req.Context())
	q := make(chan []byte, 256)
	h.mu.Lock()
	h.peers[topic] = append(h.peers[topic], q)
	h.mu.Unlock()
	sendFrames(ctx, ws, q)
	// The process outlives a round's fleet: the next fleet is routed to alone.
	h.mu.Lock()
	h.peers[topic] = slices.DeleteFunc(h.peers[topic], func(p chan []byte) bool { return p == q })
	h.mu.Unlock()
}

// route sends an event to its agent's clients now and marks its team and
// the boards for the next coalescing tick.
func (h *rawHub) route(m *nats.Msg) {
	n, ok := rawEventIndex(m.Data)
	if !ok {
		return
	}
	a := n % h.agents
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, q := range h.peers[shared.AgentTopic(agentID(a))] {
		select {
		case q <- m.Data:
		default:
		}
	}
	h.latest[shared.TeamTopic(teamID(a%h.teams))] = m.Data
	for _, b := range boardTopics {
		h.latest[b] = m.Data
	}
}

// coalesce sends each team and board topic's latest event to its clients
// once per interval.
func (h *rawHub) coalesce(ctx context.Context, interval time.Duration) {
	every(ctx, interval, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		for topic, data := range h.latest {
			for _, q := range h.peers[topic] {
				select {
				case q <- data:
				default:
				}
			}
			delete(h.latest, topic)
		}
	})
}

// rawEventIndex reads n from a raw event's data, "<n> <payload>".
func rawEventIndex(data []byte) (int, bool) {
	if i := bytes.IndexByte(data, ' '); i >= 0 {
		data = data[:i]
	}
	n, err := strconv.Atoi(string(data))
	return n, err == nil
}

// rawClients are bare WebSocket clients of the raw floor's process, in the
// harness: its one client (/one), or a fleet like ours (/fanout).
type rawClients struct {
	conns   []*websocket.Conn
	readers sync.WaitGroup
	arrived chan []arrival
	frames  atomic.Int64 // every frame read after the ready frame
	bytes   atomic.Int64 // their bytes
	once    sync.Once
	all     []arrival
}

// rawOne is the raw floor's one client: every event, timed.
func rawOne(base string) func(int) (string, bool) {
	return func(int) (string, bool) { return base + "/one", true }
}

// rawFanoutTo spreads clients over topics as our fleet is spread; the
// agent topics' clients are timed.
func rawFanoutTo(base string, agents, teams int) func(int) (string, bool) {
	return func(i int) (string, bool) {
		topic := topicFor(i, agents, teams)
		return base + "/fanout?topic=" + url.QueryEscape(topic), strings.HasPrefix(topic, "agent/")
	}
}

// dialRaw connects n clients, 64 at a time, client i to target(i), and
// returns once every one has read its ready frame (the server side is
// subscribed). On an error it closes the ones it opened.
func dialRaw(ctx context.Context, n int, target func(i int) (url string, timed bool)) (*rawClients, error) {
	c := &rawClients{arrived: make(chan []arrival, n)}
	var mu sync.Mutex
	err := inParallel(ctx, n, 64, func(i int) error {
		u, timed := target(i)
		ws, err := dialReady(ctx, "ws"+strings.TrimPrefix(u, "http"))
		if err != nil {
			return err
		}
		mu.Lock()
		c.conns = append(c.conns, ws)
		mu.Unlock()
		c.readers.Go(func() { c.read(ctx, ws, timed) })
		return nil
	})
	if err != nil {
		c.close()
		return nil, fmt.Errorf("raw: %d of %d clients connected, then: %w", len(c.conns), n, err)
	}
	return c, nil
}

// dialReady dials one client and reads its ready frame, within 30 s.
func dialReady(ctx context.Context, u string) (*websocket.Conn, error) {
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(dctx, u, nil)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", u, err)
	}
	ws.SetReadLimit(1 << 20)
	_, data, err := ws.Read(dctx)
	if err != nil {
		ws.CloseNow()
		return nil, fmt.Errorf("ready frame of %s: %w", u, err)
	}
	if !bytes.Equal(data, readyFrame) {
		ws.CloseNow()
		return nil, fmt.Errorf("first frame of %s is %.100q, want %q", u, data, readyFrame)
	}
	return ws, nil
}

// read counts frames and, on a timed client, stamps each event's arrival,
// reading into one buffer per client as our fleet does.
func (c *rawClients) read(ctx context.Context, ws *websocket.Conn, timed bool) {
	var got []arrival
	defer func() { c.arrived <- got }()
	var buf bytes.Buffer
	for {
		data, err := readFrame(ctx, ws, &buf)
		now := time.Now().UnixNano()
		if err != nil {
			return
		}
		c.frames.Add(1)
		c.bytes.Add(int64(len(data)))
		if !timed {
			continue
		}
		if n, ok := rawEventIndex(data); ok {
			got = append(got, arrival{event: int32(n), at: now})
		}
	}
}

// close closes every client and returns what they saw; later calls return
// the same.
func (c *rawClients) close() []arrival {
	c.once.Do(func() {
		for _, ws := range c.conns {
			ws.CloseNow()
		}
		c.readers.Wait()
		close(c.arrived)
		for a := range c.arrived {
			c.all = append(c.all, a...)
		}
	})
	return c.all
}
