package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	must(postRoster(t, s, "", "id,name,role,team,password\na-x1,Xavier One,agent,t-x,xavier-password\na-x2,Xia Two,agent,t-x,\ngone-x,Gone Soon,agent,t-x,\n"))
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

// postRoster imports a CSV roster as the admin (query: "" or "?dry_run=true")
// and returns the answer, which is JSON whatever the status.
func postRoster(t *testing.T, s *server, query, csv string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/api/v1/roster"+query, strings.NewReader(csv))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Origin", s.URL)
	resp, err := s.admin().c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out json.RawMessage
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// TestLargeRostersAreAppliedOrRefused imports rosters the stream holds in
// one message but Badger does not take in one transaction (names that JSON
// escapes six-fold, and the most lines the API takes): each is applied
// whole, and still after a restart. A roster over the stream's message
// limit is refused with 413 and changes nothing.
func TestLargeRostersAreAppliedOrRefused(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	users := func(s *server) int {
		var list struct {
			Users []json.RawMessage `json:"users"`
		}
		status, body := s.admin().do(http.MethodGet, "/api/v1/users", nil)
		require.Equal(t, http.StatusOK, status)
		require.NoError(t, json.Unmarshal(body, &list))
		return len(list.Users)
	}

	var csv strings.Builder
	csv.WriteString("id,name,role,team,password\n")
	escaped := strings.Repeat("<", 512) // \u003c in JSON: about 6 MB of users
	for i := range 1000 {
		fmt.Fprintf(&csv, "esc-%d,%s,agent,t-esc,\n", i, escaped)
	}
	status, out := postRoster(t, s, "", csv.String())
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Equal(t, 1000+1, users(s), "every line and the admin")

	csv.Reset()
	csv.WriteString("id,name,role,team,password\n")
	for i := range 9_999 {
		fmt.Fprintf(&csv, "big-%d,Agent Number %d With A Long Name,agent,t-big-%d,\n", i, i, i%50)
	}
	status, out = postRoster(t, s, "", csv.String())
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Equal(t, "Agent Number 9998 With A Long Name", s.agent("big-9998").Name)
	assert.Equal(t, 1000+9_999+1, users(s))

	csv.Reset()
	csv.WriteString("id,name,role,team,password\n")
	for i := range 9_000 {
		fmt.Fprintf(&csv, "over-%d,%s,agent,t-over,\n", i, strings.Repeat("<", 90))
	}
	status, out = postRoster(t, s, "", csv.String())
	require.Equal(t, http.StatusRequestEntityTooLarge, status, string(out))
	assert.Contains(t, string(out), "smaller parts")
	assert.Equal(t, 1000+9_999+1, users(s), "a refused roster changes nothing")

	s.Kill()
	s2 := startServer(t, dir)
	assert.Equal(t, 1000+9_999+1, users(s2), "after a restart")
}

// TestCreatingAnOrgTwiceAtOnce sends two creations of one org with other
// admin passwords at the same moment: one is created, the other is told the
// org exists, and the created one's password is the one that works.
func TestCreatingAnOrgTwiceAtOnce(t *testing.T) {
	s := startServer(t, "")
	clients := []*browserClient{s.admin(), admin(t, s)}
	status := make([]int, 2)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			status[i], _ = c.do(http.MethodPost, "/api/v1/orgs", map[string]string{"id": "twice", "name": "Twice", "admin_password": fmt.Sprintf("password-%d", i)})
		})
	}
	wg.Wait()
	require.ElementsMatch(t, []int{http.StatusCreated, http.StatusConflict}, status)
	for i := range 2 {
		code, _ := newClient(t, s).do(http.MethodPost, "/api/v1/session", map[string]string{"org": "twice", "user": "admin", "password": fmt.Sprintf("password-%d", i)})
		if status[i] == http.StatusCreated {
			assert.Equal(t, http.StatusOK, code, "the created org's admin logs in")
		} else {
			assert.Equal(t, http.StatusUnauthorized, code, "the refused creation's password does not work")
		}
	}
}
