package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/dgraph-io/badger/v4"
	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// raw is the floor under our live path, in this process: JetStream publish
// with a msg id → consume a batch → one Badger transaction per batch →
// a core NATS hop → one bare coder/websocket frame to one client. No
// scoring, no hub, no JSON beyond what the parts themselves do.
type raw struct {
	ns      *natsserver.Server
	nc      *nats.Conn // publisher and consumer
	live    *nats.Conn // the core NATS hop's subscriber
	js      jetstream.JetStream
	db      *badger.DB
	srv     *http.Server
	ws      *websocket.Conn // the client
	applied atomic.Int64    // events committed to Badger
	arrived chan []arrival
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

// payload stands for an agent's state: about the size the projector writes.
var payload = []byte(strings.Repeat("x", 300))

func startRaw(ctx context.Context, dir string) (*raw, error) {
	r := &raw{arrived: make(chan []arrival, 1)}
	ns, err := natsserver.NewServer(&natsserver.Options{DontListen: true, NoSigs: true, NoLog: true,
		JetStream: true, StoreDir: filepath.Join(dir, "nats")})
	if err != nil {
		return nil, fmt.Errorf("raw: nats server: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		return nil, errors.New("raw: nats server did not start")
	}
	r.ns = ns
	if r.nc, err = nats.Connect("", nats.InProcessServer(ns)); err != nil {
		r.close()
		return nil, fmt.Errorf("raw: connect: %w", err)
	}
	if r.live, err = nats.Connect("", nats.InProcessServer(ns)); err != nil {
		r.close()
		return nil, fmt.Errorf("raw: connect: %w", err)
	}
	if r.js, err = jetstream.New(r.nc); err != nil {
		r.close()
		return nil, fmt.Errorf("raw: jetstream: %w", err)
	}
	var stream jetstream.Stream
	for try := 0; ; try++ { // JetStream may answer "not enabled" for a moment
		stream, err = r.js.CreateStream(ctx, jetstream.StreamConfig{Name: "RAW", Subjects: []string{"raw.>"},
			Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute})
		if err == nil || try == 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.close()
		return nil, fmt.Errorf("raw: stream: %w", err)
	}
	// Sized like server/store: an embedded service, not Badger's defaults.
	r.db, err = badger.Open(badger.DefaultOptions(filepath.Join(dir, "badger")).WithLogger(nil).
		WithMemTableSize(16 << 20).WithNumMemtables(3).WithBlockCacheSize(32 << 20).
		WithIndexCacheSize(16 << 20).WithValueThreshold(1 << 10).WithNumCompactors(2))
	if err != nil {
		r.close()
		return nil, fmt.Errorf("raw: badger: %w", err)
	}
	if err := r.startSocket(ctx); err != nil {
		r.close()
		return nil, err
	}
	cons, err := stream.CreateConsumer(ctx, jetstream.ConsumerConfig{Durable: "raw", AckPolicy: jetstream.AckAllPolicy,
		MaxAckPending: 50_000})
	if err != nil {
		r.close()
		return nil, fmt.Errorf("raw: consumer: %w", err)
	}
	runCtx, stop := context.WithCancel(ctx)
	r.stop = stop
	msgs := make(chan jetstream.Msg, 2048)
	cc, err := cons.Consume(func(m jetstream.Msg) {
		select {
		case msgs <- m:
		case <-runCtx.Done():
		}
	}, jetstream.PullMaxMessages(1024))
	if err != nil {
		r.close()
		return nil, fmt.Errorf("raw: consume: %w", err)
	}
	r.wg.Go(func() {
		defer cc.Stop()
		r.apply(runCtx, msgs)
	})
	return r, nil
}

// apply takes what is buffered as a batch, commits it in one Badger
// transaction, acks it, and sends each event on the core NATS hop.
func (r *raw) apply(ctx context.Context, msgs <-chan jetstream.Msg) {
	batch := make([]jetstream.Msg, 0, 512)
	var seq [8]byte
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-msgs:
			batch = append(batch[:0], m)
		drain:
			for len(batch) < cap(batch) {
				select {
				case m := <-msgs:
					batch = append(batch, m)
				default:
					break drain
				}
			}
			txn := r.db.NewTransaction(true)
			for _, m := range batch {
				id := m.Headers().Get(jetstream.MsgIDHeader)
				_ = txn.Set([]byte("evt/"+id), nil)
				_ = txn.Set([]byte("agent/"+id[len(id)-min(3, len(id)):]), payload)
			}
			if meta, err := batch[len(batch)-1].Metadata(); err == nil {
				binary.BigEndian.PutUint64(seq[:], meta.Sequence.Stream)
			}
			_ = txn.Set([]byte("seq"), seq[:])
			if err := txn.Commit(); err != nil {
				txn.Discard()
				continue
			}
			_ = batch[len(batch)-1].Ack()
			r.applied.Add(int64(len(batch)))
			for _, m := range batch {
				_ = r.nc.Publish("rawlive", m.Data())
			}
		}
	}
}

