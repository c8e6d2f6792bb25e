package app

import (
	"errors"
	"fmt"
	"slices"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// Limits the editor keeps to, as the server does.
const (
	quizMinChoices = 2
	quizMaxChoices = 6
	quizMaxQs      = 20
)

// quizDateTime is the format of a datetime-local input, in local time.
const quizDateTime = "2006-01-02T15:04"

// quizEditor is the admin's quizzes tab: the list with how many took each,
// and a form for one quiz. Words are edited one language at a time (the
// switch above the form marks a language with missing words); English is
// required, the others fall back to it.
type quizEditor struct {
	goapp.Compo

	Lang string

	quizzes []shared.Quiz
	loadErr string
	// draft is the quiz being edited, isNew when its id is still to be
	// chosen; wordsLang the language its words are edited in.
	draft     *shared.Quiz
	isNew     bool
	wordsLang string
	from, to  string // the window as the inputs hold it
	busy      bool
	msg       string
	msgErr    bool
}

func (c *quizEditor) OnMount(ctx goapp.Context) {
	c.wordsLang = "en"
	c.load(ctx)
}

func (c *quizEditor) load(ctx goapp.Context) {
	ctx.Async(func() {
		var out shared.QuizList
		err := getJSON(ctx, "/api/v1/quizzes", &out)
		ctx.Dispatch(func(ctx goapp.Context) {
			if err != nil {
				c.loadErr = err.Error()
				return
			}
			c.loadErr, c.quizzes = "", out.Quizzes
		})
	})
}

// quizBlankQuestion is a question with two empty choices, the first right.
func quizBlankQuestion() shared.QuizQuestion {
	zero := 0
	return shared.QuizQuestion{Text: shared.Words{}, Choices: []shared.Words{{}, {}}, Correct: &zero, Explanation: shared.Words{}}
}

// edit opens q in the form (a copy), or a new quiz open for a week.
func (c *quizEditor) edit(ctx goapp.Context, q *shared.Quiz) {
	c.msg, c.msgErr = "", false
	if q == nil {
		now := time.Now().Truncate(time.Hour)
		c.draft, c.isNew = &shared.Quiz{Title: shared.Words{}, From: now, To: now.Add(7 * 24 * time.Hour),
			Questions: []shared.QuizQuestion{quizBlankQuestion()}}, true
	} else {
		d := *q
		d.Title = quizCloneWords(q.Title)
		d.Questions = make([]shared.QuizQuestion, len(q.Questions))
		for i, qu := range q.Questions {
			right := 0
			if qu.Correct != nil {
				right = *qu.Correct
			}
			d.Questions[i] = shared.QuizQuestion{Text: quizCloneWords(qu.Text), Correct: &right, Explanation: quizCloneWords(qu.Explanation)}
			for _, ch := range qu.Choices {
				d.Questions[i].Choices = append(d.Questions[i].Choices, quizCloneWords(ch))
			}
		}
		c.draft, c.isNew = &d, false
	}
	c.from, c.to = c.draft.From.Local().Format(quizDateTime), c.draft.To.Local().Format(quizDateTime)
	quizFocus(ctx, "quiz-edit-title")
}

func quizCloneWords(w shared.Words) shared.Words {
	out := shared.Words{}
	for k, v := range w {
		out[k] = v
	}
	return out
}

// save checks the window and sends the quiz whole.
func (c *quizEditor) save(ctx goapp.Context) {
	d := c.draft
	if d == nil || c.busy {
		return
	}
	from, err1 := time.ParseInLocation(quizDateTime, c.from, time.Local)
	to, err2 := time.ParseInLocation(quizDateTime, c.to, time.Local)
	if err := errors.Join(err1, err2); err != nil {
		c.msg, c.msgErr = tr(c.Lang, "quizzes.bad_window"), true
		return
	}
	d.From, d.To = from.UTC(), to.UTC()
	body := *d
	body.ID, body.Open, body.Taken, body.Results = "", false, nil, 0
	c.busy, c.msg = true, ""
	path := "/api/v1/quizzes/" + d.ID
	ctx.Async(func() {
		var out shared.Quiz
		err := sendJSON(ctx, "PUT", path, body, &out)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			if err != nil {
				c.msg, c.msgErr = tr(c.Lang, "quizzes.save_failed", err.Error()), true
				return
			}
			c.msg, c.msgErr, c.isNew = tr(c.Lang, "quizzes.saved"), false, false
			c.load(ctx)
		})
	})
}

