package live

import (
	"cmp"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"scorecast/shared"
)

// maxClientMessage bounds what a client may send in one frame.
const maxClientMessage = 4 << 10

// keepQueueCap is the largest queue backing array a connection keeps between
// bursts; a bigger one is let go, so an idle connection stays small.
const keepQueueCap = 16

// conn is one WebSocket client: a reader goroutine, and a writer goroutine
// while there is something to write, fed by a bounded queue.
//
// The writer runs only while there is work: most connections are idle most
// of the time, and a goroutine parked per connection doubled the stacks
// the garbage collector scans on every cycle. Starting one per burst of
// frames costs far less than that.
type conn struct {
	org    string
	keys   []string
	may    func(topic string) bool
	ws     *websocket.Conn
	socket *batchSocket // under ws, to write a batch of frames at once
	maxQ   int
	onSlow func() // the queue overflowed and the connection is being closed
	// hub counts the frames queued and not yet written (see yield.go).
	hub *Hub
	// startWriter starts a writer goroutine (see Hub.drain); called with
	// writing just set.
	startWriter func()
	// finished is closed by the writer that ends the connection: after the
	// close frame went out, or on giving up on the socket.
	finished chan struct{}
	pingDue  atomic.Bool // the ping timer fired; the writer pings if idle
	ping     *time.Timer // set by serve, with mu held
	// lastWrite is when the last batch of frames went out, on the hub's
	// clock, or 0: only the one writer running touches it, and writers
	// hand over through mu.
	lastWrite int64

	// busy is when the writer's current batch of frames began, on the hub's
	// clock (see Hub.clock), or 0 between batches. The hub's watchdog drops
	// the connection once a batch has taken longer than WriteTimeout: the
	// writes themselves carry no deadline (see Hub.ServeHTTP).
	busy atomic.Int64
	// dead is set by whoever first gives up on the connection (its writer on
	// a failed write or ping, or the watchdog), so DeadClosed counts it once.
	dead atomic.Bool
	idx  int // position in Hub.conns; guarded by Hub.mu

	mu      sync.Mutex
	writing bool     // a writer is running, or the connection is finished: no other may start
	queue   [][]byte // frames waiting for the writer, oldest first
	spare   [][]byte // the writer's last batch, reused to avoid allocating
	topics  map[string]struct{}
	// closing is only set with mu held, together with code and reason, but
	// the writer reads it without mu between frames: that check runs per
	// frame, and mu is the one send takes on the delivery path.
	closing atomic.Bool
	code    websocket.StatusCode
	reason  string
}

// send queues a frame without ever blocking and reports whether it was
// queued: a full queue closes the connection as too slow instead.
func (c *conn) send(data []byte) bool {
	c.mu.Lock()
	if c.closing.Load() {
		c.mu.Unlock()
		return false
	}
	if len(c.queue) >= c.maxQ {
		c.unlockStarting(c.closeLocked(shared.CloseSlowClient, "too slow: reconnect and resume with since"))
		c.onSlow()
		return false
	}
	c.queue = append(c.queue, data)
	c.hub.unsent.Add(1)
	c.unlockStarting(c.claimWriter())
	return true
}

// claimWriter reports whether the caller is to start a writer: none runs.
// Called with mu held.
func (c *conn) claimWriter() bool {
	if c.writing {
		return false
	}
	c.writing = true
	return true
}

// unlockStarting releases mu, then starts a writer if the caller claimed
// one: a goroutine is not started with the lock held.
func (c *conn) unlockStarting(start bool) {
	c.mu.Unlock()
	if start {
		c.startWriter()
	}
}

// kick starts a writer unless one runs: there is a ping to send.
func (c *conn) kick() {
	c.mu.Lock()
	c.unlockStarting(c.claimWriter())
}

func (c *conn) sendError(topic, msg string) {
	// A struct of a string always encodes.
	data, _ := appendFrame(nil, &Message{Topic: topic, Kind: shared.KindError, Data: shared.ErrorData{Error: msg}}, 0, nil)
	c.send(data)
}

// work is what a writer is to do next: the close, or frames, or a ping.
type work struct {
	closing bool
	code    websocket.StatusCode
	reason  string
	frames  [][]byte
	ping    bool
}

// take hands the writer everything queued, or the close to send; with
// nothing to do, the writer is to stop, and the next frame starts another.
func (c *conn) take() (w work, idle bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing.Load() {
		return work{closing: true, code: c.code, reason: c.reason}, false
	}
	if len(c.queue) == 0 {
		// pingDue is set before the timer kicks, which waits for mu: a
		// ping missed here starts a writer of its own.
		if c.pingDue.Swap(false) {
			return work{ping: true}, false
		}
		c.writing = false
		return work{}, true
	}
	frames := c.queue
	if cap(c.spare) <= keepQueueCap {
		c.queue = c.spare[:0]
	} else {
		c.queue = nil
	}
	c.spare = frames
	return work{frames: frames, ping: c.pingDue.Swap(false)}, false
}

