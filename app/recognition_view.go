package app

import (
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

func (c *recognitionPage) Render() goapp.UI {
	lang := c.lang
	ready := c.mounted && c.me.Role != ""
	return goapp.Div().Class("page", "recognition-page").Body(
		topBar(lang, navBar(lang, c.me, recognitionPath), langSelect(lang, c.pickLang), connPill(lang, c.status.Conn)),
		newPWAStatus(lang),
		goapp.Main().ID("recognition").Class("wide").DataSet("mounted", boolAttr(ready && c.loaded)).Body(
			goapp.Div().Class("view-head").Body(
				goapp.H1().Text(tr(lang, "rw.rec_title")),
				goapp.If(ready && c.staff(), func() goapp.UI {
					return goapp.Div().Class("rec-actions").Body(
						goapp.If(c.me.Role == roleSupervisor, func() goapp.UI {
							return goapp.Button().ID("kudos-open").Class("btn").Type("button").Aria("haspopup", "dialog").
								OnClick(func(ctx goapp.Context, e goapp.Event) { c.openKudos(ctx) }).
								Text(tr(lang, "rw.kudos_give"))
						}),
						goapp.Button().ID("spot-open").Class("btn", "btn-primary").Type("button").Aria("haspopup", "dialog").
							OnClick(func(ctx goapp.Context, e goapp.Event) { c.openSpot(ctx) }).
							Text(tr(lang, "rw.spot_open")),
					)
				}),
			),
			goapp.If(ready && !c.staff(), func() goapp.UI {
				return goapp.P().Class("error").Role("alert").Text(tr(lang, "rw.staff_only"))
			}),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.err) }),
			goapp.If(c.spot.ok != "", func() goapp.UI { return goapp.P().ID("spot-ok").Class("ok").Role("status").Text(c.spot.ok) }),
			goapp.If(c.kudos.Sent != "", func() goapp.UI { return goapp.P().ID("kudos-sent").Class("ok").Role("status").Text(c.kudos.Sent) }),
			goapp.If(ready && c.staff(), func() goapp.UI {
				return goapp.Div().Class("rec-grid").Body(
					c.renderQueue(lang),
					c.renderKudosFeed(lang),
					c.renderSpots(lang),
				)
			}),
		),
		c.renderHide(lang),
		c.renderSpot(lang),
		c.kudos.render(lang, c.words, func(ctx goapp.Context) {
			c.kudos.send(ctx, lang, func(ctx goapp.Context, _ shared.KudosAnswer) { c.readKudos(ctx) })
		}),
	)
}

func (c *recognitionPage) renderQueue(lang string) goapp.UI {
	pending, approved, decided := c.queue()
	return goapp.Section().ID("queue").Class("card").Aria("labelledby", "queue-title").DataSet("pending", len(pending)).Body(
		goapp.H2().ID("queue-title").Text(tr(lang, "rw.queue")),
		goapp.If(!c.loaded, func() goapp.UI { return goapp.P().Class("loading").Text(tr(lang, "rw.loading")) }),
		goapp.If(c.loaded && len(pending) == 0, func() goapp.UI {
			return goapp.P().ID("queue-empty").Class("muted").Text(tr(lang, "rw.queue_empty"))
		}),
		goapp.If(len(pending) > 0, func() goapp.UI {
			return goapp.Ul().ID("queue-pending").Class("red-list").Body(goapp.Range(pending).Slice(func(i int) goapp.UI {
				return c.renderQueueRow(lang, pending[i])
			}))
		}),
		goapp.If(len(approved) > 0, func() goapp.UI {
			return goapp.Div().Body(
				goapp.H3().Class("sub-head").Text(tr(lang, "rw.to_fulfil")),
				goapp.Ul().ID("queue-approved").Class("red-list").Body(goapp.Range(approved).Slice(func(i int) goapp.UI {
					return c.renderQueueRow(lang, approved[i])
				})),
			)
		}),
		goapp.If(len(decided) > 0, func() goapp.UI {
			shown := decided[:min(len(decided), 8)]
			return goapp.Div().Body(
				goapp.H3().Class("sub-head").Text(tr(lang, "rw.decided")),
				goapp.Ul().ID("queue-decided").Class("red-list").Body(goapp.Range(shown).Slice(func(i int) goapp.UI {
					return c.renderQueueRow(lang, shown[i])
				})),
			)
		}),
	)
}

