package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestRewardsRoles checks who may do what: an agent cannot approve nor
// read another's wallet nor adjust one nor put an item; a supervisor sees
// and reviews only their teams'; a display reads only what the org feed
// carries; a cookie write from another origin is refused.
func TestRewardsRoles(t *testing.T) {
	s := rewardsServer(t, "")
	north, supN := rewardsPeople(t, s, "t-n", "rn", 2)
	south, supS := rewardsPeople(t, s, "t-s", "rs", 1)
	rewardsItem(t, s, "lunch", 100, -1, true)
	rewardsGive(t, s, "rn-1", 300)
	rewardsGive(t, s, "rs-1", 300)
	var r shared.Redemption
	status, out := rewardsCall(t, north[0], http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "lunch"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	require.NoError(t, json.Unmarshal(out, &r))
	var rs shared.Redemption
	status, out = rewardsCall(t, south[0], http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "lunch"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	require.NoError(t, json.Unmarshal(out, &rs))

	for _, c := range []struct {
		name   string
		who    *browserClient
		method string
		path   string
		body   any
		want   int
	}{
		{"an agent cannot approve", north[1], http.MethodPost, "/api/v1/redemptions/" + r.ID + "/approve", nil, http.StatusForbidden},
		{"an agent cannot read another's wallet", north[1], http.MethodGet, "/api/v1/agents/rn-1/wallet", nil, http.StatusForbidden},
		{"an agent reads their own", north[0], http.MethodGet, "/api/v1/wallet", nil, http.StatusOK},
		{"an agent cannot adjust", north[0], http.MethodPost, "/api/v1/agents/rn-1/wallet", shared.WalletAdjust{Delta: 5, Note: "me"}, http.StatusForbidden},
		{"an agent cannot put an item", north[0], http.MethodPut, "/api/v1/store/items/x", shared.StoreItem{Names: map[string]string{"en": "X"}, Cost: 1, Stock: 1}, http.StatusForbidden},
		{"an agent cannot name a spotlight", north[0], http.MethodPost, "/api/v1/spotlights", shared.SpotlightRequest{Agent: "rn-2", Title: "Me", Period: "2026-12"}, http.StatusForbidden},
		{"a supervisor cannot redeem", supN, http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "lunch"}, http.StatusForbidden},
		{"a supervisor reads their team's wallet", supN, http.MethodGet, "/api/v1/agents/rn-1/wallet", nil, http.StatusOK},
		{"not another team's", supN, http.MethodGet, "/api/v1/agents/rs-1/wallet", nil, http.StatusForbidden},
		{"nor reviews another team's", supN, http.MethodPost, "/api/v1/redemptions/" + rs.ID + "/approve", nil, http.StatusForbidden},
		{"a supervisor cannot fulfil", supS, http.MethodPost, "/api/v1/redemptions/" + rs.ID + "/fulfil", nil, http.StatusForbidden},
		{"nor spotlight another team's agent", supN, http.MethodPost, "/api/v1/spotlights", shared.SpotlightRequest{Agent: "rs-1", Title: "Star", Period: "2026-12"}, http.StatusForbidden},
		{"a supervisor approves their team's", supS, http.MethodPost, "/api/v1/redemptions/" + rs.ID + "/approve", nil, http.StatusOK},
	} {
		status, out := rewardsCall(t, c.who, c.method, c.path, c.body, "")
		assert.Equal(t, c.want, status, "%s: %s", c.name, out)
	}

	// A supervisor's queue holds their teams' redemptions only.
	var list shared.RedemptionsAnswer
	status, out = rewardsCall(t, supN, http.MethodGet, "/api/v1/redemptions?status=pending", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &list))
	require.Len(t, list.Redemptions, 1)
	assert.Equal(t, r.ID, list.Redemptions[0].ID)
	status, out = rewardsCall(t, north[1], http.MethodGet, "/api/v1/redemptions", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &list))
	assert.Empty(t, list.Redemptions, "an agent sees only their own")

	// A display reads kudos and spotlights, nothing else here.
	_, token := pairDisplay(t, s, s.admin(), []string{shared.BoardAgents}, []string{})
	for path, want := range map[string]int{
		"/api/v1/kudos": http.StatusOK, "/api/v1/spotlights": http.StatusOK, "/api/v1/store": http.StatusForbidden,
		"/api/v1/wallet": http.StatusForbidden, "/api/v1/redemptions": http.StatusForbidden, "/api/v1/agents/rn-1/wallet": http.StatusForbidden,
	} {
		status, out := newClient(t, s).doWith(http.MethodGet, path, nil, "Bearer "+token)
		assert.Equal(t, want, status, "a display on %s: %s", path, out)
	}

	// A cookie write from another origin is refused.
	status, _, out = peopleRaw(t, north[0], http.MethodPost, "/api/v1/kudos", "application/json",
		[]byte(`{"to":"rn-2","value":"helpful"}`), map[string]string{"Origin": "https://evil.example"})
	assert.Equal(t, http.StatusForbidden, status, string(out))
}

