package e2e

import (
	"context"

	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// hello reads a connection's first frame and checks it is the hello with
// this build's protocol version, as the PWA checks it.
func (c *liveClient) hello(ctx context.Context) {
	c.tb.Helper()
	m := c.next(ctx)
	require.True(c.tb, shared.SpeaksOurProtocol(m), "the first frame is the hello of protocol %d: %+v", shared.ProtocolVersion, m)
}