func (c *recognitionPage) renderQueueRow(lang string, r shared.Redemption) goapp.UI {
	who := firstOf(r.AgentName, tr(lang, "people.unnamed_agent"))
	item := firstOf(r.ItemName, capitalize(humanizeID(r.Item)))
	busy := c.busy == r.ID
	rejecting := c.rejecting == r.ID
	return goapp.Li().Class("red-row", "queue-row").DataSet("redemption", r.ID).DataSet("status", r.Status).Body(
		face(who, "", teamColor(r.Team, ""), faceS),
		goapp.Div().Class("queue-what").Body(
			goapp.Span().Class("red-item").Text(tr(lang, "rw.queue_line", who, item)),
			goapp.Span().Class("small-print").Text(coinsText(lang, r.Cost)+" · "+formatDateTime(lang, r.At)),
			goapp.If(r.Note != "", func() goapp.UI { return goapp.Span().Class("small-print", "red-note").Text(r.Note) }),
		),
		goapp.Span().Class("status-pill", "status-"+r.Status).Text(redemptionStatusText(lang, r.Status)),
		goapp.If(r.Status == redemptionPending && !rejecting, func() goapp.UI {
			return goapp.Div().Class("queue-btns").Body(
				goapp.Button().Class("btn", "btn-primary", "q-approve").Type("button").Disabled(busy).
					Aria("label", tr(lang, "rw.approve_name", item, who)).
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.decide(ctx, r.ID, "approve", "") }).
					Text(tr(lang, "rw.approve")),
				goapp.Button().Class("btn", "q-reject").Type("button").Disabled(busy).
					Aria("label", tr(lang, "rw.reject_name", item, who)).
					OnClick(func(ctx goapp.Context, e goapp.Event) {
						c.rejecting, c.note = r.ID, ""
						ctx.Defer(func(goapp.Context) {
							if el := goapp.Window().GetElementByID("reject-note"); el.Truthy() {
								el.Call("focus")
							}
						})
					}).
					Text(tr(lang, "rw.reject")),
			)
		}),
		goapp.If(rejecting, func() goapp.UI {
			return goapp.Form().Class("queue-reject").
				OnSubmit(func(ctx goapp.Context, e goapp.Event) { e.PreventDefault(); c.decide(ctx, r.ID, "reject", c.note) }).
				Body(
					goapp.Label().For("reject-note").Text(tr(lang, "rw.reject_note")),
					goapp.Input().ID("reject-note").Type("text").MaxLength(280).Value(c.note).
						OnInput(func(ctx goapp.Context, e goapp.Event) { c.note = ctx.JSSrc().Get("value").String() }),
					goapp.Button().Class("btn", "btn-ghost").Type("button").
						OnClick(func(goapp.Context, goapp.Event) { c.rejecting = "" }).
						Text(tr(lang, "floor.cancel")),
					goapp.Button().ID("reject-submit").Class("btn", "btn-danger").Type("submit").Disabled(busy).Text(tr(lang, "rw.reject")),
				)
		}),
		goapp.If(r.Status == redemptionApproved && c.me.Role == roleAdmin, func() goapp.UI {
			return goapp.Button().Class("btn", "q-fulfil").Type("button").Disabled(busy).
				Aria("label", tr(lang, "rw.fulfil_name", item, who)).
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.decide(ctx, r.ID, "fulfil", "") }).
				Text(tr(lang, "rw.fulfil"))
		}),
		goapp.If(c.rowErr[r.ID] != "", func() goapp.UI {
			return goapp.P().Class("error", "queue-error").Role("alert").Text(c.rowErr[r.ID])
		}),
	)
}

