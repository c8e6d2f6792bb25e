package projector

import (
	"scorecast/scoring"
	"scorecast/server/live"
	"scorecast/server/store"
	"scorecast/shared"
)

// outbox collects what a batch changed, to build its live messages once
// the batch is committed.
type outbox struct {
	orgs map[string]*orgChanges
}

type orgChanges struct {
	o        *org
	outcomes []stamped
	agents   map[string]struct{}
	teams    map[string]struct{}
}

type stamped struct {
	seq uint64
	scoring.Outcome
}

func newOutbox() *outbox { return &outbox{orgs: map[string]*orgChanges{}} }

func (b *outbox) add(o *org, a *store.AgentRecord, t *store.TeamRecord, seq uint64, outcomes []scoring.Outcome) {
	c := b.orgs[o.id]
	if c == nil {
		c = &orgChanges{o: o, agents: map[string]struct{}{}, teams: map[string]struct{}{}}
		b.orgs[o.id] = c
	}
	c.agents[a.State.ID] = struct{}{}
	if t != nil {
		c.teams[t.State.ID] = struct{}{}
	}
	for _, oc := range outcomes {
		c.outcomes = append(c.outcomes, stamped{seq, oc})
	}
}

// build turns the changes into envelopes, by org. Called with p.mu held.
// Every agent message carries the agent's whole view after the batch, so a
// client never has to add up deltas.
func (b *outbox) build(p *Projector) map[string][]live.Envelope {
	now := p.cfg.Now()
	out := map[string][]live.Envelope{}
	for orgID, c := range b.orgs {
		o := c.o
		var envs []live.Envelope
		add := func(topic, kind string, data any) {
			e, err := live.NewEnvelope(topic, kind, data)
			if err != nil {
				p.log.Error("projector: live message", "err", err)
				return
			}
			envs = append(envs, e)
		}
		views := map[string]shared.AgentView{}
		view := func(id string) shared.AgentView {
			v, ok := views[id]
			if !ok {
				v = o.agentView(id, p.lastSeq, now)
				views[id] = v
			}
			return v
		}
		for _, oc := range c.outcomes {
			switch oc.Kind {
			case scoring.OutcomePoints:
				add(shared.AgentTopic(oc.Agent), shared.KindPoints, shared.PointsData{
					At: oc.seq, Event: oc.Event, Rule: oc.Rule, Category: oc.Category, Points: oc.Points, Agent: view(oc.Agent),
				})
			case scoring.OutcomeLevel:
				d := shared.LevelData{At: oc.seq, AgentID: oc.Agent, AgentName: o.agentName(oc.Agent), Level: oc.Level + 1, Name: oc.LevelName, Agent: view(oc.Agent)}
				add(shared.AgentTopic(oc.Agent), shared.KindLevel, d)
				d.Agent = shared.AgentView{}
				add(shared.TopicOrg, shared.KindLevel, d)
			}
		}
		for id := range c.teams {
			if v, ok := o.teamView(id, p.lastSeq, now); ok {
				add(shared.TeamTopic(id), shared.KindPoints, v)
			}
		}
		for _, bd := range o.boards {
			scope := c.agents
			if bd.Scope == "team" {
				scope = c.teams
			}
			if len(scope) == 0 {
				continue
			}
			for _, period := range bd.Periods {
				lb, err := o.leaderboard(bd.ID, period, DefaultBoardLimit, p.lastSeq, now)
				if err == nil {
					add(shared.BoardTopic(bd.ID, period), shared.KindBoard, lb)
				}
			}
		}
		out[orgID] = envs
	}
	return out
}
