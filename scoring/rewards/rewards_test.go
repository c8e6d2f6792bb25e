package rewards

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func anyone(string) bool { return true }

func item(id string, cost, stock int64) Item {
	return Item{ID: id, Names: map[string]string{"en": id}, Cost: cost, Stock: stock}
}

func TestRedeemLastUnitsGoToTheFirstInOrder(t *testing.T) {
	s := NewState()
	_, err := s.PutItem(item("mug", 10, 3))
	require.NoError(t, err)
	for i := range 5 {
		s.Credit(fmt.Sprint("a", i), 15, t0, "e", "rule")
	}
	var ok, sold int
	for i := range 5 {
		_, err := s.Redeem(fmt.Sprint("r", i), fmt.Sprint("a", i), "t", "mug", t0, "2026-12")
		if err == nil {
			ok++
		} else if err.(*Refusal).Code == CodeStock {
			sold++
		}
	}
	assert.Equal(t, 3, ok)
	assert.Equal(t, 2, sold)
	assert.Equal(t, int64(0), s.Items["mug"].Stock)
	assert.Equal(t, int64(5), s.Balance("a0"))
	assert.Equal(t, int64(15), s.Balance("a4"))
}

func TestRedeemTwiceWithOneIDSpendsOnce(t *testing.T) {
	s := NewState()
	_, _ = s.PutItem(item("mug", 10, Unlimited))
	s.Credit("a", 25, t0, "e", "rule")
	_, err := s.Redeem("r1", "a", "t", "mug", t0, "2026-12")
	require.NoError(t, err)
	ch, err := s.Redeem("r1", "a", "t", "mug", t0, "2026-12")
	require.NoError(t, err)
	assert.True(t, ch.Repeat)
	assert.Equal(t, int64(15), s.Balance("a"))
}

func TestRejectRefundsAndRestocks(t *testing.T) {
	s := NewState()
	it := item("day-off", 100, 1)
	it.NeedsApproval, it.TeamBudget = true, 100
	_, _ = s.PutItem(it)
	s.Credit("a", 150, t0, "e", "rule")
	ch, err := s.Redeem("r1", "a", "t", "day-off", t0, "2026-12")
	require.NoError(t, err)
	assert.Equal(t, StatusPending, ch.Redemption.Status)
	_, err = s.Review("r1", ActionFulfil, "sup", "", t0)
	assert.Equal(t, CodeState, err.(*Refusal).Code, "a pending redemption is approved before it is fulfilled")
	ch, err = s.Review("r1", ActionReject, "sup", "not this week", t0)
	require.NoError(t, err)
	assert.Equal(t, StatusRejected, ch.Redemption.Status)
	assert.Equal(t, int64(150), s.Balance("a"))
	assert.Equal(t, int64(1), s.Items["day-off"].Stock)
	assert.Equal(t, int64(0), s.Budgets[budgetKey("day-off", "t")].Coins)
	_, err = s.Review("r1", ActionReject, "sup", "", t0)
	assert.Equal(t, CodeState, err.(*Refusal).Code, "a rejection refunds once")
}

func TestTeamBudget(t *testing.T) {
	s := NewState()
	it := item("voucher", 40, Unlimited)
	it.TeamBudget = 100
	_, _ = s.PutItem(it)
	s.Credit("a", 1000, t0, "e", "rule")
	for i, want := range []string{"", "", CodeBudget} {
		_, err := s.Redeem(fmt.Sprint("r", i), "a", "t", "voucher", t0, "2026-12")
		if want == "" {
			require.NoError(t, err)
		} else {
			assert.Equal(t, want, err.(*Refusal).Code)
		}
	}
	_, err := s.Redeem("r9", "a", "t", "voucher", t0, "2027-01")
	assert.NoError(t, err, "a new month, a new budget")
	_, err = s.Redeem("r10", "a", "other", "voucher", t0, "2026-12")
	assert.NoError(t, err, "each team has its own")
}

func TestKudosAllowance(t *testing.T) {
	s := NewState()
	r := KudosRules{Allowance: 3, Period: "2026-W50", Values: []string{"helpful"}, Weight: 2}
	var accepted int
	for i := range 50 {
		ch, err := s.GiveKudos(Kudos{ID: fmt.Sprint("k", i), From: "a", To: "b", Value: "helpful", At: t0}, r, anyone)
		if err == nil {
			accepted++
			assert.Equal(t, 2, ch.Kudos.Weight)
		} else {
			assert.Equal(t, CodeAllowance, err.(*Refusal).Code)
		}
	}
	assert.Equal(t, 3, accepted)
	assert.Equal(t, 0, s.Remaining("a", r))
	ch, err := s.GiveKudos(Kudos{ID: "k1", From: "a", To: "b", Value: "helpful"}, r, anyone)
	require.NoError(t, err)
	assert.True(t, ch.Repeat, "a repeated command is no new kudos")
	r.Period = "2026-W51"
	assert.Equal(t, 3, s.Remaining("a", r))
	_, err = s.GiveKudos(Kudos{ID: "k99", From: "a", To: "b", Value: "helpful"}, r, anyone)
	assert.NoError(t, err, "a new period, a new allowance")
}

