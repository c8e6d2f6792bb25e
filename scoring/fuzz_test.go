package scoring

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(validEventJSON))
	f.Add([]byte(`{"id":"e","type":"t","agent":"a","time":"2026-11-24T09:00:00.123456789-07:30","metrics":{"x":-0,"y":1e-400,"z":false},"attrs":{"s":"\u00e9\ud800"}}`))
	f.Add([]byte(`{"id":"e","id":1,"metrics":{"a":1,"a":2},"attrs":null,"team":""}`))
	f.Add([]byte(`[{"id":"e"}]`))
	f.Add([]byte(`{"time":"9999-12-31T23:59:59Z"}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, problems := ParseEvent(data, testNow)
		for _, p := range problems {
			require.NotEmpty(t, p.Message)
		}
		if len(problems) > 0 {
			return
		}
		b, err := json.Marshal(ev)
		require.NoError(t, err)
		again, problems := ParseEvent(b, testNow)
		require.Empty(t, problems, "re-parsing %s", b)
		require.Equal(t, ev, again)
	})
}

func FuzzCompile(f *testing.F) {
	def, err := json.Marshal(DefaultRuleset())
	require.NoError(f, err)
	f.Add(def, "csat >= 4", "(csat - 3) * 15")
	f.Add([]byte(`{"timezone":"Mars","point_rules":[{"id":"a","cap":{"max":"x"}}],"badges":1}`), "", "1e400")
	f.Add([]byte(`{"levels":[{"name":"","xp":-1}],"boards":[{"periods":["day","day"]}]}`), "event.metrics.?x.orValue(1) > 0", "x / 0")
	f.Add([]byte(`null`), "[1,2].map(x, x * csat).size() > 0", "size(channel) * 1.5")
	parts, err := json.Marshal(partsRuleset())
	require.NoError(f, err)
	f.Add(parts, "csat > 1", "2")
	f.Add([]byte(`{"counters":[{"id":"c","on":["x"],"agg":"avg"}],"badges":[{"id":"b","counter":"c","period":"season","tiers":[{"name":"x","min":1e400}]}],"seasons":[{"id":"s","from":"2026-13-01"}],"challenges":[{"adaptive":{"factor":-1},"reward":[]}],"streaks":[{"unit":"week"}],"team_goals":[{}]}`), "", "1")
	f.Add([]byte(`{"timezone":"UTC","categories":["c"],"point_rules":[{"id":"r","on":"x","points":1,"coins":-1,"category":"c"}],"levels":[{"name":"L","xp":0}],"kudos":{"allowance":-1,"period":"year","values":[{"id":"A","name":""}],"weights":[{"level":0,"weight":11}]}}`), "true", "0 - csat")
	f.Fuzz(func(t *testing.T, doc []byte, when, points string) {
		checkProblems := func(err error) {
			if err == nil {
				return
			}
			ce, ok := err.(*CompileError)
			require.True(t, ok, "want *CompileError, got %T: %v", err, err)
			require.NotEmpty(t, ce.Problems)
			for _, p := range ce.Problems {
				require.True(t, p.Path == "" || strings.HasPrefix(p.Path, "/"), "path %q", p.Path)
				require.NotEmpty(t, p.Message)
				require.GreaterOrEqual(t, p.Line, 0)
				require.GreaterOrEqual(t, p.Column, 0)
			}
		}
		rs, err := ParseRuleset(doc)
		checkProblems(err)
		if err == nil {
			_, err = Compile(rs)
			checkProblems(err)
		}

		// The expressions also go through a ruleset known to be otherwise
		// valid, so the fuzzer reaches CEL checking and evaluation.
		rs = DefaultRuleset()
		rs.PointRules[0].When = when
		rs.PointRules[0].Points = Formula(points)
		rs.PointRules[0].Coins = Formula(points) // the same text as coins, which may never be negative
		e, err := Compile(rs)
		checkProblems(err)
		if err != nil {
			return
		}
		a := &AgentState{}
		ev := Event{ID: "e", Type: "ticket.solved", Agent: "a", Time: testNow,
			Metrics: map[string]any{"csat": 4.0, "x": 0.0, "flag": true}, Attrs: map[string]string{"channel": "email"}}
		for _, o := range e.Apply(a, nil, ev) {
			require.Contains(t, []string{OutcomePoints, OutcomeLevel, OutcomeRuleError, OutcomeBadge,
				OutcomeStreak, OutcomeChallenge, OutcomeGoal, OutcomeCoins}, o.Kind)
			require.True(t, o.Coins >= 0 && o.Coins <= MaxCoins, "coins %d", o.Coins)
		}
	})
}
