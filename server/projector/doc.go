// Package projector turns the event stream into state: it consumes the
// stream in order with a durable consumer, applies each event with the org's
// scoring.Engine, commits the new state, the processed-event index and the
// stream sequence in one Badger transaction per batch, and only once that
// commit is durable publishes the live messages it produced and
// acknowledges the batch. It also answers the views (agent, team,
// leaderboard) from the same in-memory state.
//
// The batch is whatever the consumer has buffered (at most Config.MaxBatch),
// so a lone event is applied at once and a burst is applied in large
// batches, where an agent with many events is encoded and written once. A
// batch is split into as few commits as Badger's transaction limit allows
// (store.CommitFull).
//
// Pipeline: Run applies batch N+1 while Badger writes batch N. A publisher
// goroutine waits for the commits in order, then publishes their live
// messages and acknowledgements, so nothing is shown or acknowledged before
// it is durable; a failed commit stops the projection (a restart resumes
// from the last commit). The live messages are built when their batch is
// applied, from the state it leaves.
//
// Whole-state messages (a team's view, a board) are built at most once per
// live.DefaultCoalesceInterval per topic, on slots of the topic's own phase
// (see nextStateSlot); a topic changed in between is built by a ticker when
// its time comes, behind the commits in flight, so the last message always
// carries the latest state (see org.stateDue).
//
// Concurrency: Run is the only writer of the state and holds mu for writing
// while it applies a batch; views take mu for reading. Views read the state
// as applied, which may be one commit ahead of what is durable.
package projector
