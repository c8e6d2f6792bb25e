package scoring

// Best is an agent's personal best in one kind of period: the period's key
// ("2026-11-24", "2026-W48") and its points. The zero Best is "none yet".
type Best struct {
	Key    string `json:"key"`
	Points int64  `json:"points"`
}

// noteBests raises the agent's best day and best week to the current
// day's and week's totals when those are higher. It reads only the state,
// never a clock, so a replay of the same events gives the same bests. A
// best only rises: points taken back later in a day do not lower the best
// that day once reached, so an agent never watches a record shrink. A tie
// keeps the earlier period, the one that set the record first.
func noteBests(a *AgentState) {
	a.BestDay = higher(a.BestDay, a.Periods[PeriodDay])
	a.BestWeek = higher(a.BestWeek, a.Periods[PeriodWeek])
}

func higher(best Best, t Totals) Best {
	if t.Key == "" || t.Points <= 0 {
		return best
	}
	if t.Points > best.Points {
		return Best{Key: t.Key, Points: t.Points}
	}
	return best
}
