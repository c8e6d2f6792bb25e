package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// clockTick refreshes "time left" texts while a view is open.
const clockTick = 30 * time.Second

// rankCollapsedKey remembers, per browser, that the agent folded the rank
// card away: some people work better without the race in view.
const rankCollapsedKey = "scorecast.agent.rank_collapsed"

// agentPage is the view of /agent/<id>: personal progress first, rank second.
// It observes the states of the agent's topic, the agent's team and the
// day's agents board (for the rank's neighbours), and reads the agent's
// trend (the daily goal, the streak's week) and history once per visit.
type agentPage struct {
	goapp.Compo

	lang    string
	mounted bool
	me      identity
	id      string // the agent shown
	team    string // the agent's team, once the agent's view names it
	st      agentState
	board   boardState
	teamSt  teamState
	status  liveStatus
	words   glossary
	moves   rankMoves
	// dismissed is the celebration closed by a click or Escape; closed
	// are the notices closed so (a closed notice stays closed even if a
	// burst still grows it: the history lists every award).
	dismissed int
	closed    map[int]bool
	now       time.Time
	live      *liveFollower

	// public is the org's public_boards: only then does the view name the
	// person to pass. An answer other than 200 leaves it false.
	public bool
	// trend is the agent's last goalTrendDays days, for the goal and the
	// streak's week; trendDay is the day it was read for.
	trend    shared.Trend
	trendDay string
	// rotaToday is the agent's rota kind on trendDay ("": a working day).
	rotaToday string
	// past is the server's history of the agent's point awards.
	past    []shared.HistoryEntry
	pastErr string
	// catPeriod is the period the category chart shows.
	catPeriod     string
	rankCollapsed bool
	onKey         goapp.Func

	// kudos is the "give kudos" dialog; kudosIn the kudos received as read
	// once per visit (live ones are in st.Received); spots the agent's
	// spotlights.
	kudos   kudosForm
	kudosIn []shared.Kudos
	spots   []shared.Spotlight
	// coins is the agent's balance as read once (haveCoins: it was);
	// live wallet messages come in st.Wallet.
	coins     int64
	haveCoins bool
	adjust    adjustForm
}

func newAgentPage() goapp.Composer { return &agentPage{} }

// OnNav reads the id from the path; on the client it follows the new
// agent when the id changed.
func (c *agentPage) OnNav(ctx goapp.Context) {
	id := agentIDFromPath(ctx.Page().URL().Path)
	if c.mounted && id != "" && id != c.id {
		c.show(ctx, id)
		return
	}
	if c.st.Topic == "" && id != "" {
		c.st.Topic = shared.AgentTopic(id)
	}
}

func (c *agentPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.now = time.Now()
	c.lang = loadLang(ctx)
	c.catPeriod = shared.PeriodDay
	ctx.Page().SetLang(c.lang)
	c.live = newLiveFollower()
	c.status = liveStatus{Conn: connConnecting}
	ctx.ObserveState(liveStatusKey, &c.status)
	observeGlossary(ctx, &c.words)
	var folded bool
	if err := ctx.LocalStorage().Get(rankCollapsedKey, &folded); err == nil {
		c.rankCollapsed = folded
	}
	// The live socket and the identity check start together: the socket
	// answers 401 without a session too, but /me says where to go.
	if id := agentIDFromPath(ctx.Page().URL().Path); id != "" {
		c.show(ctx, id)
	}
	whoAmI(ctx, func(ctx goapp.Context, me identity) { c.me = me })
	c.readOrg(ctx)
	c.listenKeys(ctx)
	c.tick(ctx)
}

// listenKeys closes the notices and the celebration on Escape, wherever
// the focus is (a keydown on the page's own element would miss a focus on
// the body).
func (c *agentPage) listenKeys(ctx goapp.Context) {
	if !goapp.IsClient {
		return
	}
	c.onKey = goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
		if len(args) > 0 && args[0].Get("key").String() == "Escape" {
			ctx.Dispatch(func(goapp.Context) { c.closeAll() })
		}
		return nil
	})
	goapp.Window().Call("addEventListener", "keydown", c.onKey)
}

// closeAll closes the notices on screen and the celebration.
func (c *agentPage) closeAll() {
	for _, t := range c.st.Toasts {
		c.closeToast(t.ID)
	}
	if c.st.Celebrate != nil {
		c.dismissed = c.st.Celebrate.ID
	}
}

func (c *agentPage) closeToast(id int) {
	if c.closed == nil {
		c.closed = map[int]bool{}
	}
	c.closed[id] = true
}

// tick keeps c.now current for deadlines, every clockTick while mounted.
func (c *agentPage) tick(ctx goapp.Context) {
	ctx.After(clockTick, func(ctx goapp.Context) {
		if c.mounted {
			c.now = time.Now()
			c.tick(ctx)
		}
	})
}

func (c *agentPage) OnDismount() {
	c.mounted = false
	c.live.stop()
	if c.onKey != nil {
		goapp.Window().Call("removeEventListener", "keydown", c.onKey)
		c.onKey.Release()
		c.onKey = nil
	}
}

