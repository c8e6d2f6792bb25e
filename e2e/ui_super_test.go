package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// superRowOrder is the scorecard's agents from top to bottom.
const superRowOrder = `Array.from(document.querySelectorAll("#team-grid .member")).map(r => r.dataset.agent).join(",")`

// superKey presses a key on the focused element, as a person would (a
// trusted event, which a script's dispatchEvent is not).
func superKey(tb testing.TB, ctx context.Context, sel, key string) {
	tb.Helper()
	waitJS(tb, ctx, uiWait, fmt.Sprintf(`!!document.querySelector(%q)`, sel), true)
	waitJS(tb, ctx, uiWait, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.focus(); return document.activeElement === e })()`, sel), true)
	require.NoError(tb, chromedp.Do(ctx, chromedp.KeyEvent(key)))
}

// superShot writes a picture of the page to $SCORECAST_SHOTS when set.
func superShot(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	dir := os.Getenv("SCORECAST_SHOTS")
	if dir == "" {
		return
	}
	require.NoError(tb, os.MkdirAll(dir, 0o755))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(tb, err)
	require.NoError(tb, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

// superNoSideways checks the page does not scroll sideways.
func superNoSideways(tb testing.TB, ctx context.Context) {
	tb.Helper()
	w := js[int](tb, ctx, `document.documentElement.scrollWidth`)
	vw := js[int](tb, ctx, `window.innerWidth`)
	assert.LessOrEqual(tb, w, vw, "the page scrolls sideways")
}

// TestUISuperScorecard: the scorecard is a table ranked by today's points;
// a click on a header sorts by that column (aria-sort follows) and a
// second click reverses it; Enter on a header sorts too; without flags
// there is no alerts strip; the grid switch shows cards and is remembered
// across a reload; a live event moves rows and shows ▲n/▼n; on a phone
// nothing scrolls sideways.
func TestUISuperScorecard(t *testing.T) {
	s := startServer(t, "")
	const team = "t-sc"
	// Today: a-s3 30 (a 5-star survey), a-s1 25 (a training), a-s2 20 (two tickets).
	s.ingest(training("a-s1", team), ticket("a-s2", team, false), ticket("a-s2", team, false), survey("a-s3", team))
	s.waitAgent("a-s2", func(v shared.AgentView) bool { return v.XP >= 20 })
	s.waitAgent("a-s3", func(v shared.AgentView) bool { return v.XP > 0 })
	s.waitAgent("a-s1", func(v shared.AgentView) bool { return v.XP > 0 })

	ctx := newViewport(t, 1600, 1000)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/supervisor?team="+team, "#supervisor")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("table#team-grid tr.member").length`, 3)
	waitJS(t, ctx, uiWait, superRowOrder, "a-s3,a-s1,a-s2")
	assert.Equal(t, "ascending", js[string](t, ctx, `document.querySelector("th[data-col=rank]").getAttribute("aria-sort")`))
	assert.Equal(t, 3, js[int](t, ctx, `document.querySelectorAll("#team-grid .member .face").length`), "a face per row")
	assert.True(t, js[bool](t, ctx, `!!document.querySelector("#team-grid [data-agent=a-s1] td.col-qa .kpi-none")`),
		"no QA review today: a dash, not a zero")
	assert.Equal(t, "0%", js[string](t, ctx, `document.querySelector("#team-grid [data-agent=a-s2] td.col-fcr").textContent`),
		"no first-contact resolution in two tickets")
	assert.False(t, js[bool](t, ctx, `!!document.getElementById("alerts")`), "no flags, no alerts strip")

	click(t, ctx, "th[data-col=name] button")
	waitJS(t, ctx, uiWait, superRowOrder, "a-s1,a-s2,a-s3")
	assert.Equal(t, "ascending", js[string](t, ctx, `document.querySelector("th[data-col=name]").getAttribute("aria-sort")`))
	assert.Equal(t, "none", js[string](t, ctx, `document.querySelector("th[data-col=rank]").getAttribute("aria-sort")`))
	click(t, ctx, "th[data-col=name] button")
	waitJS(t, ctx, uiWait, superRowOrder, "a-s3,a-s2,a-s1")
	assert.Equal(t, "descending", js[string](t, ctx, `document.querySelector("th[data-col=name]").getAttribute("aria-sort")`))

	// The keyboard: Enter on the "today" header sorts most points first.
	superKey(t, ctx, "th[data-col=today] button", kb.Enter)
	waitJS(t, ctx, uiWait, superRowOrder, "a-s3,a-s1,a-s2")
	assert.Equal(t, "descending", js[string](t, ctx, `document.querySelector("th[data-col=today]").getAttribute("aria-sort")`))
	superShot(t, ctx, "supervisor-table-1600")

	// The grid switch: cards, remembered across a reload.
	click(t, ctx, "#view-cards")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("ul#team-grid li.member").length`, 3)
	assert.Equal(t, "true", js[string](t, ctx, `document.getElementById("view-cards").getAttribute("aria-pressed")`))
	open(t, ctx, s.URL+"/supervisor?team="+team, "#supervisor")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("ul#team-grid li.member").length`, 3)
	click(t, ctx, "#view-table")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("table#team-grid tr.member").length`, 3)

	// Live: a-s2 passes both others and shows ▲2 beside the new rank.
	s.ingest(survey("a-s2", team))
	waitJS(t, ctx, uiWait, superRowOrder, "a-s2,a-s3,a-s1")
	waitJS(t, ctx, uiWait, `(document.querySelector("#team-grid [data-agent=a-s2] .rank-move.up")||{textContent:""}).textContent`, "▲2")
	assert.Equal(t, "▼1", js[string](t, ctx, `document.querySelector("#team-grid [data-agent=a-s3] .rank-move.down").textContent`))

	// A phone, in Russian (long words): the table's rows become cards;
	// nothing scrolls sideways.
	phone := newViewport(t, 390, 844)
	loginBrowser(t, phone, s, "admin", adminPassword)
	open(t, phone, s.URL+"/supervisor?team="+team+"&lang=ru", "#supervisor")
	waitJS(t, phone, uiWait, `document.querySelectorAll("#team-grid .member").length`, 3)
	click(t, phone, "#team-grid [data-agent=a-s3] .member-btn")
	waitJS(t, phone, uiWait, `!!document.getElementById("trend-chart") && !!document.getElementById("trend-week")`, true)
	superNoSideways(t, phone)
	assert.Equal(t, "grid", js[string](t, phone, `getComputedStyle(document.querySelector("#team-grid tr.member")).display`))
	superShot(t, phone, "supervisor-390")
}

// TestUISuperAlerts: an agent whose points fell away is on the alerts
// strip, with the reason in the reader's language.
func TestUISuperAlerts(t *testing.T) {
	s := startServer(t, "")
	const team = "t-al"
	// Three weeks of work, then nothing for the last five days.
	var evs []event
	for d := 26; d >= 6; d-- {
		e := survey("a-al", team)
		e.Time = e.Time.AddDate(0, 0, -d)
		evs = append(evs, e)
	}
	s.ingest(append(evs, ticket("a-ok", team, false))...)
	s.waitAgent("a-al", func(v shared.AgentView) bool { return v.XP >= 21*30 })

	ctx := newViewport(t, 1600, 1000)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/supervisor?team="+team+"&lang=de", "#supervisor")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#alerts li[data-agent=a-al]").length`, 1)
	assert.Equal(t, "quiet", js[string](t, ctx, `document.querySelector("#alerts li").dataset.flag`))
	assert.Contains(t, js[string](t, ctx, `document.querySelector("#alerts li").textContent`), "Seit 5 Tagen keine Punkte")
	assert.False(t, js[bool](t, ctx, `!!document.querySelector("#alerts li[data-agent=a-ok]")`))
	assert.Equal(t, "quiet", js[string](t, ctx, `document.querySelector("#team-grid [data-agent=a-al]").classList.contains("flagged") ? "quiet" : ""`))
	superShot(t, ctx, "supervisor-alerts-1600")
}

