package projection

import "scorecast/shared"

// Rota lists the org's rota days from from to to (YYYY-MM-DD, both
// included; empty: open), of agent or, when agent is empty, of everyone
// keep accepts by id and team (nil: everyone; called with the State
// read-locked, so it must not call back into it), by date then agent, with names.
func (p *State) Rota(orgID, agent, from, to string, keep func(agent, team string) bool) ([]shared.RotaDay, error) {
	out := []shared.RotaDay{}
	err := p.rewardsOf(orgID, func(o *Org) {
		for _, d := range o.rec.State.RotaDays(agent, from, to) {
			if keep == nil || keep(d.Agent, o.TeamOfAgent(d.Agent)) {
				out = append(out, shared.RotaDay{Agent: d.Agent, Date: d.Date, Kind: d.Kind, Name: o.AgentName(d.Agent)})
			}
		}
	})
	return out, err
}

// RotaKind is the agent's rota kind on day ("" for a working day).
func (p *State) RotaKind(orgID, agent, day string) string {
	var kind string
	_ = p.rewardsOf(orgID, func(o *Org) { kind = o.rec.State.RotaKind(agent, day) })
	return kind
}
