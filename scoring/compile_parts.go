package scoring

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Period indexes, so state updates walk an array instead of a map of names.
const (
	pDay = iota
	pWeek
	pMonth
	pSeason
	pAll
	numPeriods
	pAdhoc = -1
)

var periodNames = [numPeriods]string{PeriodDay, PeriodWeek, PeriodMonth, PeriodSeason, PeriodAll}

func periodIndex(p string) int {
	for i, n := range periodNames {
		if n == p {
			return i
		}
	}
	return -2
}

// Size limits of the parts, for the same reason as the ones in compile.go.
const (
	maxCounters   = 200
	maxBadges     = 200
	maxTiers      = 10
	maxStreaks    = 32
	maxChallenges = 100
	maxGoals      = 32
	maxSeasons    = 64
	maxAllowance  = 30
	maxLookback   = 35 // days of history kept for adaptive targets
)

type counter struct {
	id, name    string
	when        condition
	agg, metric string
	keep        [numPeriods]bool // periods kept in state
	history     bool             // keep daily values for adaptive targets
	streaks     []int
	badges      []int
	chals       []int
	goals       []int
}

const (
	srcNone = iota
	srcCounter
	srcStreak
	srcPoints
)

type badge struct {
	Badge
	tiers  []Tier // with the implied single tier of a badge without tiers
	src    int
	ref    int // counter or streak index
	period int
}

type streak struct {
	Streak
	counter int
	badges  []int
}

type challenge struct {
	Challenge
	counter     int
	period      int // pDay..pSeason, or pAdhoc
	rewardBadge int // -1 when none
}

type goal struct {
	TeamGoal
	counter int
	period  int
}

type season struct{ id, name, from, to string }

func (c *compiler) label(path, s string) {
	if !validLabel(s) {
		c.add(path, "must be 1-64 printable characters")
	}
}

// id checks the id of a section's entry i and its uniqueness within the
// section; seen maps the ids so far to their entries' indexes.
func (c *compiler) id(path, id string, i int, seen map[string]int, section string) {
	switch first, dup := seen[id]; {
	case id == "":
		c.add(path, msgRequired)
	case !validChars(id, 64, isRuleIDByte):
		c.add(path, msgRuleID)
	case dup:
		c.add(path, fmt.Sprintf("repeats the id of /%s/%d", section, first))
	default:
		seen[id] = i
	}
}

