package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestRosterImportAndStrict imports a CSV roster with a dry run first, and
// then makes the roster strict: events for unknown agents are refused with
// a clear error, and the batch is refused whole.
func TestRosterImportAndStrict(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	postCSV := func(query, body string) (int, []byte) { return postRoster(t, s, query, body) }
	csv := "id,name,role,team,password\n" +
		"a-r1,Rita Roster,agent,t-r,rita-password\n" +
		"a-r2,Rolf Roster,,t-r,\n" +
		"sup-r,Sue Super,supervisor,,sue-password\n"

	status, out := postCSV("?dry_run=true", csv)
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Contains(t, string(out), `"applied":false`)
	assert.Contains(t, string(out), `{"id":"a-r1","action":"create"}`)
	assert.Equal(t, http.StatusNotFound, a.mustStatus(http.MethodGet, "/api/v1/teams/t-r"), "a dry run changes nothing")

	bad := csv + "bad id,X,agent,,\na-r1,Dup,agent,,\n,NoID,king,,\n"
	status, out = postCSV("", bad)
	require.Equal(t, http.StatusBadRequest, status, string(out))
	for _, want := range []string{`"line":5`, `"line":6`, `also on line 2`, `role \"king\"`} {
		assert.Contains(t, string(out), want)
	}
	assert.Equal(t, http.StatusNotFound, a.mustStatus(http.MethodGet, "/api/v1/teams/t-r"), "a bad line refuses the whole import")

	status, out = postCSV("", csv)
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Contains(t, string(out), `"applied":true`)
	assert.Equal(t, "Rita Roster", s.agent("a-r1").Name)
	rita := newClient(t, s)
	rita.login("a-r1", "rita-password")

	// Again: nothing changes, and the answer says so.
	status, out = postCSV("?dry_run=true", strings.Replace(csv, "Rolf Roster", "Rolf R.", 1))
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(out), `{"id":"a-r1","action":"update","fields":["password"]}`)
	assert.Contains(t, string(out), `{"id":"a-r2","action":"update","fields":["name"]}`)

	// Strict roster: unknown agents are refused, known ones scored.
	status, out = a.do(http.MethodPut, "/api/v1/org", map[string]any{"name": "Default", "strict_roster": true})
	require.Equal(t, http.StatusOK, status, string(out))
	body, _ := json.Marshal([]event{ticket("a-r1", "", true), ticket("a-stranger", "", true)})
	status, out = s.post("application/json", body, ingestKey)
	require.Equal(t, http.StatusBadRequest, status, string(out))
	var e shared.Error
	require.NoError(t, json.Unmarshal(out, &e))
	require.Len(t, e.Items, 1)
	assert.Equal(t, 1, e.Items[0].Index)
	assert.Equal(t, "agent", e.Items[0].Field)
	assert.Contains(t, e.Items[0].Message, "not on the roster")
	s.ingest(ticket("a-r1", "", true))
	s.waitAgent("a-r1", func(v shared.AgentView) bool { return v.XP > 0 })
}

func (b *browserClient) mustStatus(method, path string) int {
	status, _ := b.do(method, path, nil)
	return status
}
