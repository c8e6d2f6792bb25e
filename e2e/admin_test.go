package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestAdminAccounts drives users, teams, ingest keys, orgs and the audit log
// through the API as an admin would, and checks who else may not.
func TestAdminAccounts(t *testing.T) {
	s := startServer(t, "")
	a := admin(t, s)

	// A supervisor and an agent with logins; the team names its supervisor.
	status, out := a.do(http.MethodPut, "/api/v1/users/sup-1", map[string]string{"name": "Sam Super", "role": "supervisor", "password": "sup-password"})
	require.Equal(t, http.StatusOK, status, string(out))
	status, out = a.do(http.MethodPut, "/api/v1/users/a-100", map[string]string{"name": "Ada Agent", "role": "agent", "team": "t-1", "password": "agent-password"})
	require.Equal(t, http.StatusOK, status, string(out))
	assert.NotContains(t, string(out), "password_hash")
	status, out = a.do(http.MethodPut, "/api/v1/teams/t-1", map[string]any{"name": "Team One", "supervisors": []string{"sup-1"}})
	require.Equal(t, http.StatusOK, status, string(out))
	status, out = a.do(http.MethodPut, "/api/v1/teams/t-2", map[string]any{"name": "Team Two", "supervisors": []string{"a-100"}})
	require.Equal(t, http.StatusBadRequest, status, "an agent cannot supervise: %s", out)

	// The roster's names show at once.
	assert.Equal(t, "Ada Agent", s.agent("a-100").Name)
	assert.Equal(t, "Team One", s.agent("a-100").TeamName)

	// Bad bodies are refused whole, with each problem named.
	status, out = a.do(http.MethodPut, "/api/v1/users/bad%20id", map[string]string{"name": "", "role": "king", "password": "short"})
	require.Equal(t, http.StatusBadRequest, status)
	for _, f := range []string{`"id"`, `"name"`, `"role"`, `"password"`} {
		assert.Contains(t, string(out), `"field":`+f)
	}
	status, _ = a.do(http.MethodPut, "/api/v1/users/x", []byte(`{"name":"x","role":"agent","extra":1}`))
	assert.Equal(t, http.StatusBadRequest, status, "unknown fields are refused")

	agent := newClient(t, s)
	agent.login("a-100", "agent-password")
	status, _ = agent.do(http.MethodGet, "/api/v1/users", nil)
	assert.Equal(t, http.StatusForbidden, status, "an agent may not list users")
	status, _ = agent.do(http.MethodPost, "/api/v1/keys", map[string]string{"name": "mine"})
	assert.Equal(t, http.StatusForbidden, status)

	// A key is shown once, works at once, and is revoked at once.
	status, out = a.do(http.MethodPost, "/api/v1/keys", map[string]string{"name": "zendesk"})
	require.Equal(t, http.StatusCreated, status, string(out))
	var key struct{ ID, Key string }
	require.NoError(t, json.Unmarshal(out, &key))
	require.NotEmpty(t, key.Key)
	status, out = a.do(http.MethodGet, "/api/v1/keys", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(out), key.ID)
	assert.NotContains(t, string(out), key.Key, "the list never shows a secret")
	body, _ := json.Marshal(ticket("a-100", "", true))
	status, out = s.post("application/json", body, key.Key)
	require.Equal(t, http.StatusAccepted, status, string(out))
	status, _ = a.do(http.MethodDelete, "/api/v1/keys/"+key.ID, nil)
	require.Equal(t, http.StatusNoContent, status)
	body, _ = json.Marshal(ticket("a-100", "", true))
	status, _ = s.post("application/json", body, key.Key)
	assert.Equal(t, http.StatusUnauthorized, status)

	// Removing a user ends their session and closes their live socket at once.
	ctx := withContext(t, time.Minute)
	sock := dialAs(t, ctx, s, agent, "")
	sock.subscribe(ctx, shared.AgentTopic("a-100"), nil)
	require.Equal(t, shared.KindSnapshot, sock.next(ctx).Kind)
	status, _ = a.do(http.MethodDelete, "/api/v1/users/a-100", nil)
	require.Equal(t, http.StatusNoContent, status)
	status, _ = agent.do(http.MethodGet, "/api/v1/me", nil)
	assert.Equal(t, http.StatusUnauthorized, status)
	assertClosed(t, ctx, sock, shared.CloseUnauthorized)

	// The operator creates an org; its admin logs in there and not here.
	status, out = a.do(http.MethodPost, "/api/v1/orgs", map[string]string{"id": "acme", "name": "Acme", "admin_password": "acme-password"})
	require.Equal(t, http.StatusCreated, status, string(out))
	status, _ = a.do(http.MethodPost, "/api/v1/orgs", map[string]string{"id": "acme", "name": "Acme", "admin_password": "acme-password"})
	assert.Equal(t, http.StatusConflict, status)
	acme := newClient(t, s)
	status, out = acme.do(http.MethodPost, "/api/v1/session", map[string]string{"org": "acme", "user": "admin", "password": "acme-password"})
	require.Equal(t, http.StatusOK, status, string(out))
	status, _ = acme.do(http.MethodPost, "/api/v1/orgs", map[string]string{"id": "evil", "name": "Evil", "admin_password": "evil-password"})
	assert.Equal(t, http.StatusForbidden, status, "only the default org's admins create orgs")
	status, out = acme.do(http.MethodGet, "/api/v1/users", nil)
	require.Equal(t, http.StatusOK, status)
	assert.NotContains(t, string(out), "sup-1", "another org's users are invisible")
	status, out = acme.do(http.MethodGet, "/api/v1/keys", nil)
	require.Equal(t, http.StatusOK, status)
	assert.NotContains(t, string(out), "SCORECAST_INGEST_KEY")

	// The audit log has it all, newest first.
	status, out = a.do(http.MethodGet, "/api/v1/audit?limit=50", nil)
	require.Equal(t, http.StatusOK, status)
	var log struct {
		Entries []struct{ Actor, Action, Target string } `json:"entries"`
	}
	require.NoError(t, json.Unmarshal(out, &log))
	var actions []string
	for _, e := range log.Entries {
		actions = append(actions, e.Action)
	}
	assert.Equal(t, "org.create", actions[0])
	for _, want := range []string{"login", "user.put", "team.put", "key.create", "key.revoke", "user.delete"} {
		assert.Contains(t, actions, want)
	}
	status, _ = agent.do(http.MethodGet, "/api/v1/audit", nil)
	assert.Equal(t, http.StatusUnauthorized, status)

	var v shared.AgentView
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/agents/a-100", &v))
}

// assertClosed reads until the socket closes and checks the close code.
func assertClosed(t *testing.T, ctx context.Context, c *liveClient, code int) {
	t.Helper()
	for {
		if _, _, err := c.ws.Read(ctx); err != nil {
			assert.Equal(t, websocket.StatusCode(code), websocket.CloseStatus(err), "%v", err)
			return
		}
	}
}
