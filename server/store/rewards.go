package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"scorecast/scoring/quiz"
	"scorecast/scoring/rewards"
)

// Recognition and rewards are kept under "x/<org>/": one record per item,
// redemption, giver's allowance, team budget, kudos, spotlight and
// command's decision (so a retry after a restart reads the first answer),
// each put whole, and the ledger as append-only entries under "x/<org>/l/<agent>/<n>"
// (n big-endian, so an agent's entries are in order). A wallet is not a
// record of its own: it is its ledger's last entry (the balance after it
// and its number), so the two can never disagree, and coins earned cost
// one key each, not two. The projector writes them in the transaction of the batch whose
// command changed them, so they never disagree with the stream sequence.

// RewardsCommand is one command of recognition and rewards as it travels
// in the stream (bus.Control.Rewards). The API checks what it can before
// publishing; the projector decides the rest in stream order, so parallel
// requests on any node meet the same allowance, stock and balance.
type RewardsCommand struct {
	Op   string `json:"op"`   // one of the Op* constants
	By   string `json:"by"`   // the user who asked
	Role string `json:"role"` // their role when they asked
	// ID is what the command makes or names: the kudos, the redemption,
	// the spotlight, or the item.
	ID      string `json:"id,omitempty"`
	Agent   string `json:"agent,omitempty"` // kudos' receiver, buyer, wallet, spotlight
	Value   string `json:"value,omitempty"` // kudos
	Message string `json:"message,omitempty"`
	Action  string `json:"action,omitempty"` // review: approve, reject, fulfil
	Note    string `json:"note,omitempty"`
	Delta   int64  `json:"delta,omitempty"` // adjust
	// Item is the whole item an item command puts.
	Item      *rewards.Item `json:"item,omitempty"`
	Spotlight *Spotlight    `json:"spotlight,omitempty"`
	// Quiz is the whole quiz OpQuiz puts; Answer a submission (quizzes.go).
	Quiz   *quiz.Quiz  `json:"quiz,omitempty"`
	Answer *QuizAnswer `json:"answer,omitempty"`
}

// Rewards command operations.
const (
	OpKudos     = "kudos"
	OpHide      = "hide"
	OpItem      = "item"
	OpRedeem    = "redeem"
	OpReview    = "review"
	OpAdjust    = "adjust"
	OpSpotlight = "spotlight"
)

