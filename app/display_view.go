package app

import (
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// A board slide shows a podium for the top three and at most
// displayBoardRows rows below it, sharing the height: legible from across
// a room on a 1080p screen, without scrolling.
const (
	displayPodium    = 3
	displayBoardRows = 5
	// displayTeamRows is how many teams the teams' slide lists, no podium.
	displayTeamRows = 8
)

// tickerMinChars is about how many characters span a 1080p TV's ticker,
// and tickerGapChars the room between two items, in characters.
const (
	tickerMinChars = 140
	tickerGapChars = 6
)

// minBarFill is the least a TV's bar is filled (percent), so a goal near
// zero still draws a whole rounded end instead of a clipped half-moon.
const minBarFill = 4.0

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
				// The screen's own name is for the admin's list, not for
				// the floor: the brand alone says what this is.
				goapp.Div().Class("wall-brand").Body(
					goapp.Img().Src("/web/icon.svg").Alt("").Role("presentation").Class("wall-logo"),
					goapp.Span().Class("tv-brand-name").Text("Scorecast"),
				),
				goapp.H1().ID("slide-title").Class("wall-title").Text(c.slideTitle(lang, slide)),
				goapp.Div().Class("wall-status").Body(
					goapp.If(!st.StaleSince.IsZero(), func() goapp.UI {
						return goapp.Span().ID("stale").Class("stale").
							Text(tr(lang, "wall.stale", st.StaleSince.Format("15:04:05")))
					}),
					connPill(lang, st.Conn),
					goapp.Time().ID("tv-clock").Class("tv-clock").
						DateTime(c.now.Format(time.RFC3339)).Text(clockText(lang, c.now)),
				),
			),
			c.renderProgress(lang, len(slides)),
			goapp.Main().ID("slide").Class("slide").DataSet("slide", slide).Body(c.renderSlide(lang, slide)),
			goapp.Div().Class("slide-dots").Aria("hidden", "true").Body(goapp.Range(slides).Slice(func(i int) goapp.UI {
				if slides[i] == slide {
					return goapp.Span().Class("dot", "on")
				}
				return goapp.Span().Class("dot")
			})),
			c.renderTicker(lang),
			c.renderCelebration(lang),
		)
}

// clockText is the time of day as the floor reads it: 24-hour everywhere
// but in English, where a contact centre may well read 3:04 PM.
func clockText(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == "en" {
		return t.Format("3:04 PM")
	}
	return t.Format("15:04")
}

// renderProgress is the line under the header that fills until the next
// slide. It is a CSS animation restarted with every slide (two identical
// animations alternate, so the element needs no re-creation); under
// reduced motion the line steps once a second from the page's tick.
func (c *displayPage) renderProgress(lang string, slides int) goapp.UI {
	bar := goapp.Div().ID("tv-progress").Class("tv-progress").Aria("hidden", "true")
	if slides < 2 {
		return bar.DataSet("run", "off")
	}
	fill := goapp.Div().Class("tv-progress-fill")
	if c.still {
		done := float64(c.now.Sub(c.slideAt)) / float64(c.rotate) * 100
		fill = fill.Class("still").Style("width", pct(min(max(done, 0), 100)))
	} else {
		run := "a"
		if c.st.Slide%2 == 1 {
			run = "b"
		}
		fill = fill.Class("run-"+run).Style("animation-duration", strconv.FormatFloat(c.rotate.Seconds(), 'f', 2, 64)+"s")
	}
	return bar.DataSet("run", "on").Body(fill)
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
	case slideLeague:
		return leagueSlideTitle(lang, c.st.League)
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
		return c.g.name(lang, nameBoard, parts[0], humanizeID(parts[0])) + " · " + tr(lang, "period."+parts[1])
	}
	return ""
}

