package app

import (
	"slices"
	"time"
)

// boardSettle is the least time between two re-orderings of a TV's board.
// On a busy floor every event moves someone, and rows that are always
// sliding cannot be read from across the room; points still count up at
// once when the order holds.
const boardSettle = 3 * time.Second

// calmBoard is the board a TV shows, which follows the live one except that
// it re-orders at most every boardSettle.
type calmBoard struct {
	shown   boardState
	ordered time.Time // when the order shown last changed
	pending bool      // the live board has an order not shown yet
}

// rowOrder is the keys of a board's rows, in rank order.
func rowOrder(b boardState) []string {
	keys := make([]string, len(b.Board.Entries))
	for i, e := range b.Board.Entries {
		keys[i] = rowKey(e)
	}
	return keys
}

// follow takes the live board at now, or keeps the shown one when that
// would re-order the rows too soon after the last re-ordering. It reports
// whether what is shown changed.
func (cb *calmBoard) follow(live boardState, now time.Time) bool {
	// Only a re-ordering within one period counts: the first board and a
	// new period's are shown as they come.
	reorder := cb.shown.Have && live.Board.Key == cb.shown.Board.Key && !slices.Equal(rowOrder(live), rowOrder(cb.shown))
	if reorder && now.Sub(cb.ordered) < boardSettle {
		cb.pending = true
		return false
	}
	if reorder {
		cb.ordered = now
	}
	cb.shown, cb.pending = live, false
	return true
}

// settleBoard folds the live state of a board topic into what the TV shows,
// and its rank moves as they are seen.
func (c *displayPage) settleBoard(topic string, now time.Time) {
	live, ok := c.st.Boards[topic]
	if !ok {
		return
	}
	cb := c.calm[topic]
	if cb == nil {
		cb = &calmBoard{}
		c.calm[topic] = cb
	}
	if cb.follow(*live, now) {
		if m := c.moves[topic]; m != nil {
			m.observe(cb.shown.Board, now)
		}
	}
}

// shownBoard is the board of a topic as the TV shows it.
func (c *displayPage) shownBoard(topic string) *boardState {
	if cb, ok := c.calm[topic]; ok {
		return &cb.shown
	}
	return c.st.Boards[topic]
}
