package app

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
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
					goapp.Button().Class("btn", "btn-danger").Type("button").DataSet("id", k.ID).
						Aria("label", tr(lang, "keys.revoke")+" "+k.Name).
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.revoke(ctx, dataOf(ctx, "id")) }).Text(tr(lang, "keys.revoke")),
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
	names    map[string]string // user id → name
	now      time.Time
	stop     func()
}

// displaysRefresh is how often the list is read again, so "last seen"
// stays true while the page is open.
const displaysRefresh = 30 * time.Second

func (c *displaysPanel) OnDismount() {
	if c.stop != nil {
		c.stop()
	}
}

func (c *displaysPanel) OnMount(ctx goapp.Context) {
	c.now = time.Now()
	loadUserNames(ctx, func(names map[string]string) { c.names = names })
	if goapp.IsClient {
		tick := time.NewTicker(displaysRefresh)
		done := make(chan struct{})
		c.stop = func() { tick.Stop(); close(done) }
		ctx.Async(func() {
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					ctx.Dispatch(func(ctx goapp.Context) { c.load(ctx) })
				}
			}
		})
	}
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
			c.displays, c.now = out.Displays, time.Now()
			sort.SliceStable(c.displays, func(i, j int) bool { return naturalLess(c.displays[i].Name, c.displays[j].Name) })
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
				goapp.If(len(c.teams) > 0, func() goapp.UI {
					return goapp.FieldSet().Body(
						goapp.Legend().Text(tr(lang, "displays.teams")),
						goapp.Range(c.teams).Slice(func(i int) goapp.UI {
							t := c.teams[i]
							return checkbox("pair-team-"+t.ID, t.Name, c.bound[t.ID], func(on bool) { c.bound[t.ID] = on })
						}),
					)
				}),
				goapp.Button().ID("pair-submit").Class("btn", "btn-primary").Type("submit").Disabled(c.busy).Text(tr(lang, "displays.pair_btn")),
			),
			goapp.If(c.ok != "", func() goapp.UI { return goapp.P().ID("pair-ok").Class("ok").Role("status").Text(c.ok) }),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().ID("pair-error").Class("error").Role("alert").Text(c.err) }),
		),
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "displays.list")),
			goapp.If(len(c.displays) == 0, func() goapp.UI { return goapp.P().Class("muted").Text(tr(lang, "displays.none")) }),
			goapp.Ul().ID("display-list").Class("display-cards").Body(goapp.Range(c.displays).Slice(func(i int) goapp.UI {
				d := c.displays[i]
				online := !d.LastSeen.IsZero() && c.now.Sub(d.LastSeen) < displayOnline
				return goapp.Li().Class("display-card").DataSet("display", d.ID).DataSet("name", d.Name).DataSet("online", boolAttr(online)).Body(
					goapp.Div().Class("display-head").Body(
						goapp.Strong().Text(d.Name),
						goapp.Span().Class("seen").DataSet("on", boolAttr(online)).
							DataSet("seen", d.LastSeen.Format(time.RFC3339)).
							Text(seenText(lang, d.LastSeen, c.now)),
					),
					c.renderPreview(lang, d),
					goapp.Div().Class("display-foot").Body(
						goapp.Span().Class("muted").Text(tr(lang, "admin.paired_by", formatDateTime(lang, d.Created), firstOf(c.names[d.By], d.By))),
						goapp.Button().Class("btn", "btn-danger").Type("button").DataSet("id", d.ID).
							Aria("label", tr(lang, "displays.revoke")+" "+d.Name).
							OnClick(func(ctx goapp.Context, e goapp.Event) { c.revoke(ctx, dataOf(ctx, "id")) }).Text(tr(lang, "displays.revoke")),
					),
				)
			})),
		),
	)
}

// displayOnline is how recent a display's last call must be for it to
// count as on: a TV polls or holds its socket well within it.
const displayOnline = 2 * time.Minute

// seenText is "seen 3 minutes ago", "seen just now" or "never seen".
func seenText(lang string, t, now time.Time) string {
	if t.IsZero() {
		return tr(lang, "admin.seen_never")
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return tr(lang, "admin.seen_now")
	case d < time.Hour:
		return trn(lang, "admin.seen_min", int64(d/time.Minute))
	case d < 48*time.Hour:
		return trn(lang, "admin.seen_hour", int64(d/time.Hour))
	}
	return tr(lang, "admin.seen_at", formatDateTime(lang, t))
}

