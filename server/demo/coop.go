package demo

import (
	"context"
	"net/http"
	"time"
)

// coopHours is how long the demo's co-op quest runs: a shift, so a first
// look finds it moving and a later one finds it done or expired.
const coopHours = 8

// launchCoop has the supervisor of the first team pair two of their agents
// on a co-op quest through the real API, unless one is open already (a
// demo restarted on the same data), so a first look shows the shared bar
// filling on their screens.
func (g *kudosGiver) launchCoop(ctx context.Context) error {
	if g.cfg.Password == "" {
		return nil
	}
	team := Teams()[0]
	if len(team.Agents) < 2 {
		return nil
	}
	c, err := g.session(ctx, SupervisorOf(team.ID))
	if err != nil {
		return err
	}
	var view struct {
		Challenges []struct {
			Status string       `json:"status"`
			Coop   []coopMember `json:"coop"`
		} `json:"challenges"`
	}
	if err := g.call(ctx, c, http.MethodGet, "/api/v1/agents/"+team.Agents[0].ID, nil, &view); err != nil {
		return err
	}
	for _, ch := range view.Challenges {
		if len(ch.Coop) > 0 && ch.Status == "active" {
			return nil
		}
	}
	body := map[string]any{"challenge": "pair_up", "coop": true, "agents": []string{team.Agents[0].ID, team.Agents[1].ID},
		"deadline": time.Now().Add(coopHours * time.Hour).UTC()}
	err = g.call(ctx, c, http.MethodPost, "/api/v1/challenges", body, nil)
	if s := errorStatus(err); s == http.StatusUnprocessableEntity {
		return nil // the ruleset in force has no pair_up template
	}
	return err
}

// coopMember is all the demo reads of a co-op member: that there is one.
type coopMember struct {
	ID string `json:"id"`
}
