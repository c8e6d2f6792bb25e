package live

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"

	"scorecast/shared"
)

// maxClientMessage bounds what a client may send in one frame.
const maxClientMessage = 4 << 10

// conn is one WebSocket client.
type conn struct {
	org   string
	ws    *websocket.Conn
	queue chan []byte

	mu      sync.Mutex
	topics  map[string]struct{}
	closing bool
	code    websocket.StatusCode
	reason  string
	cancel  context.CancelFunc
}

// send queues a frame without ever blocking: a full queue closes the
// connection as too slow.
func (c *conn) send(data []byte) {
	select {
	case c.queue <- data:
	default:
		c.close(shared.CloseSlowClient, "too slow: reconnect and resume with since")
	}
}

func (c *conn) sendError(topic, msg string) {
	data, _ := json.Marshal(shared.ErrorData{Error: msg})
	frame, _ := json.Marshal(shared.Message{Topic: topic, Kind: shared.KindError, Data: data})
	c.send(frame)
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

// close asks the writer to close the socket with code; the first call wins.
func (c *conn) close(code websocket.StatusCode, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return
	}
	c.closing, c.code, c.reason = true, code, reason
	c.cancel()
}

// ServeHTTP upgrades the request and serves the connection until it closes.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	org, err := h.cfg.Org(r)
	if err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(shared.Error{Error: err.Error()})
		return
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: h.cfg.OriginPatterns})
	if err != nil {
		return // Accept has answered the request
	}
	ws.SetReadLimit(maxClientMessage)
	// Reads use the request's context: cancelling a Read's context makes
	// coder/websocket drop the connection without our close code, so only
	// the writer's context is cancelled to close.
	readCtx := r.Context()
	ctx, cancel := context.WithCancel(readCtx)
	c := &conn{org: org, ws: ws, queue: make(chan []byte, h.cfg.QueueSize), topics: map[string]struct{}{}, cancel: cancel}

	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		_ = ws.Close(shared.CloseShuttingDown, "server shutting down")
		cancel()
		return
	}
	h.conns[c] = struct{}{}
	h.mu.Unlock()

	done := make(chan struct{})
	go func() {
		defer close(done)
		h.write(ctx, c)
	}()
	h.read(readCtx, c)
	c.close(websocket.StatusNormalClosure, "")
	<-done

	c.mu.Lock()
	topics := make([]string, 0, len(c.topics))
	for t := range c.topics {
		topics = append(topics, t)
	}
	c.mu.Unlock()
	for _, t := range topics {
		h.unsubscribe(c, t)
	}
	h.mu.Lock()
	delete(h.conns, c)
	h.mu.Unlock()
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

// write is the connection's only writer.
func (h *Hub) write(ctx context.Context, c *conn) {
	ping := time.NewTicker(h.cfg.PingInterval)
	defer ping.Stop()
	for {
		select {
		case data := <-c.queue:
			wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			err := c.ws.Write(wctx, websocket.MessageText, data)
			cancel()
			if err != nil {
				c.close(shared.CloseSlowClient, "write timed out")
			}
		case <-ping.C:
			pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			err := c.ws.Ping(pctx)
			cancel()
			if err != nil && !errors.Is(err, context.Canceled) {
				c.close(websocket.StatusGoingAway, "no pong")
			}
		case <-ctx.Done():
			c.mu.Lock()
			code, reason := c.code, c.reason
			c.mu.Unlock()
			if code == 0 {
				code = websocket.StatusNormalClosure
			}
			_ = c.ws.Close(code, reason)
			return
		}
	}
}
