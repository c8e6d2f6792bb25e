// Package projection is the projection in memory: each org's agents,
// teams, boards and roster as the stream has left them (State, Org), and
// the views people read of it — an agent's view, a team's, a board, the
// supervisor's grid with its engagement flags, trends — built from that
// state. The projector is its one writer of what the stream shapes; the
// hub's snapshots and the API only read.
//
// It starts no goroutine. State.mu is the one lock: held for writing by the
// projector while it applies a batch (Lock, and the Org methods that change
// an org), and for reading by every view. It is taken with no other lock
// held but a hub topic's (a snapshot, see package live), and the projector
// asks the hub which topics are watched while it holds it for writing,
// which takes the hub's own lock, never a topic's. Views read the state as
// applied, which may be a commit or two ahead of what is durable: the hub
// holds a board's or team's state read ahead until it is durable.
package projection