func (c *recognitionPage) renderKudosFeed(lang string) goapp.UI {
	now := time.Now()
	return goapp.Section().ID("kudos-feed").Class("card").Aria("labelledby", "kfeed-title").Body(
		goapp.H2().ID("kfeed-title").Text(tr(lang, "rw.kudos_feed")),
		goapp.If(len(c.kudosList) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "rw.kudos_none"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Class("kudos-list").Body(goapp.Range(c.kudosList).Slice(func(i int) goapp.UI {
				k := c.kudosList[i]
				return goapp.Li().Class("kudos-row").Body(
					goapp.Div().Class("kudos-item").DataSet("kudos", k.ID).DataSet("hidden", boolAttr(k.Hidden)).Body(kudosBody(lang, c.words, k, now)...),
					goapp.If(!k.Hidden, func() goapp.UI {
						return goapp.Button().Class("btn", "btn-ghost", "kudos-hide").Type("button").Aria("haspopup", "dialog").
							DataSet("kudos", k.ID).
							Aria("label", tr(lang, "rw.hide_name", firstOf(k.FromName, tr(lang, "people.unnamed_agent")))).
							OnClick(func(ctx goapp.Context, e goapp.Event) { c.openHide(ctx, k.ID) }).
							Text(tr(lang, "rw.hide"))
					}),
				)
			}))
		}),
	)
}

func (c *recognitionPage) renderHide(lang string) goapp.UI {
	f := &c.hide
	return goapp.Dialog().ID("hide-dialog").Class("floor-dialog").Aria("labelledby", "hide-title").Body(
		goapp.Form().Class("form").OnSubmit(func(ctx goapp.Context, e goapp.Event) { e.PreventDefault(); c.sendHide(ctx) }).Body(
			goapp.H2().ID("hide-title").Text(tr(lang, "rw.hide_title")),
			goapp.P().Class("muted").Text(tr(lang, "rw.hide_explain")),
			goapp.Label().For("hide-reason").Text(tr(lang, "rw.hide_reason")),
			goapp.Input().ID("hide-reason").Type("text").MaxLength(280).Value(f.reason).
				OnInput(func(ctx goapp.Context, e goapp.Event) { f.reason = ctx.JSSrc().Get("value").String() }),
			goapp.If(f.err != "", func() goapp.UI { return goapp.P().ID("hide-error").Class("error").Role("alert").Text(f.err) }),
			goapp.Div().Class("floor-dialog-actions").Body(
				goapp.Button().Class("btn", "btn-ghost").Type("button").OnClick(func(goapp.Context, goapp.Event) { closeDialog("hide-dialog") }).Text(tr(lang, "floor.cancel")),
				goapp.Button().ID("hide-submit").Class("btn", "btn-danger").Type("submit").Disabled(f.busy).Text(tr(lang, "rw.hide")),
			),
		),
	)
}

