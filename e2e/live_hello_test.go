package e2e

import (
	"context"
	"encoding/json"

	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// hello reads a connection's first frame and checks it is the hello with
// this build's protocol version, as the PWA checks it.
func (c *liveClient) hello(ctx context.Context) {
	c.tb.Helper()
	m := c.next(ctx)
	require.Equal(c.tb, shared.KindHello, m.Kind, "the first frame is the hello: %+v", m)
	var d shared.HelloData
	require.NoError(c.tb, json.Unmarshal(m.Data, &d))
	require.Equal(c.tb, shared.ProtocolVersion, d.Protocol)
}
