package app

import (
	"errors"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// dailyQuizCard is the question of the day on the agent's own view: one
// question of the open quizzes, answered once a day, then right or not with
// the explanation; and the way to the quizzes.
type dailyQuizCard struct {
	goapp.Compo

	Lang string

	loaded bool
	daily  shared.DailyQuestion
	picked int
	busy   bool
	err    string
}

func (c *dailyQuizCard) OnMount(ctx goapp.Context) {
	c.picked = -1
	c.load(ctx)
}

func (c *dailyQuizCard) load(ctx goapp.Context) {
	path := "/api/v1/quizzes/daily?lang=" + c.Lang
	ctx.Async(func() {
		var out shared.DailyQuestion
		err := getJSON(ctx, path, &out)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.loaded = true
			if err != nil {
				c.err = err.Error()
				return
			}
			c.err, c.daily = "", out
		})
	})
}

func (c *dailyQuizCard) answer(ctx goapp.Context) {
	if c.busy || c.picked < 0 || c.daily.Question == nil {
		return
	}
	c.busy, c.err = true, ""
	req := shared.DailyAnswer{Quiz: c.daily.Quiz, Index: c.daily.Index, Answer: c.picked}
	path := "/api/v1/quizzes/daily?lang=" + c.Lang
	ctx.Async(func() {
		var res shared.DailyResult
		err := sendJSON(ctx, "POST", path, req, &res)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			var ae *apiError
			if errors.As(err, &ae) && ae.Status == 409 {
				var cf shared.DailyConflict
				if decodeJSON(ae.Body, &cf) == nil && cf.First != nil {
					res, err = *cf.First, nil
				} else {
					c.load(ctx) // the question changed (a quiz opened or closed)
				}
			}
			if err != nil {
				c.err = err.Error()
				return
			}
			c.daily.Answered = &res
			quizFocus(ctx, "daily-outcome")
		})
	})
}

func (c *dailyQuizCard) Render() goapp.UI {
	lang := c.Lang
	d := c.daily
	sec := goapp.Section().ID("daily-quiz").Class("card", "daily-quiz").DataSet("loaded", boolAttr(c.loaded)).
		DataSet("answered", boolAttr(d.Answered != nil)).Aria("labelledby", "daily-quiz-title")
	head := goapp.Div().Class("card-head").Body(
		goapp.H2().ID("daily-quiz-title").Text(tr(lang, "quizzes.daily_title")),
		goapp.A().ID("daily-all").Class("daily-all").Href(quizPath).Text(tr(lang, "quizzes.all")),
	)
	switch {
	case !c.loaded:
		return sec.Body(head, goapp.P().Class("muted").Text(tr(lang, "quizzes.loading")))
	case d.Question == nil:
		return sec.Body(head, goapp.P().ID("daily-none").Class("muted").Text(tr(lang, "quizzes.daily_none")))
	}
	if a := d.Answered; a != nil {
		key := "quizzes.daily_wrong"
		if a.Right {
			key = "quizzes.daily_right"
		}
		return sec.Body(head,
			quizChoices(lang, "", "daily", *d.Question, a.Answer, a.Correct, nil),
			goapp.P().ID("daily-outcome").Class("daily-outcome").TabIndex(-1).DataSet("right", boolAttr(a.Right)).Role("status").Text(tr(lang, key)),
			goapp.If(a.Explanation != "", func() goapp.UI { return goapp.P().Class("quiz-explanation").Text(a.Explanation) }),
		)
	}
	return sec.Body(head,
		goapp.Form().ID("daily-form").OnSubmit(func(ctx goapp.Context, e goapp.Event) {
			e.PreventDefault()
			c.answer(ctx)
		}).Body(
			goapp.P().Class("muted", "daily-from").Text(wordsIn(d.Title, lang)),
			quizChoices(lang, "", "daily", *d.Question, c.picked, -1, func(i int) { c.picked = i }),
			goapp.If(c.err != "", func() goapp.UI {
				return goapp.P().Class("error").Role("alert").Text(tr(lang, "quizzes.send_failed", c.err))
			}),
			goapp.Button().ID("daily-send").Class("btn", "btn-primary").Type("submit").Disabled(c.picked < 0 || c.busy).
				Text(tr(lang, "quizzes.answer")),
		),
	)
}
