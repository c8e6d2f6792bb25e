package scoring

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden.json from this build")

// goldenRulesets are the rulesets whose replays are pinned: the default,
// the benchmark's 200 rules, and 200 rules mixed with constant, uncapped
// and unguarded ones, so that rule errors fall between awards.
func goldenRulesets() map[string]Ruleset {
	mixed := bigRuleset(200)
	for i := range mixed.PointRules {
		r := &mixed.PointRules[i]
		switch i % 5 {
		case 0:
			r.Cap = &Cap{Period: PeriodWeek, Max: 8} // a cap that clips
		case 1:
			r.Points = Formula(r.ID[1:])
		case 2:
			r.Cap = nil
		case 3:
			r.When = "csat >= 2" // an error when the event has no csat
		case 4:
			r.Points = "handle_seconds / 60 - 5" // negative awards, and errors
		}
	}
	return map[string]Ruleset{"default": DefaultRuleset(), "rules200": bigRuleset(200), "mixed200": mixed}
}

// goldenDigest is what a replay is pinned to: SHA-256 of its outcomes' and
// final world's JSON, so a change that alters a single byte of either shows.
type goldenDigest struct {
	Outcomes string `json:"outcomes"`
	World    string `json:"world"`
}

// TestReplayMatchesGolden replays fixed input streams (events with teams,
// ticks, a launch) through the golden rulesets and compares the result with
// the one recorded before the engine was last restructured; run with
// -update-golden only when a change of outcomes is intended.
func TestReplayMatchesGolden(t *testing.T) {
	got := map[string]goldenDigest{}
	for name, rs := range goldenRulesets() {
		e := mustCompile(t, rs, WithVersion(3))
		for _, seed := range []int64{1, 2} {
			w := NewWorld()
			out := run(e, w, randomInputs(rand.New(rand.NewSource(seed)), 3000, 9))
			got[fmt.Sprintf("%s/seed%d", name, seed)] = goldenDigest{Outcomes: digest(t, out), World: digest(t, w)}
		}
	}
	path := filepath.Join("testdata", "golden.json")
	if *updateGolden {
		b, err := json.MarshalIndent(got, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, append(b, '\n'), 0o644))
		return
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var want map[string]goldenDigest
	require.NoError(t, json.Unmarshal(b, &want))
	require.Equal(t, want, got)
}

func digest(t *testing.T, v any) string {
	t.Helper()
	sum := sha256.Sum256([]byte(jsonOf(t, v)))
	return hex.EncodeToString(sum[:])
}
