package app

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// wallboardAgents is how many agents the wallboard lists; the teams'
// panel divides its height into at least wallboardTeamSlots rows, so a
// few teams do not make giant rows.
const (
	wallboardAgents    = 10
	wallboardTeamSlots = 6
)

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
	// teamMoves and agentMoves remember the boards' ranks for ▲n/▼n.
	teamMoves, agentMoves rankMoves
	now                   time.Time // of the last render tick
	gen                   int       // bumps on dismount, so the tick stops
}

func newWallboardPage() goapp.Composer { return &wallboardPage{} }

func (c *wallboardPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	c.st = wallState{Status: liveStatus{Conn: connConnecting}}
	c.now = time.Now()
	ctx.ObserveState(liveKey(wallTeamsTopic), &c.st.Teams).OnChange(func() {
		c.teamMoves.observe(c.st.Teams.Board, time.Now())
	})
	ctx.ObserveState(liveKey(wallAgentsTopic), &c.st.Agents).OnChange(func() {
		c.agentMoves.observe(c.st.Agents.Board, time.Now())
	})
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
	c.tick(ctx, c.gen)
}

// wallTick is how often the wallboard redraws by itself: a rank move's
// ▲n/▼n goes once its minute is over.
const wallTick = 5 * time.Second

func (c *wallboardPage) tick(ctx goapp.Context, gen int) {
	ctx.After(wallTick, func(ctx goapp.Context) {
		if gen != c.gen {
			return
		}
		c.now = time.Now()
		c.tick(ctx, gen)
	})
}

func (c *wallboardPage) OnDismount() {
	c.mounted = false
	c.gen++
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
					goapp.Img().Src("/web/icon.svg").Alt("").Role("presentation").Class("wall-logo"),
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
					c.renderBoard(lang, "teams-board", &st.Teams, &c.teamMoves, 0),
				),
				goapp.Section().Class("wall-panel", "wall-agents").Body(
					goapp.H2().Text(tr(lang, "wall.agents")),
					c.renderBoard(lang, "agents-board", &st.Agents, &c.agentMoves, wallboardAgents),
				),
			),
		)
}

// renderBoard renders a board as an ordered list; limit 0 shows every row.
func (c *wallboardPage) renderBoard(lang, id string, b *boardState, moves *rankMoves, limit int) goapp.UI {
	slots := limit
	if slots == 0 {
		slots = wallboardTeamSlots
	}
	return boardRows(lang, id, b, boardLook{Moves: moves, Now: c.now, Limit: limit, Slots: slots, Teams: id == "teams-board"})
}

// boardList renders a board as an ordered list of rows with bars (teams:
// data-team, else data-agent); limit 0 shows every row. It is boardRows
// without the memory of rank moves.
func boardList(lang, id string, b *boardState, limit int, teams bool) goapp.UI {
	return boardRows(lang, id, b, boardLook{Limit: limit, Teams: teams})
}

// boardLook is how a board is drawn: which rows, whether it remembers
// rank moves, and how many slots share the list's height.
type boardLook struct {
	Moves *rankMoves // nil: no ▲n/▼n
	Now   time.Time
	Skip  int // rows above the list (the podium's)
	Limit int // rows shown after Skip; 0: all
	Slots int // rows the height is divided into; 0: as many as shown
	Teams bool
	// Token is a TV's display token: a TV has no cookie, so photos carry it.
	Token string
}

// tvRow is one row of a board and the place it is drawn at.
type tvRow struct {
	Entry shared.LeaderboardEntry
	Key   string
	Place int // 0-based position in the list
}

// boardSlice cuts the rows a list shows and orders them by key, so a row
// keeps its element while it moves: the element slides to its place (a CSS
// transform) instead of the row's text being swapped into another element.
func boardSlice(entries []shared.LeaderboardEntry, skip, limit int) []tvRow {
	if skip >= len(entries) {
		return nil
	}
	entries = entries[skip:]
	if limit > 0 && len(entries) > limit {
		entries = entries[:limit]
	}
	rows := make([]tvRow, len(entries))
	for i, e := range entries {
		key := rowKey(e)
		if e.Anonymous || key == "t:" {
			// Anonymous rows have no id: their place is their name.
			key = "p:" + strconv.Itoa(skip+i)
		}
		rows[i] = tvRow{Entry: e, Key: key, Place: i}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Key < rows[j].Key })
	return rows
}

// boardRows renders a board's rows: face, rank, name, points counting up,
// a bar, and ▲n/▼n for a minute after a move. Rows are in key order and
// placed by rank (--place), so a reordering slides.
func boardRows(lang, id string, b *boardState, look boardLook) goapp.UI {
	if !b.Have {
		return goapp.P().Class("wall-empty").Text(tr(lang, "wall.waiting"))
	}
	all := b.Board.Entries
	if len(all) == 0 && look.Skip == 0 {
		return goapp.Ol().ID(id).Class("board").Body(
			goapp.Li().Class("board-empty").Text(tr(lang, "wall.no_entries")),
		)
	}
	rows := boardSlice(all, look.Skip, look.Limit)
	var top int64
	if len(all) > 0 {
		top = all[0].Points // the leader's, so bars compare with first place
	}
	slots := max(look.Slots, len(rows), 1)
	return goapp.Ol().ID(id).Class("board", "tv-rows").
		Style("--slots", strconv.Itoa(slots)).
		Body(goapp.Range(rows).Slice(func(i int) goapp.UI {
			r := rows[i]
			e := r.Entry
			name := rowName(lang, e)
			li := goapp.Li().Class("row", "tv-row").
				DataSet("points", strconv.FormatInt(e.Points, 10)).
				DataSet("rank", e.Rank).
				Style("--place", strconv.Itoa(r.Place))
			if look.Teams {
				li = li.DataSet("team", e.Team)
			} else {
				li = li.DataSet("agent", e.Agent)
			}
			var move goapp.UI
			if look.Moves != nil {
				move = rankMoveBadge(lang, look.Moves.delta(e, look.Now))
			}
			return li.Body(
				goapp.Span().Class("row-rank").Text(rankText(e.Rank)),
				rowFace(e, faceL, look.Token),
				goapp.Div().Class("row-main").Body(
					goapp.Div().Class("row-line").Body(
						goapp.Span().Class("row-name").Text(name),
						move,
					),
					goapp.Div().Class("row-bar").Aria("hidden", "true").Body(
						goapp.Div().Class("row-bar-fill").Style("width", "%s", pct(share(e.Points, top))),
					),
				),
				goapp.Span().Class("row-points").Body(
					&countUp{Value: e.Points, Lang: lang},
					goapp.Span().Class("row-unit").Text(" "+tr(lang, "wall.pts")),
				),
			)
		}))
}

// rowFace is a board row's face: the person's photo or initials, a team's
// initials, in the team's colour; an anonymous row gets a blank circle.
func rowFace(e shared.LeaderboardEntry, size, token string) goapp.UI {
	if e.Anonymous {
		return goapp.Span().Class("face", size, "face-anon").Aria("hidden", "true")
	}
	return face(firstOf(e.Name, "?"), photoWithToken(e.Photo, token), teamColor(e.Team, e.Color), size)
}
