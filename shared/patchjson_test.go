package shared

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestAppendAgentPatchTurnsOldIntoNew: for views changed the ways the
// projector changes them, for unrelated views, and for the awkward ones
// (nil maps and lists, keys twice, names to escape, values JSON cannot
// carry), what AppendAgentPatch writes is an AgentPatch that turns old into
// new (exactly, as JSON, where no list is nil), written after what b held;
// where it fails, b is as it was.
func TestAppendAgentPatchTurnsOldIntoNew(t *testing.T) {
	prefix := []byte(`{"x":`)
	for seed := range uint64(5000) {
		r := rand.New(rand.NewPCG(seed, 11))
		old, new := randomPair(r, seed)
		if seed%3 == 0 {
			awkward(r, &old)
			awkward(r, &new)
		}
		got, err := AppendAgentPatch(prefix, &old, &new)
		if err != nil {
			if string(got) != string(prefix) {
				t.Fatalf("seed %d: a failed patch left %q", seed, got)
			}
			continue
		}
		if string(got[:len(prefix)]) != string(prefix) {
			t.Fatalf("seed %d: the prefix became %q", seed, got[:len(prefix)])
		}
		var p AgentPatch
		if err := json.Unmarshal(got[len(prefix):], &p); err != nil {
			t.Fatalf("seed %d: %s: %v", seed, got[len(prefix):], err)
		}
		v := *CopyAgentView(nil, &old)
		if !v.Apply(p) {
			t.Fatalf("seed %d: the patch does not apply to its base", seed)
		}
		// An awkward view's nil list is the same to a patch as an empty one.
		if want, err := json.Marshal(new); err == nil && seed%3 != 0 {
			if have, _ := json.Marshal(v); string(have) != string(want) {
				t.Fatalf("seed %d: old + patch\n%s\nwant\n%s\npatch %s", seed, have, want, got[len(prefix):])
			}
		}
		// A view against itself, as a second message of a batch has it.
		self, err := AppendAgentPatch(nil, &new, &new)
		if want := fmt.Sprintf(`{"at":%d,"base":%d}`, new.At, new.At); err != nil || string(self) != want {
			t.Fatalf("seed %d: a view against itself is %s, %v; want %s", seed, self, err, want)
		}
	}
}

// awkward changes v in the ways random views rarely are.
func awkward(r *rand.Rand, v *AgentView) {
	for range 1 + r.IntN(3) {
		switch r.IntN(12) {
		case 0:
			v.Points = nil
		case 1:
			v.Rank = nil
		case 2:
			v.Badges, v.Streaks = nil, nil
		case 3:
			v.Challenges = nil
		case 4:
			v.Name = pick(r, `Zoë "Z" <b>&`, "Юлия", "tab\there", "\u2028", "\xff")
		case 5:
			if len(v.Badges) > 0 {
				v.Badges[0].Value = pickFloat(r)
			}
		case 6:
			if len(v.Challenges) > 0 {
				v.Challenges[0].Progress = pickFloat(r)
			}
		case 7:
			if len(v.Challenges) > 0 {
				v.Challenges[0].Deadline = time.Date(2026, 11, 27, r.IntN(24), 0, 0, 0, time.FixedZone("", 3600*r.IntN(3)))
			}
		case 8:
			if p, ok := v.Points["day"]; ok {
				p.Categories = map[string]int64{"qualité": r.Int64N(5), "": 0}
				v.Points["day"] = p
			}
		case 9:
			if len(v.Streaks) > 0 {
				v.Streaks = append(v.Streaks, v.Streaks[0])
			}
		case 10:
			if len(v.Challenges) > 0 {
				v.Challenges[0].Adaptive = !v.Challenges[0].Adaptive
				v.Challenges[0].Team = pick(r, "", "t-1")
				v.Challenges[0].Name = pick(r, "Challenge", "Sprint")
			}
		case 11:
			v.Points = map[string]PeriodPoints{pick(r, "day", "week"): {}}
		}
	}
}

func pickFloat(r *rand.Rand) float64 {
	return []float64{0, 1e-7, 1e21, 123456789.125, -0.5, 3e-300, math.NaN(), math.Inf(1)}[r.IntN(8)]
}
