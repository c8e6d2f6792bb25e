package projector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/live"
	"scorecast/server/store"
	"scorecast/shared"
)

// Config configures a Projector.
type Config struct {
	Bus   *bus.Bus     // required
	Store *store.Store // required
	// MaxBatch bounds the events applied together; default
	// defaultMaxBatch, and at most maxMaxBatch. A batch
	// is whatever is buffered when the previous one was applied, so a lone
	// event is never held back waiting for company; it is committed in as
	// few transactions as Badger's limit allows (see store.CommitFull), so
	// under load an agent with many events in a batch is written once.
	MaxBatch int
	// State is the projection the projector applies the stream to, shared
	// with whoever reads views; default: loaded from Store with Now.
	State *State
	// Live is where the live messages of a commit go once it is durable:
	// the hub. Default: every topic is watched and nothing is sent.
	Live Feed
	// Now is the clock used for views ("today") of a State loaded here;
	// default time.Now.
	Now func() time.Time
	// Logger; default slog.Default().
	Logger *slog.Logger
}

// Feed takes the live messages of the projection: the hub, in-process.
// The projector calls it with no lock held but for Watching, which it
// calls with State's lock held for writing.
type Feed interface {
	// Watching reports whether anyone follows a topic; the projector builds
	// no message for a topic nobody follows.
	Watching(org, topic string) bool
	// Publish takes an org's messages of one durable commit, in order.
	Publish(org string, msgs []live.Message)
	// Durable says that the stream is committed up to seq: a view read
	// from the State that shows no more than that may be shown.
	Durable(seq uint64)
}

// everyTopic is the default Feed: it watches everything and sends nothing.
type everyTopic struct{}

func (everyTopic) Watching(string, string) bool   { return true }
func (everyTopic) Publish(string, []live.Message) {}
func (everyTopic) Durable(uint64)                 {}

// Projector consumes the stream, applies it to its State and commits it
// to the store; views of the State are its methods too (see State).
type Projector struct {
	*State
	cfg Config
	log *slog.Logger

	commits chan inflight // to the publisher, while Run runs
	// pub publishes and acknowledges handed-over commits (see handOver);
	// set by Run, and nil in tests that read commits themselves. incoming is
	// Run's queue of decoded messages, and queued counts what was sent on
	// commits and is not yet done.
	pub      *publisher
	incoming chan *decoded
	queued   atomic.Int64
	// direct are the commits handOver left to Run's goroutine, to finish
	// once it lets mu go (see unlock). Guarded by mu.
	direct []inflight
	// spare are views whose messages are published, to build the next into
	// (see spareView).
	spareMu sync.Mutex
	spare   []*shared.AgentView
	// outcomes are the outcomes of the events applied since the last
	// flush; its outbox points into them until it is built. One slice
	// saves an allocation or three per event. An append that moves it
	// leaves the pointers at the same values. Guarded by mu.
	outcomes []scoring.Outcome
	pruneAt  time.Time // when flushStates next prunes the views kept for patches
	// seen is a view of the store for a batch's lookups in the processed-
	// event index: the events applied since it was taken are in every org's
	// recent ids (see org.remember). The publisher takes a new one after
	// each commit and leaves it in fresh for the next batch: a Badger
	// transaction begins by waiting for every commit in flight, which, when
	// a batch took its own, cost the batch up to 0.7 ms (p99 at 10k clients).
	seen    *store.Snapshot
	freshMu sync.Mutex
	fresh   *store.Snapshot

	target atomic.Uint64 // stream's last seq at start: ready once applied
	ready  atomic.Bool
	stats  Stats
}

// Stats counts what the projector did, for metrics and tests.
type Stats struct {
	Events     atomic.Uint64 // events applied
	Skipped    atomic.Uint64 // duplicates older than the dedupe window, or already applied
	Bad        atomic.Uint64 // stored events that could not be decoded
	RuleErrors atomic.Uint64 // rule evaluations that failed (a missing metric, say)
	Batches    atomic.Uint64
	// Direct counts the batches the projector published itself, with no
	// backlog waiting (see handOver); the rest went through the publisher.
	Direct atomic.Uint64
	// Published is the time from an event's storing in the stream to the
	// publishing of its live messages, which follows its batch's commit:
	// the projection's part of an event's way to the screens.
	Published Latency
}

const (
	defaultMaxBatch = 2048
	// maxMaxBatch keeps the events applied between two snapshots for the
	// processed-event lookups well within every org's recent ids (see
	// snapshotEvery).
	maxMaxBatch = 8192
)

