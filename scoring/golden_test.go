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
	"sync"
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
	return map[string]Ruleset{"default": DefaultRuleset(), "rules200": bigRuleset(200), "mixed200": mixed, "fields": fieldsRuleset()}
}

// fieldsRuleset has rules that read every part of an event in every way
// CEL allows (fields, attrs, whole maps, missing keys, optionals), on every
// event type, so that how `event` is presented to CEL stays pinned,
// errors included.
func fieldsRuleset() Ruleset {
	rs := bigRuleset(0)
	conds := []string{
		`event.attrs.channel == "email"`,
		`has(event.attrs.channel) && event.attrs.channel.startsWith("e")`,
		`size(event.attrs) > 0`,
		`"channel" in event.attrs`,
		`event.attrs.?channel.orValue("none") != "none"`,
		`event.attrs.all(k, k != "")`,
		`type(event.attrs) == map`,
		`event.attrs == {}`,
		`channel == "chat"`,
		`event.id.startsWith("e1")`,
		`event.agent == "a1" || event.team == "team-1"`,
		`event.team == ""`,
		`event.time.getHours() >= 12`,
		`string(event.time) > "2026-11"`,
		`event.type == "ticket.solved"`,
		`event.metrics.exists(k, k == "csat")`,
		`event.metrics.first_contact_resolution`,
		`has(event.nonexistent)`,
		`event.nonexistent == 1`,
		`event.size() > 6`,
		`has(event.metrics.csat)`,
		`has(event.metrics.score) && csat >= 3`,
		`has(event.metrics.csat) && event.metrics.handle_seconds > 100`,
		`has(event.metrics.score) && has(event.metrics.csat) && csat > 2 && handle_seconds < 400`,
		`has(event.metrics.handle_seconds) && (has(event.metrics.csat) && csat >= handle_seconds / 100)`,
		`score > 50 && has(event.metrics.csat)`,
		`has(event.metrics.csat) || score > 90`,
		`has(event.metrics.nothing) && nothing > 1`,
		`has(event.metrics.first_contact_resolution) && first_contact_resolution`,
		`has(event.metrics.adherence) && adherence`,
	}
	formulas := []string{
		`size(event.metrics)`,
		`event.metrics.csat * 3`,
		`csat + 1`,
		`event.metrics.?handle_seconds.orValue(0) / 100`,
		`double(size(event.attrs)) * 2.0`,
		`event["metrics"]["score"] / 10`,
	}
	types := []string{"ticket.solved", "call.completed", "chat.completed", "survey.completed", "qa.review",
		"schedule.adherence", "training.completed", "kudos.received", "unknown.type"}
	for i, c := range conds {
		for j, typ := range types {
			rs.PointRules = append(rs.PointRules, PointRule{ID: fmt.Sprintf("w%02d-%d", i, j), On: typ,
				Category: rs.Categories[0], When: c, Points: "1"})
		}
	}
	for i, f := range formulas {
		for j, typ := range types {
			rs.PointRules = append(rs.PointRules, PointRule{ID: fmt.Sprintf("p%02d-%d", i, j), On: typ,
				Category: rs.Categories[1], Points: Formula(f)})
		}
	}
	return rs
}

// withAttrs gives two events in three some attrs, as ingest may.
func withAttrs(ins []Input) []Input {
	for i := range ins {
		if ev := ins[i].Event; ev != nil {
			switch i % 3 {
			case 1:
				ev.Attrs = map[string]string{"channel": "email"}
			case 2:
				ev.Attrs = map[string]string{"channel": "chat", "note": "x"}
			}
		}
	}
	return ins
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
			out := run(e, w, withAttrs(randomInputs(rand.New(rand.NewSource(seed)), 3000, 9)))
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

// TestEngineSharedByGoroutines: replays on one engine from several
// goroutines at once, each into its own world, give what a replay alone
// gives; the engine's per-event buffers are never shared (run with -race).
func TestEngineSharedByGoroutines(t *testing.T) {
	e := mustCompile(t, goldenRulesets()["mixed200"])
	ins := withAttrs(randomInputs(rand.New(rand.NewSource(3)), 1500, 9))
	alone := NewWorld()
	want := jsonOf(t, run(e, alone, ins))
	const n = 4
	got := make([][]Outcome, n)
	worlds := make([]*World, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worlds[i] = NewWorld()
			got[i] = run(e, worlds[i], ins)
		}()
	}
	wg.Wait()
	for i := range n {
		require.Equal(t, want, jsonOf(t, got[i]), "goroutine %d", i)
		require.Equal(t, jsonOf(t, alone), jsonOf(t, worlds[i]), "goroutine %d", i)
	}
}
