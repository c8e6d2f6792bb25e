package scoring

import "errors"

var (
	// ErrInvalidRuleset is what a *CompileError unwraps to, so callers can
	// map any ruleset rejection to one status without inspecting problems.
	ErrInvalidRuleset = errors.New("scoring: invalid ruleset")

	// ErrFormulaType is returned when a points value is neither a JSON
	// string nor a JSON number.
	ErrFormulaType = errors.New("scoring: points must be a CEL formula string or a number")
)
