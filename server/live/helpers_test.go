package live

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"scorecast/shared"
)

const testOrg = "acme"

// snapshots is a Snapshotter whose answer is {"at":<At>}.
type snapshots struct {
	mu sync.Mutex
	at uint64
}

func (s *snapshots) Snapshot(_ context.Context, _, topic string) (any, error) {
	if strings.HasPrefix(topic, "team/forbidden") {
		return nil, ErrForbidden
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]uint64{"at": s.at}, nil
}

// testHub is a running hub served over real sockets by httptest.
type testHub struct {
	tb  testing.TB
	hub *Hub
	url string
}

// smallBuffers makes the server's socket send buffers small, so a client
// that stops reading fills them after a few frames, not megabytes.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4 << 10)
	}
	return c, err
}

// testViewer lets every request in as a tester of testOrg, who may see
// every topic but agent/forbidden.
func testViewer(*http.Request) (Viewer, error) {
	return Viewer{Org: testOrg, Keys: []string{"user:tester"}, May: func(topic string) bool { return topic != "agent/forbidden" }}, nil
}

func startHub(tb testing.TB, cfg Config) *testHub {
	tb.Helper()
	if cfg.Snapshots == nil {
		cfg.Snapshots = &snapshots{}
	}
	if cfg.Authenticate == nil {
		cfg.Authenticate = testViewer
	}
	h := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- h.Run(ctx) }()
	srv := httptest.NewUnstartedServer(h)
	srv.Listener = smallBuffers{srv.Listener}
	srv.Start()
	tb.Cleanup(func() {
		cancel()
		<-ran
		srv.CloseClientConnections()
		srv.Close()
	})
	return &testHub{tb: tb, hub: h, url: strings.Replace(srv.URL, "http", "ws", 1)}
}

// publish hands the hub messages as the projector does.
func (th *testHub) publish(msgs ...Message) { th.hub.Publish(testOrg, msgs) }

// client is a real WebSocket client.
type client struct {
	tb testing.TB
	ws *websocket.Conn
}

// dial connects; small makes the client's receive buffer small.
func (th *testHub) dial(ctx context.Context, small bool) *client {
	th.tb.Helper()
	var opts *websocket.DialOptions
	if small {
		d := &net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
			var serr error
			err := rc.Control(func(fd uintptr) {
				serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<10)
			})
			if err != nil {
				return err
			}
			return serr
		}}
		opts = &websocket.DialOptions{HTTPClient: &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}}
	}
	ws, _, err := websocket.Dial(ctx, th.url, opts)
	if err != nil {
		th.tb.Fatalf("dial: %v", err)
	}
	ws.SetReadLimit(1 << 20)
	th.tb.Cleanup(func() { ws.CloseNow() })
	c := &client{tb: th.tb, ws: ws}
	c.hello(ctx)
	return c
}

func (c *client) subscribe(ctx context.Context, topic string, since *uint64) {
	c.tb.Helper()
	data, _ := json.Marshal(shared.ClientMessage{Op: shared.OpSubscribe, Topic: topic, Since: since})
	if err := c.ws.Write(ctx, websocket.MessageText, data); err != nil {
		c.tb.Fatalf("subscribe: %v", err)
	}
}

func (c *client) next(ctx context.Context) shared.Message {
	c.tb.Helper()
	m, err := c.read(ctx)
	if err != nil {
		c.tb.Fatalf("read: %v", err)
	}
	return m
}

func (c *client) read(ctx context.Context) (shared.Message, error) {
	_, data, err := c.ws.Read(ctx)
	if err != nil {
		return shared.Message{}, err
	}
	var m shared.Message
	if err := json.Unmarshal(data, &m); err != nil {
		return shared.Message{}, fmt.Errorf("frame %q: %w", data, err)
	}
	return m, nil
}

// points is a points message whose data carries n.
func points(topic string, n int, pad int) Message {
	return Message{Topic: topic, Kind: shared.KindPoints,
		Data: json.RawMessage(fmt.Sprintf(`{"n":%d,"pad":"%s"}`, n, strings.Repeat("x", pad)))}
}

func nOf(tb testing.TB, m shared.Message) int {
	tb.Helper()
	var d struct{ N int }
	if err := json.Unmarshal(m.Data, &d); err != nil {
		tb.Fatalf("data of %+v: %v", m, err)
	}
	return d.N
}

func testCtx(tb testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}
