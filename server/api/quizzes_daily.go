package api

import (
	"fmt"
	"net/http"
	"time"

	"scorecast/scoring/quiz"
	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/projection"
	"scorecast/server/store"
	"scorecast/shared"
)

// dailyQuestion answers GET /api/v1/quizzes/daily (agents): the caller's
// question of today, chosen by the date and the agent among the open
// quizzes' questions, without its answer; with the caller's answer once
// given.
func (h *handlers) dailyQuestion(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent)
	if !ok {
		return
	}
	lang, ok := h.langOf(w, r, me)
	if !ok {
		return
	}
	day, q, n, found := h.cfg.Projector.DailyPick(me.Org, me.User, time.Now())
	v := shared.DailyQuestion{Date: day}
	if res, rq, ok := h.cfg.Projector.QuizTaken(me.Org, quiz.DailyID(day, me.User)); ok {
		// The question answered stays today's, even if the quizzes changed since.
		q, n, found = rq, res.Index, true
		d := projection.DailyView(&rq, res, lang)
		v.Answered = &d
	}
	if found && n < len(q.Questions) {
		qv := projection.QuestionView(q.Questions[n], false)
		v.Quiz, v.Title, v.Index, v.Question = q.ID, shared.Words(q.Title), n, &qv
	}
	httpx.JSON(w, http.StatusOK, v)
}

// answerDaily answers POST /api/v1/quizzes/daily (agents): whether the
// answer to today's question is right, with the right choice and the
// explanation, and the agent's quiz.answered event in the stream; 409 with
// the first answer for a second one the same day, or when the question
// named is not today's.
func (h *handlers) answerDaily(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent)
	if !ok {
		return
	}
	lang, ok := h.langOf(w, r, me)
	if !ok {
		return
	}
	var req shared.DailyAnswer
	if !decodeBody(w, r, maxAnswersBody, &req) {
		return
	}
	now := time.Now().UTC()
	day, q, n, found := h.cfg.Projector.DailyPick(me.Org, me.User, now)
	eventID := quiz.DailyID(day, me.User)
	if h.takenAlready(w, me.Org, eventID, lang) {
		return
	}
	switch {
	case !found:
		httpx.Error(w, http.StatusConflict, "there is no question today: no quiz is open")
		return
	case req.Quiz != q.ID || req.Index != n:
		httpx.Error(w, http.StatusConflict, fmt.Sprintf("today's question is question %d of %s; ask GET /api/v1/quizzes/daily again", n, q.ID))
		return
	}
	if choices := len(q.Questions[n].Choices); req.Answer < 0 || req.Answer >= choices {
		httpx.Error(w, http.StatusUnprocessableEntity, fmt.Sprintf("answer: the question has choices 0 to %d, not %d", choices-1, req.Answer))
		return
	}
	cmd := store.RewardsCommand{Op: store.OpQuizDaily, By: me.User, Role: me.Role, ID: eventID,
		Answer: &store.QuizAnswer{Quiz: q.ID, Index: n, Answers: []int{req.Answer}}}
	if !h.decideQuiz(w, r, me, now, cmd, eventID, lang) {
		return
	}
	res, rq, ok := h.cfg.Projector.QuizTaken(me.Org, eventID)
	if !ok {
		h.fail(w, fmt.Errorf("daily question %s answered but no result", eventID))
		return
	}
	httpx.JSON(w, http.StatusOK, projection.DailyView(&rq, res, lang))
}

// langParam is ?lang='s schema in the document.
func langParam() map[string]any { return map[string]any{"type": "string", "enum": quiz.Languages} }