func (c *displayPage) renderSlide(lang, slide string) goapp.UI {
	switch slide {
	case "":
		return goapp.P().Class("wall-empty").Text(tr(lang, "wall.waiting"))
	case slideGoals:
		return c.renderGoalsSlide(lang)
	case slideRace:
		return c.renderRaceSlide(lang)
	case slideLeague:
		return c.renderLeagueSlide(lang)
	}
	b := c.shownBoard(slide)
	_, parts, _ := shared.ParseTopic(slide)
	teams := len(parts) > 0 && parts[0] == shared.BoardTeams
	id := "agents-board"
	if teams {
		id = "teams-board"
	}
	moves := c.moves[slide]
	if moves == nil {
		moves = &rankMoves{}
	}
	if teams {
		// A floor has a handful of teams: they share the whole height as
		// big rows, which reads better than a podium over one or two rows.
		n := 0
		if b != nil {
			n = len(b.Board.Entries)
		}
		return goapp.Section().Class("wall-panel", "slide-board", "tv-board", "tv-board-teams").Body(
			goapp.Div().Class("tv-rows-box").Body(
				boardRows(lang, id, b, boardLook{Moves: moves, Now: c.now, Token: c.creds.Token, Limit: displayTeamRows,
					Slots: min(max(n, 3), displayTeamRows), Teams: true}),
			),
		)
	}
	return goapp.Section().Class("wall-panel", "slide-board", "tv-board").Body(
		c.renderPodium(lang, b, moves, false),
		goapp.Div().Class("tv-rows-box").Body(
			boardRows(lang, id, b, boardLook{Moves: moves, Now: c.now, Token: c.creds.Token, Skip: displayPodium,
				Limit: displayBoardRows, Slots: displayBoardRows, Teams: teams}),
		),
	)
}

// renderPodium is the top three: second, first and third side by side,
// first raised, each with a big face, name and points counting up.
func (c *displayPage) renderPodium(lang string, b *boardState, moves *rankMoves, teams bool) goapp.UI {
	if b == nil || !b.Have || len(b.Board.Entries) == 0 {
		return nil
	}
	// In key order like the rows, so each step's element (and the number
	// counting up in it) stays with its person; CSS places it by rank.
	top := boardSlice(b.Board.Entries, 0, displayPodium)
	return goapp.Ol().ID("tv-podium").Class("tv-podium").Aria("label", tr(lang, "tv.podium")).
		Body(goapp.Range(top).Slice(func(i int) goapp.UI {
			e := top[i].Entry
			li := goapp.Li().Class("tv-step", "tv-step-"+strconv.Itoa(top[i].Place+1)).
				DataSet("rank", e.Rank).DataSet("points", strconv.FormatInt(e.Points, 10))
			if teams {
				li = li.DataSet("team", e.Team)
			} else {
				li = li.DataSet("agent", e.Agent)
			}
			return li.Body(
				goapp.Div().Class("tv-step-face").Body(
					rowFace(e, faceXL, c.creds.Token),
					goapp.Span().Class("tv-medal").Text(rankText(e.Rank)),
				),
				goapp.Div().Class("tv-step-name").Body(
					goapp.Span().Class("row-name").Text(rowName(lang, e)),
					rankMoveBadge(lang, moves.delta(e, c.now)),
				),
				goapp.Div().Class("tv-step-points").Body(
					&countUp{Value: e.Points, Lang: lang},
					goapp.Span().Class("row-unit").Text(" "+tr(lang, "wall.pts")),
				),
			)
		}))
}

// tvBar is a TV's progress bar: the whole width, the percentage written
// inside it, never filled less than minBarFill.
func tvBar(lang, label string, progress, target float64) goapp.UI {
	p := 0.0
	if target > 0 {
		p = min(max(progress/target*100, 0), 100)
	}
	fill := max(p, minBarFill)
	// The percentage sits inside the fill once it has room, else just after.
	where := "in"
	if fill < 14 {
		where = "out"
	}
	return goapp.Div().Class("tv-bar").
		Role("progressbar").
		Aria("valuemin", 0).
		Aria("valuemax", 100).
		Aria("valuenow", int(p)).
		Aria("label", label).
		Body(goapp.Div().Class("tv-bar-fill").Style("width", pct(fill)).Body(
			goapp.Span().Class("tv-bar-pct", where).Text(percentText(lang, p)),
		))
}

