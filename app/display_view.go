package app

import (
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// displayBoardRows is how many rows a board slide shows at once: legible
// from five metres on a 1080p screen without scrolling.
const displayBoardRows = 10

func (c *displayPage) renderWall(lang string) goapp.UI {
	st := &c.st
	slide := st.current()
	slides := st.slides()
	return goapp.Div().
		ID("display").
		Class("display", "wallboard", "tv").
		DataSet("mounted", boolAttr(c.mounted && slide != "" && c.slideReady(slide))).
		DataSet("state", "paired").
		DataSet("slide", slide).
		Body(
			goapp.Header().Class("wall-head").Body(
				goapp.Div().Class("wall-brand").Body(
					goapp.Img().Src("/web/icon.svg").Alt("").Aria("hidden", "true").Class("wall-logo"),
					goapp.Span().Text("Scorecast"),
					goapp.Span().ID("display-name").Class("wall-name").Text(c.creds.Name),
				),
				goapp.H1().ID("slide-title").Class("wall-title").Text(c.slideTitle(lang, slide)),
				goapp.Div().Class("wall-status").Body(
					goapp.If(!st.StaleSince.IsZero(), func() goapp.UI {
						return goapp.Span().ID("stale").Class("stale").
							Text(tr(lang, "wall.stale", st.StaleSince.Format("15:04:05")))
					}),
					connPill(lang, st.Conn),
				),
			),
			goapp.Main().ID("slide").Class("slide").DataSet("slide", slide).Body(c.renderSlide(lang, slide)),
			goapp.Div().Class("slide-dots").Aria("hidden", "true").Body(goapp.Range(slides).Slice(func(i int) goapp.UI {
				if slides[i] == slide {
					return goapp.Span().Class("dot", "on")
				}
				return goapp.Span().Class("dot")
			})),
			c.renderTicker(lang),
		)
}

// slideReady reports whether a slide's data has arrived (for tests and for
// the mounted marker).
func (c *displayPage) slideReady(slide string) bool {
	if b, ok := c.st.Boards[slide]; ok {
		return b.Have
	}
	return true
}

func (c *displayPage) slideTitle(lang, slide string) string {
	switch slide {
	case slideGoals:
		return tr(lang, "wall.goals")
	case slideRace:
		return tr(lang, "wall.race")
	case "":
		return ""
	}
	_, parts, _ := shared.ParseTopic(slide)
	if len(parts) == 2 {
		if parts[0] == shared.BoardTeams {
			return tr(lang, "wall.board_teams", tr(lang, "period."+parts[1]))
		}
		if parts[0] == shared.BoardAgents {
			return tr(lang, "wall.board_agents", tr(lang, "period."+parts[1]))
		}
		return humanizeID(parts[0]) + " · " + tr(lang, "period."+parts[1])
	}
	return slide
}

func (c *displayPage) renderSlide(lang, slide string) goapp.UI {
	switch slide {
	case "":
		return goapp.P().Class("wall-empty").Text(tr(lang, "wall.waiting"))
	case slideGoals:
		return c.renderGoalsSlide(lang)
	case slideRace:
		return c.renderRaceSlide(lang)
	}
	b := c.st.Boards[slide]
	_, parts, _ := shared.ParseTopic(slide)
	teams := len(parts) > 0 && parts[0] == shared.BoardTeams
	id := "agents-board"
	if teams {
		id = "teams-board"
	}
	return goapp.Section().Class("wall-panel", "slide-board").Body(boardList(lang, id, b, displayBoardRows, teams))
}

func (c *displayPage) renderGoalsSlide(lang string) goapp.UI {
	goals := c.st.goals()
	return goapp.Ul().ID("goal-bars").Class("goal-bars").Body(goapp.Range(goals).Slice(func(i int) goapp.UI {
		g := goals[i]
		p := share(int64(g.Goal.Progress), int64(g.Goal.Target))
		return goapp.Li().Class("goal-bar").
			DataSet("goal", g.Goal.ID).DataSet("team", g.Team).
			DataSet("progress", formatFloat("en", g.Goal.Progress)).
			Body(
				goapp.Div().Class("goal-bar-head").Body(
					goapp.Span().Class("goal-team").Text(g.Team),
					goapp.Span().Class("goal-name").Text(g.Goal.Name),
					goapp.Span().Class("goal-num").Text(formatFloat(lang, g.Goal.Progress)+" / "+formatFloat(lang, g.Goal.Target)),
				),
				progressBar("", g.Team+" "+g.Goal.Name, p, "bar", "bar-tv"),
				goapp.If(!g.Goal.Deadline.IsZero(), func() goapp.UI {
					return goapp.P().Class("goal-left").Text(timeLeft(lang, time.Until(g.Goal.Deadline)))
				}),
			)
	}))
}

func (c *displayPage) renderRaceSlide(lang string) goapp.UI {
	races := c.st.races()
	return goapp.Div().ID("race").Class("races").Body(goapp.Range(races).Slice(func(i int) goapp.UI {
		r := races[i]
		return goapp.Section().Class("race").DataSet("challenge", r.ID).Body(
			goapp.H2().Body(
				goapp.Text(r.Name),
				goapp.If(!r.Deadline.IsZero(), func() goapp.UI {
					return goapp.Span().Class("race-left").Text(" · " + timeLeft(lang, time.Until(r.Deadline)))
				}),
			),
			goapp.Ol().Class("race-lanes").Body(goapp.Range(r.Teams).Slice(func(j int) goapp.UI {
				l := r.Teams[j]
				return goapp.Li().Class("race-lane").DataSet("team", l.Team).Body(
					goapp.Span().Class("race-team").Text(l.Team),
					progressBar("", l.Team, share(int64(l.Progress), int64(l.Target)), "bar", "bar-tv"),
					goapp.Span().Class("race-num").Text(formatFloat(lang, l.Progress)+" / "+formatFloat(lang, l.Target)),
				)
			})),
		)
	}))
}

func (c *displayPage) renderTicker(lang string) goapp.UI {
	items := c.st.Feed.Ticker
	return goapp.Footer().ID("ticker").Class("ticker").Aria("live", "off").Body(
		goapp.Span().Class("ticker-label").Text(tr(lang, "wall.ticker")),
		goapp.If(len(items) == 0, func() goapp.UI {
			return goapp.Span().Class("ticker-empty").Text(tr(lang, "wall.ticker_empty"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Class("ticker-items").Body(goapp.Range(items).Slice(func(i int) goapp.UI {
				it := items[i]
				return goapp.Li().Class("ticker-item").DataSet("kind", it.Kind).Text(tickerText(lang, it))
			}))
		}),
	)
}

func tickerText(lang string, it tickerItem) string {
	switch it.Kind {
	case shared.KindLevel:
		return tr(lang, "tick.level", it.Who, it.Level, it.What)
	case shared.KindBadge:
		return tr(lang, "tick.badge", it.Who, it.What)
	case shared.KindChallenge:
		return tr(lang, "tick.challenge", it.Who, it.What)
	}
	return tr(lang, "tick.goal", strings.TrimSpace(it.Who), it.What)
}
