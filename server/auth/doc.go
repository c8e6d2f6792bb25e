// Package auth is who is asking: password hashing (argon2id), login with
// back-off per user and per client address, server-side sessions held in an
// HttpOnly cookie, and the Identity that handlers authorize against.
//
// Concurrency: a Service is safe for concurrent use; its throttle has its own
// mutex and holds no other lock while taken.
package auth
