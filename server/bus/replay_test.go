package bus

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replayAll replays everything org ever stored.
func replayAll(tb testing.TB, b *Bus, org string) ([]Stored, []ReplayProgress) {
	tb.Helper()
	var got []Stored
	var progress []ReplayProgress
	err := b.Replay(tb.Context(), org, time.Time{}, time.Now().Add(time.Hour), func(s Stored, p ReplayProgress) error {
		got = append(got, s)
		progress = append(progress, p)
		return nil
	})
	require.NoError(tb, err)
	return got, progress
}

func replayData(tb testing.TB, b *Bus, org string) []string {
	tb.Helper()
	got, _ := replayAll(tb, b, org)
	data := make([]string, len(got))
	for i, s := range got {
		data[i] = string(s.Data)
	}
	return data
}

// publishMixed stores, in this order: o's e-1, p's x-1, a control message
// of o's, and o's e-2, each acknowledged before the next is sent so that
// their stored times differ.
func publishMixed(tb testing.TB, b *Bus) {
	tb.Helper()
	ctx := tb.Context()
	_, err := b.Publish(ctx, events("o", "e-1"))
	require.NoError(tb, err)
	_, err = b.Publish(ctx, events("p", "x-1"))
	require.NoError(tb, err)
	_, err = b.PublishControl(ctx, "o", Control{ID: "c-1", Kind: ControlRuleset, Version: 2})
	require.NoError(tb, err)
	_, err = b.Publish(ctx, events("o", "e-2"))
	require.NoError(tb, err)
}

func TestReplayReadsOneOrgInStreamOrder(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	publishMixed(t, b)

	got, progress := replayAll(t, b, "o")
	require.Len(t, got, 3)
	assert.Equal(t, []uint64{1, 3, 4}, []uint64{got[0].Seq, got[1].Seq, got[2].Seq})
	assert.Equal(t, []bool{false, true, false}, []bool{got[0].Control, got[1].Control, got[2].Control})
	assert.JSONEq(t, `{"id":"e-1"}`, string(got[0].Data))
	assert.JSONEq(t, `{"id":"c-1","kind":"ruleset","version":2,"time":"0001-01-01T00:00:00Z"}`, string(got[1].Data))
	assert.JSONEq(t, `{"id":"e-2"}`, string(got[2].Data))
	for i, s := range got {
		assert.Equal(t, ReplayProgress{First: 1, Seq: s.Seq, Last: 4}, progress[i])
		assert.False(t, s.Time.IsZero())
	}

	assert.Equal(t, []string{`{"id":"x-1"}`}, replayData(t, b, "p"))
}

func TestReplayKeepsToItsTimeRange(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	publishMixed(t, b)
	all, _ := replayAll(t, b, "o")
	require.Len(t, all, 3)

	seqs := func(from, to time.Time) []uint64 {
		var s []uint64
		require.NoError(t, b.Replay(t.Context(), "o", from, to, func(m Stored, _ ReplayProgress) error {
			s = append(s, m.Seq)
			return nil
		}))
		return s
	}
	assert.Equal(t, []uint64{1, 3}, seqs(time.Time{}, all[1].Time), "up to and including to")
	assert.Equal(t, []uint64{3, 4}, seqs(all[1].Time, time.Now().Add(time.Hour)), "from from on")
}

func TestReplayOfNothing(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	called := false
	fn := func(Stored, ReplayProgress) error { called = true; return nil }
	require.NoError(t, b.Replay(t.Context(), "o", time.Time{}, time.Now(), fn), "an empty stream")

	// An org that stored nothing while others did: the replay ends after
	// its idle wait instead of waiting for the stream's last message.
	_, err := b.Publish(t.Context(), events("p", "x-1"))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	require.NoError(t, b.Replay(ctx, "o", time.Time{}, time.Now().Add(time.Hour), fn))
	assert.False(t, called)
}

func TestReplayStopsWhenFnFails(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	publishMixed(t, b)
	errStop := errors.New("stop here")
	n := 0
	err := b.Replay(t.Context(), "o", time.Time{}, time.Now().Add(time.Hour), func(Stored, ReplayProgress) error {
		n++
		return errStop
	})
	require.ErrorIs(t, err, errStop)
	assert.Equal(t, 1, n)
}

func TestReplayStopsWhenTheContextEnds(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	publishMixed(t, b)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	n := 0
	err := b.Replay(ctx, "o", time.Time{}, time.Now().Add(time.Hour), func(Stored, ReplayProgress) error {
		n++
		cancel()
		return nil
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, n)

	ctx, cancel = context.WithCancel(t.Context())
	cancel()
	err = b.Replay(ctx, "o", time.Time{}, time.Now().Add(time.Hour), func(Stored, ReplayProgress) error {
		t.Error("no message after the context ended")
		return nil
	})
	require.ErrorIs(t, err, context.Canceled)
}
