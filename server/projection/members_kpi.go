package projection

import (
	"fmt"
	"math"

	"scorecast/scoring"
	"scorecast/shared"
)

// The supervisor's scorecard reads service figures from counters of the
// ruleset in force, by these ids (the default ruleset has them). A ruleset
// without one leaves that figure out: the scorecard shows "—" rather than a
// number it cannot stand behind.
const (
	kpiCSAT       = "csat"
	kpiFCR        = "first_contact_resolutions"
	kpiContacts   = "contacts"
	kpiHandleTime = "handle_time"
	kpiQA         = "qa_score"
)

// memberKPIs sets m's figures of today (the day with key today) from the
// agent's counters.
func (o *Org) memberKPIs(m *shared.MemberView, id, today string) {
	a, ok := o.agents[id]
	if !ok {
		return
	}
	day := func(counter string) (float64, bool) {
		return dayValue(o.rules.Counters, a.State.Counters, counter, today)
	}
	m.CSAT = optional(day(kpiCSAT))
	m.HandleTime = optional(day(kpiHandleTime))
	m.QA = optional(day(kpiQA))
	fcr, okF := day(kpiFCR)
	contacts, okC := day(kpiContacts)
	m.FCR = optional(fcrRate(fcr, okF, contacts, okC))
}

// dayValue is a counter's value on the day with key today, under the
// aggregation the ruleset gives it. It is not there when the ruleset has
// no such counter, the counter keeps no day, or nothing was counted today
// (the stored day is another one).
func dayValue(specs []scoring.Counter, state map[string]map[string]scoring.Count, counter, today string) (float64, bool) {
	agg := ""
	for _, s := range specs {
		if s.ID == counter {
			agg = s.Agg
			break
		}
	}
	if agg == "" {
		return 0, false
	}
	c, ok := state[counter][shared.PeriodDay]
	if !ok || c.Key != today || c.N == 0 {
		return 0, false
	}
	v := c.Value(agg)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// fcrRate is first-contact resolutions over contacts: there when contacts
// were counted today; resolutions not counted yet are none. It never goes
// over 1, as a resolution counted on a contact the contacts counter missed
// would not make a rate above 100%.
func fcrRate(fcr float64, okF bool, contacts float64, okC bool) (float64, bool) {
	if !okC || contacts <= 0 {
		return 0, false
	}
	if !okF {
		fcr = 0
	}
	return min(max(fcr/contacts, 0), 1), true
}

func optional(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

// engagementFacts flags an agent whose last week fell well below their
// usual (the three weeks before), or who has gone quiet after being
// active, with the numbers behind the flag. Today is left out: it is not
// over yet.
func engagementFacts(last28 []int64) (string, *shared.FlagFacts) {
	if len(last28) < 28 {
		return "", nil
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
	facts := &shared.FlagFacts{RecentAvg: math.Round(recentAvg*10) / 10, UsualAvg: math.Round(usualAvg*10) / 10}
	switch {
	case usualAvg >= 10 && quiet >= 4 && quiet < len(days):
		facts.QuietDays = quiet
		return "quiet", facts
	case usualAvg >= 10 && recentAvg < 0.6*usualAvg:
		facts.DropPercent = int(math.Round(100 * (1 - recentAvg/usualAvg)))
		return "dropping", facts
	}
	return "", nil
}

// flagReason is the flag's reason in English words, the way older clients
// show it.
func flagReason(flag string, f *shared.FlagFacts) string {
	switch {
	case f == nil:
		return ""
	case flag == "quiet":
		return fmt.Sprintf("no points for %d days", f.QuietDays)
	case flag == "dropping":
		return fmt.Sprintf("points down %d%% on their usual week", f.DropPercent)
	}
	return ""
}
