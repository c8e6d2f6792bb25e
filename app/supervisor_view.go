package app

import (
	"sort"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

func (c *supervisorPage) Render() goapp.UI {
	lang := c.lang
	return goapp.Div().Class("page", "supervisor-page").Body(
		topBar(lang, navBar(lang, c.me, supervisorPath), langSelect(lang, c.pickLang)),
		newPWAStatus(lang),
		goapp.Main().ID("supervisor").Class("wide").DataSet("mounted", boolAttr(c.mounted && c.haveGrid)).Body(
			goapp.Div().Class("view-head").Body(
				goapp.H1().Text(tr(lang, "sup.title")),
				goapp.If(len(c.teams) > 1, func() goapp.UI {
					return goapp.Label().Class("inline").Body(
						goapp.Span().Text(tr(lang, "sup.team")),
						goapp.Select().ID("team-select").
							OnChange(func(ctx goapp.Context, e goapp.Event) { c.selectTeam(ctx, ctx.JSSrc().Get("value").String()) }).
							Body(goapp.Range(c.teams).Slice(func(i int) goapp.UI {
								t := c.teams[i]
								return goapp.Option().Value(t.ID).Selected(t.ID == c.team).Text(t.Name)
							})),
					)
				}).ElseIf(len(c.teams) == 1, func() goapp.UI {
					return goapp.P().ID("team-title").Class("team").Text(c.teams[0].Name)
				}),
			),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.err) }),
			goapp.If(!c.haveGrid && c.err == "", func() goapp.UI {
				return goapp.P().Class("loading").Text(tr(lang, "sup.loading"))
			}),
			goapp.If(c.haveGrid, func() goapp.UI { return c.renderTeam(lang) }),
		),
	)
}

func (c *supervisorPage) renderTeam(lang string) goapp.UI {
	m := c.members
	var flagged []shared.MemberView
	for _, mv := range m.Members {
		if mv.Flag != "" {
			flagged = append(flagged, mv)
		}
	}
	return goapp.Div().Class("stack").Body(
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "sup.grid")),
			goapp.Ul().ID("team-grid").Class("team-grid").Body(goapp.Range(m.Members).Slice(func(i int) goapp.UI {
				mv := m.Members[i]
				cls := []string{"member"}
				if mv.Flag != "" {
					cls = append(cls, "flagged")
				}
				if mv.ID == c.selected {
					cls = append(cls, "selected")
				}
				id := mv.ID
				return goapp.Li().Class(cls...).DataSet("agent", mv.ID).DataSet("today", mv.Today).Body(
					goapp.Button().Class("member-btn").Type("button").
						Aria("pressed", boolAttr(mv.ID == c.selected)).
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.drill(ctx, id) }).
						Body(
							goapp.Span().Class("member-name").Text(firstOf(mv.Name, mv.ID)),
							goapp.Span().Class("member-today").Body(
								goapp.Span().Class("num", "big").Text(formatInt(lang, mv.Today)),
								goapp.Span().Class("muted").Text(" "+tr(lang, "sup.today")),
							),
							goapp.Span().Class("member-meta", "muted").Text(tr(lang, "sup.meta", mv.Level, mv.LevelName, mv.Streak)),
							goapp.Raw(sparklineSVG(mv.Spark, tr(lang, "sup.spark", firstOf(mv.Name, mv.ID)))),
							goapp.If(mv.Flag != "", func() goapp.UI {
								return goapp.Span().Class("flag").Text("⚠ " + tr(lang, "flag."+mv.Flag))
							}),
						),
				)
			})),
		),
		goapp.Div().Class("agent-grid").Body(
			goapp.Section().ID("flags").Class("card").Body(
				goapp.H2().Text(tr(lang, "sup.flags")),
				goapp.If(len(flagged) == 0, func() goapp.UI {
					return goapp.P().Class("muted").Text(tr(lang, "sup.no_flags"))
				}).Else(func() goapp.UI {
					return goapp.Ul().Class("flag-list").Body(goapp.Range(flagged).Slice(func(i int) goapp.UI {
						f := flagged[i]
						return goapp.Li().DataSet("agent", f.ID).DataSet("flag", f.Flag).Body(
							goapp.Strong().Text(firstOf(f.Name, f.ID)),
							goapp.Span().Class("tag", "tag-warn").Text(tr(lang, "flag."+f.Flag)),
							goapp.P().Class("muted").Text(f.Reason),
						)
					}))
				}),
			),
			c.renderLaunch(lang),
		),
		goapp.If(c.selected != "", func() goapp.UI { return c.renderDrill(lang) }),
		goapp.If(len(c.teamSt.View.Goals)+len(c.teamSt.View.Challenges) > 0, func() goapp.UI {
			return goapp.Section().ID("team-progress").Class("card").Body(
				goapp.H2().Text(tr(lang, "sup.team_progress")),
				goapp.Ul().Body(
					goapp.Range(c.teamSt.View.Goals).Slice(func(i int) goapp.UI {
						g := c.teamSt.View.Goals[i]
						return goapp.Li().Class("goal").DataSet("goal", g.ID).Body(
							goapp.Div().Class("challenge-head").Body(
								goapp.Span().Text(g.Name),
								goapp.Span().Class("num").Text(formatFloat(lang, g.Progress)+" / "+formatFloat(lang, g.Target)),
							),
							progressBar("", g.Name, share(int64(g.Progress), int64(g.Target)), "bar", "bar-thin"),
						)
					}),
					goapp.Range(c.teamSt.View.Challenges).Slice(func(i int) goapp.UI {
						return challengeItem(lang, c.teamSt.View.Challenges[i], timeNow())
					}),
				),
			)
		}),
	)
}

