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

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// peopleShot saves the page as a PNG under SCORECAST_SHOTS, when set.
func peopleShot(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	dir := os.Getenv("SCORECAST_SHOTS")
	if dir == "" {
		return
	}
	require.NoError(tb, os.MkdirAll(dir, 0o755))
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // the whole page, as PNG
	require.NoError(tb, err)
	require.NoError(tb, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

// peopleFile writes data to a file named name in a temp dir, for a file
// input.
func peopleFile(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	require.NoError(tb, os.WriteFile(path, data, 0o644))
	return path
}

// TestUIPeopleSettingsHideFromWallboard: an agent opens My settings from
// the header, picks how to appear with the keyboard and the mouse, sets a
// photo (a file too large is refused in words first), and chooses hidden;
// another person's wallboard then shows no trace of their name, while the
// agent's own view still shows their rank.
func TestUIPeopleSettingsHideFromWallboard(t *testing.T) {
	s := startServer(t, "")
	peopleUser(t, s, "a-hid", "Hanna Svensson", "agent", "t-ui")
	peopleUser(t, s, "a-nam", "Nora Named", "agent", "t-ui")
	s.ingest(survey("a-hid", "t-ui"), survey("a-hid", "t-ui"), survey("a-nam", "t-ui"))
	s.waitAgent("a-nam", func(v shared.AgentView) bool { return v.XP > 0 })

	// Someone else's wallboard, open all along: Hanna leads it by name.
	other := newViewport(t, 1920, 1080)
	formLogin(t, other, s, "a-nam", "password-a-nam")
	open(t, other, s.URL+"/wallboard", "#wallboard")
	waitJS(t, other, uiWait, `document.querySelectorAll("#agents-board li.row").length`, 2)
	waitJS(t, other, uiWait, `document.getElementById("agents-board").textContent.includes("Hanna Svensson")`, true)

	ctx := newViewport(t, 1920, 1080)
	formLogin(t, ctx, s, "a-hid", "password-a-hid")
	waitJS(t, ctx, uiWait, `!!document.getElementById("nav-settings")`, true)
	click(t, ctx, "#nav-settings")
	waitJS(t, ctx, uiWait, `location.pathname`, "/me")
	waitJS(t, ctx, uiWait, `(document.getElementById("profile")||{dataset:{}}).dataset.mounted === "true"`, true)
	waitJS(t, ctx, uiWait, `document.querySelector("#appear-preview .preview-name").textContent`, "Hanna Svensson")
	assert.True(t, js[bool](t, ctx, `document.getElementById("appear-name").checked`))

	// The keyboard: arrows move the choice within the radio group, and it
	// is saved at once.
	js[bool](t, ctx, `(() => { document.getElementById("appear-name").focus(); return true })()`)
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)))
	waitJS(t, ctx, uiWait, `document.getElementById("appear-initials").checked`, true)
	waitJS(t, ctx, uiWait, `document.getElementById("appear-status").dataset.state`, "saved")
	waitJS(t, ctx, uiWait, `document.querySelector("#appear-preview .preview-name").textContent`, "H. S.")
	assert.Equal(t, shared.AppearByInitials, peoplePrefs(t, s, "a-hid").Boards)
	waitJS(t, other, uiWait, `(t => t.includes("H. S.") && !t.includes("Hanna"))(document.getElementById("agents-board").textContent)`, true)

	// A photo: one too large is refused before any upload, in words.
	tooBig := peopleFile(t, "big.png", make([]byte, shared.MaxPhotoBytes+10))
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{tooBig})))
	waitJS(t, ctx, uiWait, `document.getElementById("photo-status").dataset.state`, "error")
	assert.Contains(t, js[string](t, ctx, `document.getElementById("photo-status").textContent`), "512 KiB")
	photo := peopleFile(t, "me.png", peopleImage(t, "png", 96, 96))
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{photo})))
	waitJS(t, ctx, uiWait, `document.getElementById("photo-status").dataset.state`, "done")
	waitJS(t, ctx, uiWait, `document.getElementById("photo-current").dataset.photo`, "true")
	waitJS(t, ctx, uiWait, `(document.querySelector("#photo-current img")||{src:""}).src.includes("/api/v1/photos/default/a-hid?v=")`, true)
	waitJS(t, ctx, uiWait, `(document.querySelector("#photo-current img")||{}).naturalWidth`, 96)
	assert.NotEmpty(t, s.agent("a-hid").Photo)

	click(t, ctx, "#appear-hidden")
	waitJS(t, ctx, uiWait, `document.getElementById("appear-status").dataset.state`, "saved")
	waitJS(t, ctx, uiWait, `document.querySelector("#appear-preview .preview-name").textContent`, "Anonymous")
	assert.Equal(t, shared.AppearHidden, peoplePrefs(t, s, "a-hid").Boards)
	peopleShot(t, ctx, "people-settings-1920")

	// The other wallboard drops the name live, with no reload and no new
	// event: the top row is there, nameless.
	waitJS(t, other, uiWait, `(t => t.includes("Hanna") || t.includes("H. S."))(document.getElementById("agents-board").textContent)`, false)
	waitJS(t, other, uiWait, `document.querySelectorAll("#agents-board li.row").length`, 2)
	waitJS(t, other, uiWait, `document.getElementById("agents-board").textContent.includes("Nora Named")`, true)
	board := js[string](t, other, `document.getElementById("agents-board").textContent`)
	for _, trace := range []string{"Hanna", "Svensson", "H. S.", "a-hid"} {
		assert.NotContains(t, board, trace)
	}
	assert.False(t, js[bool](t, other, `!!document.querySelector('#agents-board [data-agent="a-hid"], #agents-board img[src*="a-hid"]')`))
	peopleShot(t, other, "people-wallboard-other-1920")

	// The agent's own view still ranks them first.
	open(t, ctx, s.URL+"/agent/a-hid", "#agent-view")
	waitJS(t, ctx, uiWait, `document.getElementById("rank").textContent.trim()`, "1")

	// Back on the settings page, the page speaks the language picked.
	open(t, ctx, s.URL+"/me", "#profile")
	js[bool](t, ctx, `(() => { const e = document.getElementById("profile-lang"); e.value = "sv"; e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	waitJS(t, ctx, uiWait, `document.querySelector("#profile h1").textContent`, "Mina inställningar")
	waitJS(t, ctx, uiWait, `document.getElementById("appear-status").dataset.state`, "saved")
	assert.Equal(t, "sv", peoplePrefs(t, s, "a-hid").Language)
}

// peoplePrefs reads a user's preferences from the server, as themself.
func peoplePrefs(t testing.TB, s *server, user string) shared.Preferences {
	t.Helper()
	c := newClient(t, s)
	c.login(user, "password-"+user)
	status, out := c.do(http.MethodGet, "/api/v1/me/preferences", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var p shared.Preferences
	require.NoError(t, json.Unmarshal(out, &p))
	return p
}

// TestUIPeopleSettingsOnAPhone: the settings page fits 390 px without
// sideways scroll, in every language, and its controls are reachable.
func TestUIPeopleSettingsOnAPhone(t *testing.T) {
	s := startServer(t, "")
	peopleUser(t, s, "a-ph", "Philippa Longname-Phoneuser", "agent", "t-ph")
	s.ingest(survey("a-ph", "t-ph"))
	ctx := newViewport(t, 390, 844)
	formLogin(t, ctx, s, "a-ph", "password-a-ph")
	for _, lang := range []string{"en", "sv", "de", "fr", "ru"} {
		open(t, ctx, fmt.Sprintf("%s/me?lang=%s", s.URL, lang), "#profile")
		waitJS(t, ctx, uiWait, `document.documentElement.scrollWidth <= window.innerWidth`, true)
		title := js[string](t, ctx, `document.querySelector("#profile h1").textContent`)
		assert.False(t, strings.HasPrefix(title, "people."), "%s: %s", lang, title)
		// The header keeps the way here on a phone.
		assert.True(t, js[bool](t, ctx, `document.getElementById("nav-settings").getBoundingClientRect().width > 0`), lang)
	}
	// With a photo, by initials: the preview draws initials, the photo
	// card the photo.
	open(t, ctx, s.URL+"/me?lang=en", "#profile")
	photo := peopleFile(t, "me.jpg", peopleImage(t, "jpeg", 120, 120))
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{photo})))
	waitJS(t, ctx, uiWait, `document.getElementById("photo-status").dataset.state`, "done")
	click(t, ctx, "#appear-initials")
	waitJS(t, ctx, uiWait, `document.querySelector("#appear-preview .preview-name").textContent`, "P. L.")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#appear-preview img")`, false)
	waitJS(t, ctx, uiWait, `document.documentElement.scrollWidth <= window.innerWidth`, true)
	peopleShot(t, ctx, "people-settings-390")
	click(t, ctx, "#photo-remove")
	waitJS(t, ctx, uiWait, `document.getElementById("photo-current").dataset.photo`, "false")
	assert.Empty(t, s.agent("a-ph").Photo)
}

