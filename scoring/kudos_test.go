package scoring

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func kudosRuleset() Ruleset {
	rs := partsRuleset()
	rs.Levels = []Level{{Name: "One", XP: 0}, {Name: "Two", XP: 100}, {Name: "Three", XP: 300}, {Name: "Four", XP: 600}}
	rs.Kudos = &Kudos{Allowance: 3, Period: PeriodWeek,
		Values: []KudosValue{
			{ID: "helpful", Name: "Helpful", Labels: Labels{"en": "Helpful", "sv": "Hjälpsam"}},
			{ID: "team_player", Name: "Team player"},
		},
		Weights: []KudosWeight{{Level: 2, Weight: 2}, {Level: 4, Weight: 3}},
	}
	return rs
}

// TestKudosPolicy: the period key follows the ruleset's zone across a week
// boundary, and the weight the giver's level as people see it.
func TestKudosPolicy(t *testing.T) {
	e := mustCompile(t, kudosRuleset())
	// Sunday 29 November 2026 23:30 UTC is Monday 00:30 in Stockholm: the
	// next ISO week there, while still week 48 in UTC.
	sun := at("2026-11-29T22:30:00Z")
	mon := at("2026-11-29T23:30:00Z")
	assert.Equal(t, "2026-W48", e.KudosPolicy(0, sun).Key)
	assert.Equal(t, "2026-W49", e.KudosPolicy(0, mon).Key)
	p := e.KudosPolicy(0, mon)
	assert.Equal(t, KudosPolicy{Allowance: 3, Period: PeriodWeek, Key: "2026-W49", Values: []string{"helpful", "team_player"}, Weight: 1}, p)
	for level, want := range []int{1, 2, 2, 3} {
		assert.Equal(t, want, e.KudosPolicy(level, mon).Weight, "level index %d (people see %d)", level, level+1)
	}

	rs := kudosRuleset()
	rs.Kudos.Period = PeriodMonth
	assert.Equal(t, "2026-12", mustCompile(t, rs).KudosPolicy(0, at("2026-11-30T23:30:00Z")).Key, "1 December in Stockholm")
	rs.Kudos = nil
	assert.Equal(t, KudosPolicy{Weight: 1}, mustCompile(t, rs).KudosPolicy(3, mon), "no section: nobody may give")
}

func TestKudosCompileProblems(t *testing.T) {
	rs := kudosRuleset()
	rs.Kudos.Allowance = 101
	rs.Kudos.Period = "year"
	rs.Kudos.Values = append(rs.Kudos.Values,
		KudosValue{ID: "helpful", Name: "Again"},
		KudosValue{ID: "Bad Id", Name: "This name is far too long for a chip on a phone screen"},
		KudosValue{ID: "fine", Name: "Fine", Labels: Labels{"xx": "Nope", "de": " Hilfsbereit"}},
	)
	rs.Kudos.Weights = []KudosWeight{{Level: 0, Weight: 2}, {Level: 3, Weight: 11}, {Level: 2, Weight: 1}, {Level: 9, Weight: 2}}
	_, err := Compile(rs)
	got := map[string]string{}
	for _, p := range problemsOf(t, err) {
		got[p.Path] = p.Message
	}
	assert.Equal(t, []string{
		"/kudos/allowance", "/kudos/period", "/kudos/values/2/id", "/kudos/values/3/id", "/kudos/values/3/name",
		"/kudos/values/4/labels/de", "/kudos/values/4/labels/xx",
		"/kudos/weights/0/level", "/kudos/weights/1/weight", "/kudos/weights/2/level", "/kudos/weights/3/level",
	}, sortedKeys(got), "%v", got)
	assert.Contains(t, got["/kudos/values/2/id"], "/kudos/values/0")

	rs = kudosRuleset()
	rs.Kudos.Values = nil
	_, err = Compile(rs)
	require.Error(t, err)
	assert.Equal(t, "/kudos/values", problemsOf(t, err)[0].Path)
}

func TestKudosParseAndClone(t *testing.T) {
	doc := `{"timezone":"UTC","categories":["c"],"point_rules":[],"levels":[{"name":"One","xp":0}],
		"kudos":{"allowance":2,"period":"day","values":[{"id":"kind","name":"Kind","labels":{"sv":"Snäll"},"extra":1}],
		"weights":[{"level":1,"weight":"two"}],"colour":"red"}}`
	_, err := ParseRuleset([]byte(doc))
	var paths []string
	for _, p := range problemsOf(t, err) {
		paths = append(paths, p.Path)
	}
	assert.Equal(t, []string{"/kudos/colour", "/kudos/values/0/extra", "/kudos/weights/0/weight"}, paths)

	rs := kudosRuleset()
	e := mustCompile(t, rs)
	rs.Kudos.Values[0].Labels["sv"] = "changed"
	rs.Kudos.Weights[0].Weight = 9
	got := e.Ruleset()
	assert.Equal(t, "Hjälpsam", got.Kudos.Values[0].Labels["sv"], "the engine keeps its own copy")
	assert.Equal(t, 2, got.Kudos.Weights[0].Weight)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	back, err := ParseRuleset(b)
	require.NoError(t, err)
	assert.Equal(t, got.Kudos, back.Kudos)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func TestKudosValidateWarnsWhenNothingReadsThem(t *testing.T) {
	rs := kudosRuleset()
	warnings, err := Validate(rs, SeenVocabulary{})
	require.NoError(t, err)
	var paths []string
	for _, w := range warnings {
		paths = append(paths, w.Path)
	}
	assert.Contains(t, paths, "/kudos")
	warnings, err = Validate(DefaultRuleset(), SeenVocabulary{})
	require.NoError(t, err)
	for _, w := range warnings {
		assert.NotEqual(t, "/kudos", w.Path, w.Message)
	}
}