// renderPreview says in words what the display shows: its boards and its
// teams, as the TV rotates through them.
func (c *displaysPanel) renderPreview(lang string, d shared.Display) goapp.UI {
	names := map[string]string{}
	for _, t := range c.teams {
		names[t.ID] = t.Name
	}
	var teams []string
	for _, t := range d.Teams {
		teams = append(teams, firstOf(names[t], t))
	}
	return goapp.Div().Class("display-preview").Body(
		goapp.Div().Class("preview-screen").Aria("hidden", "true").Body(
			goapp.Range(d.Boards).Slice(func(i int) goapp.UI {
				return goapp.Span().Class("preview-slide").Text(boardLabel(lang, d.Boards[i]))
			}),
			goapp.Range(teams).Slice(func(i int) goapp.UI {
				return goapp.Span().Class("preview-slide", "preview-team").Text(teams[i])
			}),
		),
		goapp.Dl().Class("preview-words").Body(
			goapp.If(len(d.Boards) > 0, func() goapp.UI {
				labels := make([]string, len(d.Boards))
				for i, b := range d.Boards {
					labels[i] = boardLabel(lang, b)
				}
				return goapp.Div().Body(goapp.Dt().Text(tr(lang, "displays.boards")), goapp.Dd().Text(strings.Join(labels, ", ")))
			}),
			goapp.If(len(teams) > 0, func() goapp.UI {
				return goapp.Div().Body(goapp.Dt().Text(tr(lang, "displays.teams")), goapp.Dd().Text(strings.Join(teams, ", ")))
			}),
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
	people  map[string]string // user id → name
	teams   map[string]string // team id → name
}

func (c *auditPanel) OnMount(ctx goapp.Context) {
	c.people, c.teams = map[string]string{}, map[string]string{}
	loadUserNames(ctx, func(names map[string]string) { c.people = names })
	c.load(ctx)
}

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
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.entries = append(c.entries, out.Entries...)
			c.nameTeams(ctx, out.Entries)
			c.more = len(out.Entries) == auditPageSize
		})
	})
}

// auditActions are the actions the log says in words; another is shown
// by its name.
var auditActions = []string{"login", "login.failed", "logout", "user.put", "user.delete", "team.put", "key.create", "key.revoke",
	"org.create", "org.settings", "roster.import", "ruleset.publish", "display.pair", "display.revoke", "challenge.launch"}

// auditKey is an action's catalog key ("ruleset.publish" → admin.a_ruleset_publish).
func auditKey(action string) string {
	return "admin.a_" + strings.NewReplacer(".", "_").Replace(action)
}

// auditSentence says an entry in words: "Anna Admin published rules
// version 4". Names come from the roster; an id stays only where the
// person or team is gone.
func auditSentence(lang string, e shared.AuditEntry, people, teams map[string]string) string {
	actor := firstOf(people[e.Actor], e.Actor)
	if e.Actor == "system" {
		actor = tr(lang, "admin.system")
	}
	target := e.Target
	switch e.Action {
	case "user.put", "user.delete", "login.failed":
		target = firstOf(people[e.Target], e.Target)
	case "team.put":
		target = firstOf(teams[e.Target], e.Target)
	}
	switch e.Action {
	case "user.put":
		role, _ := strings.CutPrefix(e.Detail, "role ")
		return tr(lang, "admin.a_user_put", actor, target, tr(lang, "role."+firstOf(role, roleAgent)))
	case "ruleset.publish":
		return tr(lang, "admin.a_ruleset_publish", actor, strings.TrimPrefix(e.Target, "v"))
	case "key.create", "display.pair", "display.revoke", "org.create":
		return tr(lang, auditKey(e.Action), actor, firstOf(e.Detail, e.Target))
	case "roster.import":
		n, _ := strconv.ParseInt(strings.TrimSuffix(e.Detail, " rows"), 10, 64)
		return trn(lang, "admin.a_roster_import", n, actor)
	case "challenge.launch":
		ch, team, _ := strings.Cut(e.Detail, " for ")
		return tr(lang, "admin.a_challenge_launch", actor, humanizeID(ch), firstOf(teams[team], team))
	case "login", "logout", "key.revoke", "org.settings":
		return tr(lang, auditKey(e.Action), actor)
	case "login.failed", "user.delete", "team.put":
		return tr(lang, auditKey(e.Action), actor, target)
	}
	return tr(lang, "admin.a_other", actor, e.Action, e.Target)
}

func (c *auditPanel) Render() goapp.UI {
	lang := c.Lang
	return goapp.Section().ID("audit").Class("card", "admin-panel").Body(
		goapp.H2().Text(tr(lang, "audit.title")),
		goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Text(c.err) }),
		goapp.Div().Class("table-wrap").TabIndex(0).Body(goapp.Table().ID("audit-table").Class("table", "cards-on-phone").Body(
			goapp.THead().Body(goapp.Tr().Body(
				goapp.Th().Scope("col").Text(tr(lang, "audit.time")),
				goapp.Th().Scope("col").Text(tr(lang, "audit.action")),
				goapp.Th().Scope("col").Text(tr(lang, "admin.addr")),
			)),
			goapp.TBody().Body(goapp.Range(c.entries).Slice(func(i int) goapp.UI {
				e := c.entries[i]
				return goapp.Tr().DataSet("action", e.Action).Body(
					goapp.Td().Class("nowrap", "muted").Text(formatDateTime(lang, e.Time)),
					goapp.Td().Class("audit-what").Text(auditSentence(lang, e, c.people, c.teams)),
					goapp.Td().Class("muted").Attr("data-label", tr(lang, "admin.addr")).Text(e.Addr),
				)
			})),
		)),
		goapp.If(c.more, func() goapp.UI {
			return goapp.Button().ID("audit-more").Class("btn").Type("button").Disabled(c.busy).
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.load(ctx) }).Text(tr(lang, "audit.more"))
		}),
	)
}

// nameTeams asks for the names of teams the entries mention.
func (c *auditPanel) nameTeams(ctx goapp.Context, es []shared.AuditEntry) {
	for _, e := range es {
		id := ""
		switch e.Action {
		case "team.put":
			id = e.Target
		case "challenge.launch":
			_, id, _ = strings.Cut(e.Detail, " for ")
		}
		if id == "" {
			continue
		}
		askTeamName(ctx, c.teams, id)
	}
}
