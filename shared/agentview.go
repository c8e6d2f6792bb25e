package shared

import "time"

// PersonalBest is an agent's best period of one kind: its key (a day
// "2026-11-24" or an ISO week "2026-W48") and its points.
type PersonalBest struct {
	Key    string `json:"key"`
	Points int64  `json:"points"`
}

// History limits of GET /api/v1/agents/{id}/history.
const (
	DefaultHistoryLimit = 20
	// MaxHistory is how many point awards the server keeps per agent, and
	// the largest limit a caller may ask for.
	MaxHistory = 30
)

// HistoryEntry is one point award: when the event happened, the rule that
// gave the points (a challenge's reward is "challenge:<id>"), its
// category, the points and the event's id.
type HistoryEntry struct {
	Time     time.Time `json:"time"`
	Rule     string    `json:"rule"`
	Category string    `json:"category"`
	Points   int64     `json:"points"`
	Event    string    `json:"event"`
	// From, FromName and Value are set for a received kudos: who gave it
	// and for which of the org's values (its name is in the ruleset guide).
	From     string `json:"from,omitempty"`
	FromName string `json:"from_name,omitempty"`
	Value    string `json:"value,omitempty"`
}

// AgentHistory answers GET /api/v1/agents/{id}/history: the agent's latest
// point awards, newest first.
type AgentHistory struct {
	Agent   string         `json:"agent"`
	Entries []HistoryEntry `json:"entries"`
}