// show observes agent id's topic and the board, and follows them; the team
// follows once the agent's view names it.
func (c *agentPage) show(ctx goapp.Context, id string) {
	topic := shared.AgentTopic(id)
	c.id, c.team = id, ""
	c.st, c.teamSt, c.dismissed, c.closed = agentState{Topic: topic}, teamState{}, 0, nil
	c.trend, c.trendDay, c.past, c.pastErr = shared.Trend{}, "", nil, ""
	c.kudosIn, c.spots, c.coins, c.haveCoins = nil, nil, 0, false
	ctx.ObserveState(liveKey(topic), &c.st).
		While(func() bool { return c.id == id }).
		OnChange(func() { c.onAgent(ctx) })
	ctx.ObserveState(liveKey(agentBoardTopic), &c.board).
		OnChange(func() { c.moves.observe(c.board.Board, time.Now()) })
	c.follow(ctx)
	c.readHistory(ctx, id)
	c.readRecognition(ctx, id)
	c.onAgent(ctx)
}

// onAgent follows the agent's team once its view names it (or names
// another), titles the page with the agent's name, and reads the trend
// again when the day turned.
func (c *agentPage) onAgent(ctx goapp.Context) {
	if !c.st.Have {
		return
	}
	if c.st.View.Name != "" {
		ctx.Page().SetTitle("%s · Scorecast", c.st.View.Name)
	}
	if day := c.st.View.Points[shared.PeriodDay].Key; day != "" && day != c.trendDay {
		c.trendDay, c.rotaToday = day, ""
		c.readTrend(ctx, c.id, day)
		c.readRotaToday(ctx, c.id, day)
	}
	if team := c.st.View.Team; team != c.team {
		c.team, c.teamSt = team, teamState{}
		if team != "" {
			ctx.ObserveState(liveKey(shared.TeamTopic(team)), &c.teamSt).
				While(func() bool { return c.team == team })
		}
		c.follow(ctx)
	}
}

// readTrend reads the agent's last days for the goal and the streak's
// week. Without it the goal is the floor, which the small print says.
func (c *agentPage) readTrend(ctx goapp.Context, id, day string) {
	ctx.Async(func() {
		var t shared.Trend
		err := getJSON(ctx, "/api/v1/agents/"+url.PathEscape(id)+"/trend?days="+strconv.Itoa(goalTrendDays), &t)
		ctx.Dispatch(func(goapp.Context) {
			if err != nil || c.id != id || c.trendDay != day {
				return
			}
			c.trend = t
		})
	})
}

// readHistory reads the agent's latest point awards from the server, so
// the list is there after a reload, not only what this tab saw.
func (c *agentPage) readHistory(ctx goapp.Context, id string) {
	ctx.Async(func() {
		var h shared.AgentHistory
		err := getJSON(ctx, fmt.Sprintf("/api/v1/agents/%s/history?limit=%d", url.PathEscape(id), shared.DefaultHistoryLimit), &h)
		ctx.Dispatch(func(goapp.Context) {
			if c.id != id {
				return
			}
			if err != nil {
				c.pastErr = err.Error()
				return
			}
			c.past, c.pastErr = h.Entries, ""
		})
	})
}

// readOrg learns whether boards are public to agents. A refusal or an
// older server without the field means they are not.
func (c *agentPage) readOrg(ctx goapp.Context) {
	ctx.Async(func() {
		var o shared.Org
		err := getJSON(ctx, "/api/v1/org", &o)
		ctx.Dispatch(func(goapp.Context) { c.public = err == nil && o.PublicBoards })
	})
}

// follow says which topics the page follows: the agent's, the board's and,
// once known, the team's.
func (c *agentPage) follow(ctx goapp.Context) {
	topics := []string{c.st.Topic, agentBoardTopic}
	if c.team != "" {
		topics = append(topics, shared.TeamTopic(c.team))
	}
	c.live.follow(ctx, topics...)
}

// liveErr is the first error to show. The board's is not one: when boards
// are not public an agent may not follow it, and the view goes on without
// the neighbours.
func (c *agentPage) liveErr() string { return firstOf(c.st.Err, c.status.Err) }

