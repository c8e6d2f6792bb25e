package store

import (
	"strconv"

	"scorecast/scoring"
)

// Award is one point award kept in an agent's record for the history the
// agent view lists (GET /api/v1/agents/{id}/history). The record is written
// on every event of the agent, so the fields have one-letter names and the
// time is in Unix milliseconds: a full history is about 1.5 KB of JSON
// before compression, not 4.
type Award struct {
	At       int64  `json:"t"` // the event's time, Unix milliseconds
	Rule     string `json:"r"`
	Category string `json:"c,omitempty"`
	Points   int64  `json:"p"`
	Event    string `json:"e,omitempty"`
	// From and Value are a received kudos': who gave it and for which of
	// the org's values.
	From  string `json:"f,omitempty"`
	Value string `json:"v,omitempty"`
}

// appendAwards appends the record's "awards" member as encoding/json
// writes it, or nothing when there are none.
func appendAwards(b []byte, awards []Award) []byte {
	if len(awards) == 0 {
		return b
	}
	b = append(b, `,"awards":[`...)
	for i := range awards {
		a := &awards[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"t":`...)
		b = strconv.AppendInt(b, a.At, 10)
		b = append(b, `,"r":`...)
		b = appendJSONString(b, a.Rule)
		if a.Category != "" {
			b = append(b, `,"c":`...)
			b = appendJSONString(b, a.Category)
		}
		b = append(b, `,"p":`...)
		b = strconv.AppendInt(b, a.Points, 10)
		if a.Event != "" {
			b = append(b, `,"e":`...)
			b = appendJSONString(b, a.Event)
		}
		if a.From != "" {
			b = append(b, `,"f":`...)
			b = appendJSONString(b, a.From)
		}
		if a.Value != "" {
			b = append(b, `,"v":`...)
			b = appendJSONString(b, a.Value)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// bests appends the agent state's personal bests as encoding/json writes
// them (a map of totals, as the periods), or nothing when there are none.
func (e *jsonEncoder) bests(b []byte, a *scoring.AgentState) []byte {
	if len(a.Bests) == 0 {
		return b
	}
	b = append(b, `,"bests":`...)
	return appendMap(e, b, &e.totals, a.Bests, appendTotals)
}