func (c *quizEditor) Render() goapp.UI {
	lang := c.Lang
	return goapp.Section().ID("quizzes").Class("card", "admin-panel", "quiz-editor").Body(
		goapp.Div().Class("card-head").Body(
			goapp.H2().Text(tr(lang, "quizzes.admin_title")),
			goapp.Button().ID("quiz-new").Class("btn", "btn-primary").Type("button").
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.edit(ctx, nil) }).Text(tr(lang, "quizzes.new")),
		),
		goapp.P().Class("muted").Text(tr(lang, "quizzes.admin_lead")),
		goapp.If(c.loadErr != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.loadErr) }),
		goapp.Ul().ID("quiz-admin-list").Class("quiz-admin-list").Body(goapp.Range(c.quizzes).Slice(func(i int) goapp.UI {
			q := c.quizzes[i]
			state := "quizzes.state_closed"
			if q.Open {
				state = "quizzes.state_open"
			}
			return goapp.Li().DataSet("quiz", q.ID).Body(
				goapp.Div().Body(
					goapp.Strong().Text(wordsIn(q.Title, lang)),
					goapp.Span().Class("tag").Text(tr(lang, state)),
					goapp.P().Class("muted").Text(formatDateTime(lang, q.From)+" – "+formatDateTime(lang, q.To)+" · "+
						trn(lang, "quizzes.questions", int64(len(q.Questions)))+" · "+
						trn(lang, "quizzes.taken_by", int64(q.Results))),
				),
				goapp.Button().Class("btn").Type("button").Aria("label", tr(lang, "quizzes.edit_named", wordsIn(q.Title, lang))).
					OnClick(func(ctx goapp.Context, e goapp.Event) {
						if i < len(c.quizzes) {
							c.edit(ctx, &c.quizzes[i])
						}
					}).Text(tr(lang, "quizzes.edit")),
			)
		})),
		goapp.If(c.draft != nil, func() goapp.UI { return c.renderForm(lang) }),
	)
}

// renderForm is the quiz being edited.
func (c *quizEditor) renderForm(lang string) goapp.UI {
	d := c.draft
	wl := c.wordsLang
	return goapp.Form().ID("quiz-form").Class("quiz-form").OnSubmit(func(ctx goapp.Context, e goapp.Event) {
		e.PreventDefault()
		c.save(ctx)
	}).Body(
		goapp.H3().ID("quiz-edit-title").TabIndex(-1).Text(tr(lang, "quizzes.editing")),
		goapp.Div().Class("quiz-form-row").Body(
			quizField(tr(lang, "quizzes.id"), goapp.Input().Type("text").ID("quiz-id").Required(true).Pattern(`[a-z0-9_\-]{1,64}`).
				ReadOnly(!c.isNew).Value(d.ID).Attr("autocomplete", "off").
				OnInput(func(ctx goapp.Context, e goapp.Event) { c.setWords(ctx, func(d *shared.Quiz, v string) { d.ID = v }) }), tr(lang, "quizzes.id_hint")),
			quizField(tr(lang, "quizzes.from"), goapp.Input().ID("quiz-from").Type("datetime-local").Required(true).Value(c.from).
				OnInput(func(ctx goapp.Context, e goapp.Event) { c.from = ctx.JSSrc().Get("value").String() }), ""),
			quizField(tr(lang, "quizzes.to"), goapp.Input().ID("quiz-to").Type("datetime-local").Required(true).Value(c.to).
				OnInput(func(ctx goapp.Context, e goapp.Event) { c.to = ctx.JSSrc().Get("value").String() }), ""),
			quizField(tr(lang, "quizzes.badge"), goapp.Input().Type("text").ID("quiz-badge").Value(d.Badge).Attr("autocomplete", "off").
				OnInput(func(ctx goapp.Context, e goapp.Event) {
					c.setWords(ctx, func(d *shared.Quiz, v string) { d.Badge = v })
				}), tr(lang, "quizzes.badge_hint")),
		),
		c.renderLangSwitch(lang),
		quizField(tr(lang, "quizzes.quiz_title", wl), c.wordsInput("quiz-title-"+wl, d.Title[wl], wl == "en",
			func(d *shared.Quiz, v string) { d.Title[c.wordsLang] = v }), ""),
		goapp.Range(d.Questions).Slice(func(i int) goapp.UI { return c.renderQuestion(lang, i) }),
		goapp.Div().Class("quiz-actions").Body(
			goapp.Button().ID("quiz-add-q").Class("btn").Type("button").Disabled(len(d.Questions) >= quizMaxQs).
				OnClick(func(ctx goapp.Context, e goapp.Event) {
					if c.draft != nil {
						c.draft.Questions = append(c.draft.Questions, quizBlankQuestion())
					}
				}).
				Text(tr(lang, "quizzes.add_question")),
			goapp.Button().ID("quiz-close").Class("btn", "btn-ghost").Type("button").
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.draft = nil }).Text(tr(lang, "quizzes.close_form")),
			goapp.Button().ID("quiz-save").Class("btn", "btn-primary").Type("submit").Disabled(c.busy).Text(tr(lang, "quizzes.save")),
		),
		goapp.If(c.msg != "", func() goapp.UI {
			return goapp.P().ID("quiz-msg").Class(map[bool]string{true: "error", false: "ok"}[c.msgErr]).Role("status").Text(c.msg)
		}),
	)
}

