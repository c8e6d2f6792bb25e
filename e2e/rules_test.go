package e2e

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

type rulesetAnswer struct {
	Version int            `json:"version"`
	Ruleset map[string]any `json:"ruleset"`
}

type problems struct {
	Error    string `json:"error"`
	Problems []struct {
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	} `json:"problems"`
}

// TestRulesetPublish validates, refuses and publishes rulesets through the
// API, and checks that a published version scores the events after it (and
// none before it), across a restart.
func TestRulesetPublish(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	a := admin(t, s)

	status, out := a.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var cur rulesetAnswer
	require.NoError(t, json.Unmarshal(out, &cur))
	assert.Equal(t, 1, cur.Version)

	// An invalid condition is refused with its place.
	bad := clone(t, cur.Ruleset)
	rules := bad["point_rules"].([]any)
	rules[0].(map[string]any)["when"] = "csat >= "
	status, out = a.do(http.MethodPost, "/api/v1/ruleset/validate", bad)
	require.Equal(t, http.StatusUnprocessableEntity, status, string(out))
	var p problems
	require.NoError(t, json.Unmarshal(out, &p))
	require.NotEmpty(t, p.Problems)
	assert.Equal(t, "/point_rules/0/when", p.Problems[0].Path)
	assert.Equal(t, 1, p.Problems[0].Line)
	assert.Positive(t, p.Problems[0].Column)
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", bad)
	require.Equal(t, http.StatusUnprocessableEntity, status, string(out))
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", []byte(`{"timezone":"Mars/Olympus"`))
	require.Equal(t, http.StatusUnprocessableEntity, status, string(out))

	// The version in force is unchanged: a ticket scores 10 volume points.
	before := ticket("a-rules", "t-rules", false)
	s.ingest(before)
	v := s.waitAgent("a-rules", func(v shared.AgentView) bool { return v.XP > 0 })
	assert.Equal(t, int64(10), v.XP)

	// Publish a version where a ticket is worth 100.
	good := clone(t, cur.Ruleset)
	for _, r := range good["point_rules"].([]any) {
		if r.(map[string]any)["id"] == "ticket.solved" {
			r.(map[string]any)["points"] = "100"
			r.(map[string]any)["cap"] = map[string]any{"period": "day", "max": 1000}
		}
	}
	status, out = a.do(http.MethodPost, "/api/v1/ruleset/validate", good)
	require.Equal(t, http.StatusOK, status, string(out))
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", good)
	require.Equal(t, http.StatusOK, status, string(out))
	assert.JSONEq(t, `{"version":2}`, string(out))

	s.ingest(ticket("a-rules", "", false))
	v = s.waitAgent("a-rules", func(v shared.AgentView) bool { return v.XP > 10 })
	assert.Equal(t, int64(110), v.XP, "the event before publication kept its 10, the one after got 100")

	status, out = a.do(http.MethodGet, "/api/v1/ruleset/versions", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Contains(t, string(out), `"version":2,`)

	// Without a session, or from another origin, nothing changes.
	anon := newClient(t, s)
	status, _ = anon.do(http.MethodPut, "/api/v1/ruleset", good)
	assert.Equal(t, http.StatusUnauthorized, status)
	a.origin = "http://evil.example"
	status, _ = a.do(http.MethodPut, "/api/v1/ruleset", good)
	assert.Equal(t, http.StatusForbidden, status)
	a.origin = ""
	status, _ = a.do(http.MethodPut, "/api/v1/ruleset", good)
	assert.Equal(t, http.StatusForbidden, status)
	a.origin = s.URL

	// After a crash the version in force and the totals are the same.
	s.Kill()
	s2 := startServer(t, dir)
	a2 := admin(t, s2)
	status, out = a2.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(out, &cur))
	assert.Equal(t, 2, cur.Version)
	assert.Equal(t, int64(110), s2.agent("a-rules").XP)
}

// TestLogin checks sessions: a wrong password and an unknown user get the
// same answer, repeated failures are throttled with Retry-After, and logout
// revokes the session at once.
func TestLogin(t *testing.T) {
	s := startServer(t, "")
	c := newClient(t, s)
	status, wrong := c.do(http.MethodPost, "/api/v1/session", map[string]string{"user": "admin", "password": "nope"})
	assert.Equal(t, http.StatusUnauthorized, status)
	status, unknown := c.do(http.MethodPost, "/api/v1/session", map[string]string{"user": "ghost", "password": "nope"})
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, string(wrong), string(unknown), "a login never tells whether the user exists")

	c.login("admin", adminPassword)
	status, out := c.do(http.MethodGet, "/api/v1/me", nil)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"org":"default","user":"admin","name":"Administrator","role":"admin","preferences":{"boards":"name"}}`, string(out))
	ctx := withContext(t, time.Minute)
	sock := dialAs(t, ctx, s, c, "")
	status, _ = c.do(http.MethodDelete, "/api/v1/session", nil)
	assertClosed(t, ctx, sock, shared.CloseUnauthorized)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = c.do(http.MethodGet, "/api/v1/me", nil)
	assert.Equal(t, http.StatusUnauthorized, status)

	// Throttling: past the free failures, 429 with Retry-After.
	var last int
	for i := 0; i < 8; i++ {
		last, _ = c.do(http.MethodPost, "/api/v1/session", map[string]string{"user": "admin", "password": "wrong-" + strconv.Itoa(i)})
	}
	assert.Equal(t, http.StatusTooManyRequests, last)
	status, _ = c.do(http.MethodPost, "/api/v1/session", map[string]string{"user": "admin", "password": adminPassword})
	assert.Equal(t, http.StatusTooManyRequests, status, "even the right password waits out the back-off")
}

func clone(t *testing.T, m map[string]any) map[string]any {
	data, err := json.Marshal(m)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(data, &out))
	return out
}
