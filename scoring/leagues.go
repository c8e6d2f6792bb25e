package scoring

import (
	"fmt"
	"maps"
	"strconv"
	"time"
)

// Leagues is the ruleset's section on weekly leagues (Duolingo; Gill et
// al.): every ISO week the org's agents of each tier are cut into cohorts
// of about Size similar people, ranked by their points of the week; at the
// week's end the top Promote of each cohort move up a tier and the bottom
// Demote move down. A race among thirty peers is winnable from the middle
// of the pack, where an org-wide board is not.
type Leagues struct {
	Size    int          `json:"size"`             // people per cohort, about; 0 is DefaultLeagueSize
	Tiers   []LeagueTier `json:"tiers"`            // lowest first
	Promote int          `json:"promote"`          // the top N of a cohort move up
	Demote  int          `json:"demote"`           // the bottom N move down (only below the cohort's median)
	Cohort  string       `json:"cohort,omitempty"` // who is alike: "level" (default) or "tenure"
}

// LeagueTier is one tier of the leagues, named in five languages.
type LeagueTier struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Labels Labels `json:"labels,omitempty"`
}

// How cohorts are made alike.
const (
	CohortByLevel  = "level"
	CohortByTenure = "tenure"
)

// Limits of the leagues section.
const (
	DefaultLeagueSize = 30
	minLeagueSize     = 5
	maxLeagueSize     = 100
	maxLeagueTiers    = 10
)

// OutcomeLeague reports where a week's league left an agent.
const OutcomeLeague = "league"

// League outcome statuses.
const (
	LeaguePromoted = "promoted"
	LeagueDemoted  = "demoted"
	LeagueStayed   = "stayed"
)

// size is the cohort size in force.
func (l *Leagues) size() int {
	if l.Size == 0 {
		return DefaultLeagueSize
	}
	return l.Size
}

// byTenure reports whether cohorts are made by first week seen.
func (l *Leagues) byTenure() bool { return l.Cohort == CohortByTenure }

// leagues checks the leagues section; a ruleset without one runs none.
func (c *compiler) leagues(l *Leagues) {
	if l == nil {
		return
	}
	if l.Size != 0 && (l.Size < minLeagueSize || l.Size > maxLeagueSize) {
		c.add("/leagues/size", fmt.Sprintf("must be between %d and %d (or left out for %d)", minLeagueSize, maxLeagueSize, DefaultLeagueSize))
	}
	if len(l.Tiers) < 2 || len(l.Tiers) > maxLeagueTiers {
		c.add("/leagues/tiers", fmt.Sprintf("must list 2 to %d tiers, lowest first, has %d", maxLeagueTiers, len(l.Tiers)))
	}
	c.slugIDs("/leagues/tiers", len(l.Tiers), func(i int) string { return l.Tiers[i].ID })
	for i, t := range l.Tiers {
		path := "/leagues/tiers/" + strconv.Itoa(i)
		if !validText(t.Name, maxNameRunes) {
			c.add(path+"/name", fmt.Sprintf("must be 1-%d printable characters, without spaces around", maxNameRunes))
		}
	}
	size := l.size()
	switch {
	case l.Promote < 0:
		c.add("/leagues/promote", "must be 0 or more")
	case l.Promote > size/2:
		c.add("/leagues/promote", fmt.Sprintf("must be at most half the cohort size, %d", size/2))
	}
	switch {
	case l.Demote < 0:
		c.add("/leagues/demote", "must be 0 or more")
	case l.Demote > size/2:
		c.add("/leagues/demote", fmt.Sprintf("must be at most half the cohort size, %d", size/2))
	}
	switch l.Cohort {
	case "", CohortByLevel, CohortByTenure:
	default:
		c.add("/leagues/cohort", "must be level or tenure")
	}
}

// clone copies the section, so an engine's is its own.
func (l *Leagues) clone() *Leagues {
	if l == nil {
		return nil
	}
	out := *l
	out.Tiers = make([]LeagueTier, len(l.Tiers))
	for i, t := range l.Tiers {
		t.Labels = maps.Clone(t.Labels)
		out.Tiers[i] = t
	}
	return &out
}

// Leagues is the leagues section in force, nil when the ruleset runs none.
// The caller must not change it.
func (e *Engine) Leagues() *Leagues { return e.rs.Leagues }

// WeekEnds is when the ISO week key ("2026-W48") ends in the ruleset's
// zone: the next Monday's midnight. The zero time for a malformed key.
func (e *Engine) WeekEnds(week string) time.Time {
	if len(week) != 8 || week[4:6] != "-W" {
		return time.Time{}
	}
	y, err1 := strconv.Atoi(week[:4])
	w, err2 := strconv.Atoi(week[6:])
	if err1 != nil || err2 != nil || w < 1 || w > 53 {
		return time.Time{}
	}
	// 4 January is always in week 1; its week's Monday starts week 1.
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, e.loc)
	back := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return time.Date(y, time.January, 4-back+7*w, 0, 0, 0, 0, e.loc)
}

// WeekOf is the ISO week key of t in the ruleset's zone.
func (e *Engine) WeekOf(t time.Time) string {
	k := e.keys(t)
	return k.k[pWeek]
}
