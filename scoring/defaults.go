package scoring

// DefaultRuleset is the ruleset a new install starts with. It follows the
// research in DESIGN.md: outcomes the customer or a reviewer confirms (CSAT,
// first-contact resolution, QA score) are worth several times plain volume,
// and volume and speed are capped per day so they cannot be farmed. Badges,
// the streak and the challenges reward quality and learning, never raw
// volume; the streak forgives a day off; the daily challenge adapts to each
// agent's own baseline; the team goal is shared. docs/rules.md explains it.
func DefaultRuleset() Ruleset {
	dayCap := func(max int64) *Cap { return &Cap{Period: PeriodDay, Max: max} }
	allPeriods := []string{PeriodDay, PeriodWeek, PeriodMonth, PeriodAll}
	return Ruleset{
		Timezone:   "Europe/Stockholm",
		Categories: []string{"quality", "speed", "volume", "adherence", "learning", "teamwork"},
		Counters: []Counter{
			{ID: "contacts", Name: "Contacts handled", On: []string{"call.completed", "chat.completed", "ticket.solved"}, Agg: AggCount},
			{ID: "happy_customers", Name: "Happy customers", On: []string{"survey.completed", "ticket.solved"},
				When: "has(event.metrics.csat) && csat >= 4", Agg: AggCount},
			{ID: "csat", Name: "Average CSAT", On: []string{"survey.completed", "ticket.solved"}, Agg: AggAvg, Metric: "csat",
				Periods: []string{PeriodWeek, PeriodMonth, PeriodSeason, PeriodAll}},
			{ID: "first_contact_resolutions", Name: "First-contact resolutions", On: []string{"ticket.solved"},
				Agg: AggSum, Metric: "first_contact_resolution"},
			{ID: "qa_excellent", Name: "Excellent QA reviews", On: []string{"qa.review"},
				When: "has(event.metrics.score) && score >= 90", Agg: AggCount},
			{ID: "trainings", Name: "Trainings completed", On: []string{"training.completed"}, Agg: AggCount},
			{ID: "kudos", Name: "Kudos received", On: []string{"kudos.received"}, Agg: AggCount},
		},
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
		Badges: []Badge{
			{ID: "customer_delight", Name: "Customer delight", Description: "Customers who rated you 4 or 5",
				Counter: "happy_customers", Tiers: []Tier{{"Bronze", 10}, {"Silver", 50}, {"Gold", 200}}},
			{ID: "quality_star", Name: "Quality star", Description: "QA reviews scored 90 or more",
				Counter: "qa_excellent", Tiers: []Tier{{"Bronze", 1}, {"Silver", 5}, {"Gold", 20}}},
			{ID: "problem_solver", Name: "Problem solver", Description: "Tickets resolved at first contact",
				Counter: "first_contact_resolutions", Tiers: []Tier{{"Bronze", 10}, {"Silver", 50}, {"Gold", 200}}},
			{ID: "lifelong_learner", Name: "Lifelong learner", Description: "Trainings and quizzes completed",
				Counter: "trainings", Tiers: []Tier{{"Bronze", 1}, {"Silver", 5}, {"Gold", 15}}},
			{ID: "team_player", Name: "Team player", Description: "Kudos from colleagues",
				Counter: "kudos", Tiers: []Tier{{"Bronze", 5}, {"Silver", 25}, {"Gold", 100}}},
			{ID: "quality_day", Name: "Quality day", Description: "100 quality points in one day, again any day",
				Points: "quality", Period: PeriodDay, Repeatable: true, Tiers: []Tier{{"Quality day", 100}}},
			{ID: "consistent", Name: "Consistent", Description: "Shifts in a row with a happy customer",
				Streak: "happy_shifts", Tiers: []Tier{{"Bronze", 3}, {"Silver", 10}, {"Gold", 30}}},
			{ID: "weekly_learner", Name: "Weekly learner", Description: "Won the weekly learning challenge", Repeatable: true},
		},
		Streaks: []Streak{
			{ID: "happy_shifts", Name: "Happy-customer streak", Counter: "happy_customers", Min: 1, Unit: UnitShift, Allowance: 1},
		},
		Challenges: []Challenge{
			{ID: "daily_delight", Name: "Delight today", Description: "A bit more happy customers than your usual day",
				Scope: ScopeAgent, Period: PeriodDay, Counter: "happy_customers", Target: 3,
				Adaptive: &Adaptive{Factor: 1.1, Stat: "median", Days: 28, MinDays: 5, Floor: 1},
				Reward:   Reward{Points: 25, Category: "quality"}},
			{ID: "weekly_learning", Name: "Learn something this week", Scope: ScopeAgent, Period: PeriodWeek,
				Counter: "trainings", Target: 2, Reward: Reward{Points: 30, Category: "learning", Badge: "weekly_learner"}},
			{ID: "team_blitz", Name: "Team happiness blitz", Description: "Launched by a supervisor for a few hours",
				Scope: ScopeTeam, Period: PeriodAdhoc, Counter: "happy_customers", Target: 20,
				Reward: Reward{Points: 100, Category: "teamwork"}},
		},
		TeamGoals: []TeamGoal{
			{ID: "weekly_happy", Name: "Happy customers this week", Counter: "happy_customers", Period: PeriodWeek, Target: 150},
		},
		Boards: []BoardSpec{
			{ID: "agents", Scope: "org", Metric: "points", Periods: allPeriods},
			{ID: "teams", Scope: "team", Metric: "points", Periods: append([]string(nil), allPeriods...)},
		},
	}
}
