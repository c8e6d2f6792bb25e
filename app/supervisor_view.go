package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

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
				goapp.If(c.haveGrid && len(c.templates) > 0, func() goapp.UI {
					return goapp.Button().ID("launch-open").Class("btn", "btn-primary").Type("button").
						Aria("haspopup", "dialog").
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.openDialog(ctx) }).
						Text(tr(lang, "sup.launch"))
				}),
			),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.err) }),
			goapp.If(c.launch.OK != "", func() goapp.UI {
				return goapp.P().ID("launch-ok").Class("ok").Role("status").Text(c.launch.OK)
			}),
			goapp.If(!c.haveGrid && c.err == "", func() goapp.UI {
				return goapp.P().Class("loading").Text(tr(lang, "sup.loading"))
			}),
			goapp.If(c.haveGrid, func() goapp.UI { return c.renderTeam(lang) }),
			goapp.If(c.haveGrid && c.team != "", func() goapp.UI {
				return &rotaPanel{Lang: lang, Team: c.team, Members: memberIDs(c.members.Members)}
			}),
			goapp.If(len(c.templates) > 0, func() goapp.UI { return c.renderLaunch(lang) }),
		),
		c.renderKudos(lang),
	)
}

func (c *supervisorPage) renderTeam(lang string) goapp.UI {
	rows := sortRows(rankRows(c.members.Members), validSort(c.order))
	var flagged []scoreRow
	for _, r := range rows {
		if r.Flag != "" {
			flagged = append(flagged, r)
		}
	}
	slices.SortStableFunc(flagged, func(a, b scoreRow) int { return flagWeight(b.Flag) - flagWeight(a.Flag) })
	return goapp.Div().Class("stack").Body(
		goapp.If(len(flagged) > 0, func() goapp.UI { return c.renderAlerts(lang, flagged) }),
		goapp.Section().ID("scorecard").Class("card").Body(
			goapp.Div().Class("view-head", "scorecard-head").Body(
				goapp.H2().Text(tr(lang, "sup.grid")),
				goapp.Div().Class("floor-switch").Role("group").Aria("label", tr(lang, "floor.view")).Body(
					c.viewButton(lang, viewTable, "view-table", "floor.view_table"),
					c.viewButton(lang, viewCards, "view-cards", "floor.view_cards"),
				),
			),
			goapp.If(c.view == viewCards, func() goapp.UI { return c.renderCards(lang, rows) }).
				Else(func() goapp.UI { return c.renderTable(lang, rows) }),
		),
		goapp.If(c.selected != "", func() goapp.UI { return c.renderDrill(lang) }),
		goapp.If(len(c.teamSt.View.Goals)+len(c.teamSt.View.Challenges) > 0, func() goapp.UI {
			return goapp.Section().ID("team-progress").Class("card").Body(
				goapp.H2().Text(tr(lang, "sup.team_progress")),
				goapp.Ul().Body(
					goapp.Range(c.teamSt.View.Goals).Slice(func(i int) goapp.UI {
						g := c.teamSt.View.Goals[i]
						name := c.words.name(lang, nameGoal, g.ID, g.Name)
						return goapp.Li().Class("goal").DataSet("goal", g.ID).Body(
							goapp.Div().Class("challenge-head").Body(
								goapp.Span().Text(name),
								goapp.Span().Class("num").Text(formatFloat(lang, g.Progress)+" / "+formatFloat(lang, g.Target)),
							),
							progressBar("", name, share(int64(g.Progress), int64(g.Target)), "bar", "bar-thin"),
						)
					}),
					goapp.Range(c.teamSt.View.Challenges).Slice(func(i int) goapp.UI {
						ch := c.teamSt.View.Challenges[i]
						ch.Name = c.words.name(lang, nameChallenge, ch.ID, ch.Name)
						return challengeItem(lang, ch, timeNow())
					}),
				),
			)
		}),
	)
}

// Handlers read what they act on from the element's data set: go-app
// keeps an element's first handler while the function's code is the same,
// so a closure over a row would act on whoever sat there first once the
// rows are sorted again.

