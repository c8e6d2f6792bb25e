package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// Helpers of the recognition and rewards tests.

// rewardsKudosSection is the ruleset's kudos section the tests put in
// force: three kudos a week, two values, a double weight from level 3.
const rewardsKudosSection = `{"allowance":3,"period":"week","values":[{"id":"helpful","name":"Helpful"},{"id":"customer_first","name":"Customer first"}],"weights":[{"level":3,"weight":2}]}`

// rewardsServer starts a server whose ruleset in force has the kudos
// section above.
func rewardsServer(t *testing.T, dir string) *server {
	t.Helper()
	s := startServer(t, dir)
	rewardsKudosRules(t, s)
	return s
}

// rewardsKudosRules publishes the ruleset in force with the tests' kudos
// section.
func rewardsKudosRules(t *testing.T, s *server) {
	t.Helper()
	var rv shared.RulesetVersion
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset", &rv))
	var rs map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(rv.Ruleset, &rs))
	rs["kudos"] = json.RawMessage(rewardsKudosSection)
	status, out := s.admin().do(http.MethodPut, "/api/v1/ruleset", rs)
	require.Equal(t, http.StatusOK, status, string(out))
}

// rewardsPeople imports n agents of team (ids prefix-1 … prefix-n) and a
// supervisor of it (sup-<team>), and returns clients logged in as each
// agent, and as the supervisor.
func rewardsPeople(t *testing.T, s *server, team, prefix string, n int) ([]*browserClient, *browserClient) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("id,name,role,team,password\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&csv, "%s-%d,Agent %s %d,agent,%s,password-%s-%d\n", prefix, i, prefix, i, team, prefix, i)
	}
	fmt.Fprintf(&csv, "sup-%s,Supervisor %s,supervisor,,password-sup-%s\n", team, team, team)
	status, out := postRoster(t, s, "", csv.String())
	require.Equal(t, http.StatusOK, status, string(out))
	status, out = s.admin().do(http.MethodPut, "/api/v1/teams/"+team, map[string]any{"name": "Team " + team, "supervisors": []string{"sup-" + team}})
	require.Equal(t, http.StatusOK, status, string(out))
	agents := make([]*browserClient, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range agents {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			agents[i] = newClient(t, s)
			agents[i].login(fmt.Sprintf("%s-%d", prefix, i+1), fmt.Sprintf("password-%s-%d", prefix, i+1))
		})
	}
	wg.Wait()
	sup := newClient(t, s)
	sup.login("sup-"+team, "password-sup-"+team)
	return agents, sup
}

// rewardsCall sends a JSON request as bc with an optional Idempotency-Key
// and returns the status and body.
func rewardsCall(t testing.TB, bc *browserClient, method, path string, body any, key string) (int, []byte) {
	t.Helper()
	var data []byte
	if body != nil {
		var err error
		data, err = json.Marshal(body)
		require.NoError(t, err)
	}
	header := map[string]string{}
	if key != "" {
		header["Idempotency-Key"] = key
	}
	ct := ""
	if data != nil {
		ct = "application/json"
	}
	// The client's transport checks every answer against the OpenAPI
	// document the server serves.
	status, _, out := peopleRaw(t, bc, method, path, ct, data, header)
	return status, out
}

// rewardsGive gives coins to an agent as the admin.
func rewardsGive(t testing.TB, s *server, agent string, coins int64) {
	t.Helper()
	status, out := rewardsCall(t, s.admin(), http.MethodPost, "/api/v1/agents/"+agent+"/wallet", shared.WalletAdjust{Delta: coins, Note: "welcome"}, "")
	require.Equal(t, http.StatusOK, status, string(out))
}

// rewardsItem puts an item in the store as the admin.
func rewardsItem(t testing.TB, s *server, id string, cost, stock int64, approval bool) {
	t.Helper()
	status, out := rewardsCall(t, s.admin(), http.MethodPut, "/api/v1/store/items/"+id, shared.StoreItem{
		Names: map[string]string{"en": "Item " + id, "sv": "Sak " + id}, Cost: cost, Stock: stock, NeedsApproval: approval}, "")
	require.Equal(t, http.StatusOK, status, string(out))
}

// rewardsWallet reads an agent's wallet as the admin, with its whole
// ledger (up to 100 entries).
func rewardsWallet(t testing.TB, s *server, agent string) shared.Wallet {
	t.Helper()
	var w shared.Wallet
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/agents/"+agent+"/wallet?limit=100", &w))
	return w
}

// rewardsLedgerSum checks that a wallet's balance is its ledger's sum and
// that every entry's balance follows from the one before.
func rewardsLedgerSum(t testing.TB, w shared.Wallet) {
	t.Helper()
	require.EqualValues(t, len(w.Ledger), w.Entries, "the whole ledger of %s is listed", w.Agent)
	var sum int64
	for i := len(w.Ledger) - 1; i >= 0; i-- {
		sum += w.Ledger[i].Delta
		require.Equal(t, sum, w.Ledger[i].Balance, "entry %s of %s", w.Ledger[i].ID, w.Agent)
		require.GreaterOrEqual(t, w.Ledger[i].Balance, int64(0))
	}
	require.Equal(t, sum, w.Balance, "the balance of %s is its ledger's sum", w.Agent)
}

// rewardsStock is an item's stock as the admin sees it.
func rewardsStock(t testing.TB, s *server, id string) int64 {
	t.Helper()
	var st shared.StoreAnswer
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/store", &st))
	for _, it := range st.Items {
		if it.ID == id {
			return it.Stock
		}
	}
	t.Fatalf("no item %s in the store", id)
	return 0
}
