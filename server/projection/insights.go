package projection

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"scorecast/scoring"
	"scorecast/shared"
)

// SparkDays is how many days a team grid's sparklines cover.
const SparkDays = 14

// days are the keys of the n days up to now, oldest first, in the org's
// time zone (calendar days, so a DST change neither skips nor repeats one).
func (o *Org) days(now time.Time, n int) []string {
	local := now.In(o.engine.Location())
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[n-1-i] = o.engine.PeriodKey(shared.PeriodDay, local.AddDate(0, 0, -i))
	}
	return out
}

// series reads a record's daily totals on days; missing days are zero.
func series(daily []scoring.Totals, days []string, category string) []int64 {
	out := make([]int64, len(days))
	for i, d := range days {
		j := sort.Search(len(daily), func(j int) bool { return daily[j].Key >= d })
		if j < len(daily) && daily[j].Key == d {
			if category == "" {
				out[i] = daily[j].Points
			} else {
				out[i] = daily[j].Categories[category]
			}
		}
	}
	return out
}

// Trend is an agent's points per day and category over the last n days.
func (p *State) Trend(orgID, id string, n int) (shared.Trend, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return shared.Trend{}, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	days := o.days(p.now(), n)
	tr := shared.Trend{Agent: id, Days: days, Categories: map[string][]int64{}}
	daily := o.daily(id)
	tr.Total = series(daily, days, "")
	for _, c := range o.rules.Categories {
		tr.Categories[c] = series(daily, days, c)
	}
	return tr, nil
}

// TeamMembers is the supervisor's grid of a team.
func (p *State) TeamMembers(orgID, team string) (shared.TeamMembers, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return shared.TeamMembers{}, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	if !o.hasTeam(team) {
		return shared.TeamMembers{}, fmt.Errorf("%w: team %s", ErrNotFound, team)
	}
	now := p.now()
	tm := shared.TeamMembers{Team: team, Name: o.TeamName(team), Days: o.days(now, SparkDays), Members: []shared.MemberView{}, At: p.lastSeq}
	history := o.days(now, 28)
	for _, id := range slices.Sorted(maps.Keys(o.members[team])) {
		v := o.agentView(id, p.lastSeq, now)
		m := shared.MemberView{ID: id, Name: v.Name, Photo: v.Photo, Color: v.Color,
			Today: v.Points[shared.PeriodDay].Points, Level: v.Level, LevelName: v.LevelName}
		if len(v.Streaks) > 0 {
			m.Streak = v.Streaks[0].Current
		}
		daily := o.daily(id)
		m.Spark = series(daily, tm.Days, "")
		m.Flag, m.Reason = engagement(series(daily, history, ""))
		tm.Members = append(tm.Members, m)
	}
	return tm, nil
}

// engagement flags an agent whose last week fell well below their usual
// (the three weeks before), or who has gone quiet after being active.
// Today is left out: it is not over yet.
func engagement(last28 []int64) (flag, reason string) {
	if len(last28) < 28 {
		return "", ""
	}
	days := last28[:27] // up to yesterday
	recent, usual := days[20:], days[:20]
	sum := func(xs []int64) (s int64) {
		for _, x := range xs {
			s += x
		}
		return s
	}
	recentAvg := float64(sum(recent)) / float64(len(recent))
	usualAvg := float64(sum(usual)) / float64(len(usual))
	quiet := 0
	for i := len(days) - 1; i >= 0 && days[i] == 0; i-- {
		quiet++
	}
	switch {
	case usualAvg >= 10 && quiet >= 4 && quiet < len(days):
		return "quiet", fmt.Sprintf("no points for %d days", quiet)
	case usualAvg >= 10 && recentAvg < 0.6*usualAvg:
		return "dropping", fmt.Sprintf("points down %.0f%% on their usual week", 100*(1-recentAvg/usualAvg))
	}
	return "", ""
}

// daily is an agent's points per day, oldest first; none for an agent never
// scored.
func (o *Org) daily(id string) []scoring.Totals {
	if a, ok := o.agents[id]; ok {
		return a.Daily
	}
	return nil
}
