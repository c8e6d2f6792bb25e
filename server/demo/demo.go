// Package demo seeds a demo roster (3 teams of 8 named agents) and runs a
// traffic simulator that posts realistic contact-centre events through the
// real ingest API, so that a first look at Scorecast shows a live floor.
//
// Concurrency: Simulate runs in the caller's goroutine until ctx ends.
package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"scorecast/server/store"
)

// Team is a demo team with its agents.
type Team struct {
	ID, Name string
	Agents   []store.Profile
}

// Teams is the demo roster.
func Teams() []Team {
	names := [][]string{
		{"Astrid Lindqvist", "Jonas Becker", "Camille Martin", "Dmitri Volkov", "Sara Nilsson", "Lukas Weber", "Chloé Bernard", "Olga Smirnova"},
		{"Erik Johansson", "Hannah Schmidt", "Léa Dubois", "Ivan Petrov", "Maja Andersson", "Felix Wagner", "Manon Laurent", "Anna Kuznetsova"},
		{"Oskar Karlsson", "Lena Fischer", "Hugo Moreau", "Natalia Popova", "Elin Persson", "Paul Hoffmann", "Inès Lefebvre", "Sergei Ivanov"},
	}
	teams := []Team{{ID: "t-north", Name: "North Star"}, {ID: "t-harbor", Name: "Harbor"}, {ID: "t-aurora", Name: "Aurora"}}
	n := 1
	for i := range teams {
		for _, name := range names[i] {
			teams[i].Agents = append(teams[i].Agents, store.Profile{ID: fmt.Sprintf("a-%d", n), Name: name, Team: teams[i].ID})
			n++
		}
	}
	return teams
}

// SupervisorOf is the demo login that supervises a team.
func SupervisorOf(team string) string { return "sup-" + team }

// Config configures the simulator.
type Config struct {
	// URL is the server's base URL, e.g. http://127.0.0.1:8080 (required).
	URL string
	// Key is an ingest key of the demo org (required).
	Key string
	// Every is the mean time between events; default 500 ms.
	Every time.Duration
	// Password is the demo logins' password: with it, demo agents give
	// each other kudos through the real API now and then.
	Password string
	// Seed makes a run repeatable; default 1.
	Seed uint64
	// Logger; default slog.Default().
	Logger *slog.Logger
}

// Simulate posts events until ctx ends.
func Simulate(ctx context.Context, cfg Config) {
	if cfg.Every <= 0 {
		cfg.Every = 500 * time.Millisecond
	}
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(time.Now().UnixNano())))
	var agents []store.Profile
	for _, t := range Teams() {
		agents = append(agents, t.Agents...)
	}
	// Some agents are busier or more careful than others, so boards move.
	skill := make([]float64, len(agents))
	for i := range skill {
		skill[i] = 0.5 + rng.Float64()
	}
	client := &http.Client{Timeout: 10 * time.Second}
	kudos := newKudosGiver(cfg)
	// A first look finds kudos already in the feed.
	for range initialKudos {
		if err := kudos.give(ctx, rng, agents); err != nil && ctx.Err() == nil {
			cfg.Logger.Warn("demo: give kudos", "err", err)
		}
	}
	if err := kudos.launchCoop(ctx); err != nil && ctx.Err() == nil {
		cfg.Logger.Warn("demo: launch a co-op quest", "err", err)
	}
	for n := 0; ; n++ {
		wait := time.Duration(float64(cfg.Every) * (0.3 + 1.4*rng.Float64()))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if rng.Float64() < kudosShare {
			if err := kudos.give(ctx, rng, agents); err != nil && ctx.Err() == nil {
				cfg.Logger.Warn("demo: give kudos", "err", err)
			}
			continue
		}
		i := pick(rng, skill)
		ev := event(rng, agents[i], skill[i], n)
		if err := post(ctx, client, cfg, ev); err != nil && ctx.Err() == nil {
			cfg.Logger.Warn("demo: post event", "err", err)
		}
	}
}

// initialKudos are given as the demo starts; kudosShare is the share of
// the simulator's steps that give kudos instead of posting an event.
const (
	initialKudos = 6
	kudosShare   = 0.02
)

func pick(rng *rand.Rand, weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := rng.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

type wireEvent struct {
	ID      string            `json:"id"`
	Type    string            `json:"type"`
	Agent   string            `json:"agent"`
	Time    time.Time         `json:"time"`
	Team    string            `json:"team,omitempty"`
	Metrics map[string]any    `json:"metrics,omitempty"`
	Attrs   map[string]string `json:"attrs,omitempty"`
}

// event makes one plausible event: mostly tickets and calls, some surveys,
// now and then a QA review, adherence report or training. Kudos are given
// through the API instead (see kudosGiver), as people give them.
func event(rng *rand.Rand, a store.Profile, skill float64, n int) wireEvent {
	ev := wireEvent{
		ID:    fmt.Sprintf("demo-%d-%d", time.Now().UnixNano(), n),
		Agent: a.ID,
		Time:  time.Now().UTC(),
		Team:  a.Team,
	}
	quality := min(1, skill*0.7+rng.Float64()*0.4)
	switch x := rng.Float64(); {
	case x < 0.30:
		ev.Type = "ticket.solved"
		ev.Metrics = map[string]any{"handle_seconds": 120 + rng.IntN(900), "first_contact_resolution": rng.Float64() < quality}
		ev.Attrs = map[string]string{"channel": []string{"email", "web", "social"}[rng.IntN(3)]}
	case x < 0.55:
		ev.Type = "call.completed"
		ev.Metrics = map[string]any{"handle_seconds": 90 + rng.IntN(600)}
	case x < 0.70:
		ev.Type = "chat.completed"
		ev.Metrics = map[string]any{"handle_seconds": 60 + rng.IntN(500)}
	case x < 0.88:
		ev.Type = "survey.completed"
		ev.Metrics = map[string]any{"csat": min(5, 1+int(quality*4.5+rng.Float64()))}
	case x < 0.92:
		ev.Type = "qa.review"
		ev.Metrics = map[string]any{"score": min(100, int(60+quality*40+rng.Float64()*5))}
	case x < 0.95:
		ev.Type = "schedule.adherence"
		ev.Metrics = map[string]any{"adherence": min(1, 0.85+quality*0.15)}
	default:
		ev.Type = "training.completed"
		ev.Attrs = map[string]string{"course": "product-update"}
	}
	return ev
}

func post(ctx context.Context, client *http.Client, cfg Config, ev wireEvent) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.URL+"/api/v1/events", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+cfg.Key)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}
