package app

import (
	"strconv"
	"strings"
)

// groupSep is the thousands separator by language.
var groupSep = map[string]string{
	"en": ",",
	"sv": "\u00a0", // no-break space
	"de": ".",
	"fr": "\u202f", // narrow no-break space
	"ru": "\u00a0",
}

// formatInt writes n with the language's thousands grouping, e.g. 12,500
// (en), 12 500 (sv), 12.500 (de).
func formatInt(lang string, n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	sep, ok := groupSep[lang]
	if !ok {
		sep = groupSep[defaultLang]
	}
	if len(s) <= 3 || (len(s) == 4 && (lang == "sv" || lang == "fr" || lang == "ru")) {
		// Swedish, French and Russian leave four-digit numbers ungrouped.
		if neg {
			return "-" + s
		}
		return s
	}
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	head := len(s) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(s[:head])
	for i := head; i < len(s); i += 3 {
		b.WriteString(sep)
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// signedPoints writes +25 or −5 with grouping.
func signedPoints(lang string, n int64) string {
	if n < 0 {
		return "−" + formatInt(lang, -n)
	}
	return "+" + formatInt(lang, n)
}

// humanizeID turns a rule or category id such as "first_contact_resolution"
// into "first contact resolution" for display.
func humanizeID(id string) string {
	return strings.TrimSpace(strings.NewReplacer("_", " ", ".", " ").Replace(id))
}

// levelProgress is the width of the level bar in percent (0-100): the XP
// position between the current level's start and the next level's start.
// On the top level (next == 0) the bar is full.
func levelProgress(xp, levelXP, nextXP int64) float64 {
	if nextXP <= 0 {
		return 100
	}
	span := nextXP - levelXP
	if span <= 0 {
		return 100
	}
	p := float64(xp-levelXP) * 100 / float64(span)
	switch {
	case p < 0:
		return 0
	case p > 100:
		return 100
	}
	return p
}

// share is n as a percentage of max (0-100), for leaderboard bars.
func share(n, max int64) float64 {
	if max <= 0 || n <= 0 {
		return 0
	}
	if n >= max {
		return 100
	}
	return float64(n) * 100 / float64(max)
}

// pct writes a CSS percentage with two decimals.
func pct(p float64) string {
	return strconv.FormatFloat(p, 'f', 2, 64) + "%"
}

// rankText is the rank as a plain number, or an en dash when unranked.
func rankText(rank int) string {
	if rank <= 0 {
		return "–"
	}
	return strconv.Itoa(rank)
}
