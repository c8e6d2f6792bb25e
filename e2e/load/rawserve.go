package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
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

	"scorecast/server/live"
	"scorecast/server/store"
)

// The raw floor's server side runs in a child process of the harness (the
// harness runs itself with -serve-raw DIR), as our server does, so the
// harness holds only the client ends of its sockets and both are reached
// over loopback TCP.

const (
	rawStream      = "RAW"
	rawSubject     = "raw.default"                // what the harness publishes on
	rawLiveSubject = "rawlive"                    // the core NATS hop
	coalesceEvery  = live.DefaultCoalesceInterval // as our hub sends team and board frames
)

// rawLiveLine is the one line the raw floor's process prints on stdout:
// its NATS URL for the publisher, its HTTP URL for the sockets and /applied.
var rawLiveLine = regexp.MustCompile(`raw floor is live at (nats://\S+) (http://\S+)`)

// readyFrame is the first frame on every raw socket: the server side has
// subscribed, so every event from now on reaches the client.
var readyFrame = []byte("ready")

// payload stands for an agent's state: about the size the projector writes.
var payload = []byte(strings.Repeat("x", 300))

// rawServer is the floor under our live path: JetStream on loopback (the
// harness publishes to it with a msg id) → a consumer that takes what is
// buffered as a batch → one Badger transaction per batch → a core NATS hop
// → bare coder/websocket frames: every event to a client of /one, and the
// fan-out (rawHub) to clients of /fanout. No scoring, no JSON.
type rawServer struct {
	log     *slog.Logger
	ns      *natsserver.Server
	nc      *nats.Conn // consumer and the hop's publisher, in-process
	live    *nats.Conn // the hop's subscribers, in-process
	db      *badger.DB
	hub     *rawHub
	srv     *http.Server
	applied atomic.Int64 // events committed to Badger
	frame   int          // the least bytes of a frame: events are padded to it
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

// serveRaw runs the raw floor with its data in dir until ctx ends or stdin
// closes (the harness holds the other end: the process never outlives it).
func serveRaw(ctx context.Context, dir string, agents, frameBytes int) error {
	if _, err := raiseOpenFiles(); err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ctx)
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()
	r := &rawServer{log: slog.New(slog.NewTextHandler(os.Stderr, nil)), stop: stop, frame: frameBytes}
	defer r.close()
	if err := r.open(ctx, dir); err != nil {
		return err
	}
	r.hub = newRawHub(r.live, agents, teamsFor(agents))
	r.wg.Go(func() { r.hub.coalesce(ctx, coalesceEvery) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("raw: listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /applied", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, strconv.FormatInt(r.applied.Load(), 10))
	})
	mux.HandleFunc("GET /one", r.serveOne)
	mux.HandleFunc("GET /fanout", r.hub.serve)
	// Handlers see ctx end: hijacked sockets outlive Server.Close.
	r.srv = &http.Server{Handler: mux, BaseContext: func(net.Listener) context.Context { return ctx }}
	r.wg.Go(func() { _ = r.srv.Serve(ln) })
	fmt.Printf("raw floor is live at %s http://%s\n", r.ns.ClientURL(), ln.Addr())
	<-ctx.Done()
	return nil
}

