package app

import (
	"errors"
	"net/http"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// rosterCSVExample shows the columns the import expects.
const rosterCSVExample = "id,name,role,team,password\na-25,Kim Berg,agent,t-north,change-me-please"

// rosterPanel lists users and imports a CSV roster, dry run first.
type rosterPanel struct {
	goapp.Compo

	Lang   string
	users  []shared.User
	err    string
	csv    string
	busy   bool
	result *shared.RosterResult
	resErr string
	dry    bool
}

func (c *rosterPanel) OnMount(ctx goapp.Context) { c.load(ctx) }

func (c *rosterPanel) load(ctx goapp.Context) {
	ctx.Async(func() {
		var out shared.Users
		err := getJSON(ctx, "/api/v1/users", &out)
		ctx.Dispatch(func(goapp.Context) {
			if err != nil {
				c.err = err.Error()
				return
			}
			c.users, c.err = out.Users, ""
		})
	})
}

// send posts the CSV; dryRun asks only what would change.
func (c *rosterPanel) send(ctx goapp.Context, dryRun bool) {
	if c.busy || strings.TrimSpace(c.csv) == "" {
		return
	}
	c.busy, c.resErr, c.result, c.dry = true, "", nil, dryRun
	path := "/api/v1/roster?dry_run=false"
	if dryRun {
		path = "/api/v1/roster?dry_run=true"
	}
	body := []byte(c.csv)
	lang := c.Lang
	ctx.Async(func() {
		var res shared.RosterResult
		err := apiCall{Method: http.MethodPost, Path: path, Raw: body, ContentType: "text/csv"}.fetch(ctx, &res)
		var ae *apiError
		if errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusUnprocessableEntity) {
			// A refused roster answers its errors by line in the body.
			if decodeJSON(ae.Body, &res) == nil && len(res.Errors) > 0 {
				err = nil
			}
		}
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			switch {
			case statusOf(err) == http.StatusNotFound || statusOf(err) == http.StatusMethodNotAllowed:
				c.resErr = tr(lang, "roster.unavailable")
			case err != nil:
				c.resErr = err.Error()
			default:
				c.result = &res
				if res.Applied {
					c.load(ctx)
				}
			}
		})
	})
}

func (c *rosterPanel) Render() goapp.UI {
	lang := c.Lang
	return goapp.Div().ID("roster").Class("admin-panel").Body(
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "roster.import")),
			goapp.P().Class("muted").Text(tr(lang, "roster.help")),
			goapp.Label().For("roster-csv").Class("visually-hidden").Text(tr(lang, "roster.import")),
			goapp.Textarea().ID("roster-csv").Class("editor", "editor-small").Rows(8).Spellcheck(false).
				Placeholder(rosterCSVExample).
				OnInput(func(ctx goapp.Context, e goapp.Event) { c.csv = ctx.JSSrc().Get("value").String() }).
				Text(c.csv),
			goapp.Div().Class("actions").Body(
				goapp.Button().ID("roster-dry").Class("btn").Type("button").Disabled(c.busy).
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.send(ctx, true) }).Text(tr(lang, "roster.dry")),
				goapp.Button().ID("roster-apply").Class("btn", "btn-primary").Type("button").
					Disabled(c.busy || c.result == nil || !c.dry || len(c.result.Errors) > 0).
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.send(ctx, false) }).Text(tr(lang, "roster.apply")),
			),
			goapp.If(c.resErr != "", func() goapp.UI { return goapp.P().ID("roster-error").Class("error").Role("alert").Text(c.resErr) }),
			goapp.If(c.result != nil, func() goapp.UI { return c.renderResult(lang) }),
		),
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "roster.users", len(c.users))),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Text(c.err) }),
			goapp.Div().Class("table-wrap").Body(goapp.Table().ID("users-table").Class("table").Body(
				goapp.THead().Body(goapp.Tr().Body(
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_id")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_name")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_role")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_team")),
				)),
				goapp.TBody().Body(goapp.Range(c.users).Slice(func(i int) goapp.UI {
					u := c.users[i]
					return goapp.Tr().DataSet("user", u.ID).Body(
						goapp.Td().Text(u.ID), goapp.Td().Text(u.Name),
						goapp.Td().Text(tr(lang, "role."+u.Role)), goapp.Td().Text(u.Team),
					)
				})),
			)),
		),
	)
}

func (c *rosterPanel) renderResult(lang string) goapp.UI {
	r := c.result
	head := tr(lang, "roster.dry_result", len(r.Changes), len(r.Errors))
	if r.Applied {
		head = tr(lang, "roster.applied", len(r.Changes))
	}
	return goapp.Div().ID("roster-result").DataSet("applied", boolAttr(r.Applied)).Body(
		goapp.P().Class("ok").Role("status").Text(head),
		goapp.If(len(r.Errors) > 0, func() goapp.UI {
			return goapp.Ul().ID("roster-errors").Class("problems").Body(goapp.Range(r.Errors).Slice(func(i int) goapp.UI {
				e := r.Errors[i]
				return goapp.Li().Class("problem").DataSet("line", e.Line).Body(
					goapp.Strong().Text(tr(lang, "rules.line", e.Line)+" "),
					goapp.Span().Text(e.Message),
				)
			}))
		}),
		goapp.If(len(r.Changes) > 0, func() goapp.UI {
			return goapp.Table().ID("roster-changes").Class("table").Body(
				goapp.THead().Body(goapp.Tr().Body(
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_id")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_action")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_fields")),
				)),
				goapp.TBody().Body(goapp.Range(r.Changes).Slice(func(i int) goapp.UI {
					ch := r.Changes[i]
					return goapp.Tr().DataSet("action", ch.Action).Body(
						goapp.Td().Text(ch.ID),
						goapp.Td().Text(tr(lang, "roster.action_"+ch.Action)),
						goapp.Td().Text(strings.Join(ch.Fields, ", ")),
					)
				})),
			)
		}),
	)
}