// startSocket serves one WebSocket on loopback, fed by the core NATS hop,
// and connects the one client to it.
func (r *raw) startSocket(ctx context.Context) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("raw: listen: %w", err)
	}
	r.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ws, err := websocket.Accept(w, req, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		frames := make(chan []byte, 4096)
		sub, err := r.live.Subscribe("rawlive", func(m *nats.Msg) {
			select {
			case frames <- m.Data:
			default: // a full queue would drop here; the reader never lags
			}
		})
		if err != nil {
			return
		}
		defer sub.Unsubscribe()
		for {
			select {
			case <-req.Context().Done():
				return
			case f := <-frames:
				if ws.Write(req.Context(), websocket.MessageText, f) != nil {
					return
				}
			}
		}
	})}
	go func() { _ = r.srv.Serve(ln) }()
	ws, _, err := websocket.Dial(ctx, "ws://"+ln.Addr().String(), nil)
	if err != nil {
		return fmt.Errorf("raw: dial: %w", err)
	}
	ws.SetReadLimit(1 << 20)
	r.ws = ws
	r.wg.Go(func() {
		var got []arrival
		defer func() { r.arrived <- got }()
		for {
			_, data, err := ws.Read(ctx)
			now := time.Now().UnixNano()
			if err != nil {
				return
			}
			if n, err := strconv.Atoi(string(data[:bytesIndex(data, ' ')])); err == nil {
				got = append(got, arrival{event: int32(n), at: now})
			}
		}
	})
	// Wait for the server side's subscription: a frame must make it through.
	deadline := time.Now().Add(10 * time.Second)
	for r.live.NumSubscriptions() == 0 {
		if time.Now().After(deadline) {
			return errors.New("raw: socket never subscribed")
		}
		time.Sleep(time.Millisecond)
	}
	return r.live.Flush()
}

func bytesIndex(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return len(b)
}

// publish stores events from..to-1 in the stream, each with its msg id,
// and returns once the stream acknowledged all of them.
func (r *raw) publish(ctx context.Context, from, to int) error {
	futures := make([]jetstream.PubAckFuture, 0, to-from)
	for i := from; i < to; i++ {
		id := strconv.Itoa(i)
		m := &nats.Msg{Subject: "raw.default", Header: nats.Header{}, Data: append([]byte(id+" "), payload...)}
		m.Header.Set(jetstream.MsgIDHeader, id)
		f, err := r.js.PublishMsgAsync(m)
		if err != nil {
			return fmt.Errorf("raw: publish %d: %w", i, err)
		}
		futures = append(futures, f)
	}
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("raw: publish: %w", err)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// paced is poster.paced for the raw path; event ids start at base (a
// warm-up uses a base far above the measured events', which the latency
// count then ignores).
func (r *raw) paced(ctx context.Context, rate int, d time.Duration, base int) ([]int64, error) {
	return pace(ctx, rate, d, func(from, to int, _ time.Time) error {
		return r.publish(ctx, base+from, base+to)
	})
}

// flood publishes total events in batches of 1,000 from 4 goroutines and
// returns when the last one is committed.
func (r *raw) flood(ctx context.Context, total int) (time.Duration, error) {
	start := time.Now()
	base := r.applied.Load()
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for range 4 {
		wg.Go(func() {
			for {
				from := int(next.Add(1000) - 1000)
				if from >= total || ctx.Err() != nil {
					return
				}
				if err := r.publish(ctx, 1_000_000_000+from, 1_000_000_000+min(from+1000, total)); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return 0, err
	}
	deadline := time.Now().Add(2 * time.Minute)
	for r.applied.Load()-base < int64(total) {
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("raw: %d of %d applied after 2 min", r.applied.Load()-base, total)
		}
		time.Sleep(time.Millisecond)
	}
	return time.Since(start), nil
}

// waitApplied waits until n events in all are committed.
func (r *raw) waitApplied(n int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for r.applied.Load() < int64(n) {
		if time.Now().After(deadline) {
			return fmt.Errorf("raw: %d of %d applied after %s", r.applied.Load(), n, limit)
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}

// close stops everything and returns what the client saw.
func (r *raw) close() []arrival {
	if r.stop != nil {
		r.stop()
	}
	if r.ws != nil {
		r.ws.CloseNow()
	}
	if r.srv != nil {
		_ = r.srv.Close()
	}
	r.wg.Wait()
	var got []arrival
	if r.ws != nil {
		got = <-r.arrived
	}
	if r.db != nil {
		_ = r.db.Close()
	}
	for _, c := range []*nats.Conn{r.nc, r.live} {
		if c != nil {
			c.Close()
		}
	}
	if r.ns != nil {
		r.ns.Shutdown()
		r.ns.WaitForShutdown()
	}
	return got
}
