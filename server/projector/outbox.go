package projector

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"scorecast/scoring"
	"scorecast/server/live"
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
	o        *org
	outcomes []stamped
	agents   map[string]struct{}
	teams    map[string]struct{}
	launches []launch
}

// stamped points into the slice the engine returned, which nothing else
// keeps or changes: a copy of every outcome (400 bytes each, several per
// event) was the largest allocation of a batch.
type stamped struct {
	seq uint64
	*scoring.Outcome
}

type launch struct {
	seq  uint64
	inst scoring.ChallengeInstance
}

func newOutbox() *outbox { return &outbox{orgs: map[string]*orgChanges{}} }

func (b *outbox) changes(o *org) *orgChanges {
	c := b.orgs[o.id]
	if c == nil {
		c = &orgChanges{o: o, agents: map[string]struct{}{}, teams: map[string]struct{}{}}
		b.orgs[o.id] = c
	}
	return c
}

func (b *outbox) add(o *org, a *store.AgentRecord, t *store.TeamRecord, seq uint64, outcomes []scoring.Outcome) {
	c := b.changes(o)
	c.agents[a.State.ID] = struct{}{}
	if t != nil {
		c.teams[t.State.ID] = struct{}{}
	}
	for i := range outcomes {
		c.outcomes = append(c.outcomes, stamped{seq, &outcomes[i]})
	}
}

func (b *outbox) addTeam(o *org, t *store.TeamRecord, seq uint64, outcomes []scoring.Outcome) {
	c := b.changes(o)
	c.teams[t.State.ID] = struct{}{}
	for i := range outcomes {
		c.outcomes = append(c.outcomes, stamped{seq, &outcomes[i]})
	}
}

func (b *outbox) launched(o *org, inst scoring.ChallengeInstance, seq uint64) {
	c := b.changes(o)
	c.launches = append(c.launches, launch{seq, inst})
	if inst.Team != "" {
		c.teams[inst.Team] = struct{}{}
	}
}

// pointsWire is shared.PointsData with the agent's view, or the patch to
// it, already encoded; the test TestPointsWireMatchesShared keeps the two
// in step.
type pointsWire struct {
	At       uint64
	Event    string
	Rule     string
	Category string
	Points   int64
	Agent    json.RawMessage
	Patch    bool // Agent holds a shared.AgentPatch
}

// appendJSON encodes w by hand: encoding/json would scan the view again to
// validate the RawMessage, the largest cost of a points message.
func (w pointsWire) appendJSON(b []byte) []byte {
	b = append(b, `{"at":`...)
	b = strconv.AppendUint(b, w.At, 10)
	b = append(b, `,"event":`...)
	b = shared.AppendJSONString(b, w.Event)
	b = append(b, `,"rule":`...)
	b = shared.AppendJSONString(b, w.Rule)
	b = append(b, `,"category":`...)
	b = shared.AppendJSONString(b, w.Category)
	b = append(b, `,"points":`...)
	b = strconv.AppendInt(b, w.Points, 10)
	if w.Patch {
		b = append(b, `,"patch":`...)
	} else {
		b = append(b, `,"agent":`...)
	}
	b = append(b, w.Agent...)
	return append(b, '}')
}

// feedWorthy are the outcome statuses the org's achievement feed shows.
var feedWorthy = map[string]bool{
	"awarded": true, scoring.StatusCompleted: true, scoring.StatusReached: true,
}

