package scoring

import (
	"cmp"
	"slices"
	"sort"
)

// LeagueState is the org's leagues: the ISO week its cohorts race in, and
// every agent's tier and cohort. It lives in OrgState and changes only when
// an agent first scores (they join the lowest tier) and at the tick that
// rolls the week, both in stream order, so a replay of the same stream
// forms the same cohorts and moves the same people.
type LeagueState struct {
	Week    string                  `json:"week"` // "2026-W48"
	Members map[string]LeagueMember `json:"members,omitempty"`
	Cohorts []LeagueCohort          `json:"cohorts,omitempty"`
}

// LeagueMember is one agent's place in the leagues.
type LeagueMember struct {
	Tier   int    `json:"tier"`   // index into Leagues.Tiers, 0 the lowest
	Since  string `json:"since"`  // the ISO week the league first saw them: their tenure
	Cohort int    `json:"cohort"` // index into LeagueState.Cohorts
}

// LeagueCohort is one group of about Leagues.Size agents of one tier.
type LeagueCohort struct {
	Tier    int      `json:"tier"`
	Members []string `json:"members"` // agent ids, sorted
}

// LeagueStanding is one row of a cohort's table.
type LeagueStanding struct {
	Agent  string
	Points int64 // the agent's points of the league's week
	Rank   int   // 1-based; equal points are ordered by id
	Zone   string
}

// League zones: where a row would go if the week ended now.
const (
	ZonePromote = "promote"
	ZoneDemote  = "demote"
)

// leaguePoints are the agent's points of the ISO week: the week in their
// periods, or the one an event of a newer week rolled away before the
// tick that closes the league's week came (AgentState.LastWeek).
func leaguePoints(a *AgentState, week string) int64 {
	if a == nil {
		return 0
	}
	if t := a.Periods[PeriodWeek]; t.Key == week {
		return t.Points
	}
	if a.LastWeek.Key == week {
		return a.LastWeek.Points
	}
	return 0
}

// LeaguePoints are the agent's league points of the week.
func LeaguePoints(a *AgentState, week string) int64 { return leaguePoints(a, week) }

// keepLastWeek keeps the agent's week totals when an event or a tick of a
// newer week is about to replace them, so the league can still close the
// old week with them. Without leagues nothing reads it, so nothing is kept.
func (e *Engine) keepLastWeek(a *AgentState, k *periodKeys) {
	if e.rs.Leagues == nil {
		return
	}
	if cur, ok := a.Periods[PeriodWeek]; ok && cur.Key != "" && k.k[pWeek] > cur.Key {
		a.LastWeek = Totals{Key: cur.Key, Points: cur.Points}
	}
}

// joinLeague puts an agent the league has not seen in the lowest tier's
// last cohort, so a newcomer races from their first event. The cohort is
// the same whatever order newcomers arrive in, so the week's outcome does
// not depend on the order of unrelated agents' events; cohorts are evened
// out at the next week's roll.
func (e *Engine) joinLeague(o *OrgState, a *AgentState, week string) {
	if o == nil || e.rs.Leagues == nil || a.ID == "" {
		return
	}
	if o.League == nil {
		o.League = &LeagueState{Week: week}
	}
	l := o.League
	if _, ok := l.Members[a.ID]; ok {
		return
	}
	if len(l.Members) == 0 {
		// A league nobody is in yet races in its first member's week: a
		// tick may have made it empty before anyone scored, and a first
		// import of last week's work is last week's race.
		l.Week = week
	}
	c := -1
	for i := len(l.Cohorts) - 1; i >= 0; i-- {
		if l.Cohorts[i].Tier == 0 {
			c = i
			break
		}
	}
	if c < 0 {
		l.Cohorts = append(l.Cohorts, LeagueCohort{Tier: 0})
		c = len(l.Cohorts) - 1
	}
	m := l.Cohorts[c].Members
	i, _ := slices.BinarySearch(m, a.ID)
	l.Cohorts[c].Members = slices.Insert(m, i, a.ID)
	if l.Members == nil {
		l.Members = map[string]LeagueMember{}
	}
	l.Members[a.ID] = LeagueMember{Tier: 0, Since: min(week, l.Week), Cohort: c}
}

// LeagueMembers is how many agents the org's league holds, -1 when it has
// none: the server compares it around an event to know the org state changed.
func (o *OrgState) LeagueMembers() int {
	if o == nil || o.League == nil {
		return -1
	}
	return len(o.League.Members)
}

// LeagueDue reports whether a tick at tk would change the leagues: form the
// first cohorts or roll the week. The server gathers every agent's state
// only then.
func (e *Engine) LeagueDue(o *OrgState, tk Tick) bool {
	if o == nil || e.rs.Leagues == nil {
		return false
	}
	return o.League == nil || e.WeekOf(tk.Time) > o.League.Week
}

// TickLeague rolls the leagues at the first tick of a new ISO week: it
// closes the old week (the top of each cohort move up a tier, the bottom
// move down, a "league" outcome for everyone) and cuts the new week's
// cohorts. agents are the org's agents sorted by id; the server calls it
// before it ticks them, so their periods still hold the old week. A tick
// of the league's week, or a second tick, changes nothing.
func (e *Engine) TickLeague(o *OrgState, tk Tick, agents []*AgentState) []Outcome {
	if !e.LeagueDue(o, tk) {
		return nil
	}
	week := e.WeekOf(tk.Time)
	var out []Outcome
	if o.League == nil {
		o.League = &LeagueState{Week: week}
	} else {
		out = e.closeLeague(o.League, tk, agents)
		o.League.Week = week
	}
	e.formCohorts(o.League, agents, week)
	return out
}

