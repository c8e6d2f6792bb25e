package app

import (
	"encoding/json"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// wallboardAgents is how many agents the wallboard lists.
const wallboardAgents = 10

var (
	wallTeamsTopic  = shared.BoardTopic(shared.BoardTeams, shared.PeriodDay)
	wallAgentsTopic = shared.BoardTopic(shared.BoardAgents, shared.PeriodDay)
)

// boardState is the state of a board/<board>/<period> topic.
type boardState struct {
	Board  shared.Leaderboard
	Have   bool
	SnapAt uint64
	Err    string
}

// apply folds a snapshot, board or error message into the board.
func (b *boardState) apply(m shared.Message) {
	var lb shared.Leaderboard
	switch m.Kind {
	case shared.KindError:
		b.Err = liveError(m)
	case shared.KindSnapshot:
		if err := json.Unmarshal(m.Data, &lb); err != nil {
			b.Err = err.Error()
			return
		}
		b.Board, b.Have, b.SnapAt, b.Err = lb, true, lb.At, ""
	case shared.KindBoard:
		if err := json.Unmarshal(m.Data, &lb); err != nil {
			b.Err = err.Error()
			return
		}
		if !b.Have || (lb.At <= b.SnapAt && lb.Key == b.Board.Key) {
			return // already in the snapshot
		}
		b.Board = lb
	}
}

// wallState is everything the wallboard shows: the two boards' states and
// the connection's, observed.
type wallState struct {
	Teams, Agents boardState
	Status        liveStatus
	Conn          string
	StaleSince    time.Time // zero while live
}

// setConn records a connection state; losing the connection starts the
// stale marker, a live connection clears it.
func (s *wallState) setConn(state string, now time.Time) {
	if state == "" {
		return
	}
	if state == connLive {
		s.StaleSince = time.Time{}
	} else if s.StaleSince.IsZero() && s.Teams.Have {
		s.StaleSince = now
	}
	s.Conn = state
}

// err is the first error to show.
func (s *wallState) err() string { return firstOf(s.Teams.Err, s.Agents.Err, s.Status.Err) }

// wallboardPage is /wallboard: big, dark, no interaction needed.
type wallboardPage struct {
	goapp.Compo

	lang    string
	mounted bool
	st      wallState
	live    *liveFollower
}

func newWallboardPage() goapp.Composer { return &wallboardPage{} }

func (c *wallboardPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	c.st = wallState{Status: liveStatus{Conn: connConnecting}}
	ctx.ObserveState(liveKey(wallTeamsTopic), &c.st.Teams)
	ctx.ObserveState(liveKey(wallAgentsTopic), &c.st.Agents)
	ctx.ObserveState(liveStatusKey, &c.st.Status).OnChange(func() {
		c.st.setConn(c.st.Status.Conn, time.Now())
		if c.st.Status.Outdated {
			ctx.After(outdatedReload, func(ctx goapp.Context) { ctx.Reload() }) // a TV has no one to click
		}
	})
	c.st.setConn(c.st.Status.Conn, time.Now())
	c.live = newLiveFollower()
	c.live.follow(ctx, wallTeamsTopic, wallAgentsTopic)
	// Without a session the socket is refused; /me says where to go.
	whoAmI(ctx, func(goapp.Context, identity) {})
}

func (c *wallboardPage) OnDismount() {
	c.mounted = false
	c.live.stop()
}

func (c *wallboardPage) Render() goapp.UI {
	lang := c.lang
	st := &c.st
	return goapp.Div().
		ID("wallboard").
		Class("wallboard").
		DataSet("mounted", boolAttr(c.mounted && st.Teams.Have)).
		Body(
			goapp.Header().Class("wall-head").Body(
				goapp.Div().Class("wall-brand").Body(
					goapp.Img().Src("/web/icon.svg").Alt("").Aria("hidden", "true").Class("wall-logo"),
					goapp.Span().Text("Scorecast"),
				),
				goapp.Div().Class("wall-status").Body(
					goapp.If(!st.StaleSince.IsZero(), func() goapp.UI {
						return goapp.Span().ID("stale").Class("stale").
							Text(tr(lang, "wall.stale", st.StaleSince.Format("15:04:05")))
					}),
					connPill(lang, st.Conn),
				),
			),
			goapp.If(st.err() != "", func() goapp.UI {
				return goapp.P().Class("wall-error").Role("alert").Text(tr(lang, "error.live", st.err()))
			}),
			goapp.Div().Class("wall-grid").Body(
				goapp.Section().Class("wall-panel", "wall-teams").Body(
					goapp.H2().Text(tr(lang, "wall.teams")),
					c.renderBoard(lang, "teams-board", &st.Teams, 0),
				),
				goapp.Section().Class("wall-panel", "wall-agents").Body(
					goapp.H2().Text(tr(lang, "wall.agents")),
					c.renderBoard(lang, "agents-board", &st.Agents, wallboardAgents),
				),
			),
		)
}

// renderBoard renders a board as an ordered list; limit 0 shows every row.
func (c *wallboardPage) renderBoard(lang, id string, b *boardState, limit int) goapp.UI {
	return boardList(lang, id, b, limit, id == "teams-board")
}

// boardList renders a board as an ordered list of rows with bars (teams:
// data-team, else data-agent); limit 0 shows every row.
func boardList(lang, id string, b *boardState, limit int, teams bool) goapp.UI {
	if !b.Have {
		return goapp.P().Class("wall-empty").Text(tr(lang, "wall.waiting"))
	}
	entries := b.Board.Entries
	if limit > 0 && len(entries) > limit {
		entries = entries[:limit]
	}
	if len(entries) == 0 {
		return goapp.Ol().ID(id).Class("board").Body(
			goapp.Li().Class("board-empty").Text(tr(lang, "wall.no_entries")),
		)
	}
	var max int64
	for _, e := range entries {
		if e.Points > max {
			max = e.Points
		}
	}
	return goapp.Ol().ID(id).Class("board").Body(
		goapp.Range(entries).Slice(func(i int) goapp.UI {
			e := entries[i]
			li := goapp.Li().Class("row").DataSet("points", strconv.FormatInt(e.Points, 10))
			if teams {
				li = li.DataSet("team", e.Team)
			} else {
				li = li.DataSet("agent", e.Agent)
			}
			name := e.Name
			if name == "" && teams {
				name = e.Team
			} else if name == "" {
				name = e.Agent
			}
			return li.Body(
				goapp.Span().Class("row-rank").Text(rankText(e.Rank)),
				goapp.Div().Class("row-main").Body(
					goapp.Span().Class("row-name").Text(name),
					goapp.Div().Class("row-bar").Aria("hidden", "true").Body(
						goapp.Div().Class("row-bar-fill").Style("width", "%s", pct(share(e.Points, max))),
					),
				),
				goapp.Span().Class("row-points").Body(
					goapp.Text(formatInt(lang, e.Points)),
					goapp.Span().Class("row-unit").Text(" "+tr(lang, "wall.pts")),
				),
			)
		}),
	)
}
