package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// Helpers of the UI tests (ui_*_test.go): the real login form, typing into
// inputs the way go-app hears it, pairing a TV, and waiting on the page.

// uiWait is the deadline of one UI expectation: generous, since a loaded
// 2-core machine runs the server, Chromium and the test together.
const uiWait = 20 * time.Second

// newViewport is newBrowser whose page is exactly w x h CSS pixels (the
// window size includes the browser's own bars).
func newViewport(tb testing.TB, w, h int) context.Context {
	tb.Helper()
	ctx := newBrowser(tb, w, h)
	require.NoError(tb, chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))))
	return ctx
}

// setValue sets an input's or textarea's value and fires the input event
// go-app listens to.
func setValue(tb testing.TB, ctx context.Context, sel, value string) {
	tb.Helper()
	js[bool](tb, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, sel, value))
}

// click clicks an element once it exists.
func click(tb testing.TB, ctx context.Context, sel string) {
	tb.Helper()
	waitJS(tb, ctx, uiWait, fmt.Sprintf(`!!document.querySelector(%q) && !document.querySelector(%q).disabled`, sel, sel), true)
	js[bool](tb, ctx, fmt.Sprintf(`(() => { document.querySelector(%q).click(); return true })()`, sel))
}

// formLogin logs in through the login page's form and waits to leave it.
func formLogin(tb testing.TB, ctx context.Context, s *server, user, password string) {
	tb.Helper()
	if !strings.HasPrefix(js[string](tb, ctx, `location.pathname`), "/login") {
		open(tb, ctx, s.URL+"/login", "#login")
	}
	waitJS(tb, ctx, uiWait, `document.getElementById("login").dataset.mounted === "true" && !document.getElementById("app-wasm-loader")`, true)
	setValue(tb, ctx, "#login-user", user)
	setValue(tb, ctx, "#login-password", password)
	click(tb, ctx, "#login-submit")
	waitJS(tb, ctx, uiWait, `location.pathname.startsWith("/login")`, false)
}

// pairTV waits for the TV's pairing code and pairs it as the admin.
func pairTV(tb testing.TB, ctx context.Context, s *server, name string, boards, teams []string) string {
	tb.Helper()
	waitJS(tb, ctx, uiWait, `/^[A-Z0-9]{6}$/.test((document.getElementById("pair-code")||{textContent:""}).textContent.replace(/\s/g, ""))`, true)
	code := js[string](tb, ctx, `document.getElementById("pair-code").textContent.replace(/\s/g, "")`)
	status, out := s.admin().do(http.MethodPost, "/api/v1/displays", map[string]any{"code": code, "name": name, "boards": boards, "teams": teams})
	require.Equal(tb, http.StatusCreated, status, string(out))
	var d struct {
		ID string `json:"id"`
	}
	require.NoError(tb, json.Unmarshal(out, &d))
	return d.ID
}
