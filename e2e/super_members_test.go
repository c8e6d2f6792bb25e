package e2e

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// superKPICounters are the counters the scorecard reads, as a ruleset
// would declare them; superWithKPIs puts them in a ruleset (replacing any
// of the same id), so the test does not depend on what the default
// ruleset ships.
var superKPICounters = []map[string]any{
	{"id": "contacts", "name": "Contacts handled", "on": []string{"call.completed", "chat.completed", "ticket.solved"}, "agg": "count"},
	{"id": "csat", "name": "Average CSAT", "on": []string{"survey.completed", "ticket.solved"}, "agg": "avg", "metric": "csat",
		"periods": []string{"day", "week", "month", "all"}},
	{"id": "first_contact_resolutions", "name": "First-contact resolutions", "on": []string{"ticket.solved"}, "agg": "sum",
		"metric": "first_contact_resolution"},
	{"id": "handle_time", "name": "Handle time", "on": []string{"call.completed", "chat.completed", "ticket.solved"}, "agg": "avg",
		"metric": "handle_seconds", "periods": []string{"day", "week", "month"}},
	{"id": "qa_score", "name": "QA score", "on": []string{"qa.review"}, "agg": "avg", "metric": "score", "periods": []string{"day", "week", "month"}},
}

// superWithKPIs is rs with the scorecard's counters, less those named in drop.
func superWithKPIs(t *testing.T, rs map[string]any, drop ...string) map[string]any {
	out := clone(t, rs)
	skip := map[string]bool{}
	for _, d := range drop {
		skip[d] = true
	}
	mine := map[string]bool{}
	for _, c := range superKPICounters {
		mine[c["id"].(string)] = true
	}
	var counters []any
	for _, c := range out["counters"].([]any) {
		if id := c.(map[string]any)["id"].(string); !mine[id] {
			counters = append(counters, c)
		}
	}
	for _, c := range superKPICounters {
		if !skip[c["id"].(string)] {
			counters = append(counters, c)
		}
	}
	out["counters"] = counters
	return out
}

// superPublish publishes rs as the admin.
func superPublish(t *testing.T, s *server, rs map[string]any) {
	t.Helper()
	status, out := s.admin().do(http.MethodPut, "/api/v1/ruleset", rs)
	require.Equal(t, http.StatusOK, status, string(out))
}

// superMembers reads a team's grid as the admin (checked against the
// OpenAPI document like every answer of the admin's client).
func superMembers(t require.TestingT, s *server, team string) shared.TeamMembers {
	var tm shared.TeamMembers
	status, out := s.admin().do(http.MethodGet, "/api/v1/teams/"+team+"/members", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &tm))
	return tm
}

func superMember(tm shared.TeamMembers, id string) (shared.MemberView, bool) {
	for _, m := range tm.Members {
		if m.ID == id {
			return m, true
		}
	}
	return shared.MemberView{}, false
}

// TestSuperMemberKPIs: the team grid carries yesterday's points and
// today's CSAT, first-contact resolution rate, handle time and QA from
// the ruleset's counters; a member with nothing counted has none, and a
// counter the ruleset in force lacks leaves its figure out.
func TestSuperMemberKPIs(t *testing.T) {
	s := startServer(t, "")
	var cur rulesetAnswer
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset", &cur))
	superPublish(t, s, superWithKPIs(t, cur.Ruleset))

	const team = "t-kpi"
	old := ticket("a-k1", team, false)
	old.Time = time.Now().Add(-24 * time.Hour).UTC()
	s.ingest(old)
	s.waitAgent("a-k1", func(v shared.AgentView) bool { return v.XP > 0 })
	fast := ticket("a-k1", team, true)
	fast.Metrics["handle_seconds"] = 120
	slow := ticket("a-k1", team, false)
	slow.Metrics["handle_seconds"] = 360
	qa := event{ID: newID("qa"), Type: "qa.review", Agent: "a-k1", Team: team, Time: time.Now().UTC(), Metrics: map[string]any{"score": 88}}
	sv := survey("a-k1", team)
	sv.Metrics["csat"] = 4
	s.ingest(fast, slow, qa, survey("a-k1", team), sv, training("a-k2", team))

	var m shared.MemberView
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		var ok bool
		m, ok = superMember(superMembers(c, s, team), "a-k1")
		assert.True(c, ok)
		assert.NotNil(c, m.QA)
		assert.NotNil(c, m.CSAT)
		if m.CSAT != nil {
			assert.InDelta(c, 4.5, *m.CSAT, 1e-9)
		}
	}, uiWait, pollEvery)
	require.NotNil(t, m.FCR)
	assert.InDelta(t, 0.5, *m.FCR, 1e-9, "one first-contact resolution in two contacts today")
	require.NotNil(t, m.HandleTime)
	assert.InDelta(t, 240, *m.HandleTime, 1e-9)
	assert.InDelta(t, 88, *m.QA, 1e-9)
	assert.Equal(t, int64(10), m.Yesterday, "yesterday's ticket")
	assert.Positive(t, m.Today)
	assert.Empty(t, m.Flag)
	assert.Nil(t, m.FlagFacts)

	tm := superMembers(t, s, team)
	other, ok := superMember(tm, "a-k2")
	require.True(t, ok)
	assert.Nil(t, other.CSAT, "nothing counted today")
	assert.Nil(t, other.FCR)
	assert.Nil(t, other.HandleTime)
	assert.Nil(t, other.QA)

	// A ruleset without qa_score: the figure goes, the others stay.
	superPublish(t, s, superWithKPIs(t, cur.Ruleset, "qa_score"))
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		m, _ := superMember(superMembers(c, s, team), "a-k1")
		assert.Nil(c, m.QA)
		assert.NotNil(c, m.CSAT)
	}, uiWait, pollEvery)
}
