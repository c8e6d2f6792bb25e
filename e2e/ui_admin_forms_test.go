package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	pngenc "image/png"
	"net/http"
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

// adminShot writes a screenshot of the page to $SCORECAST_SHOTS/name.png
// when that variable is set (to look at the admin pages by eye).
func adminShot(tb testing.TB, ctx context.Context, name string) {
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

// adminNoSideways asserts the page does not scroll sideways.
func adminNoSideways(tb testing.TB, ctx context.Context, what string) {
	tb.Helper()
	w := js[int](tb, ctx, `document.documentElement.scrollWidth - window.innerWidth`)
	assert.LessOrEqual(tb, w, 0, "%s scrolls sideways by %d px", what, w)
}

// adminRuleIndex is the index the next point rule gets in the form.
func adminRuleIndex(tb testing.TB, ctx context.Context) int {
	tb.Helper()
	return js[int](tb, ctx, `document.querySelectorAll("#sec-point_rules li.form-item").length`)
}

// TestUIAdminFormRule: a point rule is added through the form (event,
// condition builder, points, category, cap, a label), a bad formula is
// shown under its field, the rule is published, and an event then scores
// by it.
func TestUIAdminFormRule(t *testing.T) {
	s := startServer(t, "")
	ctx := newViewport(t, 1920, 1080)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/admin?tab=rules", "#admin")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#rules-form #sec-point_rules li.form-item")`, true)
	n := adminRuleIndex(t, ctx)
	click(t, ctx, "#add-point_rules")
	waitJS(t, ctx, uiWait, fmt.Sprintf(`document.querySelectorAll("#sec-point_rules li.form-item").length`), n+1)
	f := func(key string) string { return fmt.Sprintf("#f-point_rules-%d-%s", n, key) }

	setValue(t, ctx, f("id"), "kudos.stars")
	setValue(t, ctx, f("on"), "kudos.received")
	click(t, ctx, f("when")+"-add")
	waitJS(t, ctx, uiWait, fmt.Sprintf(`!!document.querySelector(%q)`, f("when")+"-0-m"), true)
	setValue(t, ctx, f("when")+"-0-m", "stars")
	setValue(t, ctx, f("when")+"-0-v", "4")
	setValue(t, ctx, f("category"), "learning")
	setValue(t, ctx, f("cap-period"), "day")
	waitJS(t, ctx, uiWait, fmt.Sprintf(`!!document.querySelector(%q)`, f("cap-max")), true)
	setValue(t, ctx, f("cap-max"), "200")
	setValue(t, ctx, fmt.Sprintf("#lbl-point_rules-%d-sv", n), "Stjärnberöm")

	setValue(t, ctx, f("points"), "77")
	title := fmt.Sprintf(`document.querySelector('#sec-point_rules li.form-item[data-path="/point_rules/%d"] .item-title').textContent`, n)
	// The category reads as its label where the ruleset has one.
	waitJS(t, ctx, uiWait, `/^When kudos are received and stars ≥ 4 → \+77 [Ll]earning, at most 200 a day$/.test(`+title+`)`, true)
	adminShot(t, ctx, "admin-rules-form-1920x1080")

	// The JSON tab shows the same document, with line numbers.
	click(t, ctx, "#rules-view-json")
	waitJS(t, ctx, uiWait, `!!document.getElementById("rules-editor")`, true)
	doc := js[string](t, ctx, `document.getElementById("rules-editor").value`)
	var rs struct {
		PointRules []map[string]any `json:"point_rules"`
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &rs))
	require.Len(t, rs.PointRules, n+1)
	rule := rs.PointRules[n]
	assert.Equal(t, "kudos.received", rule["on"])
	assert.Equal(t, "has(event.metrics.stars) && stars >= 4", rule["when"])
	assert.EqualValues(t, 77, rule["points"])
	assert.Equal(t, map[string]any{"period": "day", "max": float64(200)}, rule["cap"])
	assert.Equal(t, map[string]any{"sv": "Stjärnberöm"}, rule["labels"])
	lines := strings.Count(doc, "\n") + 1
	assert.Equal(t, lines, js[int](t, ctx, `document.getElementById("rules-gutter").textContent.trim().split("\n").length`))
	adminShot(t, ctx, "admin-rules-json-1920x1080")

	// Labels are new to rulesets: a server without them says so under the
	// labels' fields, and the label goes again.
	click(t, ctx, "#rules-view-form")
	waitJS(t, ctx, uiWait, `!!document.getElementById("rules-form")`, true)
	click(t, ctx, "#rules-validate")
	waitJS(t, ctx, uiWait, `["ok","invalid"].includes((document.getElementById("rules-status")||{dataset:{}}).dataset.status)`, true)
	if js[string](t, ctx, `document.getElementById("rules-status").dataset.status`) == "invalid" {
		assert.True(t, js[bool](t, ctx, fmt.Sprintf(`!!document.querySelector('fieldset.labels[data-path="/point_rules/%d/labels"] .field-problem')`, n)))
		setValue(t, ctx, fmt.Sprintf("#lbl-point_rules-%d-sv", n), "")
	}

	// A formula the server refuses is shown under the points field.
	setValue(t, ctx, f("points"), "stars >>> 1")
	click(t, ctx, "#rules-validate")
	ptr := fmt.Sprintf("/point_rules/%d/points", n)
	waitJS(t, ctx, uiWait, fmt.Sprintf(`!!document.querySelector('.field[data-path=%q] .field-problem')`, ptr), true)
	assert.Equal(t, "invalid", js[string](t, ctx, `document.getElementById("rules-status").dataset.status`))
	assert.Equal(t, "true", js[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).getAttribute("aria-invalid")`, f("points"))))

	setValue(t, ctx, f("points"), "77")
	click(t, ctx, "#rules-publish")
	waitJS(t, ctx, uiWait, `(document.getElementById("rules-status")||{dataset:{}}).dataset.status`, "published")
	var rv struct{ Version int }
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset", &rv))
	assert.Equal(t, 2, rv.Version)

	// Kudos with 5 stars score 77 learning points; with 2 stars, none.
	s.ingest(
		event{ID: newID("ku"), Type: "kudos.received", Agent: "a-form", Team: "t-form", Time: time.Now().UTC(), Metrics: map[string]any{"stars": 5}},
		event{ID: newID("ku"), Type: "kudos.received", Agent: "a-form2", Team: "t-form", Time: time.Now().UTC(), Metrics: map[string]any{"stars": 2}},
	)
	v := s.waitAgent("a-form", func(v shared.AgentView) bool { return v.Points[shared.PeriodDay].Categories["learning"] > 0 })
	assert.EqualValues(t, 77, v.Points[shared.PeriodDay].Categories["learning"])
	v2 := s.waitAgent("a-form2", func(v shared.AgentView) bool { return v.XP > 0 })
	assert.Zero(t, v2.Points[shared.PeriodDay].Categories["learning"])
}

// adminPublish publishes a ruleset through the API and returns its version.
func adminPublish(tb testing.TB, s *server, doc []byte) int {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPut, s.URL+"/api/v1/ruleset", strings.NewReader(string(doc)))
	require.NoError(tb, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.URL)
	resp, err := s.admin().c.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	var out shared.RulesetPublished
	require.NoError(tb, json.NewDecoder(resp.Body).Decode(&out))
	require.Contains(tb, []int{http.StatusOK, http.StatusAccepted}, resp.StatusCode)
	return out.Version
}

// TestUIAdminVersions: the diff between two versions shows the changed
// line, and a rollback publishes the old content as a new version.
func TestUIAdminVersions(t *testing.T) {
	s := startServer(t, "")
	var v1 shared.RulesetVersion
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset", &v1))
	var rs map[string]any
	require.NoError(t, json.Unmarshal(v1.Ruleset, &rs))
	rs["timezone"] = "Europe/Berlin"
	doc, err := json.Marshal(rs)
	require.NoError(t, err)
	require.Equal(t, 2, adminPublish(t, s, doc))

	// One version with its document; a version that is not there is a 404.
	var got shared.RulesetVersion
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset/versions/1", &got))
	assert.JSONEq(t, string(v1.Ruleset), string(got.Ruleset))
	assert.Equal(t, http.StatusNotFound, s.getJSON("/api/v1/ruleset/versions/99", &got))
	assert.Equal(t, http.StatusBadRequest, s.getJSON("/api/v1/ruleset/versions/x", &got))

	ctx := newViewport(t, 1920, 1080)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/admin?tab=rules&view=versions", "#admin")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#version-list li").length`, 2)
	waitJS(t, ctx, uiWait, `(document.getElementById("diff")||{dataset:{}}).dataset.ready`, "true")
	assert.Equal(t, "1", js[string](t, ctx, `document.getElementById("diff").dataset.from`))
	assert.Equal(t, "2", js[string](t, ctx, `document.getElementById("diff").dataset.to`))
	added := js[[]string](t, ctx, `Array.from(document.querySelectorAll("#diff-lines .dl-add .dl-text")).map(e => e.textContent.trim())`)
	removed := js[[]string](t, ctx, `Array.from(document.querySelectorAll("#diff-lines .dl-del .dl-text")).map(e => e.textContent.trim())`)
	assert.Equal(t, []string{`"timezone": "Europe/Berlin",`}, added)
	assert.Equal(t, []string{`"timezone": "Europe/Stockholm",`}, removed)
	adminShot(t, ctx, "admin-versions-1920x1080")

	// The same version on both sides: no differences.
	setValue(t, ctx, "#diff-from", "2")
	waitJS(t, ctx, uiWait, `!!document.getElementById("diff-same")`, true)

	// Roll back to version 1, after the confirm.
	click(t, ctx, "#restore-1")
	waitJS(t, ctx, uiWait, `!!document.getElementById("restore-confirm") && !document.getElementById("restore-confirm").disabled`, true)
	click(t, ctx, "#restore-confirm")
	waitJS(t, ctx, uiWait, `!!document.getElementById("versions-ok") || !!document.getElementById("versions-error")`, true)
	require.False(t, js[bool](t, ctx, `!!document.getElementById("versions-error")`), js[string](t, ctx, `(document.getElementById("versions-error")||{textContent:""}).textContent`))
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#version-list li").length`, 3)
	waitJS(t, ctx, uiWait, `(document.querySelector("#version-list li[data-active=true]")||{dataset:{}}).dataset.version`, "3")
	var v3 shared.RulesetVersion
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset", &v3))
	assert.Equal(t, 3, v3.Version)
	assert.JSONEq(t, string(v1.Ruleset), string(v3.Ruleset), "the rollback publishes version 1's content")

	// The audit log says it in words.
	click(t, ctx, "#tab-audit")
	waitJS(t, ctx, uiWait, `Array.from(document.querySelectorAll("#audit-table tr[data-action='ruleset.publish'] .audit-what")).some(e => e.textContent.endsWith("published rules version 3"))`, true)
	adminShot(t, ctx, "admin-audit-1920x1080")
}

