// Package shared holds the wire types that the server and the PWA both speak:
// REST request and response bodies, live (WebSocket) messages, topic names and
// close codes. It imports only the standard library so that it builds for
// GOOS=js GOARCH=wasm. It has no state and no goroutines.
package shared
