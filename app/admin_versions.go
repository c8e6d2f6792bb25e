package app

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// versionsPanel lists every published ruleset version, shows a line diff
// between any two, and publishes an old one again (a rollback is a new
// version with old content: the history only grows, and the stream
// records when the old rules came back).
type versionsPanel struct {
	goapp.Compo

	Lang       string
	Current    int
	OnRestored func(ctx goapp.Context, version int, text string)

	versions []shared.RulesetVersion // newest first
	texts    map[int]string          // pretty-printed documents fetched so far
	names    map[string]string       // user id → name
	me       string                  // the admin's id, for a rollback they make
	from, to int
	confirm  int // the version whose rollback waits for a confirm
	busy     bool
	err      string
	ok       string
	loading  map[int]bool
}

func (c *versionsPanel) OnMount(ctx goapp.Context) {
	c.texts, c.loading = map[int]string{}, map[int]bool{}
	c.load(ctx)
	loadUserNames(ctx, func(names map[string]string) { c.names = names })
	whoAmI(ctx, func(ctx goapp.Context, me identity) { c.me = me.User })
}

// loadUserNames fetches the roster once for naming people by id.
func loadUserNames(ctx goapp.Context, done func(map[string]string)) {
	ctx.Async(func() {
		var out shared.Users
		if err := getJSON(ctx, "/api/v1/users", &out); err != nil {
			return // ids stay as they are: the page still works
		}
		names := make(map[string]string, len(out.Users))
		for _, u := range out.Users {
			names[u.ID] = u.Name
		}
		ctx.Dispatch(func(goapp.Context) { done(names) })
	})
}

// versionsRetry is how long the list waits between asking again for a
// version just published: a 202 answers before the projector has put it
// in force, and the list may not have it yet.
const versionsRetry = 300 * time.Millisecond

func (c *versionsPanel) load(ctx goapp.Context) { c.loadUntil(ctx, 0) }

// loadUntil reads the list, asking again (for up to six seconds) until
// version want is in it and in force; want 0 takes the first answer.
func (c *versionsPanel) loadUntil(ctx goapp.Context, want int) {
	ctx.Async(func() {
		var out shared.RulesetVersions
		err := getJSON(ctx, "/api/v1/ruleset/versions", &out)
		for try := 0; err == nil && want > 0 && try < 20 && !hasVersion(out.Versions, want); try++ {
			// Not ctx.Done: the context of a dispatched call may end with
			// it, and the list must still come back.
			time.Sleep(versionsRetry)
			err = getJSON(ctx, "/api/v1/ruleset/versions", &out)
		}
		ctx.Dispatch(func(ctx goapp.Context) {
			if err != nil {
				c.err = err.Error()
				return
			}
			vs := out.Versions
			sort.Slice(vs, func(i, j int) bool { return vs[i].Version > vs[j].Version })
			if want > 0 && !hasVersion(vs, want) {
				return // the list shown already has it; the server's will
			}
			c.versions = vs
			if len(vs) > 0 && want == 0 {
				c.to = vs[0].Version
				c.from = c.to
				if len(vs) > 1 {
					c.from = vs[1].Version
				}
			}
			c.fetch(ctx, c.from)
			c.fetch(ctx, c.to)
		})
	})
}

func hasVersion(vs []shared.RulesetVersion, want int) bool {
	for _, v := range vs {
		if v.Version == want && v.Active {
			return true
		}
	}
	return false
}

// fetch loads one version's document unless it is loaded or on its way.
func (c *versionsPanel) fetch(ctx goapp.Context, v int) {
	if v == 0 || c.loading[v] {
		return
	}
	if _, ok := c.texts[v]; ok {
		return
	}
	c.loading[v] = true
	ctx.Async(func() {
		var rv shared.RulesetVersion
		err := getJSON(ctx, "/api/v1/ruleset/versions/"+strconv.Itoa(v), &rv)
		ctx.Dispatch(func(goapp.Context) {
			delete(c.loading, v)
			if err != nil {
				c.err = err.Error()
				return
			}
			c.texts[v] = prettyJSON(rv.Ruleset)
		})
	})
}

