package shared

import "time"

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

// Error is the body of every non-2xx answer but a few: the message for
// people, and where a request had several problems, each of them.
type Error struct {
	Error string `json:"error"`
	// Items locate the problems of a batch of events (POST /api/v1/events).
	Items []ItemError `json:"items,omitempty"`
	// Problems locate the problems of an admin request's fields.
	Problems []FieldProblem `json:"problems,omitempty"`
}

// FieldProblem is one problem of a request's field; Field is its JSON name,
// with the index for a list's item (e.g. "supervisors/2").
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ItemError locates one problem in a batch of events.
type ItemError struct {
	Index   int    `json:"index"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Event is an event as a source system sends it to POST /api/v1/events:
// one, a JSON array of them, or one per line of NDJSON. Metrics' values are
// numbers or booleans; Time is when it happened (RFC 3339).
type Event struct {
	ID      string            `json:"id"`
	Type    string            `json:"type"`
	Agent   string            `json:"agent"`
	Time    time.Time         `json:"time"`
	Team    string            `json:"team,omitempty"`
	Metrics map[string]any    `json:"metrics,omitempty"`
	Attrs   map[string]string `json:"attrs,omitempty"`
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
	Photo    string                  `json:"photo,omitempty"` // the photo's URL; empty: draw initials
	Color    string                  `json:"color,omitempty"` // the team's colour, "#rrggbb"
	Points   map[string]PeriodPoints `json:"points"`          // by period
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
	Badges     []Badge        `json:"badges"`
	Streaks    []Streak       `json:"streaks"`
	Challenges []Challenge    `json:"challenges"`
	// BestDay and BestWeek are the agent's personal bests: the day and the
	// ISO week with the most points so far (zero: none yet).
	BestDay  PersonalBest `json:"best_day,omitzero"`
	BestWeek PersonalBest `json:"best_week,omitzero"`
	// At is the stream sequence of the last event this view reflects. Live
	// messages with At <= a snapshot's At are already in it.
	At uint64 `json:"at"`
}

// Badge is a badge of the ruleset as one agent holds it: Tier 0 is not
// earned yet, and NextTier/NextMin say what the next tier takes.
type Badge struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	Tier        int     `json:"tier"`
	TierName    string  `json:"tier_name,omitempty"`
	Awards      int     `json:"awards,omitempty"`
	Value       float64 `json:"value"`
	NextTier    string  `json:"next_tier,omitempty"`
	NextMin     float64 `json:"next_min,omitempty"`
}

// Streak is a run of days (or shifts) on which a condition held.
type Streak struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Current int    `json:"current"`
	Best    int    `json:"best"`
	// Freezes held, of at most MaxFreezes (0: the streak earns none); see
	// shared/streaks.go for the rota.
	Freezes    int `json:"freezes,omitempty"`
	MaxFreezes int `json:"max_freezes,omitempty"`
}

// Challenge is an open challenge with its progress.
type Challenge struct {
	ID          string    `json:"id"`
	Instance    string    `json:"instance,omitempty"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Progress    float64   `json:"progress"`
	Target      float64   `json:"target"`
	Adaptive    bool      `json:"adaptive,omitempty"`
	Status      string    `json:"status,omitempty"`
	Deadline    time.Time `json:"deadline,omitzero"`
	Reward      string    `json:"reward,omitempty"` // e.g. "50 points" or a badge's name
	// RewardPoints and RewardBadge are the reward as data, for sentences
	// the PWA makes in the reader's language.
	RewardPoints int64  `json:"reward_points,omitempty"`
	RewardBadge  string `json:"reward_badge,omitempty"` // a badge id
	Team         string `json:"team,omitempty"`         // set for a team challenge
	// Coop lists a co-op quest's members with their parts (see CoopMember).
	Coop []CoopMember `json:"coop,omitempty"`
}

// Goal is a team goal: a shared target every member's work fills.
type Goal struct {
	ID       string             `json:"id"`
	Instance string             `json:"instance,omitempty"`
	Name     string             `json:"name"`
	Progress float64            `json:"progress"`
	Target   float64            `json:"target"`
	Status   string             `json:"status,omitempty"`
	Deadline time.Time          `json:"deadline,omitzero"`
	Shares   map[string]float64 `json:"shares,omitempty"` // member id -> their part
}

