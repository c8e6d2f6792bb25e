package app

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// Kinds of things a ruleset names; with an id they look a name up in the
// glossary.
const (
	nameCategory  = "category"
	nameLevel     = "level" // id: the level's number
	nameRule      = "rule"
	nameBadge     = "badge"
	nameTier      = "tier" // id: "<badge>/<tier>"
	nameStreak    = "streak"
	nameChallenge = "challenge"
	nameGoal      = "goal"
	nameBoard     = "board"
	nameSeason    = "season"
)

// glossary holds the names a ruleset gives things, per language, for the
// version in force. Views keep a copy observed from go-app's state and ask
// it for every name they show, so no id ever reaches a person.
type glossary struct {
	Version int
	// Names maps kind+"/"+id to the name by language code.
	Names map[string]map[string]string
}

// name is the thing's name in lang, else in English, else fallback (the
// name the server sent), else a readable word for the kind: never the id.
func (g glossary) name(lang, kind, id, fallback string) string {
	if byLang, ok := g.Names[kind+"/"+id]; ok {
		if s := byLang[lang]; s != "" {
			return s
		}
		if s := byLang[defaultLang]; s != "" {
			return s
		}
	}
	if fallback != "" {
		return fallback
	}
	return tr(lang, "words.unnamed_"+kind)
}

// observeGlossary keeps *g up to date with the ruleset in force: fetched
// once per tab, and again when a new version is published.
func observeGlossary(ctx goapp.Context, g *glossary) {
	ctx.ObserveState(glossaryKey, g)
}

const glossaryKey = "scorecast.glossary"
