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

// topBar is the header of every signed-in view: brand, the role's links,
// then whatever the view adds (language, connection, log out).
func topBar(lang string, right ...goapp.UI) goapp.UI {
	return goapp.Header().Class("topbar").Body(
		goapp.A().Class("brand").Href("/").Body(
			goapp.Img().Src("/web/icon.svg").Alt("").Aria("hidden", "true").Width(28).Height(28),
			goapp.Span().Text("Scorecast"),
		),
		goapp.Div().Class("topbar-right").Body(right...),
	)
}

// navLink is one entry of the role's navigation.
type navLink struct{ Href, Key, ID string }

// navLinksOf lists what a role may open, in reading order.
func navLinksOf(me identity) []navLink {
	switch me.Role {
	case roleAdmin:
		return []navLink{
			{"/", "floor.nav_today", "nav-agents"},
			{supervisorPath, "nav.supervisor", "nav-supervisor"},
			{adminPath, "nav.admin", "nav-admin"},
			{recognitionPath, "rw.nav_recognition", "nav-recognition"},
			{"/wallboard", "nav.wall", "nav-wallboard"},
			{guidePagePath, "words.nav", "nav-points"},
		}
	case roleSupervisor:
		return []navLink{
			{"/", "floor.nav_today", "nav-home"},
			{supervisorPath, "nav.supervisor", "nav-supervisor"},
			{recognitionPath, "rw.nav_recognition", "nav-recognition"},
			{"/wallboard", "nav.wall", "nav-wallboard"},
			{guidePagePath, "words.nav", "nav-points"},
		}
	case roleAgent:
		return []navLink{{agentHref(me.User), "nav.me", "nav-me"}, {storePath, "rw.nav_store", "nav-store"}, {quizPath, "quizzes.nav", "nav-quiz"}, {guidePagePath, "words.nav", "nav-points"}}
	}
	return nil
}

// navBar renders the role's links (the current one marked) and a log-out
// button; nothing until the identity is known.
func navBar(lang string, me identity, current string) goapp.UI {
	if me.Role == "" {
		return goapp.Span().Class("nav-placeholder")
	}
	links := navLinksOf(me)
	return goapp.Nav().Class("nav").Aria("label", tr(lang, "nav.label")).Body(
		goapp.Range(links).Slice(func(i int) goapp.UI {
			l := links[i]
			a := goapp.A().ID(l.ID).Class("nav-link").Href(l.Href).Text(tr(lang, l.Key))
			if l.Href == current {
				a = a.Aria("current", "page").Class("nav-link", "active")
			}
			return a
		}),
		goapp.A().ID("nav-settings").Class("nav-user").Href(profilePath).Title("%s", tr(lang, "people.nav_settings")).Aria("current", ariaPage(current == profilePath)).Text(displayName(me)),
		goapp.Button().ID("logout").Class("btn", "btn-ghost").Type("button").
			OnClick(func(ctx goapp.Context, e goapp.Event) { logout(ctx) }).
			Text(tr(lang, "nav.logout")),
	)
}

func displayName(me identity) string {
	if me.Name != "" {
		return me.Name
	}
	return me.User
}

// boolAttr is "true" or "false", for data attributes tests read.
func boolAttr(v bool) string {
	if v {
		return "true"
	}
	return "false"
}
