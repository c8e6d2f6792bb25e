package projector

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/scoring/rewards"
	"scorecast/server/bus"
	"scorecast/server/projection"
	"scorecast/server/store"
	"scorecast/shared"
)

// rewardsMsg is a rewards command as the stream delivers it.
func rewardsMsg(t *testing.T, seq uint64, id string, at time.Time, cmd store.RewardsCommand) *decoded {
	t.Helper()
	data, err := json.Marshal(bus.Control{ID: id, Kind: bus.ControlRewards, Time: at, Rewards: &cmd})
	require.NoError(t, err)
	return &decoded{seq: seq, org: "o", control: true, data: data}
}

// Commands are decided in stream order against the economy: the last
// units go to the first redemptions, the rest are refused and change
// nothing; a kudos becomes the receiver's event; an event's coins are
// credited; and a projection loaded afresh from the store holds the same
// economy, with the same ledgers.
func TestRewardsCommandsDecideInStreamOrderAndAreStored(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	seq := uint64(0)
	next := func() uint64 { seq++; return seq }
	// The agents exist once they have an event: a survey of 5 earns a coin.
	var batch []*decoded
	for i := 1; i <= 3; i++ {
		batch = append(batch, &decoded{seq: next(), org: "o", ev: scoring.Event{ID: fmt.Sprintf("e-%d", i), Type: "survey.completed",
			Agent: fmt.Sprintf("a-%d", i), Team: "t", Time: now, Metrics: map[string]any{"csat": 5.0}}})
	}
	item := rewards.Item{ID: "mug", Names: map[string]string{"en": "Mug"}, Cost: 50, Stock: 2}
	batch = append(batch, rewardsMsg(t, next(), "c-item", now, store.RewardsCommand{Op: store.OpItem, By: "admin", ID: "mug", Item: &item}))
	for i := 1; i <= 3; i++ {
		batch = append(batch, rewardsMsg(t, next(), fmt.Sprintf("c-adj-%d", i), now, store.RewardsCommand{Op: store.OpAdjust, By: "admin",
			Agent: fmt.Sprintf("a-%d", i), Delta: 100, Note: "welcome"}))
	}
	for i := 1; i <= 3; i++ {
		batch = append(batch, rewardsMsg(t, next(), fmt.Sprintf("rd-%d", i), now, store.RewardsCommand{Op: store.OpRedeem,
			By: fmt.Sprintf("a-%d", i), ID: fmt.Sprintf("rd-%d", i), Value: "mug"}))
	}
	batch = append(batch, rewardsMsg(t, next(), "k-1", now, store.RewardsCommand{Op: store.OpKudos, By: "a-1", ID: "k-1",
		Agent: "a-2", Value: "helpful", Message: "thanks"}))
	batch = append(batch, rewardsMsg(t, next(), "k-2", now, store.RewardsCommand{Op: store.OpKudos, By: "a-1", ID: "k-2",
		Agent: "a-1", Value: "helpful"}))
	require.NoError(t, p.applyBatch(batch))
	msgs := handed(t, p)

	for id, want := range map[string]string{"rd-1": "", "rd-2": "", "rd-3": rewards.CodeStock, "k-1": "", "k-2": rewards.CodeSelf, "c-item": ""} {
		d, ok := p.RewardsDecision("o", id)
		require.True(t, ok, id)
		if want == "" {
			assert.Nil(t, d.Refusal, id)
		} else if assert.NotNil(t, d.Refusal, id) {
			assert.Equal(t, want, d.Refusal.Code, id)
		}
	}
	w1, err := p.Wallet("o", "a-1", 100)
	require.NoError(t, err)
	assert.EqualValues(t, 1+100-50, w1.Balance, "a coin earned, a hundred given, fifty spent")
	w3, err := p.Wallet("o", "a-3", 100)
	require.NoError(t, err)
	assert.EqualValues(t, 101, w3.Balance, "the refused redemption spent nothing")
	v, err := p.AgentView("o", "a-2")
	require.NoError(t, err)
	assert.Greater(t, v.XP, int64(15), "the kudos scored beside the survey")
	h, err := p.History("o", "a-2", 10)
	require.NoError(t, err)
	require.NotEmpty(t, h.Entries)
	assert.Equal(t, "a-1", h.Entries[0].From)
	assert.Equal(t, "helpful", h.Entries[0].Value)
	kinds := map[string]int{}
	for _, m := range msgs {
		kinds[m.Topic+" "+m.Kind]++
	}
	assert.Equal(t, 1, kinds["agent/a-2 "+shared.KindKudos])
	assert.Equal(t, 1, kinds["org "+shared.KindKudos])
	assert.Equal(t, 2, kinds["agent/a-1 "+shared.KindRedemption]+kinds["agent/a-2 "+shared.KindRedemption])
	assert.Equal(t, 3, kinds["agent/a-1 "+shared.KindWallet], "a coin, the welcome, the mug")

	// A projection loaded afresh from the store holds the same economy.
	again, err := projection.LoadState(p.cfg.Store, func() time.Time { return now })
	require.NoError(t, err)
	for _, agent := range []string{"a-1", "a-2", "a-3"} {
		want, err := p.Wallet("o", agent, 100)
		require.NoError(t, err)
		got, err := again.Wallet("o", agent, 100)
		require.NoError(t, err)
		assert.Equal(t, want, got, agent)
		stored, err := p.cfg.Store.Ledger("o", agent, 0, 100)
		require.NoError(t, err)
		assert.Len(t, stored, int(want.Entries), "the ledger of %s is in the store, entry by entry", agent)
	}
	for _, read := range []func(*projection.State) any{
		func(s *projection.State) any { v, _ := s.StoreItems("o", "en", "", true); return v },
		func(s *projection.State) any {
			v, _ := s.Redemptions("o", "en", 10, func(rewards.Redemption) bool { return true })
			return v
		},
		func(s *projection.State) any { v, _ := s.KudosList("o", KudosFilter{Limit: 10}); return v },
	} {
		assert.Equal(t, jsonOf(t, read(p.State)), jsonOf(t, read(again)))
	}
	_, remaining, err := again.KudosRules("o", "a-1", now)
	require.NoError(t, err)
	_, want, _ := p.KudosRules("o", "a-1", now)
	assert.Equal(t, want, remaining, "the giver's allowance came back too")
}

