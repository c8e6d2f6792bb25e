package projector

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/projection"
	"scorecast/server/store"
)

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

// dedupeBatch leaves out what was applied before, and finds which of the
// batch's event ids the store's processed-event index already holds
// (duplicates older than the stream's dedupe window): one read transaction
// per org and batch instead of one per event. Called with the State locked.
func (p *Projector) dedupeBatch(msgs []*decoded) ([]*decoded, map[string]map[string]bool) {
	out := make([]*decoded, 0, len(msgs))
	ids := map[string][]string{}
	for _, d := range msgs {
		if d.seq <= p.Seq() {
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
		if !p.State.Applied(d.org, d.ev.ID) {
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
// the one before. Called with the State locked.
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
	p.Lock()
	defer p.unlock()
	batch, stored := p.dedupeBatch(msgs)
	pend := newPending()
	for _, d := range batch {
		seq := d.seq
		if !d.control {
			if d.err == nil {
				p.apply(pend, d.org, d.ev, seq, d.stored, stored[d.org])
			}
		} else if c, ok := p.decodeControl(d.org, d.data, seq); ok && (c.Kind == bus.ControlTick || c.Change != nil) {
			// A tick and an org change are committed on their own, after
			// what came before them.
			if err := p.flush(pend); err != nil {
				return err
			}
			pend = newPending()
			alone := p.tick
			if c.Change != nil {
				alone = p.applyChange
			}
			if err := alone(d.org, c, seq); err != nil {
				return err
			}
			p.SetSeq(seq)
			continue
		} else if ok && c.Kind == bus.ControlRewards {
			p.rewardsCommand(pend, d.org, c, seq, d.stored)
		} else if ok {
			p.control(pend, d.org, c, seq)
		}
		p.SetSeq(seq)
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
// the State locked.
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
	p.Rank(pend.b)
	msgs, views := pend.out.build(p)
	p.reuseOutcomes()
	p.handOver(inflight{wait: wait, seq: pend.b.Seq, live: msgs, views: views, stored: pend.out.stored})
	return nil
}

// maxKeptOutcomes bounds the outcomes slice kept for the next flush: a
// catch-up batch's would be megabytes.
const maxKeptOutcomes = 1024

// reuseOutcomes empties the outcomes slice for the next flush, once the
// outbox that points into it is built. Called with the State locked.
func (p *Projector) reuseOutcomes() {
	if cap(p.outcomes) > maxKeptOutcomes {
		p.outcomes = nil
		return
	}
	clear(p.outcomes) // the strings in them need not outlive the batch
	p.outcomes = p.outcomes[:0]
}

// apply applies one stored event; stored are the batch's event ids the
// processed-event index holds. Called with the State locked.
func (p *Projector) apply(pend pending, orgID string, ev scoring.Event, seq uint64, storedAt time.Time, stored map[string]bool) {
	b, out := pend.b, pend.out
	o, err := p.Org(orgID)
	if err != nil {
		p.stats.Bad.Add(1)
		p.log.Error("projector: event for an org that cannot be loaded", "org", orgID, "seq", seq, "err", err)
		return
	}
	if o.Applied(ev.ID) || stored[ev.ID] {
		p.stats.Skipped.Add(1)
		return
	}
	o.Remember(ev.ID)
	b.Events = append(b.Events, store.EventRef{Org: orgID, ID: ev.ID, Seq: seq})
	out.stored = append(out.stored, storedAt)

	a := o.Agent(ev.Agent)
	if ev.Team != "" && ev.Team != a.State.Team {
		o.MoveAgent(a, ev.Team)
	}
	var t *store.TeamRecord
	if team := teamOf(a, ev); team != "" {
		t = o.Team(team)
	}
	var ts *scoring.TeamState
	var teamBefore map[string]scoring.Totals
	if t != nil {
		ts = &t.State
		p.teamBefore = snapshotTotalsInto(p.teamBefore, t.State.Periods)
		teamBefore = p.teamBefore
	}
	p.agentBefore = snapshotTotalsInto(p.agentBefore, a.State.Periods)
	agentBefore := p.agentBefore
	// The outcomes of the events flushed together share one slice (see
	// Projector.outcomes).
	members := o.Record().State.LeagueMembers()
	all := o.Engine().ApplyOrgTo(p.outcomes, &o.Record().State, &a.State, ts, ev)
	outcomes := all[len(p.outcomes):]
	p.outcomes = all
	// A newcomer joining the league changes the org record too.
	if learned := o.Learn(ev); learned || o.Record().State.LeagueMembers() != members {
		b.Orgs[orgID] = o.Record()
	}
	p.stats.Events.Add(1)
	o.TouchAgent(a, agentBefore, seq)
	o.NoteHistory(a, ev.Time, outcomes)
	b.Agents[orgID+"/"+a.State.ID] = a
	if t != nil {
		o.TouchTeam(t, teamBefore, seq)
		b.Teams[orgID+"/"+t.State.ID] = t
	}
	for _, oc := range outcomes {
		if oc.Kind == scoring.OutcomeRuleError {
			p.stats.RuleErrors.Add(1)
			o.RuleError(oc, seq)
		}
	}
	p.credit(pend, o, &ev, outcomes, seq)
	out.add(o, a, t, seq, outcomes)
	p.coop(pend, o, &ev, outcomes, seq)
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

// control applies a ruleset or launch control message. Called with the State locked.
func (p *Projector) control(pend pending, orgID string, c bus.Control, seq uint64) {
	o, err := p.Org(orgID)
	if err != nil {
		p.stats.Bad.Add(1)
		p.log.Error("projector: control for an org that cannot be loaded", "org", orgID, "seq", seq, "err", err)
		return
	}
	switch c.Kind {
	case bus.ControlRuleset:
		eng, err := projection.Compile(p.cfg.Store, orgID, c.Version)
		if err != nil {
			// Publishing compiles first, so this means a damaged store;
			// scoring on with the version in force beats stalling.
			p.stats.Bad.Add(1)
			p.log.Error("projector: ruleset version cannot be put in force", "org", orgID, "version", c.Version, "err", err)
			return
		}
		o.SetEngine(eng, c.Version)
		pend.b.Active[orgID] = c.Version
		pend.out.rulesetInForce(o, c.Version, seq)
		p.log.Info("ruleset in force", "org", orgID, "version", c.Version, "seq", seq)
	case bus.ControlLaunch:
		if c.Launch == nil {
			p.stats.Bad.Add(1)
			return
		}
		inst, err := o.Engine().Launch(&o.Record().State, *c.Launch)
		if err != nil {
			// The API launched the same request on a copy before publishing,
			// so only a ruleset change in between can refuse it now.
			p.stats.RuleErrors.Add(1)
			p.log.Warn("projector: challenge launch refused", "org", orgID, "id", c.Launch.ID, "err", err)
			return
		}
		pend.b.Orgs[orgID] = o.Record()
		pend.out.launched(o, inst, seq)
	case bus.ControlRota:
		p.rota(pend, o, c, seq)
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
// Called with the State locked.
func (p *Projector) tick(orgID string, c bus.Control, seq uint64) error {
	o, err := p.Org(orgID)
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
		p.Rank(part.b)
		if err := p.cfg.Store.Commit(part.b); err != nil {
			return fmt.Errorf("projector: tick part: %w", err)
		}
		part.b = store.NewBatch()
		return nil
	}
	p.tickLeague(o, tk, part.out, seq)
	for _, id := range o.AgentIDs() {
		a := o.Agent(id)
		p.agentBefore = snapshotTotalsInto(p.agentBefore, a.State.Periods)
		outs, changed := o.Engine().TickWith(&o.Record().State, &a.State, tk)
		if changed {
			o.TouchAgent(a, p.agentBefore, seq)
			part.b.Agents[orgID+"/"+id] = a
		}
		if len(outs) > 0 {
			part.out.add(o, a, nil, seq, outs)
		}
		if err := commitPart(); err != nil {
			return err
		}
	}
	for _, id := range o.TeamIDs() {
		t := o.Team(id)
		p.teamBefore = snapshotTotalsInto(p.teamBefore, t.State.Periods)
		outs, changed := o.Engine().TickTeam(&t.State, tk)
		if changed {
			o.TouchTeam(t, p.teamBefore, seq)
			part.b.Teams[orgID+"/"+id] = t
		}
		if len(outs) > 0 {
			part.out.addTeam(o, t, seq, outs)
		}
		if err := commitPart(); err != nil {
			return err
		}
	}
	o.Engine().TickOrg(&o.Record().State, tk)
	p.tickCoop(part, o, tk, seq)
	part.b.Orgs[orgID] = o.Record()
	part.b.Seq = seq
	return p.flush(part)
}

func teamOf(a *store.AgentRecord, ev scoring.Event) string {
	if ev.Team != "" {
		return ev.Team
	}
	return a.State.Team
}

// snapshotTotalsInto copies the totals of periods into out, emptied first
// (or made): what an event or a tick found, to stamp the periods it changed.
func snapshotTotalsInto(out, periods map[string]scoring.Totals) map[string]scoring.Totals {
	if out == nil {
		out = make(map[string]scoring.Totals, len(periods))
	}
	clear(out)
	for p, t := range periods {
		out[p] = scoring.Totals{Key: t.Key, Points: t.Points}
	}
	return out
}
