package app

import (
	"strconv"
	"strings"
	"time"
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
	if s, ok := intlNumber(lang, n); ok {
		return s
	}
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

// formatFloat writes a progress or target value: whole numbers grouped,
// others with one decimal in the language's decimal mark.
func formatFloat(lang string, f float64) string {
	if f == float64(int64(f)) {
		return formatInt(lang, int64(f))
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// timeLeft says how long until a deadline, e.g. "2 d 4 h left".
func timeLeft(lang string, d time.Duration) string {
	switch {
	case d <= 0:
		return tr(lang, "time.over")
	case d >= 24*time.Hour:
		return tr(lang, "time.left_dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
	case d >= time.Hour:
		return tr(lang, "time.left_hm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return tr(lang, "time.left_m", max(1, int(d/time.Minute)))
}

// formatClock is a time of day in 24-hour form, which all five languages read.
func formatClock(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("15:04:05")
}

// monthsShort are abbreviated month names by language.
var monthsShort = map[string][12]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"sv": {"jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."},
	"de": {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	"ru": {"янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."},
}

// formatDate writes a day in the language's order: "Nov 26, 2026" (en),
// "26 nov. 2026" (sv, fr, ru), "26. Nov. 2026" (de).
func formatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if s, ok := intlDate(lang, t); ok {
		return s
	}
	t = t.Local()
	names, ok := monthsShort[lang]
	if !ok {
		names, lang = monthsShort[defaultLang], defaultLang
	}
	m := names[t.Month()-1]
	switch lang {
	case "en":
		return m + " " + strconv.Itoa(t.Day()) + ", " + strconv.Itoa(t.Year())
	case "de":
		return strconv.Itoa(t.Day()) + ". " + m + " " + strconv.Itoa(t.Year())
	}
	return strconv.Itoa(t.Day()) + " " + m + " " + strconv.Itoa(t.Year())
}

// formatDateTime is formatDate plus the time of day.
func formatDateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatDate(lang, t) + " " + t.Local().Format("15:04")
}

func itoa(n int) string { return strconv.Itoa(n) }

// statusText translates a status word of the wire (awarded, completed ...),
// keeping unknown ones as they are.
func statusText(lang, s string) string {
	if s == "" {
		return ""
	}
	if _, ok := messages[defaultLang]["status."+s]; ok {
		return tr(lang, "status."+s)
	}
	return s
}

// timeNow is the wall clock, read only while rendering "time left".
func timeNow() time.Time { return time.Now() }

// percentText writes a whole percentage the language's way ("42 %" in
// French, Swedish, German and Russian; "42%" in English).
func percentText(lang string, p float64) string {
	n := formatInt(lang, int64(p))
	if lang == "en" {
		return n + "%"
	}
	return n + "\u202f%"
}
