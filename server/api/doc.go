// Package api is the REST surface under /api/v1 (reads of agents, teams and
// leaderboards) plus /healthz and /readyz. It maps domain errors to HTTP
// statuses; a caller never sees an internal error's text.
//
// Concurrency: the Handler is safe for concurrent use and keeps no state.
package api
