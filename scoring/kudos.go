package scoring

import (
	"fmt"
	"maps"
	"strconv"
	"time"
)

// Kudos is the ruleset's section on kudos people give each other: how many
// one person may give per period, the org's values a kudos names, and the
// weight a giver's level lends it (Khoros weighs by standing; scarce kudos
// mean more). An accepted kudos enters the stream as a "kudos.received"
// event of the receiver with the metric "weight" and the attributes
// "from", "value".
type Kudos struct {
	Allowance int           `json:"allowance"` // per giver and period; 0 turns giving off
	Period    string        `json:"period"`    // day, week or month
	Values    []KudosValue  `json:"values"`
	Weights   []KudosWeight `json:"weights,omitempty"` // ascending by level
}

// KudosValue is one of the org's values a kudos is given for.
type KudosValue struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Labels Labels `json:"labels,omitempty"`
}

// KudosWeight is the weight of kudos given by people at Level (as people
// see it, 1 the first) or above.
type KudosWeight struct {
	Level  int `json:"level"`
	Weight int `json:"weight"`
}

// KudosEvent is the event type an accepted kudos becomes.
const KudosEvent = "kudos.received"

// KudosPolicy is what the ruleset says of one kudos: the giver's
// allowance, the period instance it counts in, the values and its weight.
type KudosPolicy struct {
	Allowance int
	Period    string // day, week or month
	Key       string // the period instance, in the ruleset's zone
	Values    []string
	Weight    int
}

// KudosPolicy is the policy for a kudos given at at by someone whose level
// index is giverLevel (AgentState.Level; people see it plus one). A
// ruleset without a kudos section allows none.
func (e *Engine) KudosPolicy(giverLevel int, at time.Time) KudosPolicy {
	k := e.rs.Kudos
	if k == nil {
		return KudosPolicy{Weight: 1}
	}
	p := KudosPolicy{Allowance: k.Allowance, Period: k.Period, Key: e.PeriodKey(k.Period, at), Weight: 1}
	for _, v := range k.Values {
		p.Values = append(p.Values, v.ID)
	}
	for _, w := range k.Weights {
		if giverLevel+1 >= w.Level {
			p.Weight = w.Weight
		}
	}
	return p
}

// Limits of the kudos section.
const (
	maxKudosAllowance = 100
	maxKudosValues    = 12
	maxKudosWeight    = 10
	maxValueRunes     = 40 // a value's name fits a chip on a phone
)

// kudos checks the kudos section. A ruleset without one lets nobody give
// kudos; one with an allowance of 0 too, while keeping its values' names.
func (c *compiler) kudos(k *Kudos, levels int) {
	if k == nil {
		return
	}
	if k.Allowance < 0 || k.Allowance > maxKudosAllowance {
		c.add("/kudos/allowance", fmt.Sprintf("must be between 0 and %d", maxKudosAllowance))
	}
	switch k.Period {
	case PeriodDay, PeriodWeek, PeriodMonth:
	case "":
		c.add("/kudos/period", msgRequired)
	default:
		c.add("/kudos/period", "must be one of day, week, month")
	}
	if len(k.Values) == 0 || len(k.Values) > maxKudosValues {
		c.add("/kudos/values", fmt.Sprintf("must list 1 to %d values, has %d", maxKudosValues, len(k.Values)))
	}
	c.slugIDs("/kudos/values", len(k.Values), func(i int) string { return k.Values[i].ID })
	for i, v := range k.Values {
		path := "/kudos/values/" + strconv.Itoa(i)
		if !validText(v.Name, maxValueRunes) {
			c.add(path+"/name", fmt.Sprintf("must be 1-%d printable characters, without spaces around", maxValueRunes))
		}
	}
	for i, w := range k.Weights {
		path := "/kudos/weights/" + strconv.Itoa(i)
		switch {
		case w.Level < 1:
			c.add(path+"/level", "must be 1 or more (levels count from 1, as people see them)")
		case w.Level > levels && levels > 0:
			c.add(path+"/level", fmt.Sprintf("must be at most %d, the number of levels", levels))
		case i > 0 && w.Level <= k.Weights[i-1].Level:
			c.add(path+"/level", fmt.Sprintf("must be greater than the previous weight's level %d; list weights by level, ascending", k.Weights[i-1].Level))
		}
		if w.Weight < 1 || w.Weight > maxKudosWeight {
			c.add(path+"/weight", fmt.Sprintf("must be between 1 and %d", maxKudosWeight))
		}
	}
}

// clone copies the section, so an engine's is its own.
func (k *Kudos) clone() *Kudos {
	if k == nil {
		return nil
	}
	out := *k
	if k.Values != nil {
		out.Values = make([]KudosValue, len(k.Values))
		for i, v := range k.Values {
			v.Labels = maps.Clone(v.Labels)
			out.Values[i] = v
		}
	}
	out.Weights = append([]KudosWeight(nil), k.Weights...)
	return &out
}

// kudos warns about a kudos section whose kudos nothing reads: people could
// give kudos that score nothing and count toward nothing.
func (w *warner) kudos() {
	k := w.e.rs.Kudos
	if k == nil || k.Allowance == 0 {
		return
	}
	if len(w.e.byType[KudosEvent]) == 0 && len(w.e.cByType[KudosEvent]) == 0 {
		w.add("/kudos", fmt.Sprintf("no point rule or counter is on %q, the event a kudos becomes; kudos people give will score nothing", KudosEvent))
	}
}