// renderLangSwitch picks the language words are edited in; a language
// with words missing is marked.
func (c *quizEditor) renderLangSwitch(lang string) goapp.UI {
	return goapp.Div().Class("quiz-langs").Role("group").Aria("label", tr(lang, "quizzes.words_in")).Body(
		goapp.Span().Class("muted").Text(tr(lang, "quizzes.words_in")),
		goapp.Range(languages).Slice(func(i int) goapp.UI {
			l := languages[i].Code
			missing := quizMissing(c.draft, l)
			label := languages[i].Name
			if missing {
				label += " •"
			}
			return goapp.Button().ID("quiz-lang-"+l).Class("btn", "btn-small").Type("button").
				Aria("pressed", boolAttr(l == c.wordsLang)).DataSet("missing", boolAttr(missing)).
				Title("%s", map[bool]string{true: tr(lang, "quizzes.missing"), false: ""}[missing]).
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.wordsLang = l }).Text(label)
		}),
	)
}

// quizMissing reports whether a quiz lacks words in lang somewhere.
func quizMissing(q *shared.Quiz, lang string) bool {
	if q.Title[lang] == "" {
		return true
	}
	for _, qu := range q.Questions {
		if qu.Text[lang] == "" || slices.ContainsFunc(qu.Choices, func(w shared.Words) bool { return w[lang] == "" }) {
			return true
		}
	}
	return false
}