// TestUIAdminRosterOrder: the roster sorts naturally, shows team names,
// searches, edits a person, and turns into cards without sideways scroll
// on a phone.
func TestUIAdminRosterOrder(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	csv := "id,name,role,team,password\n" +
		"a-10,Tia Ten,agent,t-x,\n" +
		"a-2,Tom Two,agent,t-x,\n" +
		"a-1,Una One,agent,t-y,\n" +
		"a-11,Eli Eleven,agent,t-y,\n"
	req, err := http.NewRequest(http.MethodPost, s.URL+"/api/v1/roster", strings.NewReader(csv))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Origin", s.URL)
	resp, err := a.c.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	status, out := a.do(http.MethodPut, "/api/v1/teams/t-x", map[string]any{"name": "Team Xylophone"})
	require.Equal(t, http.StatusOK, status, string(out))

	ctx := newViewport(t, 1920, 1080)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/admin?tab=roster", "#admin")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#users-table tr[data-user='a-11']")`, true)
	order := js[string](t, ctx, `Array.from(document.querySelectorAll("#users-table tbody tr")).map(r => r.dataset.user).filter(u => u.startsWith("a-")).join(",")`)
	assert.Equal(t, "a-1,a-2,a-10,a-11", order)
	waitJS(t, ctx, uiWait, `document.querySelector("#users-table tr[data-user='a-2'] td[data-team]").textContent`, "Team Xylophone")
	assert.Equal(t, 1, js[int](t, ctx, `document.querySelectorAll("#users-table tr[data-user='a-2'] .face").length`), "a face beside the name")

	setValue(t, ctx, "#roster-search", "xylo")
	waitJS(t, ctx, uiWait, `Array.from(document.querySelectorAll("#users-table tbody tr")).map(r => r.dataset.user).join(",")`, "a-2,a-10")
	setValue(t, ctx, "#roster-search", "una")
	waitJS(t, ctx, uiWait, `Array.from(document.querySelectorAll("#users-table tbody tr")).map(r => r.dataset.user).join(",")`, "a-1")

	// Edit Una: a new name and a new team.
	click(t, ctx, "#edit-a-1")
	waitJS(t, ctx, uiWait, `!!document.getElementById("user-editor")`, true)
	setValue(t, ctx, "#edit-name", "Una Uno")
	setValue(t, ctx, "#edit-team", "t-x")
	click(t, ctx, "#edit-save")
	waitJS(t, ctx, uiWait, `!!document.getElementById("edit-ok")`, true)
	// A change to a user goes through the stream: it may land a moment later.
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		var users shared.Users
		require.Equal(c, http.StatusOK, s.getJSON("/api/v1/users", &users))
		for _, u := range users.Users {
			if u.ID == "a-1" {
				assert.Equal(c, "Una Uno", u.Name)
				assert.Equal(c, "t-x", u.Team)
				return
			}
		}
		c.Errorf("a-1 is gone")
	}, uiWait, 200*time.Millisecond)
	waitJS(t, ctx, uiWait, `document.querySelector("#users-table tr[data-user='a-1'] .who-name").textContent`, "Una Uno")
	adminShot(t, ctx, "admin-roster-1920x1080")

	// A photo: a text file is refused in the page; a PNG is sent raw to
	// PUT /api/v1/users/{id}/photo (saved, or, on a server without photos
	// yet, said so).
	dir := t.TempDir()
	txt, png := filepath.Join(dir, "notes.txt"), filepath.Join(dir, "face.png")
	require.NoError(t, os.WriteFile(txt, []byte("not an image"), 0o644))
	require.NoError(t, os.WriteFile(png, adminFacePNG(t), 0o644))
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#edit-photo"), []string{txt})))
	waitJS(t, ctx, uiWait, `(document.getElementById("edit-error")||{textContent:""}).textContent`, "A photo must be a PNG, JPEG or WebP image.")
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#edit-photo"), []string{png})))
	waitJS(t, ctx, uiWait, `(document.getElementById("edit-ok")||{textContent:""}).textContent === "Photo saved." || (document.getElementById("edit-error")||{textContent:""}).textContent === "This server does not take photos yet."`, true)
	if js[bool](t, ctx, `!!document.getElementById("edit-ok")`) {
		// Saved: the face is the photo now, in the row and the editor.
		waitJS(t, ctx, uiWait, `!!document.querySelector("#users-table tr[data-user='a-1'] img.face") && !!document.querySelector("#user-editor img.face")`, true)
		waitJS(t, ctx, uiWait, `document.querySelector("#users-table tr[data-user='a-1'] img.face").naturalWidth`, 48)
	}

	phone := newViewport(t, 390, 844)
	loginBrowser(t, phone, s, "admin", adminPassword)
	for _, tab := range []string{"rules", "roster", "keys", "displays", "audit"} {
		open(t, phone, s.URL+"/admin?tab="+tab, "#admin")
		waitJS(t, phone, uiWait, `document.getElementById("admin").dataset.tab`, tab)
		if tab == "rules" {
			waitJS(t, phone, uiWait, `!!document.getElementById("rules-form")`, true)
		}
		adminNoSideways(t, phone, tab)
		adminShot(t, phone, "admin-"+tab+"-390x844")
	}
	open(t, phone, s.URL+"/admin?tab=rules&view=versions", "#admin")
	waitJS(t, phone, uiWait, `!!document.getElementById("version-list")`, true)
	adminNoSideways(t, phone, "versions")
}

