package app

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// pwaStatus is the strip every page carries: an "offline" notice while the
// browser has no network (the service worker still serves the shell), and
// an "update available" prompt once a new version has been installed in
// the background or the live socket found the server speaking another
// protocol version.
type pwaStatus struct {
	goapp.Compo

	Lang    string
	offline bool
	update  bool
	live    liveStatus // Outdated: the server speaks a newer live protocol
	release func()
}

func newPWAStatus(lang string) *pwaStatus { return &pwaStatus{Lang: lang} }

func (c *pwaStatus) OnMount(ctx goapp.Context) {
	c.update = ctx.AppUpdateAvailable()
	ctx.ObserveState(liveStatusKey, &c.live)
	if !goapp.IsClient {
		return
	}
	win := goapp.Window()
	c.offline = !win.Get("navigator").Get("onLine").Bool()
	// The browser's online/offline events come in on the JS side; Dispatch
	// brings them to the UI goroutine.
	set := func(off bool) goapp.Func {
		return goapp.FuncOf(func(goapp.Value, []goapp.Value) any {
			ctx.Dispatch(func(goapp.Context) { c.offline = off })
			return nil
		})
	}
	on, off := set(false), set(true)
	win.Call("addEventListener", "online", on)
	win.Call("addEventListener", "offline", off)
	c.release = func() {
		win.Call("removeEventListener", "online", on)
		win.Call("removeEventListener", "offline", off)
		on.Release()
		off.Release()
	}
}

func (c *pwaStatus) OnDismount() {
	if c.release != nil {
		c.release()
		c.release = nil
	}
}

// OnAppUpdate is called by go-app when the service worker has a new version.
func (c *pwaStatus) OnAppUpdate(ctx goapp.Context) { c.update = ctx.AppUpdateAvailable() }

func (c *pwaStatus) Render() goapp.UI {
	lang := c.Lang
	return goapp.Div().Class("pwa-status").Aria("live", "polite").Body(
		goapp.If(c.offline, func() goapp.UI {
			return goapp.P().ID("offline").Class("banner", "banner-offline").Role("status").Text(tr(lang, "pwa.offline"))
		}),
		goapp.If(c.update || c.live.Outdated, func() goapp.UI {
			return goapp.Div().ID("update").Class("banner", "banner-update").Role("status").Body(
				goapp.Span().Text(tr(lang, "pwa.update")),
				goapp.Button().ID("update-reload").Class("btn", "btn-primary").Type("button").
					OnClick(func(ctx goapp.Context, e goapp.Event) { ctx.Reload() }).
					Text(tr(lang, "pwa.reload")),
			)
		}),
	)
}
