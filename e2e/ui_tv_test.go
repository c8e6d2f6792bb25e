package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// tvRoster names the agents of the TV tests: a board of faces, not ids.
const tvRoster = "id,name,role,team,password\n" +
	"a-tv1,Olga Smirnova,agent,t-tvn,\n" +
	"a-tv2,Hannah Schmidt,agent,t-tvn,\n" +
	"a-tv3,Camille Martin,agent,t-tvs,\n" +
	"a-tv4,Ivan Petrov,agent,t-tvs,\n" +
	"a-tv5,Felix Wagner,agent,t-tvn,\n" +
	"a-tv6,Sara Nilsson,agent,t-tvs,\n" +
	"a-tv7,Paul Hoffmann,agent,t-tvn,\n" +
	"a-tv8,Anna Kuznetsova,agent,t-tvs,\n"

// tvShot writes a screenshot to $SCORECAST_SHOTS (a directory) when set.
func tvShot(tb testing.TB, ctx context.Context, name string) {
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

// tvSeed gives the eight agents of tvRoster distinct points today: a-tv1
// first, a-tv8 last.
func tvSeed(t *testing.T, s *server) {
	t.Helper()
	status, out := postRoster(t, s, "", tvRoster)
	require.Equal(t, http.StatusOK, status, string(out))
	var evs []event
	for i := 1; i <= 8; i++ {
		agent, team := fmt.Sprintf("a-tv%d", i), "t-tvn"
		if i%2 == 0 {
			team = "t-tvs"
		}
		for range 10 - i {
			evs = append(evs, survey(agent, team))
		}
	}
	s.ingest(evs...)
	s.waitAgent("a-tv8", func(v shared.AgentView) bool { return v.XP > 0 })
}

// TestUITVBoard pairs a TV and checks its board slide: a podium and rows
// with faces, the device's name nowhere, ▲ beside a row that moved up, a
// celebration that takes the screen when an agent earns a badge, a ticker
// that scrolls, and no sideways scroll.
func TestUITVBoard(t *testing.T) {
	s := startServer(t, "")
	tvSeed(t, s)

	const secret = "Lobby TV 7f3q"
	tv := newViewport(t, 1920, 1080)
	require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display")))
	// The pairing page is dark from the first paint, loader included.
	waitJS(t, tv, uiWait, `/^[A-Z0-9]{6}$/.test((document.getElementById("pair-code")||{textContent:""}).textContent.replace(/\s/g, ""))`, true)
	assert.Equal(t, "rgb(7, 11, 22)", js[string](t, tv, `(() => { const a = document.createElement("aside"); a.className = "goapp-app-info"; document.body.appendChild(a); const c = getComputedStyle(a).backgroundColor; a.remove(); return c })()`), "go-app's loader is dark")
	tvShot(t, tv, "tv-pairing-1920x1080")
	pairTV(t, tv, s, secret, []string{"agents/day"}, []string{"t-tvn", "t-tvs"})
	waitJS(t, tv, uiWait, `document.getElementById("display").dataset.slide === "board/agents/day" && document.getElementById("display").dataset.mounted === "true"`, true)
	waitJS(t, tv, uiWait, `document.getElementById("conn").dataset.state`, "live")

	// Faces: three on the podium, one per row below, initials in colour.
	waitJS(t, tv, uiWait, `document.querySelectorAll("#tv-podium li .face").length`, 3)
	waitJS(t, tv, uiWait, `document.querySelectorAll("#agents-board li.tv-row .face").length`, 5)
	// Five rows share the box below the podium, each whole inside it.
	assert.True(t, js[bool](t, tv, `(() => { const box = document.getElementById("agents-board").getBoundingClientRect(); return Array.from(document.querySelectorAll("#agents-board li.tv-row .row-main")).every(m => { const r = m.getBoundingClientRect(); return r.top >= box.top - 1 && r.bottom <= box.bottom + 1 }) })()`), "a row spills out of its box")
	assert.Equal(t, "OS", js[string](t, tv, `document.querySelector("#tv-podium li[data-agent=a-tv1] .face").textContent`))
	assert.Equal(t, "Olga Smirnova", js[string](t, tv, `document.querySelector("#tv-podium li[data-agent=a-tv1] .row-name").textContent`))
	assert.NotEqual(t, "rgba(0, 0, 0, 0)", js[string](t, tv, `getComputedStyle(document.querySelector("#agents-board li[data-agent=a-tv4] .face")).backgroundColor`))
	// The clock shows, and the device's name is nowhere on the page.
	waitJS(t, tv, uiWait, `/\d:\d\d/.test(document.getElementById("tv-clock").textContent)`, true)
	assert.False(t, js[bool](t, tv, fmt.Sprintf(`document.documentElement.outerHTML.includes(%q)`, secret)), "the device's name is shown")
	// The TV may read the org's settings (the chime) with its own token.
	var creds struct{ Token string }
	require.NoError(t, json.Unmarshal([]byte(js[string](t, tv, `localStorage.getItem("scorecast.display")`)), &creds))
	req, err := http.NewRequest(http.MethodGet, s.URL+"/api/v1/org", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+creds.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "a display token reads GET /api/v1/org")
	tvShot(t, tv, "tv-board-1920x1080")

	// One training earns the "Lifelong learner" badge: the screen celebrates
	// with the agent's face and the badge's name.
	s.ingest(training("a-tv2", "t-tvn"))
	waitJS(t, tv, 40*time.Second, `(document.getElementById("tv-cel-who") || {textContent: ""}).textContent`, "Hannah Schmidt")
	assert.Contains(t, js[string](t, tv, `document.getElementById("tv-cel-what").textContent`), "Lifelong learner")
	assert.Equal(t, "HS", js[string](t, tv, `document.querySelector("#tv-celebration .face").textContent`))
	assert.True(t, js[bool](t, tv, `(() => { const r = document.getElementById("tv-celebration").getBoundingClientRect(); return r.width >= innerWidth && r.height >= innerHeight })()`), "the celebration takes the screen")
	waitJS(t, tv, uiWait, `getComputedStyle(document.querySelector(".tv-cel-card")).opacity === "1" && getComputedStyle(document.getElementById("tv-celebration")).opacity === "1"`, true)
	tvShot(t, tv, "tv-celebration-1920x1080")
	// It goes by itself.
	waitJS(t, tv, uiWait, `!!document.getElementById("tv-celebration")`, false)

	// Sara (sixth) climbs past the others below the podium, or onto it:
	// her row slides up with ▲ for a minute.
	row := `document.querySelector("#agents-board li[data-agent=a-tv6]")`
	var burst []event
	for range 5 {
		burst = append(burst, survey("a-tv6", "t-tvs"))
	}
	s.ingest(burst...)
	waitJS(t, tv, uiWait, `(() => { const r = `+row+`; return !!r && r.dataset.rank === "3" || !!document.querySelector("#tv-podium li[data-agent=a-tv6]") })()`, true)
	waitJS(t, tv, uiWait, `(() => { const m = document.querySelector("[data-agent=a-tv6] .rank-move.up"); return !!m && /^▲[1-5]$/.test(m.textContent) })()`, true)
	tvShot(t, tv, "tv-moved-1920x1080")

	// The ticker scrolls: its track animates and moves.
	waitJS(t, tv, uiWait, `document.querySelectorAll("#ticker .ticker-item").length >= 2`, true)
	assert.Equal(t, "tv-marquee", js[string](t, tv, `getComputedStyle(document.getElementById("ticker-track")).animationName`))
	js[bool](t, tv, `(() => { window.tvTickerAt = document.getElementById("ticker-track").getBoundingClientRect().left; return true })()`)
	waitJS(t, tv, uiWait, `document.getElementById("ticker-track").getBoundingClientRect().left < window.tvTickerAt`, true)
	assert.False(t, js[bool](t, tv, `document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight`), "the TV scrolls")
}

// TestUITVPhone: the same TV on a phone held upright scrolls neither way,
// and under reduced motion the ticker stands still.
func TestUITVPhone(t *testing.T) {
	s := startServer(t, "")
	tvSeed(t, s)
	tv := newViewport(t, 390, 844)
	require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display?rotate=2")))
	waitJS(t, tv, uiWait, `/^[A-Z0-9]{6}$/.test((document.getElementById("pair-code")||{textContent:""}).textContent.replace(/\s/g, ""))`, true)
	assert.False(t, js[bool](t, tv, `document.documentElement.scrollWidth > innerWidth`), "the pairing page scrolls sideways")
	// The page is fixed to the screen, so also look at what it holds.
	assert.True(t, js[bool](t, tv, `Array.from(document.querySelectorAll(".pair-card, .pair-card > *")).every(e => { const r = e.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth })`), "the pairing card is cut off")
	tvShot(t, tv, "tv-pairing-390x844")
	pairTV(t, tv, s, "Phone TV", []string{"teams", "agents/day"}, []string{"t-tvn", "t-tvs"})
	status, out := s.admin().do(http.MethodPost, "/api/v1/challenges", map[string]any{
		"challenge": "team_blitz", "team": "t-tvn", "target": 400, "deadline": time.Now().Add(3 * time.Hour).UTC().Format(time.RFC3339)})
	require.Equal(t, http.StatusCreated, status, string(out))
	waitJS(t, tv, uiWait, `document.getElementById("display").dataset.state === "paired" && document.getElementById("conn").dataset.state === "live"`, true)
	s.ingest(training("a-tv3", "t-tvs"))
	waitJS(t, tv, uiWait, `!!document.getElementById("tv-celebration")`, true)
	tvShot(t, tv, "tv-celebration-390x844")
	for _, slide := range []string{"board/teams/day", "board/agents/day", "goals", "race"} {
		waitJS(t, tv, 40*time.Second, fmt.Sprintf(`document.getElementById("display").dataset.slide === %q && document.getElementById("display").dataset.mounted === "true" && !document.getElementById("tv-celebration")`, slide), true)
		assert.False(t, js[bool](t, tv, `document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight`), "slide %s scrolls", slide)
		tvShot(t, tv, "tv-"+strings.ReplaceAll(slide, "/", "-")+"-390x844")
	}
	// Bars keep a whole round end near zero and say their percentage.
	assert.True(t, js[bool](t, tv, `Array.from(document.querySelectorAll(".tv-bar-fill")).every(f => f.getBoundingClientRect().width >= f.getBoundingClientRect().height - 0.5)`), "a bar is filled less than its round end")
	assert.True(t, js[bool](t, tv, `Array.from(document.querySelectorAll(".tv-bar-pct")).every(p => /\d/.test(p.textContent))`))

	// Reduced motion: the ticker's track stands still, its copy hidden.
	require.NoError(t, chromedp.Do(tv, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	})))
	waitJS(t, tv, uiWait, `!!document.getElementById("ticker-track")`, true)
	assert.Equal(t, "none", js[string](t, tv, `getComputedStyle(document.getElementById("ticker-track")).animationName`))
	assert.Equal(t, "none", js[string](t, tv, `getComputedStyle(document.querySelector("#ticker .ticker-copy")).display`))
}
