package app

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// Kinds of things a ruleset names; with an id they look a name up in the
// glossary.
const (
	nameCategory  = "category"
	nameLevel     = "level" // id: the level's number
	nameRule      = "rule"
	nameBadge     = "badge"
	nameTier      = "tier" // id: "<badge>/<tier>", the tier's number from 1
	nameStreak    = "streak"
	nameChallenge = "challenge"
	nameGoal      = "goal"
	nameBoard     = "board"
	nameSeason    = "season"
	nameCounter   = "counter"
	nameValue     = "value" // one of the org's values a kudos names (the guide's kudos section)
)

// challengeRulePrefix starts the rule of a challenge's reward points
// ("challenge:daily_delight"): the engine credits them like a rule's.
const challengeRulePrefix = "challenge:"

// guidePath is where the ruleset in force is read as data for people.
const guidePath = "/api/v1/ruleset/guide"

// glossary holds the names a ruleset gives things, per language, for the
// version in force. Views keep a copy observed from go-app's state and ask
// it for every name they show, so no id ever reaches a person.
type glossary struct {
	Version int
	// Names maps kind+"/"+id to the name by language code.
	Names map[string]map[string]string
	// Descs maps kind+"/"+id to the description by language code, for
	// badges and challenges.
	Descs map[string]map[string]string
	// Guide is the ruleset as the server described it; Version 0 until it
	// has arrived.
	Guide shared.Guide
	// Err is why the last fetch failed; the names of before stay.
	Err string
}

// name is the thing's name in lang, else in English, else fallback (the
// name the server sent), else a readable word for the kind: never the id.
func (g glossary) name(lang, kind, id, fallback string) string {
	if kind == nameRule && strings.HasPrefix(id, challengeRulePrefix) {
		// Reward points come from a challenge, not a rule.
		kind, id = nameChallenge, strings.TrimPrefix(id, challengeRulePrefix)
		if fallback == "" || strings.HasPrefix(fallback, challengeRulePrefix) {
			fallback = ""
		}
	}
	if s := pick(g.Names[kind+"/"+id], lang); s != "" {
		return s
	}
	if fallback != "" && fallback != id {
		return fallback
	}
	if (kind == nameCategory || kind == nameValue) && id != "" {
		// A category or a kudos value is only ever named by its id, a
		// plain word such as "quality", when the ruleset gives it no label
		// (a value of an older version, say, on an old kudos).
		return capitalize(humanizeID(id))
	}
	return tr(lang, "words.unnamed_"+kind)
}

// refName names what gave a ledger entry's coins in lang, else fallback:
// a rule's id, or "badge:<id>", "challenge:<id>", "goal:<id>", as the
// engine's Outcome.CoinsRef writes it (rule ids have no colon). A ref of
// another kind gives "", which the caller words itself.
func (g glossary) refName(lang, ref, fallback string) string {
	kind, id, ok := strings.Cut(ref, ":")
	switch {
	case ref == "":
		return ""
	case !ok:
		return g.name(lang, nameRule, ref, fallback)
	case id == "":
		return ""
	case kind == nameBadge || kind == nameChallenge || kind == nameGoal:
		return g.name(lang, kind, id, fallback)
	}
	return ""
}

// description is a badge's or challenge's description in lang, else in
// English, else fallback.
func (g glossary) description(lang, kind, id, fallback string) string {
	if s := pick(g.Descs[kind+"/"+id], lang); s != "" {
		return s
	}
	return fallback
}

// pick is the label in lang, else the English one.
func pick(byLang map[string]string, lang string) string {
	if s := byLang[lang]; s != "" {
		return s
	}
	return byLang[defaultLang]
}

// tierID is the glossary id of a badge's tier n (from 1).
func tierID(badge string, n int) string { return badge + "/" + strconv.Itoa(n) }

// newGlossary indexes a guide's names. A thing without labels is known by
// its plain name in English; a category without labels by its id made
// readable, as the id is all a ruleset gives it.
func newGlossary(gd shared.Guide) glossary {
	g := glossary{Version: gd.Version, Guide: gd, Names: map[string]map[string]string{}, Descs: map[string]map[string]string{}}
	put := func(kind, id, plain string, labels map[string]string) {
		byLang := map[string]string{}
		for k, v := range labels {
			byLang[k] = v
		}
		if byLang[defaultLang] == "" && plain != "" {
			byLang[defaultLang] = plain
		}
		if len(byLang) > 0 {
			g.Names[kind+"/"+id] = byLang
		}
	}
	desc := func(kind, id, plain string, labels map[string]string) {
		byLang := map[string]string{}
		for k, v := range labels {
			byLang[k] = v
		}
		if byLang[defaultLang] == "" && plain != "" {
			byLang[defaultLang] = plain
		}
		if len(byLang) > 0 {
			g.Descs[kind+"/"+id] = byLang
		}
	}
	for _, c := range gd.Categories {
		put(nameCategory, c.ID, capitalize(humanizeID(c.ID)), c.Labels)
	}
	for _, r := range gd.Rules {
		put(nameRule, r.ID, r.Name, r.Labels)
	}
	for _, l := range gd.Levels {
		put(nameLevel, strconv.Itoa(l.Number), l.Name, l.Labels)
	}
	for _, c := range gd.Counters {
		put(nameCounter, c.ID, c.Name, c.Labels)
	}
	for _, b := range gd.Badges {
		put(nameBadge, b.ID, b.Name, b.Labels)
		desc(nameBadge, b.ID, b.Description, b.DescriptionLabels)
		for _, t := range b.Tiers {
			put(nameTier, tierID(b.ID, t.Number), t.Name, t.Labels)
		}
	}
	for _, s := range gd.Streaks {
		put(nameStreak, s.ID, s.Name, s.Labels)
	}
	for _, c := range gd.Challenges {
		put(nameChallenge, c.ID, c.Name, c.Labels)
		desc(nameChallenge, c.ID, c.Description, c.DescriptionLabels)
	}
	for _, x := range gd.Goals {
		put(nameGoal, x.ID, x.Name, x.Labels)
	}
	for _, b := range gd.Boards {
		put(nameBoard, b.ID, b.Name, b.Labels)
	}
	for _, s := range gd.Seasons {
		put(nameSeason, s.ID, s.Name, s.Labels)
	}
	if gd.Kudos != nil {
		for _, v := range gd.Kudos.Values {
			put(nameValue, v.ID, v.Name, v.Labels)
		}
	}
	return g
}

