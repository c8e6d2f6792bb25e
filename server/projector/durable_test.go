package projector

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/live"
)

// orderFeed records whether the commit a message shows was done when the
// message was handed over (see committed).
type orderFeed struct {
	t         *testing.T
	committed *bool
	published int
	durable   uint64
}

func (f *orderFeed) Watching(string, string) bool { return true }

func (f *orderFeed) Publish(_ string, msgs []live.Message) {
	assert.True(f.t, *f.committed, "%d messages handed over before their commit was done", len(msgs))
	f.published += len(msgs)
}

func (f *orderFeed) Durable(seq uint64) {
	assert.True(f.t, *f.committed, "durable %d said before the commit was done", seq)
	f.durable = seq
}

// Nothing is handed to the hub, nor said durable, before its commit is
// done: the publisher waits for Badger first.
func TestNothingIsPublishedBeforeItIsDurable(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	committed := false
	feed := &orderFeed{t: t, committed: &committed}
	p.cfg.Live = feed
	pb := &publisher{p: p, failed: make(chan error, 1)}
	var batch []*decoded
	for i := range 20 {
		batch = append(batch, &decoded{seq: uint64(i + 1), org: "o", ev: scoring.Event{ID: fmt.Sprintf("e-%d", i), Type: "survey.completed",
			Agent: fmt.Sprintf("a-%d", i%5), Team: "t-1", Time: now, Metrics: map[string]any{"csat": 5.0}}})
	}
	require.NoError(t, p.applyBatch(batch))
	for len(p.commits) > 0 {
		c := <-p.commits
		committed = false
		if wait := c.wait; wait != nil {
			c.wait = func() error {
				err := wait()
				committed = true
				return err
			}
		} else {
			committed = true // nothing to wait for: an acknowledgement
		}
		pb.finish(c)
	}
	assert.Positive(t, feed.published)
	assert.Equal(t, uint64(20), feed.durable)
}
