package app

// catalogAgentView holds the strings of the agent's own pages, by language, then key.
var catalogAgentView = map[string]map[string]string{
	"en": {},
	"sv": {},
	"de": {},
	"fr": {},
	"ru": {},
}
