package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"scorecast/shared"
)

// arrival is one points frame: which event it showed and when it came.
type arrival struct {
	event int32 // index of the event in this run
	at    int64 // UnixNano
}

// fleet is N WebSocket clients, each subscribed to one topic.
type fleet struct {
	frames  atomic.Int64 // every frame read after the snapshot
	bytes   atomic.Int64 // their bytes
	gaps    atomic.Int64 // seq jumps: frames a client never saw
	closed  atomic.Int64 // connections that ended before the harness closed them
	slow    atomic.Int64 // of which with shared.CloseSlowClient
	errs    atomic.Int64 // failures to dial or subscribe
	ending  atomic.Bool  // the harness is closing the clients
	arrived chan []arrival
	prefix  string // the ids of the events the clients time: prefix<n>

	mu      sync.Mutex
	conns   []*websocket.Conn
	readers sync.WaitGroup
}

// boardTopics are the boards the fleet watches; every event moves them all.
var boardTopics = []string{
	shared.BoardTopic(shared.BoardAgents, shared.PeriodDay), shared.BoardTopic(shared.BoardAgents, shared.PeriodWeek),
	shared.BoardTopic(shared.BoardAgents, shared.PeriodAll), shared.BoardTopic(shared.BoardTeams, shared.PeriodDay),
}

// topicFor spreads clients: 1 in 20 on a board, 3 in 20 on a team, the rest
// on agents (every agent's PWA; several screens per agent at 10k clients).
func topicFor(i, agents, teams int) string {
	switch r := i % 20; {
	case r == 0:
		return boardTopics[(i/20)%len(boardTopics)]
	case r <= 3:
		return shared.TeamTopic(teamID((i / 20) % teams))
	default:
		return shared.AgentTopic(agentID(i % agents))
	}
}

func agentID(i int) string { return "a-" + strconv.Itoa(i) }
func teamID(i int) string  { return "t-" + strconv.Itoa(i) }

// openFleet dials n clients, 64 at a time, each subscribing to its topic and
// waiting for its snapshot. They time the frames of events with ids
// prefix<n>.
func openFleet(ctx context.Context, url string, header http.Header, n, agents, teams int, prefix string) (*fleet, error) {
	f := &fleet{arrived: make(chan []arrival, n), prefix: prefix}
	wsURL := strings.Replace(url, "http", "ws", 1) + "/api/v1/live"
	var first firstError
	// A failed client is counted and the others still dialled.
	err := inParallel(ctx, n, 64, func(i int) error {
		if err := f.open(ctx, wsURL, header, topicFor(i, agents, teams)); err != nil {
			f.errs.Add(1)
			first.report(err)
		}
		return nil
	})
	if err := first.get(); err != nil {
		return f, fmt.Errorf("%d of %d clients failed, first: %w", f.errs.Load(), n, err)
	}
	return f, err
}

func (f *fleet) open(ctx context.Context, url string, header http.Header, topic string) error {
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(dctx, url, &websocket.DialOptions{HTTPHeader: header})
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	ws.SetReadLimit(1 << 20)
	sub, _ := json.Marshal(shared.ClientMessage{Op: shared.OpSubscribe, Topic: topic})
	if err := ws.Write(dctx, websocket.MessageText, sub); err != nil {
		ws.CloseNow()
		return fmt.Errorf("subscribe %s: %w", topic, err)
	}
	var m shared.Message
	var data []byte
	// Our hub says hello first; the raw fan-out does not.
	for first := true; first || m.Kind == shared.KindHello; first = false {
		if _, data, err = ws.Read(dctx); err != nil {
			ws.CloseNow()
			return fmt.Errorf("snapshot of %s: %w", topic, err)
		}
		m = shared.Message{}
		_ = json.Unmarshal(data, &m) // a frame that is not a message fails the check below
	}
	if m.Kind != shared.KindSnapshot {
		ws.CloseNow()
		return fmt.Errorf("first message on %s is %.200s, want a snapshot", topic, data)
	}
	f.mu.Lock()
	f.conns = append(f.conns, ws)
	f.mu.Unlock()
	f.readers.Go(func() { f.read(ctx, ws, m.Seq) })
	return nil
}

var (
	seqKey   = []byte(`"seq":`)
	eventKey = []byte(`"event":"`)
)

// read counts frames, checks seq and stamps points frames, reading only the
// few bytes it needs: the harness shares the machine with the server.
func (f *fleet) read(ctx context.Context, ws *websocket.Conn, seq uint64) {
	var got []arrival
	defer func() { f.arrived <- got }()
	// One buffer per client, reused: io.ReadAll (ws.Read) allocates and
	// grows a new one per frame, and the harness's garbage is CPU taken
	// from the server it measures.
	var buf bytes.Buffer
	for {
		data, err := readFrame(ctx, ws, &buf)
		now := time.Now().UnixNano()
		if err != nil {
			if !f.ending.Load() && ctx.Err() == nil {
				f.closed.Add(1)
				if websocket.CloseStatus(err) == shared.CloseSlowClient {
					f.slow.Add(1)
				}
			}
			return
		}
		f.frames.Add(1)
		f.bytes.Add(int64(len(data)))
		if s, ok := uintAfter(data, seqKey); ok {
			if s != seq+1 {
				f.gaps.Add(int64(s - seq - 1))
			}
			seq = s
		}
		if i := bytes.Index(data, eventKey); i >= 0 {
			if n, ok := eventIndex(data[i+len(eventKey):], f.prefix); ok {
				got = append(got, arrival{event: int32(n), at: now})
			}
		}
	}
}

// readFrame reads one message into buf and returns its bytes, valid until
// the next call.
func readFrame(ctx context.Context, ws *websocket.Conn, buf *bytes.Buffer) ([]byte, error) {
	_, r, err := ws.Reader(ctx)
	if err != nil {
		return nil, err
	}
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func uintAfter(data, key []byte) (uint64, bool) {
	i := bytes.Index(data, key)
	if i < 0 {
		return 0, false
	}
	var n uint64
	j := i + len(key)
	for ; j < len(data) && data[j] >= '0' && data[j] <= '9'; j++ {
		n = n*10 + uint64(data[j]-'0')
	}
	return n, j > i+len(key)
}

// eventIndex reads n from an event id "<prefix><n>" up to the closing quote.
func eventIndex(b []byte, prefix string) (int, bool) {
	end := bytes.IndexByte(b, '"')
	if end < 0 || !bytes.HasPrefix(b, []byte(prefix)) {
		return 0, false
	}
	n, err := strconv.Atoi(string(b[len(prefix):end]))
	return n, err == nil
}

// close closes every client and collects what they saw.
func (f *fleet) close() []arrival {
	f.ending.Store(true)
	f.mu.Lock()
	conns := f.conns
	f.mu.Unlock()
	for _, ws := range conns {
		ws.CloseNow()
	}
	f.readers.Wait()
	close(f.arrived)
	var all []arrival
	for a := range f.arrived {
		all = append(all, a...)
	}
	return all
}
