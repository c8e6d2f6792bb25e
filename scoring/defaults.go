package scoring

// DefaultRuleset is the ruleset a new install starts with. It follows the
// research in DESIGN.md: outcomes the customer or a reviewer confirms (CSAT,
// first-contact resolution, QA score) are worth several times plain volume,
// and volume and speed are capped per day so they cannot be farmed.
func DefaultRuleset() Ruleset {
	dayCap := func(max int64) *Cap { return &Cap{Period: PeriodDay, Max: max} }
	allPeriods := []string{PeriodDay, PeriodWeek, PeriodMonth, PeriodAll}
	return Ruleset{
		Timezone:   "Europe/Stockholm",
		Categories: []string{"quality", "speed", "volume", "adherence", "learning", "teamwork"},
		PointRules: []PointRule{
			{ID: "ticket.solved", On: "ticket.solved", Points: "10", Category: "volume", Cap: dayCap(200)},
			{ID: "ticket.first_contact_resolution", On: "ticket.solved",
				When:   "has(event.metrics.first_contact_resolution) && first_contact_resolution == true",
				Points: "20", Category: "quality"},
			// Some ticketing systems attach the survey to the ticket itself.
			{ID: "ticket.csat", On: "ticket.solved", When: "has(event.metrics.csat) && csat >= 4",
				Points: "(csat - 3) * 15", Category: "quality"},
			{ID: "call.completed", On: "call.completed", Points: "5", Category: "volume", Cap: dayCap(150)},
			{ID: "call.fast", On: "call.completed", When: "has(event.metrics.handle_seconds) && handle_seconds < 300",
				Points: "5", Category: "speed", Cap: dayCap(50)},
			{ID: "chat.completed", On: "chat.completed", Points: "5", Category: "volume", Cap: dayCap(150)},
			{ID: "survey.csat", On: "survey.completed", When: "has(event.metrics.csat) && csat >= 4",
				Points: "(csat - 3) * 15", Category: "quality"},
			{ID: "qa.excellent", On: "qa.review", When: "has(event.metrics.score) && score >= 90",
				Points: "40", Category: "quality"},
			{ID: "schedule.adherence", On: "schedule.adherence", When: "has(event.metrics.adherence) && adherence >= 0.95",
				Points: "15", Category: "adherence", Cap: dayCap(15)},
			{ID: "training.completed", On: "training.completed", Points: "25", Category: "learning", Cap: dayCap(50)},
			{ID: "kudos.received", On: "kudos.received", Points: "10", Category: "teamwork", Cap: dayCap(30)},
		},
		Levels: []Level{
			{Name: "Rookie", XP: 0},
			{Name: "Apprentice", XP: 100},
			{Name: "Pro", XP: 300},
			{Name: "Expert", XP: 600},
			{Name: "Specialist", XP: 1000},
			{Name: "Veteran", XP: 1600},
			{Name: "Master", XP: 2500},
			{Name: "Champion", XP: 3800},
			{Name: "Legend", XP: 5500},
			{Name: "Icon", XP: 8000},
		},
		Boards: []BoardSpec{
			{ID: "agents", Scope: "org", Metric: "points", Periods: allPeriods},
			{ID: "teams", Scope: "team", Metric: "points", Periods: append([]string(nil), allPeriods...)},
		},
	}
}