// onSort sorts by the clicked header's column, or reverses that order.
func (c *supervisorPage) onSort(ctx goapp.Context, e goapp.Event) {
	c.order = validSort(c.order).next(ctx.JSSrc().Get("dataset").Get("col").String())
}

// onDrill opens the trend of the clicked member.
func (c *supervisorPage) onDrill(ctx goapp.Context, e goapp.Event) {
	if id := ctx.JSSrc().Get("dataset").Get("agent").String(); id != "" {
		c.drill(ctx, id)
	}
}

// viewButton is one side of the table/cards switch.
func (c *supervisorPage) viewButton(lang, view, id, key string) goapp.UI {
	return goapp.Button().ID(id).Class("btn", "btn-ghost", "floor-switch-btn").Type("button").
		Aria("pressed", boolAttr(c.view == view)).DataSet("view", view).
		OnClick(func(ctx goapp.Context, e goapp.Event) {
			c.setView(ctx, ctx.JSSrc().Get("dataset").Get("view").String())
		}).
		Text(tr(lang, key))
}

// renderAlerts is the strip of people whose engagement needs a look; the
// caller leaves it out when nobody is flagged.
func (c *supervisorPage) renderAlerts(lang string, flagged []scoreRow) goapp.UI {
	return goapp.Section().ID("alerts").Class("floor-alerts").Aria("label", tr(lang, "sup.flags")).Body(
		goapp.H2().Class("floor-alerts-title").Text(tr(lang, "sup.flags")),
		goapp.Ul().Body(goapp.Range(flagged).Slice(func(i int) goapp.UI {
			f := flagged[i]
			id := f.ID
			return goapp.Li().Class("floor-alert").DataSet("agent", f.ID).DataSet("flag", f.Flag).Body(
				face(f.Name, f.Photo, teamColor(c.team, f.Color), faceS),
				goapp.Div().Class("floor-alert-text").Body(
					goapp.Strong().Text(c.memberName(lang, f.MemberView)),
					goapp.Span().Class("tag", "tag-warn").Text(tr(lang, "flag."+f.Flag)),
					goapp.Span().Class("muted").Text(flagSentence(lang, f.MemberView)),
				),
				goapp.Button().Class("btn", "btn-ghost").Type("button").
					DataSet("agent", id).OnClick(c.onDrill).
					Text(tr(lang, "floor.show_trend")),
			)
		})),
	)
}

// memberName is a member's name, never their id.
func (c *supervisorPage) memberName(lang string, m shared.MemberView) string {
	return firstOf(m.Name, tr(lang, "floor.unnamed"))
}

// columnKey is the header's string of a column.
func columnKey(col string) string { return "floor.col_" + col }

func (c *supervisorPage) renderTable(lang string, rows []scoreRow) goapp.UI {
	order := validSort(c.order)
	return goapp.Div().Class("scorecard-wrap").TabIndex(0).Body(
		goapp.Table().ID("team-grid").Class("scorecard").Body(
			goapp.Caption().Class("visually-hidden").Text(tr(lang, "floor.caption")),
			goapp.THead().Body(goapp.Tr().Body(goapp.Range(scoreColumns).Slice(func(i int) goapp.UI {
				col := scoreColumns[i]
				arrow := ""
				if order.Col == col {
					arrow = "▼"
					if !order.Desc {
						arrow = "▲"
					}
				}
				return goapp.Th().Scope("col").Class("col-"+col).DataSet("col", col).Aria("sort", order.ariaSort(col)).Body(
					goapp.Button().Class("sort-btn").Type("button").DataSet("col", col).
						OnClick(c.onSort).
						Body(
							goapp.Span().Text(tr(lang, columnKey(col))),
							goapp.Span().Class("sort-arrow").Aria("hidden", "true").Text(arrow),
						),
				)
			}))),
			goapp.TBody().Body(goapp.Range(rows).Slice(func(i int) goapp.UI { return c.renderRow(lang, rows[i]) })),
		),
	)
}

