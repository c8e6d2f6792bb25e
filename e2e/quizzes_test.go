package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// quizzesSample is a quiz of three questions whose right choices are 1, 1
// and 0, open from an hour ago for a day.
func quizzesSample(now time.Time) shared.Quiz {
	w := func(en, sv string) shared.Words { return shared.Words{"en": en, "sv": sv} }
	right := func(n int) *int { return &n }
	return shared.Quiz{Title: w("Security basics", "Säkerhet"), From: now.Add(-time.Hour), To: now.Add(24 * time.Hour),
		Questions: []shared.QuizQuestion{
			{Text: w("Who may know your password?", "Vem får veta ditt lösenord?"),
				Choices: []shared.Words{w("IT support", "IT-support"), w("Nobody", "Ingen"), w("Your manager", "Din chef")},
				Correct: right(1), Explanation: w("Nobody, not even IT.", "Ingen, inte ens IT.")},
			{Text: w("A caller asks for a reset code.", "En uppringare ber om en kod."),
				Choices: []shared.Words{w("Read it out", "Läs upp den"), w("Refuse and verify", "Vägra och verifiera")}, Correct: right(1)},
			{Text: w("Phishing is", "Nätfiske är"),
				Choices: []shared.Words{w("a lure", "ett bete"), w("a sport", "en sport")}, Correct: right(0),
				Explanation: w("A message that lures you to give something away.", "Ett meddelande som lockar dig.")},
		}}
}

// quizzesPut puts a quiz as the admin and requires success.
func quizzesPut(t testing.TB, s *server, id string, q shared.Quiz) {
	t.Helper()
	status, out := rewardsCall(t, s.admin(), http.MethodPut, "/api/v1/quizzes/"+id, q, "")
	require.Equal(t, http.StatusOK, status, string(out))
}

