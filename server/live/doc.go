// Package live is the WebSocket hub at /api/v1/live. The projector hands it
// each durable commit's messages in-process (Publish, then Durable); the hub
// numbers them per topic, keeps a short ring of recent frames per topic, and
// forwards them to the subscribed connections. Delivery is the hub's alone:
// sequence numbers, the resume ring, coalescing, state yield, and the
// agents' views, sent whole or as patches.
//
// Topics: seq rises by one per delivered frame of a topic. On an agent
// topic the hub keeps a copy of the view the last frame carried and sends
// the next as a patch against it (shared.AgentPatch), whole after a
// subscriber's snapshot (see topic.mustSendWhole). Whole states of board and
// team topics are coalesced: at most one frame per Config.CoalesceInterval,
// the first of a burst at once and the last on the trailing edge, read from
// the Snapshotter when sent and held until durable (state.go); event
// messages on them are never dropped and keep their order. A whole-state
// frame due while frames are queued to connections waits until they are
// written (Config.StateYield at most, yield.go). A topic's state exists
// while it has subscribers and for Config.TopicIdle after; its ring is
// bounded in frames and bytes. Messages for topics without state are
// dropped, and a later subscriber gets a snapshot.
//
// Goroutines:
//   - the projector's goroutine delivers messages (Publish, Durable);
//   - a timer goroutine delivers a coalesced topic's trailing frame (flush);
//   - whoever takes the last queued frame off the count (a writer, or a
//     close) delivers the whole-state frames that waited for it, or a
//     timer does after StateYield (flushYielded, see yield.go);
//   - per connection, a reader goroutine reads and subscribes, and while
//     there is something to send, one writer goroutine writes frames, pings
//     and the close (drain): an idle connection has no writer;
//   - while any connection is open, one watchdog goroutine drops those whose
//     writer has been stuck on a batch for Config.WriteTimeout (watch);
//   - Run sweeps idle topics.
//
// Delivery never blocks: a frame is encoded once per topic and appended to
// each subscriber's bounded queue; a connection whose queue is full is
// closed with shared.CloseSlowClient (the close frame goes out once its
// writer is free; a client that accepts no bytes for Config.WriteTimeout is
// dropped). So a slow client never delays another client or the projector.
//
// Lock order: Hub.mu, then topic.mu, then conn.mu, never the other way
// round; sweep and closeAll let go of Hub.mu before they take a topic's. A
// topic's mu is held while queueing to its subscribers (conn.mu); a conn's
// mu is held while taking no other lock.
// Hub.yieldMu and Hub.heldMu are taken with a topic's mu held, and let go
// before a topic's mu is taken (flushYielded, Durable). The Snapshotter is
// called with no lock held, or a topic's mu alone (a subscription's last
// try, a whole state read when sent); it takes the projection's read lock,
// under whose write lock the projector asks Watching, which takes Hub.mu.
package live
