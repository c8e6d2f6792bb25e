package app

// catalogAdmin holds the strings of the admin pages, by language, then key.
var catalogAdmin = map[string]map[string]string{
	"en": {},
	"sv": {},
	"de": {},
	"fr": {},
	"ru": {},
}