// New returns a projector of cfg.State, or of every org's state loaded
// from the store.
func New(cfg Config) (*Projector, error) {
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = defaultMaxBatch
	}
	cfg.MaxBatch = min(cfg.MaxBatch, maxMaxBatch)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Live == nil {
		cfg.Live = everyTopic{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.State == nil {
		s, err := LoadState(cfg.Store, cfg.Now)
		if err != nil {
			return nil, err
		}
		cfg.State = s
	}
	cfg.Now = cfg.State.now
	return &Projector{State: cfg.State, cfg: cfg, log: cfg.Logger}, nil
}

// Stats returns the projector's counters.
func (p *Projector) Stats() *Stats { return &p.stats }

// Ready reports whether the projection has caught up with the stream as it
// was when Run started.
func (p *Projector) Ready() bool { return p.ready.Load() }

// Run consumes the stream until ctx ends. It returns an error only when the
// projection cannot go on (a failed commit): the caller should stop the
// process, and a restart resumes from the last commit.
func (p *Projector) Run(ctx context.Context) error {
	target, err := p.cfg.Bus.LastSeq(ctx)
	if err != nil {
		return err
	}
	p.target.Store(target)
	p.cfg.Live.Durable(p.LastSeq())
	p.mu.Lock()
	p.checkReady()
	p.mu.Unlock()
	cons, err := p.cfg.Bus.Consumer(ctx, p.LastSeq()+1)
	if err != nil {
		return err
	}
	// Each message is decoded as it arrives, on the consumer's goroutine,
	// while the projector applies the batch before: decoding needs nothing
	// of the projection, and was a fifth of a batch's time at 10k clients.
	msgs := make(chan *decoded, 4*p.cfg.MaxBatch)
	p.incoming = msgs
	cc, err := cons.Consume(func(m jetstream.Msg) {
		d := p.decodeMessage(m)
		select {
		case msgs <- d:
		case <-ctx.Done():
		}
	}, jetstream.PullMaxMessages(2*p.cfg.MaxBatch))
	if err != nil {
		return fmt.Errorf("projector: consume: %w", err)
	}
	defer cc.Stop()

	// Under a backlog, batches are committed while the next one is
	// applied: the publisher waits for each commit in order, then
	// publishes its live messages and acknowledges it. Its queue bounds how
	// far applying runs ahead. Without one, the projector does that itself
	// (see handOver).
	p.commits = make(chan inflight, pipelineDepth)
	failed := make(chan error, 1)
	p.mu.Lock()
	p.pub = &publisher{p: p, failed: failed}
	p.mu.Unlock()
	published := make(chan struct{})
	go func() {
		defer close(published)
		for c := range p.commits {
			p.pub.finish(c)
			p.queued.Add(-1)
		}
	}()
	defer func() {
		close(p.commits)
		<-published // every commit handed to Badger is waited for
		p.mu.Lock()
		p.setSnapshot(nil)
		p.mu.Unlock()
		p.offerFresh(nil)
	}()

	batch := make([]*decoded, 0, p.cfg.MaxBatch)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-failed:
			return err
		case m := <-msgs:
			batch = append(batch[:0], m)
		drain:
			for len(batch) < p.cfg.MaxBatch {
				select {
				case m := <-msgs:
					batch = append(batch, m)
				default:
					break drain
				}
			}
			if err := p.applyBatch(batch); err != nil {
				return err
			}
		}
	}
}

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
// lets go of mu (see unlock). Waiting there costs the next batch little,
// and saves the two goroutine switches of the hand-over; under a backlog
// the publisher overlaps commits with applying, which throughput needs.
// Only Run's goroutine hands over, so a commit left to it finds the
// publisher idle, and the order holds. Called with mu held.
func (p *Projector) handOver(c inflight) {
	if p.pub == nil || len(p.direct) == 0 && (p.queued.Load() != 0 || len(p.incoming) >= p.cfg.MaxBatch) {
		p.queued.Add(1)
		p.commits <- c
		return
	}
	if c.wait != nil {
		p.stats.Direct.Add(1)
	}
	p.direct = append(p.direct, c)
}

