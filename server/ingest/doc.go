// Package ingest is POST /api/v1/events: it authenticates the ingest key,
// validates a whole batch (one object, a JSON array or NDJSON) before
// anything is stored, drops ids already applied, and answers 202 only once
// the stream has acknowledged every accepted event.
//
// Concurrency: a Handler is safe for concurrent use; its only state of its
// own is a token bucket per ingest key (see limit.go), behind a mutex.
package ingest
