package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// quizzesNoSideScroll is true when the page is no wider than its window.
const quizzesNoSideScroll = `document.documentElement.scrollWidth <= window.innerWidth`

// TestQuizzesBrowser takes a quiz on a phone with the keyboard: the page
// holds no right choice or explanation before the answers are sent, the
// choices move with the arrow keys, Enter goes on, and the result shows
// the score and the explanations. The question of the day is answered on
// the agent's view. Then an admin writes a new quiz in two languages in
// the editor.
func TestQuizzesBrowser(t *testing.T) {
	s := startServer(t, "")
	rewardsPeople(t, s, "t-qb", "qb", 1)
	now := time.Now().UTC()
	quizzesPut(t, s, "security", quizzesSample(now))

	ctx := newViewport(t, 390, 844)
	loginBrowser(t, ctx, s, "qb-1", "password-qb-1")
	open(t, ctx, s.URL+"/quiz", "#quiz")
	waitJS(t, ctx, uiWait, `!!document.querySelector('.quiz-item[data-quiz="security"] .quiz-start')`, true)
	assert.False(t, js[bool](t, ctx, `document.documentElement.innerHTML.includes("not even IT")`), "no explanation before answering")
	assert.True(t, js[bool](t, ctx, quizzesNoSideScroll))
	click(t, ctx, ".quiz-start")

	// Question 1: the arrow moves from the first choice to the second
	// (right); Enter goes on. Question 2: the first (wrong). Question 3:
	// the first (right), and Enter sends.
	pick := func(step int, first string, down int) {
		t.Helper()
		waitJS(t, ctx, uiWait, `document.getElementById("quiz-form").dataset.step`, itoaStr(step))
		superKey(t, ctx, "#"+first, " ")
		for range down {
			require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)))
		}
		waitJS(t, ctx, uiWait, `!document.getElementById("quiz-next").disabled`, true)
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	}
	pick(0, "q0-c0", 1)
	waitJS(t, ctx, uiWait, `document.getElementById("quiz-form").dataset.step`, "1")
	screenshot(t, ctx, "quiz-question-390x844")
	pick(1, "q1-c0", 0)
	pick(2, "q2-c0", 0)
	waitJS(t, ctx, uiWait, `(document.getElementById("quiz-result")||{dataset:{}}).dataset.score`, "2")
	assert.Equal(t, "3", js[string](t, ctx, `document.getElementById("quiz-result").dataset.of`))
	text := js[string](t, ctx, `document.getElementById("quiz-result").textContent`)
	assert.Contains(t, text, "Nobody, not even IT.")
	assert.Contains(t, text, "2 of 3 right")
	assert.Equal(t, 1, js[int](t, ctx, `document.querySelectorAll('.quiz-review-item[data-right="false"]').length`))
	waitJS(t, ctx, uiWait, `document.activeElement.id`, "quiz-result") // the result takes the focus
	assert.True(t, js[bool](t, ctx, quizzesNoSideScroll))
	screenshot(t, ctx, "quiz-result-390x844")
	s.waitAgent("qb-1", func(v shared.AgentView) bool { return v.Points["all"].Points >= 10 })

	// The question of the day on the agent's own view.
	var daily shared.DailyQuestion
	status, out := rewardsCall(t, s.admin(), http.MethodGet, "/api/v1/quizzes", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	open(t, ctx, s.URL+"/agent/qb-1", "#agent-view")
	waitJS(t, ctx, uiWait, `(document.getElementById("daily-quiz")||{dataset:{}}).dataset.loaded`, "true")
	qbClient := newClient(t, s)
	qbClient.login("qb-1", "password-qb-1")
	status, out = rewardsCall(t, qbClient, http.MethodGet, "/api/v1/quizzes/daily", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &daily))
	right := []int{1, 1, 0}[daily.Index]
	click(t, ctx, "#daily-c"+itoaStr(right))
	click(t, ctx, "#daily-send")
	waitJS(t, ctx, uiWait, `document.getElementById("daily-quiz").dataset.answered`, "true")
	assert.Equal(t, "true", js[string](t, ctx, `document.getElementById("daily-outcome").dataset.right`))
	assert.True(t, js[bool](t, ctx, quizzesNoSideScroll))
	js[bool](t, ctx, `(() => { document.getElementById("daily-quiz").scrollIntoView(); return true })()`)
	screenshot(t, ctx, "quiz-daily-390x844")

	// The admin writes a quiz: English, then Swedish, the second choice right.
	admin := newViewport(t, 1280, 900)
	loginBrowser(t, admin, s, "admin", adminPassword)
	open(t, admin, s.URL+"/admin?tab=quizzes", "#admin")
	waitJS(t, admin, uiWait, `!!document.querySelector('#quiz-admin-list li[data-quiz="security"]')`, true)
	click(t, admin, "#quiz-new")
	waitJS(t, admin, uiWait, `!!document.getElementById("quiz-id")`, true)
	setValue(t, admin, "#quiz-id", "gdpr")
	setValue(t, admin, "#quiz-title-en", "Privacy in a minute")
	setValue(t, admin, "#quiz-q0-text-en", "May you read out a customer's data to a caller you have not verified?")
	setValue(t, admin, "#quiz-q0-c0-en", "Yes")
	setValue(t, admin, "#quiz-q0-c1-en", "No")
	click(t, admin, "#quiz-q0-c1-right")
	setValue(t, admin, "#quiz-q0-expl-en", "Verify first, always.")
	click(t, admin, "#quiz-lang-sv")
	waitJS(t, admin, uiWait, `!!document.getElementById("quiz-title-sv")`, true)
	setValue(t, admin, "#quiz-title-sv", "Integritet på en minut")
	click(t, admin, "#quiz-save")
	waitJS(t, admin, uiWait, `(document.getElementById("quiz-msg")||{className:""}).className`, "ok")
	waitJS(t, admin, uiWait, `!!document.querySelector('#quiz-admin-list li[data-quiz="gdpr"]')`, true)
	js[bool](t, admin, `(() => { document.getElementById("quiz-form").scrollIntoView(); return true })()`)
	screenshot(t, admin, "admin-quizzes-1280x900")
	status, out = rewardsCall(t, s.admin(), http.MethodGet, "/api/v1/quizzes", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	var all shared.QuizList
	require.NoError(t, json.Unmarshal(out, &all))
	var gdpr *shared.Quiz
	for i := range all.Quizzes {
		if all.Quizzes[i].ID == "gdpr" {
			gdpr = &all.Quizzes[i]
		}
	}
	require.NotNil(t, gdpr)
	assert.Equal(t, "Integritet på en minut", gdpr.Title["sv"])
	require.Len(t, gdpr.Questions, 1)
	require.NotNil(t, gdpr.Questions[0].Correct)
	assert.Equal(t, 1, *gdpr.Questions[0].Correct)
	assert.Equal(t, "Verify first, always.", gdpr.Questions[0].Explanation["en"])
	assert.True(t, gdpr.Open)
}

