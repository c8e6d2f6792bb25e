// Package bus runs the embedded NATS server with JetStream and owns the
// event stream: publishing ingested events with their id as Nats-Msg-Id (so
// the stream drops duplicates) and giving the projector a durable consumer.
//
// Concurrency: a Bus is safe for concurrent use; Close must be called once.
package bus