// build turns the changes into envelopes, by org. Called with p.mu held.
// Every agent message carries the agent's view after the batch, so a client
// never has to add up deltas: whole, or as a patch of the fields that
// changed since the topic's last message (see sentViews).
func (b *outbox) build(p *Projector) map[string][]live.Envelope {
	now := p.cfg.Now()
	wall := time.Now() // real time, whatever clock the views use
	out := map[string][]live.Envelope{}
	for orgID, c := range b.orgs {
		o := c.o
		var envs []live.Envelope
		if o.watched == nil {
			o.watched, o.views = map[string]bool{}, map[string]*shared.AgentView{}
		}
		watched, views := o.watched, o.views
		clear(watched)
		clear(views)
		watching := func(topic string) bool {
			w, ok := watched[topic]
			if !ok {
				w = p.cfg.Watching(orgID, topic)
				watched[topic] = w
			}
			return w
		}
		add := func(topic, kind string, data any) {
			e, err := live.NewEnvelope(topic, kind, data)
			if err != nil {
				p.log.Error("projector: live message", "err", err)
				return
			}
			envs = append(envs, e)
		}
		var replaced []*shared.AgentView // free once every message is encoded
		view := func(id string) *shared.AgentView {
			v, ok := views[id]
			if !ok {
				v = o.spareView()
				o.fillAgentView(v, &o.summary, id, p.lastSeq, now)
				views[id] = v
			}
			return v
		}
		// The first message of a batch on an agent's topic carries what
		// changed; an event often gives several outcomes, and the messages
		// after the first carry a patch with nothing but "at".
		swap := func(id string) (v, last *shared.AgentView) {
			v = view(id)
			last = o.sent.swap(id, v)
			if last != nil && last != v {
				replaced = append(replaced, last)
			}
			return v, last
		}
		agentUpdate := func(id string) (*shared.AgentView, *shared.AgentPatch) {
			v, last := swap(id)
			if last == nil {
				return v, nil
			}
			p := shared.DiffAgentView(last, v)
			return nil, &p
		}
		// A points message's view or patch is copied into the message at
		// once (pointsWire.appendJSON), so one buffer does for every patch.
		// The patch is written straight from the two views (see
		// shared.AppendAgentPatch).
		patchJSON := o.patchJSON[:0]
		pointsView := func(id string) (raw json.RawMessage, patch bool) {
			v, last := swap(id)
			if last != nil {
				var err error
				if patchJSON, err = shared.AppendAgentPatch(patchJSON[:0], last, v); err == nil {
					return patchJSON, true
				}
				// A value JSON cannot carry (NaN, say): the whole view
				// goes, as it did before patches, and the next patch is
				// made against it.
			}
			raw, _ = json.Marshal(v)
			return raw, false
		}
		teamViews := map[string]*shared.TeamView{}
		teamView := func(id string) *shared.TeamView {
			v, ok := teamViews[id]
			if !ok {
				tv, found := o.teamView(id, p.lastSeq, now)
				if !found {
					return nil
				}
				v = &tv
				teamViews[id] = v
			}
			return v
		}
		progress := map[string]stamped{} // the last progress step per agent
		sent := map[string]bool{}        // agents whose topic got their view
		for _, oc := range c.outcomes {
			switch oc.Kind {
			case scoring.OutcomePoints:
				if oc.Agent == "" || !watching(shared.AgentTopic(oc.Agent)) {
					continue // a team reward shows in the team's view
				}
				sent[oc.Agent] = true
				w := pointsWire{At: oc.seq, Event: oc.Event, Rule: oc.Rule, Category: oc.Category, Points: oc.Points}
				w.Agent, w.Patch = pointsView(oc.Agent)
				envs = append(envs, live.Envelope{Topic: shared.AgentTopic(oc.Agent), Kind: shared.KindPoints,
					Data: w.appendJSON(make([]byte, 0, len(w.Agent)+128))})
			case scoring.OutcomeLevel:
				d := shared.LevelData{At: oc.seq, AgentID: oc.Agent, AgentName: o.agentName(oc.Agent), Level: oc.Level + 1, Name: oc.LevelName}
				if watching(shared.AgentTopic(oc.Agent)) {
					withView := d
					v, p := agentUpdate(oc.Agent)
					withView.Patch = p
					if v != nil {
						withView.Agent = *v
					}
					sent[oc.Agent] = true
					add(shared.AgentTopic(oc.Agent), shared.KindLevel, withView)
				}
				if watching(shared.TopicOrg) {
					add(shared.TopicOrg, shared.KindLevel, d)
				}
			case scoring.OutcomeBadge, scoring.OutcomeStreak, scoring.OutcomeChallenge, scoring.OutcomeGoal:
				d := o.achievement(oc)
				kind := oc.Kind
				if d.Status == scoring.StatusProgress {
					// Progress is in the views that the points and team
					// messages carry; a frame per step would multiply the
					// fan-out. An agent with no other message this batch
					// gets its last step, so their view never goes stale.
					if oc.Agent != "" {
						progress[oc.Agent] = oc
					}
					continue
				}
				if oc.Agent != "" && watching(shared.AgentTopic(oc.Agent)) {
					withView := d
					withView.Agent, withView.Patch = agentUpdate(oc.Agent)
					sent[oc.Agent] = true
					add(shared.AgentTopic(oc.Agent), kind, withView)
				}
				if oc.Team != "" && (oc.Agent == "" || oc.Kind == scoring.OutcomeGoal) && watching(shared.TeamTopic(oc.Team)) {
					if tv := teamView(oc.Team); tv != nil {
						withTeam := d
						withTeam.Team = tv
						add(shared.TeamTopic(oc.Team), kind, withTeam)
					}
				}
				if feedWorthy[d.Status] && watching(shared.TopicOrg) {
					add(shared.TopicOrg, kind, d)
				}
			}
		}
		for id, oc := range progress {
			if sent[id] || !watching(shared.AgentTopic(id)) {
				continue
			}
			d := o.achievement(oc)
			d.Agent, d.Patch = agentUpdate(id)
			add(shared.AgentTopic(id), oc.Kind, d)
		}
		for _, l := range c.launches {
			d := shared.AchievementData{At: l.seq, Kind: shared.KindChallenge, ID: l.inst.Challenge, Name: l.inst.Name,
				Status: scoring.StatusStarted, Target: l.inst.Target, TeamID: l.inst.Team, TeamName: o.teamName(l.inst.Team)}
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
		}
		// Whole-state messages, at most one per topic and stateInterval.
		state := func(topic string) {
			if !watching(topic) || !o.stateDue(topic, wall) {
				return
			}
			if env, ok := p.stateEnvelope(o, topic, now); ok {
				envs = append(envs, env)
			}
		}
		for id := range c.teams {
			state(shared.TeamTopic(id))
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
				state(shared.BoardTopic(bd.ID, period))
			}
		}
		out[orgID] = envs
		o.keepSpare(replaced)
		o.keepScratch(patchJSON)
	}
	return out
}

