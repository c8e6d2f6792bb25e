package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// qaReview is an excellent QA review: the quality_star badge's bronze tier
// takes one.
func qaReview(agent, team string) event {
	return event{ID: newID("qa"), Type: "qa.review", Agent: agent, Team: team, Time: time.Now().UTC(),
		Metrics: map[string]any{"score": 96}}
}

// TestUILoginFlow: a page without a session sends the person to the login
// page, the form logs them in and back to where they were, and logging out
// ends the session.
func TestUILoginFlow(t *testing.T) {
	s := startServer(t, "")
	s.ingest(ticket("a-login", "t-l", true))
	s.waitAgent("a-login", func(v shared.AgentView) bool { return v.XP > 0 })
	ctx := newBrowser(t, 1280, 900)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/agent/a-login")))
	waitJS(t, ctx, uiWait, `location.pathname + location.search`, "/login?next=%2Fagent%2Fa-login")

	// A wrong password is said so, at the form.
	waitJS(t, ctx, uiWait, `document.getElementById("login").dataset.mounted === "true" && !document.getElementById("app-wasm-loader")`, true)
	setValue(t, ctx, "#login-user", "admin")
	setValue(t, ctx, "#login-password", "wrong-password")
	click(t, ctx, "#login-submit")
	waitJS(t, ctx, uiWait, `!!document.getElementById("login-error")`, true)

	formLogin(t, ctx, s, "admin", adminPassword)
	waitJS(t, ctx, uiWait, `location.pathname`, "/agent/a-login")
	waitJS(t, ctx, uiWait, `(document.querySelector("#agent-view")||{dataset:{}}).dataset.mounted`, "true")
	waitJS(t, ctx, uiWait, `document.getElementById("conn").dataset.state`, "live")

	click(t, ctx, "#logout")
	waitJS(t, ctx, uiWait, `location.pathname`, "/login")
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/api/v1/me").then(r => r.status)`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, status)
}

// TestUIAgentViewComplete: the agent view shows every period, the category
// chart, badges with next tiers, streaks, the rank's neighbours and the team
// goal; a badge earned live appears with a celebration and in the history.
func TestUIAgentViewComplete(t *testing.T) {
	s := startServer(t, "")
	for _, a := range []string{"a-b1", "a-b2", "a-b3"} {
		s.ingest(ticket(a, "t-b", true))
	}
	s.ingest(survey("a-b2", "t-b"))
	s.waitAgent("a-b3", func(v shared.AgentView) bool { return v.XP > 0 })
	ctx := newBrowser(t, 1280, 900)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/agent/a-b1", "#agent-view")
	waitJS(t, ctx, uiWait, `document.getElementById("conn").dataset.state`, "live")
	for _, id := range []string{"points-day", "points-week", "points-month", "level", "rank", "category-chart", "badges", "challenges", "goals"} {
		assert.True(t, js[bool](t, ctx, fmt.Sprintf(`!!document.getElementById(%q)`, id)), "#%s", id)
	}
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#rank-neighbours li").length`, 3)
	waitJS(t, ctx, uiWait, `!!document.querySelector("#rank-neighbours li.me[data-agent='a-b1']")`, true)
	waitJS(t, ctx, uiWait, `!!document.querySelector("#goals li.goal")`, true)
	assert.Equal(t, "0", js[string](t, ctx, `document.querySelector("#badges li[data-badge=quality_star]").dataset.tier`))

	s.ingest(qaReview("a-b1", "t-b"))
	waitJS(t, ctx, uiWait, `(document.querySelector("#badges li[data-badge=quality_star]")||{dataset:{}}).dataset.tier`, "1")
	waitJS(t, ctx, uiWait, `(document.getElementById("celebration")||{dataset:{}}).dataset.kind`, "badge")
	assert.Contains(t, js[string](t, ctx, `document.getElementById("celebration").textContent`), "Quality star")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#history li[data-kind=badge]")`, true)
	waitJS(t, ctx, uiWait, `!!document.querySelector("#history li[data-kind=points]")`, true)
	// The celebration closes with the keyboard's Enter on its button.
	click(t, ctx, "#celebration-close")
	waitJS(t, ctx, uiWait, `!!document.getElementById("celebration")`, false)

	// Later messages carry patches: the page follows them to the points
	// the REST API has.
	before := s.agent("a-b1").XP
	s.ingest(ticket("a-b1", "t-b", true))
	want := s.waitAgent("a-b1", func(v shared.AgentView) bool { return v.XP > before })
	waitJS(t, ctx, uiWait, `document.getElementById("points-day").textContent`, strconv.FormatInt(want.Points[shared.PeriodDay].Points, 10))
	waitJS(t, ctx, uiWait, `document.getElementById("points-week").textContent`, strconv.FormatInt(want.Points[shared.PeriodWeek].Points, 10))
}

