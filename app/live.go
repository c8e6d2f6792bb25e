package app

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"math/rand/v2"
	"net/url"
	"slices"
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
	connOffline      = "offline" // the server told us not to come back (4500-4999), or speaks another protocol
)

// livePath is where the server's WebSocket hub listens.
const livePath = "/api/v1/live"

// liveReadLimit bounds one incoming message (a full board or agent view).
const liveReadLimit = 1 << 20

// liveStatus is the state of the tab's live connection.
type liveStatus struct {
	Conn string // a conn* value
	Err  string // why the client stopped, with Conn == connOffline
	Code int    // the close code that stopped it (4500-4999)
	// Outdated is set when the server speaks another protocol version than
	// this build: the page asks for a reload instead of misreading frames.
	Outdated bool
}

// liveUpdate is what the client goroutine hands to the UI goroutine:
// messages in the order received, the newest status, and the topics no
// longer followed.
type liveUpdate struct {
	Msgs    []shared.Message
	Status  *liveStatus
	Dropped []string
}

// liveWant is what one page (Owner) wants of the tab's connection: its
// topics, on the socket at URL ("" for the page's own host). Version rises
// with each want of an owner, so that wants handled out of order (go-app
// runs action handlers on goroutines of their own) cannot undo newer ones.
type liveWant struct {
	Owner   string
	Version uint64
	URL     string
	Topics  []string // none: the owner wants nothing any more
}

// errOutdated ends the client: the server speaks another protocol version.
var errOutdated = errors.New("the server speaks another live protocol version: reload the page")

// errMoved ends a connection whose address changed (a TV's new token).
var errMoved = errors.New("the live address changed")

// liveClient keeps a tab's one live connection: it dials, follows the
// topics its owners want (subscribing and unsubscribing as they change, and
// resuming with since after a reconnect), checks the server's hello, drops
// duplicates, resubscribes on a seq gap, and reconnects with exponential
// backoff and jitter. The meaning of messages is left to the state they
// are folded into (see tabLive).
type liveClient struct {
	// MinBackoff and MaxBackoff bound the reconnect delay (before jitter);
	// zero means 0.5 s and 15 s.
	MinBackoff, MaxBackoff time.Duration

	mu       sync.Mutex
	url      string
	owners   map[string]liveWant
	versions map[string]uint64 // the last version seen per owner, kept after it let go
	fresh    map[string]bool   // topics to subscribe again from a snapshot
	running  bool
	wake     chan struct{} // the topics or the address changed
}

func newLiveClient() *liveClient {
	return &liveClient{
		owners:   map[string]liveWant{},
		versions: map[string]uint64{},
		fresh:    map[string]bool{},
		wake:     make(chan struct{}, 1),
	}
}

// want records what an owner wants. It reports whether the caller is to
// start run (nothing runs and there are topics to follow) and the topics no
// one follows any more.
func (l *liveClient) want(w liveWant) (start bool, dropped []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w.Version <= l.versions[w.Owner] {
		return false, nil
	}
	l.versions[w.Owner] = w.Version
	before := l.topicsLocked()
	if len(w.Topics) == 0 {
		delete(l.owners, w.Owner)
	} else {
		l.owners[w.Owner] = w
		l.url = w.URL
	}
	after := l.topicsLocked()
	for t := range before {
		if !after[t] {
			dropped = append(dropped, t)
			delete(l.fresh, t)
		}
	}
	l.signal()
	if !l.running && len(after) > 0 {
		l.running = true
		return true, dropped
	}
	return false, dropped
}

// resync asks for a topic again from a snapshot: a patch was made against
// another view than the one the tab holds.
func (l *liveClient) resync(topic string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fresh[topic] = true
	l.signal()
}

// wanted reports whether some owner follows topic.
func (l *liveClient) wanted(topic string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.owners {
		if slices.Contains(w.Topics, topic) {
			return true
		}
	}
	return false
}

func (l *liveClient) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *liveClient) topicsLocked() map[string]bool {
	out := map[string]bool{}
	for _, w := range l.owners {
		for _, t := range w.Topics {
			out[t] = true
		}
	}
	return out
}

// addr is the address to dial.
func (l *liveClient) addr() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.url
}

// plan is what a connection is to follow now: the address, the topics, and
// those to take again from a snapshot.
func (l *liveClient) plan() (addr string, topics, fresh map[string]bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.url, l.topicsLocked(), maps.Clone(l.fresh)
}

// settled forgets that a topic was to be taken again: its subscription
// without since is on its way.
func (l *liveClient) settled(topic string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fresh, topic)
}

