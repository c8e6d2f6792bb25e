package projector

import (
	"scorecast/scoring"
	"scorecast/server/projection"
	"scorecast/server/store"
)

// coop commits what an event did to co-op quests (scoring/coop.go): the
// org record, which holds the shared instance, when one moved, and the
// reward of every member the event's completion left owed, each paid in
// the same batch as the event, so the debt is never committed and a replay
// pays the same members at the same point. Called with the State locked,
// after the event's own agent and team are in the batch.
func (p *Projector) coop(pend pending, o *projection.Org, ev *scoring.Event, outcomes []scoring.Outcome, seq uint64) {
	st := &o.Record().State
	if len(st.Coop) == 0 || !movedCoop(st, outcomes) {
		return
	}
	pend.b.Orgs[o.ID()] = o.Record()
	// Every member's team view shows the quest: their topics hear of it.
	teams := pend.out.changes(o).teams
	for i := range outcomes {
		if oc := &outcomes[i]; oc.Kind == scoring.OutcomeChallenge && oc.Agent != "" {
			if _, coop := st.Coop[oc.Instance]; coop {
				if team := o.AgentTeam(oc.Agent); team != "" {
					teams[team] = struct{}{}
				}
			}
		}
	}
	for _, id := range st.CoopOwed() {
		a := o.Agent(id)
		var t *store.TeamRecord
		var ts *scoring.TeamState
		if a.State.Team != "" {
			t = o.Team(a.State.Team)
			ts = &t.State
			p.teamBefore = snapshotTotalsInto(p.teamBefore, t.State.Periods)
		}
		p.agentBefore = snapshotTotalsInto(p.agentBefore, a.State.Periods)
		paid := o.Engine().PayCoop(st, &a.State, ts)
		o.TouchAgent(a, p.agentBefore, seq)
		o.NoteHistory(a, ev.Time, paid)
		pend.b.Agents[o.ID()+"/"+id] = a
		if t != nil {
			o.TouchTeam(t, p.teamBefore, seq)
			pend.b.Teams[o.ID()+"/"+t.State.ID] = t
		}
		p.credit(pend, o, ev, paid, seq)
		pend.out.add(o, a, t, seq, paid)
	}
}

// coopMembers are the members of a co-op launch, none for another launch.
func coopMembers(inst scoring.ChallengeInstance) []string {
	if !inst.Coop {
		return nil
	}
	return inst.Agents
}

// movedCoop reports whether the outcomes are of a co-op quest's instance.
func movedCoop(st *scoring.OrgState, outcomes []scoring.Outcome) bool {
	for i := range outcomes {
		if outcomes[i].Kind != scoring.OutcomeChallenge {
			continue
		}
		if _, ok := st.Coop[outcomes[i].Instance]; ok {
			return true
		}
	}
	return false
}

// tickCoop expires co-op quests past their deadline at a tick, after
// TickOrg, telling each member. Called with the State locked.
func (p *Projector) tickCoop(part pending, o *projection.Org, tk scoring.Tick, seq uint64) {
	outs, changed := o.Engine().TickCoop(&o.Record().State, tk)
	if !changed {
		return
	}
	part.b.Orgs[o.ID()] = o.Record()
	if len(outs) > 0 {
		c := part.out.changes(o)
		for i := range outs {
			c.outcomes = append(c.outcomes, stamped{seq, &outs[i]})
		}
	}
}
