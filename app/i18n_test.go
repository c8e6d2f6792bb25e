package app

import (
	"regexp"
	"slices"
	"testing"
)

var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestMessagesComplete checks that every language has every key, no extra
// keys, no empty strings, and the same format verbs as English.
func TestMessagesComplete(t *testing.T) {
	en := messages[defaultLang]
	if len(en) == 0 {
		t.Fatal("no English strings")
	}
	for _, l := range languages {
		table, ok := messages[l.Code]
		if !ok {
			t.Errorf("language %s has no table", l.Code)
			continue
		}
		for key, ref := range en {
			s, ok := table[key]
			if !ok {
				t.Errorf("%s: missing key %q", l.Code, key)
				continue
			}
			if s == "" {
				t.Errorf("%s: empty string for %q", l.Code, key)
			}
			if a, b := verbRE.FindAllString(ref, -1), verbRE.FindAllString(s, -1); !slices.Equal(a, b) {
				t.Errorf("%s: %q has verbs %v, English has %v", l.Code, key, b, a)
			}
		}
		for key := range table {
			if _, ok := en[key]; !ok {
				t.Errorf("%s: key %q is not in English", l.Code, key)
			}
		}
	}
	if len(messages) != len(languages) {
		t.Errorf("%d tables for %d languages", len(messages), len(languages))
	}
}

// TestConnStatesTranslated checks that every connection state has a label.
func TestConnStatesTranslated(t *testing.T) {
	for _, s := range []string{connConnecting, connLive, connReconnecting, connOffline} {
		if _, ok := messages[defaultLang]["conn."+s]; !ok {
			t.Errorf("no label for connection state %q", s)
		}
	}
}

func TestNormLang(t *testing.T) {
	for in, want := range map[string]string{
		"sv-SE": "sv", "de": "de", "fr-CA": "fr", "ru_RU": "ru", "EN-gb": "en",
		"es": "", "": "", "nb-NO": "",
	} {
		if got := normLang(in); got != want {
			t.Errorf("normLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTrFallback(t *testing.T) {
	if got := tr("xx", "wall.teams"); got != "Teams today" {
		t.Errorf("fallback to English: %q", got)
	}
	if got := tr("en", "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
	if got := tr("de", "agent.xp_to_next", "1.200", 4); got != "1.200 XP bis Level 4" {
		t.Errorf("format: %q", got)
	}
}

// TestCatalogsDisjoint checks that no two area catalogs set the same key.
func TestCatalogsDisjoint(t *testing.T) {
	seen := map[string]int{}
	base := map[string]map[string]string{"en": messagesEN}
	for i, c := range []map[string]map[string]string{base, catalogTV, catalogAgentView, catalogPeople, catalogWords, catalogFloor, catalogAdmin, catalogRewards, catalogRewardsFrRu, catalogCoop, catalogLeagues, catalogStreaks, catalogQuizzes} {
		for key := range c[defaultLang] {
			if j, ok := seen[key]; ok {
				t.Errorf("key %q is in catalogs %d and %d", key, j, i)
			}
			seen[key] = i
		}
	}
}