// renderQuestion is question i: its text, its choices each with the radio
// that marks it right, and its explanation.
func (c *quizEditor) renderQuestion(lang string, i int) goapp.UI {
	d := c.draft
	qu := &d.Questions[i]
	wl := c.wordsLang
	p := fmt.Sprintf("quiz-q%d", i)
	return goapp.FieldSet().ID(p).Class("quiz-q-edit").Body(
		goapp.Legend().Text(tr(lang, "quizzes.question_n", i+1)),
		quizField(tr(lang, "quizzes.question_text", wl), c.wordsInput(p+"-text-"+wl, qu.Text[wl], wl == "en",
			func(d *shared.Quiz, v string) {
				quizAt(d, i, func(qu *shared.QuizQuestion) { qu.Text[c.wordsLang] = v })
			}), ""),
		goapp.Range(qu.Choices).Slice(func(j int) goapp.UI {
			cid := fmt.Sprintf("%s-c%d", p, j)
			return goapp.Div().Class("quiz-choice-edit").Body(
				goapp.Label().Class("quiz-right").For(cid+"-right").Body(
					goapp.Input().ID(cid+"-right").Type("radio").Name(p+"-right").Checked(qu.Correct != nil && *qu.Correct == j).
						OnChange(func(ctx goapp.Context, e goapp.Event) {
							quizAt(c.draft, i, func(qu *shared.QuizQuestion) { right := j; qu.Correct = &right })
						}),
					goapp.Span().Class("visually-hidden").Text(tr(lang, "quizzes.mark_right_n", j+1)),
				),
				c.wordsInput(cid+"-"+wl, qu.Choices[j][wl], wl == "en", func(d *shared.Quiz, v string) {
					quizAt(d, i, func(qu *shared.QuizQuestion) {
						if j < len(qu.Choices) {
							qu.Choices[j][c.wordsLang] = v
						}
					})
				}).Aria("label", tr(lang, "quizzes.choice_n", j+1, wl)),
				goapp.Button().Class("btn", "btn-ghost", "btn-small").Type("button").Disabled(len(qu.Choices) <= quizMinChoices).
					Aria("label", tr(lang, "quizzes.remove_choice_n", j+1)).
					OnClick(func(ctx goapp.Context, e goapp.Event) {
						quizAt(c.draft, i, func(qu *shared.QuizQuestion) { quizRemoveChoice(qu, j) })
					}).Text("×"),
			)
		}),
		goapp.Div().Class("quiz-actions").Body(
			goapp.Button().ID(p+"-add").Class("btn", "btn-small").Type("button").Disabled(len(qu.Choices) >= quizMaxChoices).
				OnClick(func(ctx goapp.Context, e goapp.Event) {
					quizAt(c.draft, i, func(qu *shared.QuizQuestion) { qu.Choices = append(qu.Choices, shared.Words{}) })
				}).
				Text(tr(lang, "quizzes.add_choice")),
			goapp.Button().Class("btn", "btn-ghost", "btn-small").Type("button").Disabled(len(d.Questions) <= 1).
				OnClick(func(ctx goapp.Context, e goapp.Event) {
					if c.draft != nil && i < len(c.draft.Questions) && len(c.draft.Questions) > 1 {
						c.draft.Questions = slices.Delete(c.draft.Questions, i, i+1)
					}
				}).
				Text(tr(lang, "quizzes.remove_question")),
		),
		quizField(tr(lang, "quizzes.explanation", wl), goapp.Textarea().ID(p+"-expl-"+wl).Class("input").Rows(2).Text(qu.Explanation[wl]).
			OnInput(func(ctx goapp.Context, e goapp.Event) {
				c.setWords(ctx, func(d *shared.Quiz, v string) {
					quizAt(d, i, func(qu *shared.QuizQuestion) { qu.Explanation[c.wordsLang] = v })
				})
			}), ""),
	)
}

// quizRemoveChoice removes choice j, keeping the right one marked.
func quizRemoveChoice(qu *shared.QuizQuestion, j int) {
	qu.Choices = slices.Delete(qu.Choices, j, j+1)
	if qu.Correct != nil && *qu.Correct >= j && *qu.Correct > 0 {
		right := *qu.Correct - 1
		if *qu.Correct == j {
			right = 0
		}
		qu.Correct = &right
	}
}

// Handlers read the draft, the question and the language when they run,
// never from what a render captured: go-app keeps an element's first
// handler when a later render gives it one of the same code, so a
// captured language or question would be a stale one.

// wordsInput is a text input showing value; typing runs set on the draft.
func (c *quizEditor) wordsInput(id, value string, required bool, set func(d *shared.Quiz, v string)) goapp.HTMLInput {
	return goapp.Input().Type("text").ID(id).Class("input").Required(required).Value(value).
		OnInput(func(ctx goapp.Context, e goapp.Event) { c.setWords(ctx, set) })
}

// setWords runs set with the event's value on the draft, if any.
func (c *quizEditor) setWords(ctx goapp.Context, set func(d *shared.Quiz, v string)) {
	if c.draft != nil {
		set(c.draft, ctx.JSSrc().Get("value").String())
	}
}

// quizAt runs fn on question i of d, if it has one.
func quizAt(d *shared.Quiz, i int, fn func(qu *shared.QuizQuestion)) {
	if d != nil && i < len(d.Questions) {
		fn(&d.Questions[i])
	}
}

// quizField is a labelled field with an optional hint.
func quizField(label string, input goapp.UI, hint string) goapp.UI {
	return goapp.Label().Class("field").Body(
		goapp.Span().Class("field-label").Text(label),
		input,
		goapp.If(hint != "", func() goapp.UI { return goapp.Small().Class("muted").Text(hint) }),
	)
}
