package app

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// connPill renders the connection status (#conn, data-state = state).
func connPill(lang, state string) goapp.UI {
	if state == "" {
		state = connConnecting
	}
	return goapp.Span().
		ID("conn").
		Class("conn", "conn-"+state).
		Role("status").
		DataSet("state", state).
		Body(
			goapp.Span().Class("conn-dot").Aria("hidden", "true"),
			goapp.Span().Class("conn-label").Text(tr(lang, "conn."+state)),
		)
}

// topBar is the header of the agent and home views.
func topBar(lang string, right ...goapp.UI) goapp.UI {
	return goapp.Header().Class("topbar").Body(
		goapp.A().Class("brand").Href("/").Body(
			goapp.Img().Src("/web/icon.svg").Alt("").Aria("hidden", "true").Width(28).Height(28),
			goapp.Span().Text("Scorecast"),
		),
		goapp.Div().Class("topbar-right").Body(right...),
	)
}

// boolAttr is "true" or "false", for data attributes tests read.
func boolAttr(v bool) string {
	if v {
		return "true"
	}
	return "false"
}
