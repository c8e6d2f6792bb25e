package live

import (
	"context"
	"testing"
	"time"

	"scorecast/shared"
)

// hello reads the connection's first frame and checks it is the hello with
// this build's protocol version.
func (c *client) hello(ctx context.Context) {
	c.tb.Helper()
	m := c.next(ctx)
	if !shared.SpeaksOurProtocol(m) {
		c.tb.Fatalf("first frame %+v (%s), want the hello with protocol %d", m, m.Data, shared.ProtocolVersion)
	}
}

// The hello comes first even when a subscription is already on its way:
// a client reads the version before any frame it could misread.
func TestHelloComesFirst(t *testing.T) {
	th := startHub(t, Config{})
	ctx := testCtx(t, 10*time.Second)
	for range 3 {
		c := th.dial(ctx, false) // dial reads and checks the hello
		c.subscribe(ctx, "agent/a-1", nil)
		if m := c.next(ctx); m.Kind != shared.KindSnapshot {
			t.Fatalf("after the hello: %+v, want the snapshot", m)
		}
	}
}
