// Package scoring is Scorecast's domain: it validates events, compiles an
// admin's ruleset (counters, point rules, levels, badges, streaks,
// challenges, team goals, seasons; CEL conditions and formulas) into an
// Engine, and turns one input of the stream (an event, a tick or a
// challenge launch) plus the current agent, team and org state into the
// next state and a list of outcomes. It also validates rulesets with
// warnings (Validate), replays history through two rulesets (Simulate),
// summarises an agent for display (Describe) and holds the ordered set
// behind leaderboards. docs/rules.md explains the rules to admins.
//
// The package is pure so that replaying the stream through the same ruleset
// rebuilds exactly the same projection on every node: it does no I/O, never
// reads the clock (time comes from events, or from the caller as an
// argument), starts no goroutines and keeps no global mutable state.
//
// # Concurrency
//
// A compiled *Engine is immutable and safe for concurrent use: besides the
// compiled ruleset it holds only caches that never change a result (the
// last day's period keys, and a pool of per-event buffers: the CEL
// activation, the results of the event's programs, the outcomes). AgentState,
// TeamState, OrgState, World and *Board are plain values owned by the
// caller; the engine's methods mutate them and must not run concurrently on
// the same value.
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
// level outcome, for the highest level reached. Seasons are the ruleset's
// named day ranges: the "season" period's key is the season's id, an event
// outside every season has no season totals, and a season that ends moves
// to AgentState.Seasons so it stays readable.
//
// # Counters and what reads them
//
// Counters aggregate events (count, sum, min, max, avg of a metric) per
// agent and per team for each period they keep; they roll over and treat
// late events exactly as points do. Streaks, badges, challenges and team
// goals read counters and are linked to them at compile time, so an event
// only touches the parts its counters feed. A streak day counts as soon as
// the counter's day value reaches the streak's minimum; a badge tier as
// soon as its value is reached; a challenge or team goal instance starts
// with the first event that adds to its counter (Describe shows it
// before). Adaptive targets read AgentState.History, the daily values of
// the days an agent worked, kept for 35 days for the counters that need it.
//
// # Coins and kudos
//
// Coins are a currency beside points (coins.go): a point rule's coins
// formula, a badge tier's coins, a challenge's reward coins and a team
// goal's coins go on the outcome that gives them, which names the agent
// they are for (a team's other members get outcomes of kind "coins").
// The engine keeps no balance and coins never touch XP, levels, totals or
// boards: the server credits them to each agent's ledger (scoring/rewards).
// The ruleset's kudos section (kudos.go) is read by the server through
// KudosPolicy; an accepted kudos comes back as a "kudos.received" event.
//
// # Time without a clock
//
// Nothing happens because time passes: a Tick input (published by the
// server's scheduler with an idempotent id) rolls periods over, breaks
// calendar-day streaks whose allowance ran out, expires challenges whose
// deadline passed and ends team goals. Day arithmetic is on calendar dates
// in the ruleset's zone, so daylight-saving days of 23 or 25 hours are
// whole days. Ad hoc challenges are launched by a Launch input, recorded in
// OrgState, and seen by ApplyOrg; Step applies any Input to a World.
//
// # Replays
//
// The same inputs in the same order give byte-identical JSON state and the
// same outcomes; the events of different agents may interleave in any
// order; state restored from JSON plus the rest of the stream equals a full
// replay. An event whose id is among the agent's last 32 changes nothing,
// and a tick or launch applied twice changes nothing the second time, so a
// redelivery is harmless. Outcomes, badges and challenge instances carry
// the version the Engine was compiled with (WithVersion).
package scoring
