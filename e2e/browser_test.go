package e2e

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const chromiumPath = "/usr/bin/chromium"

// newBrowser starts a headless Chromium with a fresh profile (so no service
// worker from another test serves a stale app.wasm) and returns a tab's
// context. The page console goes to the test log.
func newBrowser(tb testing.TB, width, height int) context.Context {
	tb.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		tb.Fatalf("Chromium is not installed at %s (make test installs it): %v", chromiumPath, err)
	}
	// Chromium keeps its singleton socket in a directory under TMPDIR and,
	// killed at the end of a test, never removes it: each run left a dozen
	// in /tmp. It gets a TMPDIR of its own, removed after it.
	tmp, err := os.MkdirTemp("", "scorecast-chromium-")
	require.NoError(tb, err)
	// Registered first, it runs last, after the browser has exited. A file
	// the browser still had open is no reason to fail the test.
	tb.Cleanup(func() { _ = os.RemoveAll(tmp) })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Env("TMPDIR="+tmp),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(width, height),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// Start the browser with a context that has no timeout: a timeout on
	// the first Run would end the whole browser.
	require.NoError(tb, chromedp.Do(ctx))
	consoleCtx, stopConsole := context.WithCancel(ctx)
	var wg sync.WaitGroup
	messages := chromedp.Console(consoleCtx)
	wg.Go(func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			tb.Logf("browser console: %s", m)
		}
	})
	tb.Cleanup(func() {
		stopConsole()
		wg.Wait()
		cancel()
		cancelAlloc()
	})
	return ctx
}

// loginBrowser logs the browser in as the PWA's login would: a same-origin
// fetch whose answer sets the session cookie.
func loginBrowser(tb testing.TB, ctx context.Context, s *server, user, password string) {
	tb.Helper()
	require.NoError(tb, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/healthz")))
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(
		`fetch("/api/v1/session", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({user: %q, password: %q})}).then(r => r.status)`,
		user, password), chromedp.EvalAwaitPromise))
	require.NoError(tb, err)
	require.Equal(tb, 200, status, "login as %s", user)
}

// open navigates and waits until the wasm app has mounted the element sel
// with data-mounted="true".
func open(tb testing.TB, ctx context.Context, url, sel string) {
	tb.Helper()
	require.NoError(tb, chromedp.Do(ctx, chromedp.Navigate(url)))
	waitJS(tb, ctx, 30*time.Second, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.dataset.mounted === "true" && !document.getElementById("app-wasm-loader") })()`, sel), true)
}

// waitJS evaluates expr every 100 ms until it equals want.
func waitJS[T comparable](tb testing.TB, ctx context.Context, within time.Duration, expr string, want T) T {
	tb.Helper()
	ok := assert.EventuallyWithT(tb, func(c *assert.CollectT) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
		require.NoError(c, err, expr)
		assert.Equal(c, want, got, expr)
	}, within, 100*time.Millisecond)
	if !ok {
		// The wasm's loading label tells a page that never started from one
		// that started and went wrong.
		loader, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("app-wasm-loader-label")||{}).textContent || ""`))
		tb.Fatalf("%s: not %v within %s; loader: %q", expr, want, within, loader)
	}
	return want
}

// js evaluates expr once.
func js[T any](tb testing.TB, ctx context.Context, expr string) T {
	tb.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	require.NoError(tb, err, expr)
	return v
}

// screenshot saves the page as a PNG when SCORECAST_SCREENSHOTS names a folder.
func screenshot(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	dir := os.Getenv("SCORECAST_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(tb, err)
	require.NoError(tb, os.WriteFile(dir+"/"+name+".png", png, 0o644))
}
