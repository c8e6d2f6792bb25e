package projector

import (
	"strings"
	"time"

	"scorecast/scoring"
	"scorecast/server/live"
	"scorecast/server/projection"
	"scorecast/server/store"
	"scorecast/shared"
)

// outbox collects what a batch changed, to build its live messages once
// the batch is committed.
type outbox struct {
	orgs   map[string]*orgChanges
	stored []time.Time // when each applied event was stored in the stream
}

type orgChanges struct {
	o        *projection.Org
	outcomes []stamped
	agents   map[string]struct{}
	teams    map[string]struct{}
	launches []launch
	rulesets []rulesetInForce
	// rewards are the messages of recognition and rewards (kudos, wallet,
	// redemption, spotlight), built when their command was applied.
	rewards []live.Message
}

// rulesetInForce is a ruleset version put in force at seq: the org topic
// tells open pages, so they refetch the ruleset's words.
type rulesetInForce struct {
	seq     uint64
	version int
}

// stamped points into the slice the engine returned, which nothing else
// keeps or changes: a copy of every outcome, several per event, was the
// largest allocation of a batch.
type stamped struct {
	seq uint64
	*scoring.Outcome
}

type launch struct {
	seq  uint64
	inst scoring.ChallengeInstance
}

func newOutbox() *outbox { return &outbox{orgs: map[string]*orgChanges{}} }

func (b *outbox) changes(o *projection.Org) *orgChanges {
	c := b.orgs[o.ID()]
	if c == nil {
		c = &orgChanges{o: o, agents: map[string]struct{}{}, teams: map[string]struct{}{}}
		b.orgs[o.ID()] = c
	}
	return c
}

func (b *outbox) add(o *projection.Org, a *store.AgentRecord, t *store.TeamRecord, seq uint64, outcomes []scoring.Outcome) {
	c := b.changes(o)
	c.agents[a.State.ID] = struct{}{}
	if t != nil {
		c.teams[t.State.ID] = struct{}{}
	}
	for i := range outcomes {
		c.outcomes = append(c.outcomes, stamped{seq, &outcomes[i]})
	}
}

func (b *outbox) addTeam(o *projection.Org, t *store.TeamRecord, seq uint64, outcomes []scoring.Outcome) {
	c := b.changes(o)
	c.teams[t.State.ID] = struct{}{}
	for i := range outcomes {
		c.outcomes = append(c.outcomes, stamped{seq, &outcomes[i]})
	}
}

func (b *outbox) launched(o *projection.Org, inst scoring.ChallengeInstance, seq uint64) {
	c := b.changes(o)
	c.launches = append(c.launches, launch{seq, inst})
	if inst.Team != "" {
		c.teams[inst.Team] = struct{}{}
	}
}

func (b *outbox) rulesetInForce(o *projection.Org, version int, seq uint64) {
	c := b.changes(o)
	c.rulesets = append(c.rulesets, rulesetInForce{seq, version})
}

// feedWorthy are the outcome statuses the org's achievement feed shows.
var feedWorthy = map[string]bool{
	"awarded": true, scoring.StatusCompleted: true, scoring.StatusReached: true,
}

