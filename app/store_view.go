package app

import (
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

func (c *storePage) Render() goapp.UI {
	lang := c.lang
	return goapp.Div().Class("page", "store-page").Body(
		topBar(lang, navBar(lang, c.me, storePath), langSelect(lang, c.pickLang), connPill(lang, c.status.Conn)),
		newPWAStatus(lang),
		goapp.Main().ID("store").Class("wide", "store").DataSet("mounted", boolAttr(c.mounted && c.loaded)).Body(
			goapp.Div().Class("view-head", "store-head").Body(
				goapp.H1().Text(tr(lang, "rw.store_title")),
				goapp.Div().ID("wallet-balance").Class("wallet-balance").DataSet("balance", c.balance).Role("status").Body(
					goapp.Span().Class("coin").Aria("hidden", "true"),
					goapp.Span().Class("wallet-num").Body(&countUp{Value: c.balance, Lang: lang, shown: c.balance}),
					goapp.Span().Class("wallet-label").Text(tr(lang, "rw.wallet_label")),
				),
			),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.err) }),
			goapp.If(c.done != "", func() goapp.UI { return goapp.P().ID("redeem-ok").Class("ok").Role("status").Text(c.done) }),
			goapp.If(!c.loaded, func() goapp.UI { return goapp.P().Class("loading").Text(tr(lang, "rw.loading")) }),
			goapp.If(c.loaded, func() goapp.UI {
				return goapp.Div().Class("store-grid").Body(
					c.renderCatalogue(lang),
					goapp.Div().Class("stack").Body(
						c.renderRedemptions(lang),
						c.renderLedger(lang),
					),
				)
			}),
		),
		c.renderConfirm(lang),
	)
}

func (c *storePage) renderCatalogue(lang string) goapp.UI {
	return goapp.Section().ID("catalogue").Class("card", "catalogue").Aria("labelledby", "catalogue-title").Body(
		goapp.H2().ID("catalogue-title").Text(tr(lang, "rw.catalogue")),
		goapp.If(len(c.items) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "rw.store_empty"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Class("items").Body(goapp.Range(c.items).Slice(func(i int) goapp.UI {
				return c.renderItem(lang, c.items[i])
			}))
		}),
	)
}

func (c *storePage) renderItem(lang string, it shared.StoreItem) goapp.UI {
	block := redeemBlock(lang, it, c.balance)
	if c.me.Role != roleAgent && c.me.Role != "" {
		block = tr(lang, "rw.agents_only") // the server takes redemptions from agents alone
	}
	name := firstOf(it.Name, capitalize(humanizeID(it.ID)))
	short := it.Cost - c.balance
	return goapp.Li().Class("item-card").DataSet("item", it.ID).DataSet("stock", it.Stock).DataSet("can", boolAttr(block == "")).Body(
		goapp.Div().Class("item-head").Body(
			goapp.H3().Class("item-name").Text(name),
			goapp.Span().Class("item-cost").Text(coinsText(lang, it.Cost)),
		),
		goapp.If(itemDescription(it) != "", func() goapp.UI { return goapp.P().Class("item-desc").Text(itemDescription(it)) }),
		goapp.Div().Class("item-tags").Body(
			goapp.Span().Class("tag", "item-stock").Text(stockText(lang, it)),
			goapp.If(it.NeedsApproval, func() goapp.UI { return goapp.Span().Class("tag", "item-approval").Text(tr(lang, "rw.needs_approval")) }),
		),
		goapp.If(short > 0, func() goapp.UI {
			return goapp.Div().Class("item-progress").Body(
				progressBar("", trn(lang, "rw.more_coins", short, formatInt(lang, short)), itemProgress(c.balance, it.Cost), "bar", "bar-thin"),
				goapp.P().Class("small-print").Text(trn(lang, "rw.more_coins", short, formatInt(lang, short))),
			)
		}),
		goapp.Button().Class("btn", "btn-primary", "item-redeem").Type("button").
			Disabled(block != "").
			Aria("haspopup", "dialog").
			Aria("label", tr(lang, "rw.redeem_name", name)).
			OnClick(func(ctx goapp.Context, e goapp.Event) { c.confirm(ctx, it.ID) }).
			Text(tr(lang, "rw.redeem")),
		goapp.If(block != "" && (short <= 0 || c.me.Role != roleAgent), func() goapp.UI {
			return goapp.P().Class("small-print", "item-block").Text(block)
		}),
	)
}

