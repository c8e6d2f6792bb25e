package app

import (
	"testing"
	"time"

	"scorecast/shared"
)

func board(key string, ids ...string) shared.Leaderboard {
	b := shared.Leaderboard{Key: key}
	for i, id := range ids {
		b.Entries = append(b.Entries, shared.LeaderboardEntry{Rank: i + 1, Agent: id})
	}
	return b
}

func TestRankMovesShowsWhoMovedForAMinute(t *testing.T) {
	var m rankMoves
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	m.observe(board("d1", "a", "b", "c"), t0)
	if d := m.delta(shared.LeaderboardEntry{Agent: "c"}, t0); d != 0 {
		t.Fatalf("the first board moved c by %d", d)
	}
	m.observe(board("d1", "c", "a", "b"), t0.Add(time.Second))
	for id, want := range map[string]int{"c": 2, "a": -1, "b": -1} {
		if got := m.delta(shared.LeaderboardEntry{Agent: id}, t0.Add(2*time.Second)); got != want {
			t.Errorf("%s moved %d, want %d", id, got, want)
		}
	}
	if d := m.delta(shared.LeaderboardEntry{Agent: "c"}, t0.Add(time.Second+rankMoveShown)); d != 0 {
		t.Errorf("the move still shows after a minute: %d", d)
	}
	m.observe(board("d2", "b", "a", "c"), t0.Add(3*time.Second))
	if d := m.delta(shared.LeaderboardEntry{Agent: "b"}, t0.Add(4*time.Second)); d != 0 {
		t.Errorf("a new period counted as a move: %d", d)
	}
}

func TestCountUpEndsOnTheValueAndRisesMonotonically(t *testing.T) {
	prev := int64(10)
	for el := time.Duration(0); el <= countUpFor+time.Millisecond; el += 33 * time.Millisecond {
		v := countUpAt(10, 250, el)
		if v < prev || v > 250 {
			t.Fatalf("at %v shows %d after %d", el, v, prev)
		}
		prev = v
	}
	if got := countUpAt(10, 250, countUpFor); got != 250 {
		t.Fatalf("ends on %d", got)
	}
	if got := countUpAt(250, 10, countUpFor/2); got <= 10 || got >= 250 {
		t.Fatalf("counting down halfway shows %d", got)
	}
}
