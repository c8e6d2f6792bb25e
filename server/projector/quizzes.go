package projector

import (
	"errors"
	"time"

	"scorecast/scoring"
	"scorecast/scoring/quiz"
	"scorecast/scoring/rewards"
	"scorecast/server/projection"
	"scorecast/server/store"
)

// Event types of micro-learning: a quiz's first submission and a daily
// question's answer, applied through the engine like any event.
const (
	QuizCompleted = "quiz.completed"
	QuizAnswered  = "quiz.answered"
)

// quizCommand decides a quiz command at its place in the stream: a quiz
// put whole, or a submission checked against the quiz as the stream has it
// then. The first submission of a quiz by an agent (of the day's question,
// for the daily one) counts: it is kept as a result and applied as the
// agent's event, whose id (quiz.EventID, quiz.DailyID) the processed index
// knows too, so a later one is refused here and scores nothing, on every
// node and in every replay. Called with the State locked.
func (p *Projector) quizCommand(pend pending, o *projection.Org, cmd *store.RewardsCommand, at time.Time, seq uint64, storedAt time.Time) error {
	if cmd.Op == store.OpQuiz {
		if cmd.Quiz == nil {
			return &rewards.Refusal{Code: rewards.CodeInvalid, Message: "a quiz command carries the quiz"}
		}
		q := *cmd.Quiz
		if err := quiz.Validate(&q); err != nil {
			return &rewards.Refusal{Code: rewards.CodeInvalid, Message: err.Error()}
		}
		q.By, q.Seq = cmd.By, seq
		o.NoteQuiz(q)
		pend.b.RewardsOf(o.ID()).PutQuiz(q.ID, q)
		return nil
	}
	a := cmd.Answer
	if a == nil {
		return &rewards.Refusal{Code: rewards.CodeInvalid, Message: "a submission carries its answers"}
	}
	q := o.Quiz(a.Quiz)
	if q == nil {
		return &rewards.Refusal{Code: rewards.CodeUnknown, Message: "there is no quiz " + a.Quiz}
	}
	r := quiz.Result{Quiz: q.ID, Agent: cmd.By, Answers: a.Answers, At: at, Seq: seq}
	ev := scoring.Event{Agent: cmd.By, Time: at, Attrs: map[string]string{"quiz": q.ID}}
	if cmd.Op == store.OpQuizDaily {
		r.ID, r.Date, r.Index = quiz.DailyID(o.QuizDay(at), cmd.By), o.QuizDay(at), a.Index
	} else {
		r.ID = quiz.EventID(q.ID, cmd.By)
	}
	if _, ok := o.QuizResult(r.ID); ok || o.Applied(r.ID) {
		return &rewards.Refusal{Code: rewards.CodeState, Message: "you answered this already"}
	}
	if !q.OpenAt(at) {
		return &rewards.Refusal{Code: rewards.CodeState, Message: "the quiz is closed"}
	}
	var err error
	if cmd.Op == store.OpQuizDaily {
		err = checkDaily(q, a)
		r.Of = 1
		if err == nil && a.Answers[0] == q.Questions[a.Index].Correct {
			r.Score = 1
		}
		ev.Type = QuizAnswered
		ev.Metrics = map[string]any{"correct": r.Score == 1}
	} else {
		r.Score, err = quiz.Check(q, a.Answers)
		r.Of = len(q.Questions)
		ev.Type = QuizCompleted
		ev.Metrics = map[string]any{"score": float64(r.Score), "of": float64(r.Of), "percent": float64(quiz.Percent(r.Score, r.Of))}
		if q.Badge != "" {
			ev.Attrs["badge"] = q.Badge
		}
	}
	if err != nil {
		return &rewards.Refusal{Code: rewards.CodeInvalid, Message: err.Error()}
	}
	o.NoteQuizResult(r)
	pend.b.RewardsOf(o.ID()).PutQuizResult(r.ID, r)
	ev.ID = r.ID
	p.apply(pend, o.ID(), ev, seq, storedAt, nil)
	return nil
}

// checkDaily checks an answer to question a.Index of q.
func checkDaily(q *quiz.Quiz, a *store.QuizAnswer) error {
	if a.Index < 0 || a.Index >= len(q.Questions) {
		return errors.New("the quiz has no such question")
	}
	if len(a.Answers) != 1 {
		return errors.New("the daily question takes one answer")
	}
	if n := len(q.Questions[a.Index].Choices); a.Answers[0] < 0 || a.Answers[0] >= n {
		return errors.New("the answer is not one of the choices")
	}
	return nil
}
