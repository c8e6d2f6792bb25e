package app

// Plural categories of CLDR (https://cldr.unicode.org, "Language Plural
// Rules") for the integers the PWA counts.
const (
	pluralOne   = "one"
	pluralFew   = "few"
	pluralMany  = "many"
	pluralOther = "other"
)

// pluralOf is the CLDR plural category of the integer n in lang.
func pluralOf(lang string, n int64) string {
	if n < 0 {
		n = -n
	}
	switch lang {
	case "fr":
		if n == 0 || n == 1 {
			return pluralOne
		}
		return pluralOther
	case "ru":
		mod10, mod100 := n%10, n%100
		switch {
		case mod10 == 1 && mod100 != 11:
			return pluralOne
		case mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14):
			return pluralFew
		default:
			return pluralMany
		}
	default: // en, sv, de
		if n == 1 {
			return pluralOne
		}
		return pluralOther
	}
}

// trn is tr for a sentence about n things: it looks up key+"."+category
// (falling back to key+".other"), with n as the first argument.
func trn(lang, key string, n int64, args ...any) string {
	cat := pluralOf(lang, n)
	full := append([]any{n}, args...)
	if _, ok := messages[lang][key+"."+cat]; ok {
		return tr(lang, key+"."+cat, full...)
	}
	return tr(lang, key+"."+pluralOther, full...)
}
