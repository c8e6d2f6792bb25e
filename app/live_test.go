package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"scorecast/shared"
)

// fakeHub is a scripted live endpoint: each connection runs the next script.
type fakeHub struct {
	t       *testing.T
	mu      sync.Mutex
	scripts []func(c *websocket.Conn)
}

func (h *fakeHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	if len(h.scripts) == 0 {
		h.mu.Unlock()
		http.Error(w, "no more scripts", http.StatusServiceUnavailable)
		return
	}
	script := h.scripts[0]
	h.scripts = h.scripts[1:]
	h.mu.Unlock()
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		h.t.Error(err)
		return
	}
	defer c.CloseNow()
	script(c)
}

func readSub(t *testing.T, c *websocket.Conn) shared.ClientMessage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("reading subscribe: %v", err)
	}
	var m shared.ClientMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func send(t *testing.T, c *websocket.Conn, topic string, seq uint64, kind string) {
	t.Helper()
	b, _ := json.Marshal(shared.Message{Topic: topic, Seq: seq, Kind: kind, Data: json.RawMessage(`{}`)})
	if err := c.Write(context.Background(), websocket.MessageText, b); err != nil {
		t.Errorf("write: %v", err)
	}
}

func sinceOf(m shared.ClientMessage) string {
	if m.Since == nil {
		return "nil"
	}
	b, _ := json.Marshal(*m.Since)
	return string(b)
}

// TestRunLiveResumes drives the client through a snapshot, a seq gap (it must
// resubscribe with since) and a dropped connection (it must reconnect and
// resume with since = last seq).
func TestRunLiveResumes(t *testing.T) {
	const topic = "agent/a-1"
	done := make(chan struct{})
	hub := &fakeHub{t: t}
	hub.scripts = []func(c *websocket.Conn){
		func(c *websocket.Conn) {
			if m := readSub(t, c); m.Op != shared.OpSubscribe || m.Topic != topic || m.Since != nil {
				t.Errorf("first subscribe = %+v", m)
			}
			send(t, c, topic, 5, shared.KindSnapshot)
			send(t, c, topic, 6, shared.KindPoints)
			send(t, c, topic, 6, shared.KindPoints) // duplicate: dropped
			send(t, c, topic, 8, shared.KindPoints) // gap
			if m := readSub(t, c); m.Topic != topic || sinceOf(m) != "6" {
				t.Errorf("resubscribe after gap = %+v since %s", m, sinceOf(m))
			}
			send(t, c, topic, 7, shared.KindPoints)
			send(t, c, topic, 8, shared.KindPoints)
			c.Close(websocket.StatusGoingAway, "bye")
		},
		func(c *websocket.Conn) {
			if m := readSub(t, c); sinceOf(m) != "8" {
				t.Errorf("resume subscribe since = %s, want 8", sinceOf(m))
			}
			send(t, c, topic, 9, shared.KindPoints)
			<-done
		},
	}
	srv := httptest.NewServer(hub)
	defer srv.Close()

	var (
		mu     sync.Mutex
		seqs   []uint64
		states []string
	)
	got9 := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		runLive(ctx, liveOptions{
			URL:        "ws" + strings.TrimPrefix(srv.URL, "http") + livePath,
			Topics:     []string{topic},
			MinBackoff: 10 * time.Millisecond,
			MaxBackoff: 20 * time.Millisecond,
			Post: func(u liveUpdate) {
				mu.Lock()
				defer mu.Unlock()
				if u.State != "" {
					states = append(states, u.State)
				}
				for _, m := range u.Msgs {
					seqs = append(seqs, m.Seq)
					if m.Seq == 9 {
						close(got9)
					}
				}
			},
		})
	}()
	select {
	case <-got9:
	case <-time.After(10 * time.Second):
		t.Fatal("timed out")
	}
	close(done)
	cancel()
	<-finished

	mu.Lock()
	defer mu.Unlock()
	if want := []uint64{5, 6, 7, 8, 9}; !equalU64(seqs, want) {
		t.Errorf("delivered seqs %v, want %v", seqs, want)
	}
	if want := "connecting live reconnecting live"; strings.Join(states, " ") != want {
		t.Errorf("states %q, want %q", strings.Join(states, " "), want)
	}
}

func equalU64(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRunLiveStopsOnPolicyClose checks that a 45xx close ends the client.
func TestRunLiveStopsOnPolicyClose(t *testing.T) {
	hub := &fakeHub{t: t}
	hub.scripts = []func(c *websocket.Conn){func(c *websocket.Conn) {
		readSub(t, c)
		c.Close(shared.CloseUnauthorized, "revoked")
	}}
	srv := httptest.NewServer(hub)
	defer srv.Close()
	var last liveUpdate
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	runLive(ctx, liveOptions{
		URL:        "ws" + strings.TrimPrefix(srv.URL, "http") + livePath,
		Topics:     []string{"org"},
		MinBackoff: 10 * time.Millisecond,
		Post:       func(u liveUpdate) { last = u },
	})
	if ctx.Err() != nil {
		t.Fatal("client kept reconnecting after 4501")
	}
	if last.State != connOffline || last.Err == "" {
		t.Errorf("last update %+v", last)
	}
}

func TestBackoffDelay(t *testing.T) {
	min, max := 500*time.Millisecond, 15*time.Second
	for n, want := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 15 * time.Second} {
		if got := backoffDelay(n, min, max, 0.5); got != want {
			t.Errorf("attempt %d: %v, want %v", n, got, want)
		}
	}
	if lo, hi := backoffDelay(0, min, max, 0), backoffDelay(0, min, max, 0.999999); lo != 350*time.Millisecond || hi < 649*time.Millisecond || hi > 650*time.Millisecond {
		t.Errorf("jitter range %v..%v", lo, hi)
	}
	if got := backoffDelay(100, min, max, 0.5); got != max {
		t.Errorf("large attempt: %v", got)
	}
}

func TestLiveURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8099/agent/a-1":          "ws://127.0.0.1:8099/api/v1/live",
		"https://sc.example.com/wallboard?token=x": "wss://sc.example.com/api/v1/live?token=x",
	} {
		u, _ := url.Parse(in)
		if got := liveURL(u); got != want {
			t.Errorf("liveURL(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestLiveSinkCoalesces(t *testing.T) {
	var s liveSink
	if !s.add(liveUpdate{State: connLive}) {
		t.Fatal("first add must schedule")
	}
	if s.add(liveUpdate{Msgs: []shared.Message{{Seq: 1}}}) || s.add(liveUpdate{Msgs: []shared.Message{{Seq: 2}}}) {
		t.Fatal("later adds must not schedule again")
	}
	u := s.take()
	if u.State != connLive || len(u.Msgs) != 2 {
		t.Errorf("took %+v", u)
	}
	if !s.add(liveUpdate{}) {
		t.Error("add after take must schedule")
	}
}
