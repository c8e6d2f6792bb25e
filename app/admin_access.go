package app

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// keysPanel creates, lists and revokes ingest keys; a new key's secret is
// shown once, right after it is made.
type keysPanel struct {
	goapp.Compo

	Lang    string
	keys    []shared.IngestKey
	name    string
	secret  string
	err     string
	busy    bool
	loading bool
}

func (c *keysPanel) OnMount(ctx goapp.Context) { c.load(ctx) }

func (c *keysPanel) load(ctx goapp.Context) {
	c.loading = true
	ctx.Async(func() {
		var out shared.IngestKeys
		err := getJSON(ctx, "/api/v1/keys", &out)
		ctx.Dispatch(func(goapp.Context) {
			c.loading = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.keys = out.Keys
		})
	})
}

func (c *keysPanel) create(ctx goapp.Context, e goapp.Event) {
	e.PreventDefault()
	name := strings.TrimSpace(c.name)
	if c.busy || name == "" {
		return
	}
	c.busy, c.err, c.secret = true, "", ""
	ctx.Async(func() {
		var out shared.NewKey
		err := sendJSON(ctx, http.MethodPost, "/api/v1/keys", shared.KeyRequest{Name: name}, &out)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.secret, c.name = out.Key, ""
			c.load(ctx)
		})
	})
}

func (c *keysPanel) revoke(ctx goapp.Context, id string) {
	ctx.Async(func() {
		err := sendJSON(ctx, http.MethodDelete, "/api/v1/keys/"+url.PathEscape(id), nil, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			if err != nil {
				c.err = err.Error()
				return
			}
			c.load(ctx)
		})
	})
}

func (c *keysPanel) Render() goapp.UI {
	lang := c.Lang
	return goapp.Div().ID("keys").Class("admin-panel").Body(
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "keys.new")),
			goapp.Form().ID("key-form").Class("form", "form-row").OnSubmit(c.create).Body(
				goapp.Label().For("key-name").Text(tr(lang, "keys.name")),
				goapp.Input().ID("key-name").Type("text").Required(true).Value(c.name).Placeholder("zendesk").
					OnInput(func(ctx goapp.Context, e goapp.Event) { c.name = ctx.JSSrc().Get("value").String() }),
				goapp.Button().ID("key-create").Class("btn", "btn-primary").Type("submit").Disabled(c.busy).Text(tr(lang, "keys.create")),
			),
			goapp.If(c.secret != "", func() goapp.UI {
				return goapp.Div().Class("secret").Role("status").Body(
					goapp.P().Text(tr(lang, "keys.once")),
					goapp.Code().ID("key-secret").Class("secret-value").Text(c.secret),
				)
			}),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.err) }),
		),
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "keys.list")),
			goapp.If(len(c.keys) == 0 && !c.loading, func() goapp.UI { return goapp.P().Class("muted").Text(tr(lang, "keys.none")) }),
			goapp.Ul().ID("key-list").Class("rows").Body(goapp.Range(c.keys).Slice(func(i int) goapp.UI {
				k := c.keys[i]
				return goapp.Li().DataSet("key", k.ID).Body(
					goapp.Strong().Text(k.Name),
					goapp.Span().Class("muted").Text(tr(lang, "common.created", formatDateTime(lang, k.Created))),
					goapp.Button().Class("btn", "btn-danger").Type("button").
						Aria("label", tr(lang, "keys.revoke")+" "+k.Name).
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.revoke(ctx, k.ID) }).Text(tr(lang, "keys.revoke")),
				)
			})),
		),
	)
}

// displayBoards are the boards a display can be bound to.
var displayBoards = []string{shared.BoardTeams, shared.BoardAgents + "/" + shared.PeriodDay, shared.BoardAgents + "/" + shared.PeriodWeek}

// displaysPanel pairs a TV by its code, lists displays and revokes them.
type displaysPanel struct {
	goapp.Compo

	Lang     string
	displays []shared.Display
	teams    []teamRef
	code     string
	name     string
	boards   map[string]bool
	bound    map[string]bool
	err      string
	ok       string
	busy     bool
}

