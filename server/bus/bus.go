package bus

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"scorecast/scoring"
	"scorecast/server/store"
)

// StreamName is the JetStream stream that holds every ingested event; it is
// the source of truth from which the Badger projection can be rebuilt.
const StreamName = "EVENTS"

// ConsumerName is the projector's durable consumer.
const ConsumerName = "projector"

// Config configures the embedded NATS server.
type Config struct {
	// Dir is where JetStream keeps its files (required).
	Dir string
	// Port is the client port; 0 (the default) opens none and allows only
	// in-process connections; -1 picks a free port on 127.0.0.1.
	Port int
	// SyncAlways makes JetStream fsync every write, so an acknowledged event
	// survives a power loss, not only a process crash. Default false.
	SyncAlways bool
	// Duplicates is the stream's dedupe window; default 2 minutes.
	Duplicates time.Duration
	// Logger receives the bus's own log lines; default slog.Default().
	Logger *slog.Logger
}

// Bus is a running embedded NATS server, connections to it and the event
// stream. Ingest and administration, and the projector, each have a
// connection of their own: one connection's traffic goes through one
// reading goroutine on each side, so with one for both, the projector's
// deliveries and ingest's acknowledgements queued behind each other.
type Bus struct {
	ns     *server.Server
	nc     *nats.Conn // ingest and administration
	js     jetstream.JetStream
	stream jetstream.Stream
	proj   *nats.Conn // the projector's consumer
	projJS jetstream.JetStream
	log    *slog.Logger
}

// ErrNotReady is returned when JetStream did not come up before the context ended.
var ErrNotReady = errors.New("bus: jetstream not ready")

