package projection

import (
	"slices"
	"time"

	"scorecast/scoring"
	"scorecast/scoring/quiz"
	"scorecast/server/store"
	"scorecast/shared"
)

// orgQuizzes is an org's micro-learning in memory: every quiz and every
// result (a few per agent and week at most). Changed only by the
// projector, with the State locked for writing.
type orgQuizzes struct {
	quizzes map[string]*quiz.Quiz
	results map[string]quiz.Result // by the id of the event each made
	taken   map[string]int         // by quiz: how many took it
	// daily are the daily answers' ids by day. Only the latest day's and
	// the one before it are kept (a day's answer is checked against that
	// day's alone), so an agent answering every day costs no memory over
	// the years; the store keeps them all.
	daily  map[string][]string
	latest string // the latest day answered
}

func newOrgQuizzes() *orgQuizzes {
	return &orgQuizzes{quizzes: map[string]*quiz.Quiz{}, results: map[string]quiz.Result{}, taken: map[string]int{},
		daily: map[string][]string{}}
}

func loadQuizzes(st *store.Store, org string) (*orgQuizzes, error) {
	stored, err := st.LoadQuizzes(org)
	if err != nil {
		return nil, err
	}
	qz := newOrgQuizzes()
	for i := range stored.Quizzes {
		q := stored.Quizzes[i]
		qz.quizzes[q.ID] = &q
	}
	for _, r := range stored.Results {
		qz.addResult(r)
	}
	return qz, nil
}

func (qz *orgQuizzes) addResult(r quiz.Result) {
	_, known := qz.results[r.ID]
	qz.results[r.ID] = r
	switch {
	case known:
	case r.Date == "":
		qz.taken[r.Quiz]++
	default:
		qz.daily[r.Date] = append(qz.daily[r.Date], r.ID)
		if r.Date > qz.latest {
			qz.latest = r.Date
			qz.forgetDays()
		}
	}
}

// forgetDays drops the daily answers of the days before the latest one and
// the day before it. Days are "2006-01-02", so they sort as strings. It
// depends only on the answers, in stream order, so every node and replay
// keeps the same ones.
func (qz *orgQuizzes) forgetDays() {
	t, err := time.Parse(time.DateOnly, qz.latest)
	if err != nil {
		return
	}
	keep := t.AddDate(0, 0, -1).Format(time.DateOnly)
	for day, ids := range qz.daily {
		if day >= keep {
			continue
		}
		for _, id := range ids {
			delete(qz.results, id)
		}
		delete(qz.daily, day)
	}
}

// qz is the org's quizzes, made on first use for an org built without a
// store (tests).
func (o *Org) qzs() *orgQuizzes {
	if o.qz == nil {
		o.qz = newOrgQuizzes()
	}
	return o.qz
}

// Quiz is a quiz by id, nil when there is none. The projector's, with the
// State locked for writing; the quiz must not be changed.
func (o *Org) Quiz(id string) *quiz.Quiz { return o.qzs().quizzes[id] }

// NoteQuiz keeps a quiz, new or replaced. The projector's.
func (o *Org) NoteQuiz(q quiz.Quiz) { o.qzs().quizzes[q.ID] = &q }

// QuizResult is the result that made event id. The projector's.
func (o *Org) QuizResult(id string) (quiz.Result, bool) {
	r, ok := o.qzs().results[id]
	return r, ok
}

// NoteQuizResult keeps a result. The projector's.
func (o *Org) NoteQuizResult(r quiz.Result) { o.qzs().addResult(r) }

// QuizDay is the day key of t in the org's time zone (2026-12-08).
func (o *Org) QuizDay(t time.Time) string { return o.engine.PeriodKey(scoring.PeriodDay, t) }

// openQuizzes are the quizzes open at t.
func (o *Org) openQuizzes(at time.Time) []*quiz.Quiz {
	var open []*quiz.Quiz
	for _, q := range o.qzs().quizzes {
		if q.OpenAt(at) {
			open = append(open, q)
		}
	}
	return open
}

// QuizView is a quiz on the wire: with the right choices and explanations
// only when answers is set (an admin's reading).
func QuizView(q *quiz.Quiz, at time.Time, answers bool) shared.Quiz {
	v := shared.Quiz{ID: q.ID, Title: shared.Words(q.Title), From: q.From, To: q.To, Badge: q.Badge, Open: q.OpenAt(at),
		Questions: make([]shared.QuizQuestion, len(q.Questions))}
	for i, qu := range q.Questions {
		v.Questions[i] = QuestionView(qu, answers)
	}
	return v
}