func (c *displaysPanel) OnMount(ctx goapp.Context) {
	c.boards = map[string]bool{shared.BoardTeams: true, shared.BoardAgents + "/" + shared.PeriodDay: true}
	c.bound = map[string]bool{}
	c.load(ctx)
	ctx.Async(func() {
		var lb shared.Leaderboard
		err := getJSON(ctx, "/api/v1/leaderboards/teams?period=all&limit=100", &lb)
		ctx.Dispatch(func(goapp.Context) {
			if err != nil {
				return
			}
			c.teams = c.teams[:0]
			for _, e := range lb.Entries {
				c.teams = append(c.teams, teamRef{ID: e.Team, Name: firstOf(e.Name, e.Team)})
				c.bound[e.Team] = true
			}
		})
	})
}

func (c *displaysPanel) load(ctx goapp.Context) {
	ctx.Async(func() {
		var out shared.Displays
		err := getJSON(ctx, "/api/v1/displays", &out)
		ctx.Dispatch(func(goapp.Context) {
			if err != nil {
				c.err = err.Error()
				return
			}
			c.displays = out.Displays
		})
	})
}

func (c *displaysPanel) pair(ctx goapp.Context, e goapp.Event) {
	e.PreventDefault()
	if c.busy {
		return
	}
	req := shared.PairRequest{Code: strings.ToUpper(strings.TrimSpace(c.code)), Name: strings.TrimSpace(c.name)}
	for _, b := range displayBoards {
		if c.boards[b] {
			req.Boards = append(req.Boards, b)
		}
	}
	for _, t := range c.teams {
		if c.bound[t.ID] {
			req.Teams = append(req.Teams, t.ID)
		}
	}
	c.busy, c.err, c.ok = true, "", ""
	lang := c.Lang
	ctx.Async(func() {
		err := sendJSON(ctx, http.MethodPost, "/api/v1/displays", req, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.ok, c.code = tr(lang, "displays.paired", req.Name), ""
			c.load(ctx)
		})
	})
}

func (c *displaysPanel) revoke(ctx goapp.Context, id string) {
	ctx.Async(func() {
		err := sendJSON(ctx, http.MethodDelete, "/api/v1/displays/"+url.PathEscape(id), nil, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			if err != nil {
				c.err = err.Error()
				return
			}
			c.load(ctx)
		})
	})
}

func checkbox(id, label string, on bool, set func(bool)) goapp.UI {
	return goapp.Label().Class("check").For(id).Body(
		goapp.Input().ID(id).Type("checkbox").Checked(on).
			OnChange(func(ctx goapp.Context, e goapp.Event) { set(ctx.JSSrc().Get("checked").Bool()) }),
		goapp.Span().Text(label),
	)
}

func (c *displaysPanel) Render() goapp.UI {
	lang := c.Lang
	return goapp.Div().ID("displays").Class("admin-panel").Body(
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "displays.pair")),
			goapp.P().Class("muted").Text(tr(lang, "displays.help")),
			goapp.Form().ID("pair-form").Class("form").OnSubmit(c.pair).Body(
				goapp.Label().For("pair-code-input").Text(tr(lang, "displays.code")),
				goapp.Input().ID("pair-code-input").Type("text").Required(true).MaxLength(12).Value(c.code).
					Attr("autocapitalize", "characters").Class("code-input").
					OnInput(func(ctx goapp.Context, e goapp.Event) { c.code = ctx.JSSrc().Get("value").String() }),
				goapp.Label().For("pair-name").Text(tr(lang, "displays.name")),
				goapp.Input().ID("pair-name").Type("text").Required(true).Value(c.name).Placeholder(tr(lang, "displays.name_example")).
					OnInput(func(ctx goapp.Context, e goapp.Event) { c.name = ctx.JSSrc().Get("value").String() }),
				goapp.FieldSet().Body(
					goapp.Legend().Text(tr(lang, "displays.boards")),
					goapp.Range(displayBoards).Slice(func(i int) goapp.UI {
						b := displayBoards[i]
						return checkbox("pair-board-"+strings.ReplaceAll(b, "/", "-"), boardLabel(lang, b), c.boards[b], func(on bool) { c.boards[b] = on })
					}),
				),
				goapp.FieldSet().Body(
					goapp.Legend().Text(tr(lang, "displays.teams")),
					goapp.Range(c.teams).Slice(func(i int) goapp.UI {
						t := c.teams[i]
						return checkbox("pair-team-"+t.ID, t.Name, c.bound[t.ID], func(on bool) { c.bound[t.ID] = on })
					}),
				),
				goapp.Button().ID("pair-submit").Class("btn", "btn-primary").Type("submit").Disabled(c.busy).Text(tr(lang, "displays.pair_btn")),
			),
			goapp.If(c.ok != "", func() goapp.UI { return goapp.P().ID("pair-ok").Class("ok").Role("status").Text(c.ok) }),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().ID("pair-error").Class("error").Role("alert").Text(c.err) }),
		),
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "displays.list")),
			goapp.If(len(c.displays) == 0, func() goapp.UI { return goapp.P().Class("muted").Text(tr(lang, "displays.none")) }),
			goapp.Ul().ID("display-list").Class("rows").Body(goapp.Range(c.displays).Slice(func(i int) goapp.UI {
				d := c.displays[i]
				scope := append(append([]string(nil), d.Boards...), d.Teams...)
				return goapp.Li().DataSet("display", d.ID).DataSet("name", d.Name).Body(
					goapp.Strong().Text(d.Name),
					goapp.Span().Class("muted").Text(strings.Join(scope, ", ")),
					goapp.Span().Class("muted").Text(tr(lang, "common.created", formatDateTime(lang, d.Created))),
					goapp.Button().Class("btn", "btn-danger").Type("button").
						Aria("label", tr(lang, "displays.revoke")+" "+d.Name).
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.revoke(ctx, d.ID) }).Text(tr(lang, "displays.revoke")),
				)
			})),
		),
	)
}

