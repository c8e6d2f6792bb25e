package shared

import "time"

// KindLeague is the kind of the message on agent/<id> that says where the
// week's end left the agent: promoted, demoted or stayed.
const KindLeague = "league"

// League statuses and zones, as the ruleset's engine names them.
const (
	LeaguePromoted = "promoted"
	LeagueDemoted  = "demoted"
	LeagueStayed   = "stayed"
	ZonePromote    = "promote"
	ZoneDemote     = "demote"
)

// LeagueTier is one tier of the leagues, lowest first, with its name in
// every language the ruleset gives.
type LeagueTier struct {
	ID     string            `json:"id"`
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels,omitempty"`
}

// LeagueRow is one row of a cohort's table. A person who chose to appear
// by initials or not at all is shown so (LeaderboardEntry's rules); the
// viewer always sees themself by name.
type LeagueRow struct {
	LeaderboardEntry
	Zone string `json:"zone,omitempty"` // promote or demote: where the row would go if the week ended now
	Me   bool   `json:"me,omitempty"`
}

// LeagueView answers GET /api/v1/leagues/me, GET /api/v1/agents/{id}/league
// and GET /api/v1/leagues/top: a cohort's week so far.
type LeagueView struct {
	Agent  string       `json:"agent,omitempty"` // whose cohort; empty for the top tier's
	Week   string       `json:"week"`            // ISO week, "2026-W50"
	EndsAt time.Time    `json:"ends_at"`         // the week's end in the ruleset's zone; the next tick after it rolls it
	Tier   int          `json:"tier"`            // index into Tiers
	Tiers  []LeagueTier `json:"tiers"`
	// Rank and Points are the agent's (0 for the top tier's view).
	Rank   int   `json:"rank,omitempty"`
	Points int64 `json:"points"`
	// Promote is how many rows the promotion zone holds (0 in the top
	// tier); DemoteFrom the rank where the demotion zone begins (past the
	// last row in the lowest tier). Only rows with a zone move.
	Promote    int         `json:"promote"`
	DemoteFrom int         `json:"demote_from"`
	Size       int         `json:"size"` // people in the cohort
	Standings  []LeagueRow `json:"standings"`
}

// LeagueData is the data of a "league" message on agent/<id>, sent after
// the tick that rolled the week; it carries the agent's view as points do.
type LeagueData struct {
	At       uint64 `json:"at"`
	Week     string `json:"week"`   // the week that ended
	Status   string `json:"status"` // promoted, demoted, stayed
	Tier     int    `json:"tier"`   // the new tier's index, lowest 0
	TierName string `json:"tier_name"`
	// TierLabels are the tier's name by language, as the ruleset gives them.
	TierLabels map[string]string `json:"tier_labels,omitempty"`
	Rank       int               `json:"rank"`
	Points     int64             `json:"points"`
	Agent      *AgentView        `json:"agent,omitempty"`
	Patch      *AgentPatch       `json:"patch,omitempty"`
}

// ApplyTo is PointsData.ApplyTo for a league message.
func (d *LeagueData) ApplyTo(v *AgentView) bool { return applyAgent(v, d.Agent, d.Patch) }
