package scoring

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefaultRulesetLabelsEveryName: the default ruleset names everything
// a person may see in all five languages.
func TestDefaultRulesetLabelsEveryName(t *testing.T) {
	rs := DefaultRuleset()
	full := func(what string, l Labels) {
		t.Helper()
		for _, lang := range Languages {
			assert.NotEmpty(t, l[lang], "%s has no %s label", what, lang)
		}
		assert.Len(t, l, len(Languages), what)
	}
	for _, c := range rs.Categories {
		full("category "+c, rs.CategoryLabels[c])
	}
	for _, r := range rs.PointRules {
		assert.NotEmpty(t, r.Name, r.ID)
		full("rule "+r.ID, r.Labels)
	}
	for _, l := range rs.Levels {
		full("level "+l.Name, l.Labels)
	}
	for _, c := range rs.Counters {
		full("counter "+c.ID, c.Labels)
	}
	for _, b := range rs.Badges {
		full("badge "+b.ID, b.Labels)
		full("badge description "+b.ID, b.DescriptionLabels)
		for _, tr := range b.Tiers {
			full(fmt.Sprintf("tier %s/%s", b.ID, tr.Name), tr.Labels)
		}
	}
	for _, s := range rs.Streaks {
		full("streak "+s.ID, s.Labels)
	}
	for _, c := range rs.Challenges {
		full("challenge "+c.ID, c.Labels)
		if c.Description != "" {
			full("challenge description "+c.ID, c.DescriptionLabels)
		}
	}
	for _, g := range rs.TeamGoals {
		full("goal "+g.ID, g.Labels)
	}
	for _, b := range rs.Boards {
		full("board "+b.ID, b.Labels)
	}
}

// TestDefaultRulesetScorecardCounters: the supervisor's scorecard reads
// these counters by id and period.
func TestDefaultRulesetScorecardCounters(t *testing.T) {
	byID := map[string]Counter{}
	for _, c := range DefaultRuleset().Counters {
		byID[c.ID] = c
	}
	assert.Contains(t, byID["csat"].Periods, PeriodDay)
	ht := byID["handle_time"]
	assert.Equal(t, AggAvg, ht.Agg)
	assert.Equal(t, "handle_seconds", ht.Metric)
	assert.ElementsMatch(t, []string{"call.completed", "chat.completed"}, ht.On)
	assert.Equal(t, []string{PeriodDay, PeriodWeek, PeriodMonth}, ht.Periods)
	qa := byID["qa_score"]
	assert.Equal(t, AggAvg, qa.Agg)
	assert.Equal(t, "score", qa.Metric)
	assert.Equal(t, []string{"qa.review"}, qa.On)
	assert.Equal(t, []string{PeriodDay, PeriodWeek, PeriodMonth}, qa.Periods)
}

// TestLabelsRoundTrip: labels survive JSON both ways, and the parser takes
// them wherever a name is.
func TestLabelsRoundTrip(t *testing.T) {
	want := DefaultRuleset()
	want.Seasons = []Season{{ID: "spring", Name: "Spring", From: "2026-03-01", To: "2026-05-31", Labels: Labels{"sv": "Vår", "ru": "Весна"}}}
	doc, err := json.Marshal(want)
	require.NoError(t, err)
	rs, err := ParseRuleset(doc)
	require.NoError(t, err)
	assert.Equal(t, want, rs)
	mustCompile(t, rs)
}

// TestLabelsShape: a label of the wrong JSON type is reported at its place.
func TestLabelsShape(t *testing.T) {
	for _, tt := range []struct{ name, doc, path, msg string }{
		{"labels a string", `{"levels":[{"name":"Rookie","xp":0,"labels":"Rookie"}]}`, "/levels/0/labels", "must be an object of labels"},
		{"label a number", `{"point_rules":[{"id":"a","labels":{"en":1}}]}`, "/point_rules/0/labels/en", "must be a string"},
		{"category_labels a list", `{"category_labels":["quality"]}`, "/category_labels", "must be an object of labels by id"},
		{"category label a string", `{"category_labels":{"quality":"Quality"}}`, "/category_labels/quality", "must be an object of labels"},
		{"tier label", `{"badges":[{"id":"b","tiers":[{"name":"Gold","min":1,"labels":{"sv":false}}]}]}`, "/badges/0/tiers/0/labels/sv", "must be a string"},
		{"description labels", `{"challenges":[{"id":"c","description_labels":[]}]}`, "/challenges/0/description_labels", "must be an object of labels"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRuleset([]byte(tt.doc))
			var ce *CompileError
			require.ErrorAs(t, err, &ce)
			require.Len(t, ce.Problems, 1, "%v", ce.Problems)
			assert.Equal(t, tt.path, ce.Problems[0].Path)
			assert.Contains(t, ce.Problems[0].Message, tt.msg)
		})
	}
}