func (c *displayPage) renderGoalsSlide(lang string) goapp.UI {
	goals := c.st.goals()
	return goapp.Ul().ID("goal-bars").Class("goal-bars", "tv-fill").Style("--items", strconv.Itoa(len(goals))).
		Body(goapp.Range(goals).Slice(func(i int) goapp.UI {
			g := goals[i]
			g.Team = teamLabel(lang, g.Team)
			name := c.g.name(lang, nameGoal, g.Goal.ID, g.Goal.Name)
			return goapp.Li().Class("goal-bar").
				DataSet("goal", g.Goal.ID).DataSet("team", g.TeamID).
				DataSet("progress", formatFloat("en", g.Goal.Progress)).
				Body(
					goapp.Div().Class("goal-bar-head").Body(
						face(g.Team, "", teamColor(g.TeamID, g.Color), faceL),
						goapp.Span().Class("goal-team").Text(g.Team),
						goapp.Span().Class("goal-name").Text(name),
						goapp.Span().Class("goal-num").Text(formatFloat(lang, g.Goal.Progress)+" / "+formatFloat(lang, g.Goal.Target)),
					),
					tvBar(lang, g.Team+" · "+name, g.Goal.Progress, g.Goal.Target),
					goapp.If(!g.Goal.Deadline.IsZero(), func() goapp.UI {
						return goapp.P().Class("goal-left").Text(timeLeft(lang, time.Until(g.Goal.Deadline)))
					}),
				)
		}))
}

func (c *displayPage) renderRaceSlide(lang string) goapp.UI {
	races := c.st.races()
	return goapp.Div().ID("race").Class("races", "tv-fill").Style("--items", strconv.Itoa(len(races))).
		Body(goapp.Range(races).Slice(func(i int) goapp.UI {
			r := races[i]
			name := c.g.name(lang, nameChallenge, r.ID, r.Name)
			return goapp.Section().Class("race").DataSet("challenge", r.ID).Body(
				goapp.H2().Body(
					goapp.Text(name),
					goapp.If(!r.Deadline.IsZero(), func() goapp.UI {
						return goapp.Span().Class("race-left").Text(" · " + timeLeft(lang, time.Until(r.Deadline)))
					}),
				),
				goapp.Ol().Class("race-lanes").Style("--lanes", strconv.Itoa(len(r.Teams))).Body(goapp.Range(r.Teams).Slice(func(j int) goapp.UI {
					l := r.Teams[j]
					l.Team = teamLabel(lang, l.Team)
					return goapp.Li().Class("race-lane").DataSet("team", l.TeamID).Body(
						goapp.Div().Class("race-who").Body(
							face(l.Team, "", teamColor(l.TeamID, l.Color), faceL),
							goapp.Span().Class("race-team").Text(l.Team),
							goapp.Span().Class("race-num").Text(formatFloat(lang, l.Progress)+" / "+formatFloat(lang, l.Target)),
						),
						tvBar(lang, l.Team+" · "+name, l.Progress, l.Target),
					)
				})),
			)
		}))
}

