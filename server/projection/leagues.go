package projection

import (
	"errors"
	"maps"

	"scorecast/scoring"
	"scorecast/shared"
)

// Errors of the league views; the API answers 404 with their text.
var (
	ErrNoLeagues   = errors.New("this org's ruleset runs no leagues")
	ErrNotInLeague = errors.New("not in a league yet: people join the lowest tier with their first event")
)

// League is the cohort of agent id this week, as viewer sees it: every
// row by the person's consent (the agent themself by name), the zones as
// the week's end would draw them now, and when the week ends.
func (p *State) League(orgID, id, viewer string) (shared.LeagueView, error) {
	var v shared.LeagueView
	var fail error
	err := p.rewardsOf(orgID, func(o *Org) {
		l, err := o.league()
		if err != nil {
			fail = err
			return
		}
		m, ok := l.Members[id]
		if !ok || m.Cohort < 0 || m.Cohort >= len(l.Cohorts) {
			fail = ErrNotInLeague
			return
		}
		v = o.leagueView(l, l.Cohorts[m.Cohort], id, viewer)
	})
	if err != nil {
		return shared.LeagueView{}, err
	}
	return v, fail
}

// LeagueTop is the first cohort of the highest tier anyone is in: what a
// TV shows of the leagues, to no one in particular (hidden people stay
// hidden, initials stay initials).
func (p *State) LeagueTop(orgID string) (shared.LeagueView, error) {
	var v shared.LeagueView
	var fail error
	err := p.rewardsOf(orgID, func(o *Org) {
		l, err := o.league()
		if err != nil {
			fail = err
			return
		}
		best := -1
		for i, c := range l.Cohorts {
			if len(c.Members) > 0 && (best < 0 || c.Tier > l.Cohorts[best].Tier) {
				best = i
			}
		}
		if best < 0 {
			fail = ErrNotInLeague
			return
		}
		v = o.leagueView(l, l.Cohorts[best], "", "")
	})
	if err != nil {
		return shared.LeagueView{}, err
	}
	return v, fail
}

// league is the org's league state, or why there is none to show.
func (o *Org) league() (*scoring.LeagueState, error) {
	if o.engine.Leagues() == nil {
		return nil, ErrNoLeagues
	}
	l := o.rec.State.League
	if l == nil {
		return nil, ErrNotInLeague
	}
	return l, nil
}

// leagueView builds one cohort's table. Called with the State read-locked.
func (o *Org) leagueView(l *scoring.LeagueState, c scoring.LeagueCohort, id, viewer string) shared.LeagueView {
	rs := o.engine.Leagues()
	tier := min(c.Tier, len(rs.Tiers)-1)
	rows, promote, demoteFrom := o.engine.RankCohort(tier, c.Members, func(member string) int64 {
		if a, ok := o.agents[member]; ok {
			return scoring.LeaguePoints(&a.State, l.Week)
		}
		return 0
	})
	v := shared.LeagueView{Agent: id, Week: l.Week, EndsAt: o.engine.WeekEnds(l.Week), Tier: tier,
		Tiers: make([]shared.LeagueTier, len(rs.Tiers)), Promote: promote, DemoteFrom: demoteFrom + 1,
		Size: len(rows), Standings: make([]shared.LeagueRow, len(rows))}
	for i, t := range rs.Tiers {
		v.Tiers[i] = shared.LeagueTier{ID: t.ID, Name: t.Name, Labels: maps.Clone(t.Labels)}
	}
	for i, r := range rows {
		row := shared.LeagueRow{Zone: r.Zone, Me: r.Agent == id && id != ""}
		o.agentEntry(&row.LeaderboardEntry, r.Agent, viewer)
		row.Rank, row.Points = r.Rank, r.Points
		if row.Me {
			v.Rank, v.Points = r.Rank, r.Points
		}
		v.Standings[i] = row
	}
	return v
}

// LeagueData is the live message of a league outcome, with the new tier's
// name in every language the ruleset gives, for the agent's celebration.
func (o *Org) LeagueData(oc *scoring.Outcome, seq uint64) shared.LeagueData {
	d := shared.LeagueData{At: seq, Week: oc.Instance, Status: oc.Status, Tier: oc.Tier - 1, TierName: oc.TierName,
		Rank: oc.Current, Points: int64(oc.Progress)}
	if l := o.engine.Leagues(); l != nil && d.Tier >= 0 && d.Tier < len(l.Tiers) {
		d.TierLabels = maps.Clone(l.Tiers[d.Tier].Labels)
	}
	return d
}