// TestUIDisplay pairs a TV at /display, sees it rotate its slides and a
// goal bar fill, recover by itself after the server restarts (with a stale
// marker meanwhile), and show pairing again once revoked.
func TestUIDisplay(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	s.ingest(ticket("a-d1", "t-d", true), survey("a-d1", "t-d"), ticket("a-d2", "t-e", false))
	s.waitAgent("a-d2", func(v shared.AgentView) bool { return v.XP > 0 })

	tv := newBrowser(t, 1920, 1080)
	require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display?rotate=1.5")))
	id := pairTV(t, tv, s, "Test TV", []string{"teams", "agents/day"}, []string{"t-d"})
	waitJS(t, tv, uiWait, `document.getElementById("display").dataset.state`, "paired")
	// It rotates: every slide comes round.
	for _, slide := range []string{"board/teams/day", "board/agents/day", "goals"} {
		waitJS(t, tv, uiWait, fmt.Sprintf(`document.getElementById("display").dataset.slide === %q && document.getElementById("display").dataset.mounted === "true"`, slide), true)
	}
	assert.False(t, js[bool](t, tv, `document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth`), "the TV scrolls")

	// A goal bar fills as happy customers arrive.
	goal := `(() => { const e = document.querySelector(".goal-bar[data-goal=weekly_happy]"); return e ? parseFloat(e.dataset.progress) : -1 })()`
	waitJS(t, tv, uiWait, goal+` >= 1`, true)
	before := js[float64](t, tv, goal)
	s.ingest(survey("a-d1", "t-d"), survey("a-d1", "t-d"))
	waitJS(t, tv, uiWait, fmt.Sprintf(`%s >= %v`, goal, before+2), true)

	// The server restarts on the same address: stale marker, then live again.
	host := s.URL[len("http://"):]
	s.Kill()
	waitJS(t, tv, uiWait, `!!document.getElementById("stale")`, true)
	s2 := startServer(t, dir, "--addr", host)
	waitJS(t, tv, 40*time.Second, `document.getElementById("conn").dataset.state`, "live")
	waitJS(t, tv, uiWait, `!!document.getElementById("stale")`, false)
	s2.ingest(survey("a-d1", "t-d"))
	waitJS(t, tv, uiWait, fmt.Sprintf(`%s >= %v`, goal, before+3), true)

	// Revoked: the TV drops its token and shows a new code.
	status, out := s2.admin().do(http.MethodDelete, "/api/v1/displays/"+id, nil)
	require.Equal(t, http.StatusNoContent, status, string(out))
	waitJS(t, tv, uiWait, `document.getElementById("display").dataset.state`, "pairing")
	waitJS(t, tv, uiWait, `/^[A-Z0-9]{6}$/.test(document.getElementById("pair-code").textContent.replace(/\s/g, ""))`, true)
}

// TestUISupervisorLaunch: the supervisor sees the team grid, drills into a
// trend, launches a challenge from a template, and the agent's open view
// shows it.
func TestUISupervisorLaunch(t *testing.T) {
	s := startServer(t, "", "--demo")
	agent := newBrowser(t, 1280, 900)
	loginBrowser(t, agent, s, "a-1", "demo")
	open(t, agent, s.URL+"/agent/a-1", "#agent-view")
	waitJS(t, agent, uiWait, `document.getElementById("conn").dataset.state`, "live")

	sup := newBrowser(t, 1600, 1000)
	formLogin(t, sup, s, "sup-t-north", "demo")
	waitJS(t, sup, uiWait, `location.pathname`, "/supervisor")
	waitJS(t, sup, uiWait, `(document.getElementById("supervisor")||{dataset:{}}).dataset.mounted`, "true")
	waitJS(t, sup, uiWait, `document.querySelectorAll("#team-grid .member").length`, 8)
	assert.Equal(t, 8, js[int](t, sup, `document.querySelectorAll("#team-grid .face").length`))
	click(t, sup, "#team-grid [data-agent='a-1'] button")
	waitJS(t, sup, uiWait, `!!document.getElementById("trend-chart")`, true)

	click(t, sup, "#launch-open")
	waitJS(t, sup, uiWait, `(document.getElementById("launch-template")||{}).value`, "team_blitz")
	setValue(t, sup, "#launch-target", "30")
	click(t, sup, "#launch-submit")
	waitJS(t, sup, uiWait, `!!document.getElementById("launch-ok")`, true)
	waitJS(t, agent, uiWait, `!!document.querySelector("#challenges li[data-challenge=team_blitz]")`, true)
	assert.Contains(t, js[string](t, agent, `document.querySelector("#challenges li[data-challenge=team_blitz]").textContent`), "/ 30")
}

