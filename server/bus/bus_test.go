package bus

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openBus opens a bus on dir and closes it when the test ends.
func openBus(tb testing.TB, cfg Config) *Bus {
	tb.Helper()
	b, err := Open(tb.Context(), cfg)
	require.NoError(tb, err)
	tb.Cleanup(b.Close)
	return b
}

// streamInfo asks the server, as any client would, how the event stream is.
func streamInfo(tb testing.TB, b *Bus) *jetstream.StreamInfo {
	tb.Helper()
	js, err := jetstream.New(b.nc)
	require.NoError(tb, err)
	s, err := js.Stream(tb.Context(), StreamName)
	require.NoError(tb, err)
	info, err := s.Info(tb.Context())
	require.NoError(tb, err)
	return info
}

func events(org string, ids ...string) []Message {
	msgs := make([]Message, len(ids))
	for i, id := range ids {
		msgs[i] = Message{Org: org, ID: id, Data: []byte(`{"id":"` + id + `"}`)}
	}
	return msgs
}

func TestOpenCreatesTheEventStream(t *testing.T) {
	dir := t.TempDir()
	b := openBus(t, Config{Dir: dir})

	info := streamInfo(t, b)
	assert.ElementsMatch(t, []string{"events.>", "control.>"}, info.Config.Subjects)
	assert.Equal(t, jetstream.FileStorage, info.Config.Storage)
	assert.Equal(t, 2*time.Minute, info.Config.Duplicates, "the default dedupe window")
	seq, err := b.LastSeq(t.Context())
	require.NoError(t, err)
	assert.Zero(t, seq)

	// The stream's files are in the directory asked for.
	_, err = b.Publish(t.Context(), events("o", "e-1"))
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(dir, "jetstream", "$G", "streams", StreamName))
	require.NoError(t, err)
}

func TestOpenTakesTheDedupeWindowAndSyncFromConfig(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir(), Duplicates: 5 * time.Second, SyncAlways: true})
	assert.Equal(t, 5*time.Second, streamInfo(t, b).Config.Duplicates)
	assert.True(t, b.ns.JetStreamConfig().SyncAlways)

	b = openBus(t, Config{Dir: t.TempDir()})
	assert.False(t, b.ns.JetStreamConfig().SyncAlways, "SyncAlways is off by default")
}

func TestPortZeroListensNowhere(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	assert.Empty(t, b.ClientURL())
}

// TestPortMinusOneListensOnAFreePort connects from outside the process's
// in-process connections, as a NATS tool would, and sees the stream.
func TestPortMinusOneListensOnAFreePort(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir(), Port: -1})
	url := b.ClientURL()
	require.NotEmpty(t, url)
	assert.Contains(t, url, "127.0.0.1:")

	nc, err := nats.Connect(url)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	ack, err := js.Publish(t.Context(), Subject("o"), []byte(`{}`))
	require.NoError(t, err)
	assert.Equal(t, StreamName, ack.Stream)
}

func TestPublishDropsRepeatedIDs(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	ctx := t.Context()

	res, err := b.Publish(ctx, events("o", "e-1", "e-2", "e-1"))
	require.NoError(t, err)
	assert.Equal(t, PublishResult{Stored: 2, Duplicates: 1}, res)

	// A client that retries the whole batch stores nothing new.
	res, err = b.Publish(ctx, events("o", "e-1", "e-2"))
	require.NoError(t, err)
	assert.Equal(t, PublishResult{Duplicates: 2}, res)

	seq, err := b.LastSeq(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), seq)
}

func TestPublishControlDropsRepeatedIDs(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	ctx := t.Context()
	c := Control{ID: "tick-o-1", Kind: ControlTick, Time: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}

	first, err := b.PublishControl(ctx, "o", c)
	require.NoError(t, err)
	again, err := b.PublishControl(ctx, "o", c)
	require.NoError(t, err)
	assert.Equal(t, first, again, "a repeat answers with the sequence of the stored one")
	last, err := b.LastSeq(ctx)
	require.NoError(t, err)
	assert.Equal(t, first, last)
}

// TestPublishedEventsSurviveAReopen closes the bus and opens the same
// directory: what was acknowledged is there, and the dedupe window still
// knows its ids, so a client's retry across a restart stores nothing twice.
func TestPublishedEventsSurviveAReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	b, err := Open(ctx, Config{Dir: dir})
	require.NoError(t, err)
	_, err = b.Publish(ctx, events("o", "e-1", "e-2", "e-3"))
	require.NoError(t, err)
	b.Close()

	b = openBus(t, Config{Dir: dir})
	seq, err := b.LastSeq(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(3), seq)
	res, err := b.Publish(ctx, events("o", "e-3", "e-4"))
	require.NoError(t, err)
	assert.Equal(t, PublishResult{Stored: 1, Duplicates: 1}, res)
	assert.Equal(t, []string{`{"id":"e-1"}`, `{"id":"e-2"}`, `{"id":"e-3"}`, `{"id":"e-4"}`}, replayData(t, b, "o"))
}

