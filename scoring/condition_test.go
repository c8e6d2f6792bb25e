package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The has(event.metrics.m) guards of a condition's top-level conjunction are
// checked in Go and CEL runs only the rest; a condition is left whole when
// its other terms are not all typed bool, when it is no conjunction, and
// when its cost is counted as it runs. TestReplayMatchesGolden shows that
// the outcomes are those of the whole condition.
func TestConditionGuardsTakenOut(t *testing.T) {
	for _, tc := range []struct {
		when  string
		needs []string
		rest  bool
	}{
		{`has(event.metrics.csat) && csat >= 4`, []string{"csat"}, true},
		{`has(event.metrics.csat)`, []string{"csat"}, false},
		{`has(event.metrics.a) && has(event.metrics.b)`, []string{"a", "b"}, false},
		{`score > 1 && has(event.metrics.csat) && (has(event.metrics.x) && x < 3)`, []string{"csat", "x"}, true},
		{`has(event.metrics.fcr) && fcr`, nil, true},                          // fcr is dyn
		{`has(event.metrics.csat) || score > 1`, nil, true},                   // no conjunction
		{`has(event.attrs.channel) && event.attrs.channel == "x"`, nil, true}, // not a metric
		{`has(event.metrics.x) && event.attrs.all(k, k != "")`, nil, true},    // cost counted
		{`csat >= 4`, nil, true},
	} {
		rs := DefaultRuleset()
		rs.PointRules = []PointRule{{ID: "r", On: "t", Category: rs.Categories[0], When: tc.when, Points: "1"}}
		e := mustCompile(t, rs)
		when := e.rules[0].when
		assert.Equal(t, tc.needs, when.needs, tc.when)
		assert.Equal(t, tc.rest, when.rest != nil, tc.when)
	}
}