func itoaStr(n int) string { return string(rune('0' + n)) }

// TestQuizzesAccessibility runs axe-core on every quiz view, at a desktop
// and a phone size: the list, a question, the result, the question of the
// day on the agent's view, and the admin's editor with a quiz open.
func TestQuizzesAccessibility(t *testing.T) {
	srcBytes, err := os.ReadFile(axePath)
	require.NoError(t, err, "axe-core is missing: run `make axe` (make test does)")
	src := string(srcBytes)
	s := startServer(t, "")
	rewardsPeople(t, s, "t-qa", "qa", 2)
	quizzesPut(t, s, "security", quizzesSample(time.Now().UTC()))
	for n, size := range [][2]int{{1920, 1080}, {390, 844}} {
		w, h := size[0], size[1]
		name := func(view string) string { return fmt.Sprintf("%s at %dx%d", view, w, h) }
		agent := fmt.Sprintf("qa-%d", n+1)
		ctx := newViewport(t, w, h)
		loginBrowser(t, ctx, s, agent, "password-"+agent)
		open(t, ctx, s.URL+"/agent/"+agent, "#agent-view")
		waitJS(t, ctx, uiWait, `(document.getElementById("daily-quiz")||{dataset:{}}).dataset.loaded`, "true")
		axeCheck(t, ctx, src, name("agent with the question of the day"))
		open(t, ctx, s.URL+"/quiz", "#quiz")
		waitJS(t, ctx, uiWait, `!!document.querySelector(".quiz-start")`, true)
		axeCheck(t, ctx, src, name("quizzes"))
		click(t, ctx, ".quiz-start")
		for step := range 3 {
			waitJS(t, ctx, uiWait, `document.getElementById("quiz-form").dataset.step`, itoaStr(step))
			click(t, ctx, fmt.Sprintf("#q%d-c0", step))
			if step == 0 {
				axeCheck(t, ctx, src, name("a question"))
			}
			click(t, ctx, "#quiz-next")
		}
		waitJS(t, ctx, uiWait, `!!document.getElementById("quiz-result")`, true)
		axeCheck(t, ctx, src, name("a quiz's result"))

		admin := newViewport(t, w, h)
		loginBrowser(t, admin, s, "admin", adminPassword)
		open(t, admin, s.URL+"/admin?tab=quizzes", "#admin")
		waitJS(t, admin, uiWait, `!!document.querySelector('#quiz-admin-list li[data-quiz="security"] button')`, true)
		click(t, admin, `#quiz-admin-list li[data-quiz="security"] button`)
		waitJS(t, admin, uiWait, `!!document.getElementById("quiz-q2")`, true)
		axeCheck(t, admin, src, name("admin quizzes"))
	}
}
