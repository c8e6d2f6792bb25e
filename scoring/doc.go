// Package scoring is Scorecast's domain: it validates events, compiles an
// admin's ruleset (CEL conditions and point formulas) into an Engine, and
// turns one event plus the current agent and team state into the next state
// and a list of outcomes. It also holds the ordered set behind leaderboards.
//
// The package is pure so that replaying the stream through the same ruleset
// rebuilds exactly the same projection on every node: it does no I/O, never
// reads the clock (time comes from events, or from the caller as an
// argument), starts no goroutines and keeps no global mutable state.
//
// # Concurrency
//
// A compiled *Engine is immutable and safe for concurrent use. AgentState,
// TeamState and *Board are plain values owned by the caller; Apply and the
// Board methods mutate them and must not run concurrently on the same value.
//
// # Numbers in rules
//
// Metrics arrive as JSON numbers and are always presented to CEL as double,
// yet rule authors write integer literals (`csat * 2`, `csat >= 4`). CEL has
// no implicit int/double arithmetic, so the compiler widens: in +, -, *, /
// and in the two branches of ?:, an int operand whose partner is a double or
// a dyn (a metric) is converted to double (a literal is rewritten, anything
// else is wrapped in double()), and a dyn partner is wrapped in double() too,
// since it may hold an int at run time. Comparisons need no rewrite because
// cross-type numeric comparison is enabled. A point formula may give an int,
// uint or double; doubles are rounded half away from zero.
//
// Identifiers that the environment does not declare (metric and attribute
// names, which are unknown until an event arrives) are declared as dyn. When
// an event lacks one, or evaluation fails in any other way, that one rule
// does not fire for that event and Apply reports an Outcome of kind
// "rule_error"; other rules are unaffected. Guard optional metrics with
// has(event.metrics.name) or event.metrics.?name.orValue(default).
//
// # Periods, caps and levels
//
// Period keys ("2026-11-24", "2026-W48", "2026-11", "all") are computed in
// the ruleset's time zone and sort chronologically as strings. An event with
// a newer key rolls the period over; an event with an older key (late) counts
// only toward "all" and XP. A capped rule's award is clipped so that its net
// total in the cap's window never exceeds the cap; a late event is charged to
// the window that is currently stored, so no arrival order can exceed a cap.
// Levels never go down; one event that crosses several levels produces one
// level outcome, for the highest level reached.
package scoring