// cell is a table cell that names its column on a phone, where rows
// become cards.
func cell(lang, col string, body ...goapp.UI) goapp.HTMLTd {
	return goapp.Td().Class("col-"+col).DataSet("label", tr(lang, columnKey(col))).Body(body...)
}

func (c *supervisorPage) renderRow(lang string, r scoreRow) goapp.UI {
	id := r.ID
	name := c.memberName(lang, r.MemberView)
	cls := []string{"member"}
	if r.Flag != "" {
		cls = append(cls, "flagged")
	}
	if r.ID == c.selected {
		cls = append(cls, "selected")
	}
	ch := r.change()
	chCls := "change-flat"
	switch {
	case ch > 0:
		chCls = "change-up"
	case ch < 0:
		chCls = "change-down"
	}
	return goapp.Tr().Class(cls...).DataSet("agent", r.ID).DataSet("today", r.Today).DataSet("rank", r.Rank).Body(
		cell(lang, colRank, goapp.Span().Class("num").Body(
			goapp.Text(strconv.Itoa(r.Rank)),
			rankMoveBadge(lang, c.moves.delta(shared.LeaderboardEntry{Agent: r.ID}, timeNow())),
		)),
		goapp.Th().Scope("row").Class("col-name").Body(
			goapp.Button().Class("member-btn").Type("button").
				Aria("pressed", boolAttr(r.ID == c.selected)).
				Title(tr(lang, "floor.show_trend")).
				DataSet("agent", id).OnClick(c.onDrill).
				Body(
					face(r.Name, r.Photo, teamColor(c.team, r.Color), faceS),
					goapp.Span().Class("member-name").Text(name),
				),
		),
		// Plain text, not a count-up: rows change places when sorted, and a
		// number counting from the previous occupant's would mislead.
		cell(lang, colToday, goapp.Span().Class("num", "strong").Text(formatInt(lang, r.Today))),
		cell(lang, colChange, goapp.Span().Class("num", chCls).Text(changeText(lang, ch))),
		cell(lang, colCSAT, c.kpi(lang, colCSAT, r.CSAT)),
		cell(lang, colFCR, c.kpi(lang, colFCR, r.FCR)),
		cell(lang, colHandle, c.kpi(lang, colHandle, r.HandleTime)),
		cell(lang, colQA, c.kpi(lang, colQA, r.QA)),
		cell(lang, colLevel, goapp.Span().Class("member-meta").Text(
			strconv.Itoa(r.Level)+" · "+c.words.name(lang, nameLevel, strconv.Itoa(r.Level), r.LevelName))),
		cell(lang, colStreak, goapp.Span().Class("num").Text(trn(lang, "floor.streak_days", int64(r.Streak)))),
		cell(lang, colFlag, goapp.If(r.Flag != "", func() goapp.UI {
			return goapp.Span().Class("tag", "tag-warn").Title(flagSentence(lang, r.MemberView)).Text(tr(lang, "flag."+r.Flag))
		}).Else(func() goapp.UI {
			return noFigure(lang, "floor.no_flag")
		})),
	)
}

// changeText is a change on yesterday: signed, and a plain 0 for none.
func changeText(lang string, ch int64) string {
	if ch == 0 {
		return "0"
	}
	return signedPoints(lang, ch)
}

// noFigure is a dash for the eye and words for a screen reader (an
// aria-label on a plain span is not read, and axe reports it).
func noFigure(lang, key string) goapp.UI {
	return goapp.Span().Class("muted", "kpi-none").Title(tr(lang, key)).Body(
		goapp.Span().Aria("hidden", "true").Text("—"),
		goapp.Span().Class("visually-hidden").Text(tr(lang, key)),
	)
}

// kpi is a figure, or a dash with words for screen readers when absent.
func (c *supervisorPage) kpi(lang, col string, v *float64) goapp.UI {
	if v == nil {
		return noFigure(lang, "floor.no_figure")
	}
	return goapp.Span().Class("num").Text(kpiText(lang, col, v))
}