// TestUISuperLaunchDialog: the launch dialog opens as a modal with the
// template's own target and a preview of the challenge as agents will see
// it; Escape closes it; a launch closes it and the challenge appears in
// the team's progress.
func TestUISuperLaunchDialog(t *testing.T) {
	s := startServer(t, "")
	const team = "t-ld"
	s.ingest(ticket("a-l1", team, true))
	s.waitAgent("a-l1", func(v shared.AgentView) bool { return v.XP > 0 })
	var cur rulesetAnswer
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset", &cur))
	var target float64
	for _, ch := range cur.Ruleset["challenges"].([]any) {
		if m := ch.(map[string]any); m["id"] == "team_blitz" {
			target = m["target"].(float64)
		}
	}
	require.Positive(t, target, "the default ruleset's ad hoc template")
	want := fmt.Sprint(target)

	ctx := newViewport(t, 1600, 1000)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/supervisor?team="+team, "#supervisor")
	click(t, ctx, "#launch-open")
	waitJS(t, ctx, uiWait, `document.getElementById("launch-dialog").open && document.activeElement.closest("dialog") !== null`, true)
	waitJS(t, ctx, uiWait, `document.getElementById("launch-target").value`, want)
	waitJS(t, ctx, uiWait, `(document.querySelector("#launch-preview li[data-challenge=team_blitz]")||{textContent:""}).textContent.includes("/ `+want+`")`, true)
	superShot(t, ctx, "supervisor-dialog-1600")

	// Escape closes it, and nothing was launched.
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)))
	waitJS(t, ctx, uiWait, `document.getElementById("launch-dialog").open`, false)
	assert.False(t, js[bool](t, ctx, `!!document.querySelector("#team-progress li[data-challenge=team_blitz]")`))

	click(t, ctx, "#launch-open")
	waitJS(t, ctx, uiWait, `document.getElementById("launch-dialog").open && !!document.getElementById("launch-target")`, true)
	setValue(t, ctx, "#launch-target", "25")
	waitJS(t, ctx, uiWait, `document.querySelector("#launch-preview li[data-challenge=team_blitz]").textContent.includes("/ 25")`, true)
	click(t, ctx, "#launch-submit")
	waitJS(t, ctx, uiWait, `!!document.getElementById("launch-ok")`, true)
	waitJS(t, ctx, uiWait, `document.getElementById("launch-dialog").open`, false)
	waitJS(t, ctx, uiWait, `(document.querySelector("#team-progress li[data-challenge=team_blitz]")||{textContent:""}).textContent.includes("/ 25")`, true)
}