// build turns the changes into live messages, by org, and returns the
// agents' views they carry, for reuse once the messages are published.
// Called with the State locked. Every agent message carries the agent's view after
// the batch, so a client never has to add up deltas; the hub sends it whole
// or as a patch (see live.Message).
func (b *outbox) build(p *Projector) (map[string][]live.Message, []*shared.AgentView) {
	now := p.Now()
	out := map[string][]live.Message{}
	var built []*shared.AgentView
	for orgID, c := range b.orgs {
		o := c.o
		// Sized at once: grown by append, it was much of a build's garbage.
		msgs := make([]live.Message, 0, len(c.outcomes)+len(c.launches)+len(c.rulesets)+len(c.rewards)+len(c.teams)+8*len(o.Boards()))
		sc := p.scratchOf(orgID)
		watched, views := sc.watched, sc.views
		watching := func(topic string) bool {
			w, ok := watched[topic]
			if !ok {
				w = p.cfg.Live.Watching(orgID, topic)
				watched[topic] = w
			}
			return w
		}
		add := func(topic, kind string, data any) {
			msgs = append(msgs, live.Message{Topic: topic, Kind: kind, Data: data})
		}
		// One view per agent and batch, whatever number of messages carry
		// it: the hub patches the second against the first to nothing but "at".
		view := func(id string) *shared.AgentView {
			v, ok := views[id]
			if !ok {
				v = p.spareView()
				o.FillAgentView(v, &sc.summary, id, p.Seq(), now)
				views[id] = v
				built = append(built, v)
			}
			return v
		}
		withView := func(topic, kind string, data any, agent string) {
			msgs = append(msgs, live.Message{Topic: topic, Kind: kind, Data: data, View: view(agent)})
		}
		var teamViews map[string]*shared.TeamView // made on first use, as the two below
		teamView := func(id string) *shared.TeamView {
			v, ok := teamViews[id]
			if !ok {
				tv, found := o.TeamView(id, p.Seq(), now)
				if !found {
					return nil
				}
				v = &tv
				if teamViews == nil {
					teamViews = map[string]*shared.TeamView{}
				}
				teamViews[id] = v
			}
			return v
		}
		var progress map[string]stamped // the last progress step per agent
		sent := views                   // agents whose topic got their view: those with one built
		// Ruleset messages go out in stream order among the outcomes: an
		// award after a new version is in force follows its message.
		rulesets := c.rulesets
		rulesetsBefore := func(seq uint64) {
			for len(rulesets) > 0 && rulesets[0].seq < seq {
				if watching(shared.TopicOrg) {
					add(shared.TopicOrg, shared.KindRuleset, shared.RulesetData{Version: rulesets[0].version})
				}
				rulesets = rulesets[1:]
			}
		}
		for _, oc := range c.outcomes {
			rulesetsBefore(oc.seq)
			switch oc.Kind {
			case scoring.OutcomePoints:
				if oc.Agent == "" || !watching(shared.AgentTopic(oc.Agent)) {
					continue // a team reward shows in the team's view
				}
				withView(shared.AgentTopic(oc.Agent), shared.KindPoints,
					&shared.PointsData{At: oc.seq, Event: oc.Event, Rule: oc.Rule, Category: oc.Category, Points: oc.Points}, oc.Agent)
			case scoring.OutcomeLevel:
				d := shared.LevelData{At: oc.seq, AgentID: oc.Agent, AgentName: o.AgentName(oc.Agent), Level: oc.Level + 1, Name: oc.LevelName}
				if watching(shared.AgentTopic(oc.Agent)) {
					withView(shared.AgentTopic(oc.Agent), shared.KindLevel, d, oc.Agent)
				}
				if watching(shared.TopicOrg) {
					add(shared.TopicOrg, shared.KindLevel, o.LevelForFeed(d))
				}
			case scoring.OutcomeLeague:
				if watching(shared.AgentTopic(oc.Agent)) {
					withView(shared.AgentTopic(oc.Agent), shared.KindLeague, o.LeagueData(oc.Outcome, oc.seq), oc.Agent)
				}
			case scoring.OutcomeBadge, scoring.OutcomeStreak, scoring.OutcomeChallenge, scoring.OutcomeGoal:
				d := o.Achievement(oc.Outcome, oc.seq)
				kind := oc.Kind
				if d.Status == scoring.StatusProgress {
					// Progress is in the views that the points and team
					// messages carry; a frame per step would multiply the
					// fan-out. An agent with no other message this batch
					// gets its last step, so their view never goes stale.
					if oc.Agent != "" {
						if progress == nil {
							progress = map[string]stamped{}
						}
						progress[oc.Agent] = oc
					}
					continue
				}
				if oc.Agent != "" && watching(shared.AgentTopic(oc.Agent)) {
					withView(shared.AgentTopic(oc.Agent), kind, d, oc.Agent)
				}
				if oc.Team != "" && (oc.Agent == "" || oc.Kind == scoring.OutcomeGoal) && watching(shared.TeamTopic(oc.Team)) {
					if tv := teamView(oc.Team); tv != nil {
						withTeam := d
						withTeam.Team = tv
						add(shared.TeamTopic(oc.Team), kind, withTeam)
					}
				}
				if feedWorthy[d.Status] && watching(shared.TopicOrg) {
					add(shared.TopicOrg, kind, o.ForFeed(d))
				}
			}
		}
		rulesetsBefore(^uint64(0))
		for id, oc := range progress {
			if _, sentView := sent[id]; sentView || !watching(shared.AgentTopic(id)) {
				continue
			}
			withView(shared.AgentTopic(id), oc.Kind, o.Achievement(oc.Outcome, oc.seq), id)
		}
		for _, l := range c.launches {
			d := shared.AchievementData{At: l.seq, Kind: shared.KindChallenge, ID: l.inst.Challenge, Name: l.inst.Name,
				Status: scoring.StatusStarted, Target: l.inst.Target, TeamID: l.inst.Team, TeamName: o.TeamName(l.inst.Team)}
			if l.inst.Team != "" && watching(shared.TeamTopic(l.inst.Team)) {
				if tv := teamView(l.inst.Team); tv != nil {
					withTeam := d
					withTeam.Team = tv
					add(shared.TeamTopic(l.inst.Team), shared.KindChallenge, withTeam)
				}
			}
			if watching(shared.TopicOrg) {
				add(shared.TopicOrg, shared.KindChallenge, d)
			}
			for _, m := range coopMembers(l.inst) { // a co-op quest's card shows at once
				if watching(shared.AgentTopic(m)) {
					withView(shared.AgentTopic(m), shared.KindChallenge, d, m)
				}
			}
		}
		for _, m := range c.rewards {
			if !watching(m.Topic) {
				continue
			}
			// A message on an agent's topic carries their view, as the
			// points do: a wallet or a kudos frame keeps the screen whole
			// (a patch of nothing but "at" when it is unchanged). Not a
			// redemption: its own "agent" member names the agent, and a
			// whole view would be a second "agent" in one object; the hub
			// patches the next view against the last one sent, so going
			// without is safe.
			if id, ok := strings.CutPrefix(m.Topic, "agent/"); ok && m.Kind != shared.KindRedemption {
				withView(m.Topic, m.Kind, m.Data, id)
				continue
			}
			msgs = append(msgs, m)
		}
		// The teams and boards the batch changed: the hub reads their
		// whole state when it sends it, a few times a second at most.
		for id := range c.teams {
			if topic := shared.TeamTopic(id); watching(topic) {
				add(topic, shared.KindPoints, nil)
			}
		}
		for _, bd := range o.Boards() {
			scope := c.agents
			if bd.Scope == "team" {
				scope = c.teams
			}
			if len(scope) == 0 {
				continue
			}
			for _, period := range bd.Periods {
				if topic := shared.BoardTopic(bd.ID, period); watching(topic) {
					add(topic, shared.KindBoard, nil)
				}
			}
		}
		out[orgID] = msgs
	}
	return out, built
}

