package api

import (
	"net/http"
	"strings"

	"scorecast/server/httpx"
	"scorecast/shared"
)

// route is one endpoint: its pattern, handler, and what the OpenAPI
// document says of it. The document is made from this table, so the two
// cannot disagree.
type route struct {
	pattern string
	handle  http.HandlerFunc
	summary string
	who     string
}

// Endpoints served outside this package, listed for the document only.
var external = []route{
	{pattern: "POST /api/v1/events", summary: "Ingest one event, a JSON array of up to 1000, or NDJSON; 202 once durable", who: "an ingest key (Bearer)"},
	{pattern: "GET /api/v1/live", summary: "WebSocket: subscribe to agent/<id>, team/<id>, board/<board>/<period>, org", who: "a session or a display token"},
}

func (h *handlers) routes() []route {
	return []route{
		{"GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
			httpx.JSON(w, http.StatusOK, shared.Health{Status: "ok"})
		}, "200 while the process runs", "anyone"},
		{"GET /readyz", h.ready, "200 once NATS, the stream and the store are ready and the projection caught up", "anyone"},
		{"GET /metrics", h.metrics, "Counters in Prometheus's text format", "anyone"},
		{"GET /api/v1/openapi.json", h.openAPI, "This document", "anyone"},
		{"POST /api/v1/session", h.login, "Log in; sets an HttpOnly session cookie", "anyone"},
		{"DELETE /api/v1/session", h.logout, "Log out; closes the session's live sockets", "a session"},
		{"GET /api/v1/me", h.me, "Who the caller is", "a session or display"},
		{"GET /api/v1/agents/{id}", h.agent, "An agent's view: points by period and category, level, badges, streaks, challenges, ranks", "the agent, their supervisor, admins"},
		{"GET /api/v1/agents/{id}/trend", h.trend, "Points per day and category, up to 35 days", "the agent, their supervisor, admins"},
		{"GET /api/v1/teams/{id}", h.team, "A team's view: members, points, goals, challenges", "members, supervisors, admins, displays bound to it"},
		{"GET /api/v1/teams/{id}/members", h.teamMembers, "The supervisor's grid: today, level, streak, sparkline, engagement flags", "supervisors of the team, admins"},
		{"GET /api/v1/leaderboards/{board}", h.leaderboard, "A board in a period (?period=day|week|month|season|all&limit=)", "the org, displays bound to it"},
		{"GET /api/v1/ruleset", h.getRuleset, "The ruleset in force", "the org"},
		{"PUT /api/v1/ruleset", h.putRuleset, "Publish a new version; 422 with positioned problems when invalid", "admins"},
		{"GET /api/v1/ruleset/versions", h.listRulesets, "Every published version", "admins, supervisors"},
		{"POST /api/v1/ruleset/validate", h.validateRuleset, "Problems (422) or warnings (200) of a candidate ruleset", "admins"},
		{"POST /api/v1/ruleset/simulate", h.simulate, "Replay a stored range through the published and a candidate ruleset; NDJSON progress on request", "admins"},
		{"GET /api/v1/ruleset/problems", h.ruleProblems, "Rules that failed to evaluate (missing or mistyped metrics)", "admins"},
		{"POST /api/v1/challenges", h.launchChallenge, "Launch an ad hoc challenge for a team from a template", "supervisors of the team, admins"},
		{"GET /api/v1/users", h.listUsers, "The org's users, without secrets", "admins"},
		{"PUT /api/v1/users/{id}", h.putUser, "Create or change a user", "admins"},
		{"DELETE /api/v1/users/{id}", h.deleteUser, "Remove a user; their sessions and sockets end at once", "admins"},
		{"PUT /api/v1/teams/{id}", h.putTeam, "Name a team and its supervisors", "admins"},
		{"POST /api/v1/roster", h.importRoster, "Import a CSV roster (id,name,role,team,password); ?dry_run=true lists the changes", "admins"},
		{"GET /api/v1/org", h.getOrg, "The org's settings", "the org"},
		{"PUT /api/v1/org", h.putOrg, "Change the org's settings (name, strict roster)", "admins"},
		{"POST /api/v1/orgs", h.createOrg, "Create an org with its admin", "admins of the default org"},
		{"POST /api/v1/keys", h.createKey, "Create an ingest key; the secret is in this answer only", "admins"},
		{"GET /api/v1/keys", h.listKeys, "The org's ingest keys, without secrets", "admins"},
		{"DELETE /api/v1/keys/{id}", h.deleteKey, "Revoke an ingest key at once", "admins"},
		{"POST /api/v1/displays/pairing", h.startPairing, "A TV asks for a pairing code", "anyone"},
		{"GET /api/v1/displays/pairing/{poll}", h.pollPairing, "A TV polls for its token", "the TV holding the poll secret"},
		{"POST /api/v1/displays", h.pairDisplay, "Pair the TV showing a code, with the boards and teams it may show", "admins, supervisors"},
		{"GET /api/v1/displays", h.listDisplays, "Paired displays", "admins, supervisors (their own)"},
		{"DELETE /api/v1/displays/{id}", h.deleteDisplay, "Revoke a display; its screen goes back to pairing", "admins, supervisors (their own)"},
		{"GET /api/v1/audit", h.auditLog, "Who changed what and when, newest first", "admins"},
	}
}

// openAPI answers an OpenAPI 3.1 document of every route.
func (h *handlers) openAPI(w http.ResponseWriter, _ *http.Request) {
	paths := map[string]map[string]any{}
	for _, rt := range append(h.routes(), external...) {
		method, path, _ := strings.Cut(rt.pattern, " ")
		op := map[string]any{
			"summary":     rt.summary,
			"description": "Who may call it: " + rt.who + ".",
			"responses":   map[string]any{"default": map[string]any{"description": `JSON; errors are {"error": "..."}`}},
		}
		var params []map[string]any
		for _, part := range strings.Split(path, "/") {
			if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
				params = append(params, map[string]any{"name": strings.Trim(part, "{}"), "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
			}
		}
		if params != nil {
			op["parameters"] = params
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	httpx.JSON(w, http.StatusOK, map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "Scorecast API", "version": "v1", "description": "See API.md in the handbook for the contract in prose."},
		"paths":   paths,
	})
}