// boardLabel names a board binding, e.g. "Agents · today".
func boardLabel(lang, b string) string {
	board, period, ok := strings.Cut(b, "/")
	name := tr(lang, "board."+board)
	if !ok {
		return name
	}
	return name + " · " + tr(lang, "period."+period)
}

// auditPageSize is how many entries one "more" loads.
const auditPageSize = 50

// auditPanel shows who changed what, newest first, a page at a time.
type auditPanel struct {
	goapp.Compo

	Lang    string
	entries []shared.AuditEntry
	more    bool
	err     string
	busy    bool
}

func (c *auditPanel) OnMount(ctx goapp.Context) { c.load(ctx) }

func (c *auditPanel) load(ctx goapp.Context) {
	if c.busy {
		return
	}
	c.busy = true
	path := "/api/v1/audit?limit=" + itoa(auditPageSize)
	if n := len(c.entries); n > 0 {
		path += "&before=" + url.QueryEscape(c.entries[n-1].Time.Format(time.RFC3339Nano))
	}
	ctx.Async(func() {
		var out shared.AuditLog
		err := getJSON(ctx, path, &out)
		ctx.Dispatch(func(goapp.Context) {
			c.busy = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.entries = append(c.entries, out.Entries...)
			c.more = len(out.Entries) == auditPageSize
		})
	})
}

func (c *auditPanel) Render() goapp.UI {
	lang := c.Lang
	return goapp.Section().ID("audit").Class("card", "admin-panel").Body(
		goapp.H2().Text(tr(lang, "audit.title")),
		goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Text(c.err) }),
		goapp.Div().Class("table-wrap").Body(goapp.Table().ID("audit-table").Class("table").Body(
			goapp.THead().Body(goapp.Tr().Body(
				goapp.Th().Scope("col").Text(tr(lang, "audit.time")),
				goapp.Th().Scope("col").Text(tr(lang, "audit.actor")),
				goapp.Th().Scope("col").Text(tr(lang, "audit.action")),
				goapp.Th().Scope("col").Text(tr(lang, "audit.target")),
				goapp.Th().Scope("col").Text(tr(lang, "audit.detail")),
			)),
			goapp.TBody().Body(goapp.Range(c.entries).Slice(func(i int) goapp.UI {
				e := c.entries[i]
				return goapp.Tr().DataSet("action", e.Action).Body(
					goapp.Td().Class("nowrap").Text(formatDateTime(lang, e.Time)),
					goapp.Td().Text(e.Actor),
					goapp.Td().Body(goapp.Code().Text(e.Action)),
					goapp.Td().Text(e.Target),
					goapp.Td().Text(e.Detail),
				)
			})),
		)),
		goapp.If(c.more, func() goapp.UI {
			return goapp.Button().ID("audit-more").Class("btn").Type("button").Disabled(c.busy).
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.load(ctx) }).Text(tr(lang, "audit.more"))
		}),
	)
}
