package scoring

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// randomEvents makes a plausible month of contact-centre work for a few
// agents, mostly in time order with some late arrivals.
func randomEvents(rng *rand.Rand, n, agents int) []Event {
	types := []string{"ticket.solved", "call.completed", "chat.completed", "survey.completed", "qa.review",
		"schedule.adherence", "training.completed", "kudos.received", "unknown.type"}
	start := time.Date(2026, 10, 20, 6, 0, 0, 0, time.UTC)
	evs := make([]Event, n)
	clock := start
	for i := range evs {
		clock = clock.Add(time.Duration(rng.Intn(90)) * time.Minute)
		when := clock
		if rng.Intn(20) == 0 {
			when = when.Add(-time.Duration(rng.Intn(72)) * time.Hour) // late
		}
		ev := Event{
			ID:    fmt.Sprintf("e%d", i),
			Type:  types[rng.Intn(len(types))],
			Agent: fmt.Sprintf("a%d", rng.Intn(agents)),
			Time:  when,
		}
		m := map[string]any{}
		if rng.Intn(2) == 0 {
			m["csat"] = float64(1 + rng.Intn(5))
		}
		if rng.Intn(2) == 0 {
			m["first_contact_resolution"] = rng.Intn(2) == 0
		}
		if rng.Intn(2) == 0 {
			m["handle_seconds"] = float64(rng.Intn(900))
		}
		m["score"] = float64(rng.Intn(101))
		m["adherence"] = rng.Float64()
		ev.Metrics = m
		evs[i] = ev
	}
	return evs
}

type world struct {
	agents   map[string]*AgentState
	outcomes map[string][]Outcome
}

func replay(e *Engine, evs []Event) world {
	w := world{agents: map[string]*AgentState{}, outcomes: map[string][]Outcome{}}
	for _, ev := range evs {
		a := w.agents[ev.Agent]
		if a == nil {
			a = &AgentState{ID: ev.Agent}
			w.agents[ev.Agent] = a
		}
		w.outcomes[ev.Agent] = append(w.outcomes[ev.Agent], e.Apply(a, nil, ev)...)
	}
	return w
}

func TestPropertyReplayIsDeterministic(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	for seed := int64(1); seed <= 10; seed++ {
		evs := randomEvents(rand.New(rand.NewSource(seed)), 2000, 7)
		first := replay(e, evs)
		again := replay(mustCompile(t, DefaultRuleset()), evs)
		require.Equal(t, first, again, "seed %d", seed)
		require.Positive(t, first.agents["a0"].XP, "the replay must exercise scoring")
	}
}

// TestPropertyInterleavingAgents: the stream may interleave agents in any
// way; as long as each agent's own events keep their order, every agent
// ends in the same state with the same outcomes.
func TestPropertyInterleavingAgents(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	for seed := int64(1); seed <= 10; seed++ {
		rng := rand.New(rand.NewSource(seed))
		evs := randomEvents(rng, 1500, 5)
		want := replay(e, evs)

		queues := map[string][]Event{}
		var names []string
		for _, ev := range evs {
			if queues[ev.Agent] == nil {
				names = append(names, ev.Agent)
			}
			queues[ev.Agent] = append(queues[ev.Agent], ev)
		}
		shuffled := make([]Event, 0, len(evs))
		for len(shuffled) < len(evs) {
			name := names[rng.Intn(len(names))]
			if q := queues[name]; len(q) > 0 {
				shuffled = append(shuffled, q[0])
				queues[name] = q[1:]
			}
		}
		require.Equal(t, want, replay(e, shuffled), "seed %d", seed)
	}
}

// TestPropertyCoins: whatever the events, no outcome gives negative coins
// or more than MaxCoins, every outcome with coins names its agent, and a
// replay gives the same coins; also with coins formulas that go negative
// and rewards for whole teams.
func TestPropertyCoins(t *testing.T) {
	mixed := DefaultRuleset()
	for i := range mixed.PointRules {
		switch i % 3 {
		case 0:
			mixed.PointRules[i].Coins = "event.metrics.?csat.orValue(0) - 3" // negative for unhappy customers
		case 1:
			mixed.PointRules[i].Coins = "event.metrics.?handle_seconds.orValue(0) / 60 - 5"
		}
	}
	mixed.TeamGoals[0].Target = 20
	mixed.Challenges = append(mixed.Challenges, Challenge{ID: "team_week", Name: "Team week", Scope: ScopeTeam, Period: PeriodWeek,
		Counter: "contacts", Target: 30, Reward: Reward{Coins: 9, Points: 5, Category: "teamwork"}})
	for name, rs := range map[string]Ruleset{"default": DefaultRuleset(), "mixed": mixed} {
		for seed := int64(1); seed <= 5; seed++ {
			play := func() ([]Outcome, *World) {
				e := mustCompile(t, rs)
				w := NewWorld()
				var out []Outcome
				for _, ev := range randomEvents(rand.New(rand.NewSource(seed)), 2000, 7) {
					ev.Team = "t" + string('0'+ev.Agent[len(ev.Agent)-1]%3)
					out = append(out, e.Step(w, Input{Event: &ev})...)
				}
				return out, w
			}
			first, w1 := play()
			again, w2 := play()
			require.Equal(t, first, again, "%s seed %d", name, seed)
			require.Equal(t, w1, w2, "%s seed %d", name, seed)
			var total int64
			members := map[string]bool{}
			for _, o := range first {
				require.True(t, o.Coins >= 0 && o.Coins <= MaxCoins, "%s seed %d: %+v", name, seed, o)
				if o.Coins > 0 {
					require.NotEmpty(t, o.Agent, "%s seed %d: coins for nobody: %+v", name, seed, o)
				}
				if o.Kind == OutcomeCoins {
					members[o.Agent] = true
				}
				total += o.Coins
			}
			require.Positive(t, total, "%s seed %d: the replay must give coins", name, seed)
			if name == "mixed" {
				require.NotEmpty(t, members, "seed %d: team rewards must reach members", seed)
			}
		}
	}
}
