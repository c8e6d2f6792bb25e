package app

// catalogRewards holds the strings of kudos, the wallet, the store,
// redemptions and spotlights, by language, then key.
var catalogRewards = map[string]map[string]string{
	"en": {},
	"sv": {},
	"de": {},
	"fr": {},
	"ru": {},
}
