package scoring

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// withoutCoins is rs with every coin taken out.
func withoutCoins(rs Ruleset) Ruleset {
	rs = rs.clone()
	for i := range rs.PointRules {
		rs.PointRules[i].Coins = ""
	}
	for i := range rs.Badges {
		rs.Badges[i].Coins = 0
	}
	for i := range rs.Challenges {
		rs.Challenges[i].Reward.Coins = 0
	}
	for i := range rs.TeamGoals {
		rs.TeamGoals[i].Coins = 0
	}
	return rs
}

// coinless is outcomes as a ruleset without coins reports them: no coins
// outcomes, no coins on the others, and no reward that was only coins.
func coinless(out []Outcome) []Outcome {
	var keep []Outcome
	for _, o := range out {
		if o.Kind == OutcomeCoins {
			continue
		}
		o.Coins = 0
		if o.Reward != nil {
			r := *o.Reward
			r.Coins = 0
			o.Reward = &r
			if r == (Reward{}) {
				o.Reward = nil
			}
		}
		keep = append(keep, o)
	}
	return keep
}

// TestGoldenCoinsMoveOnlyCoins: the golden replays through each golden
// ruleset and through the same ruleset without coins give the same world,
// and the same outcomes once their coins are taken out; and the world and
// those outcomes are the ones pinned before coins existed, so adding coins
// to the defaults moved nothing but coins.
func TestGoldenCoinsMoveOnlyCoins(t *testing.T) {
	// The digests of the golden replays of the default ruleset before it
	// had coins (testdata/golden.json of that build).
	before := map[int64]goldenDigest{
		1: {Outcomes: "18c668b97f5cfa9d4433fa30e103a89caac578c0cb7924ea1397aa0978023b23", World: "82d66436a8ef744c8d30437dfee8c70a410ee6ee89731e4bf1495ff9d81287a7"},
		2: {Outcomes: "9a8aadf5adb4d3acf2bf52f097e5aa9ee6e9942d0fa0e239c91e6cfcabe03dd3", World: "7af8633ab7d1fb1acc8b6d21cb04fea7ef68a967537426b9129e20d5d7587d83"},
	}
	for name, rs := range goldenRulesets() {
		rs.Leagues = nil // the pinned digests are of a build before leagues
		with, without := mustCompile(t, rs, WithVersion(3)), mustCompile(t, withoutCoins(rs), WithVersion(3))
		for seed, pinned := range before {
			inputs := func() []Input { return withAttrs(randomInputs(rand.New(rand.NewSource(seed)), 3000, 9)) }
			w1, w2 := NewWorld(), NewWorld()
			o1, o2 := run(with, w1, inputs()), run(without, w2, inputs())
			require.Equal(t, jsonOf(t, w2), jsonOf(t, w1), "%s/seed%d: coins changed the world", name, seed)
			require.Equal(t, o2, coinless(o1), "%s/seed%d: coins changed more than coins", name, seed)
			for _, o := range o1 {
				require.GreaterOrEqual(t, o.Coins, int64(0))
				if o.Coins > 0 {
					require.NotEmpty(t, o.Agent, "%+v", o)
				}
			}
			if name == "default" {
				require.Equal(t, pinned, goldenDigest{Outcomes: digest(t, coinless(o1)), World: digest(t, w1)}, "seed %d", seed)
			}
		}
	}
}
