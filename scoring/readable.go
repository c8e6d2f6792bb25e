package scoring

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Constant is the formula's value when it is a plain number (rounded as
// the engine rounds awards), and false when it is a CEL expression.
func (f Formula) Constant() (int64, bool) {
	s := strings.TrimSpace(string(f))
	if !isJSONNumber(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	return int64(math.Round(v)), true
}

// presenceGuard matches has(event.metrics.x) and has(event.attrs.x), which
// only say a value must be there before a condition reads it.
var presenceGuard = regexp.MustCompile(`^has\(\s*event\.(metrics|attrs)\.[A-Za-z_][A-Za-z0-9_]*\s*\)$`)

// ReadableCondition is a condition without its presence guards, for
// people: "has(event.metrics.csat) && csat >= 4" reads "csat >= 4". A
// condition with || or parentheses around && is left whole, as dropping a
// term there could change its meaning to a reader.
func ReadableCondition(when string) string {
	when = strings.TrimSpace(when)
	if when == "" || strings.Contains(when, "||") {
		return when
	}
	parts := strings.Split(when, "&&")
	kept := make([]string, 0, len(parts))
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if strings.Count(p, "(") != strings.Count(p, ")") {
			return when // an && inside parentheses: not a plain conjunction
		}
		if presenceGuard.MatchString(p) {
			continue
		}
		kept = append(kept, strings.TrimSuffix(strings.TrimSuffix(p, "== true"), " "))
	}
	return strings.Join(kept, " && ")
}