// TestUIAdminDisplaySeen: a paired TV that calls in shows as seen, with
// its boards in words.
func TestUIAdminDisplaySeen(t *testing.T) {
	s := startServer(t, "")
	tv := newBrowser(t, 1280, 720)
	require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display")))
	id := pairTV(t, tv, s, "Floor TV", []string{"teams", "agents/day"}, []string{})
	waitJS(t, tv, uiWait, `document.getElementById("display").dataset.state`, "paired")

	// The API has it once the TV has called in with its token.
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		var ds shared.Displays
		require.Equal(c, http.StatusOK, s.getJSON("/api/v1/displays", &ds))
		for _, d := range ds.Displays {
			if d.ID == id {
				assert.False(c, d.LastSeen.IsZero(), "not seen yet")
				assert.WithinDuration(c, time.Now(), d.LastSeen, time.Minute)
				return
			}
		}
		c.Errorf("display %s is not listed", id)
	}, uiWait, 200*time.Millisecond)

	ctx := newViewport(t, 1920, 1080)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/admin?tab=displays", "#admin")
	card := `document.querySelector("#display-list li[data-display='` + id + `']")`
	waitJS(t, ctx, uiWait, `!!`+card, true)
	assert.Equal(t, "true", js[string](t, ctx, card+`.dataset.online`))
	assert.Equal(t, "online now", js[string](t, ctx, card+`.querySelector(".seen").textContent`))
	assert.Contains(t, js[string](t, ctx, card+`.querySelector(".preview-words").textContent`), "Teams")
	adminShot(t, ctx, "admin-displays-1920x1080")
}

// adminFacePNG is a 48x48 PNG in one colour: a photo the server takes
// (each side 16 px or more).
func adminFacePNG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 48))
	draw.Draw(img, img.Bounds(), &image.Uniform{C: color.RGBA{R: 47, G: 111, B: 79, A: 255}}, image.Point{}, draw.Src)
	var b bytes.Buffer
	require.NoError(tb, pngenc.Encode(&b, img))
	return b.Bytes()
}