func (c *compiler) limit(path string, n, max int) {
	if n > max {
		c.add(path, fmt.Sprintf("must have at most %d entries, has %d", max, n))
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// parts checks counters, streaks, badges, challenges and team goals and
// links them by index. Seasons are checked before, as periods need them.
func (c *compiler) parts(e *Engine, cats map[string]bool) {
	rs := &e.rs
	counters := map[string]int{}
	c.limit("/counters", len(rs.Counters), maxCounters)
	for i, spec := range rs.Counters {
		path := "/counters/" + strconv.Itoa(i)
		c.id(path+"/id", spec.ID, i, counters, "counters")
		k := counter{id: spec.ID, name: spec.Name, agg: spec.Agg, metric: spec.Metric}
		if k.name == "" {
			k.name = spec.ID
		} else {
			c.label(path+"/name", spec.Name)
		}
		if len(spec.On) == 0 {
			c.add(path+"/on", "must list at least one event type")
		}
		for j, t := range spec.On {
			if !validChars(t, 64, isTypeByte) {
				c.add(path+"/on/"+strconv.Itoa(j), msgType)
			}
		}
		switch spec.Agg {
		case AggCount:
			if spec.Metric != "" {
				c.add(path+"/metric", "must be left out when agg is count, which counts events")
			}
		case AggSum, AggMin, AggMax, AggAvg:
			switch {
			case spec.Metric == "":
				c.add(path+"/metric", "is required when agg is "+spec.Agg)
			case !validName(spec.Metric):
				c.add(path+"/metric", "must be a metric "+msgName)
			}
		case "":
			c.add(path+"/agg", msgRequired)
		default:
			c.add(path+"/agg", "must be one of count, sum, min, max, avg")
		}
		if spec.Periods == nil {
			k.keep = [numPeriods]bool{true, true, true, true, true}
		}
		for j, p := range spec.Periods {
			pp := path + "/periods/" + strconv.Itoa(j)
			switch pi := periodIndex(p); {
			case pi < 0:
				c.add(pp, msgTotalsPeriod)
			case k.keep[pi]:
				c.add(pp, fmt.Sprintf("repeats period %q", p))
			default:
				k.keep[pi] = true
			}
		}
		e.counters = append(e.counters, k)
		for _, t := range spec.On {
			e.cByType[t] = append(e.cByType[t], i)
		}
	}
	ref := func(path, id string) int {
		if id == "" {
			c.add(path, msgRequired)
			return -1
		}
		i, ok := counters[id]
		if !ok {
			c.add(path, fmt.Sprintf("%q is not one of the counters", id))
			return -1
		}
		return i
	}

	streaks := map[string]int{}
	c.limit("/streaks", len(rs.Streaks), maxStreaks)
	for i, spec := range rs.Streaks {
		path := "/streaks/" + strconv.Itoa(i)
		c.id(path+"/id", spec.ID, i, streaks, "streaks")
		c.label(path+"/name", spec.Name)
		s := streak{Streak: spec, counter: ref(path+"/counter", spec.Counter)}
		if s.counter >= 0 {
			e.counters[s.counter].keep[pDay] = true // a streak reads day values
			e.counters[s.counter].streaks = append(e.counters[s.counter].streaks, i)
		}
		if !finite(spec.Min) || spec.Min < 0 {
			c.add(path+"/min", "must be 0 or more")
		}
		if spec.Unit != "" && spec.Unit != UnitDay && spec.Unit != UnitShift {
			c.add(path+"/unit", "must be day or shift")
		}
		if spec.Allowance < 0 || spec.Allowance > maxAllowance {
			c.add(path+"/allowance", fmt.Sprintf("must be between 0 and %d", maxAllowance))
		}
		c.checkFreezes(path, spec.Freezes)
		e.streaks = append(e.streaks, s)
	}

	badges := map[string]int{}
	c.limit("/badges", len(rs.Badges), maxBadges)
	for i, spec := range rs.Badges {
		path := "/badges/" + strconv.Itoa(i)
		c.id(path+"/id", spec.ID, i, badges, "badges")
		c.label(path+"/name", spec.Name)
		b := badge{Badge: spec, tiers: spec.Tiers, ref: -1, period: pAll}
		if len(b.tiers) == 0 {
			b.tiers = []Tier{{Name: spec.Name, Min: 1}}
		}
		sources := 0
		for _, s := range []string{spec.Counter, spec.Streak, spec.Points} {
			if s != "" {
				sources++
			}
		}
		if sources > 1 {
			c.add(path, "must use only one of counter, streak and points")
		}
		if spec.Period != "" {
			b.period = periodIndex(spec.Period)
			if b.period < 0 {
				c.add(path+"/period", msgTotalsPeriod)
				b.period = pAll
			}
		}
		switch {
		case spec.Counter != "":
			b.src, b.ref = srcCounter, ref(path+"/counter", spec.Counter)
			if b.ref >= 0 {
				k := &e.counters[b.ref]
				if !k.keep[b.period] {
					c.add(path+"/period", fmt.Sprintf("counter %q does not keep the period %q; add it to the counter's periods",
						k.id, periodNames[b.period]))
				}
				k.badges = append(k.badges, i)
			}
		case spec.Streak != "":
			b.src = srcStreak
			if spec.Period != "" {
				c.add(path+"/period", "must be left out for a streak badge, which counts the current streak")
			}
			if si, ok := streaks[spec.Streak]; ok {
				b.ref = si
				e.streaks[si].badges = append(e.streaks[si].badges, i)
			} else {
				c.add(path+"/streak", fmt.Sprintf("%q is not one of the streaks", spec.Streak))
			}
		case spec.Points != "":
			b.src = srcPoints
			if spec.Points != "*" && !cats[spec.Points] {
				c.add(path+"/points", fmt.Sprintf("%q is not one of the categories (or * for all points)", spec.Points))
			}
			e.byPoints[spec.Points] = append(e.byPoints[spec.Points], i)
		case spec.Period != "":
			c.add(path+"/period", "needs a counter or points to apply to")
		}
		c.coins(path+"/coins", spec.Coins)
		c.limit(path+"/tiers", len(spec.Tiers), maxTiers)
		names := map[string]bool{}
		for j, t := range spec.Tiers {
			tp := path + "/tiers/" + strconv.Itoa(j)
			c.label(tp+"/name", t.Name)
			if names[t.Name] {
				c.add(tp+"/name", fmt.Sprintf("repeats tier name %q", t.Name))
			}
			names[t.Name] = true
			if !finite(t.Min) {
				c.add(tp+"/min", "must be a finite number")
			}
		}
		e.badges = append(e.badges, b)
	}

	chals := map[string]int{}
	c.limit("/challenges", len(rs.Challenges), maxChallenges)
	for i, spec := range rs.Challenges {
		path := "/challenges/" + strconv.Itoa(i)
		c.id(path+"/id", spec.ID, i, chals, "challenges")
		c.label(path+"/name", spec.Name)
		ch := challenge{Challenge: spec, counter: ref(path+"/counter", spec.Counter), rewardBadge: -1}
		if spec.Scope != ScopeAgent && spec.Scope != ScopeTeam {
			c.add(path+"/scope", "must be agent or team")
		}
		switch spec.Period {
		case PeriodDay, PeriodWeek, PeriodMonth, PeriodSeason:
			ch.period = periodIndex(spec.Period)
		case PeriodAdhoc:
			ch.period = pAdhoc
		default:
			c.add(path+"/period", "must be one of day, week, month, season, adhoc")
		}
		if !finite(spec.Target) || spec.Target <= 0 {
			c.add(path+"/target", "must be greater than 0")
		}
		if ad := spec.Adaptive; ad != nil {
			c.adaptive(path+"/adaptive", ad, &ch, e)
		}
		r := spec.Reward
		switch {
		case r.Points < -maxAward || r.Points > maxAward:
			c.add(path+"/reward/points", fmt.Sprintf("must be between -%d and %d", maxAward, maxAward))
		case r.Points != 0 && r.Category == "":
			c.add(path+"/reward/category", "is required when the reward gives points")
		case r.Category != "" && !cats[r.Category]:
			c.add(path+"/reward/category", fmt.Sprintf("%q is not one of the categories", r.Category))
		}
		c.coins(path+"/reward/coins", r.Coins)
		if r.Badge != "" {
			if bi, ok := badges[r.Badge]; ok {
				ch.rewardBadge = bi
			} else {
				c.add(path+"/reward/badge", fmt.Sprintf("%q is not one of the badges", r.Badge))
			}
		}
		if ch.counter >= 0 {
			e.counters[ch.counter].chals = append(e.counters[ch.counter].chals, i)
		}
		e.chals = append(e.chals, ch)
	}

	goals := map[string]int{}
	c.limit("/team_goals", len(rs.TeamGoals), maxGoals)
	for i, spec := range rs.TeamGoals {
		path := "/team_goals/" + strconv.Itoa(i)
		c.id(path+"/id", spec.ID, i, goals, "team_goals")
		c.label(path+"/name", spec.Name)
		g := goal{TeamGoal: spec, counter: ref(path+"/counter", spec.Counter), period: periodIndex(spec.Period)}
		if g.period < 0 {
			c.add(path+"/period", msgTotalsPeriod)
			g.period = pAll
		}
		if !finite(spec.Target) || spec.Target <= 0 {
			c.add(path+"/target", "must be greater than 0")
		}
		c.coins(path+"/coins", spec.Coins)
		if g.counter >= 0 {
			e.counters[g.counter].goals = append(e.counters[g.counter].goals, i)
		}
		e.goals = append(e.goals, g)
	}
}

// coins checks a constant number of coins.
func (c *compiler) coins(path string, n int64) {
	if n < 0 || n > MaxCoins {
		c.add(path, fmt.Sprintf("must be between 0 and %d", MaxCoins))
	}
}

func (c *compiler) adaptive(path string, ad *Adaptive, ch *challenge, e *Engine) {
	if ch.Scope == ScopeTeam {
		c.add(path, "works only for agent challenges, as it reads each agent's own history")
	}
	if ch.period != pDay && ch.period != pWeek && ch.period != pAdhoc {
		c.add(path, "works only for day, week and adhoc challenges, as 35 days of history are kept")
	}
	if ch.counter >= 0 {
		k := &e.counters[ch.counter]
		if k.agg != AggCount && k.agg != AggSum {
			c.add(path, fmt.Sprintf("needs a count or sum counter, and %q is %s", k.id, k.agg))
		}
		k.history, k.keep[pDay] = true, true
	}
	if !finite(ad.Factor) || ad.Factor <= 0 || ad.Factor > 10 {
		c.add(path+"/factor", "must be greater than 0 and at most 10 (1.1 means 110 %)")
	}
	if ad.Stat != "" && ad.Stat != "median" && ad.Stat != "mean" {
		c.add(path+"/stat", "must be median or mean")
	}
	if ad.Days < 0 || ad.Days > maxLookback {
		c.add(path+"/days", fmt.Sprintf("must be between 1 and %d", maxLookback))
	}
	if ad.MinDays < 0 || ad.MinDays > maxLookback {
		c.add(path+"/min_days", fmt.Sprintf("must be between 1 and %d", maxLookback))
	}
	if !finite(ad.Floor) || ad.Floor < 0 {
		c.add(path+"/floor", "must be 0 or more")
	}
}

// seasons checks that seasons are real date ranges listed in order without
// overlap, so an event falls in at most one and keys sort by index.
func (c *compiler) seasons(specs []Season) []season {
	c.limit("/seasons", len(specs), maxSeasons)
	ids := map[string]int{}
	var out []season
	prevTo := ""
	for i, s := range specs {
		path := "/seasons/" + strconv.Itoa(i)
		c.id(path+"/id", s.ID, i, ids, "seasons")
		c.label(path+"/name", s.Name)
		okFrom, okTo := validDate(s.From), validDate(s.To)
		if !okFrom {
			c.add(path+"/from", "must be a date such as 2026-01-01")
		}
		if !okTo {
			c.add(path+"/to", "must be a date such as 2026-03-31")
		}
		if okFrom && okTo {
			switch {
			case s.To < s.From:
				c.add(path+"/to", "must not be before from")
			case prevTo != "" && s.From <= prevTo:
				c.add(path+"/from", fmt.Sprintf("must be after the previous season's last day %s; list seasons in order without overlap", prevTo))
			}
			prevTo = s.To
		}
		out = append(out, season{id: s.ID, name: s.Name, from: s.From, to: s.To})
	}
	return out
}

func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Format(time.DateOnly) == s
}
