package app

// catalogFloor holds the strings of the supervisor's scorecard, home and admin forms, by language, then key.
var catalogFloor = map[string]map[string]string{
	"en": {},
	"sv": {},
	"de": {},
	"fr": {},
	"ru": {},
}
