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

// sendHello sends the hello the hub starts every connection with.
func sendHello(t *testing.T, c *websocket.Conn, protocol int) {
	t.Helper()
	b, _ := json.Marshal(shared.HelloData{Protocol: protocol})
	m, _ := json.Marshal(shared.Message{Kind: shared.KindHello, Data: b})
	if err := c.Write(context.Background(), websocket.MessageText, m); err != nil {
		t.Errorf("write hello: %v", err)
	}
}

// recorder collects what a live client posts.
type recorder struct {
	mu       sync.Mutex
	seqs     []uint64
	states   []string
	last     liveStatus
	dropped  []string
	received chan shared.Message
}

func newRecorder() *recorder { return &recorder{received: make(chan shared.Message, 64)} }

func (r *recorder) post(u liveUpdate) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if u.Status != nil {
		r.states = append(r.states, u.Status.Conn)
		r.last = *u.Status
	}
	r.dropped = append(r.dropped, u.Dropped...)
	for _, m := range u.Msgs {
		r.seqs = append(r.seqs, m.Seq)
		r.received <- m
	}
}

// await waits for a message of seq on topic.
func (r *recorder) await(t *testing.T, topic string, seq uint64) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case m := <-r.received:
			if m.Topic == topic && m.Seq == seq {
				return
			}
		case <-deadline:
			t.Fatalf("no message %s #%d", topic, seq)
		}
	}
}

func wsURL(srv *httptest.Server) string { return "ws" + strings.TrimPrefix(srv.URL, "http") + livePath }

// startClient runs a live client for one owner's topics until the test ends.
func startClient(t *testing.T, srv *httptest.Server, rec *recorder, topics ...string) *liveClient {
	t.Helper()
	l := newLiveClient()
	l.MinBackoff, l.MaxBackoff = 10*time.Millisecond, 20*time.Millisecond
	start, _ := l.want(liveWant{Owner: "page", Version: 1, URL: wsURL(srv), Topics: topics})
	if !start {
		t.Fatal("the first want did not start the client")
	}
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		l.run(ctx, rec.post)
	}()
	t.Cleanup(func() {
		cancel()
		<-finished
	})
	return l
}

// TestLiveClientResumes drives the client through a snapshot, a seq gap (it
// must resubscribe with since) and a dropped connection (it must reconnect
// and resume with since = last seq).
func TestLiveClientResumes(t *testing.T) {
	const topic = "agent/a-1"
	done := make(chan struct{})
	hub := &fakeHub{t: t}
	hub.scripts = []func(c *websocket.Conn){
		func(c *websocket.Conn) {
			sendHello(t, c, shared.ProtocolVersion)
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
			sendHello(t, c, shared.ProtocolVersion)
			if m := readSub(t, c); sinceOf(m) != "8" {
				t.Errorf("resume subscribe since = %s, want 8", sinceOf(m))
			}
			send(t, c, topic, 9, shared.KindPoints)
			<-done
		},
	}
	srv := httptest.NewServer(hub)
	defer srv.Close()
	defer close(done)

	rec := newRecorder()
	startClient(t, srv, rec, topic)
	rec.await(t, topic, 9)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if want := []uint64{5, 6, 7, 8, 9}; !equalU64(rec.seqs, want) {
		t.Errorf("delivered seqs %v, want %v", rec.seqs, want)
	}
	if want := "connecting live reconnecting live"; strings.Join(rec.states, " ") != want {
		t.Errorf("states %q, want %q", strings.Join(rec.states, " "), want)
	}
}

