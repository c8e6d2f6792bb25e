// Package app is the Scorecast PWA, written with go-app v10 and built to
// web/app.wasm: login, the agent view, the wallboard (logged in at
// /wallboard, paired TVs at /display), the supervisor and admin views, the
// store (/store) and recognition (/recognition: the redemption queue, kudos,
// spotlights), plus the live client that keeps them current over the
// WebSocket at /api/v1/live.
//
// The server imports it to register the same routes (for prerendering) and
// to get the go-app handler; the wasm main in app/wasm registers the routes
// and runs the app in the browser. Components only render and observe;
// network I/O runs in ctx.Async and comes back through ctx.Dispatch. Live
// data comes through go-app's state: a tab keeps one live socket, which
// folds what arrives into one state per topic (live_state.go).
package app

import (
	"strconv"
	"sync"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

var routesOnce sync.Once

// Routes registers every route of the PWA with go-app, and the handler of
// the tab's one live connection. Calling it more than once in a process is
// harmless.
func Routes() {
	routesOnce.Do(func() {
		goapp.Handle(actionLiveWant, newTabLive().handleWant)
		goapp.Handle(actionGlossaryFetch, handleGlossaryFetch)
		goapp.Route("/", newHomePage)
		goapp.Route(loginPath, newLoginPage)
		goapp.Route("/wallboard", newWallboardPage)
		goapp.Route(displayPath, newDisplayPage)
		goapp.Route(supervisorPath, newSupervisorPage)
		goapp.Route(adminPath, newAdminPage)
		goapp.Route(guidePagePath, newGuidePage)
		goapp.RouteWithRegexp(`^/agent/[^/]+$`, newAgentPage)
		goapp.Route(profilePath, newProfilePage)
		goapp.Route(storePath, newStorePage)
		goapp.Route(recognitionPath, newRecognitionPage)
		goapp.Route(quizPath, newQuizPage)
	})
}

// Paths of the views.
const (
	displayPath    = "/display"
	supervisorPath = "/supervisor"
	adminPath      = "/admin"
)

// Dark colours of the page background and the browser's UI.
const (
	backgroundColor = "#0b1020"
	themeColor      = "#0b1020"
)

// Handler returns the go-app handler that serves the PWA's pages, manifest
// and service worker. version identifies the build (e.g. a hash of
// app.wasm); wasmSize is the raw size of app.wasm for the loading progress
// (0 when unknown). Nothing refers to an outside host.
func Handler(version string, wasmSize int) *goapp.Handler {
	h := &goapp.Handler{
		Name:        "Scorecast",
		ShortName:   "Scorecast",
		Title:       "Scorecast",
		Description: "Scorecast — live points for your contact centre",
		Lang:        "en",
		Icon: goapp.Icon{
			Default: "/web/icon-192.png",
			Large:   "/web/icon-512.png",
			SVG:     "/web/icon.svg",
		},
		Styles:          []string{"/web/app.css", "/web/tv.css", "/web/agent.css", "/web/people.css", "/web/words.css", "/web/floor.css", "/web/admin.css", "/web/rewards.css", "/web/coop.css", "/web/leagues.css", "/web/streaks.css", "/web/quizzes.css"},
		BackgroundColor: backgroundColor,
		ThemeColor:      themeColor,
		LoadingLabel:    "Scorecast {progress}%",
		Version:         version,
	}
	if wasmSize > 0 {
		h.WasmContentLength = strconv.Itoa(wasmSize)
	}
	return h
}
