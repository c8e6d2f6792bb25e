package projection

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/store"
	"scorecast/shared"
)

// The season is in an agent's view while one runs and absent otherwise,
// so a screen shows no empty season; the bests come from the state.
func TestAgentViewSeasonAndBests(t *testing.T) {
	rs := scoring.DefaultRuleset()
	rs.Seasons = []scoring.Season{{ID: "autumn", Name: "Autumn", From: "2026-09-01", To: "2026-11-30"}}
	e, err := scoring.Compile(rs)
	require.NoError(t, err)
	a := &store.AgentRecord{Org: "o", State: scoring.AgentState{ID: "a-1"}}
	e.Apply(&a.State, nil, scoring.Event{ID: "e1", Type: "survey.completed", Agent: "a-1", Time: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		Metrics: map[string]any{"csat": 5.0}})
	o := &Org{id: "o", engine: e, rules: rs, rec: &store.OrgRecord{Org: "o"},
		agents: map[string]*store.AgentRecord{"a-1": a}, teams: map[string]*store.TeamRecord{}}

	in := o.agentView("a-1", 1, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	require.Contains(t, in.Points, shared.PeriodSeason)
	assert.Equal(t, "autumn", in.Points[shared.PeriodSeason].Key)
	assert.Positive(t, in.Points[shared.PeriodSeason].Points)
	assert.Equal(t, shared.PersonalBest{Key: "2026-11-27", Points: in.Points[shared.PeriodDay].Points}, in.BestDay)
	assert.Equal(t, shared.PersonalBest{Key: "2026-W48", Points: in.Points[shared.PeriodWeek].Points}, in.BestWeek)

	// After the season: none in the view, even built into the memory of a
	// view that had one.
	after := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	var sum scoring.AgentSummary
	o.FillAgentView(&in, &sum, "a-1", 2, after)
	assert.NotContains(t, in.Points, shared.PeriodSeason)
	assert.Equal(t, int64(0), in.Points[shared.PeriodDay].Points)
	assert.Positive(t, in.BestDay.Points, "a best stays after its day")
}

// The history keeps the newest shared.MaxHistory point awards of the
// agent, from the outcomes and the event's time alone: the same outcomes
// give the same history.
func TestNoteHistoryBoundedAndDeterministic(t *testing.T) {
	o := &Org{id: "o"}
	run := func() *store.AgentRecord {
		a := &store.AgentRecord{Org: "o", State: scoring.AgentState{ID: "a-1"}}
		at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		for i := range shared.MaxHistory + 7 {
			o.NoteHistory(a, at.Add(time.Duration(i)*time.Minute), []scoring.Outcome{
				{Kind: scoring.OutcomePoints, Agent: "a-1", Rule: "r", Category: "c", Points: int64(i + 1), Event: "e"},
				{Kind: scoring.OutcomePoints, Agent: "a-1", Rule: "zero", Points: 0},
				{Kind: scoring.OutcomeBadge, Agent: "a-1", Badge: "b"},
			})
		}
		return a
	}
	a := run()
	require.Len(t, a.Awards, shared.MaxHistory)
	assert.Equal(t, int64(shared.MaxHistory+7), a.Awards[len(a.Awards)-1].Points, "the newest last")
	assert.Equal(t, int64(8), a.Awards[0].Points, "the oldest kept")
	assert.Equal(t, a.Awards, run().Awards)
}
