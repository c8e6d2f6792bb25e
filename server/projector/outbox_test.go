package projector

import (
	"encoding/json"
	"testing"

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
	}
}
