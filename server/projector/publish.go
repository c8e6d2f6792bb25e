package projector

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"scorecast/server/live"
	"scorecast/server/projection"
	"scorecast/shared"
)

// pipelineDepth is how many commits may be in flight: enough for applying
// and committing to overlap, few enough that a failed commit stops the
// projection soon after.
const pipelineDepth = 2

// inflight is a commit handed to Badger: what to publish and acknowledge
// once it is durable.
type inflight struct {
	wait func() error // nil: nothing to wait for (a batch of redeliveries)
	seq  uint64       // the last stream sequence it commits
	live map[string][]live.Message
	// views are the agents' views live carries, spare once it is published.
	views []*shared.AgentView
	ack   jetstream.Msg // nil: a part of a batch; its last part acknowledges
	// stored is when each applied event of the commit was stored in the
	// stream (see Stats.Published).
	stored []time.Time
}

// handOver has a commit published and acknowledged once it is durable, by
// the publisher's goroutine: handing the hub its messages fans them out to
// every subscriber, and on that goroutine it overlaps with applying the
// next batch instead of delaying it. Called with the State locked, so it
// never waits for the publisher, which may be waiting for that lock (the
// hub reads states as it is handed messages): a commit the queue has no
// room for is queued once the State is unlocked, after those before it.
func (p *Projector) handOver(c inflight) {
	p.queued.Add(1)
	if len(p.overflow) == 0 {
		select {
		case p.commits <- c:
			return
		default:
		}
	}
	p.overflow = append(p.overflow, c)
}

// unlock unlocks the State, then queues the commits handOver could not.
// Waiting for the publisher with the State locked would keep every reader
// waiting too, the publisher among them. A failed commit reaches Run
// through the publisher's failed channel.
func (p *Projector) unlock() {
	overflow := p.overflow
	p.overflow = nil
	p.Unlock()
	for _, c := range overflow {
		p.commits <- c // the publisher drains the queue until Run returns
	}
}

// publisher waits for commits in order, then sends their live messages and
// acknowledgements. After a failed commit it stops: nothing later may be
// published or acknowledged, and a restart resumes from the last commit.
// Only the publisher's goroutine uses it.
type publisher struct {
	p       *Projector
	failed  chan<- error // told of the failure once, buffered
	failure error
	// snapshotEvents is how many events were applied, and snapshotTime
	// when, as the last snapshot was taken (see snapshotDue).
	snapshotEvents uint64
	snapshotTime   time.Time
}

// finish waits for c's commit, then publishes its messages and sends its
// acknowledgement.
func (pb *publisher) finish(c inflight) {
	p := pb.p
	if pb.failure != nil {
		if c.wait != nil {
			_ = c.wait() // drain Badger's callback
		}
		return
	}
	if c.wait != nil {
		if err := c.wait(); err != nil {
			// The in-memory state is ahead of the store now; only a
			// restart, which reloads from the last commit, makes them
			// agree again.
			pb.failure = fmt.Errorf("projector: %w", err)
			select {
			case pb.failed <- pb.failure:
			default:
			}
			return
		}
		p.stats.Batches.Add(1)
	}
	for org, list := range c.live {
		p.cfg.Live.Publish(org, list)
	}
	if c.wait != nil {
		p.cfg.Live.Durable(c.seq)
	}
	p.keepSpare(c.views)
	if len(c.stored) > 0 {
		now := time.Now()
		for _, at := range c.stored {
			p.stats.Published.Observe(now.Sub(at))
		}
	}
	if c.ack != nil {
		if err := c.ack.Ack(); err != nil {
			p.log.Warn("projector: ack", "err", err) // redelivery is skipped by sequence
		}
	}
	if c.wait != nil && pb.snapshotDue(p.stats.Events.Load(), time.Now()) {
		// After the messages: it waits for the next commit, if one is
		// in flight.
		p.offerFresh(p.cfg.Store.Snapshot())
	}
}

// snapshotEvery is how many events may be applied between two snapshots for
// the processed-event lookups. The events a lookup's snapshot has not seen
// are those applied since it was taken, at most snapshotEvery, and those
// applied but not yet committed when it was taken, at most the batches in
// flight and the one being applied: together far fewer than every org's
// recent ids hold (projection.MaxRecent), so each of them is found in memory. A
// snapshot after every commit would make the publisher wait for Badger to
// mark that commit done before the next could begin.
const snapshotEvery = projection.MaxRecent / 10

// snapshotMaxAge bounds how long a snapshot is kept at a slow rate of
// events: an open read keeps Badger from dropping the versions it could
// read, and from forgetting the commits after it.
const snapshotMaxAge = time.Second

// snapshotDue reports whether a new snapshot is due at now, events having
// been applied in all.
func (pb *publisher) snapshotDue(events uint64, now time.Time) bool {
	if events-pb.snapshotEvents < snapshotEvery && now.Sub(pb.snapshotTime) < snapshotMaxAge {
		return false
	}
	pb.snapshotEvents, pb.snapshotTime = events, now
	return true
}
