package app

import (
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// clockTick refreshes "time left" texts while a view is open.
const clockTick = 30 * time.Second

// agentPage is the view of /agent/<id>: personal progress first, rank second.
// It observes the states of the agent's topic, the agent's team and the
// day's agents board (for the rank's neighbours).
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
	// dismissed is the celebration closed by a click.
	dismissed int
	now       time.Time
	live      *liveFollower
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
	ctx.Page().SetLang(c.lang)
	c.live = newLiveFollower()
	c.status = liveStatus{Conn: connConnecting}
	ctx.ObserveState(liveStatusKey, &c.status)
	// The live socket and the identity check start together: the socket
	// answers 401 without a session too, but /me says where to go.
	if id := agentIDFromPath(ctx.Page().URL().Path); id != "" {
		c.show(ctx, id)
	}
	whoAmI(ctx, func(ctx goapp.Context, me identity) { c.me = me })
	c.tick(ctx)
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
}

// show observes agent id's topic and the board, and follows them; the team
// follows once the agent's view names it.
func (c *agentPage) show(ctx goapp.Context, id string) {
	topic := shared.AgentTopic(id)
	c.id, c.team = id, ""
	c.st, c.teamSt, c.dismissed = agentState{Topic: topic}, teamState{}, 0
	ctx.ObserveState(liveKey(topic), &c.st).
		While(func() bool { return c.id == id }).
		OnChange(func() { c.onAgent(ctx) })
	ctx.ObserveState(liveKey(agentBoardTopic), &c.board)
	c.follow(ctx)
	c.onAgent(ctx)
}

// onAgent follows the agent's team once its view names it (or names
// another), and titles the page with the agent's name.
func (c *agentPage) onAgent(ctx goapp.Context) {
	if !c.st.Have {
		return
	}
	if c.st.View.Name != "" {
		ctx.Page().SetTitle("%s · Scorecast", c.st.View.Name)
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

// follow says which topics the page follows: the agent's, the board's and,
// once known, the team's.
func (c *agentPage) follow(ctx goapp.Context) {
	topics := []string{c.st.Topic, agentBoardTopic}
	if c.team != "" {
		topics = append(topics, shared.TeamTopic(c.team))
	}
	c.live.follow(ctx, topics...)
}

// liveErr is the first error to show.
func (c *agentPage) liveErr() string { return firstOf(c.st.Err, c.board.Err, c.status.Err) }

func (c *agentPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

func (c *agentPage) Render() goapp.UI {
	lang := c.lang
	st := &c.st
	return goapp.Div().Class("page", "agent-page").Body(
		topBar(lang, navBar(lang, c.me, agentHref(strings.TrimPrefix(st.Topic, "agent/"))), langSelect(lang, c.pickLang), connPill(lang, c.status.Conn)),
		newPWAStatus(lang),
		goapp.Main().
			ID("agent-view").
			Class("agent-view").
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
		goapp.Section().
			ID("toasts").
			Class("toasts").
			Aria("live", "polite").
			Aria("label", tr(lang, "agent.notifs")).
			Body(goapp.Range(st.Toasts).Slice(func(i int) goapp.UI {
				t := st.Toasts[i]
				return goapp.Div().Class("toast").DataSet("toast", t.ID).Body(
					goapp.Span().Class("toast-points").Text(signedPoints(lang, t.Points)),
					goapp.Text(" "),
					goapp.Span().Class("toast-category").Text(humanizeID(t.Category)),
					goapp.Text(" — "),
					goapp.Span().Class("toast-rule").Text(humanizeID(t.Rule)),
				)
			})),
		goapp.If(st.Celebrate != nil && st.Celebrate.ID != c.dismissed, func() goapp.UI { return c.renderCelebration(lang, st.Celebrate) }),
	)
}

func (c *agentPage) renderCelebration(lang string, cel *celebration) goapp.UI {
	title := tr(lang, "agent.level_up", cel.Level, cel.Name)
	if cel.Kind == shared.KindBadge {
		name := cel.Name
		if cel.Tier != "" && cel.Tier != cel.Name {
			name += " · " + cel.Tier
		}
		title = tr(lang, "agent.badge_won", name)
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
