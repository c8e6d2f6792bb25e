package live

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"sync"
)

// coder/websocket flushes its buffered writer after every frame, so a batch
// of frames to one connection costs a write(2) each. Loopback TCP does the
// receiver's work inside the sender's write too, and with many clients those
// writes are much of the server's CPU. The writer holds the frames
// of a batch back instead and hands them to the socket in one write.
//
// holdWriter wraps the ResponseWriter given to websocket.Accept, so that the
// socket it hijacks is a batchSocket and the buffered writer on top of it is
// ours.
type holdWriter struct {
	http.ResponseWriter
	conn *batchSocket // set by Hijack
}

func (w *holdWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	// The controller looks through middleware that wraps the writer (an
	// Unwrap method), as coder/websocket's own check does.
	nc, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, fmt.Errorf("live: hijack: %w", err)
	}
	// What net/http had buffered for writing has gone out with Hijack, and
	// its writer, empty, now writes to the batchSocket; reading goes on from
	// its reader, which may hold the first frames.
	w.conn = &batchSocket{Conn: nc}
	brw.Writer.Reset(w.conn)
	return w.conn, brw, nil
}

// batchSocket is a socket that keeps what is written to it while held, and
// sends it in one write on release.
//
// One race is left as it is: a client's close arriving while a batch is
// held has coder/websocket write its reply into the held bytes and close
// the socket at once, so the client sees the connection drop (1006) rather
// than the close handshake. Flushing on Close instead could block the
// watchdog's close of a stuck socket behind the very write it means to end.
type batchSocket struct {
	net.Conn
	// mu orders the writes: the hub's writer writes frames, coder/websocket
	// writes a pong from the reading goroutine, and a release must not
	// let a pong's bytes in between a held frame's.
	mu      sync.Mutex
	holding bool
	held    []byte
}

func (c *batchSocket) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.holding {
		c.held = append(c.held, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// hold keeps what is written from now on, in buf (emptied), until release.
func (c *batchSocket) hold(buf []byte) {
	c.mu.Lock()
	c.holding, c.held = true, buf[:0]
	c.mu.Unlock()
}

// release writes what was held, if send, and stops holding; it returns the
// buffer for reuse, and the write's error.
func (c *batchSocket) release(send bool) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	buf := c.held
	c.holding, c.held = false, nil
	if !send || len(buf) == 0 {
		return buf, nil
	}
	_, err := c.Conn.Write(buf)
	return buf, err
}

// bufferPool keeps buffers for reuse: the writers' for held batches (one per writer
// busy with a batch of several frames, not one per connection), and
// deliver's for encoding frames.
type bufferPool struct{ pool sync.Pool }

// maxPooledBuffer bounds a buffer kept for reuse; a bigger one, from a rare
// burst, is let go.
const maxPooledBuffer = 64 << 10

func (b *bufferPool) get() *[]byte {
	if p, ok := b.pool.Get().(*[]byte); ok {
		return p
	}
	buf := make([]byte, 0, 8<<10)
	return &buf
}

func (b *bufferPool) put(p *[]byte) {
	if cap(*p) <= maxPooledBuffer {
		b.pool.Put(p)
	}
}
