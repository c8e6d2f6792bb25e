package app

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

func TestAdminNaturalSort(t *testing.T) {
	ids := []string{"a-10", "a-2", "a-1", "B-3", "a-11", "a-02", "b-1", "a"}
	slices.SortFunc(ids, func(x, y string) int {
		if naturalLess(x, y) {
			return -1
		}
		if naturalLess(y, x) {
			return 1
		}
		return 0
	})
	assert.Equal(t, []string{"a", "a-1", "a-2", "a-02", "a-10", "a-11", "b-1", "B-3"}, ids)
}

func TestAdminLineDiff(t *testing.T) {
	old := "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}"
	now := "{\n  \"a\": 1,\n  \"b\": 5,\n  \"c\": 3,\n  \"d\": 4\n}"
	d := lineDiff(old, now)
	var got []string
	for _, l := range d {
		got = append(got, string(l.Op)+l.Text)
	}
	assert.Equal(t, []string{" {", "   \"a\": 1,", "-  \"b\": 2,", "-  \"c\": 3", "+  \"b\": 5,", "+  \"c\": 3,", "+  \"d\": 4", " }"}, got)
	// Line numbers are each side's own.
	assert.Equal(t, 3, d[2].Old)
	assert.Equal(t, 3, d[4].New)
	assert.Equal(t, 6, d[7].New)
	assert.Equal(t, 5, d[7].Old)

	assert.Len(t, lineDiff("x\ny", "x\ny"), 2, "no change, every line kept")
	ctx := diffContext(lineDiff(strings.Repeat("same\n", 20)+"old", strings.Repeat("same\n", 20)+"new"), 2)
	require.Equal(t, byte('~'), ctx[0].Op)
	assert.Equal(t, 18, ctx[0].Old, "the unchanged head is folded")
	assert.Len(t, ctx, 5)
}

func TestAdminConditions(t *testing.T) {
	conds, ok := parseConditions("has(event.metrics.csat) && csat >= 4")
	require.True(t, ok)
	assert.Equal(t, []condition{{"csat", ">=", "4"}}, conds)
	assert.Equal(t, "has(event.metrics.csat) && csat >= 4 && has(event.metrics.score) && score < 90.5",
		buildConditions(append(conds, condition{"score", "<", "90.5"})))
	_, ok = parseConditions("csat >= 4 || score > 2")
	assert.False(t, ok, "an or is free CEL")
	_, ok = parseConditions("has(event.metrics.x) && csat > 1")
	assert.False(t, ok, "a has() of another metric is free CEL")
	conds, ok = parseConditions("")
	assert.True(t, ok)
	assert.Empty(t, conds)
	assert.True(t, validMetric("handle_seconds"))
	assert.False(t, validMetric("a b"))
	assert.False(t, validMetric("9a"))
	assert.True(t, validConstant("0.95"))
	assert.False(t, validConstant("1e9"))
	assert.False(t, validConstant("x"))
}