// TestQuizzesAPI authors quizzes, checks that an agent never reads the
// right choices before answering, answers bad submissions precisely,
// scores a submission once (points reach the agent's view; a second
// submission, also sent at once with others, gets 409 with the first
// result), and answers the daily question once a day.
func TestQuizzesAPI(t *testing.T) {
	s := startServer(t, "")
	agents, sup := rewardsPeople(t, s, "t-quiz", "qz", 3)
	now := time.Now().UTC()
	quizzesPut(t, s, "security", quizzesSample(now))
	closed := quizzesSample(now)
	closed.From, closed.To = now.Add(-48*time.Hour), now.Add(-24*time.Hour)
	quizzesPut(t, s, "old-news", closed)

	// Authoring: each problem named by its field.
	bad := func(id string, change func(q *shared.Quiz), status int, want string) {
		t.Helper()
		q := quizzesSample(now)
		change(&q)
		got, out := rewardsCall(t, s.admin(), http.MethodPut, "/api/v1/quizzes/"+id, q, "")
		require.Equal(t, status, got, string(out))
		require.Contains(t, string(out), want)
	}
	bad("security", func(q *shared.Quiz) { q.Questions[1].Correct = nil }, http.StatusUnprocessableEntity, "questions/1/correct")
	bad("security", func(q *shared.Quiz) { q.Questions[2].Choices = q.Questions[2].Choices[:1] }, http.StatusUnprocessableEntity, "questions/2/choices")
	bad("security", func(q *shared.Quiz) { q.Title = shared.Words{"sv": "Bara svenska"} }, http.StatusUnprocessableEntity, "title/en")
	bad("security", func(q *shared.Quiz) { q.To = q.From }, http.StatusUnprocessableEntity, "window ends after it starts")
	bad("security", func(q *shared.Quiz) { q.Badge = "no_such_badge" }, http.StatusUnprocessableEntity, "no badge")
	bad("Not An Id", func(*shared.Quiz) {}, http.StatusBadRequest, "quiz id")
	status, out := rewardsCall(t, sup, http.MethodPut, "/api/v1/quizzes/security", quizzesSample(now), "")
	require.Equal(t, http.StatusForbidden, status, string(out))

	// An agent's list: the open quiz only, and no right choice or
	// explanation anywhere in the raw answer. The admin's has them.
	status, out = rewardsCall(t, agents[0], http.MethodGet, "/api/v1/quizzes", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	raw := string(out)
	assert.Contains(t, raw, `"security"`)
	assert.NotContains(t, raw, "old-news")
	assert.NotContains(t, raw, `"correct"`)
	assert.NotContains(t, raw, `"explanation"`)
	assert.NotContains(t, raw, "not even IT")
	status, out = rewardsCall(t, s.admin(), http.MethodGet, "/api/v1/quizzes", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	var all shared.QuizList
	require.NoError(t, json.Unmarshal(out, &all))
	require.Len(t, all.Quizzes, 2)
	assert.Contains(t, string(out), `"correct":1`)

	// Bad submissions, each answered precisely.
	submit := func(bc *browserClient, id string, answers []int) (int, []byte) {
		return rewardsCall(t, bc, http.MethodPost, "/api/v1/quizzes/"+id+"/answers", shared.QuizAnswers{Answers: answers}, "")
	}
	for _, c := range []struct {
		id      string
		answers []int
		status  int
		want    string
	}{
		{"security", []int{1, 1}, http.StatusUnprocessableEntity, "this quiz has 3 questions: send 3 answers, not 2"},
		{"security", []int{1, 2, 0}, http.StatusUnprocessableEntity, "question 2 has choices 0 to 1, not 2"},
		{"security", []int{-1, 1, 0}, http.StatusUnprocessableEntity, "answers/0"},
		{"no-such-quiz", []int{0}, http.StatusNotFound, `there is no quiz \"no-such-quiz\"`},
		{"old-news", []int{1, 1, 0}, http.StatusConflict, "the quiz closed at"},
	} {
		status, out := submit(agents[0], c.id, c.answers)
		require.Equal(t, c.status, status, "%s %v: %s", c.id, c.answers, out)
		require.Contains(t, string(out), c.want)
	}
	status, out = submit(sup, "security", []int{1, 1, 0})
	require.Equal(t, http.StatusForbidden, status, string(out))

	// A submission: two of three right, the right choices and explanations.
	before := s.agent("qz-1").Points["all"].Points
	status, out = submit(agents[0], "security", []int{1, 0, 0})
	require.Equal(t, http.StatusOK, status, string(out))
	var res shared.QuizResult
	require.NoError(t, json.Unmarshal(out, &res))
	assert.Equal(t, 2, res.Score)
	assert.Equal(t, 3, res.Of)
	assert.Equal(t, []int{1, 1, 0}, res.Correct)
	assert.Equal(t, []int{1, 0, 0}, res.Answers)
	assert.Equal(t, []string{"Nobody, not even IT.", "", "A message that lures you to give something away."}, res.Explanations)
	// The default ruleset gives 5 points a right answer.
	s.waitAgent("qz-1", func(v shared.AgentView) bool { return v.Points["all"].Points == before+10 })

	// A second submission: 409 with the first result; nothing more scored.
	status, out = submit(agents[0], "security", []int{1, 1, 0})
	require.Equal(t, http.StatusConflict, status, string(out))
	var conflict shared.QuizConflict
	require.NoError(t, json.Unmarshal(out, &conflict))
	require.NotNil(t, conflict.First)
	assert.Equal(t, 2, conflict.First.Score)
	assert.Equal(t, []int{1, 0, 0}, conflict.First.Answers)

	// Eight submissions at once by one agent: one counts, the rest get 409
	// with that one's result; a perfect score pays coins once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var oks, conflicts []string
	for i := range 8 {
		wg.Go(func() {
			answers := []int{1, 1, 0}
			if i%2 == 1 {
				answers = []int{0, 0, 1}
			}
			status, out := submit(agents[1], "security", answers)
			mu.Lock()
			defer mu.Unlock()
			switch status {
			case http.StatusOK:
				oks = append(oks, string(out))
			case http.StatusConflict:
				conflicts = append(conflicts, string(out))
			default:
				t.Errorf("a parallel submission answered %d: %s", status, out)
			}
		})
	}
	wg.Wait()
	require.Len(t, oks, 1, "exactly one submission counts")
	require.Len(t, conflicts, 7)
	var first shared.QuizResult
	require.NoError(t, json.Unmarshal([]byte(oks[0]), &first))
	for _, c := range conflicts {
		var cf shared.QuizConflict
		require.NoError(t, json.Unmarshal([]byte(c), &cf))
		require.NotNil(t, cf.First, c)
		assert.Equal(t, first.Answers, cf.First.Answers)
	}
	if first.Score == 3 {
		// The perfect score's coins, once (the learning badge pays its own).
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			n := 0
			for _, e := range rewardsWallet(t, s, "qz-2").Ledger {
				if e.Detail == "quiz.completed" && e.Delta == 5 {
					n++
				}
			}
			assert.Equal(c, 1, n)
		}, 10*time.Second, pollEvery)
	}

	// The list shows the taken quiz with its result, explanations in the
	// caller's language.
	status, out = rewardsCall(t, agents[0], http.MethodGet, "/api/v1/quizzes?lang=sv", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	var mine shared.QuizList
	require.NoError(t, json.Unmarshal(out, &mine))
	require.Len(t, mine.Quizzes, 1)
	require.NotNil(t, mine.Quizzes[0].Taken)
	assert.Equal(t, "Ingen, inte ens IT.", mine.Quizzes[0].Taken.Explanations[0])

	// The daily question: one of the open quiz's, without its answer;
	// answered once a day.
	status, out = rewardsCall(t, agents[2], http.MethodGet, "/api/v1/quizzes/daily", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	assert.NotContains(t, string(out), `"correct"`)
	var daily shared.DailyQuestion
	require.NoError(t, json.Unmarshal(out, &daily))
	require.Equal(t, "security", daily.Quiz)
	require.NotNil(t, daily.Question)
	require.Nil(t, daily.Answered)
	rightOf := []int{1, 1, 0}[daily.Index]
	answer := func(a shared.DailyAnswer) (int, []byte) {
		return rewardsCall(t, agents[2], http.MethodPost, "/api/v1/quizzes/daily", a, "")
	}
	status, out = answer(shared.DailyAnswer{Quiz: "security", Index: (daily.Index + 1) % 3, Answer: 0})
	require.Equal(t, http.StatusConflict, status, string(out))
	assert.Contains(t, string(out), "today's question is question")
	status, out = answer(shared.DailyAnswer{Quiz: "security", Index: daily.Index, Answer: 9})
	require.Equal(t, http.StatusUnprocessableEntity, status, string(out))
	before = s.agent("qz-3").Points["all"].Points
	status, out = answer(shared.DailyAnswer{Quiz: "security", Index: daily.Index, Answer: rightOf})
	require.Equal(t, http.StatusOK, status, string(out))
	var dr shared.DailyResult
	require.NoError(t, json.Unmarshal(out, &dr))
	assert.True(t, dr.Right)
	assert.Equal(t, rightOf, dr.Correct)
	s.waitAgent("qz-3", func(v shared.AgentView) bool { return v.Points["all"].Points == before+2 })
	status, out = answer(shared.DailyAnswer{Quiz: "security", Index: daily.Index, Answer: rightOf})
	require.Equal(t, http.StatusConflict, status, string(out))
	assert.True(t, strings.Contains(string(out), `"first"`), string(out))
	status, out = rewardsCall(t, agents[2], http.MethodGet, "/api/v1/quizzes/daily", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	daily = shared.DailyQuestion{}
	require.NoError(t, json.Unmarshal(out, &daily))
	require.NotNil(t, daily.Answered)
	assert.True(t, daily.Answered.Right)
}
