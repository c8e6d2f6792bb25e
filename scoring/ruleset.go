package scoring

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Ruleset is the admin-edited JSON document that says how events score
// (API.md, "Rules"). Compile validates it and turns it into an Engine.
type Ruleset struct {
	Timezone   string      `json:"timezone"` // IANA name, e.g. "Europe/Stockholm"
	Categories []string    `json:"categories"`
	Counters   []Counter   `json:"counters,omitempty"`
	PointRules []PointRule `json:"point_rules"`
	Levels     []Level     `json:"levels"` // ascending XP; Levels[0].XP must be 0
	Badges     []Badge     `json:"badges,omitempty"`
	Streaks    []Streak    `json:"streaks,omitempty"`
	Challenges []Challenge `json:"challenges,omitempty"`
	TeamGoals  []TeamGoal  `json:"team_goals,omitempty"`
	Seasons    []Season    `json:"seasons,omitempty"`
	Boards     []BoardSpec `json:"boards,omitempty"`
	// CategoryLabels names categories for people, by category then
	// language; categories stay plain ids in the rules.
	CategoryLabels map[string]Labels `json:"category_labels,omitempty"`
	// Kudos are the rules of kudos people give each other; nil gives none.
	Kudos *Kudos `json:"kudos,omitempty"`
	// Leagues are the weekly leagues; nil runs none.
	Leagues *Leagues `json:"leagues,omitempty"`
}

// PointRule awards points into a category for events of one type.
type PointRule struct {
	ID       string  `json:"id"`
	Name     string  `json:"name,omitempty"` // what people read; optional
	Labels   Labels  `json:"labels,omitempty"`
	On       string  `json:"on"`              // event type
	When     string  `json:"when,omitempty"`  // CEL condition; empty means always
	Points   Formula `json:"points"`          // CEL formula or a number
	Coins    Formula `json:"coins,omitempty"` // coins beside the points: CEL formula or a number; empty gives none
	Category string  `json:"category"`
	Cap      *Cap    `json:"cap,omitempty"`
}

// Formula is a CEL expression giving a number. In JSON it may be written as
// a string or, for a constant, as a bare number.
type Formula string

// UnmarshalJSON accepts a JSON string or a JSON number.
func (f *Formula) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if isJSONNumber(s) {
		*f = Formula(s)
		return nil
	}
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return fmt.Errorf("decode formula %.40q: %w", s, ErrFormulaType)
	}
	*f = Formula(str)
	return nil
}

// MarshalJSON writes a constant back as a number, so a ruleset reads the
// way its author wrote it.
func (f Formula) MarshalJSON() ([]byte, error) {
	if isJSONNumber(string(f)) {
		return []byte(f), nil
	}
	return json.Marshal(string(f))
}

// isJSONNumber matches the number grammar of RFC 8259, which is also valid
// CEL, so a constant can be stored as formula text unchanged.
func isJSONNumber(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// Cap limits what one rule can give one agent within a period.
type Cap struct {
	Period string `json:"period"` // day, week, month or all
	Max    int64  `json:"max"`
}

// Level is one step of the XP curve.
type Level struct {
	Name   string `json:"name"`
	Labels Labels `json:"labels,omitempty"`
	XP     int64  `json:"xp"`
}

// BoardSpec declares a leaderboard. (Named BoardSpec, not Board, because
// Board is the ordered set that serves it.)
type BoardSpec struct {
	ID      string   `json:"id"`
	Name    string   `json:"name,omitempty"` // what people read; optional
	Labels  Labels   `json:"labels,omitempty"`
	Scope   string   `json:"scope"`  // org (agents) or team (teams)
	Metric  string   `json:"metric"` // points
	Periods []string `json:"periods"`
}

// Period names.
const (
	PeriodDay   = "day"
	PeriodWeek  = "week"
	PeriodMonth = "month"
	PeriodAll   = "all"
)

// validPeriod accepts the periods a cap may use: a cap's window must be
// known for every event, and an event may fall outside every season.
func validPeriod(p string) bool {
	return p == PeriodDay || p == PeriodWeek || p == PeriodMonth || p == PeriodAll
}

// validTotalsPeriod accepts the periods of totals, counters and boards.
func validTotalsPeriod(p string) bool { return validPeriod(p) || p == PeriodSeason }

// clone gives the Engine its own copy, so a caller editing the Ruleset it
// compiled cannot change a running engine.
func (rs Ruleset) clone() Ruleset {
	out := cloneParts(rs)
	out.Categories = append([]string(nil), rs.Categories...)
	out.PointRules = make([]PointRule, len(rs.PointRules))
	for i, r := range rs.PointRules {
		if r.Cap != nil {
			c := *r.Cap
			r.Cap = &c
		}
		out.PointRules[i] = r
	}
	out.Levels = append([]Level(nil), rs.Levels...)
	if rs.Boards != nil {
		out.Boards = make([]BoardSpec, len(rs.Boards))
		for i, b := range rs.Boards {
			b.Periods = append([]string(nil), b.Periods...)
			out.Boards[i] = b
		}
	}
	out.Kudos = rs.Kudos.clone()
	out.Leagues = rs.Leagues.clone()
	cloneLabels(&out)
	return out
}
