package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestBadMetricIsCounted publishes a rule that reads a metric the event
// lacks: the other rules still score, and the admin sees the problem.
func TestBadMetricIsCounted(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	var cur rulesetAnswer
	status, out := a.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(out, &cur))
	rs := clone(t, cur.Ruleset)
	rs["point_rules"] = append(rs["point_rules"].([]any), map[string]any{
		"id": "ticket.fast", "on": "ticket.solved", "when": "handle_seconds < 300", "points": "5", "category": "speed"})
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", rs)
	require.Equal(t, http.StatusOK, status, string(out))

	ev := ticket("a-p", "t-p", false)
	delete(ev.Metrics, "handle_seconds")
	s.ingest(ev)
	v := s.waitAgent("a-p", func(v shared.AgentView) bool { return v.XP > 0 })
	assert.Equal(t, int64(10), v.XP, "the volume rule scored; the broken one gave nothing")

	status, out = a.do(http.MethodGet, "/api/v1/ruleset/problems", nil)
	require.Equal(t, http.StatusOK, status)
	var p struct {
		Problems []struct {
			Rule, Message, Event string
			Count                int
			Version              int
		}
	}
	require.NoError(t, json.Unmarshal(out, &p))
	require.Len(t, p.Problems, 1, string(out))
	assert.Equal(t, "ticket.fast", p.Problems[0].Rule)
	assert.Equal(t, ev.ID, p.Problems[0].Event)
	assert.Equal(t, 2, p.Problems[0].Version)
	assert.Contains(t, p.Problems[0].Message, "handle_seconds")

	// Every scored event's way from the stream to its live messages is
	// timed, once they are published (just after the commit).
	var body string
	metrics := s.client(t)
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		resp, err := metrics.Get(s.URL + "/metrics")
		require.NoError(c, err)
		b, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		require.NoError(c, err)
		require.Equal(c, http.StatusOK, resp.StatusCode)
		body = string(b)
		applied := metricValue(c, body, "scorecast_events_applied_total")
		require.Positive(c, applied, body)
		assert.Equal(c, applied, metricValue(c, body, "scorecast_event_published_seconds_count"), body)
	}, 10*time.Second, 20*time.Millisecond)
	applied := metricValue(t, body, "scorecast_events_applied_total")
	require.Equal(t, applied, metricValue(t, body, `scorecast_event_published_seconds_bucket{le="+Inf"}`), body)
	// Opening Badger alone allocates a 20 MiB memtable, past the first
	// collection's goal (4 MiB times --gc-percent/100: 12 MiB).
	require.Positive(t, metricValue(t, body, "scorecast_go_gc_cycles_total"), body)
	require.Greater(t, metricValue(t, body, "scorecast_go_alloc_bytes_total"), float64(20<<20), body)
}

// metricValue reads one sample from Prometheus's text format; t is a test
// or the CollectT of a require.EventuallyWithT.
func metricValue(t interface {
	require.TestingT
	Helper()
}, body, name string) float64 {
	t.Helper()
	for line := range strings.Lines(body) {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			require.NoError(t, err, line)
			return v
		}
	}
	require.Failf(t, "no metric", "no %s in\n%s", name, body)
	return 0
}

// TestTicksEndChallenges runs the scheduler fast: a team challenge whose
// deadline passes is ended by a tick in the stream, and the team's live
// topic says so, with no event needed.
func TestTicksEndChallenges(t *testing.T) {
	s := startServer(t, "", "--tick-every", "1s")
	a := s.admin()
	status, out := a.do(http.MethodPost, "/api/v1/challenges", map[string]any{
		"challenge": "team_blitz", "team": "t-tick", "deadline": time.Now().Add(3 * time.Second).UTC()})
	require.Equal(t, http.StatusCreated, status, string(out))
	s.ingest(survey("a-tick", "t-tick"))

	ctx := withContext(t, time.Minute)
	c := dialLive(t, ctx, s)
	topic := shared.TeamTopic("t-tick")
	c.subscribe(ctx, topic, nil)
	for {
		m := c.nextOn(ctx, topic)
		if m.Kind != shared.KindChallenge {
			continue
		}
		var d shared.AchievementData
		require.NoError(t, json.Unmarshal(m.Data, &d))
		if d.Status == "expired" {
			assert.Equal(t, "team_blitz", d.ID)
			break
		}
	}
	var team shared.TeamView
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/teams/t-tick", &team))
	assert.Empty(t, team.Challenges, "an ended challenge is no longer open")
}
