package app

// catalogTV holds the strings of the TV (display and wallboard), by language, then key.
var catalogTV = map[string]map[string]string{
	"en": {
		"tv.podium":        "Top three",
		"tv.cel_level":     "Level %d!",
		"tv.cel_badge":     "New badge!",
		"tv.cel_challenge": "Challenge won!",
		"tv.cel_goal":      "Goal reached!",
	},
	"sv": {
		"tv.podium":        "Topp tre",
		"tv.cel_level":     "Nivå %d!",
		"tv.cel_badge":     "Nytt märke!",
		"tv.cel_challenge": "Utmaningen vunnen!",
		"tv.cel_goal":      "Målet nått!",
	},
	"de": {
		"tv.podium":        "Die ersten drei",
		"tv.cel_level":     "Level %d!",
		"tv.cel_badge":     "Neues Abzeichen!",
		"tv.cel_challenge": "Challenge gewonnen!",
		"tv.cel_goal":      "Ziel erreicht!",
	},
	"fr": {
		"tv.podium":        "Le podium",
		"tv.cel_level":     "Niveau %d !",
		"tv.cel_badge":     "Nouveau badge !",
		"tv.cel_challenge": "Défi remporté !",
		"tv.cel_goal":      "Objectif atteint !",
	},
	"ru": {
		"tv.podium":        "Тройка лидеров",
		"tv.cel_level":     "Уровень %d!",
		"tv.cel_badge":     "Новый значок!",
		"tv.cel_challenge": "Задание выполнено!",
		"tv.cel_goal":      "Цель достигнута!",
	},
}
