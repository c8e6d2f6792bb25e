// Package store is the Badger projection of the event stream: agent and team
// state, the roster (names), the processed-event index, ingest keys, rulesets
// and the last applied stream sequence.
//
// Key layout (org ids never contain '/'):
//
//	m/seq                 last applied stream sequence (8 bytes, big endian)
//	e/<org>/<event id>    processed-event index, value: stream sequence
//	a/<org>/<agent id>    AgentRecord (JSON, S2-compressed after a 0xff mark)
//	t/<org>/<team id>     TeamRecord (JSON, S2-compressed after a 0xff mark)
//	p/<org>/<agent id>    Profile of an agent (JSON)
//	n/<org>/<team id>     TeamProfile (JSON)
//	o/<org>               Org (JSON)
//	r/<org>/<version>     Ruleset version (JSON; version as 8 bytes big endian)
//	k/<sha256 of key>     IngestKey (JSON)
//	v/<org>               ruleset version in force (8 bytes, big endian)
//	u/<org>/<user id>     User (JSON)
//	s/<sha256 of token>   Session (JSON)
//	l/<org>/<nanos><n>    AuditEntry (JSON), in time order
//	d/<sha256 of token>   Display (JSON)
//	g/<org>               OrgRecord (JSON): launched challenges, vocabulary seen
//
// Concurrency: a Store is safe for concurrent use. The projector is the only
// writer of m/, e/, a/ and t/, and writes them in one transaction per batch
// together with the sequence, so state and sequence never disagree.
package store
