package app

import (
	"net/url"
	"slices"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// The agent view's share of recognition: the kudos card (the latest
// received, live), the "give kudos" button and dialog, the spotlights in
// the header, and the kudos notice.

// agentKudosShown is how many received kudos the card lists.
const agentKudosShown = 3

// readRecognition reads the kudos the agent received and their
// spotlights once per visit; live kudos join them on the topic.
func (c *agentPage) readRecognition(ctx goapp.Context, id string) {
	ctx.Async(func() {
		var kl shared.KudosList
		kerr := getJSON(ctx, kudosAPI+"?to="+url.QueryEscape(id)+"&limit="+strconv.Itoa(agentKudosShown), &kl)
		var sa shared.SpotlightsAnswer
		serr := getJSON(ctx, spotlightsAPI+"?agent="+url.QueryEscape(id), &sa)
		var w shared.Wallet
		werr := getJSON(ctx, "/api/v1/agents/"+url.PathEscape(id)+"/wallet?limit=1", &w)
		ctx.Dispatch(func(goapp.Context) {
			if c.id != id {
				return
			}
			if werr == nil {
				c.coins, c.haveCoins = w.Balance, true
			}
			if kerr == nil {
				c.kudosIn = kl.Kudos
			}
			if serr == nil {
				c.spots = sa.Spotlights
			}
		})
	})
}

// receivedKudos are the live kudos then the ones read, by id once, newest
// first.
func receivedKudos(live, read []shared.Kudos, n int) []shared.Kudos {
	out := make([]shared.Kudos, 0, n)
	for _, k := range append(append([]shared.Kudos(nil), live...), read...) {
		if len(out) == n {
			break
		}
		if !slices.ContainsFunc(out, func(o shared.Kudos) bool { return o.ID == k.ID }) {
			out = append(out, k)
		}
	}
	return out
}

// mayGiveKudos: agents and supervisors give kudos (admins run the
// programme, they do not play in it).
func mayGiveKudos(me identity) bool { return me.Role == roleAgent || me.Role == roleSupervisor }

// openKudos opens the dialog, to the agent shown when that is someone
// else, or to a colleague of the rank card.
func (c *agentPage) openKudos(ctx goapp.Context, to string) {
	var known []kudosPerson
	if c.st.Have && c.st.View.ID != c.me.User {
		v := c.st.View
		known = append(known, kudosPerson{ID: v.ID, Name: v.Name, Photo: v.Photo, Team: v.Team, Color: v.Color})
	}
	for _, e := range c.board.Board.Entries {
		if e.Agent != "" && !e.Anonymous {
			known = append(known, kudosPerson{ID: e.Agent, Name: e.Name, Photo: e.Photo, Team: e.Team, Color: e.Color})
		}
	}
	c.kudos.open(ctx, c.me, to, known...)
}

// kudosButton opens the dialog; to is "" for a pick in the dialog.
func (c *agentPage) kudosButton(lang, id, to, label string, classes ...string) goapp.UI {
	return goapp.Button().ID(id).Class(classes...).Type("button").Aria("haspopup", "dialog").
		OnClick(func(ctx goapp.Context, e goapp.Event) { c.openKudos(ctx, to) }).
		Text(label)
}

// renderKudosCard is the latest kudos received: the giver's face, the
// value, the message (or that it was hidden).
func (c *agentPage) renderKudosCard(lang string, v *shared.AgentView) goapp.UI {
	ks := receivedKudos(c.st.Received, c.kudosIn, agentKudosShown)
	give := mayGiveKudos(c.me)
	to := ""
	if v.ID != c.me.User {
		to = v.ID
	}
	return goapp.Section().ID("kudos-card").Class("card", "kudos-card").DataSet("count", len(ks)).Body(
		goapp.Div().Class("card-head").Body(
			goapp.H2().Text(tr(lang, "rw.kudos_title")),
			goapp.If(give, func() goapp.UI {
				return c.kudosButton(lang, "kudos-open", to, tr(lang, "rw.kudos_give"), "btn", "btn-primary")
			}),
		),
		goapp.If(c.kudos.Sent != "", func() goapp.UI {
			return goapp.P().ID("kudos-sent").Class("ok").Role("status").Text(c.kudos.Sent)
		}),
		goapp.If(len(ks) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "rw.kudos_none"))
		}).Else(func() goapp.UI {
			return goapp.Ul().ID("kudos-list").Class("kudos-list").Body(goapp.Range(ks).Slice(func(i int) goapp.UI {
				return kudosItem(lang, c.words, ks[i], time.Now())
			}))
		}),
	)
}