// TestUISuperHome: Home is today's summary: the top three with faces in
// rank order, the teams, the open challenges and the screens; on a phone
// nothing scrolls sideways.
func TestUISuperHome(t *testing.T) {
	s := startServer(t, "")
	s.ingest(survey("a-h1", "t-h1"), survey("a-h1", "t-h1"), survey("a-h2", "t-h1"), training("a-h3", "t-h2"), ticket("a-h4", "t-h2", false))
	s.waitAgent("a-h1", func(v shared.AgentView) bool { return v.XP >= 60 })
	s.waitAgent("a-h4", func(v shared.AgentView) bool { return v.XP > 0 })
	status, out := s.admin().do(http.MethodPost, "/api/v1/challenges", shared.LaunchRequest{Challenge: "team_blitz", Team: "t-h2",
		Deadline: timeIn(2)})
	require.Equal(t, http.StatusCreated, status, string(out))

	ctx := newViewport(t, 1600, 1000)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/", "#home")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#home-top li").length`, 3)
	assert.Equal(t, "a-h1,a-h2,a-h3", js[string](t, ctx, `Array.from(document.querySelectorAll("#home-top li")).map(l => l.dataset.agent).join(",")`))
	assert.Equal(t, 3, js[int](t, ctx, `document.querySelectorAll("#home-top li .face").length`), "a face per place")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#home-teams li").length`, 2)
	waitJS(t, ctx, uiWait, `!!document.querySelector("#home-challenges li[data-challenge=team_blitz]")`, true)
	assert.True(t, js[bool](t, ctx, `!!document.getElementById("home-screens")`), "the admin sees the screens")
	superShot(t, ctx, "home-1600")

	phone := newViewport(t, 390, 844)
	loginBrowser(t, phone, s, "admin", adminPassword)
	open(t, phone, s.URL+"/?lang=fr", "#home")
	waitJS(t, phone, uiWait, `document.querySelectorAll("#home-top li .face").length`, 3)
	superNoSideways(t, phone)
	assert.Less(t, js[float64](t, phone, `document.querySelector(".topbar").getBoundingClientRect().height`), 60.0, "a one-row header")
	superShot(t, phone, "home-390")
}

// timeIn is a whole second some hours from now, for deadlines.
func timeIn(hours int) time.Time {
	return time.Now().Add(time.Duration(hours) * time.Hour).UTC().Truncate(time.Second)
}

// TestUISuperShots pictures the scorecard, its cards, a trend, the launch
// dialog and Home with the demo's data at 1920x1080 and 390x844, into
// $SCORECAST_SHOTS; without it there is nothing to do.
func TestUISuperShots(t *testing.T) {
	if os.Getenv("SCORECAST_SHOTS") == "" {
		t.Skip("SCORECAST_SHOTS is not set")
	}
	s := startServer(t, "", "--demo")
	for _, size := range [][2]int{{1920, 1080}, {390, 844}} {
		w, h := size[0], size[1]
		name := func(view string) string { return fmt.Sprintf("%s-%dx%d", view, w, h) }
		ctx := newViewport(t, w, h)
		loginBrowser(t, ctx, s, "sup-t-north", "demo")
		open(t, ctx, s.URL+"/supervisor", "#supervisor")
		waitJS(t, ctx, uiWait, `document.querySelectorAll("#team-grid .member").length > 0`, true)
		superShot(t, ctx, name("supervisor"))
		click(t, ctx, "#team-grid .member .member-btn")
		waitJS(t, ctx, uiWait, `!!document.getElementById("trend-chart")`, true)
		js[bool](t, ctx, `(() => { document.getElementById("agent-detail").scrollIntoView(); return true })()`)
		superShot(t, ctx, name("supervisor-trend"))
		js[bool](t, ctx, `(() => { window.scrollTo(0, 0); return true })()`)
		click(t, ctx, "#view-cards")
		waitJS(t, ctx, uiWait, `!!document.querySelector("ul#team-grid")`, true)
		superShot(t, ctx, name("supervisor-cards"))
		click(t, ctx, "#view-table")
		click(t, ctx, "#launch-open")
		waitJS(t, ctx, uiWait, `!!document.getElementById("launch-preview")`, true)
		superShot(t, ctx, name("supervisor-dialog"))
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)))
		open(t, ctx, s.URL+"/", "#home")
		waitJS(t, ctx, uiWait, `document.getElementById("home").dataset.mounted`, "true")
		superShot(t, ctx, name("home"))
	}
}
