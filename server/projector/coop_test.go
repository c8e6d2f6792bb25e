package projector

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/shared"
)

// A co-op quest launched and completed in one batch: the partner is paid
// (points and coins) in the batch of the event that completed it, both
// members' topics hear of it, and the shared instance, with nothing owed,
// is in the store: a projection loaded afresh holds what this one does.
func TestCoopPaidAndStoredInTheEventsBatch(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	launch := bus.Control{ID: "launch-c", Kind: bus.ControlLaunch, Time: now, Launch: &scoring.LaunchRequest{ID: "launch-c",
		Challenge: "pair_up", Agents: []string{"a-1", "a-2"}, Coop: true, Target: 3, Start: now, Deadline: now.Add(2 * time.Hour)}}
	data, err := json.Marshal(launch)
	require.NoError(t, err)
	batch := []*decoded{{seq: 1, org: "o", control: true, data: data}}
	for i, agent := range []string{"a-1", "a-2", "a-1", "a-2"} {
		batch = append(batch, &decoded{seq: uint64(2 + i), org: "o", ev: scoring.Event{ID: fmt.Sprint("e-", i), Type: "call.completed",
			Agent: agent, Team: "t-" + agent, Time: now.Add(time.Duration(i+1) * time.Minute)}})
	}
	require.NoError(t, p.applyBatch(batch))
	completed := map[string]bool{}
	for _, m := range handed(t, p) {
		if d, ok := m.Data.(shared.AchievementData); ok && m.Kind == shared.KindChallenge && d.Status == scoring.StatusCompleted {
			completed[m.Topic] = true
		}
	}
	assert.True(t, completed["agent/a-1"] && completed["agent/a-2"], "both members hear of the completion: %v", completed)

	o, err := p.Org("o")
	require.NoError(t, err)
	st := o.Record().State
	require.Contains(t, st.Coop, "launch-c")
	assert.Equal(t, scoring.StatusCompleted, st.Coop["launch-c"].Status)
	assert.Equal(t, 4.0, st.Coop["launch-c"].Progress)
	assert.Empty(t, st.Owed, "nobody is owed once the batch is applied")
	for _, a := range []string{"a-1", "a-2"} {
		assert.Equal(t, int64(10), o.Economy().Balance(a), "%s: the reward's coins", a)
		v, err := p.AgentView("o", a)
		require.NoError(t, err)
		var card *shared.Challenge
		for i := range v.Challenges {
			if v.Challenges[i].Instance == "launch-c" {
				card = &v.Challenges[i]
			}
		}
		require.NotNil(t, card, a)
		require.Len(t, card.Coop, 2)
		assert.Equal(t, [2]float64{2, 2}, [2]float64{card.Coop[0].Share, card.Coop[1].Share})
	}
	xp := o.Agent("a-1").State.XP
	assert.Equal(t, o.Agent("a-2").State.XP, xp, "the same work and the same reward")

	fresh, err := New(Config{Store: p.cfg.Store, Now: p.cfg.Now})
	require.NoError(t, err)
	loaded, err := fresh.Org("o")
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, o.Record().State), jsonOf(t, loaded.Record().State))
	for _, a := range []string{"a-1", "a-2"} {
		assert.Equal(t, jsonOf(t, o.Agent(a)), jsonOf(t, loaded.Agent(a)), a)
	}
}