// renderConfirm is the confirm dialog, always rendered (see kudosForm).
func (c *storePage) renderConfirm(lang string) goapp.UI {
	it, ok := c.item(c.pick)
	name := firstOf(it.Name, capitalize(humanizeID(it.ID)))
	after := c.balance - it.Cost
	return goapp.Dialog().ID("redeem-dialog").Class("floor-dialog").Aria("labelledby", "redeem-title").Body(
		goapp.Form().ID("redeem-form").Class("form").
			OnSubmit(func(ctx goapp.Context, e goapp.Event) { e.PreventDefault(); c.redeem(ctx) }).
			Body(
				goapp.H2().ID("redeem-title").Text(tr(lang, "rw.confirm_title", name)),
				goapp.If(ok, func() goapp.UI {
					return goapp.Div().Class("stack").Body(
						goapp.P().Text(tr(lang, "rw.confirm_cost", coinsText(lang, it.Cost), coinsText(lang, max(after, 0)))),
						goapp.If(it.NeedsApproval, func() goapp.UI { return goapp.P().Class("muted").Text(tr(lang, "rw.confirm_approval")) }),
					)
				}),
				goapp.If(c.rerr != "", func() goapp.UI { return goapp.P().ID("redeem-error").Class("error").Role("alert").Text(c.rerr) }),
				goapp.Div().Class("floor-dialog-actions").Body(
					goapp.Button().ID("redeem-cancel").Class("btn", "btn-ghost").Type("button").
						OnClick(func(goapp.Context, goapp.Event) { c.closeConfirm() }).
						Text(tr(lang, "floor.cancel")),
					goapp.Button().ID("redeem-submit").Class("btn", "btn-primary").Type("submit").Disabled(c.busy || !ok).
						Text(tr(lang, "rw.redeem")),
				),
			),
	)
}

func (c *storePage) renderRedemptions(lang string) goapp.UI {
	return goapp.Section().ID("my-redemptions").Class("card").Aria("labelledby", "myred-title").Body(
		goapp.H2().ID("myred-title").Text(tr(lang, "rw.my_redemptions")),
		goapp.If(len(c.redemptions) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "rw.no_redemptions"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Class("red-list").Body(goapp.Range(c.redemptions).Slice(func(i int) goapp.UI {
				r := c.redemptions[i]
				return goapp.Li().Class("red-row").DataSet("redemption", r.ID).DataSet("status", r.Status).Body(
					goapp.Span().Class("red-item").Text(firstOf(r.ItemName, capitalize(humanizeID(r.Item)))),
					goapp.Span().Class("num").Text(coinsText(lang, r.Cost)),
					goapp.Span().Class("status-pill", "status-"+r.Status).Text(redemptionStatusText(lang, r.Status)),
					goapp.Time().Class("small-print").DateTime(r.At.Format(time.RFC3339)).Text(formatDate(lang, r.At)),
					goapp.If(r.Note != "", func() goapp.UI { return goapp.P().Class("small-print", "red-note").Text(r.Note) }),
				)
			}))
		}),
	)
}

func (c *storePage) renderLedger(lang string) goapp.UI {
	names := c.itemNames()
	return goapp.Section().ID("ledger").Class("card").Aria("labelledby", "ledger-title").Body(
		goapp.H2().ID("ledger-title").Text(tr(lang, "rw.ledger")),
		goapp.If(len(c.ledger) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "rw.ledger_empty"))
		}).Else(func() goapp.UI {
			return goapp.Ol().Class("ledger-list").Body(goapp.Range(c.ledger).Slice(func(i int) goapp.UI {
				e := c.ledger[i]
				return ledgerRow(lang, c.words, e, names)
			}))
		}),
	)
}

// ledgerRow is one line of a ledger: what, when, the change and the
// balance after it.
func ledgerRow(lang string, g glossary, e shared.LedgerEntry, names map[string]string) goapp.UI {
	sign := "plus"
	if e.Delta < 0 {
		sign = "minus"
	}
	return goapp.Li().Class("ledger-row").DataSet("reason", e.Reason).DataSet("entry", e.ID).Body(
		goapp.Span().Class("ledger-what").Text(ledgerText(lang, g, e, names)),
		goapp.Time().Class("small-print").DateTime(e.At.Format(time.RFC3339)).Text(formatDateTime(lang, e.At)),
		goapp.Span().Class("num", "ledger-delta", sign).Text(signedPoints(lang, e.Delta)),
		goapp.Span().Class("num", "muted", "ledger-after").Text(formatInt(lang, e.Balance)),
	)
}
