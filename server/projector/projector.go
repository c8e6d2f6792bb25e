package projector

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/live"
	"scorecast/server/projection"
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
	State *projection.State
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

var _ Feed = (*live.Hub)(nil)

// everyTopic is the default Feed: it watches everything and sends nothing.
type everyTopic struct{}

func (everyTopic) Watching(string, string) bool   { return true }
func (everyTopic) Publish(string, []live.Message) {}
func (everyTopic) Durable(uint64)                 {}

// Projector consumes the stream, applies it to its State and commits it
// to the store. The State's views are its methods too, for the API.
type Projector struct {
	*projection.State
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
	// overflow are the commits handOver had no room for, to queue once the
	// State is unlocked (see unlock). Guarded by the State's lock.
	overflow []inflight
	// spare are views whose messages are published, to build the next into
	// (see spareView).
	spareMu sync.Mutex
	spare   []*shared.AgentView
	// scratch is each org's for building live messages, and agentBefore
	// and teamBefore are apply's: the totals an event found, to stamp the
	// periods it changed. Used with the State locked for writing.
	scratch                 map[string]*scratch
	agentBefore, teamBefore map[string]scoring.Totals
	// outcomes are the outcomes of the events applied since the last
	// flush; its outbox points into them until it is built. One slice
	// saves an allocation or three per event. An append that moves it
	// leaves the pointers at the same values. Guarded by the State's lock.
	outcomes []scoring.Outcome
	// seen is a view of the store for a batch's lookups in the processed-
	// event index: the events applied since it was taken are in every org's
	// recent ids (see projection.Org.Remember). The publisher takes a new one after
	// each commit and leaves it in fresh for the next batch: a Badger
	// transaction begins by waiting for every commit in flight.
	seen    *store.Snapshot
	freshMu sync.Mutex
	fresh   *store.Snapshot

	// applied is closed and forgotten after each batch, to wake
	// WaitApplied; nil while nobody waits. appliedMu is a leaf.
	appliedMu sync.Mutex
	applied   chan struct{}

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
	// Rewards counts rewards commands decided, and RewardsRefused those of
	// them refused (allowance, balance, stock, ...).
	Rewards        atomic.Uint64
	RewardsRefused atomic.Uint64
	// Credits counts ledger entries of coins earned by the rules.
	Credits atomic.Uint64
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
		s, err := projection.LoadState(cfg.Store, cfg.Now)
		if err != nil {
			return nil, err
		}
		cfg.State = s
	}
	return &Projector{State: cfg.State, cfg: cfg, log: cfg.Logger, scratch: map[string]*scratch{}}, nil
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
	p.Lock()
	p.checkReady()
	p.Unlock()
	cons, err := p.cfg.Bus.Consumer(ctx, p.LastSeq()+1)
	if err != nil {
		return err
	}
	// Each message is decoded as it arrives, on the consumer's goroutine,
	// while the projector applies the batch before: decoding needs nothing
	// of the projection.
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

	// Batches are committed while the next one is applied: the publisher
	// waits for each commit in order, then publishes its live messages and
	// acknowledges it. Its queue bounds how far applying runs ahead.
	p.commits = make(chan inflight, pipelineDepth)
	failed := make(chan error, 1)
	p.Lock()
	p.pub = &publisher{p: p, failed: failed}
	p.Unlock()
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
		p.Lock()
		p.setSnapshot(nil)
		p.Unlock()
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
			err := p.applyBatch(batch)
			p.notifyApplied()
			if err != nil {
				return err
			}
		}
	}
}

// checkReady is called with the State locked (or before Run's loop).
func (p *Projector) checkReady() {
	if !p.ready.Load() && p.Seq() >= p.target.Load() {
		p.ready.Store(true)
		p.log.Info("projection caught up", "seq", p.Seq())
	}
}

// Names of the projection that the API knows from here.
const (
	DefaultBoardLimit = projection.DefaultBoardLimit
	MaxBoardLimit     = projection.MaxBoardLimit
)

// Errors of the projection's views, as the API knows them from here.
var (
	ErrUnknownOrg = projection.ErrUnknownOrg
	ErrNotFound   = projection.ErrNotFound
)

// RuleProblem is the projection's count of a rule's failures.
type RuleProblem = projection.RuleProblem

// WaitApplied returns once the projection has applied the stream up to
// seq, or with ctx's error: what a change's publisher waits for before it
// reads what the change wrote. It is woken by each applied batch rather
// than polling: a redemption waits for its command's decision, and a poll
// every few milliseconds was most of its answer's time.
func (p *Projector) WaitApplied(ctx context.Context, seq uint64) error {
	for {
		wake := p.appliedSignal()
		if p.LastSeq() >= seq {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		}
	}
}

// appliedSignal is a channel closed when the next batch is applied.
func (p *Projector) appliedSignal() <-chan struct{} {
	p.appliedMu.Lock()
	defer p.appliedMu.Unlock()
	if p.applied == nil {
		p.applied = make(chan struct{})
	}
	return p.applied
}

// notifyApplied wakes the WaitApplied calls waiting for a batch; called
// after each batch, with the State unlocked. A batch nobody waits for
// costs a lock and nothing else.
func (p *Projector) notifyApplied() {
	p.appliedMu.Lock()
	defer p.appliedMu.Unlock()
	if p.applied != nil {
		close(p.applied)
		p.applied = nil
	}
}

// WaitReady returns once the projection has caught up with the stream as
// it was when Run started, or with ctx's error.
func (p *Projector) WaitReady(ctx context.Context) error { return until(ctx, p.Ready) }

// until polls done until it holds or ctx ends. A poll, not a signal: it is
// waited on once per request that changes something, never per event.
func until(ctx context.Context, done func() bool) error {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !done() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	return nil
}

// Decision is the projection's decision of a rewards command, as the API
// knows it from here.
type Decision = projection.Decision

// KudosFilter selects kudos for a list, as the API knows it from here.
type KudosFilter = projection.KudosFilter

// MaxRecentLedger is how many ledger entries a wallet's view can list.
const MaxRecentLedger = projection.MaxRecentLedger

// SpotlightPeriod reports whether a spotlight's period is a month or an
// ISO week, and which.
func SpotlightPeriod(period string) (string, bool) { return projection.SpotlightPeriod(period) }