// TestAdminFormEditKeepsUnknownKeys is the form ↔ JSON round trip: a form
// edit changes its field and nothing else, labels and unknown keys kept in
// their order.
func TestAdminFormEditKeepsUnknownKeys(t *testing.T) {
	text := prettyJSON([]byte(`{"timezone":"UTC","categories":["quality"],"category_labels":{"quality":{"en":"Quality","sv":"Kvalitet"}},
"point_rules":[{"id":"r1","on":"ticket.solved","points":10,"category":"quality","labels":{"en":"Solved","ru":"Решено"},"x_future":{"k":[1,2]}}],
"levels":[{"name":"Rookie","xp":0}],"zzz_unknown":true}`))
	out, err := docEdit(text, func(d []byte) ([]byte, error) {
		return docSet(d, pathOf("point_rules/0/cap/max"), json.RawMessage("200"))
	})
	require.NoError(t, err)
	out, err = docEdit(out, func(d []byte) ([]byte, error) {
		return docSet(d, pathOf("point_rules/0/cap/period"), json.RawMessage(`"day"`))
	})
	require.NoError(t, err)
	out, err = docEdit(out, func(d []byte) ([]byte, error) {
		return docSet(d, pathOf("point_rules/0/when"), json.RawMessage(`"has(event.metrics.csat) \u0026\u0026 csat >= 4"`))
	})
	require.NoError(t, err)
	out, err = docEdit(out, func(d []byte) ([]byte, error) {
		return docSet(d, pathOf("point_rules/0/labels/de"), json.RawMessage(`"Gelöst"`))
	})
	require.NoError(t, err)
	out, err = docEdit(out, func(d []byte) ([]byte, error) { return docDelete(d, pathOf("levels/0")) })
	require.NoError(t, err)

	tree, err := decodeTree(out)
	require.NoError(t, err)
	assert.Equal(t, "200", treeString(treeGet(tree, "point_rules", "0", "cap", "max")))
	assert.Equal(t, "has(event.metrics.csat) && csat >= 4", treeString(treeGet(tree, "point_rules", "0", "when")))
	assert.Equal(t, "Kvalitet", treeString(treeGet(tree, "category_labels", "quality", "sv")))
	assert.Equal(t, "Решено", treeString(treeGet(tree, "point_rules", "0", "labels", "ru")))
	assert.Equal(t, "Gelöst", treeString(treeGet(tree, "point_rules", "0", "labels", "de")))
	assert.Equal(t, `{"k":[1,2]}`, treeString(treeGet(tree, "point_rules", "0", "x_future")))
	assert.Equal(t, "true", treeString(treeGet(tree, "zzz_unknown")))
	assert.Empty(t, treeList(treeGet(tree, "levels")))
	// Order kept: the rule's known keys first as written, new keys after.
	assert.Less(t, strings.Index(out, `"labels"`), strings.Index(out, `"x_future"`))
	assert.Less(t, strings.Index(out, `"x_future"`), strings.Index(out, `"cap"`))
	assert.Less(t, strings.Index(out, `"category_labels"`), strings.Index(out, `"point_rules"`))

	// Back to the first text by undoing every edit: only what the forms
	// touched changed.
	back, err := docEdit(out, func(d []byte) ([]byte, error) {
		d, _ = docDelete(d, pathOf("point_rules/0/cap"))
		d, _ = docDelete(d, pathOf("point_rules/0/when"))
		d, _ = docDelete(d, pathOf("point_rules/0/labels/de"))
		return docSet(d, pathOf("levels/0"), json.RawMessage(`{"name":"Rookie","xp":0}`))
	})
	require.NoError(t, err)
	assert.Equal(t, text, back)

	_, err = docEdit("{not json", func(d []byte) ([]byte, error) { return d, nil })
	assert.Error(t, err)
	moved, err := docEdit(`{"a":[1,2,3]}`, func(d []byte) ([]byte, error) { return docMove(d, pathOf("a/0"), 1) })
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":[2,1,3]}`, moved)
}

// TestAdminDynamicKeys: the keys the admin pages build at run time exist
// in every language (TestEveryUsedKeyTranslated sees literal keys only).
func TestAdminDynamicKeys(t *testing.T) {
	var keys []string
	for _, a := range auditActions {
		if a != "roster.import" {
			keys = append(keys, auditKey(a))
		}
	}
	for _, p := range capPeriods {
		keys = append(keys, "admin.cap_"+p)
	}
	for _, k := range criterionKeys {
		keys = append(keys, "admin.crit_"+k)
	}
	for _, e := range knownEvents {
		keys = append(keys, "admin.ev_"+e)
	}
	for _, o := range []string{"day", "week", "month", "season", "all", "adhoc", "shift", "agent", "team"} {
		keys = append(keys, "admin.opt_"+o)
	}
	for _, v := range rulesViews {
		keys = append(keys, "admin.view_"+v)
	}
	for _, s := range formSections {
		keys = append(keys, s.Title, s.Add)
		for _, f := range s.Fields {
			keys = append(keys, f.Label)
		}
	}
	for _, l := range languages {
		for _, k := range keys {
			assert.NotEmpty(t, messages[l.Code][k], "%s: %s", l.Code, k)
		}
		for _, k := range []string{"admin.seen_min", "admin.seen_hour", "admin.a_roster_import", "admin.invalid_form"} {
			assert.NotEmpty(t, messages[l.Code][k+".other"], "%s: %s", l.Code, k)
		}
	}
}

