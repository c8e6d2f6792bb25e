package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestRewardsKillRestartAndReplay streams redemptions (each with its own
// Idempotency-Key) and approvals from several agents and their supervisor,
// SIGKILLs the server in the middle, restarts it and retries every
// request with its key: each key ends as exactly one redemption, none is
// lost or doubled, and a balance is its ledger's sum and the coins given
// less what was spent. A retry before the kill spends once too. Then the
// Badger directory is deleted: the replay of the stream rebuilds the same
// wallets, ledgers, stock and redemptions.
func TestRewardsKillRestartAndReplay(t *testing.T) {
	dir := t.TempDir()
	s := rewardsServer(t, dir)
	const n, perAgent, cost, coins = 6, 12, 10, 1000
	agents, sup := rewardsPeople(t, s, "t-kill", "kr", n)
	rewardsItem(t, s, "voucher", cost, 1000, true)
	for i := range n {
		rewardsGive(t, s, fmt.Sprintf("kr-%d", i+1), coins)
	}
	key := func(agent, k int) string { return fmt.Sprintf("kill-%d-%d", agent, k) }

	// A retry before the kill spends once.
	first := rewardsRedeemWithKey(t, agents[0], key(0, 0))
	require.Equal(t, http.StatusCreated, first.status)
	again := rewardsRedeemWithKey(t, agents[0], key(0, 0))
	require.Equal(t, http.StatusCreated, again.status)
	assert.Equal(t, first.r.ID, again.r.ID)
	assert.EqualValues(t, coins-cost, again.r.Balance, "the retry spent nothing")

	// The stream of requests, killed part way through.
	var sent atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			for k := 1; k < perAgent; k++ {
				select {
				case <-stop:
					return
				default:
				}
				res := rewardsTryRedeem(agents[i], key(i, k))
				sent.Add(1)
				if res.status == http.StatusCreated && k%3 == 0 {
					_, _ = rewardsTryCall(sup, http.MethodPost, "/api/v1/redemptions/"+res.r.ID+"/approve", nil)
				}
			}
		})
	}
	require.Eventually(t, func() bool { return sent.Load() >= int64(n*perAgent/3) }, 20*time.Second, time.Millisecond)
	s.Kill()
	close(stop)
	wg.Wait()

	s2 := startServer(t, dir)
	agents2 := make([]*browserClient, n)
	for i := range n {
		agents2[i] = newClient(t, s2)
		agents2[i].login(fmt.Sprintf("kr-%d", i+1), fmt.Sprintf("password-kr-%d", i+1))
	}
	ids := map[string]string{}
	for i := range n {
		for k := range perAgent {
			res := rewardsRedeemWithKey(t, agents2[i], key(i, k))
			require.Equal(t, http.StatusCreated, res.status, "agent %d key %d", i, k)
			ids[key(i, k)] = res.r.ID
			// Once more: the same redemption, nothing spent.
			res2 := rewardsRedeemWithKey(t, agents2[i], key(i, k))
			require.Equal(t, res.r.ID, res2.r.ID)
		}
	}
	assert.Equal(t, first.r.ID, ids[key(0, 0)], "the key used before the kill names the same redemption")
	var list shared.RedemptionsAnswer
	require.Equal(t, http.StatusOK, s2.getJSON("/api/v1/redemptions?limit=1000", &list))
	assert.Len(t, list.Redemptions, n*perAgent, "one redemption per key, none lost or doubled")
	for i := range n {
		w := rewardsWallet(t, s2, fmt.Sprintf("kr-%d", i+1))
		rewardsLedgerSum(t, w)
		assert.EqualValues(t, coins-perAgent*cost, w.Balance, "kr-%d", i+1)
	}
	assert.EqualValues(t, 1000-n*perAgent, rewardsStock(t, s2, "voucher"))

	// A rejection after the restart refunds, and the replay keeps it.
	status, out := rewardsCall(t, s2.admin(), http.MethodPost, "/api/v1/redemptions/"+ids[key(1, 1)]+"/reject", shared.ReviewRequest{Note: "replayed"}, "")
	require.Equal(t, http.StatusOK, status, string(out))
	// Kudos and a spotlight are in the stream too.
	status, out = rewardsCall(t, agents2[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "kr-2", Value: "helpful", Message: "thanks"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	status, out = rewardsCall(t, s2.admin(), http.MethodPost, "/api/v1/spotlights", shared.SpotlightRequest{Agent: "kr-2", Title: "Agent of the month", Period: "2026-12"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))

	snapshot := func(s *server) map[string]string {
		out := map[string]string{}
		for _, path := range []string{"/api/v1/redemptions?limit=1000", "/api/v1/store", "/api/v1/kudos", "/api/v1/spotlights", "/api/v1/agents/kr-2/history"} {
			status, body := s.admin().do(http.MethodGet, path, nil)
			require.Equal(t, http.StatusOK, status, path)
			out[path] = string(body)
		}
		for i := range n {
			body, err := json.Marshal(rewardsWallet(t, s, fmt.Sprintf("kr-%d", i+1)))
			require.NoError(t, err)
			out[fmt.Sprintf("wallet kr-%d", i+1)] = string(body)
		}
		return out
	}
	before := snapshot(s2)
	s2.Kill()
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "badger")))
	s3 := startServer(t, dir)
	after := snapshot(s3)
	for k, v := range before {
		assert.JSONEq(t, v, after[k], k)
	}
}

type rewardsRedeemed struct {
	status int
	r      shared.Redemption
}

// rewardsRedeemWithKey redeems a voucher with an Idempotency-Key.
func rewardsRedeemWithKey(t testing.TB, bc *browserClient, key string) rewardsRedeemed {
	t.Helper()
	status, out := rewardsCall(t, bc, http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "voucher"}, key)
	res := rewardsRedeemed{status: status}
	if status == http.StatusCreated {
		require.NoError(t, json.Unmarshal(out, &res.r))
	}
	return res
}

// rewardsTryRedeem is rewardsRedeemWithKey for a server that may be
// killed under it: a failed request is status 0.
func rewardsTryRedeem(bc *browserClient, key string) rewardsRedeemed {
	status, out := rewardsTryCall(bc, http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "voucher"}, "Idempotency-Key", key)
	res := rewardsRedeemed{status: status}
	if status == http.StatusCreated {
		_ = json.Unmarshal(out, &res.r)
	}
	return res
}

// rewardsTryCall sends a request as bc that may fail (the server is being
// killed): status 0 then. header is name, value pairs.
func rewardsTryCall(bc *browserClient, method, path string, body any, header ...string) (int, []byte) {
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, bc.s.URL+path, r)
	if err != nil {
		return 0, nil
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", bc.s.URL)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := (&http.Client{Jar: bc.c.Jar, Timeout: 15 * time.Second}).Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}
