package scoring

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// activeWeek is the work of an active agent in a plausible week: five
// shifts of 40 contacts (tickets, calls, chats), four surveys and an
// adherence report a shift, two QA reviews, a training and a kudos.
func activeWeek(rng *rand.Rand, agent, team string, monday time.Time, n *int) []Event {
	var evs []Event
	add := func(typ string, at time.Time, m map[string]any) {
		*n++
		evs = append(evs, Event{ID: fmt.Sprint("w", *n), Type: typ, Agent: agent, Team: team, Time: at, Metrics: m})
	}
	csat := func() float64 {
		switch x := rng.Float64(); {
		case x < 0.45:
			return 5
		case x < 0.75:
			return 4
		case x < 0.90:
			return 3
		}
		return 2
	}
	for d := range 5 {
		start := monday.AddDate(0, 0, d).Add(8 * time.Hour)
		at := func() time.Time { return start.Add(time.Duration(rng.Intn(8*60)) * time.Minute) }
		for range 40 {
			switch x := rng.Float64(); {
			case x < 0.40:
				m := map[string]any{"first_contact_resolution": rng.Float64() < 0.7}
				if rng.Float64() < 0.1 {
					m["csat"] = csat()
				}
				add("ticket.solved", at(), m)
			case x < 0.75:
				add("call.completed", at(), map[string]any{"handle_seconds": float64(120 + rng.Intn(600))})
			default:
				add("chat.completed", at(), map[string]any{"handle_seconds": float64(60 + rng.Intn(500))})
			}
		}
		for range 4 {
			add("survey.completed", at(), map[string]any{"csat": csat()})
		}
		add("schedule.adherence", start.Add(8*time.Hour), map[string]any{"adherence": 0.9 + rng.Float64()*0.1})
	}
	add("qa.review", monday.Add(34*time.Hour), map[string]any{"score": float64(70 + rng.Intn(31))})
	add("qa.review", monday.Add(82*time.Hour), map[string]any{"score": float64(70 + rng.Intn(31))})
	add("training.completed", monday.Add(58*time.Hour), nil)
	add("kudos.received", monday.Add(60*time.Hour), map[string]any{"weight": 1.0})
	return evs
}

// TestDefaultCoinEconomy: with the default ruleset an active agent earns
// 30 to 80 coins in an ordinary week, so a store item of 100 to 500 coins
// is a goal of weeks, not months; the first week, with its first badge
// tiers, may give more.
func TestDefaultCoinEconomy(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	rng := rand.New(rand.NewSource(23))
	w := NewWorld()
	const agents, weeks = 8, 6
	monday := time.Date(2026, 11, 2, 0, 0, 0, 0, e.Location())
	coins := make([]int64, weeks) // per week, all agents
	n := 0
	for wk := range weeks {
		var evs []Event
		for a := range agents {
			evs = append(evs, activeWeek(rng, fmt.Sprint("a", a), "north", monday.AddDate(0, 0, 7*wk), &n)...)
		}
		for i := range evs {
			for _, o := range e.Step(w, Input{Event: &evs[i]}) {
				assert.GreaterOrEqual(t, o.Coins, int64(0))
				coins[wk] += o.Coins
			}
		}
		for _, o := range e.Step(w, Input{Tick: &Tick{ID: fmt.Sprint("tick", wk), Time: monday.AddDate(0, 0, 7*wk+7)}}) {
			coins[wk] += o.Coins
		}
	}
	var steady int64
	for wk, c := range coins {
		t.Logf("week %d: %.1f coins per agent", wk+1, float64(c)/agents)
		if wk > 0 {
			steady += c
		}
	}
	perWeek := float64(steady) / agents / (weeks - 1)
	assert.True(t, perWeek >= 30 && perWeek <= 80, "an ordinary week gives %.1f coins", perWeek)
	assert.Less(t, float64(coins[0])/agents, 200.0, "the first week's badge tiers")
}
