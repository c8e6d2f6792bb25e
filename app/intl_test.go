package app

import "testing"

func TestIntlLangFallsBackToEnglish(t *testing.T) {
	for in, want := range map[string]string{"": "en", "xx": "en", "sv": "sv", "ru": "ru", "de-DE": "en"} {
		if got := intlLang(in); got != want {
			t.Errorf("intlLang(%q) = %q, want %q", in, got, want)
		}
	}
}