func (c *supervisorPage) renderCards(lang string, rows []scoreRow) goapp.UI {
	order := validSort(c.order)
	return goapp.Div().Body(
		goapp.Label().Class("inline", "floor-sort").Body(
			goapp.Span().Text(tr(lang, "floor.sort_by")),
			goapp.Select().ID("score-sort").
				OnChange(func(ctx goapp.Context, e goapp.Event) {
					col := ctx.JSSrc().Get("value").String()
					c.order = scoreSort{Col: col, Desc: firstDesc(col)}
				}).
				Body(goapp.Range(scoreColumns).Slice(func(i int) goapp.UI {
					col := scoreColumns[i]
					return goapp.Option().Value(col).Selected(col == order.Col).Text(tr(lang, columnKey(col)))
				})),
		),
		goapp.Ul().ID("team-grid").Class("team-grid").Body(goapp.Range(rows).Slice(func(i int) goapp.UI {
			r := rows[i]
			cls := []string{"member"}
			if r.Flag != "" {
				cls = append(cls, "flagged")
			}
			if r.ID == c.selected {
				cls = append(cls, "selected")
			}
			id := r.ID
			name := c.memberName(lang, r.MemberView)
			return goapp.Li().Class(cls...).DataSet("agent", r.ID).DataSet("today", r.Today).DataSet("rank", r.Rank).Body(
				goapp.Button().Class("member-btn").Type("button").
					Aria("pressed", boolAttr(r.ID == c.selected)).
					DataSet("agent", id).OnClick(c.onDrill).
					Body(
						goapp.Span().Class("floor-card-head").Body(
							face(r.Name, r.Photo, teamColor(c.team, r.Color), faceM),
							goapp.Span().Class("member-name").Text(name),
							goapp.Span().Class("floor-rank", "num").Body(
								goapp.Text("#"+strconv.Itoa(r.Rank)),
								rankMoveBadge(lang, c.moves.delta(shared.LeaderboardEntry{Agent: r.ID}, timeNow())),
							),
						),
						goapp.Span().Class("member-today").Body(
							goapp.Span().Class("num", "big").Text(formatInt(lang, r.Today)),
							goapp.Span().Class("muted").Text(" "+tr(lang, "sup.today")+" · "+changeText(lang, r.change())),
						),
						goapp.Span().Class("member-meta", "muted").Text(tr(lang, "sup.meta", r.Level,
							c.words.name(lang, nameLevel, strconv.Itoa(r.Level), r.LevelName), r.Streak)),
						goapp.Span().Class("floor-kpis").Body(
							c.kpiPair(lang, colCSAT, r.CSAT), c.kpiPair(lang, colFCR, r.FCR),
							c.kpiPair(lang, colHandle, r.HandleTime), c.kpiPair(lang, colQA, r.QA),
						),
						goapp.Raw(sparklineSVG(r.Spark, tr(lang, "sup.spark", name))),
						goapp.If(r.Flag != "", func() goapp.UI {
							return goapp.Span().Class("flag").Text("⚠ " + tr(lang, "flag."+r.Flag) + " — " + flagSentence(lang, r.MemberView))
						}),
					),
			)
		})),
	)
}

// kpiPair is a figure with its short name, for the cards.
func (c *supervisorPage) kpiPair(lang, col string, v *float64) goapp.UI {
	return goapp.Span().Class("floor-kpi").Body(
		goapp.Span().Class("muted").Text(tr(lang, columnKey(col))),
		c.kpi(lang, col, v),
	)
}

