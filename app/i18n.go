package app

import (
	"fmt"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Languages the PWA speaks, in the order the language switch lists them.
var languages = []struct{ Code, Name string }{
	{"en", "English"},
	{"sv", "Svenska"},
	{"de", "Deutsch"},
	{"fr", "Français"},
	{"ru", "Русский"},
}

const defaultLang = "en"

// langStorageKey is the LocalStorage key that keeps the chosen language.
const langStorageKey = "scorecast.lang"

// messages holds every user-visible string by language, then key. Values are
// fmt formats; every language must use the same verbs in the same order as
// English (i18n_test.go checks it).
var messages = mergeCatalogs(
	map[string]map[string]string{
		"en": messagesEN,
		"sv": messagesSV,
		"de": messagesDE,
		"fr": messagesFR,
		"ru": messagesRU,
	},
	catalogTV, catalogAgentView, catalogPeople, catalogWords, catalogFloor, catalogAdmin, catalogRewards, catalogRewardsFrRu, catalogCoop, catalogLeagues, catalogStreaks, catalogQuizzes,
)

// mergeCatalogs joins per-area catalogs (language, then key) into one table,
// so each area of the PWA keeps its strings in a file of its own. A key set
// twice is a mistake that TestCatalogsDisjoint reports.
func mergeCatalogs(catalogs ...map[string]map[string]string) map[string]map[string]string {
	out := make(map[string]map[string]string)
	for _, c := range catalogs {
		for lang, table := range c {
			if out[lang] == nil {
				out[lang] = make(map[string]string)
			}
			for k, v := range table {
				out[lang][k] = v
			}
		}
	}
	return out
}

// tr returns the string for key in lang, formatted with args. It falls back
// to English, then to the key itself, so a missing entry is visible but
// never breaks a view.
func tr(lang, key string, args ...any) string {
	s, ok := messages[lang][key]
	if !ok {
		s, ok = messages[defaultLang][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// normLang maps a BCP 47 tag such as "sv-SE" or "de" to a supported
// language code, or "" when none fits.
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if tag == "nb" || tag == "nn" || tag == "no" {
		return "" // Norwegian readers would get English; Swedish is no safe guess
	}
	if _, ok := messages[tag]; ok {
		return tag
	}
	return ""
}

// loadLang picks the language: ?lang= in the page's address (for TVs that
// have no keyboard), else the stored choice, else the browser's preferred
// languages, else English. It only reads.
func loadLang(ctx goapp.Context) string {
	if u := ctx.Page().URL(); u != nil {
		if l := normLang(u.Query().Get("lang")); l != "" {
			return l
		}
	}
	var stored string
	if err := ctx.LocalStorage().Get(langStorageKey, &stored); err == nil {
		if l := normLang(stored); l != "" {
			return l
		}
	}
	if goapp.IsClient {
		nav := goapp.Window().Get("navigator")
		if langs := nav.Get("languages"); langs.Truthy() {
			for i := 0; i < langs.Length(); i++ {
				if l := normLang(langs.Index(i).String()); l != "" {
					return l
				}
			}
		}
		if l := nav.Get("language"); l.Truthy() {
			if l := normLang(l.String()); l != "" {
				return l
			}
		}
	}
	return defaultLang
}

// saveLang keeps the chosen language and sets the document's lang attribute.
func saveLang(ctx goapp.Context, lang string) {
	if err := ctx.LocalStorage().Set(langStorageKey, lang); err != nil {
		goapp.Log("scorecast: saving language:", err)
	}
	setDocumentLang(lang)
}

func setDocumentLang(lang string) {
	if goapp.IsClient {
		goapp.Window().Get("document").Get("documentElement").Set("lang", lang)
	}
}

// langSelect renders the keyboard-accessible language switch. onPick runs on
// the UI goroutine with the chosen code.
func langSelect(lang string, onPick func(ctx goapp.Context, lang string)) goapp.UI {
	return goapp.Label().Class("lang").Body(
		goapp.Span().Class("visually-hidden").Text(tr(lang, "app.language")),
		goapp.Select().
			ID("lang").
			Aria("label", tr(lang, "app.language")).
			OnChange(func(ctx goapp.Context, e goapp.Event) {
				if l := normLang(ctx.JSSrc().Get("value").String()); l != "" {
					onPick(ctx, l)
				}
			}).
			Body(goapp.Range(languages).Slice(func(i int) goapp.UI {
				return goapp.Option().
					Value(languages[i].Code).
					Selected(languages[i].Code == lang).
					Lang(languages[i].Code).
					Text(languages[i].Name)
			})),
	)
}
