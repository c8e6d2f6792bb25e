package scoring

// The parts of a ruleset beyond point rules and levels (API.md, "Rules").
// Each is plain data; Compile checks it and links it to the counters it
// reads, so the engine never looks anything up by name while scoring.

// Counter is a named aggregate of the events of some types, optionally
// filtered by a CEL condition, kept per agent and per team for each of its
// periods. It is the base of streaks, badges, challenges and team goals.
type Counter struct {
	ID      string   `json:"id"`
	Name    string   `json:"name,omitempty"`
	Labels  Labels   `json:"labels,omitempty"`
	On      []string `json:"on"`               // event types
	When    string   `json:"when,omitempty"`   // CEL condition; empty means always
	Agg     string   `json:"agg"`              // count, sum, min, max or avg
	Metric  string   `json:"metric,omitempty"` // the metric aggregated; required unless agg is count
	Periods []string `json:"periods,omitempty"`
}

// Aggregations of a counter.
const (
	AggCount = "count"
	AggSum   = "sum"
	AggMin   = "min"
	AggMax   = "max"
	AggAvg   = "avg"
)

// Badge is an achievement with one or more tiers. Its criterion is exactly
// one of: a counter's value in a period, a streak's current length, or the
// points of a category (or "*" for all) in a period. A badge with none of
// them is given only as a challenge reward.
type Badge struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Labels      Labels `json:"labels,omitempty"`
	// DescriptionLabels is the description in each language.
	DescriptionLabels Labels `json:"description_labels,omitempty"`
	Counter           string `json:"counter,omitempty"`
	Streak            string `json:"streak,omitempty"`
	Points            string `json:"points,omitempty"` // a category, or "*" for all points
	Period            string `json:"period,omitempty"` // of the counter or points: day, week, month, season, all (default all)
	Tiers             []Tier `json:"tiers,omitempty"`  // ascending; empty means one tier named like the badge
	// Repeatable badges are earned again in every new instance of the
	// period (or every new run of the streak); one-off badges once ever.
	Repeatable bool `json:"repeatable,omitempty"`
	// Coins are given with every tier awarded.
	Coins int64 `json:"coins,omitempty"`
}

// Tier is one step of a badge: reached when the criterion's value is at
// least Min.
type Tier struct {
	Name   string  `json:"name"`
	Min    float64 `json:"min"`
	Labels Labels  `json:"labels,omitempty"`
}

// Streak counts consecutive days (or shifts, the days an agent worked) on
// which a counter's day value reached Min, in the ruleset's time zone.
type Streak struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Labels  Labels  `json:"labels,omitempty"`
	Counter string  `json:"counter"`
	Min     float64 `json:"min"`            // a day counts once the counter's day value is at least Min
	Unit    string  `json:"unit,omitempty"` // day (default) or shift
	// Allowance is how many missed days (or shifts) in a row the streak
	// survives; they do not add to it. 0 means any miss breaks it.
	Allowance int `json:"allowance,omitempty"`
	// Freezes, when set, are earned by keeping the streak and spent on
	// missed days past the allowance (freeze.go).
	Freezes *Freezes `json:"freezes,omitempty"`
}

// Streak units.
const (
	UnitDay   = "day"
	UnitShift = "shift"
)

// Challenge is a time-boxed goal on a counter, for each agent or for a
// team. Periodic challenges (day, week, month, season) renew with their
// period; "adhoc" ones are templates a supervisor launches.
type Challenge struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Labels      Labels `json:"labels,omitempty"`
	// DescriptionLabels is the description in each language.
	DescriptionLabels Labels    `json:"description_labels,omitempty"`
	Scope             string    `json:"scope"`  // agent or team
	Period            string    `json:"period"` // day, week, month, season or adhoc
	Counter           string    `json:"counter"`
	Target            float64   `json:"target"` // with adaptive: the target while history is too short
	Adaptive          *Adaptive `json:"adaptive,omitempty"`
	Reward            Reward    `json:"reward"`
}

// Challenge scopes and the ad hoc period.
const (
	ScopeAgent  = "agent"
	ScopeTeam   = "team"
	PeriodAdhoc = "adhoc"
)

// Adaptive makes a challenge's target a factor of the agent's own recent
// baseline, so a new agent and a veteran both get a reachable goal.
type Adaptive struct {
	Factor  float64 `json:"factor"`             // 1.1 is 110 % of the baseline
	Stat    string  `json:"stat,omitempty"`     // median (default) or mean
	Days    int     `json:"days,omitempty"`     // look-back in days, at most 35 (default 28)
	MinDays int     `json:"min_days,omitempty"` // worked days of history needed, else Target is used (default 5)
	Floor   float64 `json:"floor,omitempty"`    // the target is never below this
}

// Reward is what completing a challenge gives: points into a category,
// a badge, or both.
type Reward struct {
	Points   int64  `json:"points,omitempty"`
	Coins    int64  `json:"coins,omitempty"`
	Category string `json:"category,omitempty"`
	Badge    string `json:"badge,omitempty"`
}

// TeamGoal is a shared target per period that every member's work fills.
type TeamGoal struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Labels  Labels  `json:"labels,omitempty"`
	Counter string  `json:"counter"`
	Period  string  `json:"period"` // day, week, month or season
	Target  float64 `json:"target"`
	// Coins go to every member who added to the goal when it is reached.
	Coins int64 `json:"coins,omitempty"`
}

// Season is a named range of days, From and To inclusive ("2026-01-01"),
// in the ruleset's time zone. Seasons must not overlap.
type Season struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Labels Labels `json:"labels,omitempty"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// PeriodSeason is the period of the season an event falls in; its key is
// the season's id.
const PeriodSeason = "season"

func cloneParts(rs Ruleset) Ruleset {
	out := rs
	if rs.Counters != nil {
		out.Counters = make([]Counter, len(rs.Counters))
		for i, c := range rs.Counters {
			c.On = append([]string(nil), c.On...)
			if c.Periods != nil {
				c.Periods = append([]string(nil), c.Periods...)
			}
			out.Counters[i] = c
		}
	}
	if rs.Badges != nil {
		out.Badges = make([]Badge, len(rs.Badges))
		for i, b := range rs.Badges {
			if b.Tiers != nil {
				b.Tiers = append([]Tier(nil), b.Tiers...)
			}
			out.Badges[i] = b
		}
	}
	if rs.Streaks != nil {
		out.Streaks = append([]Streak(nil), rs.Streaks...)
	}
	if rs.Challenges != nil {
		out.Challenges = make([]Challenge, len(rs.Challenges))
		for i, c := range rs.Challenges {
			if c.Adaptive != nil {
				a := *c.Adaptive
				c.Adaptive = &a
			}
			out.Challenges[i] = c
		}
	}
	if rs.TeamGoals != nil {
		out.TeamGoals = append([]TeamGoal(nil), rs.TeamGoals...)
	}
	if rs.Seasons != nil {
		out.Seasons = append([]Season(nil), rs.Seasons...)
	}
	return out
}
