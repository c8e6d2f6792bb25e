package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestRosterIsRebuiltFromTheStream changes people, teams, the org's
// settings and the ruleset through the API, kills the server and deletes
// its Badger directory: the server replays the stream into an empty
// projection and has the same users (with their passwords), teams,
// settings, ruleset and scores, because every one of those changes went
// into the stream and none only into Badger.
func TestRosterIsRebuiltFromTheStream(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	a := s.admin()
	must := func(status int, out []byte) {
		t.Helper()
		require.Equal(t, http.StatusOK, status, string(out))
	}
	must(a.do(http.MethodPut, "/api/v1/users/sup-x", map[string]any{"name": "Xena Super", "role": "supervisor", "password": "xena-password"}))
	must(a.do(http.MethodPut, "/api/v1/teams/t-x", map[string]any{"name": "Team X", "supervisors": []string{"sup-x"}}))
	req, err := http.NewRequest(http.MethodPost, s.URL+"/api/v1/roster", strings.NewReader(
		"id,name,role,team,password\na-x1,Xavier One,agent,t-x,xavier-password\na-x2,Xia Two,agent,t-x,\ngone-x,Gone Soon,agent,t-x,\n"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Origin", s.URL)
	resp, err := a.c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	must(a.do(http.MethodPut, "/api/v1/users/a-x2", map[string]any{"name": "Xia Renamed", "role": "agent", "team": "t-x"}))
	status, out := a.do(http.MethodDelete, "/api/v1/users/gone-x", nil)
	require.Equal(t, http.StatusNoContent, status, string(out))
	must(a.do(http.MethodPut, "/api/v1/org", map[string]any{"name": "Rebuilt", "strict_roster": true}))
	status, rules := a.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status, string(rules))
	var current struct {
		Ruleset json.RawMessage `json:"ruleset"`
	}
	require.NoError(t, json.Unmarshal(rules, &current))
	must(a.do(http.MethodPut, "/api/v1/ruleset", current.Ruleset))
	s.ingest(ticket("a-x1", "", true), survey("a-x2", ""))
	s.waitAgent("a-x2", func(v shared.AgentView) bool { return v.XP > 0 })

	snapshot := func(s *server) map[string]string {
		c := s.admin()
		out := map[string]string{}
		for _, path := range []string{"/api/v1/users", "/api/v1/org", "/api/v1/ruleset/versions", "/api/v1/teams/t-x/members"} {
			status, body := c.do(http.MethodGet, path, nil)
			require.Equal(t, http.StatusOK, status, path+": "+string(body))
			out[path] = string(body)
		}
		for _, id := range []string{"a-x1", "a-x2"} {
			v := s.agent(id)
			body, err := json.Marshal(struct {
				Name, Team string
				XP         int64
				Points     any
			}{v.Name, v.Team, v.XP, v.Points})
			require.NoError(t, err)
			out["agent "+id] = string(body)
		}
		return out
	}
	before := snapshot(s)
	require.NotContains(t, before["/api/v1/users"], "gone-x")
	require.Contains(t, before["/api/v1/users"], "Xia Renamed")
	s.Kill()

	require.NoError(t, os.RemoveAll(filepath.Join(dir, "badger")))
	s2 := startServer(t, dir)
	after := snapshot(s2)
	for k, v := range before {
		assert.JSONEq(t, v, after[k], k)
	}
	newClient(t, s2).login("a-x1", "xavier-password")
	newClient(t, s2).login("sup-x", "xena-password")
	body, err := json.Marshal([]event{ticket("a-stranger", "", true)})
	require.NoError(t, err)
	status, out = s2.post("application/json", body, ingestKey)
	assert.Equal(t, http.StatusBadRequest, status, "the strict roster came back too: %s", out)
}

// TestLargestRosterImportIsApplied imports the largest roster the API takes
// (10,000 lines, a few megabytes in the stream): it is one control message,
// committed in parts, and every person is there at once after the answer.
func TestLargestRosterImportIsApplied(t *testing.T) {
	s := startServer(t, "")
	var csv strings.Builder
	csv.WriteString("id,name,role,team,password\n")
	for i := range 9_999 {
		fmt.Fprintf(&csv, "big-%d,Agent Number %d With A Long Name,agent,t-big-%d,\n", i, i, i%50)
	}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/api/v1/roster", strings.NewReader(csv.String()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Origin", s.URL)
	resp, err := s.admin().c.Do(req)
	require.NoError(t, err)
	out, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(out))
	var users struct {
		Users []json.RawMessage `json:"users"`
	}
	status, body := s.admin().do(http.MethodGet, "/api/v1/users", nil)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(body, &users))
	assert.Len(t, users.Users, 9_999+1, "every line and the admin")
	assert.Equal(t, "Agent Number 9998 With A Long Name", s.agent("big-9998").Name)
}
