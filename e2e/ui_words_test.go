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

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/shared"
)

// wordsShot writes a screenshot of the page to $SCORECAST_SHOTS/words-<name>.png
// when SCORECAST_SHOTS is set, for looking at the page by eye.
func wordsShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SCORECAST_SHOTS")
	if dir == "" {
		return
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "words-"+name+".png"), png, 0o644))
}

// wordsShotPages is wordsShot of a long page as viewport-sized pieces,
// scrolling down between them (at most max), so each can be read.
func wordsShotPages(t *testing.T, ctx context.Context, name string, max int) {
	t.Helper()
	if os.Getenv("SCORECAST_SHOTS") == "" {
		return
	}
	for i := range max {
		done := js[bool](t, ctx, fmt.Sprintf(`(() => { window.scrollTo(0, %d * window.innerHeight); return %d * window.innerHeight >= document.documentElement.scrollHeight })()`, i, i))
		if done {
			break
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(os.Getenv("SCORECAST_SHOTS"), fmt.Sprintf("words-%s-%d.png", name, i)), png, 0o644))
	}
	js[bool](t, ctx, `(() => { window.scrollTo(0, 0); return true })()`)
}

// wordsPublishRule publishes the ruleset in force plus one point rule.
func wordsPublishRule(t *testing.T, a *browserClient, rule map[string]any) int {
	t.Helper()
	status, out := a.do(http.MethodGet, "/api/v1/ruleset", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var cur rulesetAnswer
	require.NoError(t, json.Unmarshal(out, &cur))
	rs := clone(t, cur.Ruleset)
	rs["point_rules"] = append(rs["point_rules"].([]any), rule)
	status, out = a.do(http.MethodPut, "/api/v1/ruleset", rs)
	require.Equal(t, http.StatusOK, status, string(out))
	var p shared.RulesetPublished
	require.NoError(t, json.Unmarshal(out, &p))
	return p.Version
}

// TestUIWordsGuideLive: /points tells the rules in the reader's language,
// and a rule published while it is open appears without a reload, in
// Swedish, then (after switching language) in German.
func TestUIWordsGuideLive(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	ctx := newViewport(t, 1920, 1080)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/points?lang=sv", "#guide")
	assert.Equal(t, "sv", js[string](t, ctx, `document.documentElement.lang`))
	text := js[string](t, ctx, `document.getElementById("guide").innerText`)
	assert.Contains(t, text, "Löst vid första kontakt")
	assert.Contains(t, text, "Högst 200 poäng per dag")
	assert.Contains(t, text, "Kundglädje")
	assert.NotContains(t, text, "ticket.first_contact_resolution")
	assert.Equal(t, 10, js[int](t, ctx, `document.querySelectorAll("#guide-level-chart li").length`))
	assert.Equal(t, "true", js[string](t, ctx, `document.getElementById("nav-points").getAttribute("aria-current") === "page" ? "true" : "false"`))
	wordsShot(t, ctx, "guide-sv-1920")

	rule := `document.querySelector("#guide-rule-list li[data-rule='%s']")`
	v := wordsPublishRule(t, a, map[string]any{
		"id": "callback.kept", "on": "callback.kept", "points": 12, "category": "quality", "cap": map[string]any{"period": "day", "max": 24},
		"labels": map[string]string{"en": "Callback kept", "sv": "Återuppringning hållen", "de": "Rückruf eingehalten"},
	})
	waitJS(t, ctx, uiWait, `document.getElementById("guide").dataset.version`, fmt.Sprint(v))
	waitJS(t, ctx, uiWait, fmt.Sprintf(rule, "callback.kept")+`.innerText.includes("Återuppringning hållen")`, true)
	got := js[string](t, ctx, fmt.Sprintf(rule, "callback.kept")+`.innerText`)
	assert.Contains(t, got, "+12")
	assert.Contains(t, got, "Högst 24 poäng per dag")
	assert.Contains(t, got, "Kvalitet")
	assert.Equal(t, true, js[bool](t, ctx, `!!document.getElementById("guide-updated")`))

	// German, still without a reload; the next rule is Russian-plural-proof
	// too, but German is what is on screen.
	js[bool](t, ctx, `(() => { const s = document.getElementById("lang"); s.value = "de"; s.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	waitJS(t, ctx, uiWait, `document.documentElement.lang`, "de")
	waitJS(t, ctx, uiWait, fmt.Sprintf(rule, "callback.kept")+`.innerText.includes("Rückruf eingehalten")`, true)
	v = wordsPublishRule(t, a, map[string]any{
		"id": "nps.promoter", "on": "survey.completed", "when": "has(event.metrics.nps) && nps >= 9", "points": 1, "category": "quality",
		"labels": map[string]string{"en": "Promoter", "de": "Weiterempfehler"},
	})
	waitJS(t, ctx, uiWait, `document.getElementById("guide").dataset.version`, fmt.Sprint(v))
	waitJS(t, ctx, uiWait, fmt.Sprintf(rule, "nps.promoter")+`.innerText.includes("Weiterempfehler")`, true)
	got = js[string](t, ctx, fmt.Sprintf(rule, "nps.promoter")+`.innerText`)
	assert.Contains(t, got, "+1")
	assert.Equal(t, "Punkt", js[string](t, ctx, fmt.Sprintf(rule, "nps.promoter")+`.querySelector(".guide-pts-unit").textContent`), "one point, singular")
	assert.Contains(t, got, "Wenn ein Kunde eine Umfrage beantwortet")
	assert.Contains(t, got, "nps ≥ 9")
	wordsShot(t, ctx, "guide-de-1920")

	// An agent's phone: the page is theirs too, and nothing scrolls sideways.
	status, out := a.do(http.MethodPut, "/api/v1/users/a-points", map[string]string{"name": "Pia Points", "role": "agent", "team": "t-p", "password": "password-points"})
	require.Equal(t, http.StatusOK, status, string(out))
	phone := newViewport(t, 390, 844)
	loginBrowser(t, phone, s, "a-points", "password-points")
	open(t, phone, s.URL+"/points?lang=ru", "#guide")
	waitJS(t, phone, uiWait, `!!document.getElementById("nav-points") && document.getElementById("nav-points").getAttribute("aria-current") === "page"`, true)
	assert.Contains(t, js[string](t, phone, `document.getElementById("guide").innerText`), "Не больше 200 баллов в день")
	assert.LessOrEqual(t, js[int](t, phone, `document.documentElement.scrollWidth`), 390)
	wordsShotPages(t, phone, "guide-ru-390", 10)
}

// wordsBurst is one event of every type the default ruleset scores, each
// meeting its rule's condition, and two trainings so the weekly learning
// challenge is won (its reward points and badge).
func wordsBurst(agent, team string) []event {
	now := time.Now().UTC()
	ev := func(typ string, metrics map[string]any) event {
		return event{ID: newID("w"), Type: typ, Agent: agent, Team: team, Time: now, Metrics: metrics}
	}
	return []event{
		ev("ticket.solved", map[string]any{"first_contact_resolution": true, "csat": 5}),
		ev("call.completed", map[string]any{"handle_seconds": 120}),
		ev("chat.completed", map[string]any{"handle_seconds": 400}),
		ev("survey.completed", map[string]any{"csat": 5}),
		ev("qa.review", map[string]any{"score": 96}),
		ev("schedule.adherence", map[string]any{"adherence": 0.98}),
		ev("training.completed", nil),
		ev("training.completed", nil),
		ev("kudos.received", nil),
	}
}

// wordsIDs are the ruleset ids no person may see, as written and as the
// old views humanized them ("survey csat", "challenge:daily delight").
func wordsIDs() []string {
	rs := scoring.DefaultRuleset()
	ids := []string{"challenge:"}
	seen := map[string]bool{}
	add := func(id string) {
		for _, s := range []string{id, strings.NewReplacer("_", " ", ".", " ").Replace(id)} {
			if !seen[s] {
				seen[s] = true
				ids = append(ids, s)
			}
		}
	}
	for _, r := range rs.PointRules {
		add(r.ID)
	}
	for _, b := range rs.Badges {
		add(b.ID)
	}
	for _, c := range rs.Challenges {
		add(c.ID)
	}
	for _, x := range rs.Streaks {
		add(x.ID)
	}
	for _, x := range rs.TeamGoals {
		add(x.ID)
	}
	for _, x := range rs.Counters {
		if strings.ContainsAny(x.ID, "_.") {
			add(x.ID)
		}
	}
	return ids
}

// TestUIWordsNoIdVisible: in each of the five languages, the agent view
// after a burst of every scored event shows no ruleset id anywhere.
func TestUIWordsNoIdVisible(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	status, out := a.do(http.MethodPut, "/api/v1/users/a-words", map[string]string{"name": "Wera Words", "role": "agent", "team": "t-words", "password": "password-words"})
	require.Equal(t, http.StatusOK, status, string(out))
	ctx := newViewport(t, 1280, 900)
	loginBrowser(t, ctx, s, "a-words", "password-words")
	ids := wordsIDs()
	leaks := map[string][]string{}
	for i, lang := range []string{"en", "sv", "de", "fr", "ru"} {
		open(t, ctx, s.URL+"/agent/a-words?lang="+lang, "#agent-view")
		waitJS(t, ctx, uiWait, `document.getElementById("conn").dataset.state`, "live")
		before := s.agent("a-words").XP
		shown := js[string](t, ctx, `document.body.innerText`)
		s.ingest(wordsBurst("a-words", "t-words")...)
		s.waitAgent("a-words", func(v shared.AgentView) bool { return v.XP > before })
		// The page has taken the burst once its text changed and then held
		// still for half a second: toasts, history and celebration are up.
		var text string
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			now := js[string](t, ctx, `document.body.innerText`)
			settled := now != shown && now == text
			text = now
			assert.True(c, settled, "the agent view has not settled after the burst")
		}, uiWait, 500*time.Millisecond)
		if i == 0 {
			wordsShot(t, ctx, "agent-en-after-burst")
		}
		for _, id := range ids {
			if strings.Contains(text, id) {
				leaks[lang] = append(leaks[lang], id)
			}
		}
	}
	assert.Empty(t, leaks, "ruleset ids visible on the agent view, by language")
}
