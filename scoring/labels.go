package scoring

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Labels are what a ruleset calls one thing in each language people read,
// by language code: {"en": "Quality", "sv": "Kvalitet"}. A name without a
// label in the reader's language falls back to English, then to its plain
// name; ids are never shown.
type Labels map[string]string

// Languages are the language codes a label may have: the PWA's languages.
var Languages = []string{"en", "sv", "de", "fr", "ru"}

// Label lengths: names fit a tile or a board row; descriptions a sentence.
const (
	maxNameRunes        = 64
	maxDescriptionRunes = 200
)

var msgLanguage = "must be one of the language codes " + strings.Join(Languages, ", ")

// In is the label in lang, else the English one, else fallback.
func (l Labels) In(lang, fallback string) string {
	if s := l[lang]; s != "" {
		return s
	}
	if s := l["en"]; s != "" {
		return s
	}
	return fallback
}

// labels checks a Labels object at path: known language codes only, each
// label printable trimmed text of at most maxRunes.
func (c *compiler) labels(path string, l Labels, maxRunes int) {
	for _, lang := range slices.Sorted(maps.Keys(l)) {
		p := path + "/" + pointerEscape(lang)
		if !slices.Contains(Languages, lang) {
			c.add(p, msgLanguage)
			continue
		}
		if !validText(l[lang], maxRunes) {
			c.add(p, fmt.Sprintf("must be 1-%d printable characters, without spaces around", maxRunes))
		}
	}
}