// renderTicker scrolls the latest achievements continuously: the items are
// drawn twice in one track that moves by half its width, so the loop has
// no seam and no word is ever cut by the edge for good. Under reduced
// motion the track stands still and shows the items that fit whole (the
// rest wrap onto a hidden line).
func (c *displayPage) renderTicker(lang string) goapp.UI {
	items := c.st.Feed.Ticker
	if len(items) == 0 {
		return goapp.Footer().ID("ticker").Class("ticker").Aria("live", "off").Body(
			goapp.Span().Class("ticker-label").Text(tr(lang, "wall.ticker")),
			goapp.Span().Class("ticker-empty").Text(tr(lang, "wall.ticker_empty")),
		)
	}
	texts := make([]string, len(items))
	chars := 0
	for i, it := range items {
		texts[i] = tickerText(lang, c.g, it)
		chars += len([]rune(texts[i])) + tickerGapChars
	}
	// A few short items are repeated until one half of the track is wider
	// than the screen, so the loop never shows an empty stretch.
	repeat := min(max(1, (tickerMinChars+chars-1)/chars), 8)
	kinds := make([]string, 0, len(items)*repeat)
	line := make([]string, 0, len(items)*repeat)
	for range repeat {
		for i, t := range texts {
			line = append(line, t)
			kinds = append(kinds, items[i].Kind)
		}
	}
	// About eight characters a second reads comfortably from afar.
	secs := max(chars*repeat/8, 12)
	list := func(copy int) goapp.UI {
		ul := goapp.Ul().Class("ticker-items")
		if copy > 0 {
			ul = ul.Class("ticker-copy").Aria("hidden", "true")
		}
		return ul.Body(goapp.Range(line).Slice(func(i int) goapp.UI {
			li := goapp.Li().Class("ticker-item").DataSet("kind", kinds[i]).Text(line[i])
			if i >= len(texts) {
				// A repeat: screen readers and a still ticker need it once.
				li = li.Class("ticker-again").Aria("hidden", "true")
			}
			return li
		}))
	}
	return goapp.Footer().ID("ticker").Class("ticker").Aria("live", "off").Body(
		goapp.Span().Class("ticker-label").Text(tr(lang, "wall.ticker")),
		goapp.Div().Class("ticker-window").Body(
			goapp.Div().ID("ticker-track").Class("ticker-track").
				Style("animation-duration", strconv.Itoa(secs)+"s").
				Body(list(0), list(1)),
		),
	)
}

// teamLabel is a team's name, or a word for a team without one.
func teamLabel(lang, name string) string {
	if name != "" {
		return name
	}
	return tr(lang, "people.unnamed_team")
}

// tickerWho is who achieved something: their name, or a word for someone
// the feed does not name (never an id).
func tickerWho(lang string, it tickerItem) string {
	switch {
	case it.Who != "":
		return it.Who
	case it.AgentID == "" && it.TeamID != "":
		return tr(lang, "people.unnamed_team")
	}
	return tr(lang, "people.unnamed_agent")
}

// tickerWhat is what was achieved, named by the ruleset in lang.
func tickerWhat(lang string, g glossary, it tickerItem) string {
	switch it.Kind {
	case shared.KindLevel:
		return g.name(lang, nameLevel, strconv.Itoa(it.Level), it.Name)
	case shared.KindBadge:
		what := g.name(lang, nameBadge, it.Ref, it.Name)
		if it.Tier > 0 && it.Tiered != "" && it.Tiered != it.Name {
			what += " · " + g.name(lang, nameTier, it.Ref+"/"+strconv.Itoa(it.Tier), it.Tiered)
		}
		return what
	case shared.KindChallenge:
		return g.name(lang, nameChallenge, it.Ref, it.Name)
	case shared.KindKudos:
		return kudosValueName(g, lang, it.Ref)
	case shared.KindSpotlight:
		return it.Name
	}
	return g.name(lang, nameGoal, it.Ref, it.Name)
}

func tickerText(lang string, g glossary, it tickerItem) string {
	who, what := tickerWho(lang, it), tickerWhat(lang, g, it)
	switch it.Kind {
	case shared.KindKudos:
		return tr(lang, "rw.tick_kudos", who, firstOf(it.To, tr(lang, "people.unnamed_agent")), what)
	case shared.KindSpotlight:
		return tr(lang, "rw.tick_spot", who, what)
	case shared.KindLevel:
		return tr(lang, "tick.level", who, it.Level, what)
	case shared.KindBadge:
		return tr(lang, "tick.badge", who, what)
	case shared.KindChallenge:
		return tr(lang, "tick.challenge", who, what)
	}
	return tr(lang, "tick.goal", strings.TrimSpace(who), what)
}
