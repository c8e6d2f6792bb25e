package projector

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/shared"
)

// TestLeagueRollsAtTheWeeksTickAndIsStored: events join agents to the
// league as they come (the org record is written with them); the first
// tick of the next week closes the week before the agents are ticked,
// sends each a "league" message, and a projector loaded from the store
// finds the same league.
func TestLeagueRollsAtTheWeeksTickAndIsStored(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) // a Tuesday of 2026-W48
	p := storeProjector(t, now)
	var batch []*decoded
	seq := uint64(0)
	for i := 1; i <= 6; i++ {
		for j := range i {
			seq++
			batch = append(batch, &decoded{seq: seq, org: "o", ev: scoring.Event{ID: fmt.Sprintf("e-%d-%d", i, j), Type: "ticket.solved",
				Agent: fmt.Sprintf("a-%d", i), Team: "t", Time: now.Add(time.Duration(seq) * time.Minute)}})
		}
	}
	require.NoError(t, p.applyBatch(batch))
	handed(t, p)
	v, err := p.League("o", "a-1", "a-1")
	require.NoError(t, err)
	require.Equal(t, "2026-W48", v.Week)
	require.Equal(t, 6, v.Size)
	require.Equal(t, 6, v.Rank)
	require.EqualValues(t, 10, v.Points)
	require.Equal(t, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC).Add(-time.Hour), v.EndsAt.UTC(), "Monday's midnight in Stockholm")
	_, err = p.League("o", "nobody", "nobody")
	require.ErrorIs(t, err, ErrNotInLeague)

	seq++
	p.Lock()
	err = p.tick("o", bus.Control{ID: "tick-w49", Kind: bus.ControlTick, Time: time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)}, seq)
	p.unlock()
	require.NoError(t, err)
	results := map[string]shared.LeagueData{}
	for _, m := range handed(t, p) {
		if m.Kind == shared.KindLeague {
			d, ok := m.Data.(shared.LeagueData)
			require.True(t, ok, "%T", m.Data)
			require.NotNil(t, m.View, "a league message carries the agent's view")
			results[m.Topic] = d
		}
	}
	require.Len(t, results, 6)
	require.Equal(t, shared.LeaguePromoted, results["agent/a-6"].Status)
	require.Equal(t, "Silver", results["agent/a-6"].TierName)
	require.Equal(t, 1, results["agent/a-6"].Tier)
	require.Equal(t, "Серебро", results["agent/a-6"].TierLabels["ru"], "the new tier's names go with it")
	require.EqualValues(t, 60, results["agent/a-6"].Points)
	require.Equal(t, shared.LeagueStayed, results["agent/a-1"].Status)

	v, err = p.League("o", "a-6", "a-6")
	require.NoError(t, err)
	require.Equal(t, "2026-W49", v.Week)
	require.Equal(t, 1, v.Tier)
	top, err := p.LeagueTop("o")
	require.NoError(t, err)
	require.Equal(t, 1, top.Tier)

	fresh, err := New(Config{Store: p.cfg.Store, Now: p.cfg.Now})
	require.NoError(t, err)
	loaded, err := fresh.Org("o")
	require.NoError(t, err)
	o, err := p.Org("o")
	require.NoError(t, err)
	require.Equal(t, jsonOf(t, o.Record().State.League), jsonOf(t, loaded.Record().State.League))
}