func TestAdminSentences(t *testing.T) {
	tree, err := decodeTree(`{"categories":["quality"],"category_labels":{"quality":{"en":"Quality","sv":"Kvalitet"}},
"point_rules":[{"id":"r","on":"ticket.solved","when":"has(event.metrics.csat) && csat >= 4","points":20,"category":"quality","cap":{"period":"day","max":200}}]}`)
	require.NoError(t, err)
	rule := treeGet(tree, "point_rules", "0")
	assert.Equal(t, "When a ticket is solved and csat ≥ 4 → +20 Quality, at most 200 a day", ruleSentence(tree, "en", rule))
	assert.Equal(t, "När ett ärende löses och csat ≥ 4 → +20 Kvalitet, högst 200 per dag", ruleSentence(tree, "sv", rule))

	people := map[string]string{"admin": "Anna Admin", "a-1": "Bo Berg"}
	e := shared.AuditEntry{Actor: "admin", Action: "ruleset.publish", Target: "v4"}
	assert.Equal(t, "Anna Admin published rules version 4", auditSentence("en", e, people, nil))
	assert.Equal(t, "Anna Admin опубликовал(а) версию правил 4", auditSentence("ru", e, people, nil))
	e = shared.AuditEntry{Actor: "admin", Action: "roster.import", Detail: "3 rows"}
	assert.Equal(t, "Anna Admin imported a roster of 3 rows", auditSentence("en", e, people, nil))
	e = shared.AuditEntry{Actor: "admin", Action: "user.put", Target: "a-1", Detail: "role agent"}
	assert.Equal(t, "Anna Admin saved Bo Berg as agent", auditSentence("en", e, people, nil))
	e = shared.AuditEntry{Actor: "x", Action: "login.failed", Target: "a-1"}
	assert.Equal(t, "Bo Berg: a wrong password was tried", auditSentence("en", e, people, nil))

	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	assert.Equal(t, "never seen", seenText("en", time.Time{}, now))
	assert.Equal(t, "online now", seenText("en", now.Add(-20*time.Second), now))
	assert.Equal(t, "seen 5 minutes ago", seenText("en", now.Add(-5*time.Minute), now))
	assert.Equal(t, "был в сети 2 минуты назад", seenText("ru", now.Add(-2*time.Minute), now))
}

func TestAdminSetField(t *testing.T) {
	doc := []byte(`{"point_rules":[{"id":"r","on":"x","points":1,"category":"q"}]}`)
	d, err := setField(doc, "point_rules", 0, "cap/period", fkSelect, "week")
	require.NoError(t, err)
	assert.JSONEq(t, `{"point_rules":[{"id":"r","on":"x","points":1,"category":"q","cap":{"period":"week","max":100}}]}`, string(d))
	d, err = setField(d, "point_rules", 0, "cap/period", fkSelect, "")
	require.NoError(t, err)
	assert.JSONEq(t, string(doc), string(d), "an emptied cap period removes the cap")
	d, err = setField(d, "point_rules", 0, "points", fkFormula, "(csat - 3) * 15")
	require.NoError(t, err)
	assert.Contains(t, string(d), `"points":"(csat - 3) * 15"`)
	d, err = setField(d, "point_rules", 0, "points", fkFormula, "25")
	require.NoError(t, err)
	assert.Contains(t, string(d), `"points":25`)
}
