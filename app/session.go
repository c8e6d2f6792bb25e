package app

import (
	"net/http"
	"net/url"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// Roles as /api/v1/me names them.
const (
	roleAdmin      = shared.RoleAdmin
	roleSupervisor = shared.RoleSupervisor
	roleAgent      = shared.RoleAgent
)

// identity is the answer of GET /api/v1/me.
type identity = shared.Identity

// loginPath is where a page without a session sends the person.
const loginPath = "/login"

// loginHref is /login?next=<path> for the page at u, so the person comes
// back to where they were.
func loginHref(u *url.URL) string {
	next := u.Path
	if u.RawQuery != "" {
		next += "?" + u.RawQuery
	}
	if next == "" || next == "/" || next == loginPath {
		return loginPath
	}
	return loginPath + "?next=" + url.QueryEscape(next)
}

// safeNext keeps a ?next= target only when it is a path on this site, so the
// login page cannot be used to send people elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) || strings.HasPrefix(next, loginPath) {
		return ""
	}
	return next
}

// homeOf is where a role starts.
func homeOf(me identity) string {
	switch me.Role {
	case roleAgent:
		return agentHref(me.User)
	case roleSupervisor:
		return supervisorPath
	case roleAdmin:
		return adminPath
	}
	return "/"
}

// whoAmI asks the server who is logged in and calls done on the UI goroutine.
// Without a session it sends the person to the login page instead. It does
// nothing during server-side prerendering.
func whoAmI(ctx goapp.Context, done func(ctx goapp.Context, me identity)) {
	if !goapp.IsClient {
		return
	}
	page := *ctx.Page().URL()
	ctx.Async(func() {
		var me identity
		err := getJSON(ctx, "/api/v1/me", &me)
		ctx.Dispatch(func(ctx goapp.Context) {
			if statusOf(err) == http.StatusUnauthorized {
				ctx.Navigate(loginHref(&page))
				return
			}
			if err != nil {
				goapp.Log("scorecast: /api/v1/me:", err)
				return // offline: the cached shell stays, the live client retries
			}
			done(ctx, me)
		})
	})
}

// logout ends the session and goes to the login page.
func logout(ctx goapp.Context) {
	ctx.Async(func() {
		err := sendJSON(ctx, http.MethodDelete, "/api/v1/session", nil, nil)
		if err != nil {
			goapp.Log("scorecast: logout:", err)
		}
		ctx.Dispatch(func(ctx goapp.Context) { ctx.Navigate(loginPath) })
	})
}
