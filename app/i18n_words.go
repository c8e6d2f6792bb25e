package app

// catalogWords holds the strings of ruleset names, plurals and the points guide, by language, then key.
var catalogWords = map[string]map[string]string{
	"en": {},
	"sv": {},
	"de": {},
	"fr": {},
	"ru": {},
}