// A wallet lists its whole ledger, newest first and without gaps, beyond
// the latest entries the projection keeps in memory: the older ones come
// from the store.
func TestWalletListsBeyondWhatIsKeptInMemory(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	// a-1 is known once scored.
	batch := []*decoded{{seq: 1, org: "o", ev: scoring.Event{ID: "e-0", Type: "call.completed", Agent: "a-1", Time: now,
		Metrics: map[string]any{"handle_seconds": 100.0}}}}
	for i := 1; i <= 57; i++ {
		batch = append(batch, rewardsMsg(t, uint64(i+1), fmt.Sprint("adj-", i), now, store.RewardsCommand{Op: store.OpAdjust, By: "admin",
			Agent: "a-1", Delta: int64(i), Note: "step"}))
	}
	require.NoError(t, p.applyBatch(batch))
	handed(t, p)
	w, err := p.Wallet("o", "a-1", 100)
	require.NoError(t, err)
	require.EqualValues(t, 57, w.Entries)
	require.Len(t, w.Ledger, 57)
	for i, e := range w.Ledger {
		assert.Equal(t, fmt.Sprintf("a-1:%d", 57-i), e.ID)
	}
	assert.EqualValues(t, 57*58/2, w.Balance)
	w, err = p.Wallet("o", "a-1", 30)
	require.NoError(t, err)
	assert.Len(t, w.Ledger, 30)
	assert.Equal(t, "a-1:28", w.Ledger[29].ID)
}

// A command that comes again with the same id after the stream's dedupe
// window keeps its first decision and changes nothing: an adjustment is
// not made twice, in this run or after a restart.
func TestRewardsCommandAgainKeepsItsDecision(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	batch := []*decoded{{seq: 1, org: "o", ev: scoring.Event{ID: "e-0", Type: "call.completed", Agent: "a-1", Time: now,
		Metrics: map[string]any{"handle_seconds": 100.0}}}}
	adjust := store.RewardsCommand{Op: store.OpAdjust, By: "admin", Agent: "a-1", Delta: 40, Note: "welcome"}
	batch = append(batch, rewardsMsg(t, 2, "adj-1", now, adjust), rewardsMsg(t, 3, "adj-1", now, adjust))
	require.NoError(t, p.applyBatch(batch))
	handed(t, p)
	w, err := p.Wallet("o", "a-1", 10)
	require.NoError(t, err)
	assert.EqualValues(t, 40, w.Balance)

	again, err := New(Config{Store: p.cfg.Store, Now: func() time.Time { return now }})
	require.NoError(t, err)
	again.commits = make(chan inflight, 64)
	require.NoError(t, again.applyBatch([]*decoded{rewardsMsg(t, 4, "adj-1", now, adjust)}))
	handed(t, again)
	w, err = again.Wallet("o", "a-1", 10)
	require.NoError(t, err)
	assert.EqualValues(t, 40, w.Balance, "after a restart too")
	d, ok := again.RewardsDecision("o", "adj-1")
	require.True(t, ok)
	assert.Nil(t, d.Refusal)
}
