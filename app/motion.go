package app

import (
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// rankMoveShown is how long a row keeps its ▲n/▼n after a rank change.
const rankMoveShown = time.Minute

// rankMoves remembers where each row of a board was, so a view can show
// who moved and by how much for a minute after the move. It is plain data:
// views keep one per board and feed it every board they receive.
type rankMoves struct {
	last  map[string]int      // row key -> rank on the previous board
	moved map[string]rankMove // row key -> the latest move still shown
	key   string              // the board's period key; a new period starts over
}

type rankMove struct {
	Delta int // positive: up that many places
	Until time.Time
}

// rowKey names a board row: the agent, else the team.
func rowKey(e shared.LeaderboardEntry) string {
	if e.Agent != "" {
		return "a:" + e.Agent
	}
	return "t:" + e.Team
}

// observe folds a board in at now. The first board of a period only sets
// the starting places: nobody "moved" by the page opening.
func (m *rankMoves) observe(b shared.Leaderboard, now time.Time) {
	if m.last == nil || m.key != b.Key {
		m.last, m.moved, m.key = make(map[string]int, len(b.Entries)), make(map[string]rankMove), b.Key
		for _, e := range b.Entries {
			m.last[rowKey(e)] = e.Rank
		}
		return
	}
	next := make(map[string]int, len(b.Entries))
	for _, e := range b.Entries {
		k := rowKey(e)
		next[k] = e.Rank
		if prev, ok := m.last[k]; ok && prev != e.Rank && e.Rank > 0 {
			m.moved[k] = rankMove{Delta: prev - e.Rank, Until: now.Add(rankMoveShown)}
		}
	}
	m.last = next
}

// delta is the row's move still shown at now: >0 up, <0 down, 0 none.
func (m *rankMoves) delta(e shared.LeaderboardEntry, now time.Time) int {
	mv, ok := m.moved[rowKey(e)]
	if !ok || !now.Before(mv.Until) {
		return 0
	}
	return mv.Delta
}

// rankMoveBadge renders ▲n or ▼n, or nothing when the row did not move.
func rankMoveBadge(lang string, delta int) goapp.UI {
	switch {
	case delta > 0:
		return goapp.Span().Class("rank-move", "up").Title(tr(lang, "motion.up", delta)).Text("▲" + itoa(delta))
	case delta < 0:
		return goapp.Span().Class("rank-move", "down").Title(tr(lang, "motion.down", -delta)).Text("▼" + itoa(-delta))
	}
	return nil
}

// reducedMotion reports the reader's wish for less motion; views skip
// counting and sliding then.
func reducedMotion() bool {
	if !goapp.IsClient {
		return true
	}
	mq := goapp.Window().Call("matchMedia", "(prefers-reduced-motion: reduce)")
	return mq.Truthy() && mq.Get("matches").Bool()
}

// countUpFor is how long a number takes to count to its new value.
const countUpFor = 700 * time.Millisecond

// countUp shows a number that counts from its old to its new value instead
// of swapping. Parents set Value (and Lang); under prefers-reduced-motion,
// and on the first render, it shows the value at once.
type countUp struct {
	goapp.Compo

	Value int64
	Lang  string

	shown int64
	from  int64
	start time.Time
	gen   int // a newer count-up cancels the frames of an older one
}

func (c *countUp) OnMount(goapp.Context) { c.shown = c.Value }

func (c *countUp) OnUpdate(ctx goapp.Context) {
	if c.Value == c.shown {
		return
	}
	if reducedMotion() {
		c.shown = c.Value
		return
	}
	c.gen++
	c.from, c.start = c.shown, time.Now()
	c.frame(ctx, c.gen)
}

func (c *countUp) frame(ctx goapp.Context, gen int) {
	if gen != c.gen {
		return
	}
	c.shown = countUpAt(c.from, c.Value, time.Since(c.start))
	if c.shown != c.Value {
		ctx.After(33*time.Millisecond, func(ctx goapp.Context) { c.frame(ctx, gen) })
	}
}

// countUpAt is the number shown elapsed into a count from one value to
// another: an ease-out, so the last steps are slow enough to read.
func countUpAt(from, to int64, elapsed time.Duration) int64 {
	if elapsed >= countUpFor {
		return to
	}
	t := float64(elapsed) / float64(countUpFor)
	eased := 1 - (1-t)*(1-t)*(1-t)
	return from + int64(float64(to-from)*eased)
}

func (c *countUp) Render() goapp.UI {
	return goapp.Span().Class("count").DataSet("value", c.Value).Text(formatInt(c.Lang, c.shown))
}