// TestRulesetWithoutLabelsStaysValid: a ruleset written before labels
// existed compiles unchanged.
func TestRulesetWithoutLabelsStaysValid(t *testing.T) {
	rs := DefaultRuleset()
	rs.CategoryLabels = nil
	for i := range rs.PointRules {
		rs.PointRules[i].Name, rs.PointRules[i].Labels = "", nil
	}
	for i := range rs.Badges {
		rs.Badges[i].Labels, rs.Badges[i].DescriptionLabels = nil, nil
	}
	doc, err := json.Marshal(rs)
	require.NoError(t, err)
	assert.NotContains(t, string(doc), `"category_labels"`)
	parsed, err := ParseRuleset(doc)
	require.NoError(t, err)
	mustCompile(t, parsed)
}

// TestEngineRulesetLabelsAreItsOwn: changing the caller's labels after
// Compile leaves the engine's copy alone.
func TestEngineRulesetLabelsAreItsOwn(t *testing.T) {
	rs := DefaultRuleset()
	e := mustCompile(t, rs)
	rs.CategoryLabels["quality"]["sv"] = "ändrad"
	rs.Badges[0].Tiers[0].Labels["sv"] = "ändrad"
	got := e.Ruleset()
	assert.Equal(t, "Kvalitet", got.CategoryLabels["quality"]["sv"])
	assert.Equal(t, "Brons", got.Badges[0].Tiers[0].Labels["sv"])
	got.Levels[0].Labels["en"] = "x"
	assert.Equal(t, "Rookie", e.Ruleset().Levels[0].Labels["en"])
}

func TestLabelsIn(t *testing.T) {
	l := Labels{"en": "Quality", "sv": "Kvalitet"}
	assert.Equal(t, "Kvalitet", l.In("sv", "q"))
	assert.Equal(t, "Quality", l.In("de", "q"))
	assert.Equal(t, "q", Labels(nil).In("de", "q"))
}

func TestReadableCondition(t *testing.T) {
	for in, want := range map[string]string{
		"":                                     "",
		"has(event.metrics.csat) && csat >= 4": "csat >= 4",
		"has(event.metrics.first_contact_resolution) && first_contact_resolution == true": "first_contact_resolution",
		"has(event.metrics.csat) || score > 90":                                           "has(event.metrics.csat) || score > 90",
		"has(event.metrics.a) && (a > 1 && b < 2)":                                        "has(event.metrics.a) && (a > 1 && b < 2)",
		"has(event.attrs.channel)":                                                        "",
		`event.attrs.channel == "email"`:                                                  `event.attrs.channel == "email"`,
	} {
		assert.Equal(t, want, ReadableCondition(in), in)
	}
}

func TestFormulaConstant(t *testing.T) {
	n, ok := Formula("20").Constant()
	assert.True(t, ok)
	assert.EqualValues(t, 20, n)
	n, ok = Formula("12.5").Constant()
	assert.True(t, ok)
	assert.EqualValues(t, 13, n)
	_, ok = Formula("(csat - 3) * 15").Constant()
	assert.False(t, ok)
}

// TestMissingLanguagesWarn: labels in some languages but not all are a
// warning at their place; none at all, or all five, are not.
func TestMissingLanguagesWarn(t *testing.T) {
	rs := DefaultRuleset()
	warnings, err := Validate(rs, SeenVocabulary{})
	require.NoError(t, err)
	assert.Empty(t, warnings, "the default ruleset labels everything in all five")
	delete(rs.Badges[1].Labels, "ru")
	delete(rs.Badges[1].Labels, "fr")
	rs.Levels[0].Labels = nil
	warnings, err = Validate(rs, SeenVocabulary{})
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Equal(t, "/badges/1/labels", warnings[0].Path)
	assert.Contains(t, warnings[0].Message, "has no label in fr, ru")
}
