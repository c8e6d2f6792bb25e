package app

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// storePanel is the admin's catalogue editor: the items (retired ones
// too) and a form for a new or picked one, with names and descriptions in
// the five languages. The server checks every field; its problems are
// shown at the field they name.
type storePanel struct {
	goapp.Compo

	Lang    string
	items   []shared.StoreItem
	loading bool
	err     string

	f        itemForm
	editing  bool // the form edits an existing item (its id is fixed)
	busy     bool
	saved    string
	problems map[string]string // by field ("id", "cost", "names/en" ...)
}

// itemForm is the editor's text, as typed.
type itemForm struct {
	ID            string
	Names         map[string]string
	Descriptions  map[string]string
	Cost          string
	Stock         string
	Unlimited     bool
	NeedsApproval bool
	TeamBudget    string
	Retired       bool
}

func newItemForm() itemForm {
	return itemForm{Names: map[string]string{}, Descriptions: map[string]string{}, Cost: "100", Stock: "10"}
}

func (c *storePanel) OnMount(ctx goapp.Context) {
	c.f = newItemForm()
	c.load(ctx)
}

func (c *storePanel) load(ctx goapp.Context) {
	c.loading = true
	lang := c.Lang
	ctx.Async(func() {
		var a shared.StoreAnswer
		err := getJSON(ctx, storeAPI+"?lang="+url.QueryEscape(lang), &a)
		ctx.Dispatch(func(goapp.Context) {
			c.loading = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.err, c.items = "", a.Items
		})
	})
}

// edit puts an item in the form.
func (c *storePanel) edit(it shared.StoreItem) {
	f := itemForm{
		ID: it.ID, Names: map[string]string{}, Descriptions: map[string]string{},
		Cost: strconv.FormatInt(it.Cost, 10), Unlimited: it.Stock < 0, NeedsApproval: it.NeedsApproval, Retired: it.Retired,
	}
	if it.Stock >= 0 {
		f.Stock = strconv.FormatInt(it.Stock, 10)
	}
	if it.TeamBudget > 0 {
		f.TeamBudget = strconv.FormatInt(it.TeamBudget, 10)
	}
	for k, v := range it.Names {
		f.Names[k] = v
	}
	for k, v := range it.Descriptions {
		f.Descriptions[k] = v
	}
	c.f, c.editing, c.problems, c.saved = f, true, nil, ""
}

// item checks what the browser can and makes the item to send; problems
// by field otherwise.
func (f itemForm) item(lang string) (shared.StoreItem, map[string]string) {
	p := map[string]string{}
	it := shared.StoreItem{ID: strings.TrimSpace(f.ID), Names: map[string]string{}, Descriptions: map[string]string{},
		NeedsApproval: f.NeedsApproval, Retired: f.Retired, Stock: -1}
	if it.ID == "" {
		p["id"] = tr(lang, "rw.ed_required")
	}
	for _, l := range languages {
		if s := strings.TrimSpace(f.Names[l.Code]); s != "" {
			it.Names[l.Code] = s
		}
		if s := strings.TrimSpace(f.Descriptions[l.Code]); s != "" {
			it.Descriptions[l.Code] = s
		}
	}
	if it.Names[defaultLang] == "" {
		p["names/"+defaultLang] = tr(lang, "rw.ed_required")
	}
	whole := func(field, s string, min int64) int64 {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || n < min {
			p[field] = tr(lang, "rw.ed_whole", min)
		}
		return n
	}
	it.Cost = whole("cost", f.Cost, 1)
	if !f.Unlimited {
		it.Stock = whole("stock", f.Stock, 0)
	}
	if strings.TrimSpace(f.TeamBudget) != "" {
		it.TeamBudget = whole("team_budget", f.TeamBudget, 0)
	}
	if len(p) > 0 {
		return it, p
	}
	return it, nil
}

// save puts the item; the server's problems land at their fields.
func (c *storePanel) save(ctx goapp.Context, e goapp.Event) {
	e.PreventDefault()
	if c.busy {
		return
	}
	lang := c.Lang
	it, problems := c.f.item(lang)
	if problems != nil {
		c.problems, c.saved = problems, ""
		return
	}
	c.busy, c.problems, c.saved = true, nil, ""
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, apiTimeout)
		defer cancel()
		err := sendJSON(rctx, http.MethodPut, storeAPI+"/items/"+url.PathEscape(it.ID), it, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			if err != nil {
				c.problems = itemProblems(err)
				return
			}
			c.saved = tr(lang, "rw.ed_saved", firstOf(it.Names[lang], it.Names[defaultLang]))
			c.f, c.editing = newItemForm(), false
			c.load(ctx)
		})
	})
}