// kudosItem is one kudos as a list item: face, "Ann → Bo", the value,
// the message or that it was hidden, when.
func kudosItem(lang string, g glossary, k shared.Kudos, now time.Time) goapp.UI {
	return goapp.Li().Class("kudos-item").DataSet("kudos", k.ID).DataSet("hidden", boolAttr(k.Hidden)).Body(kudosBody(lang, g, k, now)...)
}

// kudosBody is a kudos' face and words, for a list item of its own or a
// row with actions.
func kudosBody(lang string, g glossary, k shared.Kudos, now time.Time) []goapp.UI {
	from := firstOf(k.FromName, tr(lang, "people.unnamed_agent"))
	return []goapp.UI{
		face(from, "", teamColor(k.From, ""), faceM),
		goapp.Div().Class("kudos-body").Body(
			goapp.P().Class("kudos-who").Body(
				goapp.Span().Class("kudos-from").Text(tr(lang, "rw.kudos_from_to", from, firstOf(k.ToName, tr(lang, "people.unnamed_agent")))),
				goapp.Span().Class("tag", "kudos-value").Text(kudosValueName(g, lang, k.Value)),
			),
			goapp.If(k.Hidden, func() goapp.UI {
				return goapp.P().Class("kudos-msg", "muted").Text(tr(lang, "rw.kudos_hidden"))
			}).ElseIf(k.Message != "", func() goapp.UI {
				return goapp.P().Class("kudos-msg").Text(k.Message)
			}),
			goapp.Time().Class("small-print").DateTime(k.At.Format(time.RFC3339)).Text(kudosWhen(lang, k.At, now)),
		),
	}
}

// kudosWhen is the time of day for today's kudos, else the date.
func kudosWhen(lang string, at, now time.Time) string {
	if at.Local().Format(time.DateOnly) == now.Local().Format(time.DateOnly) {
		return formatClock(lang, at)[:5]
	}
	return formatDate(lang, at)
}

// renderSpotlights are the agent's spotlights under their name: "Agent of
// the month, November 2026".
func (c *agentPage) renderSpotlights(lang string) goapp.UI {
	if len(c.spots) == 0 {
		return nil
	}
	return goapp.Ul().ID("agent-spotlights").Class("spot-list").Aria("label", tr(lang, "rw.spot_title")).Body(
		goapp.Range(c.spots).Slice(func(i int) goapp.UI {
			s := c.spots[i]
			return goapp.Li().Class("spot-tag").DataSet("spotlight", s.ID).Title(s.Message).
				Text("★ " + tr(lang, "rw.spot_line", s.Title, spotlightPeriodText(lang, s.Period)))
		}),
	)
}

// renderKudosToast is the notice of kudos received.
func (c *agentPage) renderKudosToast(lang string, t toast) goapp.UI {
	k := t.Kudos
	id := t.ID
	return goapp.Div().Class("toast", "toast-kudos").DataSet("toast", t.ID).DataSet("kudos", k.ID).Body(
		goapp.Span().Class("toast-points").Aria("hidden", "true").Text("♥"),
		goapp.Span().Class("toast-text").Body(
			goapp.Span().Class("toast-rule").Text(tr(lang, "rw.kudos_toast", firstOf(k.FromName, tr(lang, "people.unnamed_agent")), kudosValueName(c.words, lang, k.Value))),
			goapp.If(k.Message != "", func() goapp.UI { return goapp.Span().Class("toast-category").Text(k.Message) }),
		),
		goapp.Button().
			Class("toast-close").
			Type("button").
			Aria("label", tr(lang, "agentview.toast_close")).
			Title(tr(lang, "agentview.toast_close")).
			OnClick(func(goapp.Context, goapp.Event) { c.closeToast(id) }).
			Text("×"),
	)
}

// balance is the agent's coins: the live wallet message's when one came,
// else the one read.
func (c *agentPage) balance() (int64, bool) {
	if w := c.st.Wallet; w != nil {
		return w.Balance, true
	}
	return c.coins, c.haveCoins
}

// renderCoins is the agent's coins in the header, a link to the store on
// their own view.
func (c *agentPage) renderCoins(lang string, v *shared.AgentView) goapp.UI {
	n, ok := c.balance()
	if !ok {
		return nil
	}
	body := []goapp.UI{
		goapp.Span().Class("coin").Aria("hidden", "true"),
		goapp.Span().Class("coins-num").Body(&countUp{Value: n, Lang: lang, shown: n}),
		goapp.Span().Class("coins-word").Text(tr(lang, "rw.wallet_label")),
	}
	if v.ID == c.me.User && c.me.Role == roleAgent {
		return goapp.A().ID("agent-coins").Class("coins-chip").Href(storePath).DataSet("balance", n).
			Title(tr(lang, "rw.store_title")).Body(body...)
	}
	return goapp.Span().ID("agent-coins").Class("coins-chip").DataSet("balance", n).Body(body...)
}
