package app

import (
	"errors"
	"fmt"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// quizPath is the agent's quizzes: the open ones, taking one question by
// question, and the result with explanations. The right choices are never
// in the page before the server checked the answers.
const quizPath = "/quiz"

// quizPage is /quiz.
type quizPage struct {
	goapp.Compo

	lang    string
	me      identity
	loaded  bool
	loadErr string
	quizzes []shared.Quiz

	// taking is the quiz being taken or whose result is shown; step the
	// question shown; answers the choices picked (-1: none yet).
	taking  *shared.Quiz
	step    int
	answers []int
	busy    bool
	sendErr string
	result  *shared.QuizResult
}

func newQuizPage() goapp.Composer { return &quizPage{} }

func (c *quizPage) OnMount(ctx goapp.Context) {
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	ctx.Page().SetTitle(tr(c.lang, "quizzes.title") + " · Scorecast")
	whoAmI(ctx, func(ctx goapp.Context, me identity) {
		c.me = me
		c.load(ctx)
	})
}

func (c *quizPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
	c.load(ctx) // explanations come in the reader's language
}

func (c *quizPage) load(ctx goapp.Context) {
	path := "/api/v1/quizzes?lang=" + c.lang
	ctx.Async(func() {
		var out shared.QuizList
		err := getJSON(ctx, path, &out)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.loaded = true
			if err != nil {
				c.loadErr = err.Error()
				return
			}
			c.loadErr, c.quizzes = "", out.Quizzes
		})
	})
}

// startAt begins quiz i of the list, or shows its result when it was
// taken. By index, read when clicked: go-app keeps a button's first
// handler, so a captured quiz could be another one after a reload.
func (c *quizPage) startAt(ctx goapp.Context, i int) {
	if i >= len(c.quizzes) {
		return
	}
	q := c.quizzes[i]
	c.taking, c.step, c.result, c.sendErr = &q, 0, q.Taken, ""
	c.answers = make([]int, len(q.Questions))
	for i := range c.answers {
		c.answers[i] = -1
	}
	quizFocus(ctx, "quiz-step")
}

// quizFocus moves the focus to id once it is drawn, so a keyboard or
// screen reader user lands on the new question or the result. Not
// ctx.Defer: it runs only while the element that caused it is still there,
// and the Send button is gone once the result replaces the form. The
// element is looked for at each of the next frames (a busy page may draw
// it a few frames later), for about a second.
func quizFocus(_ goapp.Context, id string) {
	if !goapp.IsClient {
		return
	}
	const maxFrames = 60
	frames := 0
	var f goapp.Func
	f = goapp.FuncOf(func(goapp.Value, []goapp.Value) any {
		frames++
		if el := goapp.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		} else if frames < maxFrames {
			goapp.Window().Call("requestAnimationFrame", f)
			return nil
		}
		f.Release()
		return nil
	})
	goapp.Window().Call("requestAnimationFrame", f)
}

// next goes to the next question, or sends the answers after the last.
func (c *quizPage) next(ctx goapp.Context) {
	if c.taking == nil || c.busy || c.answers[c.step] < 0 {
		return
	}
	if c.step < len(c.taking.Questions)-1 {
		c.step++
		quizFocus(ctx, "quiz-step")
		return
	}
	c.busy, c.sendErr = true, ""
	id, answers, path := c.taking.ID, append([]int(nil), c.answers...), "/api/v1/quizzes/"+c.taking.ID+"/answers?lang="+c.lang
	ctx.Async(func() {
		var res shared.QuizResult
		err := sendJSON(ctx, "POST", path, shared.QuizAnswers{Answers: answers}, &res)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			if err != nil {
				// A second submission (another tab) answers with the first result.
				var cf shared.QuizConflict
				if ae := (*apiError)(nil); errors.As(err, &ae) && ae.Status == 409 && decodeJSON(ae.Body, &cf) == nil && cf.First != nil {
					res, err = *cf.First, nil
				}
			}
			if err != nil {
				c.sendErr = err.Error()
				return
			}
			c.result = &res
			for i := range c.quizzes {
				if c.quizzes[i].ID == id {
					c.quizzes[i].Taken = &res
				}
			}
			quizFocus(ctx, "quiz-result")
		})
	})
}

func (c *quizPage) back(ctx goapp.Context) {
	if c.step > 0 {
		c.step--
		quizFocus(ctx, "quiz-step")
	}
}

