package store

import "scorecast/scoring"

// lastWeek appends an agent's previous week, which the leagues close a
// week with (scoring.AgentState.LastWeek), as encoding/json's omitzero
// would: absent while it is the zero value.
func (e *jsonEncoder) lastWeek(b []byte, a *scoring.AgentState) []byte {
	w := &a.LastWeek
	if w.Key == "" && w.Points == 0 && w.Categories == nil {
		return b
	}
	b = append(b, `,"last_week":`...)
	return appendTotals(e, b, w)
}