// restore publishes version v's document as a new version.
func (c *versionsPanel) restore(ctx goapp.Context, v int) {
	text, ok := c.texts[v]
	if !ok || c.busy {
		return
	}
	c.busy, c.err, c.ok = true, "", ""
	lang := c.Lang
	ctx.Async(func() {
		var out shared.RulesetPublished
		err := apiCall{Method: http.MethodPut, Path: "/api/v1/ruleset", Raw: []byte(text), ContentType: "application/json"}.fetch(ctx, &out)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy, c.confirm = false, 0
			if err != nil {
				c.err = err.Error()
				return
			}
			c.ok = tr(lang, "admin.restored", v, out.Version)
			c.texts[out.Version] = text
			// The list shows the new version at once; the server's list
			// follows (a 202 answers before the projector has it).
			for i := range c.versions {
				c.versions[i].Active = false
			}
			c.versions = append([]shared.RulesetVersion{{Version: out.Version, Published: time.Now().UTC(), By: c.me, Active: true}}, c.versions...)
			c.from, c.to = v, out.Version
			c.loadUntil(ctx, out.Version)
			if c.OnRestored != nil {
				c.OnRestored(ctx, out.Version, text)
			}
		})
	})
}

func (c *versionsPanel) who(id string) string {
	if id == "system" {
		return tr(c.Lang, "admin.system")
	}
	if n := c.names[id]; n != "" {
		return n
	}
	return id
}

func (c *versionsPanel) Render() goapp.UI {
	lang := c.Lang
	return goapp.Div().ID("versions").Class("versions").DataSet("count", len(c.versions)).Body(
		goapp.If(c.err != "", func() goapp.UI { return goapp.P().ID("versions-error").Class("error").Role("alert").Text(c.err) }),
		goapp.If(c.ok != "", func() goapp.UI { return goapp.P().ID("versions-ok").Class("ok").Role("status").Text(c.ok) }),
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "admin.versions")),
			goapp.Ul().ID("version-list").Class("rows", "version-list").Body(goapp.Range(c.versions).Slice(func(i int) goapp.UI {
				v := c.versions[i]
				return goapp.Li().DataSet("version", v.Version).DataSet("active", boolAttr(v.Active)).Body(
					goapp.Strong().Text(tr(lang, "admin.version_n", v.Version)),
					goapp.If(v.Active, func() goapp.UI { return goapp.Span().Class("pill", "pill-live").Text(tr(lang, "admin.in_force")) }),
					goapp.Span().Class("muted").Text(tr(lang, "admin.published_by", formatDateTime(lang, v.Published), c.who(v.By))),
					goapp.If(!v.Active, func() goapp.UI {
						return goapp.Button().ID("restore-"+strconv.Itoa(v.Version)).Class("btn").Type("button").Disabled(c.busy).
							DataSet("version", v.Version).
							OnClick(func(ctx goapp.Context, e goapp.Event) {
								n, _ := strconv.Atoi(dataOf(ctx, "version"))
								c.confirm = n
								c.fetch(ctx, n)
								ctx.Defer(func(goapp.Context) {
									if el := goapp.Window().GetElementByID("restore-confirm"); el.Truthy() {
										el.Call("focus")
									}
								})
							}).Text(tr(lang, "admin.restore"))
					}),
					goapp.If(c.confirm == v.Version, func() goapp.UI {
						_, ready := c.texts[v.Version]
						return goapp.Div().Class("confirm").Role("alertdialog").Aria("labelledby", "confirm-text").Body(
							goapp.P().ID("confirm-text").Text(tr(lang, "admin.restore_confirm", v.Version)),
							goapp.Button().ID("restore-confirm").Class("btn", "btn-primary").Type("button").Disabled(c.busy || !ready).
								OnClick(func(ctx goapp.Context, e goapp.Event) { c.restore(ctx, c.confirm) }).Text(tr(lang, "admin.restore_yes")),
							goapp.Button().ID("restore-cancel").Class("btn").Type("button").
								OnClick(func(ctx goapp.Context, e goapp.Event) { c.confirm = 0 }).Text(tr(lang, "admin.cancel")),
						)
					}),
				)
			})),
		),
		goapp.If(len(c.versions) > 0, func() goapp.UI { return c.renderDiff(lang) }),
	)
}

