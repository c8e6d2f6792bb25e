package projector

import (
	"errors"
	"time"

	"scorecast/scoring"
	"scorecast/scoring/rewards"
	"scorecast/server/bus"
	"scorecast/server/live"
	"scorecast/server/projection"
	"scorecast/server/store"
	"scorecast/shared"
)

// rewardsCommand decides a command of recognition and rewards against the
// org's economy, at its place in the stream: of fifty parallel kudos or a
// hundred redemptions of the last ten units, the first in stream order
// win, on every node and in every replay. Its records go into the pending
// batch's transaction; an accepted kudos becomes the receiver's
// kudos.received event, applied through the engine like any other. The
// decision is kept for the API, which waits for the sequence and answers
// with it. Called with the State locked.
func (p *Projector) rewardsCommand(pend pending, orgID string, c bus.Control, seq uint64, storedAt time.Time) {
	o, err := p.Org(orgID)
	if err != nil || c.Rewards == nil {
		p.stats.Bad.Add(1)
		p.log.Error("projector: rewards command that cannot be applied", "org", orgID, "seq", seq, "err", err)
		return
	}
	// A command decided before (a retry with the same Idempotency-Key that
	// came after the stream's dedupe window) keeps its first decision: an
	// adjustment, which makes no record of its own, is not made twice.
	if o.Decided(c.ID) {
		p.stats.Skipped.Add(1)
		return
	}
	if _, err := p.cfg.Store.StoredDecision(orgID, c.ID); err == nil {
		p.stats.Skipped.Add(1)
		return
	}
	cmd := c.Rewards
	at := c.Time.UTC()
	st := o.Economy()
	var ch rewards.Change
	subject := cmd.ID
	switch cmd.Op {
	case store.OpKudos:
		pol := o.Engine().KudosPolicy(o.LevelOf(cmd.By), at)
		k := rewards.Kudos{ID: cmd.ID, From: cmd.By, To: cmd.Agent, Value: cmd.Value, Message: cmd.Message, At: at}
		ch, err = st.GiveKudos(k, rewards.KudosRules{Allowance: pol.Allowance, Period: pol.Key, Values: pol.Values, Weight: pol.Weight}, o.Known)
		if err == nil && !ch.Repeat {
			rec := store.KudosRecord{Kudos: *ch.Kudos, Seq: seq}
			o.NoteKudos(rec)
			pend.b.RewardsOf(orgID).PutKudos(rec.ID, rec)
			p.kudosEvent(pend, o, rec, seq, storedAt)
		}
	case store.OpHide:
		k, ok := o.KudosByID(cmd.ID)
		if !ok {
			err = &rewards.Refusal{Code: rewards.CodeUnknown, Message: "there are no such kudos"}
			break
		}
		if !k.Hidden {
			k.Hidden, k.HiddenBy = true, cmd.By
			o.NoteKudos(k)
			pend.b.RewardsOf(orgID).PutKudos(k.ID, k)
			pend.out.reward(o, shared.TopicOrg, shared.KindKudos, kudosForFeed(o, k))
		}
	case store.OpItem:
		if cmd.Item == nil {
			err = &rewards.Refusal{Code: rewards.CodeInvalid, Message: "an item command carries the item"}
			break
		}
		ch, err = st.PutItem(*cmd.Item)
	case store.OpRedeem:
		ch, err = st.Redeem(cmd.ID, cmd.By, o.TeamOfAgent(cmd.By), cmd.Value, at, o.Engine().PeriodKey(scoring.PeriodMonth, at))
	case store.OpReview:
		ch, err = st.Review(cmd.ID, cmd.Action, cmd.By, cmd.Note, at)
	case store.OpAdjust:
		if !o.Known(cmd.Agent) {
			err = &rewards.Refusal{Code: rewards.CodeUnknown, Message: "there is no one called " + cmd.Agent + " here"}
			break
		}
		ch, err = st.Adjust(cmd.Agent, cmd.Delta, at, cmd.By, cmd.Note)
	case store.OpSpotlight:
		if cmd.Spotlight == nil || !o.Known(cmd.Spotlight.Agent) {
			err = &rewards.Refusal{Code: rewards.CodeUnknown, Message: "a spotlight names someone of this org"}
			break
		}
		sp := *cmd.Spotlight
		sp.At, sp.By, sp.Seq = at, cmd.By, seq
		o.NoteSpotlight(sp)
		pend.b.RewardsOf(orgID).PutSpotlight(sp.ID, sp)
		pend.out.reward(o, shared.TopicOrg, shared.KindSpotlight, o.SpotlightView(sp))
	case store.OpQuiz, store.OpQuizAnswers, store.OpQuizDaily:
		err = p.quizCommand(pend, o, cmd, at, seq, storedAt)
	default:
		err = &rewards.Refusal{Code: rewards.CodeInvalid, Message: "unknown rewards command " + cmd.Op}
	}
	d := projection.Decision{Seq: seq, ID: subject}
	p.stats.Rewards.Add(1)
	if err != nil {
		p.stats.RewardsRefused.Add(1)
		var r *rewards.Refusal
		if !errors.As(err, &r) {
			r = &rewards.Refusal{Code: rewards.CodeInvalid, Message: err.Error()}
		}
		d.Refusal = r
	} else {
		p.noteChange(pend, o, ch, seq)
	}
	o.Decide(c.ID, d)
	pend.b.RewardsOf(orgID).PutDecision(c.ID, d)
}

