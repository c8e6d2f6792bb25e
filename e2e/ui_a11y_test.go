package e2e

import (
	"context"
	"encoding/json"
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

// axePath is axe-core as `make axe` installs it from the npm registry.
var axePath = filepath.Join("a11y", "node_modules", "axe-core", "axe.min.js")

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeCheck runs axe-core on the page as it is and fails the test for every
// serious or critical violation, naming the view and the elements.
func axeCheck(t *testing.T, ctx context.Context, src, view string) {
	t.Helper()
	// A pause lets entry animations end, so contrast is measured on the
	// colours people read, not on a fading-in frame.
	time.Sleep(700 * time.Millisecond)
	script := src + `;
axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
  r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").split("\n").slice(0, 2).join(" "))
  }))))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "axe-core on %s", view)
	var vs []axeViolation
	require.NoError(t, json.Unmarshal([]byte(out), &vs))
	for _, v := range vs {
		t.Errorf("%s: %s (%s): %s\n\t%s", view, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
	// No view may scroll sideways, on a phone least of all.
	wide := js[string](t, ctx, `(() => { const w = document.documentElement.clientWidth; if (document.documentElement.scrollWidth <= w) return "";
  const out = []; for (const e of document.querySelectorAll("body *")) { const r = e.getBoundingClientRect(); if (r.right > w + 1 && r.width > 0) out.push((e.id ? "#" + e.id : e.tagName.toLowerCase() + "." + [...e.classList].join(".")) + " ends at " + Math.round(r.right)); if (out.length >= 5) break; }
  return "page is " + document.documentElement.scrollWidth + " px wide for " + w + ": " + out.join(", ") })()`)
	assert.Empty(t, wide, "%s scrolls sideways", view)
}

// TestUIAccessibility runs axe-core inside Chromium on every view, as the
// people who use them would reach them, at a desktop and a phone size, and
// checks that no view scrolls sideways.
func TestUIAccessibility(t *testing.T) {
	srcBytes, err := os.ReadFile(axePath)
	require.NoError(t, err, "axe-core is missing: run `make axe` (make test does)")
	src := string(srcBytes)
	s := startServer(t, "", "--demo")
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		var lb shared.Leaderboard
		s.getJSON("/api/v1/leaderboards/agents?period=day&limit=30", &lb)
		assert.GreaterOrEqual(c, len(lb.Entries), 10)
	}, 60*time.Second, pollEvery)
	var lb shared.Leaderboard
	s.getJSON("/api/v1/leaderboards/agents?period=day&limit=30", &lb)
	agent := lb.Entries[1].Agent

	for _, size := range [][2]int{{1920, 1080}, {390, 844}} {
		w, h := size[0], size[1]
		name := func(view string) string { return fmt.Sprintf("%s at %dx%d", view, w, h) }

		ctx := newViewport(t, w, h)
		open(t, ctx, s.URL+"/login", "#login")
		axeCheck(t, ctx, src, name("login"))
		formLogin(t, ctx, s, agent, "demo")
		open(t, ctx, s.URL+"/agent/"+agent, "#agent-view")
		waitJS(t, ctx, uiWait, `document.getElementById("conn").dataset.state`, "live")
		axeCheck(t, ctx, src, name("agent"))
		open(t, ctx, s.URL+"/points", "#guide")
		axeCheck(t, ctx, src, name("how points work"))
		open(t, ctx, s.URL+"/me", "#profile")
		axeCheck(t, ctx, src, name("my settings"))
		open(t, ctx, s.URL+"/store", "#store")
		axeCheck(t, ctx, src, name("store"))

		ctx = newViewport(t, w, h)
		loginBrowser(t, ctx, s, "sup-t-north", "demo")
		open(t, ctx, s.URL+"/supervisor", "#supervisor")
		axeCheck(t, ctx, src, name("supervisor"))
		open(t, ctx, s.URL+"/recognition", "#recognition")
		axeCheck(t, ctx, src, name("recognition"))

		ctx = newViewport(t, w, h)
		loginBrowser(t, ctx, s, "admin", adminPassword)
		open(t, ctx, s.URL+"/", "#home")
		axeCheck(t, ctx, src, name("home"))
		for _, tab := range []string{"rules", "roster", "store", "keys", "displays", "audit"} {
			open(t, ctx, s.URL+"/admin?tab="+tab, "#admin")
			waitJS(t, ctx, uiWait, fmt.Sprintf(`!!document.getElementById("panel-%s")`, tab), true)
			axeCheck(t, ctx, src, name("admin "+tab))
		}
		open(t, ctx, s.URL+"/wallboard", "#wallboard")
		axeCheck(t, ctx, src, name("wallboard"))

		tv := newViewport(t, w, h)
		require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display")))
		waitJS(t, tv, uiWait, `!!document.getElementById("pair-code") && document.getElementById("pair-code").textContent.trim().length >= 6`, true)
		axeCheck(t, tv, src, name("display pairing"))
		pairTV(t, tv, s, fmt.Sprintf("A11y TV %d", w), []string{"teams", "agents/day"}, []string{"t-north"})
		waitJS(t, tv, uiWait, `(document.getElementById("display")||{dataset:{}}).dataset.mounted === "true" && !!document.getElementById("display").dataset.slide`, true)
		axeCheck(t, tv, src, name("display"))
	}
}
