package live

import (
	"context"
	"encoding/json"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// appendPoints writes what encoding/json writes for a points message with
// no view, and a frame with a view is one shared.Message whose data holds
// it whole or as a patch that turns the last view into it.
func TestPointsMatchEncodingJSON(t *testing.T) {
	d := &shared.PointsData{At: 42, Event: `e"1`, Rule: "r<1>", Category: "quality", Points: -7}
	want, err := json.Marshal(d)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(appendPoints(nil, d)))

	last := testView(10, 100)
	v := testView(12, 130)
	for _, tc := range []struct {
		name  string
		last  *shared.AgentView
		whole bool
	}{{"whole", nil, true}, {"patch", last, false}} {
		raw, err := appendFrame(nil, &Message{Topic: "agent/a", Kind: shared.KindPoints, Data: d, View: v}, 9, tc.last)
		require.NoError(t, err, tc.name)
		var m shared.Message
		require.NoError(t, json.Unmarshal(raw, &m), "%s: %s", tc.name, raw)
		assert.Equal(t, uint64(9), m.Seq)
		var got shared.PointsData
		require.NoError(t, json.Unmarshal(m.Data, &got))
		assert.Equal(t, tc.whole, got.Patch == nil, tc.name)
		held := *testView(10, 100)
		require.True(t, got.ApplyTo(&held), tc.name)
		assert.Equal(t, *v, held, tc.name)
		assert.Equal(t, d.Points, got.Points)
	}

	// A view JSON cannot carry goes whole, as null, and the frame is still JSON.
	bad := testView(13, 1)
	bad.Badges = []shared.Badge{{ID: "b", Value: math.NaN()}}
	raw, err := appendFrame(nil, &Message{Topic: "agent/a", Kind: shared.KindPoints, Data: d, View: bad}, 10, v)
	require.NoError(t, err)
	assert.True(t, json.Valid(raw), "%s", raw)
}

// The hub's copy of a view is equal to it and shares none of its memory.
func TestCopyAgentViewCopiesDeep(t *testing.T) {
	v := testView(3, 30)
	kept := shared.CopyAgentView(nil, v)
	assert.Equal(t, *v, *kept)
	v.Points["day"].Categories["quality"] = 99
	v.Rank["agents/day"] = 7
	v.Badges[0].Tier = 3
	assert.NotEqual(t, *v, *kept, "a change to the view shows in the copy")
	// Each of the three changes alone would make the views differ: the copy
	// must have none of them.
	assert.Equal(t, *testView(3, 30), *kept, "the copy shares memory with the view")
	kept = shared.CopyAgentView(kept, testView(4, 40))
	assert.Equal(t, *testView(4, 40), *kept)
}

func testView(at uint64, points int64) *shared.AgentView {
	return &shared.AgentView{
		ID: "a", Name: "A", At: at, XP: points,
		Points: map[string]shared.PeriodPoints{
			"day": {Key: "2026-12-07", Points: points, Categories: map[string]int64{"quality": points}},
			"all": {Points: points},
		},
		Rank:       map[string]int{"agents/day": int(points % 5)},
		Badges:     []shared.Badge{{ID: "b", Name: "B", Tier: 1, Value: float64(points)}},
		Streaks:    []shared.Streak{},
		Challenges: []shared.Challenge{},
	}
}

// viewSnapshots answers an agent topic's snapshot with a view at at.
type viewSnapshots struct{ at atomic.Uint64 }

func (s *viewSnapshots) Snapshot(_ context.Context, _, topic string) (any, error) {
	return *testView(s.at.Load(), int64(s.at.Load())), nil
}

// On an agent topic the hub sends the view whole on the first frame, then
// patches against the view of the frame before, and whole again on the
// first frame newer than a snapshot a subscriber was given since: a client
// skips frames not newer than its snapshot, so a patch against any other
// view would not apply to it.
func TestAgentFramesGoWholeAfterASnapshot(t *testing.T) {
	snaps := &viewSnapshots{}
	th := startHub(t, Config{Snapshots: snaps})
	ctx := testCtx(t, 10*time.Second)
	const topic = "agent/a"
	type screen struct {
		c    *client
		view shared.AgentView
	}
	follow := func(at uint64) *screen {
		snaps.at.Store(at)
		s := &screen{c: th.dial(ctx, false)}
		s.c.subscribe(ctx, topic, nil)
		m := s.c.next(ctx)
		require.Equal(t, shared.KindSnapshot, m.Kind)
		require.NoError(t, json.Unmarshal(m.Data, &s.view))
		return s
	}
	publish := func(at uint64) {
		th.publish(Message{Topic: topic, Kind: shared.KindPoints, Data: &shared.PointsData{At: at, Points: 1}, View: testView(at, int64(at))})
	}
	// expect reads the next frame; whole says how it must carry the view.
	expect := func(s *screen, at uint64, whole bool) {
		t.Helper()
		m := s.c.next(ctx)
		var d shared.PointsData
		require.NoError(t, json.Unmarshal(m.Data, &d))
		require.Equal(t, at, d.At)
		assert.Equal(t, whole, d.Patch == nil, "frame at %d: whole", at)
		if d.At > s.view.At {
			require.True(t, d.ApplyTo(&s.view), "frame at %d applies to the view at %d", at, s.view.At)
			assert.Equal(t, *testView(at, int64(at)), s.view)
		}
	}
	a := follow(5)
	publish(6)
	expect(a, 6, true)
	publish(7)
	expect(a, 7, false)
	b := follow(8)
	publish(8) // not newer than b's snapshot: b skips it
	expect(a, 8, false)
	expect(b, 8, false)
	publish(9)
	expect(a, 9, true)
	expect(b, 9, true)
	publish(10)
	expect(a, 10, false)
	expect(b, 10, false)
}