func (c *agentPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

// toggleRank folds the rank card away or opens it, and remembers that.
func (c *agentPage) toggleRank(ctx goapp.Context, _ goapp.Event) {
	c.rankCollapsed = !c.rankCollapsed
	if err := ctx.LocalStorage().Set(rankCollapsedKey, c.rankCollapsed); err != nil {
		goapp.Log("agent: remember the rank card:", err)
	}
}

// visibleToasts are the notices to show: the newest maxToasts not closed.
func (c *agentPage) visibleToasts() []toast {
	var out []toast
	for _, t := range c.st.Toasts {
		if !c.closed[t.ID] {
			out = append(out, t)
		}
	}
	if len(out) > maxToasts {
		out = out[len(out)-maxToasts:]
	}
	return out
}

func (c *agentPage) Render() goapp.UI {
	lang := c.lang
	st := &c.st
	toasts := c.visibleToasts()
	return goapp.Div().Class("page", "agent-page").Body(
		topBar(lang, navBar(lang, c.me, agentHref(strings.TrimPrefix(st.Topic, "agent/"))), langSelect(lang, c.pickLang), connPill(lang, c.status.Conn)),
		newPWAStatus(lang),
		// The content scrolls inside main (the notices keep a place below
		// or beside it), so main takes the focus: the keyboard scrolls it.
		goapp.Main().
			ID("agent-view").
			Class("agent-view").
			TabIndex(0).
			Aria("label", tr(lang, "agentview.content")).
			DataSet("mounted", boolAttr(c.mounted && st.Have)).
			Aria("busy", boolAttr(!st.Have)).
			Body(
				goapp.If(c.liveErr() != "", func() goapp.UI {
					return goapp.P().Class("error").Role("alert").Text(tr(lang, "error.live", c.liveErr()))
				}),
				goapp.If(st.Have, func() goapp.UI {
					return c.renderView(lang, &st.View)
				}).Else(func() goapp.UI {
					return goapp.P().Class("loading").Text(tr(lang, "agent.loading"))
				}),
			),
		// The notices have a place of their own beside or below the
		// content, never over a card (agent.css).
		goapp.Section().
			ID("toasts").
			Class("toasts").
			DataSet("count", len(toasts)).
			Aria("live", "polite").
			Aria("label", tr(lang, "agent.notifs")).
			Body(goapp.Range(toasts).Slice(func(i int) goapp.UI {
				return c.renderToast(lang, toasts[i])
			})),
		goapp.If(st.Celebrate != nil && st.Celebrate.ID != c.dismissed, func() goapp.UI { return c.renderCelebration(lang, st.Celebrate) }),
		c.kudos.render(lang, c.words, func(ctx goapp.Context) { c.kudos.send(ctx, lang, nil) }),
		goapp.If(c.me.Role == roleAdmin, func() goapp.UI {
			return c.adjust.render(lang, func(ctx goapp.Context) { c.adjust.send(ctx, lang, c.id) })
		}),
	)
}

// agentToastText is a notice's words after its points: the rule and category
// of one award, the first rule and how many more for one event's awards,
// or how many actions a burst merged.
func agentToastText(g glossary, lang string, t toast) (what, detail string) {
	switch {
	case t.Actions > 1:
		return trn(lang, "agentview.toast_actions", int64(t.Actions)), ""
	case t.Awards > 1:
		return trn(lang, "agentview.toast_more", int64(t.Awards-1), agentRuleName(g, lang, t.Rule)), ""
	}
	return agentRuleName(g, lang, t.Rule), g.name(lang, nameCategory, t.Category, "")
}

func (c *agentPage) renderToast(lang string, t toast) goapp.UI {
	if t.Kudos != nil {
		return c.renderKudosToast(lang, t)
	}
	what, detail := agentToastText(c.words, lang, t)
	id := t.ID
	return goapp.Div().Class("toast").DataSet("toast", t.ID).DataSet("actions", t.Actions).Body(
		goapp.Span().Class("toast-points").Text(signedPoints(lang, t.Points)),
		goapp.Span().Class("toast-text").Body(
			goapp.Span().Class("toast-rule").Text(what),
			goapp.If(detail != "", func() goapp.UI { return goapp.Span().Class("toast-category").Text(detail) }),
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

func (c *agentPage) renderCelebration(lang string, cel *celebration) goapp.UI {
	title := tr(lang, "agent.level_up", cel.Level, c.words.name(lang, nameLevel, strconv.Itoa(cel.Level), cel.Name))
	if cel.Kind == shared.KindBadge {
		name := c.words.name(lang, nameBadge, cel.Badge, cel.Name)
		if cel.Tier > 0 {
			if tier := c.words.name(lang, nameTier, cel.Badge+"/"+strconv.Itoa(cel.Tier), cel.TierName); tier != "" && tier != name {
				name += " · " + tier
			}
		}
		title = tr(lang, "agent.badge_won", name)
	}
	if cel.Kind == shared.KindLeague {
		title = tr(lang, "league.result_promoted", firstOf(cel.Labels[lang], cel.Labels[defaultLang], cel.Name))
	}
	return goapp.Div().
		ID("celebration").
		Class("celebration").
		DataSet("kind", cel.Kind).
		Role("alert").
		OnClick(func(ctx goapp.Context, e goapp.Event) { c.dismissed = cel.ID }).
		Body(
			goapp.Div().Class("celebration-card").Body(
				goapp.Div().Class("celebration-burst").Aria("hidden", "true"),
				goapp.P().Class("celebration-title").Text(title),
				goapp.P().Class("celebration-sub").Text(tr(lang, "agent.level_up_sub")),
				goapp.Button().
					ID("celebration-close").
					Class("btn").
					Type("button").
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.dismissed = cel.ID }).
					Text(tr(lang, "agent.dismiss")),
			),
		)
}
