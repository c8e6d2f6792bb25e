package projection

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"scorecast/scoring"
	"scorecast/shared"
)

// Spotlight candidates: who the data suggests for "agent of the period",
// each with the figure behind it, so a supervisor names someone for a
// reason they can say out loud.

var (
	monthPattern = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	weekPattern  = regexp.MustCompile(`^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$`)
)

// SpotlightPeriod reports whether period is a month ("2026-11") or an ISO
// week ("2026-W48"), and which.
func SpotlightPeriod(period string) (string, bool) {
	switch {
	case monthPattern.MatchString(period):
		return scoring.PeriodMonth, true
	case weekPattern.MatchString(period):
		return scoring.PeriodWeek, true
	}
	return "", false
}

// candidatesPerReason is how many people each reason suggests.
const candidatesPerReason = 3

// qualityCounters are the counters quality is read from, the first the
// ruleset has (the supervisor's scorecard reads the same ones).
var qualityCounters = []string{kpiQA, kpiCSAT}

// CurrentMonth is the month now in the ruleset's zone.
func (p *State) CurrentMonth(orgID string) string {
	var m string
	_ = p.rewardsOf(orgID, func(o *Org) { m = o.engine.PeriodKey(scoring.PeriodMonth, p.now()) })
	return m
}

// Candidates suggests people for a spotlight in period (a month or an ISO
// week), among the agents keep lets through: the best quality (the
// period's value of the org's QA or CSAT counter), the most improved on
// their own baseline (their average points a day in the period against
// their average a day before it, as a percentage, from the days the
// projection keeps), and the most kudos received.
func (p *State) Candidates(orgID, period string, keep func(agent, team string) bool) ([]shared.Candidate, error) {
	name, _ := SpotlightPeriod(period)
	out := []shared.Candidate{}
	err := p.rewardsOf(orgID, func(o *Org) {
		type scored struct {
			agent  string
			figure float64
		}
		var quality, improved, kudos []scored
		counter := ""
		for _, c := range qualityCounters {
			if slices.ContainsFunc(o.rules.Counters, func(s scoring.Counter) bool { return s.ID == c }) {
				counter = c
				break
			}
		}
		received := map[string]float64{}
		for _, k := range o.rw.kudos {
			if o.engine.PeriodKey(name, k.At) == period {
				received[k.To]++
			}
		}
		for id, a := range o.agents {
			if !keep(id, a.State.Team) {
				continue
			}
			if counter != "" {
				if c, ok := a.State.Counters[counter][name]; ok && c.Key == period && c.N > 0 {
					if v := c.Value(counterAgg(o.rules.Counters, counter)); !math.IsNaN(v) && !math.IsInf(v, 0) {
						quality = append(quality, scored{id, v})
					}
				}
			}
			if pct, ok := improvement(a.Daily, name, period); ok {
				improved = append(improved, scored{id, pct})
			}
			if n := received[id]; n > 0 {
				kudos = append(kudos, scored{id, n})
			}
		}
		for _, r := range []struct {
			reason string
			list   []scored
		}{{"quality", quality}, {"improved", improved}, {"kudos", kudos}} {
			slices.SortFunc(r.list, func(a, b scored) int {
				if a.figure != b.figure {
					if a.figure > b.figure {
						return -1
					}
					return 1
				}
				return strings.Compare(a.agent, b.agent)
			})
			for _, s := range r.list[:min(len(r.list), candidatesPerReason)] {
				out = append(out, shared.Candidate{Agent: s.agent, Name: o.AgentName(s.agent), Team: o.TeamOfAgent(s.agent),
					Reason: r.reason, Figure: math.Round(s.figure*10) / 10})
			}
		}
	})
	return out, err
}

func counterAgg(specs []scoring.Counter, id string) string {
	for _, s := range specs {
		if s.ID == id {
			return s.Agg
		}
	}
	return ""
}

// improvement is how far an agent's average points a day in period rose
// above their average a day before it, in percent, over the days with
// points that the agent's record keeps (35). It is not there without
// days on both sides, or with a baseline of none.
func improvement(daily []scoring.Totals, name, period string) (float64, bool) {
	var in, before float64
	var nIn, nBefore int
	for _, d := range daily {
		day, err := time.Parse(time.DateOnly, d.Key)
		if err != nil {
			continue
		}
		key := day.Format("2006-01")
		if name == scoring.PeriodWeek {
			y, w := day.ISOWeek()
			key = weekOf(y, w)
		}
		switch {
		case key == period:
			in += float64(d.Points)
			nIn++
		case key < period:
			before += float64(d.Points)
			nBefore++
		}
	}
	if nIn == 0 || nBefore == 0 || before <= 0 {
		return 0, false
	}
	base := before / float64(nBefore)
	return (in/float64(nIn) - base) / base * 100, true
}

func weekOf(y, w int) string {
	b := []byte{byte('0' + y/1000%10), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', 'W', byte('0' + w/10), byte('0' + w%10)}
	return string(b)
}
