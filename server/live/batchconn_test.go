package live

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// countingListener counts the writes to the sockets it accepts.
type countingListener struct {
	net.Listener
	writes *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{Conn: c, writes: l.writes}, nil
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// acceptHeld serves one WebSocket the way the hub accepts it and returns
// the server's connection, its client, and the count of socket writes.
func acceptHeld(t *testing.T) (*conn, *websocket.Conn, *atomic.Int64) {
	t.Helper()
	writes := &atomic.Int64{}
	accepted := make(chan *conn, 1)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hw := &holdWriter{ResponseWriter: w}
		ws, err := websocket.Accept(hw, r, nil)
		if err != nil {
			t.Errorf("accept: %v", err)
			return
		}
		// The test is the writer: writing is set as drain would have it.
		accepted <- &conn{ws: ws, socket: hw.conn, writing: true, finished: make(chan struct{}), topics: map[string]struct{}{}, hub: &Hub{}}
	}))
	srv.Listener = countingListener{Listener: srv.Listener, writes: writes}
	srv.Start()
	t.Cleanup(srv.Close)
	ctx := testCtx(t, 10*time.Second)
	client, _, err := websocket.Dial(ctx, strings.Replace(srv.URL, "http", "ws", 1), nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { client.CloseNow() })
	var c *conn
	select {
	case c = <-accepted:
	case <-ctx.Done():
		t.Fatal("no connection accepted")
	}
	t.Cleanup(func() { c.ws.CloseNow() })
	return c, client, writes
}

func TestBatchOfFramesGoesOutInOneWrite(t *testing.T) {
	c, client, writes := acceptHeld(t)
	h := New(Config{Snapshots: &snapshots{}})
	ctx := testCtx(t, 10*time.Second)

	for _, n := range []int{1, 5} {
		frames := make([][]byte, n)
		for i := range frames {
			// The last frame is bigger than the writer's buffer, which
			// then reaches the socket in pieces: they are held too.
			frames[i] = fmt.Appendf(nil, `{"n":%d,"pad":"%s"}`, i, strings.Repeat("x", i*2000))
		}
		before := writes.Load()
		if h.writeFrames(ctx, c, frames) == 0 {
			t.Fatalf("batch of %d: the connection was dropped", n)
		}
		if got := writes.Load() - before; got != 1 {
			t.Errorf("batch of %d frames took %d socket writes, want 1", n, got)
		}
		for i := range n {
			_, data, err := client.Read(ctx)
			if err != nil {
				t.Fatalf("batch of %d: read frame %d: %v", n, i, err)
			}
			if want := fmt.Sprintf(`{"n":%d,`, i); !strings.HasPrefix(string(data), want) {
				t.Fatalf("batch of %d: frame %d is %.40s, want it to start %s", n, i, data, want)
			}
		}
	}
	if got := h.Stats().Batched.Load(); got != 4 {
		t.Errorf("batched = %d, want 4 (the frames after the first of the batch of 5)", got)
	}
	// Outside a batch, writes go straight through: a ping and its pong.
	before := writes.Load()
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	go func() { _, _, _ = client.Read(readCtx) }() // answers the ping
	go func() { _, _, _ = c.ws.Read(readCtx) }()   // takes the pong
	if err := c.ws.Ping(ctx); err != nil {
		t.Fatalf("ping after a batch: %v", err)
	}
	if got := writes.Load() - before; got != 1 {
		t.Errorf("a ping took %d socket writes, want 1", got)
	}
}

func TestFailedBatchDropsTheConnection(t *testing.T) {
	c, client, _ := acceptHeld(t)
	h := New(Config{Snapshots: &snapshots{}})
	ctx := testCtx(t, 10*time.Second)
	// The socket is gone under coder/websocket. Its frames are held, so
	// they are written to memory without error: it is the release's one
	// write that fails, and that failure must drop the connection.
	_ = c.socket.Conn.Close()
	if h.writeFrames(ctx, c, [][]byte{[]byte(`{"n":0}`), []byte(`{"n":1}`)}) != 0 {
		t.Fatal("a batch to a closed socket was reported written")
	}
	if got := h.Stats().DeadClosed.Load(); got != 1 {
		t.Errorf("dead closes = %d, want 1", got)
	}
	if _, _, err := client.Read(ctx); err == nil {
		t.Error("the client read a frame from a dropped connection")
	}
	if c.socket.holding {
		t.Error("the socket still holds writes after a failed batch")
	}
}
