package api

import (
	"net/http"
	"strconv"

	"scorecast/server/httpx"
	"scorecast/server/projector"
	"scorecast/shared"
)

// Query limits, shared by the handlers and the document.
const (
	defaultTrendDays, maxTrendDays   = 30, 35
	defaultAuditLimit, maxAuditLimit = 100, 1000
)

// route is one endpoint: its pattern, handler, and what the OpenAPI
// document says of it: who may call it, its request body and query, and
// the answers it gives other than errors. The document is made from this
// table, so the two cannot disagree.
type route struct {
	pattern string
	handle  http.HandlerFunc
	summary string
	who     string
	in      []body
	query   []param
	out     []answer
}

// photoBodies are a photo's media types, as a request's body or an answer's.
var photoBodies = []body{{"image/png", nil}, {"image/jpeg", nil}, {"image/webp", nil}}

// Endpoints served outside this package, listed for the document only.
var external = []route{
	{pattern: "POST /api/v1/events", summary: "Ingest one event, a JSON array of up to 1000, or NDJSON; 202 once durable", who: "an ingest key (Bearer)",
		in:  []body{{mediaJSON, oneOf{shared.Event{}, []shared.Event{}}}, {mediaNDJSON, shared.Event{}}},
		out: []answer{reply(http.StatusAccepted, shared.IngestResult{})}},
	{pattern: "GET /api/v1/live", summary: "WebSocket: subscribe to agent/<id>, team/<id>, board/<board>/<period>, org", who: "a session or a display token",
		out: []answer{empty(http.StatusSwitchingProtocols)}},
}

