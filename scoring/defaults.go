package scoring

// DefaultRuleset is the ruleset a new install starts with. It follows the
// research in DESIGN.md: outcomes the customer or a reviewer confirms (CSAT,
// first-contact resolution, QA score) are worth several times plain volume,
// and volume and speed are capped per day so they cannot be farmed. Badges,
// the streak and the challenges reward quality and learning, never raw
// volume; the streak forgives a day off; the daily challenge adapts to each
// agent's own baseline; the team goal is shared. Coins, the store's
// currency, come from badges, challenges, the team goal and a few quality
// rules (a five-star survey, a top QA review), about 30 to 80 a week for an
// active agent (TestDefaultCoinEconomy), so a store item of 100 to 500 is a
// goal of weeks. Kudos are scarce (three a week) and weigh double from
// level 5. docs/rules.md explains it.
func DefaultRuleset() Ruleset {
	dayCap := func(max int64) *Cap { return &Cap{Period: PeriodDay, Max: max} }
	allPeriods := []string{PeriodDay, PeriodWeek, PeriodMonth, PeriodAll}
	// l makes labels from the five languages, in the order of Languages.
	l := func(en, sv, de, fr, ru string) Labels {
		return Labels{"en": en, "sv": sv, "de": de, "fr": fr, "ru": ru}
	}
	bronze := func(min float64) Tier {
		return Tier{Name: "Bronze", Min: min, Labels: l("Bronze", "Brons", "Bronze", "Bronze", "Бронза")}
	}
	silver := func(min float64) Tier {
		return Tier{Name: "Silver", Min: min, Labels: l("Silver", "Silver", "Silber", "Argent", "Серебро")}
	}
	gold := func(min float64) Tier {
		return Tier{Name: "Gold", Min: min, Labels: l("Gold", "Guld", "Gold", "Or", "Золото")}
	}
	tiers := func(b, s, g float64) []Tier { return []Tier{bronze(b), silver(s), gold(g)} }
	qualityDay := l("Quality day", "Kvalitetsdag", "Qualitätstag", "Journée qualité", "День качества")
	return Ruleset{
		Timezone:   "Europe/Stockholm",
		Categories: []string{"quality", "speed", "volume", "adherence", "learning", "teamwork"},
		CategoryLabels: map[string]Labels{
			"quality":   l("Quality", "Kvalitet", "Qualität", "Qualité", "Качество"),
			"speed":     l("Speed", "Snabbhet", "Tempo", "Rapidité", "Скорость"),
			"volume":    l("Volume", "Volym", "Volumen", "Volume", "Объём"),
			"adherence": l("Adherence", "Schemaföljsamhet", "Planeinhaltung", "Respect du planning", "Соблюдение графика"),
			"learning":  l("Learning", "Lärande", "Lernen", "Apprentissage", "Обучение"),
			"teamwork":  l("Teamwork", "Lagarbete", "Teamarbeit", "Esprit d'équipe", "Командная работа"),
		},
		Counters: []Counter{
			{ID: "contacts", Name: "Contacts handled", On: []string{"call.completed", "chat.completed", "ticket.solved"}, Agg: AggCount,
				Labels: l("Contacts handled", "Hanterade kontakter", "Bearbeitete Kontakte", "Contacts traités", "Обработанные обращения")},
			{ID: "happy_customers", Name: "Happy customers", On: []string{"survey.completed", "ticket.solved"},
				When: "has(event.metrics.csat) && csat >= 4", Agg: AggCount,
				Labels: l("Happy customers", "Nöjda kunder", "Zufriedene Kunden", "Clients satisfaits", "Довольные клиенты")},
			{ID: "csat", Name: "Average CSAT", On: []string{"survey.completed", "ticket.solved"}, Agg: AggAvg, Metric: "csat",
				Periods: []string{PeriodDay, PeriodWeek, PeriodMonth, PeriodSeason, PeriodAll},
				Labels:  l("Average CSAT", "Genomsnittlig CSAT", "Durchschnittlicher CSAT", "CSAT moyen", "Средний CSAT")},
			{ID: "first_contact_resolutions", Name: "First-contact resolutions", On: []string{"ticket.solved"},
				Agg: AggSum, Metric: "first_contact_resolution",
				Labels: l("First-contact resolutions", "Lösta vid första kontakt", "Erstlösungen", "Résolutions au premier contact", "Решено с первого обращения")},
			{ID: "qa_excellent", Name: "Excellent QA reviews", On: []string{"qa.review"},
				When: "has(event.metrics.score) && score >= 90", Agg: AggCount,
				Labels: l("Excellent QA reviews", "Utmärkta QA-granskningar", "Exzellente QA-Bewertungen", "Évaluations qualité excellentes", "Отличные оценки качества")},
			// A quiz taken counts as a training: the learning badge and
			// challenge count both.
			{ID: "trainings", Name: "Trainings completed", On: []string{"training.completed", "quiz.completed"}, Agg: AggCount,
				Labels: l("Trainings completed", "Genomförda utbildningar", "Abgeschlossene Schulungen", "Formations suivies", "Пройденные обучения")},
			{ID: "kudos", Name: "Kudos received", On: []string{"kudos.received"}, Agg: AggCount,
				Labels: l("Kudos received", "Mottagna kudos", "Erhaltenes Lob", "Félicitations reçues", "Полученные благодарности")},
			// The supervisor's scorecard reads these two beside csat.
			{ID: "handle_time", Name: "Average handle time", On: []string{"call.completed", "chat.completed"}, Agg: AggAvg,
				Metric: "handle_seconds", Periods: []string{PeriodDay, PeriodWeek, PeriodMonth},
				Labels: l("Average handle time", "Genomsnittlig hanteringstid", "Durchschnittliche Bearbeitungszeit", "Durée moyenne de traitement", "Среднее время обработки")},
			{ID: "qa_score", Name: "Average QA score", On: []string{"qa.review"}, Agg: AggAvg,
				Metric: "score", Periods: []string{PeriodDay, PeriodWeek, PeriodMonth},
				Labels: l("Average QA score", "Genomsnittligt QA-betyg", "Durchschnittliche QA-Bewertung", "Note qualité moyenne", "Средняя оценка качества")},
		},
		PointRules: []PointRule{
			{ID: "ticket.solved", Name: "Ticket solved", On: "ticket.solved", Points: "10", Category: "volume", Cap: dayCap(200),
				Labels: l("Ticket solved", "Ärende löst", "Ticket gelöst", "Ticket résolu", "Заявка решена")},
			{ID: "ticket.first_contact_resolution", Name: "Solved at first contact", On: "ticket.solved",
				When:   "has(event.metrics.first_contact_resolution) && first_contact_resolution == true",
				Points: "20", Category: "quality",
				Labels: l("Solved at first contact", "Löst vid första kontakt", "Beim ersten Kontakt gelöst", "Résolu au premier contact", "Решено с первого обращения")},
			// Some ticketing systems attach the survey to the ticket itself.
			{ID: "ticket.csat", Name: "Happy customer on a ticket", On: "ticket.solved", When: "has(event.metrics.csat) && csat >= 4",
				Points: "(csat - 3) * 15", Coins: "csat >= 5 ? 1 : 0", Category: "quality",
				Labels: l("Happy customer on a ticket", "Nöjd kund på ett ärende", "Zufriedener Kunde bei einem Ticket", "Client satisfait sur un ticket", "Довольный клиент по заявке")},
			{ID: "call.completed", Name: "Call completed", On: "call.completed", Points: "5", Category: "volume", Cap: dayCap(150),
				Labels: l("Call completed", "Samtal avslutat", "Anruf abgeschlossen", "Appel terminé", "Звонок завершён")},
			{ID: "call.fast", Name: "Quick call (under 5 minutes)", On: "call.completed", When: "has(event.metrics.handle_seconds) && handle_seconds < 300",
				Points: "5", Category: "speed", Cap: dayCap(50),
				Labels: l("Quick call (under 5 minutes)", "Snabbt samtal (under 5 minuter)", "Schneller Anruf (unter 5 Minuten)", "Appel rapide (moins de 5 minutes)", "Быстрый звонок (до 5 минут)")},
			{ID: "chat.completed", Name: "Chat completed", On: "chat.completed", Points: "5", Category: "volume", Cap: dayCap(150),
				Labels: l("Chat completed", "Chatt avslutad", "Chat abgeschlossen", "Chat terminé", "Чат завершён")},
			{ID: "survey.csat", Name: "Happy customer in a survey", On: "survey.completed", When: "has(event.metrics.csat) && csat >= 4",
				Points: "(csat - 3) * 15", Coins: "csat >= 5 ? 1 : 0", Category: "quality",
				Labels: l("Happy customer in a survey", "Nöjd kund i en enkät", "Zufriedener Kunde in einer Umfrage", "Client satisfait dans une enquête", "Довольный клиент в опросе")},
			{ID: "qa.excellent", Name: "Excellent QA review (90+)", On: "qa.review", When: "has(event.metrics.score) && score >= 90",
				Points: "40", Coins: "10", Category: "quality",
				Labels: l("Excellent QA review (90+)", "Utmärkt QA-granskning (90+)", "Exzellente QA-Bewertung (90+)", "Excellente évaluation qualité (90+)", "Отличная оценка качества (90+)")},
			{ID: "schedule.adherence", Name: "On schedule (95%+)", On: "schedule.adherence", When: "has(event.metrics.adherence) && adherence >= 0.95",
				Points: "15", Category: "adherence", Cap: dayCap(15),
				Labels: l("On schedule (95%+)", "Följde schemat (95 %+)", "Plan eingehalten (95 %+)", "Planning respecté (95 %+)", "График соблюдён (95%+)")},
			{ID: "training.completed", Name: "Training completed", On: "training.completed", Points: "25", Category: "learning", Cap: dayCap(50),
				Labels: l("Training completed", "Utbildning genomförd", "Schulung abgeschlossen", "Formation terminée", "Обучение пройдено")},
			// A quiz scores each right answer and pays coins for a perfect
			// score; the question of the day a little when right. Each
			// counts once per agent (quiz or day), so they cannot be farmed.
			{ID: "quiz.completed", Name: "Quiz completed", On: "quiz.completed", Points: "5 * event.metrics.?score.orValue(0)",
				Coins: "has(event.metrics.percent) && percent >= 100 ? 5 : 0", Category: "learning", Cap: dayCap(100),
				Labels: l("Quiz completed", "Quiz genomfört", "Quiz abgeschlossen", "Quiz terminé", "Тест пройден")},
			{ID: "quiz.answered", Name: "Question of the day right", On: "quiz.answered",
				When: "has(event.metrics.correct) && correct == true", Points: "2", Category: "learning",
				Labels: l("Question of the day right", "Dagens fråga rätt", "Frage des Tages richtig", "Question du jour réussie", "Вопрос дня: верно")},
			// A kudos weighs what its giver's level lends it (the weight
			// metric); one ingested from elsewhere without it weighs 1. Kudos
			// give no coins, so two friends cannot mint them for each other.
			{ID: "kudos.received", Name: "Kudos from a colleague", On: "kudos.received",
				Points: "10 * event.metrics.?weight.orValue(1)", Category: "teamwork", Cap: dayCap(30),
				Labels: l("Kudos from a colleague", "Kudos från en kollega", "Lob von Kollegen", "Félicitations d'un collègue", "Благодарность от коллеги")},
		},
		Levels: []Level{
			{Name: "Rookie", XP: 0, Labels: l("Rookie", "Nybörjare", "Neuling", "Débutant", "Новичок")},
			{Name: "Apprentice", XP: 100, Labels: l("Apprentice", "Lärling", "Lehrling", "Apprenti", "Ученик")},
			{Name: "Pro", XP: 300, Labels: l("Pro", "Proffs", "Profi", "Pro", "Профи")},
			{Name: "Expert", XP: 600, Labels: l("Expert", "Expert", "Experte", "Expert", "Эксперт")},
			{Name: "Specialist", XP: 1000, Labels: l("Specialist", "Specialist", "Spezialist", "Spécialiste", "Специалист")},
			{Name: "Veteran", XP: 1600, Labels: l("Veteran", "Veteran", "Veteran", "Vétéran", "Ветеран")},
			{Name: "Master", XP: 2500, Labels: l("Master", "Mästare", "Meister", "Maître", "Мастер")},
			{Name: "Champion", XP: 3800, Labels: l("Champion", "Segrare", "Champion", "Champion", "Чемпион")},
			{Name: "Legend", XP: 5500, Labels: l("Legend", "Legend", "Legende", "Légende", "Легенда")},
			{Name: "Icon", XP: 8000, Labels: l("Icon", "Ikon", "Ikone", "Icône", "Икона")},
		},
		Badges: []Badge{
			{ID: "customer_delight", Name: "Customer delight", Description: "Customers who rated you 4 or 5",
				Counter: "happy_customers", Tiers: tiers(10, 50, 200), Coins: 20,
				Labels:            l("Customer delight", "Kundglädje", "Kundenfreude", "Clients ravis", "Радость клиентов"),
				DescriptionLabels: l("Customers who rated you 4 or 5", "Kunder som gav dig 4 eller 5", "Kunden, die dir 4 oder 5 gaben", "Clients qui vous ont donné 4 ou 5", "Клиенты, поставившие вам 4 или 5")},
			{ID: "quality_star", Name: "Quality star", Description: "QA reviews scored 90 or more",
				Counter: "qa_excellent", Tiers: tiers(1, 5, 20), Coins: 20,
				Labels:            l("Quality star", "Kvalitetsstjärna", "Qualitätsstar", "Étoile de la qualité", "Звезда качества"),
				DescriptionLabels: l("QA reviews scored 90 or more", "QA-granskningar med 90 eller mer", "QA-Bewertungen mit 90 oder mehr", "Évaluations qualité de 90 ou plus", "Оценки качества от 90 баллов")},
			{ID: "problem_solver", Name: "Problem solver", Description: "Tickets resolved at first contact",
				Counter: "first_contact_resolutions", Tiers: tiers(10, 50, 200), Coins: 20,
				Labels:            l("Problem solver", "Problemlösare", "Problemlöser", "As de la résolution", "Мастер решений"),
				DescriptionLabels: l("Tickets resolved at first contact", "Ärenden lösta vid första kontakt", "Beim ersten Kontakt gelöste Tickets", "Tickets résolus au premier contact", "Заявки, решённые с первого обращения")},
			{ID: "lifelong_learner", Name: "Lifelong learner", Description: "Trainings and quizzes completed",
				Counter: "trainings", Tiers: tiers(1, 5, 15), Coins: 20,
				Labels:            l("Lifelong learner", "Livslång lärare", "Lebenslang lernen", "Apprenant à vie", "Вечный ученик"),
				DescriptionLabels: l("Trainings and quizzes completed", "Genomförda utbildningar och quiz", "Abgeschlossene Schulungen und Quiz", "Formations et quiz terminés", "Пройденные обучения и тесты")},
			{ID: "team_player", Name: "Team player", Description: "Kudos from colleagues",
				Counter: "kudos", Tiers: tiers(5, 25, 100), Coins: 20,
				Labels:            l("Team player", "Lagspelare", "Teamplayer", "Coéquipier", "Командный игрок"),
				DescriptionLabels: l("Kudos from colleagues", "Kudos från kollegor", "Lob von Kollegen", "Félicitations de collègues", "Благодарности от коллег")},
			{ID: "quality_day", Name: "Quality day", Description: "100 quality points in one day, again any day",
				// Earned most days by a careful agent, so worth a little each time.
				Points: "quality", Period: PeriodDay, Repeatable: true, Tiers: []Tier{{Name: "Quality day", Min: 100, Labels: qualityDay}}, Coins: 2,
				Labels:            qualityDay,
				DescriptionLabels: l("100 quality points in one day, again any day", "100 kvalitetspoäng på en dag, varje dag på nytt", "100 Qualitätspunkte an einem Tag, jeden Tag neu", "100 points qualité en une journée, chaque jour à nouveau", "100 баллов качества за день, снова каждый день")},
			{ID: "consistent", Name: "Consistent", Description: "Shifts in a row with a happy customer",
				Streak: "happy_shifts", Tiers: tiers(3, 10, 30), Coins: 20,
				Labels:            l("Consistent", "Stabil", "Beständig", "Régulier", "Стабильность"),
				DescriptionLabels: l("Shifts in a row with a happy customer", "Pass i rad med en nöjd kund", "Schichten in Folge mit einem zufriedenen Kunden", "Services d'affilée avec un client satisfait", "Смены подряд с довольным клиентом")},
			{ID: "weekly_learner", Name: "Weekly learner", Description: "Won the weekly learning challenge", Repeatable: true, Coins: 5,
				Labels:            l("Weekly learner", "Veckans lärande", "Lernprofi der Woche", "Apprenant de la semaine", "Ученик недели"),
				DescriptionLabels: l("Won the weekly learning challenge", "Vann veckans lärandeutmaning", "Die Lern-Challenge der Woche geschafft", "A réussi le défi d'apprentissage de la semaine", "Задание недели по обучению выполнено")},
		},
		Streaks: []Streak{
			{ID: "happy_shifts", Name: "Happy-customer streak", Counter: "happy_customers", Min: 1, Unit: UnitShift, Allowance: 1,
				Freezes: &Freezes{EarnEvery: 5, MaxHeld: 2},
				Labels:  l("Happy-customer streak", "Svit med nöjda kunder", "Serie zufriedener Kunden", "Série de clients satisfaits", "Серия довольных клиентов")},
		},
		Challenges: []Challenge{
			{ID: "daily_delight", Name: "Delight today", Description: "A bit more happy customers than your usual day",
				Scope: ScopeAgent, Period: PeriodDay, Counter: "happy_customers", Target: 3,
				Adaptive: &Adaptive{Factor: 1.1, Stat: "median", Days: 28, MinDays: 5, Floor: 1},
				Reward:   Reward{Points: 25, Coins: 3, Category: "quality"},
				Labels:   l("Delight today", "Glädje i dag", "Heute begeistern", "Ravir aujourd'hui", "Порадуйте сегодня"),
				DescriptionLabels: l("A bit more happy customers than your usual day", "Lite fler nöjda kunder än en vanlig dag",
					"Etwas mehr zufriedene Kunden als an einem üblichen Tag", "Un peu plus de clients satisfaits qu'un jour habituel",
					"Чуть больше довольных клиентов, чем в обычный день")},
			{ID: "weekly_learning", Name: "Learn something this week", Scope: ScopeAgent, Period: PeriodWeek,
				Counter: "trainings", Target: 2, Reward: Reward{Points: 30, Coins: 10, Category: "learning", Badge: "weekly_learner"},
				Labels: l("Learn something this week", "Lär dig något den här veckan", "Lerne diese Woche etwas", "Apprenez quelque chose cette semaine", "Узнайте новое на этой неделе")},
			{ID: "team_blitz", Name: "Team happiness blitz", Description: "Launched by a supervisor for a few hours",
				Scope: ScopeTeam, Period: PeriodAdhoc, Counter: "happy_customers", Target: 20,
				Reward: Reward{Points: 100, Coins: 15, Category: "teamwork"},
				Labels: l("Team happiness blitz", "Lagets glädjeblixt", "Team-Blitz: zufriedene Kunden", "Blitz bonheur d'équipe", "Командный блиц радости"),
				DescriptionLabels: l("Launched by a supervisor for a few hours", "Startas av en gruppledare under några timmar",
					"Von einer Teamleitung für einige Stunden gestartet", "Lancé par un superviseur pour quelques heures",
					"Запускается руководителем на несколько часов")},
			// A template for co-op quests: two to six agents, any shifts, one shared count.
			{ID: "pair_up", Name: "Pair up", Description: "Contacts handled together with your partners",
				Scope: ScopeAgent, Period: PeriodAdhoc, Counter: "contacts", Target: 30,
				Reward: Reward{Points: 40, Coins: 10, Category: "teamwork"},
				Labels: l("Pair up", "Tillsammans", "Gemeinsam", "En binôme", "Вместе"),
				DescriptionLabels: l("Contacts handled together with your partners", "Kontakter ni hanterar tillsammans",
					"Gemeinsam bearbeitete Kontakte", "Contacts traités avec vos partenaires", "Обращения, обработанные вместе с партнёрами")},
		},
		TeamGoals: []TeamGoal{
			{ID: "weekly_happy", Name: "Happy customers this week", Counter: "happy_customers", Period: PeriodWeek, Target: 150, Coins: 10,
				Labels: l("Happy customers this week", "Nöjda kunder den här veckan", "Zufriedene Kunden diese Woche", "Clients satisfaits cette semaine", "Довольные клиенты за неделю")},
		},
		Kudos: &Kudos{Allowance: 3, Period: PeriodWeek,
			Values: []KudosValue{
				{ID: "helpful", Name: "Helpful", Labels: l("Helpful", "Hjälpsam", "Hilfsbereit", "Serviable", "Отзывчивость")},
				{ID: "customer_first", Name: "Customer first",
					Labels: l("Customer first", "Kunden först", "Kunde zuerst", "Le client d'abord", "Клиент прежде всего")},
				{ID: "team_player", Name: "Team player", Labels: l("Team player", "Lagspelare", "Teamplayer", "Esprit d'équipe", "Командный игрок")},
				{ID: "above_and_beyond", Name: "Above and beyond",
					Labels: l("Above and beyond", "Över förväntan", "Über sich hinaus", "Au-delà des attentes", "Сверх ожиданий")},
			},
			// Recognition from someone who has been around weighs more.
			Weights: []KudosWeight{{Level: 5, Weight: 2}},
		},
		// Weekly leagues of about 30 alike by level: the top five move up,
		// the bottom five (if below the median) down.
		Leagues: &Leagues{Size: 30, Promote: 5, Demote: 5, Cohort: CohortByLevel, Tiers: []LeagueTier{
			{ID: "bronze", Name: "Bronze", Labels: l("Bronze", "Brons", "Bronze", "Bronze", "Бронза")},
			{ID: "silver", Name: "Silver", Labels: l("Silver", "Silver", "Silber", "Argent", "Серебро")},
			{ID: "gold", Name: "Gold", Labels: l("Gold", "Guld", "Gold", "Or", "Золото")},
			{ID: "sapphire", Name: "Sapphire", Labels: l("Sapphire", "Safir", "Saphir", "Saphir", "Сапфир")},
			{ID: "diamond", Name: "Diamond", Labels: l("Diamond", "Diamant", "Diamant", "Diamant", "Алмаз")},
		}},
		Boards: []BoardSpec{
			{ID: "agents", Name: "Agents", Scope: "org", Metric: "points", Periods: allPeriods,
				Labels: l("Agents", "Agenter", "Agenten", "Agents", "Сотрудники")},
			{ID: "teams", Name: "Teams", Scope: "team", Metric: "points", Periods: append([]string(nil), allPeriods...),
				Labels: l("Teams", "Lag", "Teams", "Équipes", "Команды")},
		},
	}
}