// maxKeptTopics bounds the scratch a build keeps for the next: a catch-up
// batch's would be thousands of topics, and cleared on every batch after.
const maxKeptTopics = 4096

// scratch is what a build keeps for the next, per org: grown anew for
// every batch, these maps were a steady part of its garbage. Used with the
// State locked for writing.
type scratch struct {
	watched map[string]bool
	views   map[string]*shared.AgentView
	summary scoring.AgentSummary
}

// scratchOf returns org's scratch, emptied, unless a large batch grew it
// past what a batch at load needs.
func (p *Projector) scratchOf(org string) *scratch {
	sc := p.scratch[org]
	if sc == nil || len(sc.watched) > maxKeptTopics || len(sc.views) > maxKeptTopics {
		sc = &scratch{watched: map[string]bool{}, views: map[string]*shared.AgentView{}}
		p.scratch[org] = sc
	}
	clear(sc.watched)
	clear(sc.views)
	return sc
}

// maxSpareViews bounds the views kept for reuse: about what one batch
// builds under a steady load.
const maxSpareViews = 256

// spareView returns a view to build into: a spare one, or a new one.
func (p *Projector) spareView() *shared.AgentView {
	p.spareMu.Lock()
	defer p.spareMu.Unlock()
	if n := len(p.spare); n > 0 {
		v := p.spare[n-1]
		p.spare[n-1] = nil
		p.spare = p.spare[:n-1]
		return v
	}
	return &shared.AgentView{}
}

// keepSpare keeps views whose messages are published for reuse: building
// a view from nothing was the largest part of a batch's garbage.
func (p *Projector) keepSpare(views []*shared.AgentView) {
	p.spareMu.Lock()
	defer p.spareMu.Unlock()
	for _, v := range views {
		if len(p.spare) == maxSpareViews {
			return
		}
		p.spare = append(p.spare, v)
	}
}