func (c *recognitionPage) renderSpot(lang string) goapp.UI {
	f := &c.spot
	return goapp.Dialog().ID("spot-dialog").Class("floor-dialog", "spot-dialog").Aria("labelledby", "spot-title").Body(
		goapp.Form().ID("spot-form").Class("form").OnSubmit(func(ctx goapp.Context, e goapp.Event) { e.PreventDefault(); c.sendSpot(ctx) }).Body(
			goapp.H2().ID("spot-title").Text(tr(lang, "rw.spot_open")),
			goapp.Label().For("spot-period").Text(tr(lang, "rw.spot_period")),
			goapp.Input().ID("spot-period").Type("month").Value(f.period).
				OnChange(func(ctx goapp.Context, e goapp.Event) {
					if v := ctx.JSSrc().Get("value").String(); v != "" && v != f.period {
						f.period, f.agent, f.candidates = v, "", nil
						c.readCandidates(ctx)
					}
				}),
			goapp.FieldSet().ID("spot-candidates").Class("spot-cands").Body(
				goapp.Legend().Text(tr(lang, "rw.spot_candidates")),
				goapp.If(f.candErr != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(f.candErr) }),
				goapp.If(f.candErr == "" && len(f.candidates) == 0, func() goapp.UI {
					return goapp.P().Class("muted").Text(tr(lang, "rw.spot_no_candidates"))
				}),
				goapp.Range(f.candidates).Slice(func(i int) goapp.UI {
					cd := f.candidates[i]
					name := firstOf(cd.Name, tr(lang, "people.unnamed_agent"))
					return goapp.Label().Class("spot-cand").DataSet("agent", cd.Agent).DataSet("reason", cd.Reason).Body(
						goapp.Input().Type("radio").Name("spot-agent").Value(cd.Agent).Checked(cd.Agent == f.agent).
							OnChange(func(goapp.Context, goapp.Event) { f.agent = cd.Agent }),
						face(name, "", teamColor(cd.Team, ""), faceS),
						goapp.Span().Class("spot-cand-name").Text(name),
						goapp.Span().Class("tag", "spot-reason").Text(candidateReasonText(lang, cd)),
					)
				}),
			),
			goapp.Label().For("spot-title-in").Text(tr(lang, "rw.spot_title_label")),
			goapp.Input().ID("spot-title-in").Type("text").MaxLength(80).Required(true).Value(f.title).
				OnInput(func(ctx goapp.Context, e goapp.Event) { f.title = ctx.JSSrc().Get("value").String() }),
			goapp.Label().For("spot-message").Text(tr(lang, "rw.spot_message")),
			goapp.Textarea().ID("spot-message").Rows(3).MaxLength(kudosMessageMax).Text(f.message).
				OnInput(func(ctx goapp.Context, e goapp.Event) { f.message = ctx.JSSrc().Get("value").String() }),
			goapp.If(f.err != "", func() goapp.UI { return goapp.P().ID("spot-error").Class("error").Role("alert").Text(f.err) }),
			goapp.Div().Class("floor-dialog-actions").Body(
				goapp.Button().Class("btn", "btn-ghost").Type("button").OnClick(func(goapp.Context, goapp.Event) { closeDialog("spot-dialog") }).Text(tr(lang, "floor.cancel")),
				goapp.Button().ID("spot-submit").Class("btn", "btn-primary").Type("submit").Disabled(f.busy).Text(tr(lang, "rw.spot_send")),
			),
		),
	)
}

// renderSpots lists the spotlights, newest first: past ones stay.
func (c *recognitionPage) renderSpots(lang string) goapp.UI {
	return goapp.Section().ID("spotlights").Class("card").Aria("labelledby", "spots-title").Body(
		goapp.H2().ID("spots-title").Text(tr(lang, "rw.spot_title")),
		goapp.If(len(c.spots) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "rw.spot_none"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Class("kudos-list").Body(goapp.Range(c.spots).Slice(func(i int) goapp.UI {
				sp := c.spots[i]
				name := firstOf(sp.AgentName, tr(lang, "people.unnamed_agent"))
				return goapp.Li().Class("kudos-item", "spot-item").DataSet("spotlight", sp.ID).Body(
					face(name, "", teamColor(sp.Team, ""), faceM),
					goapp.Div().Class("kudos-body").Body(
						goapp.P().Class("kudos-who").Body(
							goapp.Span().Text(name),
							goapp.Span().Class("spot-tag").Text(tr(lang, "rw.spot_line", sp.Title, spotlightPeriodText(lang, sp.Period))),
						),
						goapp.If(sp.Message != "", func() goapp.UI { return goapp.P().Class("kudos-msg").Text(sp.Message) }),
					),
				)
			}))
		}),
	)
}
