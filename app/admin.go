package app

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Admin tabs, in the order they are listed.
var adminTabs = []string{"rules", "roster", "store", "keys", "displays", "quizzes", "audit"}

// adminPage is /admin: a tab list over the ruleset editor, the roster, ingest
// keys, displays and the audit log. Each tab is its own component and loads
// its data when first shown.
type adminPage struct {
	goapp.Compo

	lang    string
	mounted bool
	me      identity
	tab     string
}

func newAdminPage() goapp.Composer { return &adminPage{tab: "rules"} }

func (c *adminPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	if t := ctx.Page().URL().Query().Get("tab"); t != "" {
		for _, a := range adminTabs {
			if a == t {
				c.tab = t
			}
		}
	}
	whoAmI(ctx, func(ctx goapp.Context, me identity) { c.me = me })
}

func (c *adminPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

// show switches tabs and keeps the tab in the address, so a reload or a
// shared link opens the same one.
func (c *adminPage) show(ctx goapp.Context, tab string) {
	c.tab = tab
	if goapp.IsClient {
		u := *ctx.Page().URL()
		q := u.Query()
		q.Set("tab", tab)
		u.RawQuery = q.Encode()
		goapp.Window().Get("history").Call("replaceState", nil, "", u.String())
	}
}

// tabKeyDown moves between tabs with the arrow keys (the ARIA tabs pattern).
func (c *adminPage) tabKeyDown(ctx goapp.Context, e goapp.Event) {
	key := e.Get("key").String()
	i := 0
	for j, t := range adminTabs {
		if t == c.tab {
			i = j
		}
	}
	switch key {
	case "ArrowRight":
		i = (i + 1) % len(adminTabs)
	case "ArrowLeft":
		i = (i + len(adminTabs) - 1) % len(adminTabs)
	default:
		return
	}
	e.PreventDefault()
	c.show(ctx, adminTabs[i])
	ctx.Defer(func(goapp.Context) {
		if el := goapp.Window().GetElementByID("tab-" + adminTabs[i]); el.Truthy() {
			el.Call("focus")
		}
	})
}

func (c *adminPage) Render() goapp.UI {
	lang := c.lang
	ready := c.mounted && c.me.Role != ""
	return goapp.Div().Class("page", "admin-page").Body(
		topBar(lang, navBar(lang, c.me, adminPath), langSelect(lang, c.pickLang)),
		newPWAStatus(lang),
		goapp.Main().ID("admin").Class("wide").DataSet("mounted", boolAttr(ready)).DataSet("tab", c.tab).Body(
			goapp.H1().Text(tr(lang, "admin.title")),
			goapp.If(ready && c.me.Role != roleAdmin, func() goapp.UI {
				return goapp.P().Class("error").Role("alert").Text(tr(lang, "admin.forbidden"))
			}).ElseIf(ready, func() goapp.UI {
				return goapp.Div().Body(
					goapp.Div().Class("tabs").Role("tablist").Aria("label", tr(lang, "admin.title")).Body(
						goapp.Range(adminTabs).Slice(func(i int) goapp.UI {
							t := adminTabs[i]
							sel := t == c.tab
							tabIndex := -1
							if sel {
								tabIndex = 0
							}
							return goapp.Button().ID("tab-"+t).Class("tab").Type("button").Role("tab").
								Aria("selected", boolAttr(sel)).Aria("controls", "panel-"+t).TabIndex(tabIndex).
								OnClick(func(ctx goapp.Context, e goapp.Event) { c.show(ctx, t) }).
								OnKeyDown(c.tabKeyDown).
								Text(tr(lang, "admin.tab_"+t))
						}),
					),
					goapp.Section().ID("panel-"+c.tab).Class("tab-panel").Role("tabpanel").Aria("labelledby", "tab-"+c.tab).Body(
						c.panel(lang),
					),
				)
			}),
		),
	)
}

func (c *adminPage) panel(lang string) goapp.UI {
	switch c.tab {
	case "roster":
		return &rosterPanel{Lang: lang}
	case "keys":
		return &keysPanel{Lang: lang}
	case "displays":
		return &displaysPanel{Lang: lang}
	case "audit":
		return &auditPanel{Lang: lang}
	case "store":
		return &storePanel{Lang: lang}
	case "quizzes":
		return &quizEditor{Lang: lang}
	}
	return &rulesPanel{Lang: lang}
}
