package scoring

import "time"

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
