package projection

import (
	"encoding/json"
	"fmt"
	"slices"

	"scorecast/scoring/rewards"
	"scorecast/server/store"
)

// orgRewards is an org's recognition and rewards in memory: the economy
// the rewards package decides on, the latest ledger entries of each
// wallet, every kudos and spotlight (kudos are scarce by design, a few per
// person and period), and the decisions of recent commands for the API to
// read after it waited for their sequence. Changed only by the projector,
// with the State locked for writing.
type orgRewards struct {
	state   *rewards.State
	ledgers map[string][]rewards.Entry // by agent, oldest first: the latest keptLedger to 2*keptLedger
	kudos   []store.KudosRecord        // in stream order
	kudosAt map[string]int             // kudos id -> index in kudos
	spots   []store.Spotlight          // in stream order
	// decisions are by command id; order is a ring of their ids in
	// arrival, next its oldest once full, to forget the oldest once there
	// are maxDecisions.
	decisions map[string]Decision
	order     []string
	next      int
}

// Decision is what the projector decided of one rewards command: refused
// (Refusal set) or accepted, at which sequence, and what it made or named.
// It is stored with the batch too, so a retry after a restart reads it.
type Decision = store.Decision

// MaxRecentLedger is how many of a wallet's latest entries a view lists at
// most; keptLedger how many the projection keeps in memory (between it and
// twice it, trimmed now and then rather than shifted on every entry: an
// agent earning a coin per event made that a copy per event). Older ones
// are read from the store.
const (
	MaxRecentLedger = 100
	keptLedger      = 20
)

// maxDecisions bounds the decisions kept for the API: a request reads its
// own within seconds of its command being applied, so this many is hours
// at any plausible rate of people redeeming and giving.
const maxDecisions = 20_000

func loadRewards(st *store.Store, org string) (*orgRewards, error) {
	stored, err := st.LoadRewards(org)
	if err != nil {
		return nil, err
	}
	// The rewards package's State is rebuilt from its own JSON, so its
	// unexported budget records decode as it wrote them.
	budgets := make(map[string]json.RawMessage, len(stored.Budgets))
	for k, v := range stored.Budgets {
		budgets[k] = v
	}
	doc, err := json.Marshal(map[string]any{"items": stored.Items,
		"redemptions": stored.Redemptions, "given": stored.Given, "budgets": budgets})
	if err != nil {
		return nil, fmt.Errorf("projector: rewards of org %s: %w", org, err)
	}
	state := rewards.NewState()
	if err := json.Unmarshal(doc, state); err != nil {
		return nil, fmt.Errorf("projector: rewards of org %s: %w", org, err)
	}
	rw := &orgRewards{state: state, ledgers: map[string][]rewards.Entry{}, kudosAt: map[string]int{}, decisions: map[string]Decision{}}
	slices.SortFunc(stored.Kudos, func(a, b store.KudosRecord) int { return cmpSeq(a.Seq, b.Seq) })
	for _, k := range stored.Kudos {
		rw.addKudos(k)
	}
	slices.SortFunc(stored.Spotlights, func(a, b store.Spotlight) int { return cmpSeq(a.Seq, b.Seq) })
	rw.spots = stored.Spotlights
	// A wallet is its ledger's last entry (see store.LedgerAgents).
	agents, err := st.LedgerAgents(org)
	if err != nil {
		return nil, err
	}
	for _, agent := range agents {
		entries, err := st.Ledger(org, agent, 0, keptLedger)
		if err != nil {
			return nil, err
		}
		if len(entries) == 0 {
			continue
		}
		last := entries[0]
		state.Wallets[agent] = rewards.Wallet{Balance: last.Balance, Entries: last.N}
		slices.Reverse(entries)
		rw.ledgers[agent] = entries
	}
	return rw, nil
}

func cmpSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (rw *orgRewards) addKudos(k store.KudosRecord) {
	if i, ok := rw.kudosAt[k.ID]; ok {
		rw.kudos[i] = k
		return
	}
	rw.kudosAt[k.ID] = len(rw.kudos)
	rw.kudos = append(rw.kudos, k)
}

// Economy is the org's rewards state, for the projector to apply commands
// to; with the State locked for writing.
func (o *Org) Economy() *rewards.State { return o.rw.state }

// NoteEntries keeps a change's ledger entries among each wallet's latest.
// The projector's, with the State locked for writing.
func (o *Org) NoteEntries(entries []rewards.Entry) {
	for _, e := range entries {
		l := append(o.rw.ledgers[e.Agent], e)
		if len(l) > 2*keptLedger {
			n := copy(l, l[len(l)-keptLedger:])
			clear(l[n:]) // their strings need not live on
			l = l[:n]
		}
		o.rw.ledgers[e.Agent] = l
	}
}

// NoteKudos keeps a kudos (new, or hidden since). The projector's.
func (o *Org) NoteKudos(k store.KudosRecord) { o.rw.addKudos(k) }

// KudosByID is a kudos by its id. The projector's.
func (o *Org) KudosByID(id string) (store.KudosRecord, bool) {
	i, ok := o.rw.kudosAt[id]
	if !ok {
		return store.KudosRecord{}, false
	}
	return o.rw.kudos[i], true
}

// NoteSpotlight keeps a spotlight. The projector's.
func (o *Org) NoteSpotlight(s store.Spotlight) { o.rw.spots = append(o.rw.spots, s) }

// Decide keeps the decision of command id for the API. The projector's.
func (o *Org) Decide(id string, d Decision) {
	rw := o.rw
	if _, ok := rw.decisions[id]; !ok {
		if len(rw.order) < maxDecisions {
			rw.order = append(rw.order, id)
		} else {
			delete(rw.decisions, rw.order[rw.next])
			rw.order[rw.next] = id
			rw.next = (rw.next + 1) % maxDecisions
		}
	}
	rw.decisions[id] = d
}

// Decided reports whether command id was decided in this run. The
// projector's.
func (o *Org) Decided(id string) bool {
	_, ok := o.rw.decisions[id]
	return ok
}

// Known reports whether someone is a person of the org: on the roster, or
// scored (an org without a strict roster scores agents on first sight).
func (o *Org) Known(id string) bool {
	if _, ok := o.profiles[id]; ok {
		return true
	}
	_, ok := o.agents[id]
	return ok
}

// LevelOf is a person's level index (0 for someone without a score, as a
// supervisor or an admin).
func (o *Org) LevelOf(id string) int {
	if a, ok := o.agents[id]; ok {
		return a.State.Level
	}
	return 0
}

// TeamOfAgent is an agent's team: their scored state's, else the roster's.
func (o *Org) TeamOfAgent(id string) string {
	if a, ok := o.agents[id]; ok && a.State.Team != "" {
		return a.State.Team
	}
	return o.profiles[id].Team
}

// FeedAgent is a person's id and name as the org's feed shows them (none
// for someone hidden, initials for someone who chose them).
func (o *Org) FeedAgent(id string) (string, string) { return o.feedAgent(id) }
