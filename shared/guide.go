package shared

// Guide answers GET /api/v1/ruleset/guide: the ruleset in force as data
// for people, from which the PWA writes "How points work" and names every
// thing in the reader's language. Labels are by language code ("en",
// "sv", "de", "fr", "ru"); a missing language falls back to English, then
// to Name. Ids are for looking things up, never for showing.
type Guide struct {
	Version    int              `json:"version"`
	Timezone   string           `json:"timezone"`
	Categories []GuideCategory  `json:"categories"`
	Rules      []GuideRule      `json:"rules"`
	Levels     []GuideLevel     `json:"levels"`
	Counters   []GuideCounter   `json:"counters"`
	Badges     []GuideBadge     `json:"badges"`
	Streaks    []GuideStreak    `json:"streaks"`
	Challenges []GuideChallenge `json:"challenges"`
	Goals      []GuideGoal      `json:"goals"`
	Boards     []GuideBoard     `json:"boards"`
	Seasons    []GuideSeason    `json:"seasons"`
	// Kudos is how people give kudos: absent when the ruleset lets
	// nobody give any.
	Kudos *GuideKudos `json:"kudos,omitempty"`
}

// GuideCategory is one category of points.
type GuideCategory struct {
	ID     string            `json:"id"`
	Labels map[string]string `json:"labels,omitempty"`
}

// GuideRule is one point rule. Points is the award when it is a constant
// (Formula empty); otherwise Formula is the CEL text that computes it.
// Coins and CoinsFormula say the same of the coins it gives beside the
// points (both empty: none).
type GuideRule struct {
	ID     string            `json:"id"`
	Name   string            `json:"name,omitempty"`
	Labels map[string]string `json:"labels,omitempty"`
	On     string            `json:"on"`             // the event type
	When   string            `json:"when,omitempty"` // the CEL condition; empty: every such event
	// Condition is When without its presence guards ("csat >= 4" for
	// "has(event.metrics.csat) && csat >= 4"), for reading.
	Condition    string `json:"condition,omitempty"`
	Points       int64  `json:"points"`
	Formula      string `json:"formula,omitempty"`
	Category     string `json:"category"`
	CapPeriod    string `json:"cap_period,omitempty" enum:",day,week,month,all"`
	CapMax       int64  `json:"cap_max,omitempty"`
	Coins        int64  `json:"coins,omitempty"`
	CoinsFormula string `json:"coins_formula,omitempty"`
}

// GuideLevel is one step of the XP curve; Number counts from 1, as
// AgentView.Level does.
type GuideLevel struct {
	Number int               `json:"number"`
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels,omitempty"`
	XP     int64             `json:"xp"`
}

// GuideCounter is a counter that badges, streaks, challenges and goals
// read: what it counts, for sentences about them.
type GuideCounter struct {
	ID     string            `json:"id"`
	Name   string            `json:"name,omitempty"`
	Labels map[string]string `json:"labels,omitempty"`
	On     []string          `json:"on"`
	Agg    string            `json:"agg" enum:"count,sum,min,max,avg"`
	Metric string            `json:"metric,omitempty"`
}

// GuideBadge is a badge and how it is earned: by a counter's value in a
// period, a streak's length, the points of a category ("*": all) in a
// period, or only as a challenge's reward.
type GuideBadge struct {
	ID                string            `json:"id"`
	Name              string            `json:"name"`
	Labels            map[string]string `json:"labels,omitempty"`
	Description       string            `json:"description,omitempty"`
	DescriptionLabels map[string]string `json:"description_labels,omitempty"`
	Criterion         string            `json:"criterion" enum:"counter,streak,points,reward"`
	Counter           string            `json:"counter,omitempty"`
	Streak            string            `json:"streak,omitempty"`
	Category          string            `json:"category,omitempty"`
	Period            string            `json:"period,omitempty" enum:",day,week,month,season,all"`
	Repeatable        bool              `json:"repeatable,omitempty"`
	Tiers             []GuideTier       `json:"tiers"`
	Coins             int64             `json:"coins,omitempty"` // given with every tier
}

