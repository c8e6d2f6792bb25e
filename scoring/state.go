package scoring

import "time"

// Totals are the points of one period instance, identified by its key.
type Totals struct {
	Key        string           `json:"key"` // day "2026-11-24", ISO week "2026-W48", month "2026-11", season its id, all "all"
	Points     int64            `json:"points"`
	Categories map[string]int64 `json:"categories,omitempty"`
}

// Count is one period instance of a counter: enough to give any of the
// aggregations, so a counter's value never needs the events again.
type Count struct {
	Key string  `json:"key"`
	N   int64   `json:"n"`
	Sum float64 `json:"sum"`
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// Value is the counter's value under agg (count, sum, min, max, avg).
func (c Count) Value(agg string) float64 {
	switch agg {
	case AggSum:
		return c.Sum
	case AggMin:
		return c.Min
	case AggMax:
		return c.Max
	case AggAvg:
		if c.N == 0 {
			return 0
		}
		return c.Sum / float64(c.N)
	}
	return float64(c.N)
}

func (c *Count) add(v float64) {
	if c.N == 0 || v < c.Min {
		c.Min = v
	}
	if c.N == 0 || v > c.Max {
		c.Max = v
	}
	c.N++
	c.Sum += v
}

// DayValue is a counter's value on one day an agent worked.
type DayValue struct {
	Day   string  `json:"day"`
	Value float64 `json:"value"`
}

// BadgeState is what an agent or team holds of one badge.
type BadgeState struct {
	Tier    int    `json:"tier"`            // tiers reached in the current instance; 1 is the first tier
	Best    int    `json:"best"`            // highest tier ever reached
	Key     string `json:"key,omitempty"`   // instance of a repeatable badge: a period key or a streak's first day
	Awards  int    `json:"awards"`          // tier awards so far, repeats included
	Event   string `json:"event,omitempty"` // the event of the latest award
	Version int    `json:"version,omitempty"`
}

// StreakState is an agent's run of days (or shifts) meeting a streak's
// condition.
type StreakState struct {
	Current int    `json:"current"`
	Best    int    `json:"best"`
	Start   string `json:"start,omitempty"`   // first day of the current run
	Last    string `json:"last,omitempty"`    // latest day that counted
	Missed  int    `json:"missed,omitempty"`  // shifts worked without meeting it since Last (unit shift)
	Freezes int    `json:"freezes,omitempty"` // freezes held (Streak.Freezes)
	Frozen  int    `json:"frozen,omitempty"`  // freezes spent on the misses since Last
}

// Challenge and goal statuses, also used in outcomes.
const (
	StatusActive    = "active"
	StatusCompleted = "completed"
	StatusExpired   = "expired"
	StatusReached   = "reached"
	StatusEnded     = "ended"
)

// ChallengeState is one instance of a challenge (or a team goal): a period
// instance of a periodic one, or one launch of an ad hoc one.
type ChallengeState struct {
	Challenge string             `json:"challenge"`          // challenge or team goal id
	Key       string             `json:"key"`                // period key, or the launch id
	Start     time.Time          `json:"start"`              // events from Start on count ...
	Deadline  time.Time          `json:"deadline"`           // ... until before Deadline
	Target    float64            `json:"target"`             // fixed when the instance starts
	Value     Count              `json:"value"`              // the counter over the instance's window
	Progress  float64            `json:"progress"`           // Value under the counter's agg
	Status    string             `json:"status"`             // active, completed or expired; goals: active, reached, ended
	Event     string             `json:"event,omitempty"`    // the event that completed it
	Shares    map[string]float64 `json:"shares,omitempty"`   // team instances: each member's part
	Version   int                `json:"version,omitempty"`  // ruleset version that started it
	Adaptive  bool               `json:"adaptive,omitempty"` // the target came from the agent's baseline
}

// AgentState is everything the engine remembers about one agent. The server
// persists it as JSON; Apply mutates it.
type AgentState struct {
	ID         string                      `json:"id"`
	Team       string                      `json:"team,omitempty"`
	XP         int64                       `json:"xp"`                   // all-time points
	Level      int                         `json:"level"`                // index into Levels; people see Level+1
	Periods    map[string]Totals           `json:"periods"`              // by period name: day, week, month, season, all
	Seasons    map[string]Totals           `json:"seasons,omitempty"`    // past seasons by id; the current one is Periods["season"]
	Caps       map[string]Totals           `json:"caps,omitempty"`       // rule id -> points the rule gave in its cap's current period
	Counters   map[string]map[string]Count `json:"counters,omitempty"`   // counter id -> period -> value
	History    map[string][]DayValue       `json:"history,omitempty"`    // counter id -> daily values of worked days, oldest first, 35 days at most
	Day        string                      `json:"day,omitempty"`        // latest day with an event
	Badges     map[string]BadgeState       `json:"badges,omitempty"`     // by badge id
	Streaks    map[string]StreakState      `json:"streaks,omitempty"`    // by streak id
	Challenges map[string]ChallengeState   `json:"challenges,omitempty"` // periodic by challenge id, ad hoc by launch id
	Recent     []string                    `json:"recent,omitempty"`     // ids of the latest events, so a redelivery scores nothing
	Events     int64                       `json:"events"`               // events applied, including ones that gave nothing
	Version    int                         `json:"version,omitempty"`    // ruleset version that last changed the state
	// Bests are the agent's best day and best ISO week of points so far,
	// by period name ("day", "week"; see noteBests). Stored as periods are,
	// so the record's compression finds their text already.
	Bests map[string]Totals `json:"bests,omitempty"`
	// LastWeek is the agent's previous ISO week (key and points) once a
	// newer one began, so the league closes a week with it (leaguePoints).
	LastWeek Totals `json:"last_week,omitzero"`
}

// TeamState is a team's share of its members' points, its counters, team
// challenges and team goals.
type TeamState struct {
	ID         string                      `json:"id"`
	Periods    map[string]Totals           `json:"periods"`
	Seasons    map[string]Totals           `json:"seasons,omitempty"`
	Counters   map[string]map[string]Count `json:"counters,omitempty"`
	Challenges map[string]ChallengeState   `json:"challenges,omitempty"`
	Goals      map[string]ChallengeState   `json:"goals,omitempty"`
	Badges     map[string]BadgeState       `json:"badges,omitempty"`
	Version    int                         `json:"version,omitempty"`
}

// Outcome kinds.
const (
	OutcomePoints    = "points"
	OutcomeLevel     = "level"
	OutcomeRuleError = "rule_error"
	OutcomeBadge     = "badge"
	OutcomeStreak    = "streak"
	OutcomeChallenge = "challenge"
	OutcomeGoal      = "goal"
)

// Outcome is one visible consequence of an event or tick, pushed live and
// counted. It carries names and targets so a client can show it without
// the ruleset.
type Outcome struct {
	Kind      string    `json:"kind"` // points, level, badge, streak, challenge, goal, coins, rule_error
	Agent     string    `json:"agent,omitempty"`
	Team      string    `json:"team,omitempty"`
	Event     string    `json:"event,omitempty"`
	Tick      string    `json:"tick,omitempty"` // the tick that caused it, for outcomes of ticks
	Version   int       `json:"version,omitempty"`
	Rule      string    `json:"rule,omitempty"`
	Category  string    `json:"category,omitempty"`
	Points    int64     `json:"points,omitempty"`
	Coins     int64     `json:"coins,omitempty"` // coins the outcome gives: a point rule's, a badge tier's, a reward's
	Level     int       `json:"level,omitempty"`
	LevelName string    `json:"level_name,omitempty"`
	Badge     string    `json:"badge,omitempty"`
	Streak    string    `json:"streak,omitempty"`
	Challenge string    `json:"challenge,omitempty"`
	Goal      string    `json:"goal,omitempty"`
	Instance  string    `json:"instance,omitempty"` // challenge or goal instance: period key or launch id
	Name      string    `json:"name,omitempty"`     // display name of the badge, streak, challenge or goal
	Tier      int       `json:"tier,omitempty"`     // 1-based
	TierName  string    `json:"tier_name,omitempty"`
	Current   int       `json:"current,omitempty"`
	Best      int       `json:"best,omitempty"`
	Progress  float64   `json:"progress,omitempty"`
	Target    float64   `json:"target,omitempty"`
	Share     float64   `json:"share,omitempty"`  // the agent's part of a team instance
	Status    string    `json:"status,omitempty"` // challenge: started, progress, completed, expired; streak: started, extended, broken, frozen, freeze_earned; goal: progress, reached, ended
	Deadline  time.Time `json:"deadline,omitzero"`
	Reward    *Reward   `json:"reward,omitempty"`
	Message   string    `json:"message,omitempty"`
}

// Outcome statuses beyond the state statuses above.
const (
	StatusStarted  = "started"
	StatusProgress = "progress"
	StatusExtended = "extended"
	StatusBroken   = "broken"
	// StatusFrozen and StatusFreezeEarned are in freeze.go.
)

// Current returns the totals of period p whose key is key: the stored
// totals if they are for that key, else empty totals with that key. The
// server uses it to show "today" by its own clock even when an agent has
// had no event yet today.
func Current(periods map[string]Totals, p, key string) Totals {
	if t, ok := periods[p]; ok && t.Key == key {
		return t
	}
	return Totals{Key: key}
}
