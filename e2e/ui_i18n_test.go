package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// untranslated matches a message key shown as text (tr falls back to the key
// itself), e.g. "agent.points_day".
const untranslated = `/\b(app|nav|home|conn|agent|wall|error|login|pwa|period|status|time|hist|tick|sup|admin|rules|sim|roster|keys|displays|display|audit|board|flag|role|common)\.[a-z_]+\b/`

// TestUILanguages renders the agent view in each language with no key left
// untranslated, numbers in the language's form, and a switch that sticks.
func TestUILanguages(t *testing.T) {
	s := startServer(t, "")
	var burst []event
	for range 400 {
		burst = append(burst, survey("a-lang", "t-lang"))
	}
	s.ingest(burst...)
	s.waitAgent("a-lang", func(v shared.AgentView) bool { return v.XP >= 10000 })
	ctx := newBrowser(t, 1280, 900)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	for _, lang := range []string{"en", "sv", "de", "fr", "ru"} {
		open(t, ctx, s.URL+"/agent/a-lang?lang="+lang, "#agent-view")
		waitJS(t, ctx, uiWait, `document.getElementById("conn").dataset.state`, "live")
		assert.Equal(t, lang, js[string](t, ctx, `document.documentElement.lang`))
		found := js[string](t, ctx, `(document.body.innerText.match(`+untranslated+`) || []).join(" ")`)
		assert.Empty(t, found, "%s: untranslated keys", lang)
		xp := js[string](t, ctx, `document.querySelector(".level-xp").textContent`)
		want := map[string]string{"en": ",", "sv": "\u00a0", "de": ".", "fr": "\u202f", "ru": "\u00a0"}[lang]
		assert.Contains(t, xp, want, "%s: XP %q is not grouped the %s way", lang, xp, lang)
	}
	// The switch sticks: pick German, reload without ?lang.
	open(t, ctx, s.URL+"/agent/a-lang", "#agent-view")
	js[bool](t, ctx, `(() => { const s = document.getElementById("lang"); s.value = "de"; s.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	waitJS(t, ctx, uiWait, `document.documentElement.lang`, "de")
	open(t, ctx, s.URL+"/agent/a-lang", "#agent-view")
	waitJS(t, ctx, uiWait, `document.documentElement.lang`, "de")
	assert.Contains(t, js[string](t, ctx, `document.body.innerText`), "Punkte heute")
}

// TestUITimeToLiveView measures navigation to a live agent view (mounted,
// numbers in, socket live) in headless Chromium: cold (fresh profile, no
// service worker) and warm (second load). Figures go to the test log.
func TestUITimeToLiveView(t *testing.T) {
	s := startServer(t, "")
	s.ingest(ticket("a-ttl", "t-ttl", true))
	s.waitAgent("a-ttl", func(v shared.AgentView) bool { return v.XP > 0 })
	ctx := newBrowser(t, 1280, 900)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	live := `(() => { const v = document.getElementById("agent-view"), c = document.getElementById("conn"); return !!v && v.dataset.mounted === "true" && !!c && c.dataset.state === "live" && !document.getElementById("app-wasm-loader") ? performance.now() : 0 })()`
	measure := func(name string) time.Duration {
		start := time.Now()
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/agent/a-ttl")))
		var ms float64
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			var err error
			ms, err = chromedp.Run(ctx, chromedp.Evaluate[float64](live))
			require.NoError(c, err)
			assert.Positive(c, ms, "the agent view is not live yet (%s)", name)
		}, 30*time.Second, 20*time.Millisecond, "no live agent view within 30 s (%s)", name)
		d := time.Duration(ms * float64(time.Millisecond))
		t.Logf("time to live agent view (%s): %d ms from navigation start (page clock); %d ms wall clock from the test",
			name, d.Milliseconds(), time.Since(start).Milliseconds())
		return d
	}
	cold := measure("cold")
	warm := measure("warm")
	// A budget that a loaded 2-core machine meets with room; the figures
	// themselves are the point.
	assert.Less(t, cold, 15*time.Second, fmt.Sprint("cold ", cold))
	assert.Less(t, warm, 15*time.Second, fmt.Sprint("warm ", warm))
}
