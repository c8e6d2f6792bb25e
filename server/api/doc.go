// Package api is the REST surface under /api/v1 (except ingest and the live
// socket): the session, reads of agents, teams and leaderboards, rulesets,
// administration, displays, /metrics and the OpenAPI document made from the
// route table, plus /healthz and /readyz. It maps domain errors to HTTP
// statuses; a caller never sees an internal error's text.
//
// Recognition and rewards (kudos, the store, redemptions, wallets,
// spotlights) publish commands to the stream and answer with the decision
// the projector took in stream order (rewards.go): the handlers only refuse
// early what no order of requests could accept.
//
// Every request and answer body is a type of package shared (wire.go turns
// the domain's values into them). The route table names those types, and
// the OpenAPI 3.1 document's schemas are made from them by reflection
// (schema.go); package apitest checks exchanges against that document.
//
// Concurrency: the handlers are safe for concurrent use. Their only state
// of their own is the TV pairings waiting for a code and a lock that
// serialises ruleset publications; everything else is in the store.
package api
