package app

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"github.com/coder/websocket"
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// Connection states, shown by the status pill (data-state on #conn).
const (
	connConnecting   = "connecting"
	connLive         = "live"
	connReconnecting = "reconnecting"
	connOffline      = "offline" // the server told us not to come back (4500-4999)
)

// livePath is where the server's WebSocket hub listens.
const livePath = "/api/v1/live"

// liveReadLimit bounds one incoming message (a full board or agent view).
const liveReadLimit = 1 << 20

// liveUpdate is what the live client hands to the UI goroutine: messages in
// the order received, and the newest connection state ("" = unchanged).
type liveUpdate struct {
	Msgs  []shared.Message
	State string
	Err   string // why the client stopped, with State == connOffline
	Code  int    // the close code that stopped it (4500-4999), with State == connOffline
}

// liveOptions configures runLive.
type liveOptions struct {
	URL    string
	Topics []string
	// Post receives updates on the client goroutine; it must not block long.
	Post func(liveUpdate)
	// MinBackoff and MaxBackoff bound the reconnect delay (before jitter);
	// zero means 0.5 s and 15 s.
	MinBackoff, MaxBackoff time.Duration
}

// runLive keeps a live connection until ctx ends: it dials, subscribes to the
// topics (resuming with since = last seen seq), reads messages, resubscribes
// on a seq gap, and reconnects with exponential backoff and jitter. It drops
// duplicates (seq not above the last seen) but leaves the meaning of
// messages to the view.
func runLive(ctx context.Context, o liveOptions) {
	if o.MinBackoff <= 0 {
		o.MinBackoff = 500 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 15 * time.Second
	}
	seqs := newSeqTracker()
	state := ""
	setState := func(s string) {
		if s != state {
			state = s
			o.Post(liveUpdate{State: s})
		}
	}

	attempt := 0
	for {
		if state == "" {
			setState(connConnecting)
		}
		err := liveSession(ctx, o, seqs, setState, func() { attempt = 0 })
		if ctx.Err() != nil {
			return
		}
		if code := websocket.CloseStatus(err); code >= 4500 && code <= 4999 {
			state = connOffline
			o.Post(liveUpdate{State: connOffline, Err: err.Error(), Code: int(code)})
			return
		}
		setState(connReconnecting)
		delay := backoffDelay(attempt, o.MinBackoff, o.MaxBackoff, rand.Float64())
		attempt++
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// liveSession runs one connection until it fails or ctx ends.
func liveSession(ctx context.Context, o liveOptions, seqs *seqTracker, setState func(string), onFirstMessage func()) error {
	dialCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	c, _, err := websocket.Dial(dialCtx, o.URL, nil)
	cancel()
	if err != nil {
		return err
	}
	defer c.CloseNow()
	c.SetReadLimit(liveReadLimit)

	seqs.newConnection()
	for _, topic := range o.Topics {
		if err := writeSubscribe(ctx, c, topic, seqs.since(topic)); err != nil {
			return err
		}
	}
	setState(connLive)

	first := true
	for {
		_, data, err := c.Read(ctx)
		if err != nil {
			return err
		}
		if first {
			first = false
			onFirstMessage()
		}
		var m shared.Message
		if err := json.Unmarshal(data, &m); err != nil {
			goapp.Log("scorecast: bad live message:", err)
			continue
		}
		deliver, resubscribe := seqs.accept(m)
		if resubscribe != nil {
			if err := writeSubscribe(ctx, c, m.Topic, resubscribe); err != nil {
				return err
			}
		}
		if deliver {
			o.Post(liveUpdate{Msgs: []shared.Message{m}})
		}
	}
}

func writeSubscribe(ctx context.Context, c *websocket.Conn, topic string, since *uint64) error {
	b, err := json.Marshal(shared.ClientMessage{Op: shared.OpSubscribe, Topic: topic, Since: since})
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return c.Write(wctx, websocket.MessageText, b)
}

// backoffDelay is the wait before reconnect attempt n (0-based): min doubling
// up to max, times a jitter factor in [0.7, 1.3) from rnd in [0, 1).
func backoffDelay(n int, min, max time.Duration, rnd float64) time.Duration {
	d := min
	for i := 0; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return time.Duration(float64(d) * (0.7 + 0.6*rnd))
}

// seqTracker follows the seq of every topic on the client goroutine.
type seqTracker struct {
	last   map[string]uint64
	have   map[string]bool
	resync map[string]bool // a resubscribe with since is on its way
}

func newSeqTracker() *seqTracker {
	return &seqTracker{
		last:   map[string]uint64{},
		have:   map[string]bool{},
		resync: map[string]bool{},
	}
}

// newConnection forgets resubscriptions in flight on the old connection.
func (s *seqTracker) newConnection() { clear(s.resync) }

// since is the seq to resume a topic from, nil before its first message.
func (s *seqTracker) since(topic string) *uint64 {
	if !s.have[topic] {
		return nil
	}
	v := s.last[topic]
	return &v
}

// accept decides about one message: whether to hand it to the view, and
// whether to resubscribe its topic (non-nil: with that since).
func (s *seqTracker) accept(m shared.Message) (deliver bool, resubscribe *uint64) {
	switch {
	case m.Kind == shared.KindError:
		return true, nil
	case m.Kind == shared.KindSnapshot, !s.have[m.Topic]:
		s.last[m.Topic], s.have[m.Topic] = m.Seq, true
		delete(s.resync, m.Topic)
		return true, nil
	case m.Seq <= s.last[m.Topic]:
		return false, nil // seen already
	case m.Seq == s.last[m.Topic]+1:
		s.last[m.Topic] = m.Seq
		delete(s.resync, m.Topic)
		return true, nil
	}
	// A gap: ask again from the last message we have, once per gap.
	if s.resync[m.Topic] {
		return false, nil
	}
	s.resync[m.Topic] = true
	return false, s.since(m.Topic)
}

// liveURL is the WebSocket address of the hub on the page's own host; a
// display token in the page's query (?token=) is passed on.
func liveURL(page *url.URL) string {
	u := url.URL{Scheme: "ws", Host: page.Host, Path: livePath}
	if page.Scheme == "https" {
		u.Scheme = "wss"
	}
	if tok := page.Query().Get("token"); tok != "" {
		u.RawQuery = url.Values{"token": {tok}}.Encode()
	}
	return u.String()
}

// liveSink coalesces updates from the client goroutine into at most one
// pending ctx.Dispatch, so a burst costs one render and never fills go-app's
// bounded dispatch queue.
type liveSink struct {
	mu        sync.Mutex
	pending   liveUpdate
	scheduled bool
}

func (s *liveSink) take() liveUpdate {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.pending
	s.pending = liveUpdate{}
	s.scheduled = false
	return u
}

// add queues u and reports whether a dispatch must be scheduled.
func (s *liveSink) add(u liveUpdate) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending.Msgs = append(s.pending.Msgs, u.Msgs...)
	if u.State != "" {
		s.pending.State = u.State
	}
	if u.Err != "" {
		s.pending.Err = u.Err
	}
	if u.Code != 0 {
		s.pending.Code = u.Code
	}
	if s.scheduled {
		return false
	}
	s.scheduled = true
	return true
}

// startLive runs the live client for a mounted component in ctx.Async and
// calls apply on the UI goroutine with what arrived. It returns the function
// that stops it (call it in OnDismount); nothing happens on the server.
func startLive(ctx goapp.Context, topics []string, apply func(goapp.Context, liveUpdate)) (stop func()) {
	return startLiveURL(ctx, liveURL(ctx.Page().URL()), topics, apply)
}

// startLiveURL is startLive on a given socket address (a TV's carries its
// display token).
func startLiveURL(ctx goapp.Context, wsURL string, topics []string, apply func(goapp.Context, liveUpdate)) (stop func()) {
	if !goapp.IsClient {
		return func() {}
	}
	lctx, cancel := context.WithCancel(ctx)
	sink := &liveSink{}
	post := func(u liveUpdate) {
		if !sink.add(u) {
			return
		}
		ctx.Dispatch(func(ctx goapp.Context) {
			u := sink.take()
			if lctx.Err() != nil {
				return
			}
			apply(ctx, u)
		})
	}
	opts := liveOptions{URL: wsURL, Topics: topics, Post: post}
	ctx.Async(func() { runLive(lctx, opts) })
	return cancel
}

// liveError extracts the text of an "error" message.
func liveError(m shared.Message) string {
	var d shared.ErrorData
	if err := json.Unmarshal(m.Data, &d); err != nil || d.Error == "" {
		return "unknown error"
	}
	return d.Error
}