func (c *supervisorPage) renderDrill(lang string) goapp.UI {
	name := tr(lang, "floor.unnamed")
	for _, mv := range c.members.Members {
		if mv.ID == c.selected {
			name = c.memberName(lang, mv)
		}
	}
	t := c.trend
	cats := make([]string, 0, len(t.Categories))
	for k := range t.Categories {
		cats = append(cats, k)
	}
	slices.Sort(cats)
	colors := categoryColors(cats)
	names := make(map[string]string, len(cats))
	for _, k := range cats {
		names[k] = c.words.name(lang, nameCategory, k, humanizeID(k))
	}
	fmtNum := func(n int64) string { return formatInt(lang, n) }
	return goapp.Section().ID("agent-detail").Class("card").DataSet("agent", c.selected).Body(
		goapp.Div().Class("view-head").Body(
			goapp.H2().Text(tr(lang, "floor.trend_of", name)),
			goapp.Div().Class("rec-actions").Body(
				c.kudosButton(lang),
				goapp.A().ID("open-agent").Class("btn").Href(agentHref(c.selected)).Text(tr(lang, "sup.open_agent")),
			),
		),
		goapp.If(c.kudos.Sent != "", func() goapp.UI { return goapp.P().ID("kudos-sent").Class("ok").Role("status").Text(c.kudos.Sent) }),
		goapp.If(c.trendErr != "", func() goapp.UI { return goapp.P().Class("error").Text(c.trendErr) }),
		goapp.If(len(t.Days) == 0 && c.trendErr == "", func() goapp.UI {
			return goapp.P().Class("loading").Text(tr(lang, "sup.loading"))
		}).ElseIf(len(t.Days) > 0, func() goapp.UI {
			week, month := lastDays(t, 7), lastDays(t, trendDays)
			return goapp.Div().Class("floor-trends").Body(
				c.trendChart(lang, "trend-week", 7, week, cats, colors, names, 1, fmtNum),
				c.trendChart(lang, "trend-chart", trendDays, month, cats, colors, names, 7, fmtNum),
				namedLegend(cats, colors, names),
			)
		}),
	)
}

// trendChart is one stacked chart with its heading and total.
func (c *supervisorPage) trendChart(lang, id string, days int, t shared.Trend, cats []string, colors, names map[string]string,
	labelEvery int, fmtNum func(int64) string) goapp.UI {
	var total int64
	for _, v := range t.Total {
		total += v
	}
	title := trn(lang, "floor.last_days", int64(days))
	return goapp.Figure().Class("floor-trend").Body(
		goapp.FigCaption().Body(
			goapp.Strong().Text(title),
			goapp.Span().Class("muted").Text(" · "+tr(lang, "sup.trend_total", formatInt(lang, total))),
		),
		goapp.Raw(stackedDaysSVG(id, title, t.Days, t.Categories, cats, colors, names, labelEvery, fmtNum)),
	)
}

// lastDays is the trend cut to its last n days.
func lastDays(t shared.Trend, n int) shared.Trend {
	if len(t.Days) <= n {
		return t
	}
	from := len(t.Days) - n
	out := shared.Trend{Agent: t.Agent, Days: t.Days[from:], Categories: make(map[string][]int64, len(t.Categories))}
	if len(t.Total) == len(t.Days) {
		out.Total = t.Total[from:]
	}
	for k, vs := range t.Categories {
		if len(vs) == len(t.Days) {
			out.Categories[k] = vs[from:]
		}
	}
	return out
}

// namedLegend lists categories with their colours and names (text, so
// screen readers and colour-blind readers get the names too).
func namedLegend(cats []string, colors, names map[string]string) goapp.UI {
	return goapp.Ul().Class("legend").Body(goapp.Range(cats).Slice(func(i int) goapp.UI {
		return goapp.Li().Body(
			goapp.Span().Class("swatch").Style("background", "%s", colors[cats[i]]).Aria("hidden", "true"),
			goapp.Text(names[cats[i]]),
		)
	}))
}

