// Package e2e holds black-box tests of the built scorecast binary: it runs
// the real server as a subprocess on a free port with a temporary data dir,
// drives pages in Debian's Chromium through chromedp, talks to the API and
// the live WebSocket as outside clients do, and kills the process with
// SIGKILL to test recovery. Benchmarks here measure the whole live path
// beside a raw baseline measured in the same run.
//
// SCORECAST_BIN and SCORECAST_WEB name the binary and the web folder (with
// app.wasm); `make e2e` sets both. Without them TestMain builds both.
package e2e