// capitalize upper-cases the first letter.
func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// glossaryFetch is the state of the tab's guide fetch: asked once per tab,
// and again for each newer version announced on the org topic.
type glossaryFetch struct {
	Busy bool
	Want int // the newest version announced; 0: none
}

const (
	glossaryKey      = "scorecast.glossary"
	glossaryFetchKey = "scorecast.glossary.fetch"
)

// observeGlossary keeps *g up to date with the ruleset in force: fetched
// once per tab, and again when a new version is published (a "ruleset"
// message on the org topic, which the tab's live client passes to
// glossaryAnnounced; pages that want names to change live follow org).
// The observer is returned for an OnChange or While.
func observeGlossary(ctx goapp.Context, g *glossary) goapp.Observer {
	o := ctx.ObserveState(glossaryKey, g)
	if g.Version == 0 && goapp.IsClient {
		// Through an action, whose handler has the body's context: an
		// answer dispatched to a page left meanwhile would be dropped.
		ctx.NewActionWithValue(actionGlossaryFetch, glossaryWant{Token: ctx.Page().URL().Query().Get("token")})
	}
	return o
}

// actionGlossaryFetch asks the tab to fetch the guide; its value is a
// glossaryWant.
const actionGlossaryFetch = "scorecast/glossary-fetch"

// glossaryWant is a version to fetch at least (0: the one in force) and
// the display token to fetch it with, if any.
type glossaryWant struct {
	Version int
	Token   string
}

// handleGlossaryFetch is the handler of actionGlossaryFetch (see Routes).
// go-app runs it on a goroutine of its own with the body's context, which
// never dismounts; the state is touched on the UI goroutine.
func handleGlossaryFetch(ctx goapp.Context, a goapp.Action) {
	want, _ := a.Value.(glossaryWant)
	ctx.Dispatch(func(ctx goapp.Context) { fetchGlossary(ctx, want) })
}

// glossaryAnnounced is told of a version put in force, on the UI goroutine
// with the body's context; it refetches the guide unless the tab has that
// version already.
func glossaryAnnounced(ctx goapp.Context, version int) {
	var have glossary
	ctx.GetState(glossaryKey, &have)
	if version > have.Version {
		fetchGlossary(ctx, glossaryWant{Version: version, Token: ctx.Page().URL().Query().Get("token")})
	}
}

// fetchGlossary fetches the guide unless a fetch is under way, which then
// fetches again when it ends if it got an older version than wanted. It
// runs on the UI goroutine, so the check and the mark cannot interleave,
// with a context that does not dismount.
func fetchGlossary(ctx goapp.Context, want glossaryWant) {
	var f glossaryFetch
	ctx.GetState(glossaryFetchKey, &f)
	f.Want = max(f.Want, want.Version)
	if f.Busy {
		ctx.SetState(glossaryFetchKey, f)
		return
	}
	f.Busy = true
	ctx.SetState(glossaryFetchKey, f)
	ctx.Async(func() {
		var gd shared.Guide
		err := apiCall{Path: guidePath, Token: want.Token}.fetch(ctx, &gd)
		ctx.Dispatch(func(ctx goapp.Context) {
			var f glossaryFetch
			ctx.GetState(glossaryFetchKey, &f)
			f.Busy = false
			ctx.SetState(glossaryFetchKey, f)
			var have glossary
			ctx.GetState(glossaryKey, &have)
			if err != nil {
				have.Err = fmt.Sprintf("GET %s: %v", guidePath, err)
				ctx.SetState(glossaryKey, have)
				return
			}
			if gd.Version >= have.Version {
				ctx.SetState(glossaryKey, newGlossary(gd))
			}
			if f.Want > gd.Version {
				// Announced while this fetch was on its way, and the
				// answer was older: once more, and only once.
				f.Want = 0
				ctx.SetState(glossaryFetchKey, f)
				fetchGlossary(ctx, glossaryWant{Token: want.Token})
			}
		})
	})
}

// rulesetVersion is the version a "ruleset" message announces, 0 when it
// cannot be read.
func rulesetVersion(m shared.Message) int {
	var d shared.RulesetData
	if json.Unmarshal(m.Data, &d) != nil {
		return 0
	}
	return d.Version
}