// kudosEvent applies an accepted kudos as the receiver's kudos.received
// event (id the kudos', time the command's, metric weight, attributes from
// and value) and sends it to the receiver and the org feed. Called with
// the State locked.
func (p *Projector) kudosEvent(pend pending, o *projection.Org, k store.KudosRecord, seq uint64, storedAt time.Time) {
	ev := scoring.Event{ID: k.ID, Type: scoring.KudosEvent, Agent: k.To, Time: k.At,
		Metrics: map[string]any{"weight": float64(k.Weight)}, Attrs: map[string]string{"from": k.From, "value": k.Value}}
	p.apply(pend, o.ID(), ev, seq, storedAt, nil)
	if a, ok := o.AgentRecord(k.To); ok {
		o.NoteKudosHistory(a, k.Kudos)
		pend.b.Agents[o.ID()+"/"+k.To] = a
	}
	pend.out.reward(o, shared.AgentTopic(k.To), shared.KindKudos, shared.KudosData{At: seq, Kudos: o.KudosView(k, false)})
	pend.out.reward(o, shared.TopicOrg, shared.KindKudos, kudosForFeed(o, k))
}

func kudosForFeed(o *projection.Org, k store.KudosRecord) shared.KudosData {
	return shared.KudosData{At: k.Seq, Kudos: o.KudosView(k, true)}
}

// credit credits the coins of an event's outcomes to the agents they went
// to. Most events give none: the loop is all they pay. Called with the
// State locked.
func (p *Projector) credit(pend pending, o *projection.Org, ev *scoring.Event, outcomes []scoring.Outcome, seq uint64) {
	for i := range outcomes {
		oc := &outcomes[i]
		if oc.Coins <= 0 || oc.Agent == "" {
			continue
		}
		detail := oc.Rule
		switch {
		case oc.Badge != "":
			detail = "badge:" + oc.Badge
		case oc.Challenge != "":
			detail = "challenge:" + oc.Challenge
		case oc.Goal != "":
			detail = "goal:" + oc.Goal
		}
		at := ev.Time
		if at.IsZero() {
			at = time.Unix(0, 0)
		}
		p.noteChange(pend, o, o.Economy().Credit(oc.Agent, oc.Coins, at.UTC(), ev.ID, detail), seq)
		p.stats.Credits.Add(1)
	}
}

// noteChange puts what a change of the economy touched into the batch and
// queues its live messages: a wallet message per ledger entry, a
// redemption message to its agent. Called with the State locked.
func (p *Projector) noteChange(pend pending, o *projection.Org, ch rewards.Change, seq uint64) {
	if ch.Repeat || (len(ch.Entries) == 0 && len(ch.Items) == 0 && ch.Redemption == nil && ch.Giver == "" && ch.Budget == "") {
		return
	}
	st := o.Economy()
	w := pend.b.RewardsOf(o.ID())
	w.Entries = append(w.Entries, ch.Entries...)
	o.NoteEntries(ch.Entries)
	for _, id := range ch.Items {
		w.PutItem(id, st.Items[id])
	}
	if ch.Giver != "" {
		w.PutGiven(ch.Giver, st.Given[ch.Giver])
	}
	if ch.Budget != "" {
		w.PutBudget(ch.Budget, st.Budgets[ch.Budget])
	}
	for _, e := range ch.Entries {
		// Coins earned under load are many: the message is built only
		// for a topic someone follows.
		if topic := shared.AgentTopic(e.Agent); p.cfg.Live.Watching(o.ID(), topic) {
			pend.out.reward(o, topic, shared.KindWallet, shared.WalletData{At: seq, Balance: e.Balance, Entry: projection.LedgerEntryOf(e)})
		}
	}
	if r := ch.Redemption; r != nil {
		w.PutRedemption(r.ID, st.Redemptions[r.ID])
		pend.out.reward(o, shared.AgentTopic(r.Agent), shared.KindRedemption, o.RedemptionView(st.Redemptions[r.ID], ""))
	}
}

// reward queues a live message of recognition and rewards for after the
// commit.
func (b *outbox) reward(o *projection.Org, topic, kind string, data any) {
	c := b.changes(o)
	c.rewards = append(c.rewards, live.Message{Topic: topic, Kind: kind, Data: data})
}