// preview is the challenge as agents will see it once launched.
func (c *supervisorPage) preview(lang string, t challengeTemplate) shared.Challenge {
	target := t.Target
	if n, err := strconv.ParseFloat(c.launch.Target, 64); err == nil && n > 0 {
		target = n
	}
	ch := shared.Challenge{
		ID:           t.ID,
		Name:         c.words.name(lang, nameChallenge, t.ID, t.Name),
		Description:  t.Description,
		Target:       target,
		Status:       "active",
		Deadline:     timeNow().Add(time.Duration(max(c.launch.Hours, 1)) * time.Hour),
		RewardPoints: t.Reward.Points,
		RewardBadge:  t.Reward.Badge,
	}
	if t.Scope == "team" {
		ch.Team = c.team
	}
	var reward []string
	if t.Reward.Points > 0 {
		reward = append(reward, trn(lang, "floor.points", t.Reward.Points))
	}
	if t.Reward.Badge != "" {
		reward = append(reward, c.words.name(lang, nameBadge, t.Reward.Badge, humanizeID(t.Reward.Badge)))
	}
	ch.Reward = strings.Join(reward, " + ")
	return c.coopPreview(ch)
}

func (c *supervisorPage) renderLaunch(lang string) goapp.UI {
	f := &c.launch
	hours := []int{1, 2, 4, 8, 24}
	t, ok := c.template()
	return goapp.Dialog().ID("launch-dialog").Class("floor-dialog").Aria("labelledby", "launch-title").
		// The form is always there: a close event handled after a quick
		// reopen must not empty the dialog the browser shows again.
		Body(func() goapp.UI {
			return goapp.Form().ID("launch-form").Class("form").OnSubmit(c.submitLaunch).Body(
				goapp.H2().ID("launch-title").Text(tr(lang, "sup.launch")),
				goapp.Label().For("launch-template").Text(tr(lang, "sup.template")),
				goapp.Select().ID("launch-template").
					OnChange(func(ctx goapp.Context, e goapp.Event) { c.pickTemplate(ctx.JSSrc().Get("value").String()) }).
					Body(goapp.Range(c.templates).Slice(func(i int) goapp.UI {
						t := c.templates[i]
						return goapp.Option().Value(t.ID).Selected(t.ID == f.Template).Text(c.words.name(lang, nameChallenge, t.ID, t.Name))
					})),
				goapp.If(ok && t.Description != "", func() goapp.UI { return goapp.P().Class("muted").Text(t.Description) }),
				goapp.If(ok, func() goapp.UI { return c.renderCoopChoice(lang, t) }),
				goapp.Div().Class("floor-dialog-row").Body(
					goapp.Div().Body(
						goapp.Label().For("launch-hours").Text(tr(lang, "sup.duration")),
						goapp.Select().ID("launch-hours").
							OnChange(func(ctx goapp.Context, e goapp.Event) {
								f.Hours, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
							}).
							Body(goapp.Range(hours).Slice(func(i int) goapp.UI {
								return goapp.Option().Value(hours[i]).Selected(hours[i] == f.Hours).Text(tr(lang, "sup.hours", hours[i]))
							})),
					),
					goapp.Div().Body(
						goapp.Label().For("launch-target").Text(tr(lang, "sup.target")),
						goapp.Input().ID("launch-target").Type("number").Min(1).Step(1).Value(f.Target).
							DataSet("default", t.Target).
							OnInput(func(ctx goapp.Context, e goapp.Event) { f.Target = ctx.JSSrc().Get("value").String() }),
					),
				),
				goapp.If(ok, func() goapp.UI {
					return goapp.Div().ID("launch-preview").Class("floor-preview").Body(
						goapp.P().Class("muted", "floor-preview-title").Text(tr(lang, "floor.preview")),
						goapp.Ul().Class("floor-preview-list").Body(challengeItem(lang, c.preview(lang, t), timeNow())),
					)
				}),
				goapp.If(f.Err != "", func() goapp.UI { return goapp.P().ID("launch-error").Class("error").Role("alert").Text(f.Err) }),
				goapp.Div().Class("floor-dialog-actions").Body(
					goapp.Button().ID("launch-cancel").Class("btn", "btn-ghost").Type("button").
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.closeDialog() }).
						Text(tr(lang, "floor.cancel")),
					goapp.Button().ID("launch-submit").Class("btn", "btn-primary").Type("submit").Disabled(f.Busy).Text(tr(lang, "sup.launch_btn")),
				),
			)
		}())
}
