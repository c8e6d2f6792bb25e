package app

import "testing"

func TestFormatInt(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "0"},
		{"en", 999, "999"},
		{"en", 1250, "1,250"},
		{"en", -1234567, "-1,234,567"},
		{"de", 1250, "1.250"},
		{"sv", 1250, "1250"},
		{"sv", 12500, "12\u00a0500"},
		{"fr", 1234567, "1\u202f234\u202f567"},
		{"ru", 100000, "100\u00a0000"},
		{"xx", 1000, "1,000"},
	} {
		if got := formatInt(c.lang, c.n); got != c.want {
			t.Errorf("formatInt(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestLevelProgress(t *testing.T) {
	for _, c := range []struct {
		xp, from, next int64
		want           float64
	}{
		{150, 100, 200, 50},
		{100, 100, 200, 0},
		{250, 100, 200, 100},
		{5000, 4000, 0, 100}, // top level
		{50, 100, 200, 0},
	} {
		if got := levelProgress(c.xp, c.from, c.next); got != c.want {
			t.Errorf("levelProgress(%d, %d, %d) = %v, want %v", c.xp, c.from, c.next, got, c.want)
		}
	}
}

func TestRankText(t *testing.T) {
	if rankText(0) != "–" || rankText(3) != "3" {
		t.Error(rankText(0), rankText(3))
	}
}
