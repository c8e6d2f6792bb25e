package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"scorecast/shared"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pairDisplay runs the TV pairing flow: the TV asks for a code, the admin
// enters it with what the TV may show, and the TV's poll gets the token.
func pairDisplay(t *testing.T, s *server, a *browserClient, boards, teams []string) (id, token string) {
	t.Helper()
	tv := newClient(t, s)
	tv.origin = ""
	status, out := tv.do(http.MethodPost, "/api/v1/displays/pairing", nil)
	require.Equal(t, http.StatusCreated, status, string(out))
	var p struct{ Code, Poll string }
	require.NoError(t, json.Unmarshal(out, &p))
	require.Len(t, p.Code, 6)

	status, out = tv.do(http.MethodGet, "/api/v1/displays/pairing/"+p.Poll, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(out), `"waiting"`)

	status, out = a.do(http.MethodPost, "/api/v1/displays", map[string]any{"code": strings.ToLower(p.Code), "name": "Floor TV", "boards": boards, "teams": teams})
	require.Equal(t, http.StatusCreated, status, string(out))
	var d struct{ ID string }
	require.NoError(t, json.Unmarshal(out, &d))

	status, out = tv.do(http.MethodGet, "/api/v1/displays/pairing/"+p.Poll, nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var paired struct{ Status, Token string }
	require.NoError(t, json.Unmarshal(out, &paired))
	require.Equal(t, "paired", paired.Status)
	status, _ = tv.do(http.MethodGet, "/api/v1/displays/pairing/"+p.Poll, nil)
	assert.Equal(t, http.StatusNotFound, status, "the token is handed out once")
	return d.ID, paired.Token
}

// caller is one column of the access matrix.
type caller struct {
	name  string
	do    func(method, path string, body any) (int, []byte)
	bc    *browserClient
	authz string
}

// TestAccessMatrix asks every read and admin endpoint as every kind of
// caller and checks both the status and that nothing of another agent,
// team or org leaks into a body.
func TestAccessMatrix(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	for _, u := range []struct{ id, role, team string }{
		{"a-1", "agent", "t-1"}, {"a-2", "agent", "t-2"}, {"sup-1", "supervisor", ""}, {"sup-2", "supervisor", ""},
	} {
		status, out := a.do(http.MethodPut, "/api/v1/users/"+u.id, map[string]string{"name": "Name of " + u.id, "role": u.role, "team": u.team, "password": "password-" + u.id})
		require.Equal(t, http.StatusOK, status, string(out))
	}
	for _, tm := range []struct{ id, sup string }{{"t-1", "sup-1"}, {"t-2", "sup-2"}} {
		status, out := a.do(http.MethodPut, "/api/v1/teams/"+tm.id, map[string]any{"name": "Team " + tm.id, "supervisors": []string{tm.sup}})
		require.Equal(t, http.StatusOK, status, string(out))
	}
	s.ingest(ticket("a-1", "t-1", true), survey("a-2", "t-2"))
	s.waitAgent("a-2", func(v shared.AgentView) bool { return v.XP > 0 })
	status, out := a.do(http.MethodPost, "/api/v1/orgs", map[string]string{"id": "acme", "name": "Acme", "admin_password": "acme-password"})
	require.Equal(t, http.StatusCreated, status, string(out))
	displayID, displayToken := pairDisplay(t, s, a, []string{"teams"}, []string{"t-1"})

	login := func(org, user, password string) caller {
		c := newClient(t, s)
		status, out := c.do(http.MethodPost, "/api/v1/session", map[string]string{"org": org, "user": user, "password": password})
		require.Equal(t, http.StatusOK, status, "login %s/%s: %s", org, user, out)
		return caller{user + "@" + org, c.do, c, ""}
	}
	anon := newClient(t, s)
	display := newClient(t, s)
	callers := []caller{
		{"none", anon.do, anon, ""},
		login("default", "a-1", "password-a-1"),
		login("default", "a-2", "password-a-2"),
		login("default", "sup-1", "password-sup-1"),
		login("default", "sup-2", "password-sup-2"),
		{"admin", a.do, a, ""},
		{"display", func(method, path string, body any) (int, []byte) {
			return display.doWith(method, path, body, "Bearer "+displayToken)
		}, display, "Bearer " + displayToken},
		login("acme", "admin", "acme-password"),
	}
	// Columns: none, a-1 (agent of t-1), a-2 (agent of t-2), sup-1 (of t-1),
	// sup-2 (of t-2), admin, display (teams board + team t-1), acme's admin.
	matrix := []struct {
		method, path string
		want         [8]int
	}{
		{"GET", "/api/v1/agents/a-1", [8]int{401, 200, 403, 200, 403, 200, 403, 200}},
		{"GET", "/api/v1/teams/t-1", [8]int{401, 200, 403, 200, 403, 200, 200, 404}},
		{"GET", "/api/v1/leaderboards/agents?period=day", [8]int{401, 200, 200, 200, 200, 200, 403, 200}},
		{"GET", "/api/v1/leaderboards/teams?period=day", [8]int{401, 200, 200, 200, 200, 200, 200, 200}},
		{"GET", "/api/v1/me", [8]int{401, 200, 200, 200, 200, 200, 200, 200}},
		{"GET", "/api/v1/ruleset", [8]int{401, 200, 200, 200, 200, 200, 200, 200}},
		{"GET", "/api/v1/ruleset/versions", [8]int{401, 403, 403, 200, 200, 200, 403, 200}},
		{"GET", "/api/v1/users", [8]int{401, 403, 403, 403, 403, 200, 403, 200}},
		{"GET", "/api/v1/keys", [8]int{401, 403, 403, 403, 403, 200, 403, 200}},
		{"GET", "/api/v1/audit", [8]int{401, 403, 403, 403, 403, 200, 403, 200}},
		{"GET", "/api/v1/displays", [8]int{401, 403, 403, 200, 200, 200, 403, 200}},
		{"POST", "/api/v1/ruleset/validate", [8]int{401, 403, 403, 403, 403, 200, 403, 200}},
		{"DELETE", "/api/v1/keys/nope", [8]int{401, 403, 403, 403, 403, 404, 403, 404}},
		{"DELETE", "/api/v1/users/nope", [8]int{401, 403, 403, 403, 403, 404, 403, 404}},
		{"POST", "/api/v1/orgs", [8]int{401, 403, 403, 403, 403, 400, 403, 403}},
		{"GET", "/api/v1/agents/a-1/trend", [8]int{401, 200, 403, 200, 403, 200, 403, 200}},
		{"GET", "/api/v1/teams/t-1/members", [8]int{401, 403, 403, 200, 403, 200, 403, 404}},
		{"GET", "/api/v1/ruleset/problems", [8]int{401, 403, 403, 403, 403, 200, 403, 200}},
		{"GET", "/api/v1/org", [8]int{401, 200, 200, 200, 200, 200, 200, 200}},
		{"PUT", "/api/v1/org", [8]int{401, 403, 403, 403, 403, 400, 403, 400}},
		{"PUT", "/api/v1/ruleset", [8]int{401, 403, 403, 403, 403, 422, 403, 422}},
		{"POST", "/api/v1/ruleset/simulate", [8]int{401, 403, 403, 403, 403, 400, 403, 400}},
		{"PUT", "/api/v1/users/x-1", [8]int{401, 403, 403, 403, 403, 400, 403, 400}},
		{"PUT", "/api/v1/teams/t-1", [8]int{401, 403, 403, 403, 403, 400, 403, 400}},
		{"POST", "/api/v1/keys", [8]int{401, 403, 403, 403, 403, 400, 403, 400}},
		{"POST", "/api/v1/challenges", [8]int{401, 403, 403, 400, 400, 400, 403, 400}},
		{"POST", "/api/v1/displays", [8]int{401, 403, 403, 400, 400, 400, 403, 400}},
		{"POST", "/api/v1/roster?dry_run=true", [8]int{401, 403, 403, 403, 403, 415, 403, 415}},
	}
	var rs map[string]any
	status, out = a.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(out, &rs))
	for _, row := range matrix {
		for i, c := range callers {
			var body any
			switch {
			case strings.HasSuffix(row.path, "/validate"):
				body = rs["ruleset"]
			case row.method == "POST" || row.method == "PUT":
				body = map[string]string{}
			}
			status, out := c.do(row.method, row.path, body)
			assert.Equal(t, row.want[i], status, "%s %s as %s: %s", row.method, row.path, c.name, out)
			var e struct{ Error string }
			if status >= 400 {
				assert.NoError(t, json.Unmarshal(out, &e), "errors are JSON: %s", out)
				assert.NotEmpty(t, e.Error)
			}
			// Nothing of the default org reaches acme, and an agent sees no other agent's name.
			if c.name == "admin@acme" || (c.name == "a-2@default" && strings.Contains(row.path, "a-1")) {
				for _, secret := range []string{"Name of a-1", "Team t-1", "sup-1", "SCORECAST_INGEST_KEY"} {
					assert.NotContains(t, string(out), secret, "%s %s as %s leaks", row.method, row.path, c.name)
				}
			}
		}
	}
	t.Logf("matrix: %d endpoints x %d callers", len(matrix), len(callers))

	// The live topics, by the same callers: "ok" is a snapshot, "error" an
	// error message and nothing else, 401 a refused upgrade.
	topics := []struct {
		topic string
		want  [8]string
	}{
		{"agent/a-1", [8]string{"401", "ok", "error", "ok", "error", "ok", "error", "ok"}},
		{"team/t-1", [8]string{"401", "ok", "error", "ok", "error", "ok", "ok", "error"}},
		{"board/agents/day", [8]string{"401", "ok", "ok", "ok", "ok", "ok", "error", "ok"}},
		{"board/teams/day", [8]string{"401", "ok", "ok", "ok", "ok", "ok", "ok", "ok"}},
		{"org", [8]string{"401", "ok", "ok", "ok", "ok", "ok", "ok", "ok"}},
	}
	ctx := withContext(t, time.Minute)
	for i, c := range callers {
		ws, err := tryDial(ctx, s, c.bc, c.authz)
		if err != nil {
			for _, tp := range topics {
				assert.Equal(t, "401", tp.want[i], "live %s as %s: %v", tp.topic, c.name, err)
			}
			continue
		}
		lc := &liveClient{tb: t, ws: ws}
		for _, tp := range topics {
			lc.subscribe(ctx, tp.topic, nil)
			m := lc.nextOn(ctx, tp.topic)
			got := "ok"
			if m.Kind == shared.KindError {
				got = "error"
			} else {
				require.Equal(t, shared.KindSnapshot, m.Kind)
			}
			assert.Equal(t, tp.want[i], got, "live %s as %s: %s", tp.topic, c.name, m.Data)
			if c.name == "admin@acme" {
				assert.NotContains(t, string(m.Data), "Name of a-1", "live %s as %s leaks", tp.topic, c.name)
				assert.NotContains(t, string(m.Data), "Team t-1", "live %s as %s leaks", tp.topic, c.name)
			}
		}
		ws.CloseNow()
	}

	// A display's socket closes when it is revoked, and its token stops working.
	tv := dialAs(t, ctx, s, display, "Bearer "+displayToken)
	tv.subscribe(ctx, "board/teams/day", nil)
	require.Equal(t, shared.KindSnapshot, tv.next(ctx).Kind)

	// Revoking the display ends its access at once.
	status, out = a.do(http.MethodDelete, "/api/v1/displays/"+displayID, nil)
	require.Equal(t, http.StatusNoContent, status, string(out))
	status, _ = callers[6].do("GET", "/api/v1/leaderboards/teams", nil)
	assert.Equal(t, http.StatusUnauthorized, status)
	for {
		_, _, err := tv.ws.Read(ctx)
		if err != nil {
			assert.Equal(t, websocket.StatusCode(shared.CloseUnauthorized), websocket.CloseStatus(err), "%v", err)
			break
		}
	}

}