// validText accepts text people read: printable, trimmed, 1-maxRunes runes.
func validText(s string, maxRunes int) bool {
	if s == "" || utf8.RuneCountInString(s) > maxRunes || !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// allLabels checks every label of a ruleset, and that category_labels only
// names declared categories.
func (c *compiler) allLabels(rs *Ruleset, cats map[string]bool) {
	for _, cat := range slices.Sorted(maps.Keys(rs.CategoryLabels)) {
		if !cats[cat] {
			c.add("/category_labels/"+pointerEscape(cat), fmt.Sprintf("%q is not one of the categories", cat))
		}
	}
	msgName := fmt.Sprintf("must be 1-%d printable characters, without spaces around", maxNameRunes)
	for i, r := range rs.PointRules {
		if r.Name != "" && !validText(r.Name, maxNameRunes) {
			c.add(fmt.Sprintf("/point_rules/%d/name", i), msgName)
		}
	}
	for i, b := range rs.Boards {
		if b.Name != "" && !validText(b.Name, maxNameRunes) {
			c.add(fmt.Sprintf("/boards/%d/name", i), msgName)
		}
	}
	eachLabels(rs, func(path string, l Labels, maxRunes int) {
		if strings.HasPrefix(path, "/category_labels/") && !cats[strings.TrimPrefix(path, "/category_labels/")] {
			return // reported above
		}
		c.labels(path, l, maxRunes)
	})
}

// eachLabels calls f with every Labels of a ruleset, at its JSON Pointer, in
// document order, with the most runes a label there may have.
func eachLabels(rs *Ruleset, f func(path string, l Labels, maxRunes int)) {
	for _, cat := range slices.Sorted(maps.Keys(rs.CategoryLabels)) {
		f("/category_labels/"+pointerEscape(cat), rs.CategoryLabels[cat], maxNameRunes)
	}
	at := func(section string, i int) string { return fmt.Sprintf("/%s/%d", section, i) }
	for i, r := range rs.PointRules {
		f(at("point_rules", i)+"/labels", r.Labels, maxNameRunes)
	}
	for i, l := range rs.Levels {
		f(at("levels", i)+"/labels", l.Labels, maxNameRunes)
	}
	for i, b := range rs.Boards {
		f(at("boards", i)+"/labels", b.Labels, maxNameRunes)
	}
	for i, x := range rs.Counters {
		f(at("counters", i)+"/labels", x.Labels, maxNameRunes)
	}
	for i, b := range rs.Badges {
		f(at("badges", i)+"/labels", b.Labels, maxNameRunes)
		f(at("badges", i)+"/description_labels", b.DescriptionLabels, maxDescriptionRunes)
		for j, t := range b.Tiers {
			f(fmt.Sprintf("%s/tiers/%d/labels", at("badges", i), j), t.Labels, maxNameRunes)
		}
	}
	for i, s := range rs.Streaks {
		f(at("streaks", i)+"/labels", s.Labels, maxNameRunes)
	}
	for i, ch := range rs.Challenges {
		f(at("challenges", i)+"/labels", ch.Labels, maxNameRunes)
		f(at("challenges", i)+"/description_labels", ch.DescriptionLabels, maxDescriptionRunes)
	}
	for i, g := range rs.TeamGoals {
		f(at("team_goals", i)+"/labels", g.Labels, maxNameRunes)
	}
	for i, s := range rs.Seasons {
		f(at("seasons", i)+"/labels", s.Labels, maxNameRunes)
	}
	if rs.Leagues != nil {
		for i, t := range rs.Leagues.Tiers {
			f(fmt.Sprintf("/leagues/tiers/%d/labels", i), t.Labels, maxNameRunes)
		}
	}
	if rs.Kudos != nil {
		for i, v := range rs.Kudos.Values {
			f(fmt.Sprintf("/kudos/values/%d/labels", i), v.Labels, maxValueRunes)
		}
	}
}

// missingLanguages warns about labels given in some languages but not all:
// readers of the others see the English label, or the plain name. Things
// with no labels at all are left alone, as a ruleset may well not use them.
func (w *warner) missingLanguages() {
	eachLabels(&w.e.rs, func(path string, l Labels, _ int) {
		if len(l) == 0 {
			return
		}
		var missing []string
		for _, lang := range Languages {
			if l[lang] == "" {
				missing = append(missing, lang)
			}
		}
		if len(missing) > 0 {
			w.add(path, fmt.Sprintf("has no label in %s; those readers see the English label or the name",
				strings.Join(missing, ", ")))
		}
	})
}

// cloneLabels gives a copy of the ruleset its own label maps, so an
// engine's ruleset cannot be changed through the caller's.
func cloneLabels(rs *Ruleset) {
	if rs.CategoryLabels != nil {
		m := make(map[string]Labels, len(rs.CategoryLabels))
		for k, v := range rs.CategoryLabels {
			m[k] = maps.Clone(v)
		}
		rs.CategoryLabels = m
	}
	for i := range rs.PointRules {
		rs.PointRules[i].Labels = maps.Clone(rs.PointRules[i].Labels)
	}
	for i := range rs.Levels {
		rs.Levels[i].Labels = maps.Clone(rs.Levels[i].Labels)
	}
	for i := range rs.Boards {
		rs.Boards[i].Labels = maps.Clone(rs.Boards[i].Labels)
	}
	for i := range rs.Counters {
		rs.Counters[i].Labels = maps.Clone(rs.Counters[i].Labels)
	}
	for i := range rs.Badges {
		b := &rs.Badges[i]
		b.Labels, b.DescriptionLabels = maps.Clone(b.Labels), maps.Clone(b.DescriptionLabels)
		for j := range b.Tiers {
			b.Tiers[j].Labels = maps.Clone(b.Tiers[j].Labels)
		}
	}
	for i := range rs.Streaks {
		rs.Streaks[i].Labels = maps.Clone(rs.Streaks[i].Labels)
	}
	for i := range rs.Challenges {
		ch := &rs.Challenges[i]
		ch.Labels, ch.DescriptionLabels = maps.Clone(ch.Labels), maps.Clone(ch.DescriptionLabels)
	}
	for i := range rs.TeamGoals {
		rs.TeamGoals[i].Labels = maps.Clone(rs.TeamGoals[i].Labels)
	}
	for i := range rs.Seasons {
		rs.Seasons[i].Labels = maps.Clone(rs.Seasons[i].Labels)
	}
}
