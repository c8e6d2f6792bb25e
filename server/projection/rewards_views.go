package projection

import (
	"fmt"
	"slices"
	"time"

	"scorecast/scoring/rewards"
	"scorecast/server/store"
	"scorecast/shared"
)

// The views of recognition and rewards: what the API answers and the live
// messages carry, built from the org's economy under the State's lock.

// AgentRecord is an agent's scored record, if they have one; the
// projector's, with the State locked for writing.
func (o *Org) AgentRecord(id string) (*store.AgentRecord, bool) {
	a, ok := o.agents[id]
	return a, ok
}

// LedgerEntryOf is a ledger entry on the wire; its id is the agent and
// its number, unique and stable.
func LedgerEntryOf(e rewards.Entry) shared.LedgerEntry {
	return shared.LedgerEntry{ID: fmt.Sprintf("%s:%d", e.Agent, e.N), At: e.At, Delta: e.Delta, Balance: e.Balance,
		Reason: e.Reason, Ref: e.Ref, Detail: e.Detail}
}

// KudosView is a kudos as people see it; for the org's feed (feed), a
// giver or receiver who chose to be hidden is left out, and one who chose
// initials is shown by them. A hidden kudos loses its message.
func (o *Org) KudosView(k store.KudosRecord, feed bool) shared.Kudos {
	v := shared.Kudos{ID: k.ID, From: k.From, FromName: o.AgentName(k.From), To: k.To, ToName: o.AgentName(k.To),
		Team: o.TeamOfAgent(k.To), Value: k.Value, Message: k.Message, At: k.At, Weight: k.Weight, Hidden: k.Hidden}
	if feed {
		v.From, v.FromName = o.feedAgent(k.From)
		v.To, v.ToName = o.feedAgent(k.To)
		if v.To == "" {
			v.Team = ""
		}
	}
	if k.Hidden {
		v.Message = ""
	}
	return v
}

// SpotlightView is a spotlight as people see it.
func (o *Org) SpotlightView(s store.Spotlight) shared.Spotlight {
	return shared.Spotlight{ID: s.ID, Agent: s.Agent, AgentName: o.AgentName(s.Agent), Team: o.TeamOfAgent(s.Agent),
		Title: s.Title, Message: s.Message, Period: s.Period, By: s.By, At: s.At}
}

// RedemptionView is a redemption as people see it, its item named in
// lang (English when the item has no name in it).
func (o *Org) RedemptionView(r rewards.Redemption, lang string) shared.Redemption {
	it := o.rw.state.Items[r.Item]
	return shared.Redemption{ID: r.ID, Agent: r.Agent, AgentName: o.AgentName(r.Agent), Team: r.Team, Item: r.Item,
		ItemName: wordIn(it.Names, lang, r.Item), Cost: r.Cost, Status: r.Status, At: r.At, Decided: r.Decided, By: r.By,
		Note: r.Note, Balance: o.rw.state.Balance(r.Agent)}
}

func wordIn(words map[string]string, lang, fallback string) string {
	if w := words[lang]; w != "" {
		return w
	}
	if w := words["en"]; w != "" {
		return w
	}
	return fallback
}

// rewardsOf runs fn with an org's state read-locked.
func (p *State) rewardsOf(orgID string, fn func(o *Org)) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	fn(o)
	return nil
}

// RewardsDecision is the decision the projector took of command id: from
// memory while it keeps it, else from the store (a command applied before
// a restart, read with the State unlocked).
func (p *State) RewardsDecision(orgID, id string) (Decision, bool) {
	var d Decision
	var ok bool
	err := p.rewardsOf(orgID, func(o *Org) { d, ok = o.rw.decisions[id] })
	if err != nil {
		return d, false
	}
	if ok {
		return d, true
	}
	d, err = p.store.StoredDecision(orgID, id)
	return d, err == nil
}

// KnownPerson reports whether id is a person of the org (see Org.Known).
func (p *State) KnownPerson(orgID, id string) bool {
	var ok bool
	_ = p.rewardsOf(orgID, func(o *Org) { ok = o.Known(id) })
	return ok
}

// KudosRules is what the ruleset in force says of kudos given now by
// giver, and how many they may still give.
func (p *State) KudosRules(orgID, giver string, at time.Time) (rewards.KudosRules, int, error) {
	var r rewards.KudosRules
	var remaining int
	err := p.rewardsOf(orgID, func(o *Org) {
		pol := o.engine.KudosPolicy(o.LevelOf(giver), at)
		r = rewards.KudosRules{Allowance: pol.Allowance, Period: pol.Key, Values: pol.Values, Weight: pol.Weight}
		remaining = o.rw.state.Remaining(giver, r)
		if o.rules.Kudos != nil {
			r.Period = o.rules.Kudos.Period // the period's name, for the answer
		}
	})
	return r, remaining, err
}

// KudosFilter selects kudos: to or from someone (either, when both are
// set and Either), newest first, at most Limit.
type KudosFilter struct {
	To, From string
	Either   bool
	Limit    int
	// Feed shows the kudos as the org's feed does (consent to appear).
	Feed bool
}

