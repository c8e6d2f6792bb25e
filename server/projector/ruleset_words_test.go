package projector

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/store"
	"scorecast/shared"
)

// A version put in force is announced on the org topic, between the
// messages of the events before it and those after it.
func TestRulesetInForceIsAnnouncedOnOrgInStreamOrder(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	rv := store.RulesetVersion{Version: 2, Published: now, By: "admin", Ruleset: scoring.DefaultRuleset()}
	data, err := json.Marshal(bus.Control{ID: "ruleset-o-2", Kind: bus.ControlRuleset, Time: now, Version: 2,
		Change: &store.OrgChange{Org: "o", Ruleset: &rv}})
	require.NoError(t, err)
	// Enough XP for a level on org before and after the publication.
	ev := func(seq uint64, id string) *decoded {
		return &decoded{seq: seq, org: "o", ev: scoring.Event{ID: id, Type: "qa.review", Agent: "a-" + id, Team: "t-1", Time: now,
			Metrics: map[string]any{"score": 95.0}}}
	}
	batch := []*decoded{ev(1, "1"), ev(2, "2"), ev(3, "3"), {seq: 4, org: "o", control: true, data: data}, ev(5, "5"), ev(6, "6"), ev(7, "7")}
	require.NoError(t, p.applyBatch(batch))
	var kinds []string
	for _, m := range handed(t, p) {
		if m.Topic != shared.TopicOrg {
			continue
		}
		kinds = append(kinds, m.Kind)
		if m.Kind == shared.KindRuleset {
			assert.Equal(t, shared.RulesetData{Version: 2}, m.Data)
		}
	}
	require.Contains(t, kinds, shared.KindRuleset)
	at := 0
	for i, k := range kinds {
		if k == shared.KindRuleset {
			at = i
		}
	}
	assert.Positive(t, at, "org messages of the events before the version come first: %v", kinds)
	assert.Less(t, at, len(kinds)-1, "and those after it, after: %v", kinds)
	v, _, err := p.RulesetVersion("o")
	require.NoError(t, err)
	assert.Equal(t, 2, v)
}