// TestUIAdminRules: an invalid rule is shown at its line; a valid change is
// simulated (sortable differences) and published.
func TestUIAdminRules(t *testing.T) {
	s := startServer(t, "")
	s.ingest(ticket("a-r1", "t-r", true), ticket("a-r2", "t-r", false), survey("a-r3", "t-r"))
	s.waitAgent("a-r3", func(v shared.AgentView) bool { return v.XP > 0 })
	ctx := newBrowser(t, 1600, 1000)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/admin?tab=rules&view=json", "#admin")
	waitJS(t, ctx, uiWait, `document.getElementById("rules").dataset.loaded`, "true")
	original := js[string](t, ctx, `document.getElementById("rules-editor").value`)
	require.NotEmpty(t, original)

	edit := func(change string) {
		js[bool](t, ctx, `(() => { const ta = document.getElementById("rules-editor"); const rs = JSON.parse(ta.value); `+change+`; ta.value = JSON.stringify(rs, null, 2); ta.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	}
	edit(`rs.point_rules[1].when = "csat >>> 3"`)
	click(t, ctx, "#rules-validate")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#problem-list li.problem")`, true)
	assert.Equal(t, "invalid", js[string](t, ctx, `document.getElementById("rules-status").dataset.status`))
	path := js[string](t, ctx, `document.querySelector("#problem-list li.problem").dataset.path`)
	assert.Equal(t, "/point_rules/1/when", path)
	wantLine := js[int](t, ctx, `document.getElementById("rules-editor").value.split("\n").findIndex(l => l.includes("csat >>> 3")) + 1`)
	assert.Equal(t, strconv.Itoa(wantLine), js[string](t, ctx, `document.querySelector("#problem-list li.problem").dataset.line`))
	assert.Contains(t, js[string](t, ctx, `document.querySelector("#problem-list li.problem .ln.bad").textContent`), "csat >>> 3")
	assert.Equal(t, "true", js[string](t, ctx, `document.getElementById("rules-editor").getAttribute("aria-invalid")`))

	// A valid change: every ticket is worth 99, simulated then published.
	js[bool](t, ctx, fmt.Sprintf(`(() => { const ta = document.getElementById("rules-editor"); ta.value = %s; ta.dispatchEvent(new Event("input", {bubbles: true})); return true })()`, strconv.Quote(original)))
	edit(`rs.point_rules.forEach(r => { if (r.on === "ticket.solved") { r.points = 99; delete r.cap } })`)
	click(t, ctx, "#rules-simulate")
	waitJS(t, ctx, 60*time.Second, `document.querySelectorAll("#sim-table tbody tr").length >= 2`, true)
	assert.Equal(t, "100%", js[string](t, ctx, `document.querySelector("#sim-progress .bar-fill").style.width.replace(".00", "")`))
	order := `Array.from(document.querySelectorAll("#sim-table tbody tr")).map(r => r.dataset.agent).join(",")`
	click(t, ctx, "#sort-agent")
	waitJS(t, ctx, uiWait, `document.querySelector("th[data-sort=agent]").getAttribute("aria-sort")`, "ascending")
	asc := js[string](t, ctx, order)
	click(t, ctx, "#sort-agent")
	waitJS(t, ctx, uiWait, `document.querySelector("th[data-sort=agent]").getAttribute("aria-sort")`, "descending")
	assert.NotEqual(t, asc, js[string](t, ctx, order))

	click(t, ctx, "#rules-publish")
	waitJS(t, ctx, uiWait, `(document.getElementById("rules-status")||{dataset:{}}).dataset.status`, "published")
	var rv struct{ Version int }
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset", &rv))
	assert.Equal(t, 2, rv.Version)
}

// TestUIAdminAccess: an ingest key's secret is shown once; a display is
// paired from the admin form; the audit log lists both.
func TestUIAdminAccess(t *testing.T) {
	s := startServer(t, "")
	ctx := newBrowser(t, 1600, 1000)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/admin?tab=keys", "#admin")
	setValue(t, ctx, "#key-name", "zendesk")
	click(t, ctx, "#key-create")
	waitJS(t, ctx, uiWait, `(document.getElementById("key-secret")||{textContent:""}).textContent.startsWith("sc_")`, true)
	key := js[string](t, ctx, `document.getElementById("key-secret").textContent`)
	waitJS(t, ctx, uiWait, `Array.from(document.querySelectorAll("#key-list li strong")).some(e => e.textContent === "zendesk")`, true)
	// The key works for ingest.
	status, out := s.post("application/json", mustJSON(t, []event{ticket("a-k", "", false)}), key)
	assert.Equal(t, http.StatusAccepted, status, string(out))

	tv := newBrowser(t, 1280, 720)
	require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display")))
	waitJS(t, tv, uiWait, `/^[A-Z0-9]{6}$/.test((document.getElementById("pair-code")||{textContent:""}).textContent.replace(/\s/g, ""))`, true)
	code := js[string](t, tv, `document.getElementById("pair-code").textContent.replace(/\s/g, "")`)
	click(t, ctx, "#tab-displays")
	waitJS(t, ctx, uiWait, `!!document.getElementById("pair-form")`, true)
	setValue(t, ctx, "#pair-code-input", code)
	setValue(t, ctx, "#pair-name", "Lobby")
	click(t, ctx, "#pair-submit")
	waitJS(t, ctx, uiWait, `!!document.getElementById("pair-ok")`, true)
	waitJS(t, ctx, uiWait, `!!document.querySelector("#display-list li[data-name=Lobby]")`, true)
	waitJS(t, tv, uiWait, `document.getElementById("display").dataset.state`, "paired")

	click(t, ctx, "#tab-audit")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#audit-table tr[data-action='key.create']") && !!document.querySelector("#audit-table tr[data-action='display.pair']")`, true)
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	require.NoError(tb, err)
	return b
}
