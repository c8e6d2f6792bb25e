package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// raw is the raw floor as the harness sees it: the floor under our live
// path (JetStream → one Badger transaction per batch → core NATS → a bare
// WebSocket frame; see rawServer) running in a child process of its own,
// like our server, reached over loopback TCP. The harness publishes to its
// JetStream, polls how many events it applied, and dials its sockets.
type raw struct {
	*proc
	url   string // its HTTP and WebSocket listener, http://host:port
	stdin io.WriteCloser
	nc    *nats.Conn // the publisher, over TCP
	js    jetstream.JetStream
	http  *http.Client
}

// startRaw runs this program with -serve-raw in a child process, its data
// in dir and its log in dir.log, and connects the publisher to it. Its
// frames are padded to frameBytes (see -raw-frame-bytes).
func startRaw(ctx context.Context, dir string, agents, frameBytes int) (*raw, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("raw: find the harness binary: %w", err)
	}
	cmd := exec.Command(exe, "-serve-raw", dir, "-agents", strconv.Itoa(agents), "-raw-frame-bytes", strconv.Itoa(frameBytes))
	// The child exits when its stdin closes: when this process ends, even
	// by SIGKILL, so does it.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("raw: stdin: %w", err)
	}
	p, m, err := startProc(ctx, cmd, dir+".log", rawLiveLine)
	if err != nil {
		return nil, fmt.Errorf("raw: %w", err)
	}
	r := &raw{proc: p, url: m[2], stdin: stdin, http: &http.Client{Timeout: 5 * time.Second}}
	if r.nc, err = nats.Connect(m[1], nats.Name("load raw publisher"), nats.Timeout(10*time.Second)); err != nil {
		r.stop()
		return nil, fmt.Errorf("raw: connect to %s: %w", m[1], err)
	}
	if r.js, err = jetstream.New(r.nc); err != nil {
		r.stop()
		return nil, fmt.Errorf("raw: jetstream: %w", err)
	}
	return r, nil
}

// publish stores events from..to-1 in the stream, each with its msg id,
// and returns once the stream acknowledged all of them.
func (r *raw) publish(ctx context.Context, from, to int) error {
	futures := make([]jetstream.PubAckFuture, 0, to-from)
	for i := from; i < to; i++ {
		id := strconv.Itoa(i)
		m := &nats.Msg{Subject: rawSubject, Header: nats.Header{}, Data: append([]byte(id+" "), payload...)}
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

// paced is poster.paced for the raw path: an event is accepted when the
// PubAcks of its 10 ms batch are back. Event ids start at base (a warm-up
// uses a base far above the measured events', which the latency count then
// ignores).
func (r *raw) paced(ctx context.Context, rate int, d time.Duration, base int) ([]int64, error) {
	return pace(ctx, rate, d, func(from, to int, _ time.Time) error {
		return r.publish(ctx, base+from, base+to)
	})
}

// flood publishes total events in batches of 1,000 from 4 goroutines and
// returns when the last one is committed.
func (r *raw) flood(ctx context.Context, total int) (time.Duration, error) {
	base, err := r.applied(ctx)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	err = inParallel(ctx, (total+999)/1000, 4, func(i int) error {
		from := i * 1000
		return r.publish(ctx, 1_000_000_000+from, 1_000_000_000+min(from+1000, total))
	})
	if err != nil {
		return 0, err
	}
	if err := r.waitApplied(ctx, base+int64(total), 2*time.Minute); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// applied is how many events the raw floor has committed to Badger.
func (r *raw) applied(ctx context.Context) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url+"/applied", nil)
	if err != nil {
		return 0, fmt.Errorf("raw: applied: %w", err)
	}
	resp, err := r.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("raw: applied: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64))
	if err != nil {
		return 0, fmt.Errorf("raw: applied: %w", err)
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("raw: applied: %d %q", resp.StatusCode, b)
	}
	return n, nil
}

// waitApplied polls until n events in all are committed, at most limit.
func (r *raw) waitApplied(ctx context.Context, n int64, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		got, err := r.applied(ctx)
		if err == nil && got >= n {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("raw: %d of %d applied after %s (last error %v)", got, n, limit, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// stop closes the publisher and ends the process.
func (r *raw) stop() {
	if r.nc != nil {
		r.nc.Close()
	}
	_ = r.stdin.Close()
	r.proc.stop()
}