// TestOpenGivesUpWhenTheContextEnds: the stream cannot be made with a
// context that has ended, and the failed Open leaves nothing running and the
// directory free.
func TestOpenGivesUpWhenTheContextEnds(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	before := runtime.NumGoroutine()
	_, err := Open(ctx, Config{Dir: dir})
	require.ErrorIs(t, err, ErrNotReady)
	requireGoroutinesBack(t, before)

	b := openBus(t, Config{Dir: dir})
	_, err = b.Publish(t.Context(), events("o", "e-1"))
	require.NoError(t, err)
}

// TestCloseStopsEverything: after Close the port is shut and no goroutine
// of the bus is left.
func TestCloseStopsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	b, err := Open(t.Context(), Config{Dir: t.TempDir(), Port: -1})
	require.NoError(t, err)
	url := b.ClientURL()
	_, err = b.Publish(t.Context(), events("o", "e-1"))
	require.NoError(t, err)
	b.Close()

	_, err = nats.Connect(url, nats.NoReconnect())
	require.Error(t, err, "the client port is closed")
	requireGoroutinesBack(t, before)
}

// requireGoroutinesBack waits until no more goroutines run than before.
func requireGoroutinesBack(tb testing.TB, before int) {
	tb.Helper()
	// The condition runs on a goroutine of its own: one more than before.
	require.Eventually(tb, func() bool { return runtime.NumGoroutine() <= before+1 }, 10*time.Second, 20*time.Millisecond,
		"goroutines left running: %d before", before)
}

// TestCallsGiveUpWhenTheContextHasEnded: a call that waits for the server
// returns the context's error instead of an answer.
func TestCallsGiveUpWhenTheContextHasEnded(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := b.LastSeq(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = b.PublishControl(ctx, "o", Control{ID: "c-1", Kind: ControlTick})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = b.Consumer(ctx, 1)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestConsumerStartsWhereTheProjectionSays makes the projector's consumer
// twice: the second starts at its own start sequence, not where the first
// one's acknowledgements left the durable consumer.
func TestConsumerStartsWhereTheProjectionSays(t *testing.T) {
	b := openBus(t, Config{Dir: t.TempDir()})
	ctx := t.Context()
	_, err := b.Publish(ctx, events("o", "e-1", "e-2", "e-3", "e-4"))
	require.NoError(t, err)

	c, err := b.Consumer(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, []uint64{1, 2, 3, 4}, fetchSeqs(t, c, 4, true))

	c, err = b.Consumer(ctx, 3)
	require.NoError(t, err)
	assert.Equal(t, []uint64{3, 4}, fetchSeqs(t, c, 2, false))

	c, err = b.Consumer(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, []uint64{1, 2, 3, 4}, fetchSeqs(t, c, 4, false), "acknowledged before, delivered again")
}

// fetchSeqs takes n messages from c and returns their stream sequences,
// acknowledging them when ack is set.
func fetchSeqs(tb testing.TB, c jetstream.Consumer, n int, ack bool) []uint64 {
	tb.Helper()
	var seqs []uint64
	for len(seqs) < n {
		batch, err := c.Fetch(n-len(seqs), jetstream.FetchMaxWait(10*time.Second))
		require.NoError(tb, err)
		for m := range batch.Messages() {
			meta, err := m.Metadata()
			require.NoError(tb, err)
			seqs = append(seqs, meta.Sequence.Stream)
			if ack {
				require.NoError(tb, m.DoubleAck(tb.Context()))
			}
		}
		require.NoError(tb, batch.Error())
	}
	return seqs
}

func TestSubjects(t *testing.T) {
	for _, tc := range []struct {
		subject string
		org     string
		control bool
	}{
		{Subject("acme"), "acme", false},
		{ControlSubject("acme"), "acme", true},
		{"live.acme", "", false},
	} {
		org, control := Split(tc.subject)
		assert.Equal(t, tc.org, org, tc.subject)
		assert.Equal(t, tc.control, control, tc.subject)
	}
}

func TestPublishFailsOnAClosedBus(t *testing.T) {
	b, err := Open(t.Context(), Config{Dir: t.TempDir()})
	require.NoError(t, err)
	b.Close()
	_, err = b.Publish(t.Context(), events("o", "e-1"))
	require.Error(t, err)
	_, err = b.PublishControl(t.Context(), "o", Control{ID: "c-1", Kind: ControlTick})
	require.Error(t, err)
}
