package app

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The rules form: one card per section of the ruleset (point rules,
// levels, badges, streaks, challenges, team goals), each item a
// disclosure titled by a sentence in the viewer's language. Every field
// writes straight into the document (admin_doc.go), so the JSON tab and
// the form never disagree, and a problem the server reports at a JSON
// Pointer is shown under the field at that pointer.

// fieldKind is how a field is edited.
type fieldKind int

const (
	fkText      fieldKind = iota // a string; empty removes it
	fkNumber                     // a JSON number; empty removes it
	fkFormula                    // a number, or CEL text when it is not one
	fkSelect                     // one of Options; "" removes it
	fkEvent                      // an event type: free text with suggestions
	fkBool                       // a checkbox; false removes it
	fkCond                       // the condition builder with its free CEL field
	fkCriterion                  // a badge's counter, streak or points
	fkTiers                      // a badge's tiers: name and minimum
)

// formField is one field of an item; Key is its path inside the item.
type formField struct {
	Key     string
	Label   string // catalog key
	Kind    fieldKind
	Options func(tree map[string]any) []string
	// Show hides a field that means nothing in the item as it is (a cap's
	// maximum without a cap period).
	Show func(item any) bool
}

// formSection is one list of the ruleset.
type formSection struct {
	Key    string
	Title  string // catalog key
	Add    string // catalog key of the add button
	Fields []formField
	// New is a fresh item, valid once its blanks are filled.
	New func(tree map[string]any, n int) string
}

// Option lists the forms offer, from the document as it is now.
func optCategories(tree map[string]any) []string { return treeStrings(tree["categories"]) }
func optCounters(tree map[string]any) []string   { return idsOf(tree["counters"]) }
func optStreaks(tree map[string]any) []string    { return idsOf(tree["streaks"]) }
func optBadges(tree map[string]any) []string     { return idsOf(tree["badges"]) }
func optList(vs ...string) func(map[string]any) []string {
	return func(map[string]any) []string { return vs }
}

func idsOf(v any) []string {
	var out []string
	for _, it := range treeList(v) {
		if id := treeString(treeGet(it, "id")); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// knownEvents are the event types of API.md; a ruleset may use others.
var knownEvents = []string{"ticket.solved", "call.completed", "chat.completed", "survey.completed", "qa.review", "schedule.adherence", "training.completed", "kudos.received"}

// eventTypes are the known types and every type the document uses.
func eventTypes(tree map[string]any) []string {
	out := slices.Clone(knownEvents)
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, r := range treeList(tree["point_rules"]) {
		add(treeString(treeGet(r, "on")))
	}
	for _, c := range treeList(tree["counters"]) {
		for _, on := range treeStrings(treeGet(c, "on")) {
			add(on)
		}
	}
	return out
}

// metricsOf are the metric names the document's conditions mention, for
// the condition builder's suggestions.
func metricsOf(tree map[string]any) []string {
	seen := map[string]bool{"csat": true, "first_contact_resolution": true, "handle_seconds": true, "score": true, "adherence": true}
	for _, sec := range []string{"point_rules", "counters"} {
		for _, r := range treeList(tree[sec]) {
			conds, _ := parseConditions(treeString(treeGet(r, "when")))
			for _, c := range conds {
				seen[c.Metric] = true
			}
			if m := treeString(treeGet(r, "metric")); m != "" {
				seen[m] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

func hasCap(item any) bool { return treeGet(item, "cap") != nil }

// Periods as each part accepts them (scoring validates the same lists).
var (
	capPeriods       = []string{"day", "week", "month", "all"}
	badgePeriods     = []string{"day", "week", "month", "season", "all"}
	challengePeriods = []string{"day", "week", "month", "season", "adhoc"}
	goalPeriods      = []string{"day", "week", "month", "season"}
)

// formSections are the sections the forms edit, in the order shown.
var formSections = []formSection{
	{Key: "point_rules", Title: "admin.sec_point_rules", Add: "admin.add_rule",
		Fields: []formField{
			{Key: "id", Label: "admin.f_id", Kind: fkText},
			{Key: "on", Label: "admin.f_on", Kind: fkEvent},
			{Key: "when", Label: "admin.f_when", Kind: fkCond},
			{Key: "points", Label: "admin.f_points", Kind: fkFormula},
			{Key: "category", Label: "admin.f_category", Kind: fkSelect, Options: optCategories},
			{Key: "cap/period", Label: "admin.f_cap_period", Kind: fkSelect, Options: optList(capPeriods...)},
			{Key: "cap/max", Label: "admin.f_cap_max", Kind: fkNumber, Show: hasCap},
		},
		New: func(tree map[string]any, n int) string {
			cat := firstOf(optCategories(tree)...)
			return `{"id":` + strconv.Quote("rule_"+strconv.Itoa(n+1)) + `,"on":"ticket.solved","points":10,"category":` + strconv.Quote(cat) + `}`
		}},
	{Key: "levels", Title: "admin.sec_levels", Add: "admin.add_level",
		Fields: []formField{
			{Key: "name", Label: "admin.f_name", Kind: fkText},
			{Key: "xp", Label: "admin.f_xp", Kind: fkNumber},
		},
		New: func(tree map[string]any, n int) string {
			last := int64(0)
			for _, l := range treeList(tree["levels"]) {
				if x, err := strconv.ParseInt(treeString(treeGet(l, "xp")), 10, 64); err == nil && x > last {
					last = x
				}
			}
			return `{"name":` + strconv.Quote("Level "+strconv.Itoa(n+1)) + `,"xp":` + strconv.FormatInt(last+1000, 10) + `}`
		}},
	{Key: "badges", Title: "admin.sec_badges", Add: "admin.add_badge",
		Fields: []formField{
			{Key: "id", Label: "admin.f_id", Kind: fkText},
			{Key: "name", Label: "admin.f_name", Kind: fkText},
			{Key: "description", Label: "admin.f_description", Kind: fkText},
			{Key: "criterion", Label: "admin.f_criterion", Kind: fkCriterion},
			{Key: "period", Label: "admin.f_period", Kind: fkSelect, Options: optList(badgePeriods...)},
			{Key: "tiers", Label: "admin.f_tiers", Kind: fkTiers},
			{Key: "repeatable", Label: "admin.f_repeatable", Kind: fkBool},
		},
		New: func(tree map[string]any, n int) string {
			return `{"id":` + strconv.Quote("badge_"+strconv.Itoa(n+1)) + `,"name":"New badge","counter":` + strconv.Quote(firstOf(optCounters(tree)...)) + `,"tiers":[{"name":"Bronze","min":1}]}`
		}},
	{Key: "streaks", Title: "admin.sec_streaks", Add: "admin.add_streak",
		Fields: []formField{
			{Key: "id", Label: "admin.f_id", Kind: fkText},
			{Key: "name", Label: "admin.f_name", Kind: fkText},
			{Key: "counter", Label: "admin.f_counter", Kind: fkSelect, Options: optCounters},
			{Key: "min", Label: "admin.f_min", Kind: fkNumber},
			{Key: "unit", Label: "admin.f_unit", Kind: fkSelect, Options: optList("day", "shift")},
			{Key: "allowance", Label: "admin.f_allowance", Kind: fkNumber},
		},
		New: func(tree map[string]any, n int) string {
			return `{"id":` + strconv.Quote("streak_"+strconv.Itoa(n+1)) + `,"name":"New streak","counter":` + strconv.Quote(firstOf(optCounters(tree)...)) + `,"min":1}`
		}},
	{Key: "challenges", Title: "admin.sec_challenges", Add: "admin.add_challenge",
		Fields: []formField{
			{Key: "id", Label: "admin.f_id", Kind: fkText},
			{Key: "name", Label: "admin.f_name", Kind: fkText},
			{Key: "description", Label: "admin.f_description", Kind: fkText},
			{Key: "scope", Label: "admin.f_scope", Kind: fkSelect, Options: optList("agent", "team")},
			{Key: "period", Label: "admin.f_period", Kind: fkSelect, Options: optList(challengePeriods...)},
			{Key: "counter", Label: "admin.f_counter", Kind: fkSelect, Options: optCounters},
			{Key: "target", Label: "admin.f_target", Kind: fkNumber},
			{Key: "reward/points", Label: "admin.f_reward_points", Kind: fkNumber},
			{Key: "reward/category", Label: "admin.f_reward_category", Kind: fkSelect, Options: optCategories},
			{Key: "reward/badge", Label: "admin.f_reward_badge", Kind: fkSelect, Options: optBadges},
		},
		New: func(tree map[string]any, n int) string {
			return `{"id":` + strconv.Quote("challenge_"+strconv.Itoa(n+1)) + `,"name":"New challenge","scope":"agent","period":"day","counter":` +
				strconv.Quote(firstOf(optCounters(tree)...)) + `,"target":5,"reward":{"points":25,"category":` + strconv.Quote(firstOf(optCategories(tree)...)) + `}}`
		}},
	{Key: "team_goals", Title: "admin.sec_team_goals", Add: "admin.add_goal",
		Fields: []formField{
			{Key: "id", Label: "admin.f_id", Kind: fkText},
			{Key: "name", Label: "admin.f_name", Kind: fkText},
			{Key: "counter", Label: "admin.f_counter", Kind: fkSelect, Options: optCounters},
			{Key: "period", Label: "admin.f_period", Kind: fkSelect, Options: optList(goalPeriods...)},
			{Key: "target", Label: "admin.f_target", Kind: fkNumber},
		},
		New: func(tree map[string]any, n int) string {
			return `{"id":` + strconv.Quote("goal_"+strconv.Itoa(n+1)) + `,"name":"New team goal","counter":` + strconv.Quote(firstOf(optCounters(tree)...)) + `,"period":"week","target":100}`
		}},
}

// criterionKeys are the members of a badge of which at most one is set.
var criterionKeys = []string{"counter", "streak", "points"}

// fieldValue turns what a person typed into the JSON the field holds; ok
// false means "remove the member".
func fieldValue(kind fieldKind, s string) (json.RawMessage, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	switch kind {
	case fkNumber:
		if _, err := strconv.ParseFloat(s, 64); err == nil && json.Valid([]byte(s)) {
			return json.RawMessage(s), true
		}
	case fkFormula:
		if json.Valid([]byte(s)) {
			if _, err := strconv.ParseFloat(s, 64); err == nil {
				return json.RawMessage(s), true
			}
		}
	case fkBool:
		if s != "true" {
			return nil, false
		}
		return json.RawMessage("true"), true
	}
	b, _ := json.Marshal(s)
	return b, true
}

// setField writes one field of an item; an emptied cap period removes the
// whole cap, and an emptied labels object goes too.
func setField(doc []byte, section string, i int, key string, kind fieldKind, value string) ([]byte, error) {
	base := []string{section, strconv.Itoa(i)}
	path := append(slices.Clone(base), strings.Split(key, "/")...)
	raw, keep := fieldValue(kind, value)
	if key == "cap/period" && !keep {
		return docDelete(doc, append(base, "cap"))
	}
	var err error
	if keep {
		doc, err = docSet(doc, path, raw)
	} else {
		doc, err = docDelete(doc, path)
	}
	if err != nil {
		return nil, err
	}
	if key == "cap/period" && docGet(doc, append(base, "cap", "max")) == nil {
		// A cap needs a maximum; 100 stands until the admin sets one.
		doc, err = docSet(doc, append(base, "cap", "max"), json.RawMessage("100"))
	}
	if parent := path[:len(path)-1]; err == nil && len(parent) > 2 {
		if string(docGet(doc, parent)) == "{}" {
			doc, err = docDelete(doc, parent)
		}
	}
	return doc, err
}

// docName is what an item is called in lang: its label, then its English
// label, then its name, then its id.
func docName(item any, lang string) string {
	return firstOf(
		treeString(treeGet(item, "labels", lang)),
		treeString(treeGet(item, "labels", defaultLang)),
		treeString(treeGet(item, "name")),
		treeString(treeGet(item, "id")),
	)
}

// categoryName is a category as people read it in lang.
func categoryName(tree map[string]any, lang, cat string) string {
	return firstOf(
		treeString(treeGet(tree, "category_labels", cat, lang)),
		treeString(treeGet(tree, "category_labels", cat, defaultLang)),
		cat,
	)
}

// eventPhrase is "a ticket is solved" for ticket.solved.
func eventPhrase(lang, on string) string {
	if slices.Contains(knownEvents, on) {
		return tr(lang, "admin.ev_"+on)
	}
	return tr(lang, "admin.ev_other", on)
}

// opSign is how a comparison reads.
func opSign(op string) string {
	switch op {
	case ">=":
		return "≥"
	case "<=":
		return "≤"
	case "!=":
		return "≠"
	case "==":
		return "="
	}
	return op
}

// ruleSentence is a point rule in words: "When a ticket is solved and
// csat ≥ 4 → +20 Quality, at most 200 a day".
func ruleSentence(tree map[string]any, lang string, rule any) string {
	s := tr(lang, "admin.rule_when", eventPhrase(lang, treeString(treeGet(rule, "on"))))
	when := treeString(treeGet(rule, "when"))
	if conds, ok := parseConditions(when); ok {
		for _, c := range conds {
			cond := c.Metric + " " + opSign(c.Op) + " " + c.Value
			if c.Op == "==" && c.Value == "true" {
				cond = c.Metric
			}
			s += tr(lang, "admin.rule_and", cond)
		}
	} else {
		s += tr(lang, "admin.rule_if_cel")
	}
	s += " → " + tr(lang, "admin.rule_gives", treeString(treeGet(rule, "points")), categoryName(tree, lang, treeString(treeGet(rule, "category"))))
	if max := treeString(treeGet(rule, "cap", "max")); max != "" {
		s += ", " + tr(lang, "admin.cap_"+firstOf(treeString(treeGet(rule, "cap", "period")), "day"), max)
	}
	return s
}

// itemTitle is the line a collapsed item shows.
func itemTitle(tree map[string]any, lang, section string, item any) string {
	switch section {
	case "point_rules":
		return ruleSentence(tree, lang, item)
	case "levels":
		return tr(lang, "admin.level_title", docName(item, lang), treeString(treeGet(item, "xp")))
	case "challenges", "team_goals":
		return tr(lang, "admin.target_title", docName(item, lang), treeString(treeGet(item, "target")), treeString(treeGet(item, "counter")))
	}
	return docName(item, lang)
}

// problemsUnder are the problems at ptr or inside it.
func problemsUnder(ps []problem, ptr string) []problem {
	var out []problem
	for _, p := range ps {
		if p.Path == ptr || strings.HasPrefix(p.Path, ptr+"/") {
			out = append(out, p)
		}
	}
	return out
}

// formPlaces are the pointers the form shows problems at; a problem at
// none of them is listed at the top with a way to the JSON tab.
func formPlaces(tree map[string]any) map[string]bool {
	places := map[string]bool{"/categories": true, "/category_labels": true}
	for _, sec := range formSections {
		for i := range treeList(tree[sec.Key]) {
			places[pointerOf(sec.Key, strconv.Itoa(i))] = true
		}
	}
	return places
}

// unplaced are the problems the form has no place for.
func unplaced(ps []problem, places map[string]bool) []problem {
	var out []problem
	for _, p := range ps {
		found := false
		for pl := range places {
			found = found || p.Path == pl || strings.HasPrefix(p.Path, pl+"/")
		}
		if !found {
			out = append(out, p)
		}
	}
	return out
}

// fieldID is a field's element id: unique, and stable across renders.
func fieldID(section string, i int, key string) string {
	return "f-" + section + "-" + strconv.Itoa(i) + "-" + strings.ReplaceAll(key, "/", "-")
}
