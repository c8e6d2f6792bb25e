package app

import (
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func (c *rulesPanel) renderSimulation(lang string) goapp.UI {
	if !c.simBusy && c.sim == nil && c.simErr == "" {
		return goapp.Text("")
	}
	return goapp.Section().ID("simulation").Class("card", "simulation").Body(
		goapp.H2().Text(tr(lang, "sim.title")),
		goapp.If(c.simBusy || c.sim != nil, func() goapp.UI {
			return goapp.Div().Class("sim-progress").Body(
				progressBar("sim-progress", tr(lang, "sim.progress"), c.simPct, "bar"),
				goapp.Span().Class("muted").Text(tr(lang, "sim.percent", int(c.simPct))),
			)
		}),
		goapp.If(c.simErr != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.simErr) }),
		goapp.If(c.sim != nil, func() goapp.UI { return c.renderSimTable(lang) }),
	)
}

func (c *rulesPanel) renderSimTable(lang string) goapp.UI {
	r := c.sim
	s := r.Summary
	var rows []simAgent
	for _, a := range r.Agents {
		if a.Changed {
			rows = append(rows, a)
		}
	}
	tree, _ := decodeTree(c.text)
	badgeName := func(id string) string {
		for _, b := range treeList(tree["badges"]) {
			if treeString(treeGet(b, "id")) == id {
				return docName(b, lang)
			}
		}
		return humanizeID(id)
	}
	badgeNames := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = badgeName(id)
		}
		return out
	}
	return goapp.Div().Body(
		goapp.P().ID("sim-summary").Text(tr(lang, "sim.summary", formatInt(lang, int64(r.Events)), s.AgentsAffected, s.Agents,
			formatInt(lang, s.PointsBefore), formatInt(lang, s.PointsAfter), s.BadgesGained, s.BadgesLost)),
		goapp.If(len(rows) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "sim.no_changes"))
		}).Else(func() goapp.UI {
			return goapp.Div().Class("table-wrap").TabIndex(0).Body(goapp.Table().ID("sim-table").Class("table").Body(
				goapp.Caption().Class("visually-hidden").Text(tr(lang, "sim.title")),
				goapp.THead().Body(goapp.Tr().Body(goapp.Range(simColumns).Slice(func(i int) goapp.UI {
					col := simColumns[i]
					sortState := "none"
					if col == c.sortCol {
						sortState = "ascending"
						if c.sortDesc {
							sortState = "descending"
						}
					}
					arrow := ""
					if sortState == "ascending" {
						arrow = " ▲"
					} else if sortState == "descending" {
						arrow = " ▼"
					}
					return goapp.Th().Scope("col").Aria("sort", sortState).DataSet("sort", col).Body(
						goapp.Button().ID("sort-" + col).Class("th-btn").Type("button").
							OnClick(func(ctx goapp.Context, e goapp.Event) { c.sortBy(col) }).
							Text(tr(lang, "sim.col_"+col) + arrow),
					)
				}))),
				goapp.TBody().Body(goapp.Range(rows).Slice(func(i int) goapp.UI {
					a := rows[i]
					delta := a.Candidate.Points - a.Current.Points
					cls := "delta-up"
					if delta < 0 {
						cls = "delta-down"
					}
					badges := ""
					if len(a.BadgesGained) > 0 {
						badges += "+" + strings.Join(badgeNames(a.BadgesGained), ", +")
					}
					if len(a.BadgesLost) > 0 {
						if badges != "" {
							badges += " "
						}
						badges += "−" + strings.Join(badgeNames(a.BadgesLost), ", −")
					}
					return goapp.Tr().DataSet("agent", a.Agent).Body(
						goapp.Td().Text(firstOf(c.people[a.Agent], a.Agent)),
						goapp.Td().Class("num").Text(formatInt(lang, a.Current.Points)),
						goapp.Td().Class("num").Text(formatInt(lang, a.Candidate.Points)),
						goapp.Td().Class("num", cls).Text(signedPoints(lang, delta)),
						goapp.Td().Class("num").Text(itoa(a.Current.Level)+" → "+itoa(a.Candidate.Level)),
						goapp.Td().Class("num").Text(rankChange(a.RankChange)),
						goapp.Td().Text(badges),
					)
				})),
			))
		}),
	)
}

// rankChange writes ▲2, ▼1 or – for a rank move (positive: up).
func rankChange(n int) string {
	switch {
	case n > 0:
		return "▲" + itoa(n)
	case n < 0:
		return "▼" + itoa(-n)
	}
	return "–"
}
