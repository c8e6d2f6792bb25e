package projector

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/scoring/quiz"
	"scorecast/scoring/rewards"
	"scorecast/server/projection"
	"scorecast/server/store"
)

// Quiz commands are decided in stream order: a quiz is put, the first
// submission of each agent counts and is scored as its quiz.completed
// event, a later one (another order, a closed window, a quiz unknown) is
// refused and scores nothing; the daily answer counts once a day. A
// projection loaded afresh from the store holds the same quizzes and
// results.
func TestQuizCommandsDecideInStreamOrderAndAreStored(t *testing.T) {
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	seq := uint64(0)
	next := func() uint64 { seq++; return seq }
	en := func(s string) quiz.Words { return quiz.Words{"en": s} }
	q := quiz.Quiz{ID: "basics", Title: en("Basics"), From: now.Add(-time.Hour), To: now.Add(time.Hour), Badge: "quality_star",
		Questions: []quiz.Question{
			{Text: en("One"), Choices: []quiz.Words{en("a"), en("b")}, Correct: 1},
			{Text: en("Two"), Choices: []quiz.Words{en("a"), en("b"), en("c")}, Correct: 2},
		}}
	batch := []*decoded{{seq: next(), org: "o", ev: scoring.Event{ID: "e-1", Type: "call.completed", Agent: "a-1", Team: "t", Time: now}}}
	batch = append(batch, rewardsMsg(t, next(), "c-quiz", now, store.RewardsCommand{Op: store.OpQuiz, By: "admin", ID: q.ID, Quiz: &q}))
	answer := func(id, agent string, at time.Time, op string, a store.QuizAnswer) {
		batch = append(batch, rewardsMsg(t, next(), id, at, store.RewardsCommand{Op: op, By: agent, ID: id, Answer: &a}))
	}
	answer("s-1", "a-1", now, store.OpQuizAnswers, store.QuizAnswer{Quiz: "basics", Answers: []int{1, 2}})
	answer("s-2", "a-1", now, store.OpQuizAnswers, store.QuizAnswer{Quiz: "basics", Answers: []int{0, 0}})
	answer("s-3", "a-2", now, store.OpQuizAnswers, store.QuizAnswer{Quiz: "basics", Answers: []int{1}})
	answer("s-4", "a-2", now.Add(2*time.Hour), store.OpQuizAnswers, store.QuizAnswer{Quiz: "basics", Answers: []int{1, 2}})
	answer("s-5", "a-2", now, store.OpQuizAnswers, store.QuizAnswer{Quiz: "nope", Answers: []int{1, 2}})
	answer("d-1", "a-2", now, store.OpQuizDaily, store.QuizAnswer{Quiz: "basics", Index: 1, Answers: []int{2}})
	answer("d-2", "a-2", now.Add(time.Minute), store.OpQuizDaily, store.QuizAnswer{Quiz: "basics", Index: 0, Answers: []int{1}})
	require.NoError(t, p.applyBatch(batch))
	handed(t, p)

	for id, want := range map[string]string{"c-quiz": "", "s-1": "", "s-2": rewards.CodeState, "s-3": rewards.CodeInvalid,
		"s-4": rewards.CodeState, "s-5": rewards.CodeUnknown, "d-1": "", "d-2": rewards.CodeState} {
		d, ok := p.RewardsDecision("o", id)
		require.True(t, ok, id)
		if want == "" {
			assert.Nil(t, d.Refusal, id)
		} else if assert.NotNil(t, d.Refusal, id) {
			assert.Equal(t, want, d.Refusal.Code, "%s: %s", id, d.Refusal.Message)
		}
	}
	r, _, ok := p.QuizTaken("o", quiz.EventID("basics", "a-1"))
	require.True(t, ok)
	assert.Equal(t, []int{1, 2}, r.Answers, "the first submission counts")
	assert.Equal(t, 2, r.Score)
	_, _, ok = p.QuizTaken("o", quiz.EventID("basics", "a-2"))
	assert.False(t, ok, "no valid submission of a-2 in the window")
	d, _, ok := p.QuizTaken("o", quiz.DailyID("2026-12-08", "a-2"))
	require.True(t, ok)
	assert.Equal(t, 1, d.Score)

	v, err := p.AgentView("o", "a-1")
	require.NoError(t, err)
	assert.EqualValues(t, 5+10, v.Points["all"].Points, "the call, and 5 a right answer")
	w, err := p.Wallet("o", "a-1", 10)
	require.NoError(t, err)
	assert.EqualValues(t, 5, w.Balance-badgeCoins(t, p, "a-1"), "a perfect score pays 5 coins")
	v, err = p.AgentView("o", "a-2")
	require.NoError(t, err)
	assert.EqualValues(t, 2, v.Points["all"].Points, "the right daily answer")

	again, err := projection.LoadState(p.cfg.Store, func() time.Time { return now })
	require.NoError(t, err)
	for _, read := range []func(*projection.State) any{
		func(s *projection.State) any { v, _ := s.Quizzes("o", "a-1", "en", now, true); return v },
		func(s *projection.State) any { v, _ := s.Quizzes("o", "a-2", "en", now, false); return v },
	} {
		assert.Equal(t, jsonOf(t, read(p.State)), jsonOf(t, read(again)))
	}
}

// badgeCoins is what the badges an agent earned paid, from their ledger.
func badgeCoins(t *testing.T, p *Projector, agent string) int64 {
	t.Helper()
	w, err := p.Wallet("o", agent, 100)
	require.NoError(t, err)
	var n int64
	for _, e := range w.Ledger {
		if strings.HasPrefix(e.Detail, "badge:") {
			n += e.Delta
		}
	}
	return n
}
