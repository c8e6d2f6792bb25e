package app

import (
	"testing"
	"time"
)

func calmState(key string, ids ...string) boardState {
	b := boardState{Have: true, Board: board(key, ids...)}
	for i := range b.Board.Entries {
		b.Board.Entries[i].Points = int64(100 - i)
	}
	return b
}

func TestCalmBoardReordersAtMostEverySettle(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	var cb calmBoard
	if !cb.follow(calmState("d1", "a", "b", "c"), t0) {
		t.Fatal("the first board is not shown")
	}
	if !cb.follow(calmState("d1", "b", "a", "c"), t0.Add(time.Second)) {
		t.Fatal("the first re-ordering waits, though none came before it")
	}
	if cb.follow(calmState("d1", "c", "b", "a"), t0.Add(2*time.Second)) || !cb.pending {
		t.Fatal("a second re-ordering a second later is shown at once")
	}
	if got := rowOrder(cb.shown); got[0] != "a:b" {
		t.Fatalf("shown %v, want the order of the first re-ordering", got)
	}
	same := calmState("d1", "b", "a", "c")
	same.Board.Entries[0].Points = 500
	if !cb.follow(same, t0.Add(2500*time.Millisecond)) || cb.shown.Board.Entries[0].Points != 500 {
		t.Fatal("points in the same order do not count up at once")
	}
	if !cb.follow(calmState("d1", "c", "b", "a"), t0.Add(time.Second+boardSettle)) || rowOrder(cb.shown)[0] != "a:c" {
		t.Fatal("the held order is not shown once the board has settled")
	}
	if !cb.follow(calmState("d2", "a", "b", "c"), t0.Add(time.Second+boardSettle+time.Millisecond)) {
		t.Fatal("a new period waits")
	}
}