// unlock lets go of mu, then finishes the commits handOver left to this
// goroutine, and returns a failed commit's error. Waiting for a commit, or
// publishing, with mu held would keep every reader waiting too (views, a
// new subscriber's snapshot, which the hub takes with a topic's lock held).
func (p *Projector) unlock() error {
	direct := p.direct
	p.direct = nil
	p.mu.Unlock()
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
// recent ids hold (maxRecent), so each of them is found in memory. A
// snapshot after every commit made each batch published directly wait for
// Badger to mark that commit done, 84 µs on average at 10k clients (an
// execution trace of e2e/load), before the next batch could begin.
const snapshotEvery = maxRecent / 10

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

// checkReady is called with mu held (or before Run's loop).
func (p *Projector) checkReady() {
	if !p.ready.Load() && p.lastSeq >= p.target.Load() {
		p.ready.Store(true)
		p.log.Info("projection caught up", "seq", p.lastSeq)
	}
}

// pending is the part of a batch not yet committed: the writes and the
// live messages they will produce.
type pending struct {
	b   *store.Batch
	out *outbox
}

func newPending() pending { return pending{b: store.NewBatch(), out: newOutbox()} }

// decoded is one stored message, decoded before its batch is applied, so
// that the batch's event ids are looked up in the store at once.
type decoded struct {
	msg     jetstream.Msg
	seq     uint64    // 0: the message had no metadata, and is skipped
	stored  time.Time // when the stream stored it
	org     string
	control bool
	ev      scoring.Event // when !control and err is nil
	err     error         // why an event did not decode; it is counted and skipped
	data    []byte
}

// decodeMessage reads a message's sequence, org and event. It uses nothing
// of the projection, so it runs on the consumer's goroutine.
func (p *Projector) decodeMessage(m jetstream.Msg) *decoded {
	d := &decoded{msg: m, data: m.Data()}
	meta, err := m.Metadata()
	if err != nil {
		p.log.Error("projector: message without metadata", "err", err)
		return d
	}
	d.seq, d.stored = meta.Sequence.Stream, meta.Timestamp
	d.org, d.control = bus.Split(m.Subject())
	if !d.control {
		d.err = json.Unmarshal(d.data, &d.ev)
	}
	return d
}

// decodeBatch leaves out what was applied before, and finds which of the
// batch's event ids the store's processed-event index already holds
// (duplicates older than the stream's dedupe window): one read transaction
// per org and batch instead of one per event. Called with mu held.
func (p *Projector) decodeBatch(msgs []*decoded) ([]*decoded, map[string]map[string]bool) {
	out := make([]*decoded, 0, len(msgs))
	ids := map[string][]string{}
	for _, d := range msgs {
		if d.seq <= p.lastSeq {
			continue // applied before a restart, redelivered, or without metadata
		}
		out = append(out, d)
		if d.control {
			continue
		}
		if d.err != nil {
			p.stats.Bad.Add(1)
			p.log.Error("projector: undecodable stored event", "org", d.org, "seq", d.seq, "err", d.err)
			continue
		}
		if o, ok := p.orgs[d.org]; !ok || !o.applied(d.ev.ID) {
			ids[d.org] = append(ids[d.org], d.ev.ID)
		}
	}
	stored := make(map[string]map[string]bool, len(ids))
	if s := p.takeFresh(); s != nil {
		p.setSnapshot(s)
	}
	for org, list := range ids {
		if p.seen == nil { // the first batch
			p.setSnapshot(p.cfg.Store.Snapshot())
		}
		seen, err := p.seen.Seen(org, list)
		if err != nil {
			// The stream's dedupe window still holds; better to score than to stall.
			p.log.Warn("projector: processed-event index", "org", org, "err", err)
			continue
		}
		stored[org] = seen
	}
	return out, stored
}

// setSnapshot replaces the snapshot the processed-event lookups read, closing
// the one before. Called with mu held.
func (p *Projector) setSnapshot(s *store.Snapshot) {
	if p.seen != nil {
		p.seen.Close()
	}
	p.seen = s
}

// offerFresh leaves a new snapshot for the next batch, closing one that no
// batch took.
func (p *Projector) offerFresh(s *store.Snapshot) {
	p.freshMu.Lock()
	defer p.freshMu.Unlock()
	if p.fresh != nil {
		p.fresh.Close()
	}
	p.fresh = s
}

// takeFresh returns the publisher's latest snapshot, if there is one no
// batch has taken.
func (p *Projector) takeFresh() *store.Snapshot {
	p.freshMu.Lock()
	defer p.freshMu.Unlock()
	s := p.fresh
	p.fresh = nil
	return s
}

// applyBatch applies, commits, acknowledges and publishes one batch. A tick
// in the middle commits what came before it and is committed on its own,
// in parts when it touches many agents.
func (p *Projector) applyBatch(msgs []*decoded) (err error) {
	p.mu.Lock()
	defer func() { err = errors.Join(err, p.unlock()) }()
	batch, stored := p.decodeBatch(msgs)
	pend := newPending()
	for _, d := range batch {
		seq := d.seq
		if !d.control {
			if d.err == nil {
				p.apply(pend, d.org, d.ev, seq, d.stored, stored[d.org])
			}
		} else if c, ok := p.decodeControl(d.org, d.data, seq); ok && c.Kind == bus.ControlTick {
			if err := p.flush(pend); err != nil {
				return err
			}
			pend = newPending()
			if err := p.tick(d.org, c, seq); err != nil {
				return err
			}
			p.lastSeq = seq
			continue
		} else if ok {
			p.control(pend, d.org, c, seq)
		}
		p.lastSeq = seq
		pend.b.Seq = seq
		// Commit before the records outgrow one Badger transaction.
		if p.cfg.Store.CommitFull(pend.b) {
			if err := p.flush(pend); err != nil {
				return err
			}
			pend = newPending()
		}
	}
	if err := p.flush(pend); err != nil {
		return err
	}
	p.checkReady()
	// With AckAll, acknowledging the last message acknowledges the batch;
	// it goes after the batch's last commit.
	p.handOver(inflight{ack: msgs[len(msgs)-1].msg})
	return nil
}

// flush hands pending writes to the store and queues their live messages,
// built now from the state they leave, for after the commit. Called with
// mu held.
func (p *Projector) flush(pend pending) error {
	if pend.b.Seq == 0 {
		return nil
	}
	// The records go to Badger first, and its writer commits them while
	// this goroutine ranks and builds the live messages, which only read
	// the state the batch left. A failed hand-over stops the projection
	// before any view is built for messages never sent.
	wait, err := p.cfg.Store.CommitAsync(pend.b)
	if err != nil {
		return fmt.Errorf("projector: %w", err)
	}
	p.rankBatch(pend.b)
	msgs, views := pend.out.build(p)
	p.reuseOutcomes()
	p.handOver(inflight{wait: wait, seq: pend.b.Seq, live: msgs, views: views, stored: pend.out.stored})
	return nil
}

// maxKeptOutcomes bounds the outcomes slice kept for the next flush: a
// catch-up batch's would be megabytes.
const maxKeptOutcomes = 1024

// reuseOutcomes empties the outcomes slice for the next flush, once the
// outbox that points into it is built. Called with mu held.
func (p *Projector) reuseOutcomes() {
	if cap(p.outcomes) > maxKeptOutcomes {
		p.outcomes = nil
		return
	}
	clear(p.outcomes) // the strings in them need not outlive the batch
	p.outcomes = p.outcomes[:0]
}

// apply applies one stored event; stored are the batch's event ids the
// processed-event index holds. Called with mu held.
func (p *Projector) apply(pend pending, orgID string, ev scoring.Event, seq uint64, storedAt time.Time, stored map[string]bool) {
	b, out := pend.b, pend.out
	o, err := p.loadOrg(orgID)
	if err != nil {
		p.stats.Bad.Add(1)
		p.log.Error("projector: event for an org that cannot be loaded", "org", orgID, "seq", seq, "err", err)
		return
	}
	if o.applied(ev.ID) || stored[ev.ID] {
		p.stats.Skipped.Add(1)
		return
	}
	o.remember(ev.ID)
	b.Events = append(b.Events, store.EventRef{Org: orgID, ID: ev.ID, Seq: seq})
	out.stored = append(out.stored, storedAt)

	a := o.agent(ev.Agent)
	if ev.Team != "" && ev.Team != a.State.Team {
		o.moveAgent(a, ev.Team)
	}
	var t *store.TeamRecord
	if team := teamOf(a, ev); team != "" {
		t = o.team(team)
	}
	var ts *scoring.TeamState
	var teamBefore map[string]scoring.Totals
	if t != nil {
		ts = &t.State
		o.teamBefore = snapshotTotalsInto(o.teamBefore, t.State.Periods)
		teamBefore = o.teamBefore
	}
	o.agentBefore = snapshotTotalsInto(o.agentBefore, a.State.Periods)
	agentBefore := o.agentBefore
	// The outcomes of the events flushed together share one slice (see
	// Projector.outcomes).
	all := o.engine.ApplyOrgTo(p.outcomes, &o.rec.State, &a.State, ts, ev)
	outcomes := all[len(p.outcomes):]
	p.outcomes = all
	if o.learn(ev) {
		b.Orgs[orgID] = o.rec
	}
	p.stats.Events.Add(1)
	o.touchAgent(a, agentBefore, seq)
	b.Agents[orgID+"/"+a.State.ID] = a
	if t != nil {
		o.touchTeam(t, teamBefore, seq)
		b.Teams[orgID+"/"+t.State.ID] = t
	}
	for _, oc := range outcomes {
		if oc.Kind == scoring.OutcomeRuleError {
			p.stats.RuleErrors.Add(1)
			o.ruleError(oc, seq)
		}
	}
	out.add(o, a, t, seq, outcomes)
}

// decodeControl decodes a control message, counting one that cannot be.
func (p *Projector) decodeControl(orgID string, data []byte, seq uint64) (bus.Control, bool) {
	var c bus.Control
	if err := json.Unmarshal(data, &c); err != nil {
		p.stats.Bad.Add(1)
		p.log.Error("projector: undecodable control message", "org", orgID, "seq", seq, "err", err)
		return c, false
	}
	return c, true
}

// control applies a ruleset or launch control message. Called with mu held.
func (p *Projector) control(pend pending, orgID string, c bus.Control, seq uint64) {
	o, err := p.loadOrg(orgID)
	if err != nil {
		p.stats.Bad.Add(1)
		p.log.Error("projector: control for an org that cannot be loaded", "org", orgID, "seq", seq, "err", err)
		return
	}
	switch c.Kind {
	case bus.ControlRuleset:
		eng, err := compileVersion(p.cfg.Store, orgID, c.Version)
		if err != nil {
			// Publishing compiles first, so this means a damaged store;
			// scoring on with the version in force beats stalling.
			p.stats.Bad.Add(1)
			p.log.Error("projector: ruleset version cannot be put in force", "org", orgID, "version", c.Version, "err", err)
			return
		}
		o.setEngine(eng, c.Version)
		pend.b.Active[orgID] = c.Version
		p.log.Info("ruleset in force", "org", orgID, "version", c.Version, "seq", seq)
	case bus.ControlLaunch:
		if c.Launch == nil {
			p.stats.Bad.Add(1)
			return
		}
		inst, err := o.engine.Launch(&o.rec.State, *c.Launch)
		if err != nil {
			// The API launched the same request on a copy before publishing,
			// so only a ruleset change in between can refuse it now.
			p.stats.RuleErrors.Add(1)
			p.log.Warn("projector: challenge launch refused", "org", orgID, "id", c.Launch.ID, "err", err)
			return
		}
		pend.b.Orgs[orgID] = o.rec
		pend.out.launched(o, inst, seq)
	default:
		p.log.Warn("projector: unknown control message", "kind", c.Kind, "seq", seq)
	}
}

// tickPart bounds the records one transaction of a tick writes, well under
// Badger's transaction limit.
const tickPart = 256

// tick tells every agent, then every team, then the org what time it is,
// in id order as scoring.World does, and commits the states that changed in
// parts; only the last part carries the sequence. Ticks are harmless to
// apply twice, so a crash between parts only repeats some of the tick.
// Called with mu held.
func (p *Projector) tick(orgID string, c bus.Control, seq uint64) error {
	o, err := p.loadOrg(orgID)
	if err != nil {
		p.stats.Bad.Add(1)
		p.log.Error("projector: tick for an org that cannot be loaded", "org", orgID, "seq", seq, "err", err)
		return nil
	}
	tk := scoring.Tick{ID: c.ID, Time: c.Time}
	part := newPending()
	commitPart := func() error {
		if len(part.b.Agents)+len(part.b.Teams) < tickPart {
			return nil
		}
		p.rankBatch(part.b)
		if err := p.cfg.Store.Commit(part.b); err != nil {
			return fmt.Errorf("projector: tick part: %w", err)
		}
		part.b = store.NewBatch()
		return nil
	}
	for _, id := range slices.Sorted(maps.Keys(o.agents)) {
		a := o.agents[id]
		totals := snapshotTotals(a.State.Periods)
		outs, changed := o.engine.Tick(&a.State, tk)
		if changed {
			o.touchAgent(a, totals, seq)
			part.b.Agents[orgID+"/"+id] = a
		}
		if len(outs) > 0 {
			part.out.add(o, a, nil, seq, outs)
		}
		if err := commitPart(); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(o.teams)) {
		t := o.teams[id]
		totals := snapshotTotals(t.State.Periods)
		outs, changed := o.engine.TickTeam(&t.State, tk)
		if changed {
			o.touchTeam(t, totals, seq)
			part.b.Teams[orgID+"/"+id] = t
		}
		if len(outs) > 0 {
			part.out.addTeam(o, t, seq, outs)
		}
		if err := commitPart(); err != nil {
			return err
		}
	}
	o.engine.TickOrg(&o.rec.State, tk)
	part.b.Orgs[orgID] = o.rec
	part.b.Seq = seq
	return p.flush(part)
}

func teamOf(a *store.AgentRecord, ev scoring.Event) string {
	if ev.Team != "" {
		return ev.Team
	}
	return a.State.Team
}