// peopleAxe runs axe-core (as `make axe` installs it) on the page and fails
// the test for every serious or critical violation.
func peopleAxe(t *testing.T, ctx context.Context, view string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("a11y", "node_modules", "axe-core", "axe.min.js"))
	require.NoError(t, err, "axe-core is missing: run `make axe` (make test does)")
	script := string(src) + `;
axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
  r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v =>
    v.id + " (" + v.impact + "): " + v.help + " :: " + v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", "))))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "axe-core on %s", view)
	var found []string
	require.NoError(t, json.Unmarshal([]byte(out), &found))
	for _, v := range found {
		t.Errorf("%s: %s", view, v)
	}
}

// TestUIPeopleSettingsAccessible: My settings has no serious or critical
// accessibility violation, at a desktop and a phone size, in each of its
// states (by name, hidden or by initials with a photo, an error shown).
func TestUIPeopleSettingsAccessible(t *testing.T) {
	s := startServer(t, "")
	peopleUser(t, s, "a-ax", "Axel Access", "agent", "t-ax")
	s.ingest(survey("a-ax", "t-ax"))
	s.waitAgent("a-ax", func(v shared.AgentView) bool { return v.XP > 0 })
	for _, size := range [][2]int{{1920, 1080}, {390, 844}} {
		ctx := newViewport(t, size[0], size[1])
		formLogin(t, ctx, s, "a-ax", "password-a-ax")
		open(t, ctx, s.URL+"/me", "#profile")
		view := fmt.Sprintf("settings at %dx%d", size[0], size[1])
		peopleAxe(t, ctx, view)
		photo := peopleFile(t, "ax.png", peopleImage(t, "png", 64, 64))
		require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{photo})))
		waitJS(t, ctx, uiWait, `document.getElementById("photo-status").dataset.state`, "done")
		// Another choice on each size: the one before is saved already.
		choice := map[int]string{1920: shared.AppearHidden, 390: shared.AppearByInitials}[size[0]]
		click(t, ctx, "#appear-"+choice)
		waitJS(t, ctx, uiWait, `document.getElementById("appear-status").dataset.state`, "saved")
		peopleAxe(t, ctx, view+", "+choice+", with a photo")
		bad := peopleFile(t, "notes.txt", []byte("not a photo"))
		require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{bad})))
		waitJS(t, ctx, uiWait, `document.getElementById("photo-status").dataset.state`, "error")
		peopleAxe(t, ctx, view+", a refused file")
		click(t, ctx, "#photo-remove")
		waitJS(t, ctx, uiWait, `document.getElementById("photo-current").dataset.photo`, "false")
	}
}