// itemProblems are a refusal's problems by field; the message alone goes
// under "" when it names none.
func itemProblems(err error) map[string]string {
	out := map[string]string{}
	if ae, ok := err.(*apiError); ok {
		var e shared.Error
		if decodeJSON(ae.Body, &e) == nil {
			for _, p := range e.Problems {
				out[p.Field] = p.Message
			}
		}
	}
	if len(out) == 0 {
		out[itemFieldOf(err.Error())] = err.Error()
	}
	return out
}

// itemFieldOf is the field a refusal of the store's checks is about, read
// from its words (the answer names no field): "" when none fits.
func itemFieldOf(msg string) string {
	m := strings.ToLower(msg)
	for _, l := range languages {
		for _, w := range []struct{ word, field string }{{"name in ", "names/"}, {"description in ", "descriptions/"}} {
			if strings.Contains(m, w.word+l.Code+" ") || strings.Contains(m, w.word+l.Code+"\"") {
				return w.field + l.Code
			}
		}
	}
	switch {
	case strings.Contains(m, "english name"):
		return "names/" + defaultLang
	case strings.Contains(m, "team budget"):
		return "team_budget"
	case strings.Contains(m, "cost"):
		return "cost"
	case strings.Contains(m, "stock"):
		return "stock"
	case strings.Contains(m, "id"):
		return "id"
	}
	return ""
}

func (c *storePanel) Render() goapp.UI {
	lang := c.Lang
	return goapp.Div().ID("store-editor").Class("store-editor").DataSet("loaded", boolAttr(!c.loading)).Body(
		goapp.Section().Class("card").Aria("labelledby", "ed-list-title").Body(
			goapp.Div().Class("card-head").Body(
				goapp.H2().ID("ed-list-title").Text(tr(lang, "rw.catalogue")),
				goapp.Button().ID("ed-new").Class("btn").Type("button").
					OnClick(func(goapp.Context, goapp.Event) { c.f, c.editing, c.problems, c.saved = newItemForm(), false, nil, "" }).
					Text(tr(lang, "rw.ed_new")),
			),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.err) }),
			goapp.If(c.saved != "", func() goapp.UI { return goapp.P().ID("ed-saved").Class("ok").Role("status").Text(c.saved) }),
			goapp.If(len(c.items) == 0 && !c.loading, func() goapp.UI { return goapp.P().Class("muted").Text(tr(lang, "rw.store_empty")) }),
			goapp.If(len(c.items) > 0, func() goapp.UI { return c.renderItems(lang) }),
		),
		c.renderForm(lang),
	)
}

// renderItems is the catalogue as a table, retired items too.
func (c *storePanel) renderItems(lang string) goapp.UI {
	return goapp.Table().ID("ed-items").Class("table", "ed-items").Body(
		goapp.THead().Body(goapp.Tr().Body(
			goapp.Th().Scope("col").Text(tr(lang, "rw.ed_name")),
			goapp.Th().Scope("col").Class("num").Text(tr(lang, "rw.ed_cost")),
			goapp.Th().Scope("col").Class("num").Text(tr(lang, "rw.ed_stock")),
			goapp.Th().Scope("col").Text(tr(lang, "rw.ed_state")),
			goapp.Th().Scope("col").Body(goapp.Span().Class("visually-hidden").Text(tr(lang, "rw.ed_edit"))),
		)),
		goapp.TBody().Body(goapp.Range(c.items).Slice(func(i int) goapp.UI {
			it := c.items[i]
			state := ""
			if it.NeedsApproval {
				state = tr(lang, "rw.needs_approval")
			}
			if it.Retired {
				state = tr(lang, "rw.retired")
			}
			name := firstOf(it.Name, it.Names[defaultLang], humanizeID(it.ID))
			return goapp.Tr().DataSet("item", it.ID).Body(
				goapp.Td().Text(name),
				goapp.Td().Class("num").Text(formatInt(lang, it.Cost)),
				goapp.Td().Class("num").Text(stockText(lang, it)),
				goapp.Td().Text(state),
				goapp.Td().Body(goapp.Button().Class("btn", "btn-quiet").Type("button").
					Aria("label", tr(lang, "rw.ed_edit_name", name)).
					OnClick(func(goapp.Context, goapp.Event) { c.edit(it) }).
					Text(tr(lang, "rw.ed_edit"))),
			)
		})),
	)
}

// problem is the message at a field, if any.
func (c *storePanel) problem(field string) goapp.UI {
	msg := c.problems[field]
	if msg == "" {
		return nil
	}
	return goapp.P().ID("ed-err-"+strings.ReplaceAll(field, "/", "-")).Class("error", "field-error").Role("alert").Text(msg)
}

