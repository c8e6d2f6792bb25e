package app

import (
	"net/http"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// loginPage is /login: user and password (and an org on a multi-org server).
type loginPage struct {
	goapp.Compo

	lang     string
	mounted  bool
	org      string
	user     string
	password string
	busy     bool
	err      string
}

func newLoginPage() goapp.Composer { return &loginPage{} }

func (c *loginPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	ctx.Page().SetTitle("%s · Scorecast", tr(c.lang, "login.title"))
}

func (c *loginPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

// submit posts the credentials and goes to ?next= or the role's home.
func (c *loginPage) submit(ctx goapp.Context, e goapp.Event) {
	e.PreventDefault()
	if c.busy {
		return
	}
	if strings.TrimSpace(c.user) == "" || c.password == "" {
		c.err = tr(c.lang, "login.missing")
		return
	}
	c.busy, c.err = true, ""
	body := shared.LoginRequest{Org: strings.TrimSpace(c.org), User: strings.TrimSpace(c.user), Password: c.password}
	next := safeNext(ctx.Page().URL().Query().Get("next"))
	lang := c.lang
	ctx.Async(func() {
		var me identity
		err := sendJSON(ctx, http.MethodPost, "/api/v1/session", body, &me)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			switch statusOf(err) {
			case 0:
			case http.StatusUnauthorized:
				c.err = tr(lang, "login.wrong")
				return
			case http.StatusTooManyRequests:
				c.err = tr(lang, "login.throttled")
				return
			default:
				c.err = tr(lang, "login.failed", err.Error())
				return
			}
			if err != nil {
				c.err = tr(lang, "login.failed", err.Error())
				return
			}
			c.password = ""
			if next == "" {
				next = homeOf(me)
			}
			ctx.Navigate(next)
		})
	})
}

func (c *loginPage) Render() goapp.UI {
	lang := c.lang
	return goapp.Div().Class("page", "login-page").Body(
		topBar(lang, langSelect(lang, c.pickLang)),
		newPWAStatus(lang),
		goapp.Main().ID("login").Class("login").DataSet("mounted", boolAttr(c.mounted)).Body(
			goapp.Form().ID("login-form").Class("card", "login-card").OnSubmit(c.submit).Body(
				goapp.H1().Text(tr(lang, "login.title")),
				goapp.P().Class("muted").Text(tr(lang, "login.intro")),
				goapp.Label().For("login-user").Text(tr(lang, "login.user")),
				goapp.Input().ID("login-user").Type("text").Name("username").Attr("autocomplete", "username").
					Required(true).AutoFocus(true).Value(c.user).
					OnInput(func(ctx goapp.Context, e goapp.Event) { c.user = ctx.JSSrc().Get("value").String() }),
				goapp.Label().For("login-password").Text(tr(lang, "login.password")),
				goapp.Input().ID("login-password").Type("password").Name("password").Attr("autocomplete", "current-password").
					Required(true).Value(c.password).
					OnInput(func(ctx goapp.Context, e goapp.Event) { c.password = ctx.JSSrc().Get("value").String() }),
				goapp.Details().Class("login-org").Body(
					goapp.Summary().Text(tr(lang, "login.org_more")),
					goapp.Label().For("login-org").Text(tr(lang, "login.org")),
					goapp.Input().ID("login-org").Type("text").Name("org").Attr("autocomplete", "organization").
						Placeholder("default").Value(c.org).
						OnInput(func(ctx goapp.Context, e goapp.Event) { c.org = ctx.JSSrc().Get("value").String() }),
				),
				goapp.If(c.err != "", func() goapp.UI {
					return goapp.P().ID("login-error").Class("error").Role("alert").Text(c.err)
				}),
				goapp.Button().ID("login-submit").Class("btn", "btn-primary", "btn-wide").Type("submit").
					Disabled(c.busy).Text(tr(lang, "login.submit")),
			),
		),
	)
}
