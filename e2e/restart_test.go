package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestRestartKeepsTotals kills the server with SIGKILL and starts it again
// on the same data dir: the totals are unchanged, a retried event is still a
// duplicate, and new events continue from there. A clean SIGTERM stop keeps
// them too.
func TestRestartKeepsTotals(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	evs := []event{ticket("a-k", "t-k", true), training("a-k", ""), ticket("a-k2", "t-k", false)}
	s.ingest(evs...)
	before := s.waitAgent("a-k2", func(v shared.AgentView) bool { return v.At >= 3 })
	beforeK := s.agent("a-k")
	require.Positive(t, beforeK.XP)
	s.Kill()

	s2 := startServer(t, dir)
	afterK := s2.agent("a-k")
	assert.Equal(t, beforeK.XP, afterK.XP)
	assert.Equal(t, beforeK.Points, afterK.Points)
	assert.Equal(t, before.XP, s2.agent("a-k2").XP)
	// A retry after the crash is still a duplicate.
	assert.Equal(t, shared.IngestResult{Duplicates: 1}, s2.ingest(evs[0]))

	s2.ingest(training("a-k", ""))
	next := s2.waitAgent("a-k", func(v shared.AgentView) bool { return v.XP > beforeK.XP })
	assert.Greater(t, next.At, afterK.At)
	s2.Stop()

	s3 := startServer(t, dir)
	assert.Equal(t, next.XP, s3.agent("a-k").XP)
	assert.Equal(t, next.Points, s3.agent("a-k").Points)
}

// TestTiesOrderTheSameAfterRestartAndReplay gives agents equal points in an
// order that is neither their ids' nor their first events': equal scores
// rank by who reached the score first. The order holds after a SIGKILL and
// restart (ranks rebuilt from Badger) and after a replay of the whole stream
// into an empty projection.
func TestTiesOrderTheSameAfterRestartAndReplay(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	// Everyone reaches one survey's points; then b and d reach two, b first.
	var evs []event
	for _, id := range []string{"tie-c", "tie-a", "tie-e", "tie-b", "tie-d"} {
		evs = append(evs, survey(id, "t-tie"))
	}
	evs = append(evs, survey("tie-b", "t-tie"), survey("tie-d", "t-tie"))
	for _, e := range evs {
		s.ingest(e) // one at a time: each reaches its score at its own sequence
	}
	want := []string{"tie-b", "tie-d", "tie-c", "tie-a", "tie-e"}
	board := func(s *server) []string {
		var ids []string
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			var lb shared.Leaderboard
			require.Equal(c, http.StatusOK, s.getJSON("/api/v1/leaderboards/"+shared.BoardAgents+"?period=all", &lb), "leaderboard")
			ids = ids[:0]
			for _, e := range lb.Entries {
				ids = append(ids, e.Agent)
			}
			assert.GreaterOrEqual(c, len(ids), len(want), "board has %v", ids)
		}, 10*time.Second, pollEvery)
		return ids
	}
	first := board(s)
	require.Equal(t, want, first)
	s.Kill()

	s2 := startServer(t, dir)
	assert.Equal(t, want, board(s2), "after SIGKILL and restart")
	s2.Stop()

	// The stream is the truth: an empty projection replays it all.
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "badger")))
	s3 := startServer(t, dir)
	assert.Equal(t, want, board(s3), "after replaying the stream")
}
