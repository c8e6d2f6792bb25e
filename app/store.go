package app

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// storePage is /store: the agent's coins (counting up as they change),
// the catalogue, their redemptions with statuses that change live, and the
// ledger. It follows the agent's own topic for "wallet" and "redemption"
// messages.
type storePage struct {
	goapp.Compo

	lang    string
	mounted bool
	me      identity
	status  liveStatus
	words   glossary
	live    *liveFollower
	st      agentState

	loaded  bool
	err     string
	items   []shared.StoreItem
	balance int64
	// walletAt is the At of the last wallet message folded in; ledger the
	// newest entries, newest first.
	walletAt    uint64
	ledger      []shared.LedgerEntry
	redemptions []shared.Redemption

	// pick is the item of the confirm dialog; key its Idempotency-Key,
	// made when the dialog opens, so a double click buys once.
	pick string
	key  string
	busy bool
	rerr string
	done string
}

func newStorePage() goapp.Composer { return &storePage{} }

func (c *storePage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	ctx.Page().SetTitle("%s · Scorecast", tr(c.lang, "rw.store_title"))
	c.live = newLiveFollower()
	c.status = liveStatus{Conn: connConnecting}
	ctx.ObserveState(liveStatusKey, &c.status)
	observeGlossary(ctx, &c.words)
	whoAmI(ctx, func(ctx goapp.Context, me identity) {
		c.me = me
		topic := shared.AgentTopic(me.User)
		c.st = agentState{Topic: topic}
		ctx.ObserveState(liveKey(topic), &c.st).OnChange(func() { c.onLive() })
		c.live.follow(ctx, topic)
		c.load(ctx)
	})
}

func (c *storePage) OnDismount() {
	c.mounted = false
	c.live.stop()
}

// load reads the store, the wallet and the caller's redemptions.
func (c *storePage) load(ctx goapp.Context) {
	lang := c.lang
	ctx.Async(func() {
		var s shared.StoreAnswer
		serr := getJSON(ctx, storeAPI+"?lang="+url.QueryEscape(lang), &s)
		var w shared.Wallet
		werr := getJSON(ctx, walletAPI+"?limit=50", &w)
		var r shared.RedemptionsAnswer
		rerr := getJSON(ctx, redemptionsAPI+"?agent="+url.QueryEscape(c.me.User), &r)
		ctx.Dispatch(func(goapp.Context) {
			if err := firstErr(serr, werr, rerr); err != nil {
				c.err = err.Error()
			}
			if serr == nil {
				c.items = s.Items
				c.balance = s.Balance
			}
			if werr == nil {
				c.ledger, c.balance = w.Ledger, w.Balance
			}
			if rerr == nil {
				c.redemptions = r.Redemptions
			}
			c.loaded = true
			c.onLive()
		})
	})
}

// onLive folds the live wallet and redemption messages into what was read.
func (c *storePage) onLive() {
	if w := c.st.Wallet; w != nil && w.At > c.walletAt {
		c.walletAt = w.At
		c.balance = w.Balance
		if w.Entry.ID != "" && !slices.ContainsFunc(c.ledger, func(e shared.LedgerEntry) bool { return e.ID == w.Entry.ID }) {
			c.ledger = append([]shared.LedgerEntry{w.Entry}, c.ledger...)
		}
	}
	for _, r := range c.st.Redemptions {
		c.redemptions = upsertRedemption(c.redemptions, r)
	}
}

// upsertRedemption puts r in place of the one with its id, or first.
func upsertRedemption(rs []shared.Redemption, r shared.Redemption) []shared.Redemption {
	if i := slices.IndexFunc(rs, func(x shared.Redemption) bool { return x.ID == r.ID }); i >= 0 {
		out := slices.Clone(rs)
		out[i] = r
		return out
	}
	return append([]shared.Redemption{r}, rs...)
}

// item is the catalogue's item id.
func (c *storePage) item(id string) (shared.StoreItem, bool) {
	i := slices.IndexFunc(c.items, func(it shared.StoreItem) bool { return it.ID == id })
	if i < 0 {
		return shared.StoreItem{}, false
	}
	return c.items[i], true
}

// itemNames names the catalogue's items by id, for the ledger.
func (c *storePage) itemNames() map[string]string {
	out := make(map[string]string, len(c.items))
	for _, it := range c.items {
		out[it.ID] = it.Name
	}
	return out
}

// confirm opens the confirm dialog for an item, with a fresh key.
func (c *storePage) confirm(ctx goapp.Context, id string) {
	c.pick, c.key, c.rerr, c.done = id, newIdemKey(), "", ""
	showDialog(ctx, "redeem-dialog")
}

func (c *storePage) closeConfirm() { closeDialog("redeem-dialog") }

// redeem buys the picked item; the answer carries the new balance.
func (c *storePage) redeem(ctx goapp.Context) {
	if c.busy || c.pick == "" {
		return
	}
	it, _ := c.item(c.pick)
	c.busy, c.rerr = true, ""
	key, lang := c.key, c.lang
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, apiTimeout)
		defer cancel()
		var r shared.Redemption
		err := apiCall{Method: http.MethodPost, Path: redemptionsAPI, JSON: shared.RedemptionRequest{Item: it.ID}, IdemKey: key}.fetch(rctx, &r)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			if err != nil {
				c.rerr = err.Error()
				return
			}
			c.balance = r.Balance
			if r.ItemName == "" {
				r.ItemName = it.Name
			}
			c.redemptions = upsertRedemption(c.redemptions, r)
			c.done = tr(lang, "rw.redeemed", firstOf(it.Name, humanizeID(it.ID)), redemptionStatusText(lang, r.Status))
			c.closeConfirm()
			c.reloadItems(ctx)
		})
	})
}

// reloadItems reads the catalogue again for the stock after a purchase.
func (c *storePage) reloadItems(ctx goapp.Context) {
	lang := c.lang
	ctx.Async(func() {
		var s shared.StoreAnswer
		err := getJSON(ctx, storeAPI+"?lang="+url.QueryEscape(lang), &s)
		ctx.Dispatch(func(goapp.Context) {
			if err == nil {
				c.items = s.Items
			}
		})
	})
}

func (c *storePage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
	if c.me.User != "" {
		c.reloadItems(ctx)
	}
}

// itemProgress is the share of an item's cost the balance covers, in
// percent.
func itemProgress(balance, cost int64) float64 {
	if cost <= 0 || balance >= cost {
		return 100
	}
	if balance <= 0 {
		return 0
	}
	return float64(balance) * 100 / float64(cost)
}

// itemDescription is the item's description, trimmed.
func itemDescription(it shared.StoreItem) string { return strings.TrimSpace(it.Description) }
