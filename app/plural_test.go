package app

import "testing"

func TestPluralOfFollowsCLDR(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1, pluralOne}, {"en", 0, pluralOther}, {"en", 2, pluralOther},
		{"sv", 1, pluralOne}, {"de", 21, pluralOther},
		{"fr", 0, pluralOne}, {"fr", 1, pluralOne}, {"fr", 2, pluralOther},
		{"ru", 1, pluralOne}, {"ru", 21, pluralOne}, {"ru", 11, pluralMany},
		{"ru", 2, pluralFew}, {"ru", 24, pluralFew}, {"ru", 12, pluralMany},
		{"ru", 5, pluralMany}, {"ru", 0, pluralMany}, {"ru", 111, pluralMany}, {"ru", 102, pluralFew},
	} {
		if got := pluralOf(c.lang, c.n); got != c.want {
			t.Errorf("pluralOf(%s, %d) = %s, want %s", c.lang, c.n, got, c.want)
		}
	}
}
