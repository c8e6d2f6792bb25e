package projection

import (
	"fmt"
	"time"

	"scorecast/scoring"
	"scorecast/scoring/rewards"
	"scorecast/server/store"
	"scorecast/shared"
)

// NoteHistory keeps the point awards among an event's outcomes in the
// agent's record, at most shared.MaxHistory of them, so the agent view's
// history survives a reload and a restart. It reads only the outcomes and
// the event's time, never a clock: a replay of the stream keeps the same
// history. Called by the projector with the State locked for writing,
// before the record is committed with the batch.
func (o *Org) NoteHistory(a *store.AgentRecord, when time.Time, outcomes []scoring.Outcome) {
	for i := range outcomes {
		oc := &outcomes[i]
		if oc.Kind != scoring.OutcomePoints || oc.Points == 0 || oc.Agent != a.State.ID {
			continue
		}
		if len(a.Awards) >= shared.MaxHistory {
			// Shift in place rather than reslice: the slice's memory is
			// reused for the agent's whole life instead of creeping along.
			copy(a.Awards, a.Awards[len(a.Awards)-shared.MaxHistory+1:])
			a.Awards = a.Awards[:shared.MaxHistory-1]
		}
		a.Awards = append(a.Awards, store.Award{At: when.UnixMilli(), Rule: oc.Rule, Category: oc.Category, Points: oc.Points, Event: oc.Event})
	}
}

// NoteKudosHistory marks the award a received kudos gave with who gave it
// and for which value, or, when the rules gave it no points (a cap, or no
// rule for kudos), adds an entry of its own: the receiver's history always
// shows it. The projector's, with the State locked for writing, after the
// kudos' event was applied.
func (o *Org) NoteKudosHistory(a *store.AgentRecord, k rewards.Kudos) {
	for i := len(a.Awards) - 1; i >= 0; i-- {
		if a.Awards[i].Event == k.ID {
			a.Awards[i].From, a.Awards[i].Value = k.From, k.Value
			return
		}
	}
	if len(a.Awards) >= shared.MaxHistory {
		copy(a.Awards, a.Awards[len(a.Awards)-shared.MaxHistory+1:])
		a.Awards = a.Awards[:shared.MaxHistory-1]
	}
	a.Awards = append(a.Awards, store.Award{At: k.At.UnixMilli(), Rule: scoring.KudosEvent, Event: k.ID, From: k.From, Value: k.Value})
}

// History is an agent's latest point awards, newest first, at most limit
// of them. An agent never seen has an empty history.
func (p *State) History(orgID, id string, limit int) (shared.AgentHistory, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return shared.AgentHistory{}, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	h := shared.AgentHistory{Agent: id, Entries: []shared.HistoryEntry{}}
	a, ok := o.agents[id]
	if !ok {
		return h, nil
	}
	for i := len(a.Awards) - 1; i >= 0 && len(h.Entries) < limit; i-- {
		aw := a.Awards[i]
		e := shared.HistoryEntry{Time: time.UnixMilli(aw.At).UTC(), Rule: aw.Rule, Category: aw.Category,
			Points: aw.Points, Event: aw.Event, From: aw.From, Value: aw.Value}
		if aw.From != "" {
			e.FromName = o.AgentName(aw.From)
		}
		h.Entries = append(h.Entries, e)
	}
	return h, nil
}

// personalBest is a best period of the agent's state on the wire.
func personalBest(t scoring.Totals) shared.PersonalBest {
	return shared.PersonalBest{Key: t.Key, Points: t.Points}
}