func (c *storePanel) renderForm(lang string) goapp.UI {
	f := &c.f
	text := func(id, label, field, value string, set func(string), attrs ...func(goapp.HTMLInput) goapp.HTMLInput) goapp.UI {
		in := goapp.Input().ID(id).Type("text").Value(value).
			OnInput(func(ctx goapp.Context, e goapp.Event) {
				set(ctx.JSSrc().Get("value").String())
				delete(c.problems, field) // the message was about what was there
			})
		for _, a := range attrs {
			in = a(in)
		}
		if c.problems[field] != "" {
			in = in.Aria("invalid", "true").Aria("describedby", "ed-err-"+strings.ReplaceAll(field, "/", "-"))
		}
		return goapp.Div().Class("field").Body(goapp.Label().For(id).Text(label), in, c.problem(field))
	}
	numeric := func(in goapp.HTMLInput) goapp.HTMLInput { return in.Type("number").Min(0).Step(1) }
	title := tr(lang, "rw.ed_new")
	if c.editing {
		title = tr(lang, "rw.ed_edit_name", firstOf(f.Names[lang], f.Names[defaultLang], f.ID))
	}
	return goapp.Section().Class("card").Aria("labelledby", "ed-form-title").Body(
		goapp.H2().ID("ed-form-title").Text(title),
		goapp.Form().ID("ed-form").Class("form", "ed-form").OnSubmit(c.save).Body(
			text("ed-id", tr(lang, "rw.ed_id"), "id", f.ID, func(s string) { f.ID = s },
				func(in goapp.HTMLInput) goapp.HTMLInput {
					return in.Disabled(c.editing).Pattern("[A-Za-z0-9._:\\-]{1,64}").Aria("describedby", "ed-id-hint")
				}),
			goapp.P().ID("ed-id-hint").Class("small-print").Text(tr(lang, "rw.ed_id_hint")),
			goapp.Div().Class("ed-langs").Body(goapp.Range(languages).Slice(func(i int) goapp.UI {
				l := languages[i]
				return goapp.FieldSet().Class("ed-lang").DataSet("lang", l.Code).Body(
					goapp.Legend().Text(l.Name),
					text("ed-name-"+l.Code, tr(lang, "rw.ed_name"), "names/"+l.Code, f.Names[l.Code], func(s string) { f.Names[l.Code] = s }),
					goapp.Div().Class("field").Body(
						goapp.Label().For("ed-desc-"+l.Code).Text(tr(lang, "rw.ed_desc")),
						goapp.Textarea().ID("ed-desc-"+l.Code).Rows(2).Text(f.Descriptions[l.Code]).
							OnInput(func(ctx goapp.Context, e goapp.Event) { f.Descriptions[l.Code] = ctx.JSSrc().Get("value").String() }),
						c.problem("descriptions/"+l.Code),
					),
				)
			})),
			goapp.Div().Class("floor-dialog-row", "ed-nums").Body(
				text("ed-cost", tr(lang, "rw.ed_cost"), "cost", f.Cost, func(s string) { f.Cost = s }, numeric),
				goapp.Div().Class("field").Body(
					text("ed-stock", tr(lang, "rw.ed_stock"), "stock", f.Stock, func(s string) { f.Stock = s },
						numeric, func(in goapp.HTMLInput) goapp.HTMLInput { return in.Disabled(f.Unlimited) }),
					goapp.Label().Class("check").Body(
						goapp.Input().ID("ed-unlimited").Type("checkbox").Checked(f.Unlimited).
							OnChange(func(ctx goapp.Context, e goapp.Event) { f.Unlimited = ctx.JSSrc().Get("checked").Bool() }),
						goapp.Span().Text(tr(lang, "rw.unlimited")),
					),
				),
				text("ed-budget", tr(lang, "rw.ed_budget"), "team_budget", f.TeamBudget, func(s string) { f.TeamBudget = s }, numeric),
			),
			goapp.Label().Class("check").Body(
				goapp.Input().ID("ed-approval").Type("checkbox").Checked(f.NeedsApproval).
					OnChange(func(ctx goapp.Context, e goapp.Event) { f.NeedsApproval = ctx.JSSrc().Get("checked").Bool() }),
				goapp.Span().Text(tr(lang, "rw.needs_approval")),
			),
			goapp.Label().Class("check").Body(
				goapp.Input().ID("ed-retired").Type("checkbox").Checked(f.Retired).
					OnChange(func(ctx goapp.Context, e goapp.Event) { f.Retired = ctx.JSSrc().Get("checked").Bool() }),
				goapp.Span().Text(tr(lang, "rw.ed_retire")),
			),
			c.problem(""),
			goapp.Div().Class("floor-dialog-actions").Body(
				goapp.Button().ID("ed-save").Class("btn", "btn-primary").Type("submit").Disabled(c.busy).Text(tr(lang, "rw.ed_save")),
			),
		),
	)
}
