package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/nats-io/nats.go"

	"scorecast/shared"
)

// rawFanout is the raw floor fanned out to a fleet like ours: a bare
// coder/websocket server fed by the raw pipeline's core NATS hop, each
// client on one topic (topicFor). An agent topic gets every event of its
// agent; a team or board topic gets its latest event every coalescing
// interval, as our hub sends them. No seq, ring, JSON, authorization or
// per-connection queue bound: the floor of writing these frames to these
// sockets on this machine.
type rawFanout struct {
	agents, teams int
	srv           *http.Server
	sub           *nats.Subscription
	stop          context.CancelFunc
	wg            sync.WaitGroup

	mu     sync.Mutex
	peers  map[string][]chan []byte // by topic
	latest map[string][]byte        // team and board topics with a frame due

	clients []*websocket.Conn
	readers sync.WaitGroup
	arrived chan []arrival
	frames  atomic.Int64
}

// startRawFanout serves the fan-out on loopback and dials n clients to it.
func startRawFanout(ctx context.Context, live *nats.Conn, n, agents, teams int, every time.Duration) (*rawFanout, error) {
	f := &rawFanout{agents: agents, teams: teams, peers: map[string][]chan []byte{}, latest: map[string][]byte{},
		arrived: make(chan []arrival, n)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("raw fan-out: listen: %w", err)
	}
	runCtx, stop := context.WithCancel(ctx)
	f.stop = stop
	f.srv = &http.Server{Handler: http.HandlerFunc(f.serve)}
	f.wg.Go(func() { _ = f.srv.Serve(ln) })
	if f.sub, err = live.Subscribe("rawlive", f.route); err != nil {
		f.close()
		return nil, fmt.Errorf("raw fan-out: subscribe: %w", err)
	}
	f.wg.Go(func() { f.coalesce(runCtx, every) })
	if err := f.dial(ctx, "ws://"+ln.Addr().String(), n); err != nil {
		f.close()
		return nil, err
	}
	return f, live.Flush()
}

func (f *rawFanout) serve(w http.ResponseWriter, req *http.Request) {
	topic := req.URL.Query().Get("topic")
	ws, err := websocket.Accept(w, req, nil)
	if err != nil {
		return
	}
	defer ws.CloseNow()
	ctx := ws.CloseRead(req.Context())
	q := make(chan []byte, 256)
	f.mu.Lock()
	f.peers[topic] = append(f.peers[topic], q)
	f.mu.Unlock()
	for {
		select {
		case <-ctx.Done():
			return
		case data := <-q:
			if ws.Write(ctx, websocket.MessageText, data) != nil {
				return
			}
		}
	}
}

// route sends an event to its agent's clients now and marks its team and
// the boards for the next coalescing tick.
func (f *rawFanout) route(m *nats.Msg) {
	n, err := strconv.Atoi(string(m.Data[:bytesIndex(m.Data, ' ')]))
	if err != nil {
		return
	}
	a := n % f.agents
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, q := range f.peers[shared.AgentTopic(agentID(a))] {
		select {
		case q <- m.Data:
		default:
		}
	}
	f.latest[shared.TeamTopic(teamID(a%f.teams))] = m.Data
	for _, b := range boardTopics {
		f.latest[b] = m.Data
	}
}

func (f *rawFanout) coalesce(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.mu.Lock()
			for topic, data := range f.latest {
				for _, q := range f.peers[topic] {
					select {
					case q <- data:
					default:
					}
				}
				delete(f.latest, topic)
			}
			f.mu.Unlock()
		}
	}
}

// dial connects n clients, 64 at a time, each to its topic, and waits until
// the server has registered them all.
func (f *rawFanout) dial(ctx context.Context, url string, n int) error {
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for range min(64, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				topic := topicFor(i, f.agents, f.teams)
				ws, _, err := websocket.Dial(ctx, url+"/?topic="+topic, nil)
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				ws.SetReadLimit(1 << 20)
				mu.Lock()
				f.clients = append(f.clients, ws)
				mu.Unlock()
				timed := strings.HasPrefix(topic, "agent/")
				f.readers.Go(func() { f.read(ctx, ws, timed) })
			}
		})
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return fmt.Errorf("raw fan-out: dial: %w", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		f.mu.Lock()
		k := 0
		for _, qs := range f.peers {
			k += len(qs)
		}
		f.mu.Unlock()
		if k == n {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("raw fan-out: clients never all registered")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// read counts frames and, on agent topics, stamps each event's arrival.
func (f *rawFanout) read(ctx context.Context, ws *websocket.Conn, timed bool) {
	var got []arrival
	defer func() { f.arrived <- got }()
	var buf bytes.Buffer
	for {
		data, err := readFrame(ctx, ws, &buf)
		now := time.Now().UnixNano()
		if err != nil {
			return
		}
		f.frames.Add(1)
		if !timed {
			continue
		}
		if n, err := strconv.Atoi(string(data[:bytesIndex(data, ' ')])); err == nil {
			got = append(got, arrival{event: int32(n), at: now})
		}
	}
}

// close stops the fan-out and returns what its clients saw.
func (f *rawFanout) close() []arrival {
	if f.sub != nil {
		_ = f.sub.Unsubscribe()
	}
	if f.stop != nil {
		f.stop()
	}
	for _, ws := range f.clients {
		ws.CloseNow()
	}
	f.readers.Wait()
	close(f.arrived)
	var all []arrival
	for a := range f.arrived {
		all = append(all, a...)
	}
	if f.srv != nil {
		_ = f.srv.Close()
	}
	f.wg.Wait()
	return all
}
