package projector

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// pointsWire must encode exactly as shared.PointsData, which clients decode.
func TestPointsWireMatchesShared(t *testing.T) {
	view := shared.AgentView{ID: "a-1", Name: "Ada <Lovelace> & \"co\" ö", Points: map[string]shared.PeriodPoints{"day": {Key: "2026-11-26", Points: 30}}, Level: 2}
	raw, err := json.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ event, rule, category string }{
		{"e", "r", "quality"},
		{"ev-<1>&\"2\"\\", "règle\n", "\u2028"},
		{"", "", ""},
	} {
		want, _ := json.Marshal(shared.PointsData{At: 7, Event: tc.event, Rule: tc.rule, Category: tc.category, Points: -30, Agent: view})
		w := pointsWire{At: 7, Event: tc.event, Rule: tc.rule, Category: tc.category, Points: -30, Agent: raw}
		if got := w.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("pointsWire encodes\n%s\nshared.PointsData encodes\n%s", got, want)
		}
		patch := shared.DiffAgentView(&shared.AgentView{ID: "a-1"}, &view)
		rawPatch, _ := json.Marshal(patch)
		want, _ = json.Marshal(shared.PointsData{At: 7, Event: tc.event, Rule: tc.rule, Category: tc.category, Points: -30, Patch: &patch})
		w = pointsWire{At: 7, Event: tc.event, Rule: tc.rule, Category: tc.category, Points: -30, Agent: rawPatch, Patch: true}
		if got := w.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("pointsWire with a patch encodes\n%s\nshared.PointsData encodes\n%s", got, want)
		}
	}
}

// A topic's whole state goes out on slots of its own, stateInterval apart:
// under load, sent a little after each slot, the next is the following one;
// never sooner than half an interval after the last. Different topics'
// slots are spread over the interval.
func TestStateSlotsAreSpreadAndNeverTooClose(t *testing.T) {
	base := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	phases := map[time.Duration]bool{}
	for i := range 200 {
		topic := shared.TeamTopic(fmt.Sprintf("t-%d", i))
		now := base.Add(time.Duration(i) * 7919 * time.Microsecond)
		next := nextStateSlot(topic, now)
		require.GreaterOrEqual(t, next.Sub(now), stateInterval/2, topic)
		require.Less(t, next.Sub(now), stateInterval*3/2, topic)
		for _, late := range []time.Duration{0, time.Millisecond, 20 * time.Millisecond, stateInterval/2 - 1} {
			require.Equal(t, next.Add(stateInterval), nextStateSlot(topic, next.Add(late)),
				"sent %s after its slot, a topic is due on the following one", late)
		}
		phases[time.Duration(next.UnixNano()%int64(stateInterval)).Truncate(25*time.Millisecond)] = true
	}
	require.Len(t, phases, int(stateInterval/(25*time.Millisecond)), "200 topics' slots fall in every tenth of the interval")
}