func (c *conn) addTopic(name string, max int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.topics[name]; ok {
		return true
	}
	if len(c.topics) >= max {
		return false
	}
	c.topics[name] = struct{}{}
	return true
}

func (c *conn) removeTopic(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.topics[name]
	delete(c.topics, name)
	return ok
}

// hasTopic reports whether c subscribes to name (or is subscribing).
func (c *conn) hasTopic(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.topics[name]
	return ok
}

func (c *conn) topicList() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.topics))
	for t := range c.topics {
		out = append(out, t)
	}
	return out
}

// close asks the writer to close the socket with code; the first call wins.
func (c *conn) close(code websocket.StatusCode, reason string) {
	c.mu.Lock()
	if c.closing.Load() {
		c.mu.Unlock()
		return
	}
	c.unlockStarting(c.closeLocked(code, reason))
}

// closeLocked drops what is queued for the close frame, and reports whether
// the caller is to start a writer to send it. Called with mu held.
func (c *conn) closeLocked(code websocket.StatusCode, reason string) bool {
	c.closing.Store(true)
	c.code, c.reason = code, reason
	if c.hub.unqueue(len(c.queue)) {
		// mu is held, and maybe a topic's: not here.
		go c.hub.flushYielded(anyRound)
	}
	c.queue = nil
	return c.claimWriter()
}

// ServeHTTP upgrades the request and leaves the connection to serve.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	viewer, err := h.cfg.Authenticate(r)
	if err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(shared.Error{Error: err.Error()})
		return
	}
	hw := &holdWriter{ResponseWriter: w}
	ws, err := websocket.Accept(hw, r, &websocket.AcceptOptions{OriginPatterns: h.cfg.OriginPatterns})
	if err != nil {
		return // Accept has answered the request
	}
	ws.SetReadLimit(maxClientMessage)
	c := &conn{
		org:      viewer.Org,
		keys:     viewer.Keys,
		may:      viewer.May,
		ws:       ws,
		socket:   hw.conn,
		maxQ:     h.cfg.QueueSize,
		finished: make(chan struct{}),
		topics:   map[string]struct{}{},
		onSlow:   func() { h.stats.SlowClosed.Add(1) },
		hub:      h,
	}
	// The request's context ends when this handler returns; the
	// connection's does not (see serve).
	ctx := context.WithoutCancel(r.Context())
	// The writer's function is made once: "go h.drain(ctx, c)" would
	// allocate a closure for its arguments at every start, and a writer
	// starts for most frames.
	drain := func() { h.drain(ctx, c) }
	c.startWriter = func() { go drain() }

	if !h.addConn(c) {
		_ = ws.Close(shared.CloseShuttingDown, "server shutting down")
		return
	}
	c.sendHello()
	// A revocation between the check above and the registration just now
	// would have missed this connection: check once more now that Revoke
	// can see it.
	if _, err := h.cfg.Authenticate(r); err != nil {
		c.close(shared.CloseUnauthorized, "access revoked")
	}

	// The connection gets goroutines of its own and this handler returns:
	// net/http's goroutine, with its deep stack, and the request, with its
	// headers, would otherwise stay for as long as the socket lives, and the
	// garbage collector would scan them on every cycle. The socket is
	// hijacked: net/http is done with it.
	go h.serve(ctx, c)
}

// serve runs a connection's reader here until the socket closes, waits for
// its close to go out, then forgets the connection. ctx is never done.
// Cancelling a Read makes coder/websocket drop the connection without our
// close code; the writer closes the socket, which ends the read. And for a
// context that can be done, coder/websocket arms and disarms a
// context.AfterFunc around every frame written, costly where a batch is
// mostly one frame; the hub's watchdog bounds writes instead (see watch).
func (h *Hub) serve(ctx context.Context, c *conn) {
	// The ping timer kicks a writer as a frame does (only an idle
	// connection is pinged, see Hub.ping). It fires from its own goroutine,
	// perhaps at once: it is set with mu held, which the writer takes to
	// read it.
	c.mu.Lock()
	ping := time.AfterFunc(h.pingDelay(), func() {
		c.pingDue.Store(true)
		c.kick()
	})
	c.ping = ping
	c.mu.Unlock()
	h.read(ctx, c)
	c.close(websocket.StatusNormalClosure, "")
	<-c.finished
	ping.Stop()

	for _, t := range c.topicList() {
		h.unsubscribe(c, t)
	}
	h.removeConn(c)
}

