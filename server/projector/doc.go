// Package projector turns the event stream into state: it consumes the
// stream in order with a durable consumer, applies each event with the org's
// scoring.Engine, commits the new state, the processed-event index and the
// stream sequence in one Badger transaction per batch, acknowledges, and then
// publishes the live messages that the commit produced. It also answers the
// views (agent, team, leaderboard) from the same in-memory state.
//
// Concurrency: Run is the only writer of the state and holds mu for writing
// while it applies a batch; views take mu for reading. Live messages are
// published after the lock is released.
package projector
