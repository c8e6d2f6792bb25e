package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"scorecast/scoring/quiz"
	"scorecast/scoring/rewards"
	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/projection"
	"scorecast/server/store"
	"scorecast/shared"
)

// Micro-learning: admins put quizzes, agents take them and a daily
// question. A quiz and every submission are commands in the stream, decided
// by the projector in stream order like the rewards commands (see
// rewards.go): the first submission of a quiz by an agent counts, on any
// node and in any replay, and a second one gets 409 with the first result.
// The handler refuses early what no order could accept (a bad body, an
// unknown or closed quiz, answers that do not fit the quiz).

// maxQuizBody bounds a quiz: 20 questions of 6 choices in five languages.
const maxQuizBody = 512 << 10

// maxAnswersBody bounds a submission.
const maxAnswersBody = 4 << 10

// putQuiz answers PUT /api/v1/quizzes/{id} (admins): adds or replaces a
// quiz whole; audited.
func (h *handlers) putQuiz(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if !quiz.ValidID(id) {
		httpx.Error(w, http.StatusBadRequest, fmt.Sprintf("a quiz id is 1 to %d of a-z, 0-9, - and _", quiz.MaxIDLength))
		return
	}
	var req shared.Quiz
	if !decodeBody(w, r, maxQuizBody, &req) {
		return
	}
	q, err := quizOf(id, req)
	if err == nil {
		err = quiz.Validate(&q)
	}
	if err == nil && q.Badge != "" && !h.cfg.Projector.HasBadge(me.Org, q.Badge) {
		err = fmt.Errorf("badge: the ruleset in force has no badge %q", q.Badge)
	}
	if err != nil {
		httpx.Error(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	cmdID, ok := commandID(w, r, me, "qz")
	if !ok {
		return
	}
	cmd := store.RewardsCommand{Op: store.OpQuiz, By: me.User, Role: me.Role, ID: id, Quiz: &q}
	if _, ok := h.decide(w, r, me.Org, cmdID, cmd, nil); !ok {
		return
	}
	h.audit(r, me, "quiz", id, fmt.Sprintf("put the quiz %s (%d questions, %s to %s)", id, len(q.Questions),
		q.From.Format(time.RFC3339), q.To.Format(time.RFC3339)))
	stored, ok := h.cfg.Projector.QuizCopy(me.Org, id)
	if !ok {
		h.fail(w, fmt.Errorf("quiz %s applied but not found", id))
		return
	}
	httpx.JSON(w, http.StatusOK, projection.QuizView(&stored, time.Now(), true))
}

// quizOf is a quiz from PUT's body; every question marks its right choice.
func quizOf(id string, v shared.Quiz) (quiz.Quiz, error) {
	q := quiz.Quiz{ID: id, Title: quiz.Words(v.Title), From: v.From.UTC(), To: v.To.UTC(), Badge: v.Badge,
		Questions: make([]quiz.Question, len(v.Questions))}
	if len(v.Questions) > quiz.MaxQuestions {
		return q, fmt.Errorf("questions: a quiz has 1 to %d questions, not %d", quiz.MaxQuestions, len(v.Questions))
	}
	for i, qu := range v.Questions {
		if qu.Correct == nil {
			return q, fmt.Errorf("questions/%d/correct: mark the one right choice", i)
		}
		q.Questions[i] = quiz.Question{Text: quiz.Words(qu.Text), Correct: *qu.Correct,
			Explanation: quiz.Words(qu.Explanation), Choices: make([]quiz.Words, len(qu.Choices))}
		for j, c := range qu.Choices {
			q.Questions[i].Choices[j] = quiz.Words(c)
		}
	}
	return q, nil
}

// listQuizzes answers GET /api/v1/quizzes: every quiz with its answers for
// an admin; for anyone else the open ones without them (never sent before
// answering), each with the caller's own result once taken.
func (h *handlers) listQuizzes(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	lang, ok := h.langOf(w, r, me)
	if !ok {
		return
	}
	list, err := h.cfg.Projector.Quizzes(me.Org, me.User, lang, time.Now(), me.Role == auth.RoleAdmin)
	h.answer(w, shared.QuizList{Quizzes: list}, err)
}

// submitQuiz answers POST /api/v1/quizzes/{id}/answers (agents): the
// score, the right choices and the explanations, and the agent's
// quiz.completed event in the stream; 409 with the first result for a
// second submission.
func (h *handlers) submitQuiz(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent)
	if !ok {
		return
	}
	lang, ok := h.langOf(w, r, me)
	if !ok {
		return
	}
	var req shared.QuizAnswers
	if !decodeBody(w, r, maxAnswersBody, &req) {
		return
	}
	id := r.PathValue("id")
	q, known := h.cfg.Projector.QuizCopy(me.Org, id)
	if !quiz.ValidID(id) || !known {
		httpx.Error(w, http.StatusNotFound, fmt.Sprintf("there is no quiz %q", id))
		return
	}
	eventID := quiz.EventID(id, me.User)
	if h.takenAlready(w, me.Org, eventID, lang) {
		return
	}
	now := time.Now().UTC()
	if !h.quizOpen(w, &q, now) {
		return
	}
	if req.Answers == nil {
		httpx.Error(w, http.StatusUnprocessableEntity, "answers: the index of the chosen choice of each question, in order")
		return
	}
	if _, err := quiz.Check(&q, req.Answers); err != nil {
		httpx.Error(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	cmd := store.RewardsCommand{Op: store.OpQuizAnswers, By: me.User, Role: me.Role, ID: eventID,
		Answer: &store.QuizAnswer{Quiz: id, Answers: req.Answers}}
	if !h.decideQuiz(w, r, me, now, cmd, eventID, lang) {
		return
	}
	res, qq, ok := h.cfg.Projector.QuizTaken(me.Org, eventID)
	if !ok {
		h.fail(w, fmt.Errorf("quiz %s answered but no result", eventID))
		return
	}
	httpx.JSON(w, http.StatusOK, projection.ResultView(&qq, res, lang))
}

// takenAlready answers 409 with the first result when event id was made
// already (a quiz taken, a daily question answered), and reports it.
func (h *handlers) takenAlready(w http.ResponseWriter, org, id, lang string) bool {
	res, q, ok := h.cfg.Projector.QuizTaken(org, id)
	if !ok {
		return false
	}
	if res.Date != "" {
		v := projection.DailyView(&q, res, lang)
		httpx.JSON(w, http.StatusConflict, shared.DailyConflict{Error: "you answered today's question already", First: &v})
		return true
	}
	v := projection.ResultView(&q, res, lang)
	httpx.JSON(w, http.StatusConflict, shared.QuizConflict{Error: "you took this quiz already; the first submission counts", First: &v})
	return true
}

// quizOpen answers 409 for a quiz outside its window.
func (h *handlers) quizOpen(w http.ResponseWriter, q *quiz.Quiz, now time.Time) bool {
	switch {
	case now.Before(q.From):
		httpx.Error(w, http.StatusConflict, "the quiz opens at "+q.From.Format(time.RFC3339))
		return false
	case !now.Before(q.To):
		httpx.Error(w, http.StatusConflict, "the quiz closed at "+q.To.Format(time.RFC3339))
		return false
	}
	return true
}

// decideQuiz publishes a submission made at now (the time the handler
// checked it at, so the projector's window and day are the handler's) and
// waits for the projector's decision. A refusal because the stream had an earlier submission (two
// sent at once) answers 409 with that first result.
func (h *handlers) decideQuiz(w http.ResponseWriter, r *http.Request, me auth.Identity, now time.Time, cmd store.RewardsCommand, eventID, lang string) bool {
	cmdID, ok := commandID(w, r, me, "qa")
	if !ok {
		return false
	}
	seq, _, err := h.cfg.Bus.PublishRewards(r.Context(), me.Org, cmdID, now, cmd)
	if err != nil {
		h.fail(w, err)
		return false
	}
	if !h.applied(r.Context(), seq) {
		httpx.Error(w, http.StatusServiceUnavailable, "the answers are stored but not checked yet; send them again with the same Idempotency-Key")
		return false
	}
	d, ok := h.cfg.Projector.RewardsDecision(me.Org, cmdID)
	if !ok {
		h.fail(w, errors.New("quiz submission applied without a decision"))
		return false
	}
	if d.Refusal == nil {
		return true
	}
	if d.Refusal.Code == rewards.CodeState && h.takenAlready(w, me.Org, eventID, lang) {
		return false
	}
	httpx.Error(w, refusalStatus(d.Refusal.Code), d.Refusal.Message)
	return false
}