// Bounds of the scratch a build keeps for the next: a catch-up batch's
// would be thousands of topics, and cleared on every batch after.
const (
	maxKeptTopics    = 4096
	maxKeptPatchJSON = 64 << 10
)

// keepScratch keeps the build's maps and patch buffer for the next build,
// unless a large batch grew them past what a batch at load needs.
func (o *org) keepScratch(patchJSON []byte) {
	if len(o.watched) > maxKeptTopics || len(o.views) > maxKeptTopics {
		o.watched, o.views = nil, nil
	}
	if cap(patchJSON) > maxKeptPatchJSON {
		patchJSON = nil
	}
	o.patchJSON = patchJSON[:0]
}

// maxSpareViews bounds the views kept for reuse: about what one batch
// replaces at 1,000 events/s.
const maxSpareViews = 256

// spareView returns a view to build into: a spare one, or a new one.
func (o *org) spareView() *shared.AgentView {
	if n := len(o.spare); n > 0 {
		v := o.spare[n-1]
		o.spare[n-1] = nil
		o.spare = o.spare[:n-1]
		return v
	}
	return &shared.AgentView{}
}

// keepSpare keeps views no message refers to any more for reuse.
func (o *org) keepSpare(views []*shared.AgentView) {
	for _, v := range views {
		if len(o.spare) == maxSpareViews {
			return
		}
		o.spare = append(o.spare, v)
	}
}

// achievement describes a badge, streak, challenge or goal outcome for
// people: names, not ids.
func (o *org) achievement(oc stamped) shared.AchievementData {
	d := shared.AchievementData{
		At: oc.seq, Kind: oc.Kind, Name: oc.Name, Status: oc.Status, Tier: oc.Tier, TierName: oc.TierName,
		Current: oc.Current, Best: oc.Best, Progress: oc.Progress, Target: oc.Target, Reward: rewardText(oc.Reward),
		TeamID: oc.Team, TeamName: o.teamName(oc.Team),
	}
	if oc.Agent != "" {
		d.AgentID, d.AgentName = oc.Agent, o.agentName(oc.Agent)
	}
	switch oc.Kind {
	case scoring.OutcomeBadge:
		d.ID = oc.Badge
		if d.Status == "" {
			d.Status = "awarded"
		}
	case scoring.OutcomeStreak:
		d.ID = oc.Streak
	case scoring.OutcomeChallenge:
		d.ID = oc.Challenge
	case scoring.OutcomeGoal:
		d.ID = oc.Goal
	}
	return d
}