// TestLiveClientFollowsWants checks that pages share one connection: a
// second page's topic is subscribed on it, a topic let go of is
// unsubscribed and its late frames dropped, and a want handled after a
// newer one of the same page changes nothing.
func TestLiveClientFollowsWants(t *testing.T) {
	const a, b = "agent/a-1", "board/agents/day"
	step := make(chan struct{})
	done := make(chan struct{})
	hub := &fakeHub{t: t}
	hub.scripts = []func(c *websocket.Conn){func(c *websocket.Conn) {
		sendHello(t, c, shared.ProtocolVersion)
		if m := readSub(t, c); m.Op != shared.OpSubscribe || m.Topic != a {
			t.Errorf("first = %+v", m)
		}
		send(t, c, a, 1, shared.KindSnapshot)
		<-step // the second page wants b
		if m := readSub(t, c); m.Op != shared.OpSubscribe || m.Topic != b {
			t.Errorf("second = %+v, want subscribe %s", m, b)
		}
		send(t, c, b, 1, shared.KindSnapshot)
		<-step // the first page lets go of a
		if m := readSub(t, c); m.Op != shared.OpUnsubscribe || m.Topic != a {
			t.Errorf("third = %+v, want unsubscribe %s", m, a)
		}
		send(t, c, a, 2, shared.KindPoints) // on its way before the unsubscribe: dropped
		send(t, c, b, 2, shared.KindBoard)
		<-done
	}}
	srv := httptest.NewServer(hub)
	defer srv.Close()
	defer close(done)

	rec := newRecorder()
	l := startClient(t, srv, rec, a)
	rec.await(t, a, 1)
	if start, _ := l.want(liveWant{Owner: "other", Version: 1, URL: wsURL(srv), Topics: []string{b}}); start {
		t.Error("a second page started a second client")
	}
	step <- struct{}{}
	rec.await(t, b, 1)
	_, dropped := l.want(liveWant{Owner: "page", Version: 3})
	if len(dropped) != 1 || dropped[0] != a {
		t.Errorf("dropped %v, want [%s]", dropped, a)
	}
	// An older want of the same page, handled late, must not take a back.
	if _, dropped := l.want(liveWant{Owner: "page", Version: 2, URL: wsURL(srv), Topics: []string{a}}); dropped != nil || l.wanted(a) {
		t.Error("an older want undid a newer one")
	}
	step <- struct{}{}
	rec.await(t, b, 2)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if want := []uint64{1, 1, 2}; !equalU64(rec.seqs, want) {
		t.Errorf("delivered seqs %v, want %v (a's late frame dropped)", rec.seqs, want)
	}
}

// runUntilStopped runs a live client on the hub's one script and returns
// what it posted once it stopped by itself.
func runUntilStopped(t *testing.T, script func(c *websocket.Conn)) *recorder {
	t.Helper()
	hub := &fakeHub{t: t, scripts: []func(c *websocket.Conn){script}}
	srv := httptest.NewServer(hub)
	defer srv.Close()
	rec := newRecorder()
	l := newLiveClient()
	l.MinBackoff = 10 * time.Millisecond
	l.want(liveWant{Owner: "page", Version: 1, URL: wsURL(srv), Topics: []string{"org"}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	l.run(ctx, rec.post)
	if ctx.Err() != nil {
		t.Fatal("the client kept reconnecting")
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec
}

// TestLiveClientStopsOnOtherProtocol checks that a hello of another
// version stops the client before it reads any frame, and says so.
func TestLiveClientStopsOnOtherProtocol(t *testing.T) {
	rec := runUntilStopped(t, func(c *websocket.Conn) {
		sendHello(t, c, shared.ProtocolVersion+1)
		send(t, c, "org", 1, shared.KindSnapshot)
		readSub(t, c)
		_, _, _ = c.Read(context.Background()) // until the client goes
	})
	if !rec.last.Outdated || rec.last.Conn != connOffline || len(rec.seqs) != 0 {
		t.Errorf("last status %+v, delivered %v", rec.last, rec.seqs)
	}
}

// TestLiveClientStopsOnPolicyClose checks that a 45xx close ends the client.
func TestLiveClientStopsOnPolicyClose(t *testing.T) {
	rec := runUntilStopped(t, func(c *websocket.Conn) {
		sendHello(t, c, shared.ProtocolVersion)
		readSub(t, c)
		c.Close(shared.CloseUnauthorized, "revoked")
	})
	if rec.last.Conn != connOffline || rec.last.Err == "" || rec.last.Code != shared.CloseUnauthorized {
		t.Errorf("last status %+v", rec.last)
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
	if !s.add(liveUpdate{Status: &liveStatus{Conn: connLive}}) {
		t.Fatal("first add must schedule")
	}
	if s.add(liveUpdate{Msgs: []shared.Message{{Seq: 1}}}) || s.add(liveUpdate{Msgs: []shared.Message{{Seq: 2}}, Dropped: []string{"org"}}) {
		t.Fatal("later adds must not schedule again")
	}
	u := s.take()
	if u.Status == nil || u.Status.Conn != connLive || len(u.Msgs) != 2 || len(u.Dropped) != 1 {
		t.Errorf("took %+v", u)
	}
	if !s.add(liveUpdate{}) {
		t.Error("add after take must schedule")
	}
}
