package projector

import (
	"slices"

	"scorecast/scoring"
	"scorecast/server/projection"
)

// tickLeague rolls the org's weekly leagues when the tick is the first of
// a new ISO week: before the agents are ticked, whose periods still hold
// the week that ends. The league lives in the org record, which the tick
// writes anyway; each agent's "league" outcome goes out live after the
// commit, as other outcomes do. Called with the State locked.
func (p *Projector) tickLeague(o *projection.Org, tk scoring.Tick, out *outbox, seq uint64) {
	eng := o.Engine()
	if !eng.LeagueDue(&o.Record().State, tk) {
		return
	}
	ids := o.AgentIDs()
	agents := make([]*scoring.AgentState, len(ids))
	for i, id := range ids {
		agents[i] = &o.Agent(id).State
	}
	outs := eng.TickLeague(&o.Record().State, tk, agents)
	for i := range outs {
		// Only agents the org holds: o.Agent would make a record for another.
		if _, known := slices.BinarySearch(ids, outs[i].Agent); known {
			out.add(o, o.Agent(outs[i].Agent), nil, seq, outs[i:i+1])
		}
	}
	p.log.Info("league week rolled", "org", o.ID(), "week", o.Record().State.League.Week, "moved", len(outs))
}

// The league views' errors, for the API (which does not import projection).
var (
	ErrNoLeagues   = projection.ErrNoLeagues
	ErrNotInLeague = projection.ErrNotInLeague
)