func rewardText(r *scoring.Reward) string {
	switch {
	case r == nil:
		return ""
	case r.Points != 0 && r.Badge != "":
		return fmt.Sprintf("%d points + badge %s", r.Points, r.Badge)
	case r.Points != 0:
		return fmt.Sprintf("%d points", r.Points)
	case r.Badge != "":
		return "badge " + r.Badge
	}
	return ""
}

// stateDue reports whether a whole-state message (a team's view, a board)
// may be built for topic now: at most one per stateInterval. A topic that
// must wait is marked, and flushStates builds it when its time comes, so
// the last message always carries the latest state. The hub would drop all
// but a few a second anyway (see live.Config.CoalesceInterval); not building
// them saves most of the projector's live work under load.
func (o *org) stateDue(topic string, now time.Time) bool {
	if now.Before(o.stateNext[topic]) {
		o.stateDirty[topic] = struct{}{}
		return false
	}
	o.stateNext[topic] = nextStateSlot(topic, now)
	delete(o.stateDirty, topic)
	return true
}

// stateInterval is the least time between two whole-state messages of one
// topic: the hub's coalescing interval.
const stateInterval = live.DefaultCoalesceInterval

// nextStateSlot is when topic may next get its whole state after one sent
// at now: the first of its slots at least half a stateInterval later. A
// topic's slots are stateInterval apart at a phase of its own, so a floor's
// team and board frames go out spread over the interval. Sent together, they
// were a burst of thousands of writes every interval that every agent's own
// frame in the meantime queued behind (with 10k clients, the burst set the
// agents' p99). Under load a topic is sent a little after each slot, and
// its next slot is the one after; after a quiet spell it is sent at once,
// and at least half an interval passes before the next.
func nextStateSlot(topic string, now time.Time) time.Time {
	const interval = int64(stateInterval)
	phase := int64(fnv32a(topic)) % interval
	earliest := now.UnixNano() + interval/2 - phase
	k := (earliest + interval - 1) / interval // the first slot at or after earliest
	return time.Unix(0, k*interval+phase)
}

// fnv32a is the 32-bit FNV-1a hash of s, without hash/fnv's allocation.
func fnv32a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// flushStates builds the whole-state messages held back by stateDue whose
// time has come, and queues them behind the commits in flight: they show
// state those commits make durable.
func (p *Projector) flushStates() {
	p.mu.Lock()
	// A failed commit reaches Run through the publisher's failed channel.
	defer func() { _ = p.unlock() }()
	now, sent := p.cfg.Now(), time.Now()
	out := map[string][]live.Envelope{}
	for orgID, o := range p.orgs {
		for topic := range o.stateDirty {
			if sent.Before(o.stateNext[topic]) {
				continue
			}
			delete(o.stateDirty, topic)
			if !p.cfg.Watching(orgID, topic) {
				continue
			}
			o.stateNext[topic] = nextStateSlot(topic, sent)
			if env, ok := p.stateEnvelope(o, topic, now); ok {
				out[orgID] = append(out[orgID], env)
			}
		}
	}
	if len(out) > 0 {
		p.handOver(inflight{live: out})
	}
	if sent.After(p.pruneAt) {
		p.pruneAt = sent.Add(pruneEvery)
		for orgID, o := range p.orgs {
			o.sent.prune(func(id string) bool { return p.cfg.Watching(orgID, shared.AgentTopic(id)) })
		}
	}
}

// pruneEvery is how often the views kept for patches are pruned of topics
// nobody watches any more.
const pruneEvery = time.Minute

// stateEnvelope builds the whole-state message of a team or board topic.
// Called with mu held.
func (p *Projector) stateEnvelope(o *org, topic string, now time.Time) (live.Envelope, bool) {
	kind, parts, _ := shared.ParseTopic(topic)
	var env live.Envelope
	var err error
	switch kind {
	case "team":
		tv, found := o.teamView(parts[0], p.lastSeq, now)
		if !found {
			return env, false
		}
		env, err = live.NewEnvelope(topic, shared.KindPoints, tv)
	case "board":
		lb, lerr := o.leaderboard(parts[0], parts[1], DefaultBoardLimit, p.lastSeq, now)
		if lerr != nil {
			return env, false
		}
		env, err = live.NewEnvelope(topic, shared.KindBoard, lb)
	default:
		return env, false
	}
	if err != nil {
		p.log.Error("projector: live message", "err", err)
		return env, false
	}
	return env, true
}
