// Package live is the WebSocket hub at /api/v1/live. The projector publishes
// Envelopes on the core NATS subject live.<org> after each commit (packed,
// one NATS message per batch); the hub numbers them per topic, keeps a short
// ring of recent frames per topic, and forwards them to the subscribed
// connections.
//
// Topics: seq rises by one per delivered frame of a topic. Whole-state
// messages of board and team topics (a board, a team's view) are coalesced:
// at most one frame per Config.CoalesceInterval, the first of a burst at
// once and the last on the trailing edge, so a wallboard always ends on the
// latest state; event messages on them are never dropped and keep their
// order. A whole-state frame due while frames are queued to connections
// waits until they are written (Config.StateYield at most), so that the
// agents' own frames of a burst are not written behind the boards'. A topic's
// state exists while it has subscribers and for Config.TopicIdle after; its
// ring is bounded in frames and bytes. Envelopes for topics without state
// are dropped, and a later subscriber gets a snapshot.
//
// Goroutines:
//   - the NATS subscription's goroutine delivers envelopes (deliver);
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
// dropped). So a slow client never delays another client, the projector or
// the NATS connection. Snapshots are read outside the topic's lock (see
// subscribe) so a subscription never holds up delivery.
//
// Lock order: Hub.mu, then topic.mu, then conn.mu. Hub.mu may be held while
// taking a topic's mu (sweep, closeAll), never the other way round; a
// topic's mu is held while queueing to its subscribers (conn.mu); a conn's
// mu is held while taking no other lock. Hub.yieldMu is taken with a
// topic's mu held (yield), and let go before a topic's mu is taken
// (flushYielded). The Snapshotter is called with no
// lock held except on subscribe's last try, which holds only the topic's.
package live
