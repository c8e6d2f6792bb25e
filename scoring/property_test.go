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