// versionSelect picks one side of the diff.
func (c *versionsPanel) versionSelect(lang, id, label string, value int, set func(int)) goapp.UI {
	return goapp.Label().Class("inline").For(id).Body(
		goapp.Span().Text(label),
		goapp.Select().ID(id).OnChange(func(ctx goapp.Context, e goapp.Event) {
			n, _ := strconv.Atoi(ctx.JSSrc().Get("value").String())
			set(n)
			c.fetch(ctx, n)
		}).Body(goapp.Range(c.versions).Slice(func(i int) goapp.UI {
			v := c.versions[i].Version
			return goapp.Option().Value(v).Selected(v == value).Text(tr(lang, "admin.version_n", v))
		})),
	)
}

func (c *versionsPanel) renderDiff(lang string) goapp.UI {
	a, okA := c.texts[c.from]
	b, okB := c.texts[c.to]
	var lines []diffLine
	added, removed := 0, 0
	if okA && okB {
		for _, l := range lineDiff(a, b) {
			switch l.Op {
			case '+':
				added++
			case '-':
				removed++
			}
			lines = append(lines, l)
		}
		lines = diffContext(lines, 3)
	}
	return goapp.Section().ID("diff").Class("card").DataSet("from", c.from).DataSet("to", c.to).DataSet("ready", boolAttr(okA && okB)).Body(
		goapp.H2().Text(tr(lang, "admin.diff")),
		goapp.Div().Class("actions").Body(
			c.versionSelect(lang, "diff-from", tr(lang, "admin.diff_from"), c.from, func(n int) { c.from = n }),
			c.versionSelect(lang, "diff-to", tr(lang, "admin.diff_to"), c.to, func(n int) { c.to = n }),
		),
		goapp.If(!okA || !okB, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "admin.loading"))
		}).ElseIf(added+removed == 0, func() goapp.UI {
			return goapp.P().ID("diff-same").Class("muted").Text(tr(lang, "admin.diff_same"))
		}).Else(func() goapp.UI {
			return goapp.Div().Body(
				goapp.P().ID("diff-summary").Class("muted").Body(
					goapp.Span().Class("delta-up").Text(tr(lang, "admin.diff_added", added)),
					goapp.Text(" · "),
					goapp.Span().Class("delta-down").Text(tr(lang, "admin.diff_removed", removed)),
				),
				goapp.Pre().ID("diff-lines").Class("diff").Body(goapp.Range(lines).Slice(func(i int) goapp.UI {
					l := lines[i]
					if l.Op == '~' {
						return goapp.Span().Class("dl", "dl-fold").Text(tr(lang, "admin.diff_fold", l.Old) + "\n")
					}
					cls, sign, said := "dl-same", " ", ""
					switch l.Op {
					case '+':
						cls, sign, said = "dl-add", "+", tr(lang, "admin.line_added")
					case '-':
						cls, sign, said = "dl-del", "−", tr(lang, "admin.line_removed")
					}
					no := func(n int) string {
						if n == 0 {
							return ""
						}
						return strconv.Itoa(n)
					}
					return goapp.Span().Class("dl", cls).Body(
						goapp.Span().Class("dl-no").Text(no(l.Old)),
						goapp.Span().Class("dl-no").Text(no(l.New)),
						goapp.Span().Class("dl-sign").Aria("hidden", "true").Text(sign),
						goapp.If(said != "", func() goapp.UI { return goapp.Span().Class("visually-hidden").Text(said + " ") }),
						goapp.Span().Class("dl-text").Text(l.Text+"\n"),
					)
				})),
			)
		}),
	)
}