// KudosList lists kudos, newest first.
func (p *State) KudosList(orgID string, f KudosFilter) ([]shared.Kudos, error) {
	out := []shared.Kudos{}
	err := p.rewardsOf(orgID, func(o *Org) {
		for i := len(o.rw.kudos) - 1; i >= 0 && len(out) < f.Limit; i-- {
			k := o.rw.kudos[i]
			to := f.To == "" || k.To == f.To
			from := f.From == "" || k.From == f.From
			if f.Either && f.To != "" && f.From != "" {
				if !(k.To == f.To || k.From == f.From) {
					continue
				}
			} else if !to || !from {
				continue
			}
			out = append(out, o.KudosView(k, f.Feed))
		}
	})
	return out, err
}

// Kudos is one kudos by id.
func (p *State) Kudos(orgID, id string) (shared.Kudos, bool) {
	var v shared.Kudos
	var ok bool
	_ = p.rewardsOf(orgID, func(o *Org) {
		var k store.KudosRecord
		if k, ok = o.KudosByID(id); ok {
			v = o.KudosView(k, false)
		}
	})
	return v, ok
}

// Wallet is an agent's balance and latest ledger entries, newest first:
// those kept in memory, then older ones from the store (read with the
// State unlocked).
func (p *State) Wallet(orgID, agent string, limit int) (shared.Wallet, error) {
	v := shared.Wallet{Agent: agent, Ledger: []shared.LedgerEntry{}}
	oldest := int64(0)
	err := p.rewardsOf(orgID, func(o *Org) {
		w := o.rw.state.Wallets[agent]
		v.Balance, v.Entries = w.Balance, w.Entries
		l := o.rw.ledgers[agent]
		for i := len(l) - 1; i >= 0 && len(v.Ledger) < limit; i-- {
			v.Ledger = append(v.Ledger, LedgerEntryOf(l[i]))
			oldest = l[i].N
		}
	})
	if err != nil || len(v.Ledger) >= limit || oldest <= 1 {
		return v, err
	}
	older, err := p.store.Ledger(orgID, agent, oldest, limit-len(v.Ledger))
	if err != nil {
		return v, err
	}
	for _, e := range older {
		v.Ledger = append(v.Ledger, LedgerEntryOf(e))
	}
	return v, nil
}

// StoreItems are the store's items in lang, cheapest first; retired ones
// only when all is set (for admins), and the balance of agent.
func (p *State) StoreItems(orgID, lang, agent string, all bool) (shared.StoreAnswer, error) {
	ans := shared.StoreAnswer{Items: []shared.StoreItem{}}
	err := p.rewardsOf(orgID, func(o *Org) {
		for _, it := range o.rw.state.Items {
			if it.Retired && !all {
				continue
			}
			ans.Items = append(ans.Items, StoreItemOf(it, lang))
		}
		ans.Balance = o.rw.state.Balance(agent)
	})
	slices.SortFunc(ans.Items, func(a, b shared.StoreItem) int {
		if a.Cost != b.Cost {
			return cmpSeq(uint64(a.Cost), uint64(b.Cost))
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return ans, err
}

// StoreItemOf is an item on the wire, named in lang.
func StoreItemOf(it rewards.Item, lang string) shared.StoreItem {
	return shared.StoreItem{ID: it.ID, Name: wordIn(it.Names, lang, it.ID), Description: wordIn(it.Descriptions, lang, ""),
		Names: it.Names, Descriptions: it.Descriptions, Cost: it.Cost, Stock: it.Stock, NeedsApproval: it.NeedsApproval,
		TeamBudget: it.TeamBudget, Retired: it.Retired}
}

// StoreItem is one item in lang.
func (p *State) StoreItem(orgID, id, lang string) (shared.StoreItem, bool) {
	var v shared.StoreItem
	var ok bool
	_ = p.rewardsOf(orgID, func(o *Org) {
		var it rewards.Item
		if it, ok = o.rw.state.Items[id]; ok {
			v = StoreItemOf(it, lang)
		}
	})
	return v, ok
}

// Redemption is one redemption by id, in lang.
func (p *State) Redemption(orgID, id, lang string) (shared.Redemption, bool) {
	var v shared.Redemption
	var ok bool
	_ = p.rewardsOf(orgID, func(o *Org) {
		var r rewards.Redemption
		if r, ok = o.rw.state.Redemptions[id]; ok {
			v = o.RedemptionView(r, lang)
		}
	})
	return v, ok
}

// Redemptions lists the redemptions keep selects, newest first, at most
// limit, in lang.
func (p *State) Redemptions(orgID, lang string, limit int, keep func(rewards.Redemption) bool) ([]shared.Redemption, error) {
	out := []shared.Redemption{}
	err := p.rewardsOf(orgID, func(o *Org) {
		var list []rewards.Redemption
		for _, r := range o.rw.state.Redemptions {
			if keep(r) {
				list = append(list, r)
			}
		}
		slices.SortFunc(list, func(a, b rewards.Redemption) int {
			if c := b.At.Compare(a.At); c != 0 {
				return c
			}
			if a.ID > b.ID {
				return -1
			}
			return 1
		})
		for _, r := range list[:min(len(list), limit)] {
			out = append(out, o.RedemptionView(r, lang))
		}
	})
	return out, err
}

// Spotlights lists spotlights, newest first; of one agent when agent is
// set.
func (p *State) Spotlights(orgID, agent string) ([]shared.Spotlight, error) {
	out := []shared.Spotlight{}
	err := p.rewardsOf(orgID, func(o *Org) {
		for i := len(o.rw.spots) - 1; i >= 0; i-- {
			if s := o.rw.spots[i]; agent == "" || s.Agent == agent {
				out = append(out, o.SpotlightView(s))
			}
		}
	})
	return out, err
}
