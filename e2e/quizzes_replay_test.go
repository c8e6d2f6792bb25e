package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestQuizzesReplay rebuilds quizzes, results and the points they gave
// from the stream alone: after a SIGKILL and with Badger removed, every
// reading is as before, and a second submission is still refused with
// the first result.
func TestQuizzesReplay(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	agents, _ := rewardsPeople(t, s, "t-qr", "qr", 2)
	quizzesPut(t, s, "security", quizzesSample(time.Now().UTC()))
	for i, answers := range [][]int{{1, 1, 0}, {0, 1, 0}} {
		status, out := rewardsCall(t, agents[i], http.MethodPost, "/api/v1/quizzes/security/answers", shared.QuizAnswers{Answers: answers}, "")
		require.Equal(t, http.StatusOK, status, string(out))
	}
	var daily shared.DailyQuestion
	status, out := rewardsCall(t, agents[0], http.MethodGet, "/api/v1/quizzes/daily", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &daily))
	status, out = rewardsCall(t, agents[0], http.MethodPost, "/api/v1/quizzes/daily", shared.DailyAnswer{Quiz: daily.Quiz, Index: daily.Index, Answer: 0}, "")
	require.Equal(t, http.StatusOK, status, string(out))
	s.waitAgent("qr-2", func(v shared.AgentView) bool { return v.Points["all"].Points >= 10 })

	snapshot := func(s *server) map[string]string {
		out := map[string]string{}
		for _, path := range []string{"/api/v1/quizzes", "/api/v1/agents/qr-1/history", "/api/v1/agents/qr-2/history"} {
			status, body := s.admin().do(http.MethodGet, path, nil)
			require.Equal(t, http.StatusOK, status, path)
			out[path] = string(body)
		}
		for _, id := range []string{"qr-1", "qr-2"} {
			v := s.agent(id)
			out[id+" points"] = string(mustJSON(t, v.Points["all"]))
		}
		return out
	}
	before := snapshot(s)
	s.Kill()
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "badger")))
	s2 := startServer(t, dir)
	after := snapshot(s2)
	for k, v := range before {
		assert.JSONEq(t, v, after[k], k)
	}
	again := newClient(t, s2)
	again.login("qr-1", "password-qr-1")
	status, out = rewardsCall(t, again, http.MethodPost, "/api/v1/quizzes/security/answers", shared.QuizAnswers{Answers: []int{0, 0, 0}}, "")
	require.Equal(t, http.StatusConflict, status, string(out))
	assert.Contains(t, string(out), `"score":3`)
	status, out = rewardsCall(t, again, http.MethodPost, "/api/v1/quizzes/daily", shared.DailyAnswer{Quiz: daily.Quiz, Index: daily.Index, Answer: 1}, "")
	require.Equal(t, http.StatusConflict, status, string(out))
}
