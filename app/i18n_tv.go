package app

// catalogTV holds the strings of the TV (display and wallboard), by language, then key.
var catalogTV = map[string]map[string]string{
	"en": {},
	"sv": {},
	"de": {},
	"fr": {},
	"ru": {},
}
