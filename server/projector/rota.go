package projector

import (
	"scorecast/server/bus"
	"scorecast/server/projection"
)

// rota applies a rota change to the org's state, which goes into the
// batch's transaction with the org record: the ticks and events after it in
// the stream read it, here and in every replay. The API checked every day
// before publishing, so a refusal here means a message written by hand.
// Called with the State locked.
func (p *Projector) rota(pend pending, o *projection.Org, c bus.Control, seq uint64) {
	if c.Rota == nil {
		p.stats.Bad.Add(1)
		return
	}
	if err := o.Record().State.ApplyRota(*c.Rota); err != nil {
		p.stats.Bad.Add(1)
		p.log.Warn("projector: rota change refused", "org", o.ID(), "id", c.ID, "seq", seq, "err", err)
		return
	}
	pend.b.Orgs[o.ID()] = o.Record()
}
