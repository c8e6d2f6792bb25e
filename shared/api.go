package shared

// Periods over which points are totalled, in the org's time zone.
const (
	PeriodDay    = "day"
	PeriodWeek   = "week"
	PeriodMonth  = "month"
	PeriodSeason = "season"
	PeriodAll    = "all"
)

// Periods lists the periods in the order people read them.
var Periods = []string{PeriodDay, PeriodWeek, PeriodMonth, PeriodSeason, PeriodAll}

// Built-in boards. BoardAgents ranks every agent of the org by points;
// BoardTeams ranks the org's teams by the points their members earned.
const (
	BoardAgents = "agents"
	BoardTeams  = "teams"
)

// Error is the body of every non-2xx answer.
type Error struct {
	Error string      `json:"error"`
	Items []ItemError `json:"items,omitempty"`
}

// ItemError locates one problem in a batch of events.
type ItemError struct {
	Index   int    `json:"index"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// IngestResult answers a successful POST /api/v1/events.
type IngestResult struct {
	Accepted   int `json:"accepted"`
	Duplicates int `json:"duplicates"`
}

// PeriodPoints is what an agent or team earned in one period.
type PeriodPoints struct {
	Key        string           `json:"key,omitempty"` // e.g. "2026-11-24", "2026-W48", "2026-11"
	Points     int64            `json:"points"`
	Categories map[string]int64 `json:"categories,omitempty"`
}

// AgentView answers GET /api/v1/agents/{id} and is the snapshot of the
// agent/<id> topic.
type AgentView struct {
	ID       string                  `json:"id"`
	Name     string                  `json:"name"`
	Team     string                  `json:"team,omitempty"`
	TeamName string                  `json:"team_name,omitempty"`
	Points   map[string]PeriodPoints `json:"points"` // by period
	Level    int                     `json:"level"`
	// LevelName is the name of the current level, e.g. "Rookie".
	LevelName string `json:"level_name"`
	XP        int64  `json:"xp"`
	// LevelXP is the XP at which the current level started.
	LevelXP int64 `json:"level_xp"`
	// NextLevelXP is the XP the next level starts at; 0 on the top level.
	NextLevelXP int64 `json:"next_level_xp"`
	XPToNext    int64 `json:"xp_to_next"`
	// Rank is the agent's rank per "<board>/<period>", 1 is first; 0 means unranked.
	Rank       map[string]int `json:"rank"`
	Badges     []string       `json:"badges"`
	Challenges []Challenge    `json:"challenges"`
	// At is the stream sequence of the last event this view reflects. Live
	// messages with At <= a snapshot's At are already in it.
	At uint64 `json:"at"`
}

// Challenge is an active challenge with its progress.
type Challenge struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Progress int64  `json:"progress"`
	Target   int64  `json:"target"`
	Ends     string `json:"ends,omitempty"`
}

// TeamView answers GET /api/v1/teams/{id} and is the snapshot of team/<id>.
type TeamView struct {
	ID      string                  `json:"id"`
	Name    string                  `json:"name"`
	Members []string                `json:"members"`
	Points  map[string]PeriodPoints `json:"points"`
	At      uint64                  `json:"at"`
}

// Leaderboard answers GET /api/v1/leaderboards/{board} and is the snapshot
// and the "board" message of board/<board>/<period>.
type Leaderboard struct {
	Board   string             `json:"board"`
	Period  string             `json:"period"`
	Key     string             `json:"key"` // the period's key, e.g. "2026-11-24"
	Entries []LeaderboardEntry `json:"entries"`
	At      uint64             `json:"at"`
}

// LeaderboardEntry is one row of a board. On the teams board Agent is empty
// and Name is the team's name.
type LeaderboardEntry struct {
	Rank   int    `json:"rank"`
	Agent  string `json:"agent,omitempty"`
	Name   string `json:"name"`
	Team   string `json:"team,omitempty"`
	Points int64  `json:"points"`
}

// Health answers /healthz and /readyz.
type Health struct {
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}
