package e2e

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestEngineKudosAndCoinsRuleset: the default ruleset's kudos section and
// coins reach people through the guide; a ruleset with a wrong kudos
// section or wrong coins is refused with every problem at its place; a
// valid change shows in the guide at once.
func TestEngineKudosAndCoinsRuleset(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	g := wordsGuide(t, a.do)
	require.NotNil(t, g.Kudos)
	assert.Equal(t, [2]any{3, "week"}, [2]any{g.Kudos.Allowance, g.Kudos.Period})
	require.Len(t, g.Kudos.Values, 4)
	assert.Equal(t, "customer_first", g.Kudos.Values[1].ID)
	assert.Equal(t, "Kunden först", g.Kudos.Values[1].Labels["sv"])
	assert.Equal(t, []shared.GuideKudosWeight{{Level: 5, Weight: 2}}, g.Kudos.Weights)
	coins := map[string]shared.GuideRule{}
	for _, r := range g.Rules {
		coins[r.ID] = r
	}
	assert.EqualValues(t, 10, coins["qa.excellent"].Coins)
	assert.Equal(t, "csat >= 5 ? 1 : 0", coins["survey.csat"].CoinsFormula)
	for _, b := range g.Badges {
		assert.Positive(t, b.Coins, "badge %s", b.ID)
	}

	status, out := a.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var cur rulesetAnswer
	require.NoError(t, json.Unmarshal(out, &cur))

	bad := clone(t, cur.Ruleset)
	bad["point_rules"].([]any)[0].(map[string]any)["coins"] = -1
	kudos := bad["kudos"].(map[string]any)
	kudos["allowance"] = 101
	values := kudos["values"].([]any)
	values[1].(map[string]any)["id"] = values[0].(map[string]any)["id"]
	kudos["weights"] = []any{map[string]any{"level": 5, "weight": 11}}
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", bad)
	require.Equal(t, http.StatusUnprocessableEntity, status, string(out))
	var p problems
	require.NoError(t, json.Unmarshal(out, &p))
	var paths []string
	for _, pr := range p.Problems {
		paths = append(paths, pr.Path)
	}
	assert.ElementsMatch(t, []string{"/point_rules/0/coins", "/kudos/allowance", "/kudos/values/1/id", "/kudos/weights/0/weight"}, paths)

	good := clone(t, cur.Ruleset)
	kudos = good["kudos"].(map[string]any)
	kudos["allowance"] = 5
	kudos["values"] = append(kudos["values"].([]any), map[string]any{"id": "calm", "name": "Calm under pressure",
		"labels": map[string]string{"de": "Ruhig unter Druck"}})
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", good)
	require.Equal(t, http.StatusOK, status, string(out))
	g = wordsGuide(t, a.do)
	assert.Equal(t, 2, g.Version)
	assert.Equal(t, 5, g.Kudos.Allowance)
	assert.Equal(t, shared.GuideKudosValue{ID: "calm", Name: "Calm under pressure", Labels: map[string]string{"de": "Ruhig unter Druck"}},
		g.Kudos.Values[4])
}
