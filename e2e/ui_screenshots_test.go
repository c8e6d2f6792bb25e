package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestUIScreenshots renders every view from the demo at 1920x1080 and
// 390x844 into $SCORECAST_SCREENSHOTS_DIR (make screenshots). Without the
// variable it is skipped.
func TestUIScreenshots(t *testing.T) {
	dir := os.Getenv("SCORECAST_SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCORECAST_SCREENSHOTS_DIR to render the screenshots")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	s := startServer(t, "", "--demo")
	// Let the simulator fill the boards, goals and badges a little.
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		var lb shared.Leaderboard
		s.getJSON("/api/v1/leaderboards/agents?period=day&limit=30", &lb)
		ok := len(lb.Entries) >= 20 && lb.Entries[len(lb.Entries)-1].Points > 0
		assert.True(c, ok, "demo has %d agents with points", len(lb.Entries))
	}, 60*time.Second, pollEvery)
	// The agent shown is third today, so the rank has neighbours both ways.
	var lb shared.Leaderboard
	s.getJSON("/api/v1/leaderboards/agents?period=day&limit=30", &lb)
	agent := lb.Entries[2].Agent

	// Launched team challenges (with targets the demo cannot finish during the
	// run) make the race slide and the challenge lists real.
	status, out := s.admin().do("POST", "/api/v1/challenges", map[string]any{
		"challenge": "team_blitz", "team": "t-north", "target": 400, "deadline": time.Now().Add(3 * time.Hour).UTC().Format(time.RFC3339)})
	require.Equal(t, 201, status, string(out))
	for _, team := range []string{"t-harbor", "t-aurora"} {
		s.admin().do("POST", "/api/v1/challenges", map[string]any{
			"challenge": "team_blitz", "team": team, "target": 400, "deadline": time.Now().Add(3 * time.Hour).UTC().Format(time.RFC3339)})
	}

	for _, size := range [][2]int{{1920, 1080}, {390, 844}} {
		w, h := size[0], size[1]
		shot := func(ctx context.Context, name string) {
			t.Helper()
			// Let bars finish their transition before the picture: a pause
			// for the eye, not a wait for a state the test could check.
			time.Sleep(900 * time.Millisecond)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%dx%d.png", name, w, h)), png, 0o644))
		}

		// Login, then the agent's own view.
		ctx := newViewport(t, w, h)
		open(t, ctx, s.URL+"/login", "#login")
		shot(ctx, "login")
		formLogin(t, ctx, s, agent, "demo")
		open(t, ctx, s.URL+"/agent/"+agent, "#agent-view")
		waitJS(t, ctx, uiWait, `document.getElementById("conn").dataset.state`, "live")
		waitJS(t, ctx, uiWait, `!!document.querySelector("#goals li.goal") && !!document.querySelector("#rank-neighbours li")`, true)
		s.ingest(survey(agent, ""), ticket(agent, "", true))
		waitJS(t, ctx, uiWait, `document.querySelectorAll("#history li").length >= 1`, true)
		js[bool](t, ctx, `(() => { const c = document.getElementById("celebration"); if (c) c.click(); return true })()`)
		shot(ctx, "agent")
		open(t, ctx, s.URL+"/points", "#guide")
		shot(ctx, "points")
		open(t, ctx, s.URL+"/me", "#profile")
		shot(ctx, "settings")
		open(t, ctx, s.URL+"/store", "#store")
		waitJS(t, ctx, uiWait, `document.querySelectorAll("#catalogue .item-card").length > 0`, true)
		shot(ctx, "store")

		// The supervisor: the team live, then one agent's trend.
		ctx = newViewport(t, w, h)
		loginBrowser(t, ctx, s, "sup-t-north", "demo")
		open(t, ctx, s.URL+"/supervisor", "#supervisor")
		shot(ctx, "supervisor")
		click(t, ctx, "#team-grid .member button")
		waitJS(t, ctx, uiWait, `!!document.getElementById("trend-chart")`, true)
		js[bool](t, ctx, `(() => { document.getElementById("agent-detail").scrollIntoView(); return true })()`)
		shot(ctx, "supervisor-trend")
		open(t, ctx, s.URL+"/recognition", "#recognition")
		shot(ctx, "recognition")

		// The admin's tabs and the logged-in wallboard.
		ctx = newViewport(t, w, h)
		loginBrowser(t, ctx, s, "admin", adminPassword)
		open(t, ctx, s.URL+"/", "#home")
		shot(ctx, "home")
		for _, tab := range []string{"rules", "roster", "store", "keys", "displays", "audit"} {
			open(t, ctx, s.URL+"/admin?tab="+tab, "#admin")
			waitJS(t, ctx, uiWait, fmt.Sprintf(`!!document.getElementById("panel-%s")`, tab), true)
			if tab == "rules" {
				waitJS(t, ctx, uiWait, `document.getElementById("rules").dataset.loaded`, "true")
			}
			shot(ctx, "admin-"+tab)
		}
		open(t, ctx, s.URL+"/wallboard", "#wallboard")
		shot(ctx, "wallboard")

		// A TV: the pairing code, then each slide, then a celebration.
		tv := newViewport(t, w, h)
		require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display?rotate=3")))
		waitJS(t, tv, uiWait, `!!document.getElementById("pair-code") && document.getElementById("pair-code").textContent.trim().length >= 6`, true)
		shot(tv, "display-pairing")
		pairTV(t, tv, s, fmt.Sprintf("Floor TV %d", w), []string{"teams", "agents/day"}, []string{"t-north", "t-harbor", "t-aurora"})
		seen := map[string]bool{}
		for _, slide := range []string{"board/teams/day", "board/agents/day", "goals", "race"} {
			// A slide, not a celebration over it: one that began while the
			// picture was taken means another picture.
			ready := fmt.Sprintf(`document.getElementById("display").dataset.slide === %q && document.getElementById("display").dataset.mounted === "true" && !document.getElementById("tv-celebration")`, slide)
			for try := 0; try < 6 && !seen[slide]; try++ {
				waitJS(t, tv, 60*time.Second, ready, true)
				shot(tv, "display-"+strings.ReplaceAll(strings.TrimPrefix(slide, "board/"), "/", "-"))
				seen[slide] = js[bool](t, tv, ready)
			}
		}
		// A celebration: the demo's agents earn badges and levels all the
		// time; a training makes sure of one.
		s.ingest(training(agent, ""))
		waitJS(t, tv, 60*time.Second, `!!document.getElementById("tv-celebration") && getComputedStyle(document.querySelector(".tv-cel-card")).opacity === "1"`, true)
		shot(tv, "display-celebration")
	}
}
