package shared

import (
	"encoding/json"
	"time"
)

// RulesetVersion answers GET /api/v1/ruleset (with the Ruleset document,
// Active true) and is one row of GET /api/v1/ruleset/versions (without it).
type RulesetVersion struct {
	Version   int             `json:"version"`
	Published time.Time       `json:"published"`
	By        string          `json:"by"`
	Active    bool            `json:"active,omitempty"`
	Ruleset   json.RawMessage `json:"ruleset,omitempty"`
}

// RulesetVersions answers GET /api/v1/ruleset/versions.
type RulesetVersions struct {
	Versions []RulesetVersion `json:"versions"`
}

// RulesetPublished answers PUT /api/v1/ruleset: 200 once the new version is
// in force, 202 with Detail when the projector has not reached it yet.
type RulesetPublished struct {
	Version int    `json:"version"`
	Detail  string `json:"detail,omitempty"`
}

// Problem is one problem (or warning) of a ruleset. Path is a JSON Pointer
// into the document, empty for the whole of it; Line and Column, 1-based,
// are inside a CEL text.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// RulesetProblems is the 422 answer to a ruleset that cannot be used.
type RulesetProblems struct {
	Error    string    `json:"error"`
	Problems []Problem `json:"problems"`
}

// RulesetValidation answers POST /api/v1/ruleset/validate for a ruleset
// that can be used, with what may still be wrong with it.
type RulesetValidation struct {
	OK       bool      `json:"ok"`
	Warnings []Problem `json:"warnings"`
}

// RuleProblem is a rule that failed to evaluate: how often, the last
// message, and the event and stream sequence of the last failure.
type RuleProblem struct {
	Rule    string `json:"rule"`
	Count   int64  `json:"count"`
	Message string `json:"message"`
	Event   string `json:"event"`
	Seq     uint64 `json:"seq"`
	Version int    `json:"version"`
}

// RuleProblems answers GET /api/v1/ruleset/problems.
type RuleProblems struct {
	Problems []RuleProblem `json:"problems"`
}

// SimulateRequest is the body of POST /api/v1/ruleset/simulate: a candidate
// ruleset and the range of stored events to replay (To empty: now).
type SimulateRequest struct {
	Ruleset json.RawMessage `json:"ruleset"`
	From    time.Time       `json:"from"`
	To      time.Time       `json:"to,omitzero"`
}

// SimulationReport answers a simulation: every agent seen, under the
// ruleset in force and under the candidate, and the totals.
type SimulationReport struct {
	Inputs  int               `json:"inputs"`
	Events  int               `json:"events"`
	Agents  []AgentDiff       `json:"agents"` // by id
	Summary SimulationSummary `json:"summary"`
}

// AgentResult is one agent's standing under one ruleset after the replay.
type AgentResult struct {
	Points     int64            `json:"points"`
	Categories map[string]int64 `json:"categories"`
	Level      int              `json:"level"`
	LevelName  string           `json:"level_name"`
	Badges     map[string]int   `json:"badges"` // badge id -> tier
	Rank       int              `json:"rank"`   // on the agents board over the replayed range
}

// AgentDiff sets an agent's two results side by side.
type AgentDiff struct {
	Agent        string      `json:"agent"`
	Current      AgentResult `json:"current"`
	Candidate    AgentResult `json:"candidate"`
	Changed      bool        `json:"changed"`
	BadgesGained []string    `json:"badges_gained,omitempty"` // ids whose tier rose
	BadgesLost   []string    `json:"badges_lost,omitempty"`
	RankChange   int         `json:"rank_change"` // positive: moves up
}

// SimulationSummary totals the differences.
type SimulationSummary struct {
	Agents           int                      `json:"agents"`
	AgentsAffected   int                      `json:"agents_affected"`
	PointsBefore     int64                    `json:"points_before"`
	PointsAfter      int64                    `json:"points_after"`
	Categories       map[string]CategoryTotal `json:"categories"`
	BadgesGained     int                      `json:"badges_gained"`
	BadgesLost       int                      `json:"badges_lost"`
	RuleErrorsBefore int                      `json:"rule_errors_before"`
	RuleErrorsAfter  int                      `json:"rule_errors_after"`
}

// CategoryTotal is one category's points under both rulesets.
type CategoryTotal struct {
	Before int64 `json:"before"`
	After  int64 `json:"after"`
}

// SimulationLine is one line of a simulation's NDJSON stream
// ("Accept: application/x-ndjson"): progress lines, then the result or an
// error.
type SimulationLine struct {
	Progress *SimulationProgress `json:"progress,omitempty"`
	Result   *SimulationReport   `json:"result,omitempty"`
	Error    string              `json:"error,omitempty"`
}

// SimulationProgress is how far a simulation's replay has come.
type SimulationProgress struct {
	Inputs  int     `json:"inputs"`
	Percent float64 `json:"percent"`
}

// LaunchRequest is the body of POST /api/v1/challenges: an ad hoc challenge
// from the ruleset's template Challenge, for a team (and, if given, only
// these agents of it). Start empty is now; Target 0 is the template's.
type LaunchRequest struct {
	Challenge string    `json:"challenge"`
	Team      string    `json:"team,omitempty"` // required unless Coop
	Agents    []string  `json:"agents,omitempty"`
	Start     time.Time `json:"start,omitzero"`
	Deadline  time.Time `json:"deadline"`
	Target    float64   `json:"target,omitempty"`
	// Coop makes it a co-op quest: Agents (2..6, on any teams) share one
	// target, each sees the shared bar and their part; Team may be empty.
	Coop bool `json:"coop,omitempty"`
}

// ChallengeInstance answers POST /api/v1/challenges: the launched challenge.
type ChallengeInstance struct {
	ID        string    `json:"id"`
	Challenge string    `json:"challenge"` // the template's id
	Name      string    `json:"name"`
	Team      string    `json:"team,omitempty"`
	Agents    []string  `json:"agents,omitempty"`
	Start     time.Time `json:"start"`
	Deadline  time.Time `json:"deadline"`
	Target    float64   `json:"target,omitempty"`
	By        string    `json:"by,omitempty"`
	Version   int       `json:"version,omitempty"`
	Coop      bool      `json:"coop,omitempty"`
}
