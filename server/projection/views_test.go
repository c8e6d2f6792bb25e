package projection

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/store"
	"scorecast/shared"
)

// An agent challenge launched for a team's agents shows once in an agent's
// view, as the agent's own with their progress, and not in the team's
// challenges; a team challenge launched for the team shows in both, once.
func TestLaunchedChallengesShowOncePerScope(t *testing.T) {
	rs := scoring.DefaultRuleset()
	rs.Challenges = append(rs.Challenges, scoring.Challenge{ID: "solo_sprint", Name: "Solo sprint", Scope: scoring.ScopeAgent,
		Period: scoring.PeriodAdhoc, Counter: "happy_customers", Target: 5})
	e, err := scoring.Compile(rs)
	require.NoError(t, err)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	rec := &store.OrgRecord{Org: "o"}
	for _, req := range []scoring.LaunchRequest{
		{ID: "l-solo", Challenge: "solo_sprint", Team: "t-1", Start: now.Add(-time.Hour), Deadline: now.Add(time.Hour)},
		{ID: "l-blitz", Challenge: "team_blitz", Team: "t-1", Start: now.Add(-time.Hour), Deadline: now.Add(time.Hour)},
	} {
		_, err := e.Launch(&rec.State, req)
		require.NoError(t, err)
	}
	o := &Org{id: "o", engine: e, rules: rs, rec: rec,
		agents: map[string]*store.AgentRecord{"a-1": {Org: "o", State: scoring.AgentState{ID: "a-1", Team: "t-1"}}},
		teams:  map[string]*store.TeamRecord{"t-1": {Org: "o", State: scoring.TeamState{ID: "t-1"}}},
	}
	v := o.agentView("a-1", 1, now)
	instances := map[string]int{}
	for _, c := range v.Challenges {
		instances[c.Instance]++
	}
	assert.Equal(t, 1, instances["l-solo"], "the agent's own launched challenge, once: %+v", v.Challenges)
	assert.Equal(t, 1, instances["l-blitz"], "the team's launched challenge, once: %+v", v.Challenges)
	for _, c := range o.teamChallenges("t-1", now) {
		assert.NotEqual(t, "l-solo", c.Instance, "an agent challenge is not the team's")
	}
}

// Lists a view has none of go out as [], never null: for a snapshot, and
// for a whole view, and for one built into the memory of one that held none
// either.
func TestEmptyListsOfAViewAreEmptyNotNull(t *testing.T) {
	rs := scoring.DefaultRuleset()
	rs.Badges, rs.Streaks, rs.Challenges = nil, nil, nil
	e, err := scoring.Compile(rs)
	require.NoError(t, err)
	o := &Org{id: "o", engine: e, rules: rs, boards: rs.Boards, rec: &store.OrgRecord{Org: "o"},
		agents: map[string]*store.AgentRecord{}, teams: map[string]*store.TeamRecord{},
		ranks: map[rankKey]*scoring.Board{}}
	var sum scoring.AgentSummary
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	snapshot := o.agentView("a-1", 1, now)
	whole := &shared.AgentView{}
	o.FillAgentView(whole, &sum, "a-1", 1, now)
	again := whole // built again into the same memory, as the projector does
	o.FillAgentView(again, &sum, "a-1", 2, now)
	for name, v := range map[string]*shared.AgentView{"snapshot": &snapshot, "whole": whole, "reused": again} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		for _, list := range []string{`"badges":[]`, `"streaks":[]`, `"challenges":[]`} {
			require.Contains(t, string(b), list, name)
		}
	}
}
