package projector

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/live"
	"scorecast/server/store"
	"scorecast/shared"
)

// storeProjector is a projector over a real store in a temporary
// directory, with org "o" on the default ruleset and no stream: tests call
// applyBatch themselves and read what it hands the publisher from commits.
func storeProjector(tb testing.TB, now time.Time) *Projector {
	tb.Helper()
	st, err := store.Open(store.Config{Dir: tb.TempDir()})
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = st.Close() })
	require.NoError(tb, st.PutOrg(store.Org{ID: "o", Name: "O", Created: now}))
	require.NoError(tb, st.PutRuleset("o", store.RulesetVersion{Version: 1, Published: now, By: "test", Ruleset: scoring.DefaultRuleset()}))
	p, err := New(Config{Store: st, Now: func() time.Time { return now }})
	require.NoError(tb, err)
	p.commits = make(chan inflight, 64)
	return p
}

// handed waits for every commit applyBatch handed over and returns their
// live messages, in order. Their views are spare again, as once published:
// read them before the next batch.
func handed(tb testing.TB, p *Projector) []live.Message {
	tb.Helper()
	var out []live.Message
	for {
		select {
		case c := <-p.commits:
			if c.wait != nil {
				require.NoError(tb, c.wait())
			}
			out = append(out, c.live["o"]...)
			// Spare now, built into by the next batch only.
			p.keepSpare(c.views)
		default:
			return out
		}
	}
}

// Every message on an agent's topic carries the agent's view after its
// batch: the views a batch builds reuse the memory of views the batches
// before sent, and none of it may show through.
func TestPatchesRebuildTheViewAfterEveryBatch(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	rng := rand.New(rand.NewPCG(1, 2))
	types := []struct {
		typ     string
		metrics map[string]any
	}{
		{"ticket.solved", map[string]any{"csat": 5.0, "first_contact": true}},
		{"ticket.solved", map[string]any{"csat": 2.0}},
		{"survey.completed", map[string]any{"csat": 4.0}},
		{"call.completed", map[string]any{"handle_seconds": 120.0}},
		{"qa.review", map[string]any{"score": 95.0}},
		{"training.completed", nil},
		{"kudos.received", nil},
	}
	screens := map[string]*shared.AgentView{} // by agent, once a whole view came
	seq, n := uint64(0), 0
	for range 300 {
		batch := make([]*decoded, 1+rng.IntN(12))
		for i := range batch {
			seq++
			n++
			a, ty := rng.IntN(15), types[rng.IntN(len(types))]
			batch[i] = &decoded{seq: seq, org: "o", ev: scoring.Event{ID: fmt.Sprintf("e-%d", n), Type: ty.typ,
				Agent: fmt.Sprintf("a-%d", a), Team: fmt.Sprintf("t-%d", a%4), Time: now.Add(time.Duration(n) * time.Second),
				Metrics: ty.metrics}}
		}
		require.NoError(t, p.applyBatch(batch))
		for _, m := range handed(t, p) {
			id, ok := strings.CutPrefix(m.Topic, "agent/")
			if !ok {
				continue
			}
			require.NotNil(t, m.View, "a %s message on %s carries the view", m.Kind, m.Topic)
			want, err := p.AgentView("o", id)
			require.NoError(t, err)
			require.Equal(t, jsonOf(t, &want), jsonOf(t, m.View), "agent %s after seq %d", id, seq)
			screens[id] = m.View
		}
	}
	require.Len(t, screens, 15)
	require.NotEmpty(t, p.spare, "views are kept for reuse once published")
}

// jsonOf is v as JSON: two states or views that encode the same are the
// same to a screen and to the store (an empty map and none, say).
func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// Whatever a tick changes is stored, and only that: after ticks that
// expire challenges and roll the day over, and a quiet one, a projection
// loaded afresh from the store holds every agent and team as the one that
// applied them does.
func TestTickChangesAreStored(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := storeProjector(t, now)
	seq := uint64(0)
	var batch []*decoded
	for i := range 25 { // two or three happy customers each: some make the day's target, some not
		seq++
		batch = append(batch, &decoded{seq: seq, org: "o", ev: scoring.Event{ID: fmt.Sprintf("e-%d", i), Type: "survey.completed",
			Agent: fmt.Sprintf("a-%d", i%10), Team: fmt.Sprintf("t-%d", i%3), Time: now.Add(time.Duration(i) * time.Minute),
			Metrics: map[string]any{"csat": 5.0}}})
	}
	require.NoError(t, p.applyBatch(batch))
	handed(t, p)
	o, err := p.Org("o")
	require.NoError(t, err)
	require.NotEmpty(t, o.Agent("a-0").State.Challenges, "the events started the day's challenges")
	for i, at := range []time.Time{now.Add(15 * time.Minute), now.Add(14 * time.Hour), now.Add(14*time.Hour + 15*time.Minute), now.Add(8 * 24 * time.Hour)} {
		seq++
		p.Lock()
		err := p.tick("o", bus.Control{ID: fmt.Sprintf("tick-%d", i), Kind: bus.ControlTick, Time: at}, seq)
		p.unlock()
		require.NoError(t, err)
		handed(t, p)
	}
	ended := map[string]int{}
	for _, id := range o.AgentIDs() {
		for _, cs := range o.Agent(id).State.Challenges {
			ended[cs.Status]++
		}
	}
	require.Zero(t, ended[scoring.StatusActive], "a week later no challenge is open")
	require.Positive(t, ended[scoring.StatusExpired], "a tick expired some")

	fresh, err := New(Config{Store: p.cfg.Store, Now: p.cfg.Now})
	require.NoError(t, err)
	loaded, err := fresh.Org("o")
	require.NoError(t, err)
	require.Equal(t, o.AgentIDs(), loaded.AgentIDs())
	for _, id := range o.AgentIDs() {
		require.Equal(t, jsonOf(t, o.Agent(id)), jsonOf(t, loaded.Agent(id)), "agent %s", id)
	}
	require.Equal(t, o.TeamIDs(), loaded.TeamIDs())
	for _, id := range o.TeamIDs() {
		require.Equal(t, jsonOf(t, o.Team(id)), jsonOf(t, loaded.Team(id)), "team %s", id)
	}
}
