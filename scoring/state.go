package scoring

// Totals are the points of one period instance, identified by its key.
type Totals struct {
	Key        string           `json:"key"` // day "2026-11-24", ISO week "2026-W48", month "2026-11", all "all"
	Points     int64            `json:"points"`
	Categories map[string]int64 `json:"categories,omitempty"`
}

// AgentState is everything the engine remembers about one agent. The server
// persists it as JSON; Apply mutates it.
type AgentState struct {
	ID      string            `json:"id"`
	Team    string            `json:"team,omitempty"`
	XP      int64             `json:"xp"`             // all-time points
	Level   int               `json:"level"`          // index into Levels; people see Level+1
	Periods map[string]Totals `json:"periods"`        // by period name: day, week, month, all
	Caps    map[string]Totals `json:"caps,omitempty"` // rule id -> points the rule gave in its cap's current period
	Events  int64             `json:"events"`         // events applied, including ones that gave nothing
}

// TeamState is a team's share of its members' points.
type TeamState struct {
	ID      string            `json:"id"`
	Periods map[string]Totals `json:"periods"`
}

// Outcome kinds.
const (
	OutcomePoints    = "points"
	OutcomeLevel     = "level"
	OutcomeRuleError = "rule_error"
)

// Outcome is one visible consequence of an event, pushed live and counted.
type Outcome struct {
	Kind      string `json:"kind"` // "points", "level", "rule_error"
	Agent     string `json:"agent"`
	Team      string `json:"team,omitempty"`
	Event     string `json:"event"`
	Rule      string `json:"rule,omitempty"`
	Category  string `json:"category,omitempty"`
	Points    int64  `json:"points,omitempty"`
	Level     int    `json:"level,omitempty"`
	LevelName string `json:"level_name,omitempty"`
	Message   string `json:"message,omitempty"`
}

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