// agentOf finds id in agents, sorted by id.
func agentOf(agents []*AgentState, id string) *AgentState {
	i, ok := slices.BinarySearchFunc(agents, id, func(a *AgentState, id string) int { return cmp.Compare(a.ID, id) })
	if !ok {
		return nil
	}
	return agents[i]
}

// closeLeague moves people by their week's standing and reports it.
func (e *Engine) closeLeague(l *LeagueState, tk Tick, agents []*AgentState) []Outcome {
	rs := e.rs.Leagues
	top := len(rs.Tiers) - 1
	var out []Outcome
	for _, c := range l.Cohorts {
		tier := min(c.Tier, top)
		rows, _, _ := e.RankCohort(tier, c.Members, func(id string) int64 { return leaguePoints(agentOf(agents, id), l.Week) })
		for _, r := range rows {
			m := l.Members[r.Agent]
			status := LeagueStayed
			m.Tier = tier
			switch r.Zone {
			case ZonePromote:
				m.Tier, status = tier+1, LeaguePromoted
			case ZoneDemote:
				m.Tier, status = tier-1, LeagueDemoted
			}
			l.Members[r.Agent] = m
			o := Outcome{Kind: OutcomeLeague, Agent: r.Agent, Tick: tk.ID, Version: e.version, Status: status,
				Instance: l.Week, Tier: m.Tier + 1, TierName: rs.Tiers[m.Tier].Name, Current: r.Rank, Progress: float64(r.Points)}
			if a := agentOf(agents, r.Agent); a != nil {
				o.Team = a.Team
			}
			out = append(out, o)
		}
	}
	return out
}

// formCohorts cuts the week's cohorts: every agent who has scored joins
// (the lowest tier if new); each tier's agents are sorted by level or by
// first week seen, then id, and cut into cohorts of about the size.
func (e *Engine) formCohorts(l *LeagueState, agents []*AgentState, week string) {
	rs := e.rs.Leagues
	if l.Members == nil {
		l.Members = map[string]LeagueMember{}
	}
	for _, a := range agents {
		if _, ok := l.Members[a.ID]; !ok && a.Events > 0 {
			l.Members[a.ID] = LeagueMember{Since: week}
		}
	}
	byTier := make([][]string, len(rs.Tiers))
	for id, m := range l.Members {
		m.Tier = min(max(m.Tier, 0), len(rs.Tiers)-1) // a ruleset may have dropped tiers
		l.Members[id] = m
		byTier[m.Tier] = append(byTier[m.Tier], id)
	}
	level := func(id string) int {
		if a := agentOf(agents, id); a != nil {
			return a.Level
		}
		return 0
	}
	l.Cohorts = l.Cohorts[:0]
	size := rs.size()
	for tier, ids := range byTier {
		if len(ids) == 0 {
			continue
		}
		slices.SortFunc(ids, func(x, y string) int {
			if rs.byTenure() {
				if c := cmp.Compare(l.Members[x].Since, l.Members[y].Since); c != 0 {
					return c
				}
			} else if c := cmp.Compare(level(x), level(y)); c != 0 {
				return c
			}
			return cmp.Compare(x, y)
		})
		n := len(ids)
		k := max(1, (n+size/2)/size) // cohorts of about size: 44 of 30 make two of 22
		for i, from := 0, 0; i < k; i++ {
			to := from + n/k
			if i < n%k {
				to++
			}
			members := slices.Clone(ids[from:to])
			sort.Strings(members)
			for _, id := range members {
				m := l.Members[id]
				m.Cohort = len(l.Cohorts)
				l.Members[id] = m
			}
			l.Cohorts = append(l.Cohorts, LeagueCohort{Tier: tier, Members: members})
			from = to
		}
	}
}

// RankCohort ranks a cohort of tier by its members' week points (most
// first, equal points by id) and marks the zones: the top Promote with any
// points move up (none from the top tier); of the bottom Demote (none in
// the lowest tier), those below the cohort's median and below the last
// one above the line move down, so a tie with someone safe is safe. It
// returns the rows, the number of rows above the promotion line and the
// index of the first row below the demotion line.
func (e *Engine) RankCohort(tier int, members []string, points func(id string) int64) (rows []LeagueStanding, promoteLine, demoteLine int) {
	rs := e.rs.Leagues
	rows = make([]LeagueStanding, len(members))
	for i, id := range members {
		rows[i] = LeagueStanding{Agent: id, Points: points(id)}
	}
	slices.SortFunc(rows, func(x, y LeagueStanding) int {
		if c := cmp.Compare(y.Points, x.Points); c != 0 {
			return c
		}
		return cmp.Compare(x.Agent, y.Agent)
	})
	n := len(rows)
	for i := range rows {
		rows[i].Rank = i + 1
	}
	if rs == nil || n == 0 {
		return rows, 0, n
	}
	p, d := 0, 0
	if tier < len(rs.Tiers)-1 {
		p = min(rs.Promote, n)
	}
	if tier > 0 {
		d = min(rs.Demote, n-p)
	}
	line := n - d
	// Twice the median, so an even cohort's needs no fraction.
	median2 := 2 * rows[n/2].Points
	if n%2 == 0 {
		median2 = rows[n/2-1].Points + rows[n/2].Points
	}
	for i := range rows {
		pts := rows[i].Points
		switch {
		case i < p && pts > 0:
			rows[i].Zone = ZonePromote
		case i >= line && 2*pts < median2 && (line == 0 || pts < rows[line-1].Points):
			rows[i].Zone = ZoneDemote
		}
	}
	return rows, p, line
}
