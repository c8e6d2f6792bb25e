package projector

import (
	"encoding/json"
	"testing"

	"scorecast/shared"
)

// pointsWire must encode exactly as shared.PointsData, which clients decode.
func TestPointsWireMatchesShared(t *testing.T) {
	view := shared.AgentView{ID: "a-1", Name: "Ada", Points: map[string]shared.PeriodPoints{"day": {Key: "2026-11-26", Points: 30}}, Level: 2}
	raw, err := json.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(shared.PointsData{At: 7, Event: "e", Rule: "r", Category: "quality", Points: 30, Agent: view})
	got, _ := json.Marshal(pointsWire{At: 7, Event: "e", Rule: "r", Category: "quality", Points: 30, Agent: raw})
	if string(got) != string(want) {
		t.Fatalf("pointsWire encodes\n%s\nshared.PointsData encodes\n%s", got, want)
	}
}
