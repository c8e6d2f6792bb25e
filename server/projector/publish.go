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

// handOver has a commit published and acknowledged once it is durable: by
// the publisher's goroutine, or, when nothing is queued for it and less than
// a batch of messages waits to be applied, by Run's goroutine as soon as it
// unlocks the State (see unlock). Waiting there costs the next batch little,
// and saves the two goroutine switches of the hand-over; under a backlog
// the publisher overlaps commits with applying, which throughput needs.
// Only Run's goroutine hands over, so a commit left to it finds the
// publisher idle, and the order holds. Called with the State locked, so it
// never waits for the publisher: the publisher may be waiting for that lock
// (the hub reads states as it is handed messages). A commit the queue has
// no room for is sent once the State is unlocked, after those before it.
func (p *Projector) handOver(c inflight) {
	if p.pub == nil || len(p.direct) == 0 && (p.queued.Load() != 0 || len(p.incoming) >= p.cfg.MaxBatch) {
		p.queued.Add(1)
		if len(p.overflow) == 0 {
			select {
			case p.commits <- c:
				return
			default:
			}
		}
		p.overflow = append(p.overflow, c)
		return
	}
	if c.wait != nil {
		p.stats.Direct.Add(1)
	}
	p.direct = append(p.direct, c)
}

// unlock unlocks the State, then queues the commits handOver could not,
// finishes those it left to this goroutine, and returns a failed commit's
// error. Waiting for a commit, or
// publishing, with the State locked would keep every reader waiting too (views, a
// new subscriber's snapshot, which the hub takes with a topic's lock held).
func (p *Projector) unlock() error {
	direct, overflow := p.direct, p.overflow
	p.direct, p.overflow = nil, nil
	p.Unlock()
	for _, c := range overflow {
		p.commits <- c // the publisher drains the queue until Run returns
	}
	if len(direct) == 0 {
		return nil
	}
	for _, c := range direct {
		p.pub.finish(c)
	}
	return p.pub.failure
}

// publisher waits for commits in order, then sends their live messages and
// acknowledgements. After a failed commit it stops: nothing later may be
// published or acknowledged, and a restart resumes from the last commit.
// One goroutine at a time uses it: the publisher's, or Run's when nothing
// is queued (see handOver).
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
// snapshot after every commit would make each batch published directly wait
// for Badger to mark that commit done before the next could begin.
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