// QuestionView is a question on the wire, its answer only when answers is
// set.
func QuestionView(qu quiz.Question, answers bool) shared.QuizQuestion {
	v := shared.QuizQuestion{Text: shared.Words(qu.Text), Choices: make([]shared.Words, len(qu.Choices))}
	for j, c := range qu.Choices {
		v.Choices[j] = shared.Words(c)
	}
	if answers {
		correct := qu.Correct
		v.Correct, v.Explanation = &correct, shared.Words(qu.Explanation)
	}
	return v
}

// ResultView is a quiz result on the wire, its explanations in lang.
func ResultView(q *quiz.Quiz, r quiz.Result, lang string) shared.QuizResult {
	v := shared.QuizResult{Quiz: r.Quiz, Score: r.Score, Of: r.Of, Answers: slices.Clone(r.Answers), At: r.At,
		Correct: make([]int, len(q.Questions)), Explanations: make([]string, len(q.Questions))}
	for i, qu := range q.Questions {
		v.Correct[i], v.Explanations[i] = qu.Correct, qu.Explanation.In(lang)
	}
	return v
}

// DailyView is a daily question's result on the wire.
func DailyView(q *quiz.Quiz, r quiz.Result, lang string) shared.DailyResult {
	v := shared.DailyResult{Date: r.Date, Quiz: r.Quiz, Index: r.Index, At: r.At}
	if len(r.Answers) > 0 {
		v.Answer = r.Answers[0]
	}
	if q != nil && r.Index < len(q.Questions) {
		qu := q.Questions[r.Index]
		v.Correct, v.Right, v.Explanation = qu.Correct, v.Answer == qu.Correct, qu.Explanation.In(lang)
	}
	return v
}

// Quizzes lists quizzes by title: every one with its answers for an admin
// (all), else the ones open at at without them, each with agent's result
// once taken, explanations in lang.
func (p *State) Quizzes(orgID, agent, lang string, at time.Time, all bool) ([]shared.Quiz, error) {
	out := []shared.Quiz{}
	err := p.rewardsOf(orgID, func(o *Org) {
		qz := o.qzs()
		for _, q := range qz.quizzes {
			if !all && !q.OpenAt(at) {
				continue
			}
			v := QuizView(q, at, all)
			if all {
				v.Results = qz.taken[q.ID]
			}
			if r, ok := qz.results[quiz.EventID(q.ID, agent)]; ok {
				res := ResultView(q, r, lang)
				v.Taken = &res
			}
			out = append(out, v)
		}
	})
	slices.SortFunc(out, func(a, b shared.Quiz) int {
		if c := a.From.Compare(b.From); c != 0 {
			return -c // the newest first
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out, err
}

// QuizCopy is a copy of quiz id, for the API to check a submission before
// it publishes it.
func (p *State) QuizCopy(orgID, id string) (quiz.Quiz, bool) {
	var q quiz.Quiz
	var ok bool
	_ = p.rewardsOf(orgID, func(o *Org) {
		var qp *quiz.Quiz
		if qp, ok = o.qzs().quizzes[id]; ok {
			q = *qp
		}
	})
	return q, ok
}

// QuizTaken is the result that made event id (quiz.EventID or
// quiz.DailyID) in lang, with the quiz it belongs to.
func (p *State) QuizTaken(orgID, id string) (quiz.Result, quiz.Quiz, bool) {
	var r quiz.Result
	var q quiz.Quiz
	var ok bool
	_ = p.rewardsOf(orgID, func(o *Org) {
		qz := o.qzs()
		if r, ok = qz.results[id]; ok {
			if qp := qz.quizzes[r.Quiz]; qp != nil {
				q = *qp
			}
		}
	})
	return r, q, ok
}

// DailyPick is agent's question of the day of at: the day's key, the quiz
// and the question's index; no quiz when none is open.
func (p *State) DailyPick(orgID, agent string, at time.Time) (string, quiz.Quiz, int, bool) {
	var day string
	var q quiz.Quiz
	var n int
	var ok bool
	_ = p.rewardsOf(orgID, func(o *Org) {
		day = o.QuizDay(at)
		var qp *quiz.Quiz
		if qp, n, ok = quiz.Daily(o.openQuizzes(at), agent, day); ok {
			q = *qp
		}
	})
	return day, q, n, ok
}

// HasBadge reports whether the ruleset in force has a badge id.
func (p *State) HasBadge(orgID, id string) bool {
	var ok bool
	_ = p.rewardsOf(orgID, func(o *Org) {
		ok = slices.ContainsFunc(o.rules.Badges, func(b scoring.Badge) bool { return b.ID == id })
	})
	return ok
}