// Open starts the embedded server, connects to it in-process and creates (or
// updates) the event stream.
func Open(ctx context.Context, cfg Config) (*Bus, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Duplicates == 0 {
		cfg.Duplicates = 2 * time.Minute
	}
	opts := &server.Options{
		ServerName: "scorecast",
		JetStream:  true,
		StoreDir:   filepath.Join(cfg.Dir),
		// Our own signal handling closes Badger before the process ends.
		NoSigs:     true,
		NoLog:      true,
		MaxPayload: maxPayload,
	}
	switch {
	case cfg.Port == 0:
		opts.DontListen = true
	case cfg.Port < 0:
		opts.Host, opts.Port = "127.0.0.1", server.RANDOM_PORT
	default:
		opts.Host, opts.Port = "127.0.0.1", cfg.Port
	}
	if cfg.SyncAlways {
		opts.SyncAlways = true
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("bus: new nats server: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, fmt.Errorf("bus: nats server did not start: %w", ErrNotReady)
	}
	b := &Bus{ns: ns, log: cfg.Logger}
	for _, c := range []struct {
		conn **nats.Conn
		name string
	}{{&b.nc, "scorecast"}, {&b.proj, "scorecast projector"}} {
		*c.conn, err = nats.Connect("", nats.InProcessServer(ns), nats.Name(c.name), nats.MaxReconnects(-1))
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("bus: connect in-process (%s): %w", c.name, err)
		}
	}
	if b.js, err = jetstream.New(b.nc); err == nil {
		b.projJS, err = jetstream.New(b.proj)
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("bus: jetstream context: %w", err)
	}
	if err := b.ensureStream(ctx, cfg); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// ensureStream retries while JetStream still answers "not enabled" for a
// moment after the server reports ready.
func (b *Bus) ensureStream(ctx context.Context, cfg Config) error {
	sc := jetstream.StreamConfig{
		Name:        StreamName,
		Description: "every ingested event, the source of truth",
		Subjects:    []string{"events.>", "control.>"},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Duplicates:  cfg.Duplicates,
	}
	delay := 20 * time.Millisecond
	for {
		s, err := b.js.CreateOrUpdateStream(ctx, sc)
		if err == nil {
			b.stream = s
			return nil
		}
		b.log.Debug("stream not ready yet", "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("bus: create stream %s: %w (last error: %v)", StreamName, ErrNotReady, err)
		case <-time.After(delay):
		}
		delay = min(delay*2, 500*time.Millisecond)
	}
}

// ClientURL is the client URL when a port was asked for, else "".
func (b *Bus) ClientURL() string {
	if b.ns.Addr() == nil {
		return ""
	}
	return b.ns.ClientURL()
}

// Subject is the stream subject of an org's events.
func Subject(org string) string { return "events." + org }

// ControlSubject is the stream subject of an org's control messages.
func ControlSubject(org string) string { return "control." + org }

// Split returns the org of a stream subject and whether the message is a
// control message rather than an event.
func Split(subject string) (org string, control bool) {
	if o, ok := strings.CutPrefix(subject, "events."); ok {
		return o, false
	}
	if o, ok := strings.CutPrefix(subject, "control."); ok {
		return o, true
	}
	return "", false
}

// Control is a change of the game that must happen at one point of the
// stream, so that a replay applies it at the same place: a newly published
// ruleset version scores the events after it and no event before it.
type Control struct {
	ID      string                 `json:"id"`   // idempotency key, used as Nats-Msg-Id
	Kind    string                 `json:"kind"` // ControlRuleset, ControlTick, ControlLaunch, ControlOrg
	Time    time.Time              `json:"time"`
	Version int                    `json:"version,omitempty"`
	Launch  *scoring.LaunchRequest `json:"launch,omitempty"`
	// Change is what a roster or ruleset control message writes: people,
	// teams, settings, a ruleset version (secrets only as hashes).
	Change *store.OrgChange `json:"change,omitempty"`
	// Rewards is a command of recognition and rewards (kind
	// ControlRewards): kudos, the store, redemptions, wallets, spotlights.
	Rewards *store.RewardsCommand `json:"rewards,omitempty"`
	// Rota is a change of the org's rota (kind ControlRota): days off,
	// sick and on holiday, which streaks read in stream order.
	Rota *scoring.RotaChange `json:"rota,omitempty"`
}

// Control kinds.
const (
	// ControlRuleset puts a published ruleset version in force.
	ControlRuleset = "ruleset"
	// ControlTick tells the engine what time it is: periods roll, streaks
	// break and challenges end on ticks, never on the wall clock.
	ControlTick = "tick"
	// ControlLaunch launches an ad hoc challenge from a template.
	ControlLaunch = "launch"
	// ControlOrg changes an org's people, teams or settings, or creates the
	// org (Control.Change).
	ControlOrg = "org"
	// ControlRewards carries a command of recognition and rewards
	// (Control.Rewards), decided by the projector in stream order so that
	// parallel requests on any node meet the same allowance, stock and
	// balance.
	ControlRewards = "rewards"
	// ControlRota puts and deletes days of the org's rota (Control.Rota).
	ControlRota = "rota"
)

// PublishRewards stores a rewards command with id as its Nats-Msg-Id and
// returns its stream sequence and whether the stream had it already (a
// retry within the dedupe window: the sequence is the first one's).
func (b *Bus) PublishRewards(ctx context.Context, org, id string, at time.Time, cmd store.RewardsCommand) (uint64, bool, error) {
	data, err := json.Marshal(Control{ID: id, Kind: ControlRewards, Time: at, Rewards: &cmd})
	if err != nil {
		return 0, false, fmt.Errorf("bus: encode rewards command: %w", err)
	}
	m := &nats.Msg{Subject: ControlSubject(org), Data: data, Header: nats.Header{}}
	m.Header.Set(jetstream.MsgIDHeader, id)
	ack, err := b.js.PublishMsg(ctx, m)
	if err != nil {
		return 0, false, fmt.Errorf("bus: publish rewards command %s: %w", id, err)
	}
	return ack.Sequence, ack.Duplicate, nil
}

// maxPayload bounds one stream message: a control message carries a whole
// roster import (10,000 people with password hashes is a few megabytes).
const maxPayload = 8 << 20

// MaxControlBytes is the largest control message PublishControl takes,
// with room under maxPayload for the headers.
const MaxControlBytes = maxPayload - 64<<10

// ErrTooBig is returned for a control message over MaxControlBytes.
var ErrTooBig = errors.New("bus: control message too big")

// PublishControl stores a control message in the stream and returns its
// stream sequence.
func (b *Bus) PublishControl(ctx context.Context, org string, c Control) (uint64, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return 0, fmt.Errorf("bus: encode control: %w", err)
	}
	if len(data) > MaxControlBytes {
		return 0, fmt.Errorf("bus: control %s is %d bytes, over %d: %w", c.ID, len(data), MaxControlBytes, ErrTooBig)
	}
	m := &nats.Msg{Subject: ControlSubject(org), Data: data, Header: nats.Header{}}
	m.Header.Set(jetstream.MsgIDHeader, c.ID)
	ack, err := b.js.PublishMsg(ctx, m)
	if err != nil {
		return 0, fmt.Errorf("bus: publish control %s: %w", c.ID, err)
	}
	return ack.Sequence, nil
}