// TeamView answers GET /api/v1/teams/{id} and is the snapshot of team/<id>.
type TeamView struct {
	ID         string                  `json:"id"`
	Name       string                  `json:"name"`
	Members    []string                `json:"members"`
	Points     map[string]PeriodPoints `json:"points"`
	Goals      []Goal                  `json:"goals"`
	Challenges []Challenge             `json:"challenges"`
	At         uint64                  `json:"at"`
}

// Leaderboard answers GET /api/v1/leaderboards/{board} and is the snapshot
// and the "board" message of board/<board>/<period>.
type Leaderboard struct {
	Board   string             `json:"board"`
	Period  string             `json:"period" enum:"day,week,month,season,all"`
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
	Photo  string `json:"photo,omitempty"` // the photo's URL; empty: draw initials
	Color  string `json:"color,omitempty"` // the team's colour, "#rrggbb"
	// Anonymous marks an agent who chose not to appear by name: Agent and
	// Photo are empty and Name is empty too.
	Anonymous bool `json:"anonymous,omitempty"`
}

// Health answers /healthz and /readyz.
type Health struct {
	Status string `json:"status" enum:"ok,ready,unavailable,catching up"`
	Detail string `json:"detail,omitempty"`
}

// TeamMembers answers GET /api/v1/teams/{id}/members: the supervisor's grid.
type TeamMembers struct {
	Team    string       `json:"team"`
	Name    string       `json:"name"`
	Days    []string     `json:"days"` // the sparklines' days, oldest first
	Members []MemberView `json:"members"`
	At      uint64       `json:"at"`
}

// MemberView is one agent in a supervisor's team grid.
type MemberView struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Photo     string  `json:"photo,omitempty"`
	Color     string  `json:"color,omitempty"`
	Today     int64   `json:"today"`
	Level     int     `json:"level"`
	LevelName string  `json:"level_name"`
	Streak    int     `json:"streak"`
	Spark     []int64 `json:"spark"` // points per day of Days
	// Flag is "dropping" or "quiet" when engagement is falling, with the
	// reason in English words (for older clients); empty when all is well.
	Flag   string `json:"flag,omitempty" enum:"dropping,quiet"`
	Reason string `json:"reason,omitempty"`
	// FlagFacts are the flag's reason as numbers, for a sentence in the
	// reader's language; absent when there is no flag.
	FlagFacts *FlagFacts `json:"flag_facts,omitempty"`
	// Yesterday is the points of the day before today, for "change on
	// yesterday".
	Yesterday int64 `json:"yesterday"`
	// Today's service figures, read from the ruleset's counters: each is
	// absent when the ruleset in force has no such counter, keeps no day
	// for it, or the agent has nothing counted today.
	CSAT       *float64 `json:"csat,omitempty"`        // average of counter csat
	FCR        *float64 `json:"fcr,omitempty"`         // first_contact_resolutions / contacts, 0..1
	HandleTime *float64 `json:"handle_time,omitempty"` // average seconds, counter handle_time
	QA         *float64 `json:"qa,omitempty"`          // average of counter qa_score
}

// FlagFacts are the numbers behind an engagement flag: the days without
// points (quiet), or how far the last week fell below the usual (dropping).
type FlagFacts struct {
	QuietDays   int `json:"quiet_days,omitempty"`
	DropPercent int `json:"drop_percent,omitempty"` // 40 means 40% below the usual
	// RecentAvg and UsualAvg are points per day over the last week and the
	// three weeks before it.
	RecentAvg float64 `json:"recent_avg"`
	UsualAvg  float64 `json:"usual_avg"`
}

// Trend answers GET /api/v1/agents/{id}/trend: points per day and category.
type Trend struct {
	Agent      string             `json:"agent"`
	Days       []string           `json:"days"` // oldest first
	Total      []int64            `json:"total"`
	Categories map[string][]int64 `json:"categories"`
}