func (h *Hub) read(ctx context.Context, c *conn) {
	for {
		_, data, err := c.ws.Read(ctx)
		if err != nil {
			return
		}
		var m shared.ClientMessage
		if err := json.Unmarshal(data, &m); err != nil {
			c.close(shared.CloseBadMessage, "messages must be JSON objects with op and topic")
			return
		}
		switch m.Op {
		case shared.OpSubscribe:
			h.subscribe(ctx, c, m.Topic, m.Since)
		case shared.OpUnsubscribe:
			h.unsubscribe(c, m.Topic)
		default:
			c.sendError(m.Topic, `op must be "subscribe" or "unsubscribe"`)
		}
	}
}

// drain is a connection's writer, the only one while it runs: it writes
// what is queued, pings and the close, and returns when nothing is left to
// do. The writer that ends the connection leaves writing set, so that no
// other starts, and closes finished.
func (h *Hub) drain(ctx context.Context, c *conn) {
	h.stats.Writers.Add(1)
	defer h.stats.Writers.Add(-1)
	for {
		w, idle := c.take()
		switch {
		case idle:
			return
		case w.closing:
			// Close writes the close frame (5 s at most) and waits for the
			// client's answer (5 s at most): only this connection waits.
			_ = c.ws.Close(w.code, w.reason)
			close(c.finished)
			return
		}
		if len(w.frames) > 0 {
			c.lastWrite = h.writeFrames(ctx, c, w.frames)
			if h.unqueue(len(w.frames)) {
				h.flushYielded(anyRound)
			}
			if c.lastWrite == 0 {
				h.giveUp(c)
				return
			}
		}
		// A closing connection is not pinged: its close goes out next.
		if w.ping && !c.closing.Load() && !h.ping(ctx, c) {
			h.giveUp(c)
			return
		}
	}
}

// ping pings an idle connection and reports whether it answered; a busy
// one is left alone until its next timer. Frames that went out within the
// interval have kept any proxy on the way awake, and a peer gone silent
// stops taking its frames, which the watchdog and the queue bound catch.
func (h *Hub) ping(ctx context.Context, c *conn) bool {
	c.mu.Lock()
	timer := c.ping
	c.mu.Unlock()
	if idle := time.Duration(h.clock() - c.lastWrite); c.lastWrite != 0 && idle < h.cfg.PingInterval {
		timer.Reset(h.cfg.PingInterval - idle)
		return true
	}
	pctx, cancel := context.WithTimeout(ctx, h.cfg.PongTimeout)
	err := c.ws.Ping(pctx)
	cancel()
	if err != nil {
		h.drop(c)
		return false
	}
	timer.Reset(h.pingDelay())
	return true
}

// giveUp ends a connection whose socket failed: the writer that calls it
// stays the last.
func (h *Hub) giveUp(c *conn) {
	_ = c.ws.CloseNow()
	close(c.finished)
}

// writeFrames writes a batch and returns when it began on the hub's clock,
// or drops the connection and returns 0.
func (h *Hub) writeFrames(ctx context.Context, c *conn, frames [][]byte) int64 {
	// The watchdog gives the whole batch (at most QueueSize frames)
	// WriteTimeout, so a client that takes bytes, but too slowly to keep
	// up, is let go too.
	start := h.clock()
	c.busy.Store(start)
	defer c.busy.Store(0)
	// Several frames go to the socket in one write (see batchSocket).
	var held *[]byte
	if len(frames) > 1 {
		held = h.batchBuffers.get()
		c.socket.hold(*held)
	}
	var written int
	var err error
	for i, f := range frames {
		if c.closing.Load() {
			// Whoever set closing has made sure a writer runs: the close
			// goes out on this writer's next turn, after no more frames.
			break
		}
		err = c.ws.Write(ctx, websocket.MessageText, f)
		frames[i] = nil // let the frame go once written
		if err != nil {
			break
		}
		written++
	}
	if held != nil {
		var released error
		*held, released = c.socket.release(err == nil)
		h.batchBuffers.put(held)
		err = cmp.Or(err, released)
		if err == nil && written > 1 {
			h.stats.Batched.Add(uint64(written - 1))
		}
	}
	if err != nil {
		h.drop(c)
		return 0
	}
	return start
}

// drop gives up on a connection that cannot take a write or answer a ping:
// there is no point in a close handshake with it, so the caller closes the
// socket outright. It reports whether this call was the first to give up,
// which is the one counted.
func (h *Hub) drop(c *conn) bool {
	c.close(websocket.StatusGoingAway, "")
	if !c.dead.CompareAndSwap(false, true) {
		return false
	}
	h.stats.DeadClosed.Add(1)
	return true
}

// pingDelay is PingInterval less up to 10%, so connections opened together
// spread their pings.
func (h *Hub) pingDelay() time.Duration {
	d := h.cfg.PingInterval
	return d - rand.N(d/10+1)
}
