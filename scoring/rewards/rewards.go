package rewards

import (
	"fmt"
	"time"
)

// Refusal codes: what the API turns into a status.
const (
	CodeInvalid   = "invalid"   // the command itself is wrong (422)
	CodeUnknown   = "unknown"   // it names someone or something that does not exist (422, 404 for an id in a path)
	CodeSelf      = "self"      // kudos to oneself (422)
	CodeAllowance = "allowance" // the giver's allowance for the period is used (409)
	CodeBalance   = "balance"   // the balance is short (409)
	CodeStock     = "stock"     // the item is sold out (409)
	CodeBudget    = "budget"    // the team's monthly budget for the item is used (409)
	CodeState     = "state"     // a redemption is not in a state that allows the step (409)
)

// Refusal is why a command changed nothing, in words for the person who
// sent it.
type Refusal struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (r *Refusal) Error() string { return r.Message }

func refuse(code, format string, args ...any) *Refusal {
	return &Refusal{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Redemption statuses.
const (
	StatusPending   = "pending"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusFulfilled = "fulfilled"
)

// Review actions.
const (
	ActionApprove = "approve"
	ActionReject  = "reject"
	ActionFulfil  = "fulfil"
)

// Ledger reasons.
const (
	ReasonRule   = "rule"   // earned by a point rule, badge or challenge (Ref: the event)
	ReasonRedeem = "redeem" // spent on an item (Ref: the redemption)
	ReasonRefund = "refund" // a rejected redemption given back (Ref: the redemption)
	ReasonAdjust = "adjust" // set by an admin (Ref: the admin's note)
)

// Unlimited is the stock of an item that never runs out.
const Unlimited = -1

// Limits of what a command may carry.
const (
	MaxCost    = 1_000_000_000
	MaxStock   = 1_000_000
	MaxMessage = 280
	MaxNote    = 280
)

// Entry is one line of an agent's ledger. N numbers an agent's entries
// from 1 without gaps; Balance is the balance after it.
type Entry struct {
	Agent   string    `json:"agent"`
	N       int64     `json:"n"`
	At      time.Time `json:"at"`
	Delta   int64     `json:"delta"`
	Balance int64     `json:"balance"`
	Reason  string    `json:"reason"`
	Ref     string    `json:"ref,omitempty"`
	Detail  string    `json:"detail,omitempty"` // the rule, badge, item or note it came from
}

// Wallet is an agent's balance and how many entries their ledger has.
type Wallet struct {
	Balance int64 `json:"balance"`
	Entries int64 `json:"entries"`
}

// Item is one thing of the store's catalogue.
type Item struct {
	ID            string            `json:"id"`
	Names         map[string]string `json:"names"`                  // by language; "en" is required
	Descriptions  map[string]string `json:"descriptions,omitempty"` // by language
	Cost          int64             `json:"cost"`
	Stock         int64             `json:"stock"` // Unlimited, or units left
	NeedsApproval bool              `json:"needs_approval,omitempty"`
	// TeamBudget is how many coins one team may spend on the item in a
	// calendar month; 0 is no limit.
	TeamBudget int64 `json:"team_budget,omitempty"`
	Retired    bool  `json:"retired,omitempty"` // no longer offered; kept for the redemptions that name it
}

// Redemption is one agent's purchase of one item.
type Redemption struct {
	ID      string    `json:"id"`
	Agent   string    `json:"agent"`
	Team    string    `json:"team,omitempty"`
	Item    string    `json:"item"`
	Cost    int64     `json:"cost"`
	Status  string    `json:"status"`
	At      time.Time `json:"at"`
	Month   string    `json:"month"` // the calendar month whose team budget it counts against
	Decided time.Time `json:"decided,omitzero"`
	By      string    `json:"by,omitempty"`   // who took the latest step
	Note    string    `json:"note,omitempty"` // why, for a rejection
}

// Kudos is one recognition from one person to another.
type Kudos struct {
	ID       string    `json:"id"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	Value    string    `json:"value"`
	Message  string    `json:"message,omitempty"`
	At       time.Time `json:"at"`
	Weight   int       `json:"weight"`
	Hidden   bool      `json:"hidden,omitempty"`
	HiddenBy string    `json:"hidden_by,omitempty"`
}

// KudosRules are what the ruleset in force says of a kudos at its time:
// the allowance per period, the period instance the kudos falls in (a
// period key computed in the ruleset's zone), the org's values and the
// weight the giver's standing gives it.
type KudosRules struct {
	Allowance int
	Period    string
	Values    []string
	Weight    int
}

// Given is what a giver has given in their current allowance period.
type Given struct {
	Period string   `json:"period"`
	IDs    []string `json:"ids"` // the kudos of the period, so a repeated command counts once
}

// spent is coins one team spent on one item in one month.
type spent struct {
	Month string `json:"month"`
	Coins int64  `json:"coins"`
}

// Change is what one command did, for the caller to store: whole records
// to put, and ledger entries to append.
type Change struct {
	Entries    []Entry
	Wallets    []string // agents whose Wallet changed
	Items      []string // items whose record changed
	Redemption *Redemption
	Kudos      *Kudos
	Giver      string // whose Given changed
	Budget     string // the budget key that changed
	// Repeat is set when the command was applied before (same id): nothing
	// changed, and Redemption or Kudos is the earlier result.
	Repeat bool
}

// State is one org's economy.
type State struct {
	Wallets     map[string]Wallet     `json:"wallets"`
	Items       map[string]Item       `json:"items"`
	Redemptions map[string]Redemption `json:"redemptions"`
	Given       map[string]Given      `json:"given"`
	Budgets     map[string]spent      `json:"budgets"`
}

// NewState is an empty economy.
func NewState() *State {
	return &State{
		Wallets:     map[string]Wallet{},
		Items:       map[string]Item{},
		Redemptions: map[string]Redemption{},
		Given:       map[string]Given{},
		Budgets:     map[string]spent{},
	}
}

// Balance is an agent's balance.
func (s *State) Balance(agent string) int64 { return s.Wallets[agent].Balance }

// post appends an entry to an agent's ledger and moves the balance. The
// callers have checked that the balance stays at zero or above.
func (s *State) post(ch *Change, agent string, at time.Time, delta int64, reason, ref, detail string) {
	w := s.Wallets[agent]
	w.Balance += delta
	w.Entries++
	s.Wallets[agent] = w
	ch.Entries = append(ch.Entries, Entry{Agent: agent, N: w.Entries, At: at, Delta: delta, Balance: w.Balance,
		Reason: reason, Ref: ref, Detail: detail})
	ch.Wallets = append(ch.Wallets, agent)
}

// Credit adds coins an agent earned by a rule (detail names it) for an
// event (ref). Zero or less changes nothing: rules earn, they never take.
func (s *State) Credit(agent string, coins int64, at time.Time, ref, detail string) Change {
	var ch Change
	if coins <= 0 || agent == "" {
		return ch
	}
	s.post(&ch, agent, at, coins, ReasonRule, ref, detail)
	return ch
}

// Adjust moves an agent's balance by delta on an admin's word (note says
// why), refusing a change that would leave it below zero.
func (s *State) Adjust(agent string, delta int64, at time.Time, by, note string) (Change, error) {
	switch {
	case agent == "":
		return Change{}, refuse(CodeInvalid, "an adjustment names the agent")
	case delta == 0 || delta > MaxCost || delta < -MaxCost:
		return Change{}, refuse(CodeInvalid, "an adjustment is a whole number of coins from -%d to %d, not zero", MaxCost, MaxCost)
	case len(note) > MaxNote:
		return Change{}, refuse(CodeInvalid, "the note is longer than %d characters", MaxNote)
	case s.Balance(agent)+delta < 0:
		return Change{}, refuse(CodeBalance, "%s has %d coins; taking %d would leave less than none", agent, s.Balance(agent), -delta)
	}
	var ch Change
	s.post(&ch, agent, at, delta, ReasonAdjust, by, note)
	return ch, nil
}
