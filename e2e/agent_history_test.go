package e2e

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// agentHistory reads an agent's history as the admin.
func agentHistory(t *testing.T, s *server, id, query string) shared.AgentHistory {
	t.Helper()
	var h shared.AgentHistory
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/agents/"+id+"/history"+query, &h))
	return h
}

// TestAgentHistoryAndBestsSurviveSIGKILL: the history lists the latest
// point awards newest first with their rule, category, event and time, it
// is bounded, and it and the personal bests are the same after a SIGKILL
// and a restart. Bad limits get a precise 400, and an agent sees only
// their own history.
func TestAgentHistoryAndBestsSurviveSIGKILL(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	const agent = "a-hist"
	first := ticket(agent, "t-hist", true)
	s.ingest(first)
	v := s.waitAgent(agent, func(v shared.AgentView) bool { return v.XP > 0 })
	h := agentHistory(t, s, agent, "")
	require.NotEmpty(t, h.Entries)
	assert.Equal(t, agent, h.Agent)
	var sum int64
	for _, e := range h.Entries {
		assert.Equal(t, first.ID, e.Event)
		assert.NotEmpty(t, e.Rule)
		assert.NotEmpty(t, e.Category)
		assert.WithinDuration(t, first.Time, e.Time, 1e6) // milliseconds are kept
		sum += e.Points
	}
	assert.Equal(t, v.XP, sum, "the awards add up to the agent's points")
	assert.Equal(t, shared.PersonalBest{Key: v.Points[shared.PeriodDay].Key, Points: v.Points[shared.PeriodDay].Points}, v.BestDay)
	assert.Equal(t, shared.PersonalBest{Key: v.Points[shared.PeriodWeek].Key, Points: v.Points[shared.PeriodWeek].Points}, v.BestWeek)

	// More awards than the server keeps: the newest come first, at most
	// shared.MaxHistory of them.
	var evs []event
	for range shared.MaxHistory + 5 {
		evs = append(evs, survey(agent, ""))
	}
	s.ingest(evs...)
	last := evs[len(evs)-1]
	// The newest award is the burst's last event once all of it is applied;
	// the points alone pass any threshold part way through the burst.
	var full shared.AgentHistory
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		full = agentHistory(t, s, agent, fmt.Sprintf("?limit=%d", shared.MaxHistory))
		assert.True(c, len(full.Entries) > 0 && full.Entries[0].Event == last.ID, "the burst is not applied yet")
	}, 30*time.Second, pollEvery)
	v = s.agent(agent)
	require.Len(t, full.Entries, shared.MaxHistory)
	assert.Equal(t, last.ID, full.Entries[0].Event)
	assert.Len(t, agentHistory(t, s, agent, "?limit=3").Entries, 3)
	assert.Len(t, agentHistory(t, s, agent, "").Entries, shared.DefaultHistoryLimit)
	assert.Equal(t, v.Points[shared.PeriodDay].Points, v.BestDay.Points)

	for _, q := range []string{"?limit=0", "?limit=31", "?limit=x", "?limit=-1"} {
		status, out := s.admin().do(http.MethodGet, "/api/v1/agents/"+agent+"/history"+q, nil)
		assert.Equal(t, http.StatusBadRequest, status, q)
		assert.Contains(t, string(out), "limit must be a whole number from 1 to 30", q)
	}
	// An agent never seen has an empty list, not a 404: the view opens
	// before the first event.
	assert.Empty(t, agentHistory(t, s, "a-nobody", "").Entries)

	s.Kill()
	s2 := startServer(t, dir)
	assert.Equal(t, full, agentHistory(t, s2, agent, fmt.Sprintf("?limit=%d", shared.MaxHistory)), "after SIGKILL and restart")
	after := s2.agent(agent)
	assert.Equal(t, v.BestDay, after.BestDay)
	assert.Equal(t, v.BestWeek, after.BestWeek)

	// Another agent may not read it; the agent may.
	a := s2.admin()
	for _, u := range []string{agent, "a-other"} {
		status, out := a.do(http.MethodPut, "/api/v1/users/"+u, map[string]string{"name": "Name of " + u, "role": "agent", "team": "t-hist", "password": "password-" + u})
		require.Equal(t, http.StatusOK, status, string(out))
	}
	other := newClient(t, s2)
	other.login("a-other", "password-a-other")
	status, _ := other.do(http.MethodGet, "/api/v1/agents/"+agent+"/history", nil)
	assert.Equal(t, http.StatusForbidden, status)
	me := newClient(t, s2)
	me.login(agent, "password-"+agent)
	status, _ = me.do(http.MethodGet, "/api/v1/agents/"+agent+"/history?limit=2", nil)
	assert.Equal(t, http.StatusOK, status)
}