// GuideTier is one tier of a badge; Number counts from 1, as Badge.Tier.
type GuideTier struct {
	Number int               `json:"number"`
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels,omitempty"`
	Min    float64           `json:"min"`
}

// GuideStreak is a streak: days (or shifts) in a row on which a counter
// reached Min, surviving Allowance misses in a row.
type GuideStreak struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Labels    map[string]string `json:"labels,omitempty"`
	Counter   string            `json:"counter"`
	Min       float64           `json:"min"`
	Unit      string            `json:"unit" enum:"day,shift"`
	Allowance int               `json:"allowance,omitempty"`
	// FreezeEvery days (or shifts) kept earn a freeze, at most
	// FreezesHeld at a time; 0 when the streak has none.
	FreezeEvery int `json:"freeze_every,omitempty"`
	FreezesHeld int `json:"freezes_held,omitempty"`
}

// GuideChallenge is a challenge: a target on a counter in a period (adhoc:
// launched by a supervisor), with its reward as data.
type GuideChallenge struct {
	ID                string            `json:"id"`
	Name              string            `json:"name"`
	Labels            map[string]string `json:"labels,omitempty"`
	Description       string            `json:"description,omitempty"`
	DescriptionLabels map[string]string `json:"description_labels,omitempty"`
	Scope             string            `json:"scope" enum:"agent,team"`
	Period            string            `json:"period" enum:"day,week,month,season,adhoc"`
	Counter           string            `json:"counter"`
	Target            float64           `json:"target"`
	// AdaptiveFactor, when set, makes the target this factor of the
	// agent's own usual value (Target while their history is short).
	AdaptiveFactor float64 `json:"adaptive_factor,omitempty"`
	RewardPoints   int64   `json:"reward_points,omitempty"`
	RewardCategory string  `json:"reward_category,omitempty"`
	RewardBadge    string  `json:"reward_badge,omitempty"`
	// RewardCoins go to the agent, or for a team challenge to every member
	// who added to it.
	RewardCoins int64 `json:"reward_coins,omitempty"`
}

// GuideGoal is a team goal.
type GuideGoal struct {
	ID      string            `json:"id"`
	Name    string            `json:"name"`
	Labels  map[string]string `json:"labels,omitempty"`
	Counter string            `json:"counter"`
	Period  string            `json:"period" enum:"day,week,month,season"`
	Target  float64           `json:"target"`
	Coins   int64             `json:"coins,omitempty"` // to every member who added to it, when reached
}

// GuideKudos is the ruleset's kudos section: Allowance kudos per giver
// and Period (0: giving is off), the org's values a kudos names, and the
// weight a giver's level lends it (Weights ascending by level, counted
// from 1 as AgentView.Level; below the first, 1).
type GuideKudos struct {
	Allowance int                `json:"allowance"`
	Period    string             `json:"period" enum:"day,week,month"`
	Values    []GuideKudosValue  `json:"values"`
	Weights   []GuideKudosWeight `json:"weights"`
}

// GuideKudosValue is one of the org's values, named in every language.
type GuideKudosValue struct {
	ID     string            `json:"id"`
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels,omitempty"`
}

// GuideKudosWeight is the weight of a kudos from someone at Level or above.
type GuideKudosWeight struct {
	Level  int `json:"level"`
	Weight int `json:"weight"`
}

// GuideBoard is a leaderboard.
type GuideBoard struct {
	ID      string            `json:"id"`
	Name    string            `json:"name,omitempty"`
	Labels  map[string]string `json:"labels,omitempty"`
	Scope   string            `json:"scope" enum:"org,team"`
	Periods []string          `json:"periods"`
}

// GuideSeason is a season, From and To inclusive dates.
type GuideSeason struct {
	ID     string            `json:"id"`
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels,omitempty"`
	From   string            `json:"from"`
	To     string            `json:"to"`
}

// RulesetData is the data of a "ruleset" message on the org topic: a new
// version is in force, and pages showing the ruleset's words refetch them.
type RulesetData struct {
	Version int `json:"version"`
}