// open starts NATS with JetStream on a free loopback port, the stream,
// Badger and the consumer that applies batches.
func (r *rawServer) open(ctx context.Context, dir string) error {
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, NoSigs: true, NoLog: true,
		JetStream: true, StoreDir: filepath.Join(dir, "nats")})
	if err != nil {
		return fmt.Errorf("raw: nats server: %w", err)
	}
	go ns.Start()
	r.ns = ns
	if !ns.ReadyForConnections(10 * time.Second) {
		return errors.New("raw: nats server did not start in 10 s")
	}
	if r.nc, err = nats.Connect("", nats.InProcessServer(ns)); err != nil {
		return fmt.Errorf("raw: connect: %w", err)
	}
	if r.live, err = nats.Connect("", nats.InProcessServer(ns)); err != nil {
		return fmt.Errorf("raw: connect the hop: %w", err)
	}
	js, err := jetstream.New(r.nc)
	if err != nil {
		return fmt.Errorf("raw: jetstream: %w", err)
	}
	var stream jetstream.Stream
	for try := 0; ; try++ { // JetStream may answer "not enabled" for a moment
		stream, err = js.CreateStream(ctx, jetstream.StreamConfig{Name: rawStream, Subjects: []string{"raw.>"},
			Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute})
		if err == nil || try == 50 || ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("raw: stream: %w", err)
	}
	// Exactly the store's options, so a commit costs what ours does.
	r.db, err = badger.Open(store.BadgerOptions(filepath.Join(dir, "badger")))
	if err != nil {
		return fmt.Errorf("raw: badger: %w", err)
	}
	cons, err := stream.CreateConsumer(ctx, jetstream.ConsumerConfig{Durable: "raw", AckPolicy: jetstream.AckAllPolicy,
		MaxAckPending: 50_000})
	if err != nil {
		return fmt.Errorf("raw: consumer: %w", err)
	}
	msgs := make(chan jetstream.Msg, 2048)
	cc, err := cons.Consume(func(m jetstream.Msg) {
		select {
		case msgs <- m:
		case <-ctx.Done():
		}
	}, jetstream.PullMaxMessages(1024))
	if err != nil {
		return fmt.Errorf("raw: consume: %w", err)
	}
	r.wg.Go(func() {
		defer cc.Stop()
		r.apply(ctx, msgs)
	})
	return nil
}

// apply takes what is buffered as a batch, commits it in one Badger
// transaction, acks it, and sends each event on the core NATS hop.
func (r *rawServer) apply(ctx context.Context, msgs <-chan jetstream.Msg) {
	batch := make([]jetstream.Msg, 0, 512)
	var seq [8]byte
	var frame []byte
	pad := bytes.Repeat([]byte{'y'}, max(r.frame, 0))
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
				r.log.Error("raw: commit", "events", len(batch), "err", err)
				continue
			}
			_ = batch[len(batch)-1].Ack()
			r.applied.Add(int64(len(batch)))
			for _, m := range batch {
				data := m.Data()
				if n := r.frame - len(data); n > 0 {
					// Publish copies: one buffer does for every event.
					frame = append(append(frame[:0], data...), pad[:n]...)
					data = frame
				}
				_ = r.nc.Publish(rawLiveSubject, data)
			}
		}
	}
}

// serveOne sends every event to one socket, straight from the hop.
func (r *rawServer) serveOne(w http.ResponseWriter, req *http.Request) {
	ws, err := websocket.Accept(w, req, nil)
	if err != nil {
		return
	}
	defer ws.CloseNow()
	ctx := ws.CloseRead(req.Context())
	frames := make(chan []byte, 4096)
	sub, err := r.live.Subscribe(rawLiveSubject, func(m *nats.Msg) {
		select {
		case frames <- m.Data:
		default: // a full queue would drop here; the reader never lags
		}
	})
	if err != nil {
		r.log.Error("raw: subscribe", "err", err)
		return
	}
	defer func() { _ = sub.Unsubscribe() }()
	if err := r.live.Flush(); err != nil {
		r.log.Error("raw: subscribe", "err", err)
		return
	}
	sendFrames(ctx, ws, frames)
}

// sendFrames writes readyFrame, then every frame from frames, until ctx
// ends or a write fails.
func sendFrames(ctx context.Context, ws *websocket.Conn, frames <-chan []byte) {
	if ws.Write(ctx, websocket.MessageText, readyFrame) != nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case f := <-frames:
			if ws.Write(ctx, websocket.MessageText, f) != nil {
				return
			}
		}
	}
}

// close stops everything; it is safe after a partial open.
func (r *rawServer) close() {
	r.stop()
	if r.srv != nil {
		_ = r.srv.Close()
	}
	r.wg.Wait()
	if r.db != nil {
		if err := r.db.Close(); err != nil {
			r.log.Error("raw: close badger", "err", err)
		}
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
}
