package app

// catalogPeople holds the strings of faces, photos and consent, by language, then key.
var catalogPeople = map[string]map[string]string{
	"en": {},
	"sv": {},
	"de": {},
	"fr": {},
	"ru": {},
}
