package scoring

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustCompile(t testing.TB, rs Ruleset, opts ...Option) *Engine {
	t.Helper()
	e, err := Compile(rs, opts...)
	require.NoError(t, err)
	return e
}

func problemsOf(t *testing.T, err error) []Problem {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, ErrInvalidRuleset)
	var ce *CompileError
	require.True(t, errors.As(err, &ce), "want *CompileError, got %T", err)
	return ce.Problems
}

func TestDefaultRulesetCompiles(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	assert.Equal(t, "Europe/Stockholm", e.Location().String())
	assert.Equal(t, DefaultRuleset(), e.Ruleset())
}

func TestCompileProblems(t *testing.T) {
	type want struct {
		path      string
		line, col int
		contains  string
	}
	tests := []struct {
		name   string
		mutate func(rs *Ruleset)
		want   []want
	}{
		{"timezone missing", func(rs *Ruleset) { rs.Timezone = "" }, []want{{"/timezone", 0, 0, "is required"}}},
		{"timezone unknown", func(rs *Ruleset) { rs.Timezone = "Mars/Olympus" }, []want{{"/timezone", 0, 0, `unknown time zone "Mars/Olympus"`}}},
		{"timezone local", func(rs *Ruleset) { rs.Timezone = "Local" }, []want{{"/timezone", 0, 0, "IANA"}}},
		{"no categories", func(rs *Ruleset) {
			rs.Categories = nil
			rs.CategoryLabels = nil
			rs.PointRules = nil
			rs.Badges = nil
			rs.Challenges = nil
		}, []want{{"/categories", 0, 0, "at least one"}}},
		{"category repeated", func(rs *Ruleset) { rs.Categories = append(rs.Categories, "quality") }, []want{{"/categories/6", 0, 0, `repeats category "quality"`}}},
		{"category bad", func(rs *Ruleset) {
			rs.Categories[1] = "Speed!"
			rs.PointRules = rs.PointRules[:1]
			delete(rs.CategoryLabels, "speed")
		}, []want{{"/categories/1", 0, 0, msgCategory}}},
		{"rule id duplicate", func(rs *Ruleset) { rs.PointRules[3].ID = rs.PointRules[0].ID }, []want{{"/point_rules/3/id", 0, 0, "repeats the id of /point_rules/0"}}},
		{"counter id duplicate after a bad one", func(rs *Ruleset) {
			blank, x := rs.Counters[5], rs.Counters[5]
			blank.ID, x.ID = "", "extra"
			rs.Counters = append(rs.Counters, blank, x, x)
		}, []want{{"/counters/9/id", 0, 0, "is required"}, {"/counters/11/id", 0, 0, "repeats the id of /counters/10"}}},
		{"label language unknown", func(rs *Ruleset) { rs.Badges[2].Labels["es"] = "Solucionador" },
			[]want{{"/badges/2/labels/es", 0, 0, "must be one of the language codes en, sv, de, fr, ru"}}},
		{"label empty", func(rs *Ruleset) { rs.Levels[3].Labels["sv"] = "" }, []want{{"/levels/3/labels/sv", 0, 0, "must be 1-64 printable"}}},
		{"label not printable", func(rs *Ruleset) { rs.PointRules[0].Labels["ru"] = "Заявка\u0007" },
			[]want{{"/point_rules/0/labels/ru", 0, 0, "must be 1-64 printable"}}},
		{"label padded", func(rs *Ruleset) { rs.Challenges[1].Labels["de"] = " Lernen" }, []want{{"/challenges/1/labels/de", 0, 0, "without spaces around"}}},
		{"label too long", func(rs *Ruleset) { rs.TeamGoals[0].Labels["fr"] = strings.Repeat("é", 65) },
			[]want{{"/team_goals/0/labels/fr", 0, 0, "must be 1-64 printable"}}},
		{"description label long is fine, too long is not", func(rs *Ruleset) {
			rs.Badges[0].DescriptionLabels["sv"] = strings.Repeat("å", 200)
			rs.Badges[1].DescriptionLabels["sv"] = strings.Repeat("å", 201)
		}, []want{{"/badges/1/description_labels/sv", 0, 0, "must be 1-200 printable"}}},
		{"tier label", func(rs *Ruleset) { rs.Badges[0].Tiers[2].Labels["xx"] = "Gold" },
			[]want{{"/badges/0/tiers/2/labels/xx", 0, 0, "language codes"}}},
		{"rule name", func(rs *Ruleset) { rs.PointRules[5].Name = "\t" }, []want{{"/point_rules/5/name", 0, 0, "must be 1-64 printable"}}},
		{"board name", func(rs *Ruleset) { rs.Boards[1].Name = strings.Repeat("x", 65) }, []want{{"/boards/1/name", 0, 0, "must be 1-64 printable"}}},
		{"category label of no category", func(rs *Ruleset) { rs.CategoryLabels["charm"] = Labels{"en": "Charm"} },
			[]want{{"/category_labels/charm", 0, 0, `"charm" is not one of the categories`}}},
		{"season and streak labels", func(rs *Ruleset) {
			rs.Seasons = []Season{{ID: "s1", Name: "Spring", From: "2026-03-01", To: "2026-05-31", Labels: Labels{"sv": "Vår", "EN": "Spring"}}}
			rs.Streaks[0].Labels["fr"] = "\u200b"
		}, []want{{"/streaks/0/labels/fr", 0, 0, "printable"}, {"/seasons/0/labels/EN", 0, 0, "language codes"}}},
		{"rule id charset", func(rs *Ruleset) { rs.PointRules[2].ID = "Ticket CSAT" }, []want{{"/point_rules/2/id", 0, 0, msgRuleID}}},
		{"rule id missing", func(rs *Ruleset) { rs.PointRules[2].ID = "" }, []want{{"/point_rules/2/id", 0, 0, "is required"}}},
		{"rule on bad", func(rs *Ruleset) { rs.PointRules[1].On = "Ticket Solved" }, []want{{"/point_rules/1/on", 0, 0, msgType}}},
		{"category unknown", func(rs *Ruleset) { rs.PointRules[4].Category = "charm" }, []want{{"/point_rules/4/category", 0, 0, `"charm" is not one of the categories`}}},
		{"points missing", func(rs *Ruleset) { rs.PointRules[0].Points = "" }, []want{{"/point_rules/0/points", 0, 0, "is required"}}},
		{"points out of range", func(rs *Ruleset) { rs.PointRules[0].Points = "1e12" }, []want{{"/point_rules/0/points", 0, 0, "must be between"}}},
		{"cap period", func(rs *Ruleset) { rs.PointRules[0].Cap = &Cap{Period: "year", Max: 5} }, []want{{"/point_rules/0/cap/period", 0, 0, "day, week, month, all"}}},
		{"cap max", func(rs *Ruleset) { rs.PointRules[0].Cap = &Cap{Period: "day", Max: 0} }, []want{{"/point_rules/0/cap/max", 0, 0, "greater than 0"}}},
		{"when syntax", func(rs *Ruleset) { rs.PointRules[2].When = "csat >= " }, []want{{"/point_rules/2/when", 1, 9, "Syntax error"}}},
		{"when syntax line 2", func(rs *Ruleset) { rs.PointRules[2].When = "csat >= 4 &&\n  channel == " }, []want{{"/point_rules/2/when", 2, 14, "Syntax error"}}},
		{"when undeclared function", func(rs *Ruleset) { rs.PointRules[2].When = "csat >= 4 && nope(csat)" }, []want{{"/point_rules/2/when", 1, 18, "undeclared reference to 'nope'"}}},
		{"when undeclared upper ident", func(rs *Ruleset) { rs.PointRules[2].When = "CSAT >= 4" }, []want{{"/point_rules/2/when", 1, 1, "undeclared reference to 'CSAT'"}}},
		{"when not bool", func(rs *Ruleset) { rs.PointRules[2].When = "1 + 2" }, []want{{"/point_rules/2/when", 1, 1, "must be a true/false condition, but gives int"}}},
		{"points not number", func(rs *Ruleset) { rs.PointRules[2].Points = `"ten"` }, []want{{"/point_rules/2/points", 1, 1, "must give a number, but gives string"}}},
		{"points type error", func(rs *Ruleset) { rs.PointRules[2].Points = `1 + "a"` }, []want{{"/point_rules/2/points", 1, 3, "no matching overload"}}},
		{"expression too large", func(rs *Ruleset) {
			src := "csat"
			for len(src) < celMaxExprRunes {
				src += " + csat"
			}
			rs.PointRules[2].Points = Formula(src)
		}, []want{{"/point_rules/2/points", 0, 0, "size"}}},
		{"no levels", func(rs *Ruleset) { rs.Levels = nil }, []want{{"/levels", 0, 0, "at least one level"}}},
		{"first level xp", func(rs *Ruleset) { rs.Levels[0].XP = 10 }, []want{{"/levels/0/xp", 0, 0, "must be 0"}}},
		{"levels not ascending", func(rs *Ruleset) { rs.Levels[3].XP = rs.Levels[2].XP }, []want{{"/levels/3/xp", 0, 0, "greater than the previous level's 300"}}},
		{"level name repeated", func(rs *Ruleset) { rs.Levels[4].Name = "Pro" }, []want{{"/levels/4/name", 0, 0, `repeats level name "Pro"`}}},
		{"level name blank", func(rs *Ruleset) { rs.Levels[4].Name = " " }, []want{{"/levels/4/name", 0, 0, "printable"}}},
		{"board scope", func(rs *Ruleset) { rs.Boards[0].Scope = "world" }, []want{{"/boards/0/scope", 0, 0, "org or team"}}},
		{"board metric", func(rs *Ruleset) { rs.Boards[1].Metric = "xp" }, []want{{"/boards/1/metric", 0, 0, "must be points"}}},
		{"board period", func(rs *Ruleset) { rs.Boards[1].Periods = []string{"day", "year", "day"} }, []want{
			{"/boards/1/periods/1", 0, 0, "day, week, month, season, all"}, {"/boards/1/periods/2", 0, 0, `repeats period "day"`}}},
		{"board id repeated", func(rs *Ruleset) { rs.Boards[1].ID = "agents" }, []want{{"/boards/1/id", 0, 0, `repeats board id "agents"`}}},
		{"several at once", func(rs *Ruleset) {
			rs.Timezone = "Nowhere"
			rs.PointRules[0].When = "csat >"
			rs.PointRules[5].Points = "csat *"
		}, []want{{"/timezone", 0, 0, "unknown"}, {"/point_rules/0/when", 1, 7, "Syntax"}, {"/point_rules/5/points", 1, 7, "Syntax"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := DefaultRuleset()
			tt.mutate(&rs)
			problems := problemsOf(t, func() error { _, err := Compile(rs); return err }())
			require.Len(t, problems, len(tt.want), "%+v", problems)
			for i, w := range tt.want {
				p := problems[i]
				assert.Equal(t, w.path, p.Path)
				assert.Equal(t, w.line, p.Line, "line of %+v", p)
				assert.Equal(t, w.col, p.Column, "column of %+v", p)
				assert.Contains(t, p.Message, w.contains)
			}
		})
	}
}

func TestParseRuleset(t *testing.T) {
	t.Run("default round-trips", func(t *testing.T) {
		b, err := json.Marshal(DefaultRuleset())
		require.NoError(t, err)
		assert.Contains(t, string(b), `"points":10,`, "constants are written as numbers")
		rs, err := ParseRuleset(b)
		require.NoError(t, err)
		assert.Equal(t, DefaultRuleset(), rs)
	})
	t.Run("points number or string", func(t *testing.T) {
		rs, err := ParseRuleset([]byte(`{"point_rules":[{"points":12.5},{"points":"csat * 2"}]}`))
		require.NoError(t, err)
		assert.Equal(t, Formula("12.5"), rs.PointRules[0].Points)
		assert.Equal(t, Formula("csat * 2"), rs.PointRules[1].Points)
	})
	tests := []struct {
		name string
		doc  string
		want []Problem
	}{
		{"not json", `{`, []Problem{{Message: "is not valid JSON: unexpected EOF"}}},
		{"not object", `[]`, []Problem{{Path: "", Message: "must be a JSON object"}}},
		{"trailing", `{} {}`, []Problem{{Message: msgTrailing}}},
		{"unknown keys, and the parts in their place", `{"badges":[{"id":"b","tiers":[{"name":"x","min":"1"}],"colour":1}],"streaks":[{"allowance":1.5}],"colour":"red"}`, []Problem{
			{Path: "/badges/0/colour", Message: "is not a known field"},
			{Path: "/badges/0/tiers/0/min", Message: "must be a number"},
			{Path: "/colour", Message: "is not a known field"},
			{Path: "/streaks/0/allowance", Message: "must be a whole number"}}},
		{"nested unknown", `{"point_rules":[{"id":"a"},{"id":"b","cap":{"period":"day","max":1.5,"x":1},"pts":3}]}`, []Problem{
			{Path: "/point_rules/1/cap/max", Message: "must be a whole number"},
			{Path: "/point_rules/1/cap/x", Message: "is not a known field"},
			{Path: "/point_rules/1/pts", Message: "is not a known field"}}},
		{"types", `{"timezone":1,"categories":["a",2],"levels":{},"boards":[{"periods":"day"}],"point_rules":[{"points":true}]}`, []Problem{
			{Path: "/boards/0/periods", Message: "must be an array of strings"},
			{Path: "/categories/1", Message: "must be a string"},
			{Path: "/levels", Message: "must be an array of objects"},
			{Path: "/point_rules/0/points", Message: "must be a CEL formula (a string) or a number"},
			{Path: "/timezone", Message: "must be a string"}}},
		{"pointer escape", `{"a/b~c":1}`, []Problem{{Path: "/a~1b~0c", Message: "is not a known field"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRuleset([]byte(tt.doc))
			assert.Equal(t, tt.want, problemsOf(t, err))
		})
	}
}

// TestNumericExpressions pins the number rule documented in doc.go: metrics
// are doubles, and int literals mix with them as an author expects.
func TestNumericExpressions(t *testing.T) {
	ev := Event{ID: "e1", Type: "x", Agent: "a", Time: testNow,
		Metrics: map[string]any{"csat": 5.0, "handle_seconds": 120.0, "first_contact_resolution": true, "ratio": 0.5},
		Attrs:   map[string]string{"channel": "email"}}
	tests := []struct {
		when   string
		points string
		want   int64 // 0: the rule must not fire
	}{
		{"csat >= 4", "1", 1},
		{"csat > 5", "1", 0},
		{"handle_seconds < 300", "1", 1},
		{"handle_seconds < 100", "1", 0},
		{"", "csat * 2", 10},
		{"", "2 * csat", 10},
		{"", "csat * 1.5", 8}, // 7.5 rounds half away from zero
		{"", "(csat - 3) * 15", 30},
		{"", "csat / 2", 3}, // 2.5 -> 3
		{"", "-csat * 2", -10},
		{"", "size(channel) * csat", 25},
		{"", "int(csat) * 2", 10},
		{"", "csat >= 4 ? csat * 2 : 0", 10},
		{"", "ratio * 100", 50},
		{"", "event.metrics.?missing.orValue(0) + 3", 3},
		{"first_contact_resolution", "7", 7},
		{"first_contact_resolution && channel == 'email'", "7", 7},
		{"channel.startsWith('em')", "4", 4},
		{"[1, 2, 3].exists(x, x * csat > 12)", "1", 1},
		{"event.type == 'x' && event.agent == 'a' && event.id == 'e1'", "2", 2},
		{"event.time.getHours('Europe/Stockholm') == 11", "3", 3},
		{"has(event.metrics.nope) && nope > 1", "1", 0},
	}
	for _, tt := range tests {
		t.Run(tt.when+" | "+tt.points, func(t *testing.T) {
			rs := DefaultRuleset()
			rs.PointRules = []PointRule{{ID: "r", On: "x", When: tt.when, Points: Formula(tt.points), Category: "quality"}}
			e := mustCompile(t, rs)
			out := e.Apply(&AgentState{}, nil, ev)
			if tt.want == 0 {
				assert.Empty(t, out)
				return
			}
			require.Len(t, out, 1, "%+v", out)
			assert.Equal(t, OutcomePoints, out[0].Kind, "%+v", out[0])
			assert.Equal(t, tt.want, out[0].Points)
		})
	}
}

func TestCostLimitStopsRunawayRule(t *testing.T) {
	rs := DefaultRuleset()
	rs.PointRules = []PointRule{
		{ID: "slow", On: "x", When: "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a+b+c+d > 0))))", Points: "1", Category: "quality"},
		{ID: "fine", On: "x", Points: "2", Category: "quality"},
	}
	e := mustCompile(t, rs)
	out := e.Apply(&AgentState{}, nil, Event{ID: "e", Type: "x", Agent: "a", Time: testNow})
	require.Len(t, out, 2)
	assert.Equal(t, OutcomeRuleError, out[0].Kind)
	assert.Contains(t, out[0].Message, "cost")
	assert.Equal(t, int64(2), out[1].Points)
}

// Only an expression whose worst case cannot be bounded under the limit is
// counted as it runs: a comparison of a metric is not, a loop or a string
// of an event's (whose length the checker cannot know) is.
func TestCostCountedOnlyWhereUnbounded(t *testing.T) {
	env, err := newBaseEnv()
	require.NoError(t, err)
	for expr, counted := range map[string]bool{
		`event.type == "ticket.solved" && double(event.metrics.csat) >= 4.0`: false,
		`event.agent != "" ? 10 : 5`:                                         false,
		`[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a+b+c+d > 0))))`: true,
		`string(event.attrs.note).contains("refund")`: true,
		`event.attrs.all(k, k != "")`:                 true,
	} {
		a, iss := env.Compile(expr)
		require.NoError(t, iss.Err(), expr)
		assert.Equal(t, counted, countedAtRunTime(env, a), expr)
	}
}
