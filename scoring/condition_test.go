package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// conditionsAgree checks that a condition gives the same on each event
// with its guards taken out as whole.
func conditionsAgree(t *testing.T, when string, evs []Event) {
	t.Helper()
	rs := DefaultRuleset()
	rs.PointRules = []PointRule{{ID: "r", On: "t", Category: rs.Categories[0], When: when, Points: "1"}}
	split, err := Compile(rs)
	if err != nil {
		return // not a condition
	}
	whole, err := compile(rs, compiler{wholeConditions: true})
	require.NoError(t, err)
	for _, ev := range evs {
		s1, s2 := split.scratch(&ev), whole.scratch(&ev)
		ok1, msg1 := split.rules[0].when.eval(&s1.act)
		ok2, msg2 := whole.rules[0].when.eval(&s2.act)
		split.release(s1)
		whole.release(s2)
		require.Equal(t, ok2, ok1, "%s on %v", when, ev.Metrics)
		require.Equal(t, msg2, msg1, "%s on %v", when, ev.Metrics)
	}
}

func guardEvents() []Event {
	var evs []Event
	for _, m := range []map[string]any{nil, {"a": 1.0}, {"b": 2.0}, {"a": 0.0, "b": 5.0}, {"a": true, "b": "x"},
		{"a": 3.0, "b": 1.0, "c": int64(7)}, {"c": []int{1}}} {
		evs = append(evs, Event{ID: "e", Type: "t", Agent: "a", Time: testNow, Metrics: m, Attrs: map[string]string{"d": "3"}})
	}
	return evs
}

func TestConditionGuardsAgreeWithWhole(t *testing.T) {
	guards := []string{"has(event.metrics.a)", "has(event.metrics.b)", "has(event.metrics.c)"}
	others := []string{"a > 1", "b < a", "a", "c == 7", "d == \"3\"", "double(d) > 1.0", "event.metrics.b > 1", "missing > 0",
		"has(event.attrs.d)", "[1, 2].exists(x, x > a)", "b.startsWith(\"x\")", "a || b > 1"}
	var terms []string
	terms = append(terms, guards...)
	terms = append(terms, others...)
	evs := guardEvents()
	for _, x := range terms {
		for _, y := range terms {
			conditionsAgree(t, x+" && "+y, evs)
			for _, z := range guards {
				conditionsAgree(t, x+" && "+z+" && "+y, evs)
				conditionsAgree(t, "("+z+" && "+x+") && ("+y+" && "+z+")", evs)
			}
		}
	}
}

func FuzzConditionGuards(f *testing.F) {
	f.Add("has(event.metrics.a) && a > 1")
	f.Add("has(event.metrics.b) && b && has(event.metrics.a)")
	f.Add("has(event.metrics.c) && (has(event.metrics.a) && c.size() > a)")
	f.Fuzz(func(t *testing.T, when string) {
		conditionsAgree(t, when, guardEvents())
	})
}

// Rules that repeat a condition or a formula share its program, which runs
// once per event; a condition's text and a formula's never share one.
func TestRepeatedTextsShareAProgram(t *testing.T) {
	rs := DefaultRuleset()
	cat := rs.Categories[0]
	rs.PointRules = []PointRule{
		{ID: "a", On: "t", Category: cat, When: "csat >= 4", Points: "csat * 2"},
		{ID: "b", On: "t", Category: cat, When: "csat >= 4", Points: "csat * 2"},
		{ID: "c", On: "t", Category: cat, When: "csat >= 4 ", Points: "csat * 3"},
	}
	e := mustCompile(t, rs)
	r := e.rules
	assert.Same(t, r[0].when.rest, r[1].when.rest)
	assert.Same(t, r[0].points, r[1].points)
	assert.NotSame(t, r[0].when.rest, r[2].when.rest, "another text")
	assert.NotSame(t, r[0].points, r[2].points)
	out := e.Apply(&AgentState{}, nil, Event{ID: "e", Type: "t", Agent: "x", Time: testNow, Metrics: map[string]any{"csat": 5.0}})
	assert.Equal(t, map[string]int64{"a": 10, "b": 10, "c": 15}, pointsOf(out))
}
