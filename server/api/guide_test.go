package api

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/shared"
)

// TestGuideCoinsAndKudos: the guide says what earns coins where it says
// what earns points, and carries the kudos section with its values named
// in every language.
func TestGuideCoinsAndKudos(t *testing.T) {
	rs := scoring.DefaultRuleset()
	rs.PointRules[0].Coins = "2"
	g := guideOf(4, &rs)

	rules := map[string]shared.GuideRule{}
	for _, r := range g.Rules {
		rules[r.ID] = r
	}
	assert.Equal(t, [2]any{int64(2), ""}, [2]any{rules["ticket.solved"].Coins, rules["ticket.solved"].CoinsFormula})
	assert.Equal(t, [2]any{int64(10), ""}, [2]any{rules["qa.excellent"].Coins, rules["qa.excellent"].CoinsFormula})
	assert.Equal(t, "csat >= 5 ? 1 : 0", rules["survey.csat"].CoinsFormula)
	assert.Zero(t, rules["call.completed"].Coins, "a rule without coins")
	assert.Empty(t, rules["call.completed"].CoinsFormula)
	assert.Equal(t, "10 * event.metrics.?weight.orValue(1)", rules["kudos.received"].Formula)

	for _, b := range g.Badges {
		if b.ID == "customer_delight" {
			assert.EqualValues(t, 20, b.Coins)
		}
	}
	for _, c := range g.Challenges {
		if c.ID == "weekly_learning" {
			assert.EqualValues(t, 10, c.RewardCoins)
		}
	}
	require.Len(t, g.Goals, 1)
	assert.EqualValues(t, 10, g.Goals[0].Coins)

	require.NotNil(t, g.Kudos)
	assert.Equal(t, [2]any{3, "week"}, [2]any{g.Kudos.Allowance, g.Kudos.Period})
	require.Len(t, g.Kudos.Values, 4)
	assert.Equal(t, shared.GuideKudosValue{ID: "helpful", Name: "Helpful",
		Labels: map[string]string{"en": "Helpful", "sv": "Hjälpsam", "de": "Hilfsbereit", "fr": "Serviable", "ru": "Отзывчивость"}}, g.Kudos.Values[0])
	assert.Equal(t, []shared.GuideKudosWeight{{Level: 5, Weight: 2}}, g.Kudos.Weights)

	// The guide's labels are its own: changing them leaves the ruleset alone.
	g.Kudos.Values[0].Labels["sv"] = "x"
	assert.Equal(t, "Hjälpsam", rs.Kudos.Values[0].Labels["sv"])

	// Without a kudos section the guide has none; its weights list is
	// never null when it has one.
	rs.Kudos = nil
	assert.Nil(t, guideOf(4, &rs).Kudos)
	rs = scoring.DefaultRuleset()
	rs.Kudos.Weights = nil
	b, err := json.Marshal(guideOf(4, &rs).Kudos)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"weights":[]`)
}
