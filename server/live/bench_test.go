package live

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"scorecast/shared"
)

// BenchmarkFanout sends one ~300-byte message to 1,000 real WebSocket
// clients per op and waits until every client has read it: through the hub
// (per-topic seq and ring, queue and writer per connection) and,
// in the same run, through a bare coder/websocket server that writes the
// same bytes on a goroutine per connection with nothing else: the floor.
//
//	go test ./server/live -run '^$' -bench Fanout -benchtime 200x
func BenchmarkFanout(b *testing.B) {
	const clients = 1000
	payload := points("board/agents/day", 0, 250).Data.(json.RawMessage)
	b.Run("hub-1k", func(b *testing.B) {
		th := startHub(b, Config{CoalesceInterval: -1, PingInterval: time.Hour})
		topic := "team/t-bench"
		ctx := testCtx(b, 5*time.Minute)
		var got atomic.Int64
		done := make(chan struct{}, 1)
		target := atomic.Int64{}
		for range clients {
			c := th.dial(ctx, false)
			c.subscribe(ctx, topic, nil)
			c.next(ctx)
			go readAll(ctx, c.ws, &got, &target, done)
		}
		b.ResetTimer()
		for i := range b.N {
			target.Store(int64(i+1) * clients)
			th.publish(Message{Topic: topic, Kind: shared.KindPoints, Data: payload})
			<-done
		}
		b.StopTimer()
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/fanout")
	})
	b.Run("bare-1k", func(b *testing.B) {
		ctx := testCtx(b, 5*time.Minute)
		type peer struct{ q chan []byte }
		peers := make(chan *peer, clients)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ws, err := websocket.Accept(w, r, nil)
			if err != nil {
				return
			}
			defer ws.CloseNow()
			p := &peer{q: make(chan []byte, 16)}
			peers <- p
			for {
				select {
				case <-ctx.Done():
					return
				case data := <-p.q:
					if ws.Write(ctx, websocket.MessageText, data) != nil {
						return
					}
				}
			}
		}))
		b.Cleanup(srv.Close)
		var got atomic.Int64
		done := make(chan struct{}, 1)
		target := atomic.Int64{}
		list := make([]*peer, 0, clients)
		for range clients {
			ws, _, err := websocket.Dial(ctx, strings.Replace(srv.URL, "http", "ws", 1), nil)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { ws.CloseNow() })
			go readAll(ctx, ws, &got, &target, done)
			list = append(list, <-peers)
		}
		frame, _ := appendFrame(nil, &Message{Topic: "team/t-bench", Kind: shared.KindPoints, Data: payload}, 1, nil)
		b.ResetTimer()
		for i := range b.N {
			target.Store(int64(i+1) * clients)
			for _, p := range list {
				p.q <- frame
			}
			<-done
		}
		b.StopTimer()
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/fanout")
	})
}

// readAll counts frames; the one that makes got reach target signals done.
func readAll(ctx context.Context, ws *websocket.Conn, got, target *atomic.Int64, done chan<- struct{}) {
	for {
		if _, _, err := ws.Read(ctx); err != nil {
			return
		}
		if got.Add(1) == target.Load() {
			done <- struct{}{}
		}
	}
}

// BenchmarkDeliver is the hub's own cost of one message to 1,000
// subscribers, without sockets: numbering, encoding once, the ring, and
// queueing to 1,000 connections (drained by the benchmark).
func BenchmarkDeliver(b *testing.B) {
	h := New(Config{CoalesceInterval: -1})
	t := h.topic(testOrg, "team/t")
	conns := make([]*conn, 1000)
	for i := range conns {
		conns[i] = &conn{maxQ: 1 << 30, startWriter: func() {}, topics: map[string]struct{}{}, onSlow: func() {}, hub: &Hub{}}
		t.addSub(conns[i])
	}
	env := points("team/t", 1, 250)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		h.deliver(testOrg, &env)
		if i%64 == 63 {
			for _, c := range conns {
				c.take()
			}
		}
	}
}
