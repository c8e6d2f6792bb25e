package app

import (
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The browser's Intl knows every language's grouping, month names and date
// order as CLDR has them, so the PWA formats through it; formatInt and
// formatDate keep a table of their own only for the server-side render and
// for tests, which have no browser.

// intlNumber is n written by the browser's Intl for lang; false outside a
// browser.
func intlNumber(lang string, n int64) (string, bool) {
	if !goapp.IsClient {
		return "", false
	}
	lang = intlLang(lang)
	// A number is no object to call a method on from Go: call the method
	// with the number as its receiver.
	toLocale := goapp.Window().Get("Number").Get("prototype").Get("toLocaleString")
	return toLocale.Call("call", float64(n), lang).String(), true
}

// intlDate is the day of t ("26 nov. 2026") written by the browser's Intl
// for lang; false outside a browser.
func intlDate(lang string, t time.Time) (string, bool) {
	if !goapp.IsClient {
		return "", false
	}
	lang = intlLang(lang)
	d := goapp.Window().Get("Date").New(float64(t.UnixMilli()))
	opts := map[string]any{"day": "numeric", "month": "short", "year": "numeric"}
	return d.Call("toLocaleDateString", lang, opts).String(), true
}

// intlLang is lang when the PWA speaks it, else English: Intl throws on an
// empty or malformed tag, and a view may render before its language is known.
func intlLang(lang string) string {
	if _, ok := messages[lang]; ok {
		return lang
	}
	return defaultLang
}
