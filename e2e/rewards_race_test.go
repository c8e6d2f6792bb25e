package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestRewardsRedeemLastUnits has 100 agents redeem the last 10 units of an
// item at once: exactly 10 succeed, the other 90 get 409, the stock ends at
// 0, and every balance is its ledger's sum.
func TestRewardsRedeemLastUnits(t *testing.T) {
	s := rewardsServer(t, "")
	agents, _ := rewardsPeople(t, s, "t-race", "rr", 100)
	rewardsItem(t, s, "mug", 50, 10, false)
	for i := range agents {
		rewardsGive(t, s, fmt.Sprintf("rr-%d", i+1), 80)
	}
	statuses := make([]int, len(agents))
	bodies := make([][]byte, len(agents))
	var start sync.WaitGroup
	start.Add(1)
	var wg sync.WaitGroup
	for i, a := range agents {
		wg.Go(func() {
			start.Wait()
			statuses[i], bodies[i] = rewardsCall(t, a, http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "mug"}, "")
		})
	}
	start.Done()
	wg.Wait()
	var created, conflict int
	for i, st := range statuses {
		switch st {
		case http.StatusCreated:
			created++
			var r shared.Redemption
			require.NoError(t, json.Unmarshal(bodies[i], &r))
			assert.Equal(t, "approved", r.Status)
			assert.EqualValues(t, 30, r.Balance)
		case http.StatusConflict:
			conflict++
			assert.Contains(t, string(bodies[i]), "sold out")
		default:
			t.Errorf("agent %d: %d %s", i+1, st, bodies[i])
		}
	}
	assert.Equal(t, 10, created)
	assert.Equal(t, 90, conflict)
	assert.EqualValues(t, 0, rewardsStock(t, s, "mug"))
	for i := range agents {
		w := rewardsWallet(t, s, fmt.Sprintf("rr-%d", i+1))
		rewardsLedgerSum(t, w)
	}
}

// TestRewardsKudosAllowance sends 50 parallel kudos from one giver with an
// allowance of 3: exactly 3 are accepted (201), 47 refused (409); the
// receivers' histories show who gave them and for which value.
func TestRewardsKudosAllowance(t *testing.T) {
	s := rewardsServer(t, "")
	agents, _ := rewardsPeople(t, s, "t-kudos", "ka", 4)
	statuses := make([]int, 50)
	var start sync.WaitGroup
	start.Add(1)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() {
			start.Wait()
			to := fmt.Sprintf("ka-%d", 2+i%3)
			statuses[i], _ = rewardsCall(t, agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: to, Value: "helpful", Message: "thanks!"}, "")
		})
	}
	start.Done()
	wg.Wait()
	count := map[int]int{}
	for _, st := range statuses {
		count[st]++
	}
	assert.Equal(t, map[int]int{http.StatusCreated: 3, http.StatusConflict: 47}, count)

	var list shared.KudosList
	status, out := rewardsCall(t, agents[0], http.MethodGet, "/api/v1/kudos?from=ka-1", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &list))
	assert.Len(t, list.Kudos, 3)
	assert.Equal(t, 0, list.Remaining)
	assert.Equal(t, 3, list.Allowance)
	assert.Equal(t, "week", list.Period)

	// The receiver's history names the giver and the value.
	to := list.Kudos[0].To
	var h shared.AgentHistory
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/agents/"+to+"/history", &h))
	found := false
	for _, e := range h.Entries {
		if e.From == "ka-1" {
			found = true
			assert.Equal(t, "helpful", e.Value)
			assert.Equal(t, "Agent ka 1", e.FromName)
		}
	}
	assert.True(t, found, "the history of %s shows the kudos: %+v", to, h.Entries)
}

// TestRewardsRejectRefunds redeems an item that needs approval, rejects it
// as the team's supervisor (the coins and the unit come back), and has the
// admin fulfil an approved one.
func TestRewardsRejectRefunds(t *testing.T) {
	s := rewardsServer(t, "")
	agents, sup := rewardsPeople(t, s, "t-rej", "rj", 1)
	rewardsItem(t, s, "day-off", 400, 2, true)
	rewardsGive(t, s, "rj-1", 900)
	var r shared.Redemption
	status, out := rewardsCall(t, agents[0], http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "day-off"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	require.NoError(t, json.Unmarshal(out, &r))
	assert.Equal(t, "pending", r.Status)
	assert.EqualValues(t, 500, r.Balance)
	assert.EqualValues(t, 1, rewardsStock(t, s, "day-off"))

	status, out = rewardsCall(t, sup, http.MethodPost, "/api/v1/redemptions/"+r.ID+"/reject", shared.ReviewRequest{Note: "busy week"}, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &r))
	assert.Equal(t, "rejected", r.Status)
	assert.EqualValues(t, 900, r.Balance)
	assert.EqualValues(t, 2, rewardsStock(t, s, "day-off"))
	status, out = rewardsCall(t, sup, http.MethodPost, "/api/v1/redemptions/"+r.ID+"/reject", nil, "")
	assert.Equal(t, http.StatusConflict, status, "a rejection refunds once: %s", out)

	status, out = rewardsCall(t, agents[0], http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "day-off"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	require.NoError(t, json.Unmarshal(out, &r))
	status, out = rewardsCall(t, sup, http.MethodPost, "/api/v1/redemptions/"+r.ID+"/fulfil", nil, "")
	assert.Equal(t, http.StatusForbidden, status, "fulfilling is an admin's: %s", out)
	status, out = rewardsCall(t, s.admin(), http.MethodPost, "/api/v1/redemptions/"+r.ID+"/fulfil", nil, "")
	assert.Equal(t, http.StatusConflict, status, "a pending redemption is approved first: %s", out)
	status, out = rewardsCall(t, sup, http.MethodPost, "/api/v1/redemptions/"+r.ID+"/approve", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	status, out = rewardsCall(t, s.admin(), http.MethodPost, "/api/v1/redemptions/"+r.ID+"/fulfil", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &r))
	assert.Equal(t, "fulfilled", r.Status)

	var list shared.RedemptionsAnswer
	status, out = rewardsCall(t, sup, http.MethodGet, "/api/v1/redemptions?status=rejected", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &list))
	require.Len(t, list.Redemptions, 1)
	assert.Equal(t, "busy week", list.Redemptions[0].Note)
	w := rewardsWallet(t, s, "rj-1")
	rewardsLedgerSum(t, w)
	assert.EqualValues(t, 500, w.Balance)

	var audit shared.AuditLog
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/audit", &audit))
	actions := map[string]bool{}
	for _, e := range audit.Entries {
		actions[e.Action] = true
	}
	for _, a := range []string{"redemption.reject", "redemption.approve", "redemption.fulfil", "store.item", "wallet.adjust"} {
		assert.True(t, actions[a], "audited: %s", a)
	}
}
