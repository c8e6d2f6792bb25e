package projection

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/store"
	"scorecast/shared"
)

// TestLeagueViewFollowsConsent: a cohort's rows show people as they chose
// to appear (hidden: no id, name or photo; initials: no photo), the viewer
// themself by name, and the zones the week's end would draw now.
func TestLeagueViewFollowsConsent(t *testing.T) {
	o := peopleOrg()
	eng, err := scoring.Compile(scoring.DefaultRuleset())
	require.NoError(t, err)
	o.engine = eng
	const week = "2026-W50"
	for id, pts := range map[string]int64{"a-h": 30, "a-i": 20, "a-n": 10} {
		o.agents[id].State.Periods = map[string]scoring.Totals{scoring.PeriodWeek: {Key: week, Points: pts}}
	}
	cohort := scoring.LeagueCohort{Tier: 0, Members: []string{"a-h", "a-i", "a-n"}}
	o.rec = &store.OrgRecord{State: scoring.OrgState{League: &scoring.LeagueState{Week: week, Cohorts: []scoring.LeagueCohort{cohort},
		Members: map[string]scoring.LeagueMember{"a-h": {}, "a-i": {}, "a-n": {}}}}}
	l, err := o.league()
	require.NoError(t, err)

	v := o.leagueView(l, cohort, "a-n", "a-n")
	require.Len(t, v.Standings, 3)
	hidden, initials, me := v.Standings[0], v.Standings[1], v.Standings[2]
	assert.True(t, hidden.Anonymous)
	assert.Empty(t, hidden.Agent+hidden.Name+hidden.Photo, "a hidden person is nobody in particular")
	assert.EqualValues(t, 30, hidden.Points)
	assert.Equal(t, shared.ZonePromote, hidden.Zone)
	assert.Equal(t, "I. I.", initials.Name)
	assert.Empty(t, initials.Photo)
	assert.True(t, me.Me)
	assert.Equal(t, "Nora Named", me.Name)
	assert.Equal(t, 3, v.Rank)
	assert.EqualValues(t, 10, v.Points)
	assert.Equal(t, 4, v.DemoteFrom, "the lowest tier has no demotion zone")
	assert.Equal(t, "bronze", v.Tiers[v.Tier].ID)

	// The hidden person sees themself.
	self := o.leagueView(l, cohort, "a-h", "a-h")
	assert.Equal(t, "Hanna Svensson", self.Standings[0].Name)
	assert.True(t, self.Standings[0].Me)
}
