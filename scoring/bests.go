package scoring

// bestPeriods are the periods an agent's personal bests are kept for.
var bestPeriods = [...]struct {
	name string
	p    int
}{{PeriodDay, pDay}, {PeriodWeek, pWeek}}

// foldBests keeps the agent's current day and week in Bests when a newer
// day or week is about to replace them (k are the keys of the instant being
// applied) and they beat the best so far. The current period is weighed
// when read (AgentState.Best), not stored as it grows: an agent's record
// is written on each of their events, and the bests cost its bytes only
// once a record period is over. It reads only the state and the event's or
// tick's keys, never a clock, so a replay gives the same bests. A best only
// rises; a tie keeps the earlier period, the one that set it first.
func foldBests(a *AgentState, k *periodKeys) {
	for _, bp := range bestPeriods {
		cur, ok := a.Periods[bp.name]
		if !ok || cur.Key == "" || k.k[bp.p] <= cur.Key || cur.Points <= a.Bests[bp.name].Points {
			continue
		}
		if a.Bests == nil {
			a.Bests = make(map[string]Totals, len(bestPeriods))
		}
		a.Bests[bp.name] = Totals{Key: cur.Key, Points: cur.Points}
	}
}

// Best is the agent's best period so far (PeriodDay or PeriodWeek), the
// current one included; zero Totals before any points.
func (a *AgentState) Best(period string) Totals {
	best := a.Bests[period]
	if cur := a.Periods[period]; cur.Key != "" && cur.Points > best.Points {
		return Totals{Key: cur.Key, Points: cur.Points}
	}
	return best
}
