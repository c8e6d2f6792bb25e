// Package live is the WebSocket hub at /api/v1/live. The projector publishes
// Envelopes on the core NATS subject live.<org> after each commit; the hub
// numbers them per topic, keeps a short ring of recent messages per topic,
// and forwards them to the subscribed connections.
//
// Concurrency: each connection has one reader goroutine and one writer
// goroutine fed by a bounded queue. Delivery never blocks: a connection whose
// queue is full is closed with shared.CloseSlowClient, so a slow client never
// delays another client or the projector.
//
// Lock order: Hub.mu may be held while taking a topic's mu, never the other
// way round. A conn's mu is never held while taking any other lock.
package live
