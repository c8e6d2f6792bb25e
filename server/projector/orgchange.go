package projector

import (
	"errors"
	"fmt"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/live"
	"scorecast/server/store"
	"scorecast/shared"
)

// applyChange applies a control message that carries an org change (a
// roster, settings, a ruleset version): it commits the change on its own,
// in parts when it is large (store.CommitChange), and only then changes the
// state in memory, so that the API, which waits for the sequence, reads
// what it wrote. Called with mu held, after what came before it in the
// batch was flushed.
func (p *Projector) applyChange(orgID string, c bus.Control, seq uint64) error {
	ch := *c.Change
	ch.Org = orgID // the subject, not the body, names the org
	_, err := p.cfg.Store.Org(orgID)
	known := err == nil
	switch {
	case ch.Create && known:
		p.log.Info("projector: org exists already; its creation is skipped", "org", orgID, "seq", seq)
		return nil
	case !ch.Create && !known:
		p.stats.Bad.Add(1)
		p.log.Error("projector: change for an org that does not exist", "org", orgID, "seq", seq)
		return nil
	}
	var eng *scoring.Engine
	if c.Kind == bus.ControlRuleset && ch.Ruleset != nil {
		var err error
		if eng, err = scoring.Compile(ch.Ruleset.Ruleset, scoring.WithVersion(ch.Ruleset.Version)); err != nil {
			// Publishing compiles first, so this is a ruleset of an older
			// build; scoring on with the version in force beats stalling.
			p.stats.Bad.Add(1)
			p.log.Error("projector: ruleset version cannot be put in force", "org", orgID, "version", ch.Ruleset.Version, "err", err)
			return nil
		}
	}
	active := 0
	if eng != nil {
		active = ch.Ruleset.Version
	}
	ch = p.ForgetPhotos(orgID, ch)
	if err := p.cfg.Store.CommitChange(ch, seq, active); err != nil {
		if errors.Is(err, store.ErrBatchTooBig) {
			// The API refuses changes this large; one in the stream is
			// skipped rather than stopping the projection at every start.
			p.stats.Bad.Add(1)
			p.log.Error("projector: org change cannot be stored", "org", orgID, "seq", seq, "err", err)
			return nil
		}
		return fmt.Errorf("projector: org change at seq %d: %w", seq, err)
	}
	o, err := p.Org(orgID) // a new org loads what was just written
	if err != nil {
		return fmt.Errorf("projector: load org %s after its change: %w", orgID, err)
	}
	o.ApplyRoster(ch)
	if len(ch.People) > 0 || len(ch.Teams) > 0 || len(ch.Profiles) > 0 {
		p.renameOnBoards(o, seq)
	}
	if eng != nil {
		o.SetEngine(eng, ch.Ruleset.Version)
		p.log.Info("ruleset in force", "org", orgID, "version", ch.Ruleset.Version, "seq", seq)
		p.announceRuleset(orgID, ch.Ruleset.Version, seq)
	}
	return nil
}

// announceRuleset tells the org topic a version is in force, so open pages
// fetch the ruleset's words again. The change is committed already, so the
// message needs no commit to wait for; queued behind the commits before
// it, it keeps its place in stream order. Called with the State locked.
func (p *Projector) announceRuleset(orgID string, version int, seq uint64) {
	if !p.cfg.Live.Watching(orgID, shared.TopicOrg) {
		return
	}
	p.handOver(inflight{seq: seq, live: map[string][]live.Message{orgID: {
		{Topic: shared.TopicOrg, Kind: shared.KindRuleset, Data: shared.RulesetData{Version: version}},
	}}})
}
