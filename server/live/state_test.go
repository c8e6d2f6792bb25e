package live

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// teamSnapshots answers a team topic with the team's view at at, as the
// projection's state would after applying the stream up to at.
type teamSnapshots struct{ at atomic.Uint64 }

func (s *teamSnapshots) Snapshot(_ context.Context, _, topic string) (any, error) {
	return shared.TeamView{ID: topic, At: s.at.Load()}, nil
}

// A team's whole state is read when its frame is sent, not when it changed,
// and a state that shows more of the stream than is durable waits until it
// is: nothing is shown before it is committed.
func TestStatesAreReadWhenSentAndWaitUntilDurable(t *testing.T) {
	snaps := &teamSnapshots{}
	th := startHub(t, Config{Snapshots: snaps, CoalesceInterval: 50 * time.Millisecond, StateYield: -1})
	ctx := testCtx(t, 10*time.Second)
	const topic = "team/t-1"
	c := th.dial(ctx, false)
	c.subscribe(ctx, topic, nil)
	require.Equal(t, shared.KindSnapshot, c.next(ctx).Kind)
	atOfFrame := func() uint64 {
		m := c.next(ctx)
		require.Equal(t, shared.KindPoints, m.Kind)
		var v shared.TeamView
		require.NoError(t, json.Unmarshal(m.Data, &v))
		return v.At
	}
	changed := Message{Topic: topic, Kind: shared.KindPoints}

	// Committed and applied alike: the leading edge goes at once.
	snaps.at.Store(5)
	th.publish(changed)
	th.hub.Durable(5)
	assert.Equal(t, uint64(5), atOfFrame())

	// Applied further than committed when the trailing edge reads it: held.
	snaps.at.Store(6)
	th.publish(changed)
	th.hub.Durable(6)
	snaps.at.Store(7)
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		th.hub.heldMu.Lock()
		defer th.hub.heldMu.Unlock()
		assert.Len(c, th.hub.held, 1, "the state read at 7 waits for its commit")
	}, 5*time.Second, time.Millisecond)
	th.hub.Durable(7)
	assert.Equal(t, uint64(7), atOfFrame(), "the state that waited, once durable")
}