// TestRewardsBadInput sends what must be refused, each with a precise
// error, and changes nothing.
func TestRewardsBadInput(t *testing.T) {
	s := rewardsServer(t, "")
	agents, sup := rewardsPeople(t, s, "t-bad", "rb", 2)
	rewardsItem(t, s, "book", 120, 5, false)
	rewardsGive(t, s, "rb-1", 100)
	admin := s.admin()
	for _, c := range []struct {
		name   string
		who    *browserClient
		method string
		path   string
		body   any
		key    string
		want   int
		says   string
	}{
		{"kudos to oneself", agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "rb-1", Value: "helpful"}, "", 422, "not for yourself"},
		{"kudos to someone unknown", agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "nobody", Value: "helpful"}, "", 422, "no one called"},
		{"kudos for an unknown value", agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "rb-2", Value: "rude"}, "", 422, "not one of the values"},
		{"an oversize message", agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "rb-2", Value: "helpful", Message: strings.Repeat("é", 281)}, "", 422, "longer than 280"},
		{"a body over the limit", agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "rb-2", Value: "helpful", Message: strings.Repeat("x", 17<<10)}, "", 413, "over the limit"},
		{"an unknown field", agents[0], http.MethodPost, "/api/v1/kudos", map[string]any{"to": "rb-2", "value": "helpful", "points": 100}, "", 400, "unknown field"},
		{"a bad id as receiver", agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "../etc", Value: "helpful"}, "", 422, "not a person's id"},
		{"an Idempotency-Key too long", agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "rb-2", Value: "helpful"}, strings.Repeat("k", 129), 400, "Idempotency-Key"},
		{"a negative cost", admin, http.MethodPut, "/api/v1/store/items/bad", shared.StoreItem{Names: map[string]string{"en": "Bad"}, Cost: -5, Stock: 1}, "", 422, "costs from 1"},
		{"an item without a name", admin, http.MethodPut, "/api/v1/store/items/bad", shared.StoreItem{Cost: 5, Stock: 1}, "", 422, "English name"},
		{"an item in an unknown language", admin, http.MethodPut, "/api/v1/store/items/bad", shared.StoreItem{Names: map[string]string{"en": "Bad", "xx": "?"}, Cost: 5, Stock: 1}, "", 422, "not one of en"},
		{"a stock below -1", admin, http.MethodPut, "/api/v1/store/items/bad", shared.StoreItem{Names: map[string]string{"en": "Bad"}, Cost: 5, Stock: -2}, "", 422, "stock"},
		{"a bad item id", admin, http.MethodPut, "/api/v1/store/items/b%20ad", shared.StoreItem{Names: map[string]string{"en": "Bad"}, Cost: 5, Stock: 1}, "", 422, "id is 1-64"},
		{"redeeming an unknown item", agents[0], http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "yacht"}, "", 422, "no item"},
		{"redeeming past the balance", agents[0], http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "book"}, "", 409, "balance is 100"},
		{"reviewing an unknown redemption", sup, http.MethodPost, "/api/v1/redemptions/nope/approve", nil, "", 404, "no such redemption"},
		{"a bad status filter", sup, http.MethodGet, "/api/v1/redemptions?status=lost", nil, "", 400, "status is pending"},
		{"a bad limit", agents[0], http.MethodGet, "/api/v1/wallet?limit=0", nil, "", 400, "limit must be"},
		{"a bad language", agents[0], http.MethodGet, "/api/v1/store?lang=xx", nil, "", 400, "lang is one of"},
		{"an adjustment of zero", admin, http.MethodPost, "/api/v1/agents/rb-1/wallet", shared.WalletAdjust{Delta: 0, Note: "x"}, "", 422, "not zero"},
		{"an adjustment without a note", admin, http.MethodPost, "/api/v1/agents/rb-1/wallet", shared.WalletAdjust{Delta: 5}, "", 422, "note says why"},
		{"an adjustment below zero", admin, http.MethodPost, "/api/v1/agents/rb-1/wallet", shared.WalletAdjust{Delta: -101, Note: "too much"}, "", 409, "less than none"},
		{"an adjustment of someone unknown", admin, http.MethodPost, "/api/v1/agents/nobody/wallet", shared.WalletAdjust{Delta: 5, Note: "x"}, "", 404, "no one called"},
		{"hiding unknown kudos", sup, http.MethodPost, "/api/v1/kudos/nope/hide", nil, "", 404, "no such kudos"},
		{"a spotlight of a bad period", sup, http.MethodPost, "/api/v1/spotlights", shared.SpotlightRequest{Agent: "rb-1", Title: "Star", Period: "2026-13"}, "", 422, "a month"},
		{"a spotlight without a title", sup, http.MethodPost, "/api/v1/spotlights", shared.SpotlightRequest{Agent: "rb-1", Period: "2026-12"}, "", 422, "title is 1 to 80"},
		{"candidates of a bad period", sup, http.MethodGet, "/api/v1/spotlights/candidates?period=last", nil, "", 400, "a month"},
	} {
		status, out := rewardsCall(t, c.who, c.method, c.path, c.body, c.key)
		assert.Equal(t, c.want, status, "%s: %s", c.name, out)
		var e shared.Error
		if assert.NoError(t, json.Unmarshal(out, &e), c.name) {
			assert.Contains(t, e.Error, c.says, c.name)
		}
	}
	w := rewardsWallet(t, s, "rb-1")
	assert.EqualValues(t, 100, w.Balance, "nothing was spent")
	assert.EqualValues(t, 5, rewardsStock(t, s, "book"))
	var list shared.KudosList
	status, out := rewardsCall(t, agents[0], http.MethodGet, "/api/v1/kudos", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &list))
	assert.Empty(t, list.Kudos)
	assert.Equal(t, 3, list.Remaining, "refusals use none of the allowance")
}
