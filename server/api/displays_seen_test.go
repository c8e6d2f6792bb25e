package api

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/server/store"
)

// TestDisplaySeenThrottlesWrites: every call is remembered at once, the
// store is written at most once a minute per display, and a revoked
// display is forgotten.
func TestDisplaySeenThrottlesWrites(t *testing.T) {
	st, err := store.Open(store.Config{Dir: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	d := store.Display{ID: "d1", Org: "o", Name: "TV", Boards: []string{"teams"}, Teams: []string{}, Created: time.Now().UTC()}
	require.NoError(t, st.PutDisplay("scd_token", d))

	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s := NewDisplaySeen(st)
	s.now = func() time.Time { return now }
	stored := func() time.Time {
		got, err := st.DisplayByToken("scd_token")
		require.NoError(t, err)
		return got.LastSeen
	}

	require.NoError(t, s.Saw("o", "d1"))
	assert.Equal(t, now, stored(), "the first call is written")
	first := now
	now = now.Add(30 * time.Second)
	require.NoError(t, s.Saw("o", "d1"))
	assert.Equal(t, first, stored(), "a call within the minute is not written")
	got, _ := st.DisplayByToken("scd_token")
	assert.Equal(t, now, s.lastSeen(got), "but it is remembered")
	now = now.Add(31 * time.Second)
	require.NoError(t, s.Saw("o", "d1"))
	assert.Equal(t, now, stored(), "a minute later it is written again")

	require.NoError(t, s.Saw("o", "gone"), "a display revoked meanwhile is no error")
	s.forget("o", "d1")
	got, _ = st.DisplayByToken("scd_token")
	assert.Equal(t, now, s.lastSeen(got), "the stored time stays")

	var nilSeen *DisplaySeen
	assert.NoError(t, nilSeen.Saw("o", "d1"))
	assert.Equal(t, got.LastSeen, nilSeen.lastSeen(got))
}
