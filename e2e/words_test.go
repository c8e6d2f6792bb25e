package e2e

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// wordsGuide GETs the guide as c, checked against the OpenAPI document as
// every answer of these clients is.
func wordsGuide(t *testing.T, do func(method, path string, body any) (int, []byte)) shared.Guide {
	t.Helper()
	status, out := do(http.MethodGet, "/api/v1/ruleset/guide", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var g shared.Guide
	require.NoError(t, json.Unmarshal(out, &g))
	return g
}

// TestWordsGuide: the guide tells the default ruleset in five languages to
// every member and display, follows a publication, and the agent's view
// carries challenge rewards as data.
func TestWordsGuide(t *testing.T) {
	s := startServer(t, "", "--demo")
	a := s.admin()
	g := wordsGuide(t, a.do)
	assert.Equal(t, 1, g.Version)
	assert.Equal(t, "Europe/Stockholm", g.Timezone)

	byRule := map[string]shared.GuideRule{}
	for _, r := range g.Rules {
		byRule[r.ID] = r
	}
	fcr := byRule["ticket.first_contact_resolution"]
	assert.Equal(t, "ticket.solved", fcr.On)
	assert.EqualValues(t, 20, fcr.Points)
	assert.Empty(t, fcr.Formula)
	assert.Equal(t, "quality", fcr.Category)
	assert.Equal(t, "first_contact_resolution", fcr.Condition)
	assert.Equal(t, "Решено с первого обращения", fcr.Labels["ru"])
	csat := byRule["survey.csat"]
	assert.Equal(t, "(csat - 3) * 15", csat.Formula)
	assert.Equal(t, "csat >= 4", csat.Condition)
	solved := byRule["ticket.solved"]
	assert.Equal(t, "day", solved.CapPeriod)
	assert.EqualValues(t, 200, solved.CapMax)

	require.Len(t, g.Categories, 6)
	assert.Equal(t, shared.GuideCategory{ID: "quality", Labels: map[string]string{"en": "Quality", "sv": "Kvalitet", "de": "Qualität", "fr": "Qualité", "ru": "Качество"}}, g.Categories[0])
	require.Len(t, g.Levels, 10)
	assert.Equal(t, 1, g.Levels[0].Number)
	assert.Equal(t, "Ikone", g.Levels[9].Labels["de"])
	assert.EqualValues(t, 8000, g.Levels[9].XP)

	badges := map[string]shared.GuideBadge{}
	for _, b := range g.Badges {
		badges[b.ID] = b
	}
	assert.Equal(t, "counter", badges["customer_delight"].Criterion)
	assert.Equal(t, "all", badges["customer_delight"].Period)
	require.Len(t, badges["customer_delight"].Tiers, 3)
	assert.Equal(t, shared.GuideTier{Number: 3, Name: "Gold", Labels: map[string]string{"en": "Gold", "sv": "Guld", "de": "Gold", "fr": "Or", "ru": "Золото"}, Min: 200},
		badges["customer_delight"].Tiers[2])
	assert.Equal(t, "points", badges["quality_day"].Criterion)
	assert.Equal(t, "quality", badges["quality_day"].Category)
	assert.True(t, badges["quality_day"].Repeatable)
	assert.Equal(t, "streak", badges["consistent"].Criterion)
	assert.Equal(t, "reward", badges["weekly_learner"].Criterion)
	assert.Len(t, badges["weekly_learner"].Tiers, 1)

	chals := map[string]shared.GuideChallenge{}
	for _, c := range g.Challenges {
		chals[c.ID] = c
	}
	assert.InDelta(t, 1.1, chals["daily_delight"].AdaptiveFactor, 1e-9)
	assert.Equal(t, "weekly_learner", chals["weekly_learning"].RewardBadge)
	assert.EqualValues(t, 30, chals["weekly_learning"].RewardPoints)
	assert.Equal(t, "adhoc", chals["team_blitz"].Period)
	require.Len(t, g.Streaks, 1)
	assert.Equal(t, "shift", g.Streaks[0].Unit)
	require.Len(t, g.Goals, 1)
	assert.Equal(t, "Довольные клиенты за неделю", g.Goals[0].Labels["ru"])
	require.Len(t, g.Boards, 2)
	assert.Equal(t, "Équipes", g.Boards[1].Labels["fr"])
	assert.NotNil(t, g.Seasons)
	counters := map[string]shared.GuideCounter{}
	for _, c := range g.Counters {
		counters[c.ID] = c
	}
	assert.Equal(t, "handle_seconds", counters["handle_time"].Metric)
	assert.Equal(t, "score", counters["qa_score"].Metric)

	// An agent and a display read the same guide; nobody else does.
	agent := newClient(t, s)
	agent.login("a-1", "demo")
	assert.Equal(t, g, wordsGuide(t, agent.do))
	_, token := pairDisplay(t, s, a, []string{"teams"}, []string{})
	tv := newClient(t, s)
	assert.Equal(t, g, wordsGuide(t, func(method, path string, body any) (int, []byte) {
		return tv.doWith(method, path, body, "Bearer "+token)
	}))
	status, _ := newClient(t, s).do(http.MethodGet, "/api/v1/ruleset/guide", nil)
	assert.Equal(t, http.StatusUnauthorized, status)

	// A publication with a new, labelled rule shows at once.
	status, out := a.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var cur rulesetAnswer
	require.NoError(t, json.Unmarshal(out, &cur))
	rs := clone(t, cur.Ruleset)
	rs["point_rules"] = append(rs["point_rules"].([]any), map[string]any{
		"id": "callback.kept", "name": "Callback kept", "on": "callback.kept", "points": 12, "category": "quality",
		"labels": map[string]string{"en": "Callback kept", "sv": "Återuppringning hållen"},
	})
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", rs)
	require.Equal(t, http.StatusOK, status, string(out))
	g2 := wordsGuide(t, agent.do)
	assert.Equal(t, 2, g2.Version)
	last := g2.Rules[len(g2.Rules)-1]
	assert.Equal(t, "callback.kept", last.ID)
	assert.Equal(t, "Återuppringning hållen", last.Labels["sv"])
	assert.EqualValues(t, 12, last.Points)

	// A label in an unknown language is refused at its place.
	bad := clone(t, rs)
	bad["category_labels"].(map[string]any)["quality"].(map[string]any)["es"] = "Calidad"
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", bad)
	require.Equal(t, http.StatusUnprocessableEntity, status, string(out))
	var p problems
	require.NoError(t, json.Unmarshal(out, &p))
	require.Len(t, p.Problems, 1)
	assert.Equal(t, "/category_labels/quality/es", p.Problems[0].Path)

	// Challenges in the agent's view carry their reward as data.
	v := s.agent("a-1")
	found := false
	for _, c := range v.Challenges {
		if c.ID == "weekly_learning" {
			found = true
			assert.EqualValues(t, 30, c.RewardPoints)
			assert.Equal(t, "weekly_learner", c.RewardBadge)
			assert.Equal(t, "30 points + badge Weekly learner", c.Reward, "kept for older clients, with the badge's name")
		}
	}
	assert.True(t, found, "weekly_learning in %+v", v.Challenges)
}