func (h *handlers) routes() []route {
	ok := http.StatusOK
	return []route{
		{"GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
			httpx.JSON(w, http.StatusOK, shared.Health{Status: "ok"})
		}, "200 while the process runs", "anyone",
			nil, nil, []answer{reply(ok, shared.Health{})}},
		{"GET /readyz", h.ready, "200 once NATS, the stream and the store are ready and the projection caught up", "anyone",
			nil, nil, []answer{reply(ok, shared.Health{}), reply(http.StatusServiceUnavailable, shared.Health{})}},
		{"GET /metrics", h.metrics, "Counters in Prometheus's text format", "anyone",
			nil, nil, []answer{{ok, []body{{mediaText, nil}}}}},
		{"GET /api/v1/openapi.json", h.openAPI, "This document", "anyone",
			nil, nil, []answer{{ok, []body{{mediaJSON, nil}}}}},
		{"POST /api/v1/session", h.login, "Log in; sets an HttpOnly session cookie", "anyone",
			jsonBody(shared.LoginRequest{}), nil, []answer{reply(ok, shared.Identity{})}},
		{"DELETE /api/v1/session", h.logout, "Log out; closes the session's live sockets", "a session",
			nil, nil, []answer{empty(http.StatusNoContent)}},
		{"GET /api/v1/me", h.me, "Who the caller is", "a session or display",
			nil, nil, []answer{reply(ok, shared.Identity{})}},
		{"GET /api/v1/agents/{id}", h.agent, "An agent's view: points by period and category, level, badges, streaks, challenges, ranks", "the agent, their supervisor, admins",
			nil, nil, []answer{reply(ok, shared.AgentView{})}},
		{"GET /api/v1/agents/{id}/trend", h.trend, "Points per day and category, up to 35 days", "the agent, their supervisor, admins",
			nil, []param{{"days", "how many days, ending today; default " + strconv.Itoa(defaultTrendDays), between(1, maxTrendDays)}}, []answer{reply(ok, shared.Trend{})}},
		{"GET /api/v1/agents/{id}/history", h.history, "The agent's latest point awards, newest first", "the agent, their supervisor, admins",
			nil, []param{{"limit", "how many, at most; default " + strconv.Itoa(shared.DefaultHistoryLimit), between(1, shared.MaxHistory)}}, []answer{reply(ok, shared.AgentHistory{})}},
		{"GET /api/v1/teams/{id}", h.team, "A team's view: members, points, goals, challenges", "members, supervisors, admins, displays bound to it",
			nil, nil, []answer{reply(ok, shared.TeamView{})}},
		{"GET /api/v1/teams/{id}/members", h.teamMembers, "The supervisor's grid: today, level, streak, sparkline, engagement flags", "supervisors of the team, admins",
			nil, nil, []answer{reply(ok, shared.TeamMembers{})}},
		{"GET /api/v1/leaderboards/{board}", h.leaderboard, "A board in a period (?period=day|week|month|season|all&limit=)", "the org, displays bound to it",
			nil, []param{
				{"period", "default day", map[string]any{"type": "string", "enum": shared.Periods}},
				{"limit", "how many entries, at most; default " + strconv.Itoa(projector.DefaultBoardLimit), between(1, projector.MaxBoardLimit)},
			}, []answer{reply(ok, shared.Leaderboard{})}},
		{"GET /api/v1/ruleset", h.getRuleset, "The ruleset in force", "the org",
			nil, nil, []answer{reply(ok, shared.RulesetVersion{})}},
		{"PUT /api/v1/ruleset", h.putRuleset, "Publish a new version; 422 with positioned problems when invalid", "admins",
			[]body{{mediaJSON, nil}}, nil, []answer{reply(ok, shared.RulesetPublished{}), reply(http.StatusAccepted, shared.RulesetPublished{}), reply(http.StatusUnprocessableEntity, shared.RulesetProblems{})}},
		{"GET /api/v1/ruleset/guide", h.getGuide, "The ruleset in force as data for people: names in every language, rules, levels, badges, streaks, challenges", "the org, displays", nil, nil, []answer{reply(ok, shared.Guide{})}},
		{"GET /api/v1/ruleset/versions", h.listRulesets, "Every published version", "admins, supervisors",
			nil, nil, []answer{reply(ok, shared.RulesetVersions{})}},
		{"GET /api/v1/ruleset/versions/{version}", h.rulesetVersion, "One published version with its document (for diffs and rollbacks)", "admins, supervisors",
			nil, nil, []answer{reply(ok, shared.RulesetVersion{})}},
		{"POST /api/v1/ruleset/validate", h.validateRuleset, "Problems (422) or warnings (200) of a candidate ruleset", "admins",
			[]body{{mediaJSON, nil}}, nil, []answer{reply(ok, shared.RulesetValidation{}), reply(http.StatusUnprocessableEntity, shared.RulesetProblems{})}},
		{"POST /api/v1/ruleset/simulate", h.simulate, "Replay a stored range through the published and a candidate ruleset; NDJSON progress on request", "admins",
			jsonBody(shared.SimulateRequest{}), nil, []answer{
				{ok, []body{{mediaJSON, shared.SimulationReport{}}, {mediaNDJSON, shared.SimulationLine{}}}},
				reply(http.StatusUnprocessableEntity, shared.RulesetProblems{}),
			}},
		{"GET /api/v1/ruleset/problems", h.ruleProblems, "Rules that failed to evaluate (missing or mistyped metrics)", "admins",
			nil, nil, []answer{reply(ok, shared.RuleProblems{})}},
		{"POST /api/v1/challenges", h.launchChallenge, "Launch an ad hoc challenge for a team from a template, or with coop a co-op quest: 2 to 6 agents share one target", "supervisors of the team (of every member for a co-op quest), admins",
			jsonBody(shared.LaunchRequest{}), nil, []answer{reply(http.StatusCreated, shared.ChallengeInstance{}), reply(http.StatusUnprocessableEntity, shared.Error{})}},
		{"GET /api/v1/users", h.listUsers, "The org's users, without secrets", "admins",
			nil, nil, []answer{reply(ok, shared.Users{})}},
		{"PUT /api/v1/users/{id}", h.putUser, "Create or change a user", "admins",
			jsonBody(shared.UserRequest{}), nil, []answer{reply(ok, shared.User{}), reply(http.StatusAccepted, shared.User{})}},
		{"DELETE /api/v1/users/{id}", h.deleteUser, "Remove a user; their sessions and sockets end at once", "admins",
			nil, nil, []answer{empty(http.StatusNoContent), empty(http.StatusAccepted)}},
		{"PUT /api/v1/teams/{id}", h.putTeam, "Name a team, its supervisors and its colour (#rrggbb; left out keeps it, \"\" clears it)", "admins",
			jsonBody(shared.TeamRequest{}), nil, []answer{reply(ok, shared.TeamProfile{}), reply(http.StatusAccepted, shared.TeamProfile{})}},
		{"POST /api/v1/roster", h.importRoster, "Import a CSV roster (id,name,role,team,password); ?dry_run=true lists the changes", "admins",
			[]body{{mediaCSV, nil}}, []param{{"dry_run", "true: only list the changes", nil}}, []answer{reply(ok, shared.RosterResult{}), reply(http.StatusAccepted, shared.RosterResult{}), reply(http.StatusBadRequest, shared.RosterResult{})}},
		{"GET /api/v1/org", h.getOrg, "The org's settings", "the org's sessions and displays",
			nil, nil, []answer{reply(ok, shared.Org{})}},
		{"PUT /api/v1/org", h.putOrg, "Change the org's settings (name, strict roster, public boards, TV chime); a field left out keeps its value", "admins",
			jsonBody(shared.OrgSettings{}), nil, []answer{reply(ok, shared.Org{}), reply(http.StatusAccepted, shared.Org{})}},
		{"POST /api/v1/orgs", h.createOrg, "Create an org with its admin", "admins of the default org",
			jsonBody(shared.OrgRequest{}), nil, []answer{reply(http.StatusCreated, shared.CreatedOrg{}), reply(http.StatusAccepted, shared.CreatedOrg{})}},
		{"POST /api/v1/keys", h.createKey, "Create an ingest key; the secret is in this answer only", "admins",
			jsonBody(shared.KeyRequest{}), nil, []answer{reply(http.StatusCreated, shared.NewKey{})}},
		{"GET /api/v1/keys", h.listKeys, "The org's ingest keys, without secrets", "admins",
			nil, nil, []answer{reply(ok, shared.IngestKeys{})}},
		{"DELETE /api/v1/keys/{id}", h.deleteKey, "Revoke an ingest key at once", "admins",
			nil, nil, []answer{empty(http.StatusNoContent)}},
		{"POST /api/v1/displays/pairing", h.startPairing, "A TV asks for a pairing code", "anyone",
			nil, nil, []answer{reply(http.StatusCreated, shared.PairingStart{})}},
		{"GET /api/v1/displays/pairing/{poll}", h.pollPairing, "A TV polls for its token", "the TV holding the poll secret",
			nil, nil, []answer{reply(ok, shared.PairingStatus{})}},
		{"POST /api/v1/displays", h.pairDisplay, "Pair the TV showing a code, with the boards and teams it may show", "admins, supervisors",
			jsonBody(shared.PairRequest{}), nil, []answer{reply(http.StatusCreated, shared.Display{})}},
		{"GET /api/v1/displays", h.listDisplays, "Paired displays", "admins, supervisors (their own)",
			nil, nil, []answer{reply(ok, shared.Displays{})}},
		{"DELETE /api/v1/displays/{id}", h.deleteDisplay, "Revoke a display; its screen goes back to pairing", "admins, supervisors (their own)",
			nil, nil, []answer{empty(http.StatusNoContent)}},
		{"PUT /api/v1/me/preferences", h.putPreferences, "How the caller appears to others on boards, TVs and feeds (by name, by initials, hidden), and their language", "a session",
			jsonBody(shared.Preferences{}), nil, []answer{reply(ok, shared.Preferences{}), reply(http.StatusAccepted, shared.Preferences{})}},
		{"GET /api/v1/me/preferences", h.getPreferences, "The caller's preferences", "a session",
			nil, nil, []answer{reply(ok, shared.Preferences{})}},
		{"PUT /api/v1/me/photo", h.putMyPhoto, "Set the caller's photo: the raw bytes of a PNG, JPEG or WebP of at most 512 KiB (413 over, 415 another type)", "a session",
			photoBodies, nil, []answer{reply(ok, shared.PhotoSet{}), reply(http.StatusAccepted, shared.PhotoSet{})}},
		{"DELETE /api/v1/me/photo", h.deleteMyPhoto, "Remove the caller's photo", "a session",
			nil, nil, []answer{empty(http.StatusNoContent), empty(http.StatusAccepted)}},
		{"PUT /api/v1/users/{id}/photo", h.putUserPhoto, "Set a user's photo, as PUT /api/v1/me/photo", "admins",
			photoBodies, nil, []answer{reply(ok, shared.PhotoSet{}), reply(http.StatusAccepted, shared.PhotoSet{})}},
		{"DELETE /api/v1/users/{id}/photo", h.deleteUserPhoto, "Remove a user's photo", "admins",
			nil, nil, []answer{empty(http.StatusNoContent), empty(http.StatusAccepted)}},
		{"GET /api/v1/photos/{org}/{user}", h.photo, "A person's photo, the URL the views carry; cached for good under its ?v=, 304 on If-None-Match", "the org's sessions and displays",
			nil, []param{{"v", "the photo's version, as the views' URLs carry it", nil}},
			[]answer{{ok, photoBodies}, empty(http.StatusNotModified)}},
		{"POST /api/v1/kudos", h.giveKudos, "Give a colleague kudos for one of the org's values, within the allowance of the period (409 past it); optional Idempotency-Key", "a session",
			jsonBody(shared.KudosRequest{}), nil, []answer{reply(http.StatusCreated, shared.KudosAnswer{})}},
		{"GET /api/v1/kudos", h.listKudos, "Kudos, newest first, as the org feed shows them (names for supervisors, admins and the people in them), and what the caller may still give", "the org's sessions and displays",
			nil, []param{
				{"to", "only kudos to this person", nil},
				{"from", "only kudos from this person", nil},
				{"limit", "how many, at most; default " + strconv.Itoa(defaultKudosLimit), between(1, maxKudosLimit)},
			}, []answer{reply(ok, shared.KudosList{})}},
		{"POST /api/v1/kudos/{id}/hide", h.hideKudos, "Hide an abusive kudos' message (audited); what it scored stays", "supervisors of the receiver's team, admins",
			jsonBody(shared.HideKudos{}), nil, []answer{reply(ok, shared.Kudos{})}},
		{"GET /api/v1/wallet", h.myWallet, "The caller's coins: balance and ledger, newest first", "a session",
			nil, []param{{"limit", "how many entries, at most; default " + strconv.Itoa(defaultLedgerLimit), between(1, projector.MaxRecentLedger)}}, []answer{reply(ok, shared.Wallet{})}},
		{"GET /api/v1/agents/{id}/wallet", h.agentWallet, "An agent's coins: balance and ledger, newest first", "the agent, their supervisor, admins",
			nil, []param{{"limit", "how many entries, at most; default " + strconv.Itoa(defaultLedgerLimit), between(1, projector.MaxRecentLedger)}}, []answer{reply(ok, shared.Wallet{})}},
		{"POST /api/v1/agents/{id}/wallet", h.adjustWallet, "Adjust an agent's balance with a note (audited); never below zero (409); optional Idempotency-Key", "admins",
			jsonBody(shared.WalletAdjust{}), nil, []answer{reply(ok, shared.Wallet{})}},
		{"GET /api/v1/store", h.storeItems, "The store's items in the caller's language (?lang= or their preference) and their balance; admins see retired items", "a session",
			nil, []param{{"lang", "the language of names and descriptions", map[string]any{"type": "string", "enum": []string{"en", "sv", "de", "fr", "ru"}}}}, []answer{reply(ok, shared.StoreAnswer{})}},
		{"PUT /api/v1/store/items/{id}", h.putItem, "Add or replace a store item: names and descriptions in five languages, cost, stock (-1 unlimited), approval, monthly team budget (audited)", "admins",
			jsonBody(shared.StoreItem{}), nil, []answer{reply(ok, shared.StoreItem{})}},
		{"POST /api/v1/redemptions", h.redeem, "Redeem an item: 201 pending or approved with the balance after it; 409 when the balance, the stock or the team's budget is short; optional Idempotency-Key spends once", "agents",
			jsonBody(shared.RedemptionRequest{}), nil, []answer{reply(http.StatusCreated, shared.Redemption{})}},
		{"GET /api/v1/redemptions", h.listRedemptions, "Redemptions, newest first: an agent's own, a supervisor's teams', all for admins", "a session",
			nil, []param{
				{"status", "only these", map[string]any{"type": "string", "enum": []string{"pending", "approved", "rejected", "fulfilled"}}},
				{"agent", "only this agent's", nil},
				{"limit", "how many, at most; default " + strconv.Itoa(defaultRedemptionsLimit), between(1, maxRedemptionsLimit)},
			}, []answer{reply(ok, shared.RedemptionsAnswer{})}},
		{"POST /api/v1/redemptions/{id}/approve", h.review("approve"), "Approve a pending redemption (audited)", "supervisors of the agent's team, admins",
			jsonBody(shared.ReviewRequest{}), nil, []answer{reply(ok, shared.Redemption{})}},
		{"POST /api/v1/redemptions/{id}/reject", h.review("reject"), "Reject a pending or approved redemption and refund it (audited)", "supervisors of the agent's team, admins",
			jsonBody(shared.ReviewRequest{}), nil, []answer{reply(ok, shared.Redemption{})}},
		{"POST /api/v1/redemptions/{id}/fulfil", h.review("fulfil"), "Mark an approved redemption fulfilled (audited)", "admins",
			jsonBody(shared.ReviewRequest{}), nil, []answer{reply(ok, shared.Redemption{})}},
		{"POST /api/v1/spotlights", h.nameSpotlight, "Put someone in the spotlight for a month or an ISO week, with a title and a message (audited); every TV celebrates it", "supervisors of the agent's team, admins",
			jsonBody(shared.SpotlightRequest{}), nil, []answer{reply(http.StatusCreated, shared.Spotlight{})}},
		{"GET /api/v1/spotlights", h.listSpotlights, "Spotlights, newest first; ?agent= for one person's", "the org's sessions and displays",
			nil, []param{{"agent", "only this person's", nil}}, []answer{reply(ok, shared.SpotlightsAnswer{})}},
		{"GET /api/v1/spotlights/candidates", h.spotlightCandidates, "Who the data suggests for a spotlight, with the figure behind each: best quality, most improved on their own baseline, most kudos received", "supervisors (their teams), admins",
			nil, []param{{"period", "a month (2026-11) or an ISO week (2026-W48); default this month", nil}}, []answer{reply(ok, shared.CandidatesAnswer{})}},
		{"GET /api/v1/leagues/me", h.myLeague, "The caller's weekly league: their tier, their cohort's standings (people as they chose to appear), the promotion and demotion zones, when the week ends; 404 before their first event or when the ruleset runs no leagues", "a session",
			nil, nil, []answer{reply(ok, shared.LeagueView{})}},
		{"GET /api/v1/agents/{id}/league", h.agentLeague, "An agent's weekly league, as GET /api/v1/leagues/me answers it", "the agent, their supervisor, admins",
			nil, nil, []answer{reply(ok, shared.LeagueView{})}},
		{"GET /api/v1/leagues/top", h.topLeague, "The first cohort of the highest tier anyone is in, for a TV", "the org's sessions and displays",
			nil, nil, []answer{reply(ok, shared.LeagueView{})}},
		{"PUT /api/v1/rota", h.putRota, "Put days off, sick and on holiday (JSON [{agent,date,kind}] or CSV agent,date,kind with a header; at most 10,000 lines), all or nothing with every bad line listed (audited); such days never break a streak", "supervisors (their teams), admins",
			[]body{{mediaJSON, []shared.RotaDay{}}, {mediaCSV, nil}}, nil, []answer{reply(ok, shared.RotaAnswer{}), reply(http.StatusAccepted, shared.RotaAnswer{}), reply(http.StatusUnprocessableEntity, shared.RotaAnswer{})}},
		{"GET /api/v1/rota", h.getRota, "Rota days by date: one agent's or all the caller may see (their own, their teams', the org's)", "a session",
			nil, []param{{"agent", "only this person's", nil}, {"from", "first date (YYYY-MM-DD); default yesterday", nil}, {"to", "last date; default 62 days after from", nil}}, []answer{reply(ok, shared.RotaList{})}},
		{"DELETE /api/v1/rota/{agent}/{date}", h.deleteRotaDay, "Take a day out of an agent's rota (audited)", "supervisors (their teams), admins",
			nil, nil, []answer{empty(http.StatusNoContent), empty(http.StatusAccepted)}},
		{"GET /api/v1/quizzes", h.listQuizzes, "Quizzes: every one with its right choices for admins; for anyone else the open ones without them, each with the caller's result once taken", "a session",
			nil, []param{{"lang", "the language of the explanations", langParam()}}, []answer{reply(ok, shared.QuizList{})}},
		{"PUT /api/v1/quizzes/{id}", h.putQuiz, "Add or replace a quiz: title and questions in five languages (English required), 2 to 6 choices with one right, explanations, a window, an optional badge (audited)", "admins",
			jsonBody(shared.Quiz{}), nil, []answer{reply(ok, shared.Quiz{})}},
		{"POST /api/v1/quizzes/{id}/answers", h.submitQuiz, "Take a quiz: the score, the right choices and the explanations, and a quiz.completed event (metrics score, of, percent); 409 with the first result for a second submission or a closed quiz; optional Idempotency-Key", "agents",
			jsonBody(shared.QuizAnswers{}), []param{{"lang", "the language of the explanations", langParam()}}, []answer{reply(ok, shared.QuizResult{}), reply(http.StatusConflict, shared.QuizConflict{})}},
		{"GET /api/v1/quizzes/daily", h.dailyQuestion, "The caller's question of today among the open quizzes, without its answer; with the caller's answer once given", "agents",
			nil, []param{{"lang", "the language of the explanation", langParam()}}, []answer{reply(ok, shared.DailyQuestion{})}},
		{"POST /api/v1/quizzes/daily", h.answerDaily, "Answer today's question: right or not, the right choice, the explanation, and a quiz.answered event (metric correct); 409 with the first answer for a second one the same day", "agents",
			jsonBody(shared.DailyAnswer{}), []param{{"lang", "the language of the explanation", langParam()}}, []answer{reply(ok, shared.DailyResult{}), reply(http.StatusConflict, shared.DailyConflict{})}},
		{"GET /api/v1/audit", h.auditLog, "Who changed what and when, newest first", "admins",
			nil, []param{
				{"limit", "how many entries, at most; default " + strconv.Itoa(defaultAuditLimit), between(1, maxAuditLimit)},
				{"before", "only entries before this time", map[string]any{"type": "string", "format": "date-time"}},
			}, []answer{reply(ok, shared.AuditLog{})}},
	}
}