func (c *quizPage) close(ctx goapp.Context) {
	c.taking, c.result = nil, nil
	quizFocus(ctx, "quiz-title")
}

func (c *quizPage) Render() goapp.UI {
	lang := c.lang
	return goapp.Div().Class("page", "quiz-page").Body(
		topBar(lang, navBar(lang, c.me, quizPath), langSelect(lang, c.pickLang)),
		newPWAStatus(lang),
		goapp.Main().ID("quiz").Class("quiz").DataSet("mounted", boolAttr(c.loaded)).Body(
			goapp.H1().ID("quiz-title").TabIndex(-1).Text(tr(lang, "quizzes.title")),
			goapp.If(c.loadErr != "", func() goapp.UI {
				return goapp.P().Class("error").Role("alert").Text(tr(lang, "quizzes.load_failed", c.loadErr))
			}),
			goapp.If(c.taking != nil && c.result != nil, func() goapp.UI {
				return quizResultView(lang, c.taking, c.result, func(ctx goapp.Context) { c.close(ctx) })
			}).ElseIf(c.taking != nil, func() goapp.UI {
				return c.renderStep(lang)
			}).Else(func() goapp.UI {
				return c.renderList(lang)
			}),
		),
	)
}

// renderList lists the open quizzes, each to start or with its score.
func (c *quizPage) renderList(lang string) goapp.UI {
	if c.loaded && len(c.quizzes) == 0 && c.loadErr == "" {
		return goapp.P().ID("quiz-none").Class("card", "muted").Text(tr(lang, "quizzes.none_open"))
	}
	return goapp.Ul().ID("quiz-list").Class("quiz-list").Body(goapp.Range(c.quizzes).Slice(func(i int) goapp.UI {
		q := c.quizzes[i]
		n := int64(len(q.Questions))
		return goapp.Li().Class("card", "quiz-item").DataSet("quiz", q.ID).Body(
			goapp.H2().Text(wordsIn(q.Title, lang)),
			goapp.P().Class("muted").Text(trn(lang, "quizzes.questions", n)+" · "+tr(lang, "quizzes.closes", formatDateTime(lang, q.To))),
			goapp.If(q.Taken != nil, func() goapp.UI {
				return goapp.Div().Class("quiz-item-foot").Body(
					goapp.Span().Class("quiz-score").Text(tr(lang, "quizzes.score", q.Taken.Score, q.Taken.Of)),
					goapp.Button().Class("btn").Type("button").
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.startAt(ctx, i) }).Text(tr(lang, "quizzes.see_result")),
				)
			}).ElseIf(c.me.Role != roleAgent, func() goapp.UI {
				return goapp.P().Class("muted").Text(tr(lang, "quizzes.agents_only"))
			}).Else(func() goapp.UI {
				return goapp.Button().Class("btn", "btn-primary", "quiz-start").Type("button").
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.startAt(ctx, i) }).Text(tr(lang, "quizzes.start"))
			}),
		)
	}))
}

// renderStep is one question: its choices as a radio group (arrow keys
// move between them), Back, and Next or Send; Enter goes on.
func (c *quizPage) renderStep(lang string) goapp.UI {
	q := c.taking
	n := len(q.Questions)
	qu := q.Questions[c.step]
	last := c.step == n-1
	nextKey := "quizzes.next"
	if last {
		nextKey = "quizzes.send"
	}
	return goapp.Form().ID("quiz-form").Class("card", "quiz-take").DataSet("step", c.step).
		OnSubmit(func(ctx goapp.Context, e goapp.Event) {
			e.PreventDefault()
			c.next(ctx)
		}).Body(
		goapp.H2().Text(wordsIn(q.Title, lang)),
		progressBar("quiz-progress", tr(lang, "quizzes.step", c.step+1, n), float64(c.step)/float64(n), "quiz-progress"),
		quizChoices(lang, "quiz-step", fmt.Sprintf("q%d", c.step), qu, c.answers[c.step], -1,
			func(i int) { c.answers[c.step] = i }),
		goapp.If(c.sendErr != "", func() goapp.UI {
			return goapp.P().Class("error").Role("alert").Text(tr(lang, "quizzes.send_failed", c.sendErr))
		}),
		goapp.Div().Class("quiz-actions").Body(
			goapp.Button().ID("quiz-cancel").Class("btn", "btn-ghost").Type("button").
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.close(ctx) }).Text(tr(lang, "quizzes.cancel")),
			goapp.Button().ID("quiz-back").Class("btn").Type("button").Disabled(c.step == 0).
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.back(ctx) }).Text(tr(lang, "quizzes.back")),
			goapp.Button().ID("quiz-next").Class("btn", "btn-primary").Type("submit").
				Disabled(c.answers[c.step] < 0 || c.busy).Text(tr(lang, nextKey)),
		),
	)
}