func (c *supervisorPage) renderDrill(lang string) goapp.UI {
	name := c.selected
	for _, mv := range c.members.Members {
		if mv.ID == c.selected {
			name = firstOf(mv.Name, mv.ID)
		}
	}
	t := c.trend
	cats := make([]string, 0, len(t.Categories))
	for k := range t.Categories {
		cats = append(cats, k)
	}
	sort.Strings(cats)
	colors := categoryColors(cats)
	return goapp.Section().ID("agent-detail").Class("card").DataSet("agent", c.selected).Body(
		goapp.Div().Class("view-head").Body(
			goapp.H2().Text(tr(lang, "sup.trend_of", name, trendDays)),
			goapp.A().ID("open-agent").Class("btn").Href(agentHref(c.selected)).Text(tr(lang, "sup.open_agent")),
		),
		goapp.If(c.trendErr != "", func() goapp.UI { return goapp.P().Class("error").Text(c.trendErr) }),
		goapp.If(len(t.Days) == 0 && c.trendErr == "", func() goapp.UI {
			return goapp.P().Class("loading").Text(tr(lang, "sup.loading"))
		}).ElseIf(len(t.Days) > 0, func() goapp.UI {
			var total int64
			for _, v := range t.Total {
				total += v
			}
			return goapp.Div().Body(
				goapp.P().Class("muted").Text(tr(lang, "sup.trend_total", formatInt(lang, total))),
				goapp.Raw(trendSVG("trend-chart", tr(lang, "sup.trend_of", name, trendDays), t.Days, t.Categories, colors,
					func(n int64) string { return formatInt(lang, n) })),
				legend(cats, colors),
			)
		}),
	)
}

func (c *supervisorPage) renderLaunch(lang string) goapp.UI {
	f := &c.launch
	hours := []int{1, 2, 4, 8, 24}
	var desc string
	for _, t := range c.templates {
		if t.ID == f.Template {
			desc = t.Description
		}
	}
	return goapp.Section().ID("launch").Class("card").Body(
		goapp.H2().Text(tr(lang, "sup.launch")),
		goapp.If(len(c.templates) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "sup.no_templates"))
		}).Else(func() goapp.UI {
			return goapp.Form().ID("launch-form").Class("form").OnSubmit(c.submitLaunch).Body(
				goapp.Label().For("launch-template").Text(tr(lang, "sup.template")),
				goapp.Select().ID("launch-template").
					OnChange(func(ctx goapp.Context, e goapp.Event) { f.Template = ctx.JSSrc().Get("value").String() }).
					Body(goapp.Range(c.templates).Slice(func(i int) goapp.UI {
						t := c.templates[i]
						return goapp.Option().Value(t.ID).Selected(t.ID == f.Template).Text(t.Name)
					})),
				goapp.If(desc != "", func() goapp.UI { return goapp.P().Class("muted").Text(desc) }),
				goapp.Label().For("launch-hours").Text(tr(lang, "sup.duration")),
				goapp.Select().ID("launch-hours").
					OnChange(func(ctx goapp.Context, e goapp.Event) {
						f.Hours, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
					}).
					Body(goapp.Range(hours).Slice(func(i int) goapp.UI {
						return goapp.Option().Value(hours[i]).Selected(hours[i] == f.Hours).Text(tr(lang, "sup.hours", hours[i]))
					})),
				goapp.Label().For("launch-target").Text(tr(lang, "sup.target")),
				goapp.Input().ID("launch-target").Type("number").Min(1).Value(f.Target).Placeholder(tr(lang, "sup.target_default")).
					OnInput(func(ctx goapp.Context, e goapp.Event) { f.Target = ctx.JSSrc().Get("value").String() }),
				goapp.Button().ID("launch-submit").Class("btn", "btn-primary").Type("submit").Disabled(f.Busy).Text(tr(lang, "sup.launch_btn")),
				goapp.If(f.Err != "", func() goapp.UI { return goapp.P().ID("launch-error").Class("error").Role("alert").Text(f.Err) }),
				goapp.If(f.OK != "", func() goapp.UI { return goapp.P().ID("launch-ok").Class("ok").Role("status").Text(f.OK) }),
			)
		}),
	)
}