func TestKudosRefusals(t *testing.T) {
	s := NewState()
	r := KudosRules{Allowance: 3, Period: "p", Values: []string{"helpful"}}
	only := func(id string) bool { return id == "b" }
	for want, k := range map[string]Kudos{
		CodeSelf:    {ID: "k1", From: "a", To: "a", Value: "helpful"},
		CodeUnknown: {ID: "k2", From: "a", To: "zed", Value: "helpful"},
		CodeInvalid: {ID: "k3", From: "a", To: "b", Value: "rude"},
	} {
		_, err := s.GiveKudos(k, r, only)
		require.Error(t, err, want)
		assert.Equal(t, want, err.(*Refusal).Code)
	}
	assert.Equal(t, 3, s.Remaining("a", r), "refusals use none of the allowance")
}

func TestAdjustNeverBelowZero(t *testing.T) {
	s := NewState()
	s.Credit("a", 10, t0, "e", "rule")
	_, err := s.Adjust("a", -11, t0, "admin", "")
	assert.Equal(t, CodeBalance, err.(*Refusal).Code)
	_, err = s.Adjust("a", -10, t0, "admin", "correction")
	assert.NoError(t, err)
	assert.Equal(t, int64(0), s.Balance("a"))
}

// run applies n random commands from seed, checking after each that every
// balance is the sum of its ledger and at least zero, every stock at least
// zero, and no giver past the allowance. It returns the state and the
// ledger.
func run(t *testing.T, seed uint64, n int) (*State, []Entry) {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	s := NewState()
	var ledger []Entry
	agents := []string{"a", "b", "c", "d"}
	r := KudosRules{Allowance: 2, Period: "w1", Values: []string{"helpful", "kind"}}
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Minute)
		ag := agents[rng.IntN(len(agents))]
		var ch Change
		var err error
		switch rng.IntN(7) {
		case 0:
			ch, err = s.PutItem(item(fmt.Sprint("i", rng.IntN(3)), int64(1+rng.IntN(40)), int64(rng.IntN(4)-1)))
		case 1, 2:
			ch = s.Credit(ag, int64(rng.IntN(30)), at, fmt.Sprint("e", i), "rule")
		case 3:
			ch, err = s.Redeem(fmt.Sprint("r", rng.IntN(n)), ag, "t", fmt.Sprint("i", rng.IntN(3)), at, "m")
		case 4:
			acts := []string{ActionApprove, ActionReject, ActionFulfil}
			ch, err = s.Review(fmt.Sprint("r", rng.IntN(n)), acts[rng.IntN(3)], "sup", "", at)
		case 5:
			ch, err = s.Adjust(ag, int64(rng.IntN(60)-30), at, "admin", "")
		case 6:
			if rng.IntN(3) == 0 {
				r.Period = fmt.Sprint("w", i)
			}
			ch, err = s.GiveKudos(Kudos{ID: fmt.Sprint("k", rng.IntN(n)), From: ag, To: agents[rng.IntN(len(agents))], Value: "kind"}, r, anyone)
		}
		if err != nil {
			require.Empty(t, ch.Entries, "a refusal changes nothing")
		}
		ledger = append(ledger, ch.Entries...)
		sums := map[string]int64{}
		for _, e := range ledger {
			sums[e.Agent] += e.Delta
		}
		for a, w := range s.Wallets {
			require.Equal(t, sums[a], w.Balance, "the balance of %s is its ledger's sum", a)
			require.GreaterOrEqual(t, w.Balance, int64(0))
		}
		for _, it := range s.Items {
			require.GreaterOrEqual(t, it.Stock, int64(Unlimited))
		}
		for _, g := range s.Given {
			require.LessOrEqual(t, len(g.IDs), r.Allowance)
		}
	}
	return s, ledger
}

func TestPropertiesHoldAndReplayIsIdentical(t *testing.T) {
	for seed := range uint64(40) {
		s1, l1 := run(t, seed, 300)
		s2, l2 := run(t, seed, 300)
		j1, _ := json.Marshal(s1)
		j2, _ := json.Marshal(s2)
		require.JSONEq(t, string(j1), string(j2))
		require.Equal(t, l1, l2)
	}
}

func FuzzCommands(f *testing.F) {
	f.Add(uint64(1), uint16(200))
	f.Fuzz(func(t *testing.T, seed uint64, n uint16) {
		run(t, seed, int(n%500))
	})
}
