package app

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// adjustDialogID is the admin's "adjust coins" dialog on an agent's view.
const adjustDialogID = "adjust-dialog"

// adjustForm corrects an agent's balance (admins): a whole number of
// coins up or down and a note that says why; the note is the ledger's
// line. Its body is always rendered (see kudosForm).
type adjustForm struct {
	delta string
	note  string
	key   string // Idempotency-Key of this opening
	busy  bool
	err   string
	ok    string
}

func (f *adjustForm) open(ctx goapp.Context) {
	*f = adjustForm{key: newIdemKey()}
	showDialog(ctx, adjustDialogID)
}

// send posts the adjustment; the server refuses one that would take the
// balance below zero, in its own words.
func (f *adjustForm) send(ctx goapp.Context, lang, agent string) {
	if f.busy {
		return
	}
	n, err := strconv.ParseInt(strings.TrimSpace(f.delta), 10, 64)
	switch {
	case err != nil || n == 0:
		f.err = tr(lang, "rw.adjust_bad_delta")
		return
	case strings.TrimSpace(f.note) == "":
		f.err = tr(lang, "rw.adjust_need_note")
		return
	}
	f.busy, f.err = true, ""
	body, key := shared.WalletAdjust{Delta: n, Note: strings.TrimSpace(f.note)}, f.key
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, apiTimeout)
		defer cancel()
		err := apiCall{Method: http.MethodPost, Path: "/api/v1/agents/" + url.PathEscape(agent) + "/wallet", JSON: body, IdemKey: key}.fetch(rctx, nil)
		ctx.Dispatch(func(goapp.Context) {
			f.busy = false
			if err != nil {
				f.err = err.Error()
				return
			}
			f.ok = tr(lang, "rw.adjust_done", signedPoints(lang, n))
			closeDialog(adjustDialogID)
		})
	})
}

func (f *adjustForm) render(lang string, send func(ctx goapp.Context)) goapp.UI {
	return goapp.Dialog().ID(adjustDialogID).Class("floor-dialog").Aria("labelledby", "adjust-title").Body(
		goapp.Form().Class("form").OnSubmit(func(ctx goapp.Context, e goapp.Event) { e.PreventDefault(); send(ctx) }).Body(
			goapp.H2().ID("adjust-title").Text(tr(lang, "rw.adjust_title")),
			goapp.Label().For("adjust-delta").Text(tr(lang, "rw.adjust_delta")),
			goapp.Input().ID("adjust-delta").Type("number").Step(1).Value(f.delta).Aria("describedby", "adjust-hint").
				OnInput(func(ctx goapp.Context, e goapp.Event) { f.delta = ctx.JSSrc().Get("value").String() }),
			goapp.P().ID("adjust-hint").Class("small-print").Text(tr(lang, "rw.adjust_hint")),
			goapp.Label().For("adjust-note").Text(tr(lang, "rw.adjust_note")),
			goapp.Input().ID("adjust-note").Type("text").MaxLength(280).Value(f.note).
				OnInput(func(ctx goapp.Context, e goapp.Event) { f.note = ctx.JSSrc().Get("value").String() }),
			goapp.If(f.err != "", func() goapp.UI { return goapp.P().ID("adjust-error").Class("error").Role("alert").Text(f.err) }),
			goapp.Div().Class("floor-dialog-actions").Body(
				goapp.Button().Class("btn", "btn-ghost").Type("button").OnClick(func(goapp.Context, goapp.Event) { closeDialog(adjustDialogID) }).Text(tr(lang, "floor.cancel")),
				goapp.Button().ID("adjust-submit").Class("btn", "btn-primary").Type("submit").Disabled(f.busy).Text(tr(lang, "rw.adjust_save")),
			),
		),
	)
}

// adjustButton opens the dialog on an agent's view, for admins.
func (c *agentPage) adjustButton(lang string) goapp.UI {
	if c.me.Role != roleAdmin {
		return nil
	}
	return goapp.Button().ID("adjust-open").Class("btn", "btn-quiet").Type("button").Aria("haspopup", "dialog").
		OnClick(func(ctx goapp.Context, e goapp.Event) { c.adjust.open(ctx) }).
		Text(tr(lang, "rw.adjust_open"))
}