// PublishChange stores an org change as a control message of kind
// ControlOrg and returns its stream sequence. id is its idempotency key; an
// empty id gets a random one.
func (b *Bus) PublishChange(ctx context.Context, org, id string, ch store.OrgChange) (uint64, error) {
	if id == "" {
		var r [12]byte
		if _, err := rand.Read(r[:]); err != nil {
			return 0, fmt.Errorf("bus: change id: %w", err)
		}
		id = "org-" + org + "-" + base64.RawURLEncoding.EncodeToString(r[:])
	}
	ch.Org = org
	return b.PublishControl(ctx, org, Control{ID: id, Kind: ControlOrg, Time: time.Now().UTC(), Change: &ch})
}

// LastSeq is the stream's last sequence right now.
func (b *Bus) LastSeq(ctx context.Context) (uint64, error) {
	info, err := b.stream.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("bus: stream info: %w", err)
	}
	return info.State.LastSeq, nil
}

// Message is one event to publish.
type Message struct {
	Org  string
	ID   string // the event id, used as Nats-Msg-Id
	Data []byte
}

// PublishResult counts what the stream did with a batch.
type PublishResult struct {
	Stored     int
	Duplicates int
}

// Publish stores every message in the stream and returns once the stream has
// acknowledged all of them. On error some may have been stored already;
// publishing the same batch again is safe because of the dedupe window.
func (b *Bus) Publish(ctx context.Context, msgs []Message) (PublishResult, error) {
	var res PublishResult
	futures := make([]jetstream.PubAckFuture, 0, len(msgs))
	for _, m := range msgs {
		nm := &nats.Msg{Subject: Subject(m.Org), Data: m.Data, Header: nats.Header{}}
		nm.Header.Set(jetstream.MsgIDHeader, m.ID)
		f, err := b.js.PublishMsgAsync(nm)
		if err != nil {
			return res, fmt.Errorf("bus: publish event %q: %w", m.ID, err)
		}
		futures = append(futures, f)
	}
	for i, f := range futures {
		select {
		case ack := <-f.Ok():
			if ack.Duplicate {
				res.Duplicates++
			} else {
				res.Stored++
			}
		case err := <-f.Err():
			return res, fmt.Errorf("bus: publish event %q: %w", msgs[i].ID, err)
		case <-ctx.Done():
			return res, fmt.Errorf("bus: publish: %w", ctx.Err())
		}
	}
	return res, nil
}

// Consumer returns the projector's durable consumer, made to start at
// startSeq, the first sequence the projection has not applied.
func (b *Bus) Consumer(ctx context.Context, startSeq uint64) (jetstream.Consumer, error) {
	cc := jetstream.ConsumerConfig{
		Durable:       ConsumerName,
		AckPolicy:     jetstream.AckAllPolicy,
		MaxAckPending: 50_000,
		AckWait:       time.Minute,
	}
	if startSeq > 1 {
		cc.DeliverPolicy = jetstream.DeliverByStartSequencePolicy
		cc.OptStartSeq = startSeq
	}
	// The projection's store, not the consumer, knows where to start: a
	// consumer left from an earlier run may have acknowledged messages a
	// lost or restored store never applied (it would skip them), or hold
	// unacknowledged ones back until their ack wait ends. It is made anew.
	if err := b.stream.DeleteConsumer(ctx, ConsumerName); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, fmt.Errorf("bus: reset consumer: %w", err)
	}
	// Made on the projector's connection, which its messages then come on.
	// Right after the delete, the server may still be removing the old
	// consumer's files under the new one's (a rename fails): retry a while.
	delay := 10 * time.Millisecond
	for attempt := 1; ; attempt++ {
		c, err := b.projJS.CreateConsumer(ctx, StreamName, cc)
		if err == nil {
			return c, nil
		}
		if attempt == 5 || ctx.Err() != nil {
			return nil, fmt.Errorf("bus: create consumer: %w", err)
		}
		b.log.Debug("consumer not created yet", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(delay):
		}
		delay *= 2
	}
}

// Close drains the connections and stops the server.
func (b *Bus) Close() {
	for _, nc := range []*nats.Conn{b.nc, b.proj} {
		if nc != nil {
			_ = nc.Drain()
			nc.Close()
		}
	}
	if b.ns != nil {
		b.ns.Shutdown()
		b.ns.WaitForShutdown()
	}
}
