package shared

import "time"

// Recognition and rewards (API.md, "Recognition and rewards"): kudos people
// give, coins in a ledger, a store, redemptions, spotlights.

// Live kinds of recognition and rewards.
const (
	// KindWallet is sent on agent/<id> when the agent's coins change
	// (data: WalletData).
	KindWallet = "wallet"
	// KindRedemption is sent on agent/<id> when one of the agent's
	// redemptions changes status (data: Redemption).
	KindRedemption = "redemption"
	// KindSpotlight is sent on org when someone is put in the spotlight
	// (data: Spotlight); TVs celebrate it.
	KindSpotlight = "spotlight"
)

// KudosRequest is the body of POST /api/v1/kudos.
type KudosRequest struct {
	To      string `json:"to"`
	Value   string `json:"value"`
	Message string `json:"message,omitempty"`
}

// KudosAnswer answers POST /api/v1/kudos (201).
type KudosAnswer struct {
	ID        string `json:"id"`
	Remaining int    `json:"remaining"`
}

// Kudos is one recognition as people see it. Message is empty and Hidden
// set once a supervisor hid it.
type Kudos struct {
	ID       string    `json:"id"`
	From     string    `json:"from"`
	FromName string    `json:"from_name"`
	To       string    `json:"to"`
	ToName   string    `json:"to_name"`
	Team     string    `json:"team,omitempty"` // the receiver's team
	Value    string    `json:"value"`
	Message  string    `json:"message,omitempty"`
	At       time.Time `json:"at"`
	Weight   int       `json:"weight"`
	Hidden   bool      `json:"hidden,omitempty"`
}

// KudosList answers GET /api/v1/kudos?to=&from=&limit=: newest first,
// and what the caller may still give.
type KudosList struct {
	Kudos     []Kudos  `json:"kudos"`
	Allowance int      `json:"allowance"`
	Remaining int      `json:"remaining"`
	Period    string   `json:"period"` // day, week or month
	Values    []string `json:"values"` // the org's values; their names are in the ruleset guide
}

// KudosData is the data of a "kudos" message on agent/<to> and on org.
type KudosData struct {
	At    uint64 `json:"at"`
	Kudos Kudos  `json:"kudos"`
}

// HideKudos is the body of POST /api/v1/kudos/{id}/hide.
type HideKudos struct {
	Reason string `json:"reason,omitempty"`
}

// LedgerEntry is one line of a wallet's ledger. Reason is rule, redeem,
// refund or adjust; Ref the event, redemption or admin behind it; Detail
// the rule, badge, challenge or item it came from, or an admin's note.
type LedgerEntry struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Delta   int64     `json:"delta"`
	Balance int64     `json:"balance"`
	Reason  string    `json:"reason"`
	Ref     string    `json:"ref,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// Wallet answers GET /api/v1/wallet and GET /api/v1/agents/{id}/wallet:
// the balance and the ledger, newest first (?limit=, default 50).
type Wallet struct {
	Agent   string        `json:"agent"`
	Balance int64         `json:"balance"`
	Entries int64         `json:"entries"`
	Ledger  []LedgerEntry `json:"ledger"`
}

// WalletData is the data of a "wallet" message on agent/<id>.
type WalletData struct {
	At      uint64      `json:"at"`
	Balance int64       `json:"balance"`
	Entry   LedgerEntry `json:"entry"`
}

// WalletAdjust is the body of POST /api/v1/agents/{id}/wallet (admin): a
// correction of the balance, with a note saying why.
type WalletAdjust struct {
	Delta int64  `json:"delta"`
	Note  string `json:"note"`
}

// StoreItem is one thing of the store. Name and Description are in the
// caller's language; Names and Descriptions carry all five for admins and
// are what PUT /api/v1/store/items/{id} takes. Stock -1 is unlimited.
type StoreItem struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	Description   string            `json:"description,omitempty"`
	Names         map[string]string `json:"names"`
	Descriptions  map[string]string `json:"descriptions,omitempty"`
	Cost          int64             `json:"cost"`
	Stock         int64             `json:"stock"`
	NeedsApproval bool              `json:"needs_approval"`
	TeamBudget    int64             `json:"team_budget,omitempty"` // coins a team may spend on it a month; 0 none
	Retired       bool              `json:"retired,omitempty"`
}

// StoreAnswer answers GET /api/v1/store (?lang=): the items on offer
// (admins also see retired ones) and the caller's balance.
type StoreAnswer struct {
	Items   []StoreItem `json:"items"`
	Balance int64       `json:"balance"`
}

// RedemptionRequest is the body of POST /api/v1/redemptions.
type RedemptionRequest struct {
	Item string `json:"item"`
}

// Redemption is one purchase. POST /api/v1/redemptions answers it (201)
// with Balance, the buyer's balance after it.
type Redemption struct {
	ID        string    `json:"id"`
	Agent     string    `json:"agent"`
	AgentName string    `json:"agent_name"`
	Team      string    `json:"team,omitempty"`
	Item      string    `json:"item"`
	ItemName  string    `json:"item_name"`
	Cost      int64     `json:"cost"`
	Status    string    `json:"status" enum:"pending,approved,rejected,fulfilled"`
	At        time.Time `json:"at"`
	Decided   time.Time `json:"decided,omitzero"`
	By        string    `json:"by,omitempty"`
	Note      string    `json:"note,omitempty"`
	Balance   int64     `json:"balance"`
}

// RedemptionsAnswer answers GET /api/v1/redemptions?status=&agent=: an
// agent sees theirs, a supervisor their teams', an admin all; newest first.
type RedemptionsAnswer struct {
	Redemptions []Redemption `json:"redemptions"`
}

// ReviewRequest is the optional body of POST
// /api/v1/redemptions/{id}/approve|reject|fulfil.
type ReviewRequest struct {
	Note string `json:"note,omitempty"`
}

// Spotlight is someone named for a period ("agent of the month"). Period
// is a month ("2026-11") or an ISO week ("2026-W48").
type Spotlight struct {
	ID        string    `json:"id"`
	Agent     string    `json:"agent"`
	AgentName string    `json:"agent_name"`
	Team      string    `json:"team,omitempty"`
	Title     string    `json:"title"`
	Message   string    `json:"message,omitempty"`
	Period    string    `json:"period"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

// SpotlightRequest is the body of POST /api/v1/spotlights.
type SpotlightRequest struct {
	Agent   string `json:"agent"`
	Title   string `json:"title"`
	Message string `json:"message,omitempty"`
	Period  string `json:"period"`
}

// SpotlightsAnswer answers GET /api/v1/spotlights?agent=: newest first.
type SpotlightsAnswer struct {
	Spotlights []Spotlight `json:"spotlights"`
}

// Candidate is someone the data suggests for a spotlight, with why:
// Reason is quality (the best quality score), improved (most above their
// own baseline) or kudos (most kudos received); Figure is the number
// behind it (a score, a percentage, a count).
type Candidate struct {
	Agent  string  `json:"agent"`
	Name   string  `json:"name"`
	Team   string  `json:"team,omitempty"`
	Reason string  `json:"reason" enum:"quality,improved,kudos"`
	Figure float64 `json:"figure"`
}

// CandidatesAnswer answers GET /api/v1/spotlights/candidates?period=.
type CandidatesAnswer struct {
	Period     string      `json:"period"`
	Candidates []Candidate `json:"candidates"`
}
