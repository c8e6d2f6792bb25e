package scheduler_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/server/bus"
	"scorecast/server/scheduler"
	"scorecast/server/store"
)

// fakeClock is a clock the test moves: Run's waits come to the test as
// they are asked for, and end when the test says so.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits chan fakeWait
}

type fakeWait struct {
	d    time.Duration
	done chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, waits: make(chan fakeWait, 16)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	w := fakeWait{d: d, done: make(chan time.Time, 1)}
	c.waits <- w
	return w.done
}

// nextWait returns the wait Run asks for next.
func (c *fakeClock) nextWait(tb testing.TB) fakeWait {
	tb.Helper()
	select {
	case w := <-c.waits:
		return w
	case <-time.After(30 * time.Second):
		tb.Fatal("the scheduler asked for no wait within 30 s")
		return fakeWait{}
	}
}

// pass moves the clock on by w's duration and ends w.
func (c *fakeClock) pass(w fakeWait) {
	c.mu.Lock()
	c.now = c.now.Add(w.d)
	now := c.now
	c.mu.Unlock()
	w.done <- now
}

// env is a real bus and store with two orgs.
type env struct {
	bus   *bus.Bus
	store *store.Store
}

func newEnv(tb testing.TB) env {
	tb.Helper()
	b, err := bus.Open(tb.Context(), bus.Config{Dir: tb.TempDir()})
	require.NoError(tb, err)
	tb.Cleanup(b.Close)
	st, err := store.Open(store.Config{Dir: tb.TempDir()})
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = st.Close() })
	for _, org := range []string{"o1", "o2"} {
		require.NoError(tb, st.PutOrg(store.Org{ID: org}))
	}
	return env{bus: b, store: st}
}

// start runs the scheduler on clock until the test ends or the returned
// stop is called; stop returns once Run has.
func (e env) start(tb testing.TB, clock *fakeClock) (stop func()) {
	tb.Helper()
	ctx, cancel := context.WithCancel(tb.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		scheduler.Run(ctx, scheduler.Config{Bus: e.bus, Store: e.store, Now: clock.Now, After: clock.After})
	}()
	stop = func() {
		tb.Helper()
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			tb.Fatal("Run did not return within 30 s of its context's end")
		}
	}
	tb.Cleanup(stop)
	return stop
}

// ticks reads the tick control messages org has in the stream.
func (e env) ticks(tb testing.TB, org string) []bus.Control {
	tb.Helper()
	var got []bus.Control
	err := e.bus.Replay(tb.Context(), org, time.Time{}, time.Now().Add(time.Hour), func(s bus.Stored, _ bus.ReplayProgress) error {
		var c bus.Control
		require.NoError(tb, json.Unmarshal(s.Data, &c))
		require.True(tb, s.Control)
		got = append(got, c)
		return nil
	})
	require.NoError(tb, err)
	return got
}

func tickAt(org string, slot time.Time) bus.Control {
	return bus.Control{ID: scheduler.ID(org, slot), Kind: bus.ControlTick, Time: slot.UTC()}
}

// kathmandu is at +05:45: 15-minute slots still meet its midnight.
var kathmandu = time.FixedZone("Asia/Kathmandu", 5*3600+45*60)

// TestRunTicksEverySlotBoundary: a tick for the current slot at once, then
// one at every boundary, each carrying its slot's start in UTC.
func TestRunTicksEverySlotBoundary(t *testing.T) {
	e := newEnv(t)
	start := time.Date(2026, 12, 7, 23, 52, 30, 0, kathmandu)
	clock := newFakeClock(start)
	e.start(t, clock)

	w := clock.nextWait(t)
	assert.Equal(t, 7*time.Minute+30*time.Second, w.d, "until local midnight")
	slot0 := time.Date(2026, 12, 7, 23, 45, 0, 0, kathmandu)
	for _, org := range []string{"o1", "o2"} {
		assert.Equal(t, []bus.Control{tickAt(org, slot0)}, e.ticks(t, org))
	}

	clock.pass(w)
	w = clock.nextWait(t)
	assert.Equal(t, 15*time.Minute, w.d)
	midnight := time.Date(2026, 12, 8, 0, 0, 0, 0, kathmandu)
	for _, org := range []string{"o1", "o2"} {
		assert.Equal(t, []bus.Control{tickAt(org, slot0), tickAt(org, midnight)}, e.ticks(t, org))
	}
	assert.Equal(t, "2026-12-07T18:15:00Z", e.ticks(t, "o1")[1].Time.Format(time.RFC3339))
}

// TestRepeatedTickIsOneMessage restarts the scheduler within a slot: the
// restart publishes the slot's tick again, and the stream keeps one.
func TestRepeatedTickIsOneMessage(t *testing.T) {
	e := newEnv(t)
	clock := newFakeClock(time.Date(2026, 12, 7, 10, 7, 0, 0, time.UTC))
	stop := e.start(t, clock)
	clock.nextWait(t)
	before, err := e.bus.LastSeq(t.Context())
	require.NoError(t, err)
	require.Equal(t, uint64(2), before, "one tick per org")
	stop()

	e.start(t, clock)
	clock.nextWait(t)
	after, err := e.bus.LastSeq(t.Context())
	require.NoError(t, err)
	assert.Equal(t, before, after)
	slot := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	assert.Equal(t, []bus.Control{tickAt("o1", slot)}, e.ticks(t, "o1"))
}

func TestTickIDsAreOnePerOrgAndSlot(t *testing.T) {
	slot := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	assert.Equal(t, scheduler.ID("o1", slot), scheduler.ID("o1", slot.In(kathmandu)), "the same instant in any zone")
	assert.NotEqual(t, scheduler.ID("o1", slot), scheduler.ID("o2", slot))
	assert.NotEqual(t, scheduler.ID("o1", slot), scheduler.ID("o1", slot.Add(15*time.Minute)))
}

// TestRunStopsWhenTheContextEnds while it waits for the next slot.
func TestRunStopsWhenTheContextEnds(t *testing.T) {
	e := newEnv(t)
	clock := newFakeClock(time.Date(2026, 12, 7, 10, 7, 0, 0, time.UTC))
	stop := e.start(t, clock)
	clock.nextWait(t)
	stop() // fails the test if Run does not return
}
