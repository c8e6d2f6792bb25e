package projection

import (
	"time"

	"scorecast/scoring"
	"scorecast/shared"
)

// A co-op quest's shared instance is the org's (scoring.OrgState.Coop);
// these turn it into what its members' and their teams' views show: each
// member by name and face, with their part. Called with the State locked.

// coopMembers is a co-op quest's members as its card shows them, in id
// order. A new slice every time: views are compared and patched against
// the one sent before, so no two may share it.
func (o *Org) coopMembers(c *scoring.CoopSummary) []shared.CoopMember {
	out := make([]shared.CoopMember, 0, len(c.Members))
	for _, id := range c.Members {
		out = append(out, shared.CoopMember{ID: id, Name: o.AgentName(id), Photo: o.PhotoURL(id),
			Color: o.TeamColor(o.AgentTeam(id)), Share: c.Shares[id]})
	}
	return out
}

// AgentTeam is an agent's team now: the one their events told, else the
// roster's. Called with the State locked.
func (o *Org) AgentTeam(id string) string {
	if a, ok := o.agents[id]; ok && a.State.Team != "" {
		return a.State.Team
	}
	return o.profiles[id].Team
}

// coopChallenges lists the open co-op quests with a member on team, for
// the team's view: a supervisor sees the quests their people are in, even
// when the partner is on another team.
func (o *Org) coopChallenges(team string, now time.Time) []shared.Challenge {
	var out []shared.Challenge
	st := &o.rec.State
	for i := range st.Launched {
		inst := &st.Launched[i]
		if !inst.Coop || now.Before(inst.Start) || !now.Before(inst.Deadline) {
			continue
		}
		cs, members, ok := st.CoopOf(inst.ID)
		if !ok || !o.anyOnTeam(members, team) {
			continue
		}
		c := o.challengeView(cs.Challenge, inst.ID, cs.Progress, cs.Target, cs.Status, cs.Deadline, "")
		c.Coop = o.coopMembers(&scoring.CoopSummary{Members: members, Shares: cs.Shares})
		out = append(out, c)
	}
	return out
}

func (o *Org) anyOnTeam(members []string, team string) bool {
	for _, id := range members {
		if o.AgentTeam(id) == team {
			return true
		}
	}
	return false
}