// quizResultView is a taken quiz's result: the score, then each question
// with the choice made, the right one and the explanation.
func quizResultView(lang string, q *shared.Quiz, r *shared.QuizResult, done func(goapp.Context)) goapp.UI {
	return goapp.Section().ID("quiz-result").Class("card", "quiz-result").TabIndex(-1).
		DataSet("score", r.Score).DataSet("of", r.Of).Aria("labelledby", "quiz-result-title").Body(
		goapp.H2().ID("quiz-result-title").Text(wordsIn(q.Title, lang)),
		goapp.P().Class("quiz-big-score").Text(tr(lang, "quizzes.score", r.Score, r.Of)),
		goapp.P().Class("muted").Text(tr(lang, quizPraise(r.Score, r.Of))),
		goapp.Ol().Class("quiz-review").Body(goapp.Range(q.Questions).Slice(func(i int) goapp.UI {
			picked, right := -1, -1
			if i < len(r.Answers) {
				picked = r.Answers[i]
			}
			if i < len(r.Correct) {
				right = r.Correct[i]
			}
			expl := ""
			if i < len(r.Explanations) {
				expl = r.Explanations[i]
			}
			return goapp.Li().Class("quiz-review-item").DataSet("right", boolAttr(picked == right)).Body(
				quizChoices(lang, "", fmt.Sprintf("r%d", i), q.Questions[i], picked, right, nil),
				goapp.If(expl != "", func() goapp.UI { return goapp.P().Class("quiz-explanation").Text(expl) }),
			)
		})),
		goapp.Button().ID("quiz-done").Class("btn", "btn-primary").Type("button").
			OnClick(func(ctx goapp.Context, e goapp.Event) { done(ctx) }).Text(tr(lang, "quizzes.done")),
	)
}

// quizPraise is a word for a score.
func quizPraise(score, of int) string {
	switch {
	case of > 0 && score == of:
		return "quizzes.perfect"
	case score*2 >= of:
		return "quizzes.good"
	}
	return "quizzes.keep_learning"
}

// quizChoices is a question as a fieldset of radios named name. Before
// answering (right < 0) picking calls onPick; after, it is read only and
// marks the right choice and a wrong pick. id, when set, is the legend's
// (focused when the question changes).
func quizChoices(lang, id, name string, qu shared.QuizQuestion, picked, right int, onPick func(int)) goapp.UI {
	answered := right >= 0
	legend := goapp.Legend().Class("quiz-question").Text(wordsIn(qu.Text, lang))
	if id != "" {
		legend = legend.ID(id).TabIndex(-1)
	}
	return goapp.FieldSet().Class("quiz-choices").Body(
		legend,
		goapp.Range(qu.Choices).Slice(func(i int) goapp.UI {
			cid := name + "-c" + itoa(i)
			state := ""
			switch {
			case answered && i == right:
				state = "right"
			case answered && i == picked:
				state = "wrong"
			}
			input := goapp.Input().ID(cid).Type("radio").Name(name).Value(itoa(i)).Checked(i == picked).Disabled(answered)
			if onPick != nil && !answered {
				input = input.OnChange(func(ctx goapp.Context, e goapp.Event) { onPick(i) })
			}
			return goapp.Label().For(cid).Class("quiz-choice").DataSet("state", state).Body(
				input,
				goapp.Span().Text(wordsIn(qu.Choices[i], lang)),
				goapp.If(state != "", func() goapp.UI {
					return goapp.Span().Class("quiz-mark").Text(tr(lang, "quizzes.mark_"+state))
				}),
			)
		}),
	)
}

// wordsIn is a text in lang, else in English.
func wordsIn(w shared.Words, lang string) string {
	if s := w[lang]; s != "" {
		return s
	}
	return w["en"]
}