// run keeps the connection until ctx ends, the server says not to come
// back (4500-4999) or speaks another protocol version; post receives
// updates on the client goroutine and must not block long. A later want
// starts it again.
func (l *liveClient) run(ctx context.Context, post func(liveUpdate)) {
	defer func() {
		l.mu.Lock()
		l.running = false
		l.mu.Unlock()
	}()
	minB, maxB := l.MinBackoff, l.MaxBackoff
	if minB <= 0 {
		minB = 500 * time.Millisecond
	}
	if maxB <= 0 {
		maxB = 15 * time.Second
	}
	seqs := newSeqTracker()
	state := ""
	setState := func(s string) {
		if s != state {
			state = s
			post(liveUpdate{Status: &liveStatus{Conn: s}})
		}
	}

	attempt := 0
	for {
		if state == "" {
			setState(connConnecting)
		}
		err := l.session(ctx, l.addr(), seqs, post, func() {
			attempt = 0
			setState(connLive)
		})
		switch code := websocket.CloseStatus(err); {
		case ctx.Err() != nil:
			return
		case errors.Is(err, errOutdated):
			post(liveUpdate{Status: &liveStatus{Conn: connOffline, Err: err.Error(), Outdated: true}})
			return
		case code >= 4500 && code <= 4999:
			post(liveUpdate{Status: &liveStatus{Conn: connOffline, Err: err.Error(), Code: int(code)}})
			return
		case errors.Is(err, errMoved):
			seqs = newSeqTracker() // another identity: its topics start afresh
			continue
		}
		setState(connReconnecting)
		delay := backoffDelay(attempt, minB, maxB, rand.Float64())
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

// frameRead is one read of the socket.
type frameRead struct {
	data []byte
	err  error
}

// session runs one connection until it fails, its address changes or ctx
// ends. It is the connection's only writer; a goroutine of its own reads.
func (l *liveClient) session(ctx context.Context, addr string, seqs *seqTracker, post func(liveUpdate), onHello func()) error {
	dialCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	c, _, err := websocket.Dial(dialCtx, addr, nil)
	cancel()
	if err != nil {
		return err
	}
	defer c.CloseNow()
	c.SetReadLimit(liveReadLimit)

	sctx, stop := context.WithCancel(ctx)
	defer stop()
	reads := make(chan frameRead)
	go func() {
		for {
			_, data, err := c.Read(sctx)
			select {
			case reads <- frameRead{data, err}:
			case <-sctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()

	seqs.newConnection()
	subscribed := map[string]bool{}
	if err := l.follow(ctx, c, addr, subscribed, seqs); err != nil {
		return err
	}
	hello := false
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.wake:
			if err := l.follow(ctx, c, addr, subscribed, seqs); err != nil {
				return err
			}
		case r := <-reads:
			if r.err != nil {
				return r.err
			}
			var m shared.Message
			if err := json.Unmarshal(r.data, &m); err != nil {
				goapp.Log("scorecast: bad live message:", err)
				continue
			}
			if !hello {
				// Nothing is read before the server has said which
				// protocol it speaks.
				if !shared.SpeaksOurProtocol(m) {
					return errOutdated
				}
				hello = true
				onHello()
				continue
			}
			if !subscribed[m.Topic] {
				continue // sent before our unsubscribe reached the server
			}
			deliver, resubscribe := seqs.accept(m)
			if resubscribe != nil {
				if err := writeClientMessage(ctx, c, shared.OpSubscribe, m.Topic, resubscribe); err != nil {
					return err
				}
			}
			if deliver {
				post(liveUpdate{Msgs: []shared.Message{m}})
			}
		}
	}
}

// follow brings the connection's subscriptions to what the owners want.
func (l *liveClient) follow(ctx context.Context, c *websocket.Conn, addr string, subscribed map[string]bool, seqs *seqTracker) error {
	want, topics, fresh := l.plan()
	if want != addr {
		return errMoved
	}
	for t := range subscribed {
		if topics[t] && !fresh[t] {
			continue
		}
		if err := writeClientMessage(ctx, c, shared.OpUnsubscribe, t, nil); err != nil {
			return err
		}
		delete(subscribed, t)
		seqs.forget(t)
	}
	for _, t := range slices.Sorted(maps.Keys(topics)) {
		if subscribed[t] {
			continue
		}
		if fresh[t] {
			seqs.forget(t)
		}
		if err := writeClientMessage(ctx, c, shared.OpSubscribe, t, seqs.since(t)); err != nil {
			return err
		}
		subscribed[t] = true
		if fresh[t] {
			l.settled(t)
		}
	}
	return nil
}

func writeClientMessage(ctx context.Context, c *websocket.Conn, op, topic string, since *uint64) error {
	b, err := json.Marshal(shared.ClientMessage{Op: op, Topic: topic, Since: since})
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

// forget drops a topic no longer followed: a later subscription starts
// from a snapshot.
func (s *seqTracker) forget(topic string) {
	delete(s.last, topic)
	delete(s.have, topic)
	delete(s.resync, topic)
}

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
	s.pending.Dropped = append(s.pending.Dropped, u.Dropped...)
	if u.Status != nil {
		s.pending.Status = u.Status
	}
	if s.scheduled {
		return false
	}
	s.scheduled = true
	return true
}

// liveError extracts the text of an "error" message.
func liveError(m shared.Message) string {
	var d shared.ErrorData
	if err := json.Unmarshal(m.Data, &d); err != nil || d.Error == "" {
		return "unknown error"
	}
	return d.Error
}