// Spotlight is someone named for a period, as stored.
type Spotlight struct {
	ID      string    `json:"id"`
	Agent   string    `json:"agent"`
	Title   string    `json:"title"`
	Message string    `json:"message,omitempty"`
	Period  string    `json:"period"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Seq     uint64    `json:"seq"`
}

// KudosRecord is a kudos as stored: the decision's record, with the stream
// sequence that gave it (its order among kudos).
type KudosRecord struct {
	rewards.Kudos
	Seq uint64 `json:"seq"`
}

// RewardsWrites are the records of recognition and rewards one batch
// changed, by org: each put whole, and ledger entries appended.
type RewardsWrites struct {
	Entries     []rewards.Entry
	Items       map[string]rewards.Item
	Redemptions map[string]rewards.Redemption
	Given       map[string]rewards.Given
	Budgets     map[string]any // the rewards package's own record, by key
	Kudos       map[string]KudosRecord
	Spotlights  map[string]Spotlight
	Decisions   map[string]Decision
	// Quizzes and QuizResults are micro-learning's (see quizzes.go).
	Quizzes     map[string]quiz.Quiz
	QuizResults map[string]quiz.Result
}

// NewRewardsWrites is an empty set of writes; its maps are made on first
// use (see Put*), so a batch whose events only earn coins makes two.
func NewRewardsWrites() *RewardsWrites { return &RewardsWrites{} }

// PutItem puts an item.
func (w *RewardsWrites) PutItem(id string, v rewards.Item) { w.Items = put(w.Items, id, v) }

// PutRedemption puts a redemption.
func (w *RewardsWrites) PutRedemption(id string, v rewards.Redemption) {
	w.Redemptions = put(w.Redemptions, id, v)
}

// PutGiven puts a giver's allowance record.
func (w *RewardsWrites) PutGiven(id string, v rewards.Given) { w.Given = put(w.Given, id, v) }

// PutBudget puts a team's budget record.
func (w *RewardsWrites) PutBudget(id string, v any) { w.Budgets = put(w.Budgets, id, v) }

// PutKudos puts a kudos.
func (w *RewardsWrites) PutKudos(id string, v KudosRecord) { w.Kudos = put(w.Kudos, id, v) }

// PutDecision puts a command's decision.
func (w *RewardsWrites) PutDecision(id string, v Decision) { w.Decisions = put(w.Decisions, id, v) }

// PutSpotlight puts a spotlight.
func (w *RewardsWrites) PutSpotlight(id string, v Spotlight) { w.Spotlights = put(w.Spotlights, id, v) }

func put[T any](m map[string]T, id string, v T) map[string]T {
	if m == nil {
		m = map[string]T{}
	}
	m[id] = v
	return m
}

// Len is how many entries the writes make.
func (w *RewardsWrites) Len() int {
	return len(w.Entries) + len(w.Items) + len(w.Redemptions) + len(w.Given) + len(w.Budgets) + len(w.Kudos) + len(w.Spotlights) + len(w.Decisions) +
		len(w.Quizzes) + len(w.QuizResults)
}

func rewardsKey(org, kind, id string) []byte { return []byte("x/" + org + "/" + kind + "/" + id) }

func ledgerKey(org, agent string, n int64) []byte {
	return binary.BigEndian.AppendUint64([]byte("x/"+org+"/l/"+agent+"/"), uint64(n))
}

// fillRewards sets the batch's rewards records in txn.
func fillRewards(txn *badger.Txn, writes map[string]*RewardsWrites) error {
	for org, w := range writes {
		for _, e := range w.Entries {
			if err := setJSON(txn, ledgerKey(org, e.Agent, e.N), e); err != nil {
				return fmt.Errorf("ledger of %s: %w", e.Agent, err)
			}
		}
		puts := []struct {
			kind string
			set  func(put func(id string, v any) error) error
		}{
			{"i", func(put func(string, any) error) error { return eachPut(w.Items, put) }},
			{"r", func(put func(string, any) error) error { return eachPut(w.Redemptions, put) }},
			{"g", func(put func(string, any) error) error { return eachPut(w.Given, put) }},
			{"b", func(put func(string, any) error) error { return eachPut(w.Budgets, put) }},
			{"k", func(put func(string, any) error) error { return eachPut(w.Kudos, put) }},
			{"s", func(put func(string, any) error) error { return eachPut(w.Spotlights, put) }},
			{"d", func(put func(string, any) error) error { return eachPut(w.Decisions, put) }},
			{quizKind, func(put func(string, any) error) error { return eachPut(w.Quizzes, put) }},
			{quizResultKind, func(put func(string, any) error) error { return eachPut(w.QuizResults, put) }},
		}
		for _, p := range puts {
			err := p.set(func(id string, v any) error { return setJSON(txn, rewardsKey(org, p.kind, id), v) })
			if err != nil {
				return fmt.Errorf("rewards of %s: %w", org, err)
			}
		}
	}
	return nil
}

func eachPut[T any](m map[string]T, put func(string, any) error) error {
	for id, v := range m {
		if err := put(id, v); err != nil {
			return err
		}
	}
	return nil
}

// StoredRewards is an org's recognition and rewards as committed.
type StoredRewards struct {
	Items       map[string]rewards.Item
	Redemptions map[string]rewards.Redemption
	Given       map[string]rewards.Given
	// Budgets are raw, for the rewards package to decode into its own type.
	Budgets    map[string][]byte
	Kudos      []KudosRecord // in stream order
	Spotlights []Spotlight   // in stream order
}

// LoadRewards reads an org's recognition and rewards, without the ledger
// (see LedgerAgents and Ledger).
func (s *Store) LoadRewards(org string) (StoredRewards, error) {
	r := StoredRewards{Items: map[string]rewards.Item{},
		Redemptions: map[string]rewards.Redemption{}, Given: map[string]rewards.Given{}, Budgets: map[string][]byte{}}
	// Kind by kind: the ledger and the decisions, the largest, are read on
	// demand (see LedgerAgents, Ledger and Decision).
	for _, kind := range "bgikrs" {
		prefix := "x/" + org + "/" + string(kind) + "/"
		err := s.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true, PrefetchSize: 100})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				id := string(it.Item().Key()[len(prefix):])
				var err error
				switch kind {
				case 'i':
					var v rewards.Item
					err = getItem(it.Item(), &v)
					r.Items[id] = v
				case 'r':
					var v rewards.Redemption
					err = getItem(it.Item(), &v)
					r.Redemptions[id] = v
				case 'g':
					var v rewards.Given
					err = getItem(it.Item(), &v)
					r.Given[id] = v
				case 'b':
					r.Budgets[id], err = it.Item().ValueCopy(nil)
				case 'k':
					var v KudosRecord
					err = getItem(it.Item(), &v)
					r.Kudos = append(r.Kudos, v)
				case 's':
					var v Spotlight
					err = getItem(it.Item(), &v)
					r.Spotlights = append(r.Spotlights, v)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return r, fmt.Errorf("store: load rewards of %s: %w", org, err)
		}
	}
	return r, nil
}

// Decision is a rewards command's decision as stored: its refusal, nil
// when it was accepted.
type Decision struct {
	Seq     uint64           `json:"seq"`
	ID      string           `json:"id,omitempty"`
	Refusal *rewards.Refusal `json:"refusal,omitempty"`
}

// StoredDecision reads the decision of a rewards command, ErrNotFound
// when none was committed.
func (s *Store) StoredDecision(org, id string) (Decision, error) {
	var d Decision
	return d, s.get(rewardsKey(org, "d", id), &d)
}

// Ledger reads an agent's ledger entries, newest first, at most limit of
// them, starting below entry number before (0: from the newest).
func (s *Store) Ledger(org, agent string, before int64, limit int) ([]rewards.Entry, error) {
	var out []rewards.Entry
	prefix := []byte("x/" + org + "/l/" + agent + "/")
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: true, PrefetchValues: true, PrefetchSize: limit})
		defer it.Close()
		start := ledgerKey(org, agent, 1<<62)
		if before > 0 {
			start = ledgerKey(org, agent, before-1)
		}
		for it.Seek(start); it.Valid() && len(out) < limit; it.Next() {
			var e rewards.Entry
			if err := getItem(it.Item(), &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: ledger of %s: %w", agent, err)
	}
	return out, nil
}

// LedgerAgents lists the agents with a ledger in an org, one seek per
// agent rather than a read of every entry.
func (s *Store) LedgerAgents(org string) ([]string, error) {
	var out []string
	prefix := []byte("x/" + org + "/l/")
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); {
			rest := it.Item().Key()[len(prefix):]
			i := bytes.IndexByte(rest, '/')
			if i < 0 {
				it.Next()
				continue
			}
			agent := string(rest[:i])
			out = append(out, agent)
			// '0' follows '/': past every entry of this agent.
			it.Seek(append(append(append([]byte{}, prefix...), agent...), '0'))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: ledgers of %s: %w", org, err)
	}
	return out, nil
}
