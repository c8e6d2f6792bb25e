// Package projector turns the event stream into state: it consumes the
// stream in order with a durable consumer, applies each event with the org's
// scoring.Engine to the State, and commits the new state, the
// processed-event index and the stream sequence in one Badger transaction
// per batch. Only once a commit is durable does it hand the live messages
// the batch produced to its Feed (the hub, in-process) and acknowledge the
// batch; delivery — sequence numbers, coalescing, patches — is the hub's.
//
// The projection.State is loaded first and shared: the projector is its
// writer, the hub's snapshots and the API read it (package projection
// builds the views).
//
// The batch is whatever the consumer has buffered (at most Config.MaxBatch),
// so a lone event is applied at once and a burst is applied in large
// batches, where an agent with many events is encoded and written once. A
// batch is split into as few commits as Badger's transaction limit allows.
// Rewards commands (control kind "rewards": kudos, store items,
// redemptions and reviews, wallet adjustments, spotlights) are decided here
// in stream order against the org's economy (rewards.go), their records put
// in the batch's transaction and their decisions kept for the API; coins
// an event's outcomes earn are credited in the same batch.
// A live message carries the agent's view after its batch; a board or team
// that changed is only named, and the hub reads its state when it sends it.
//
// Goroutines:
//   - Run applies batch N+1 while Badger writes batch N;
//   - the consumer's goroutine decodes each message as it arrives;
//   - a publisher goroutine waits for the commits in order, then publishes
//     their messages (the hub's fan-out runs on it, beside Run), tells the
//     Feed what is durable, and acknowledges; Run never waits for it with
//     the State locked (see handOver). A failed commit stops the projection
//     (a restart resumes from the last commit).
//
// Locks: State.mu is held for writing while a batch is applied, and for
// reading by views; Feed.Watching is called with it held for writing, and
// nothing else of the Feed is: publishing takes the hub's topic locks, and
// the hub reads snapshots (State.mu for reading) with a topic's lock held.
// freshMu, spareMu and appliedMu (WaitApplied's wake-up) guard small hand-overs between the goroutines and are
// held while taking no other lock. Views read the state as applied, which
// may be one commit ahead of what is durable.
package projector
