package e2e

import (
	"testing"

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
