package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestGameLive plays the default game through the API and the live socket:
// a badge is awarded live and shows in the achievement feed, a supervisor
// launches a team challenge that the agent then sees, and team goals fill.
func TestGameLive(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	for _, u := range []struct{ id, role, team string }{{"a-g", "agent", "t-g"}, {"sup-g", "supervisor", ""}, {"sup-x", "supervisor", ""}} {
		status, out := a.do(http.MethodPut, "/api/v1/users/"+u.id, map[string]string{"name": "Name " + u.id, "role": u.role, "team": u.team, "password": "password-" + u.id})
		require.Equal(t, http.StatusOK, status, string(out))
	}
	status, out := a.do(http.MethodPut, "/api/v1/teams/t-g", map[string]any{"name": "Gamers", "supervisors": []string{"sup-g"}})
	require.Equal(t, http.StatusOK, status, string(out))

	ctx := withContext(t, time.Minute)
	c := dialLive(t, ctx, s)
	c.subscribe(ctx, shared.AgentTopic("a-g"), nil)
	require.Equal(t, shared.KindSnapshot, c.next(ctx).Kind)
	c.subscribe(ctx, shared.TopicOrg, nil)
	require.Equal(t, shared.KindSnapshot, c.nextOn(ctx, shared.TopicOrg).Kind)

	// One training earns the bronze "Lifelong learner" badge.
	s.ingest(training("a-g", "t-g"))
	var badge shared.AchievementData
	for badge.ID == "" {
		m := c.nextOn(ctx, shared.AgentTopic("a-g"))
		if m.Kind == shared.KindBadge {
			require.NoError(t, json.Unmarshal(m.Data, &badge))
		}
	}
	assert.Equal(t, "lifelong_learner", badge.ID)
	assert.Equal(t, "Lifelong learner", badge.Name)
	assert.Equal(t, 1, badge.Tier)
	require.True(t, badge.Agent != nil || badge.Patch != nil, "a badge message on the agent's topic carries the agent's view")
	feed := c.nextOn(ctx, shared.TopicOrg)
	assert.Equal(t, shared.KindBadge, feed.Kind)
	assert.Contains(t, string(feed.Data), `"agent_name":"Name a-g"`)
	v := s.agent("a-g")
	var earned []string
	for _, b := range v.Badges {
		if b.Tier > 0 {
			earned = append(earned, b.ID+"/"+b.TierName)
		}
	}
	assert.Equal(t, []string{"lifelong_learner/Bronze"}, earned)

	// A supervisor launches a blitz for their team; another supervisor may not.
	sup := newClient(t, s)
	sup.login("sup-g", "password-sup-g")
	launch := map[string]any{"challenge": "team_blitz", "team": "t-g", "deadline": time.Now().Add(2 * time.Hour).UTC()}
	other := newClient(t, s)
	other.login("sup-x", "password-sup-x")
	status, _ = other.do(http.MethodPost, "/api/v1/challenges", launch)
	assert.Equal(t, http.StatusForbidden, status)
	status, out = sup.do(http.MethodPost, "/api/v1/challenges", map[string]any{"challenge": "no_such", "team": "t-g", "deadline": time.Now().Add(time.Hour).UTC()})
	assert.Equal(t, http.StatusUnprocessableEntity, status, string(out))
	status, out = sup.do(http.MethodPost, "/api/v1/challenges", launch)
	require.Equal(t, http.StatusCreated, status, string(out))
	v = s.agent("a-g")
	names := []string{}
	for _, ch := range v.Challenges {
		names = append(names, ch.ID)
	}
	assert.Contains(t, names, "team_blitz", "the agent sees the team's launched challenge")

	// Happy customers fill the team goal and the blitz.
	s.ingest(survey("a-g", "t-g"), survey("a-g", "t-g"), survey("a-g", "t-g"))
	var goal shared.Goal
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		var team shared.TeamView
		s.getJSON("/api/v1/teams/t-g", &team)
		for _, g := range team.Goals {
			if g.ID == "weekly_happy" && g.Progress >= 3 {
				goal = g
				return
			}
		}
		c.Errorf("no weekly_happy goal at 3 in %+v", team.Goals)
	}, 10*time.Second, pollEvery)
	assert.Equal(t, 3.0, goal.Shares["a-g"])
}

// TestSimulateAndWarnings replays stored events through a candidate
// ruleset, as one answer and as a stream with progress, and shows warnings
// for rules that are legal but suspicious.
func TestSimulateAndWarnings(t *testing.T) {
	s := startServer(t, "")
	from := time.Now().Add(-time.Minute).UTC()
	s.ingest(ticket("a-s1", "t-s", false), ticket("a-s1", "t-s", false), ticket("a-s2", "t-s", true))
	s.waitAgent("a-s2", func(v shared.AgentView) bool { return v.XP > 0 })
	a := s.admin()
	var cur rulesetAnswer
	status, out := a.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(out, &cur))
	cand := clone(t, cur.Ruleset)
	for _, r := range cand["point_rules"].([]any) {
		if r.(map[string]any)["id"] == "ticket.solved" {
			r.(map[string]any)["points"] = "100"
			r.(map[string]any)["cap"] = map[string]any{"period": "day", "max": 1000}
		}
	}
	body := map[string]any{"ruleset": cand, "from": from, "to": time.Now().Add(time.Minute).UTC()}
	status, out = a.do(http.MethodPost, "/api/v1/ruleset/simulate", body)
	require.Equal(t, http.StatusOK, status, string(out))
	var rep struct {
		Events  int `json:"events"`
		Summary struct {
			AgentsAffected int   `json:"agents_affected"`
			PointsBefore   int64 `json:"points_before"`
			PointsAfter    int64 `json:"points_after"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal(out, &rep))
	assert.Equal(t, 3, rep.Events)
	assert.Equal(t, 2, rep.Summary.AgentsAffected)
	assert.Equal(t, rep.Summary.PointsBefore+3*90, rep.Summary.PointsAfter)

	// Streamed: progress lines, then the result.
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/v1/ruleset/simulate", bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/x-ndjson")
	req.Header.Set("Origin", s.URL)
	resp, err := a.c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var lines []string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	require.GreaterOrEqual(t, len(lines), 2)
	assert.True(t, strings.HasPrefix(lines[0], `{"progress":`), lines[0])
	assert.True(t, strings.HasPrefix(lines[len(lines)-1], `{"result":`), lines[len(lines)-1])

	// A rule on an event type the stream never carried is allowed, with a warning.
	typo := clone(t, cur.Ruleset)
	typo["point_rules"] = append(typo["point_rules"].([]any), map[string]any{"id": "typo", "on": "tiket.solved", "points": "5", "category": "volume"})
	status, out = a.do(http.MethodPost, "/api/v1/ruleset/validate", typo)
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Contains(t, string(out), "/point_rules/")
	assert.Contains(t, string(out), "tiket.solved")
}
