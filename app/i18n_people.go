package app

// catalogPeople holds the strings of faces, photos and consent, by language, then key.
var catalogPeople = map[string]map[string]string{
	"en": {
		"people.anonymous":     "Anonymous",
		"people.unnamed_team":  "A team",
		"people.unnamed_agent": "An agent",
	},
	"sv": {
		"people.anonymous":     "Anonym",
		"people.unnamed_team":  "Ett lag",
		"people.unnamed_agent": "En agent",
	},
	"de": {
		"people.anonymous":     "Anonym",
		"people.unnamed_team":  "Ein Team",
		"people.unnamed_agent": "Ein Agent",
	},
	"fr": {
		"people.anonymous":     "Anonyme",
		"people.unnamed_team":  "Une équipe",
		"people.unnamed_agent": "Un agent",
	},
	"ru": {
		"people.anonymous":     "Аноним",
		"people.unnamed_team":  "Команда",
		"people.unnamed_agent": "Сотрудник",
	},
}
