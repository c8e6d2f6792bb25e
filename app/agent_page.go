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
type agentPage struct {
	goapp.Compo

	lang     string
	mounted  bool
	me       identity
	st       agentState
	now      time.Time
	stop     func()
	stopTeam func()
	team     string // the team whose topic stopTeam follows
}

func newAgentPage() goapp.Composer { return &agentPage{} }

// OnNav reads the id from the path; on the client it (re)starts the live
// client when the id changed.
func (c *agentPage) OnNav(ctx goapp.Context) {
	id := agentIDFromPath(ctx.Page().URL().Path)
	if c.mounted && id != "" && shared.AgentTopic(id) != c.st.Topic {
		c.subscribe(ctx, id)
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
	// The live socket and the identity check start together: the socket
	// answers 401 without a session too, but /me says where to go.
	if id := agentIDFromPath(ctx.Page().URL().Path); id != "" {
		c.subscribe(ctx, id)
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
	c.stopAll()
}

func (c *agentPage) stopAll() {
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
	if c.stopTeam != nil {
		c.stopTeam()
		c.stopTeam, c.team = nil, ""
	}
}

// subscribe resets the view for agent id and starts its live client: the
// agent's topic and the day's agents board (for the rank's neighbours).
func (c *agentPage) subscribe(ctx goapp.Context, id string) {
	c.stopAll()
	c.st = agentState{Topic: shared.AgentTopic(id), Conn: connConnecting}
	topic := c.st.Topic
	c.stop = startLive(ctx, []string{topic, agentBoardTopic}, func(ctx goapp.Context, u liveUpdate) {
		if c.st.Topic == topic {
			c.applyLive(ctx, u)
		}
	})
}

// followTeam starts (or moves) a second live client on the agent's team,
// whose id is known only once the agent's snapshot has arrived.
func (c *agentPage) followTeam(ctx goapp.Context, team string) {
	if team == c.team {
		return
	}
	if c.stopTeam != nil {
		c.stopTeam()
	}
	c.team, c.st.Team, c.st.TeamHave = team, shared.TeamView{}, false
	if team == "" {
		c.stopTeam = nil
		return
	}
	topic := c.st.Topic
	c.stopTeam = startLive(ctx, []string{shared.TeamTopic(team)}, func(ctx goapp.Context, u liveUpdate) {
		if c.st.Topic != topic {
			return
		}
		for _, m := range u.Msgs {
			c.st.apply(m)
		}
	})
}

func (c *agentPage) applyLive(ctx goapp.Context, u liveUpdate) {
	if u.State != "" {
		c.st.Conn = u.State
	}
	if u.Err != "" {
		c.st.Err = u.Err
	}
	for _, m := range u.Msgs {
		hadView := c.st.Have
		toastID, celID := c.st.apply(m)
		if toastID != 0 {
			ctx.After(toastTTL, func(goapp.Context) { c.st.dropToast(toastID) })
		}
		if celID != 0 {
			ctx.After(celebrationTTL, func(goapp.Context) { c.st.endCelebration(celID) })
		}
		if !hadView && c.st.Have && c.st.View.Name != "" {
			ctx.Page().SetTitle("%s · Scorecast", c.st.View.Name)
		}
	}
	if c.st.Stale {
		// Start over from a snapshot; the history of this session goes
		// with it, which is rare enough (a message lost on the way).
		c.subscribe(ctx, strings.TrimPrefix(c.st.Topic, "agent/"))
		return
	}
	if c.st.Have {
		c.followTeam(ctx, c.st.View.Team)
	}
}

func (c *agentPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

func (c *agentPage) Render() goapp.UI {
	lang := c.lang
	st := &c.st
	return goapp.Div().Class("page", "agent-page").Body(
		topBar(lang, navBar(lang, c.me, agentHref(strings.TrimPrefix(st.Topic, "agent/"))), langSelect(lang, c.pickLang), connPill(lang, st.Conn)),
		newPWAStatus(lang),
		goapp.Main().
			ID("agent-view").
			Class("agent-view").
			DataSet("mounted", boolAttr(c.mounted && st.Have)).
			Aria("busy", boolAttr(!st.Have)).
			Body(
				goapp.If(st.Err != "", func() goapp.UI {
					return goapp.P().Class("error").Role("alert").Text(tr(lang, "error.live", st.Err))
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
		goapp.If(st.Celebrate != nil, func() goapp.UI { return c.renderCelebration(lang, st.Celebrate) }),
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
		OnClick(func(ctx goapp.Context, e goapp.Event) { c.st.endCelebration(0) }).
		Body(
			goapp.Div().Class("celebration-card").Body(
				goapp.Div().Class("celebration-burst").Aria("hidden", "true"),
				goapp.P().Class("celebration-title").Text(title),
				goapp.P().Class("celebration-sub").Text(tr(lang, "agent.level_up_sub")),
				goapp.Button().
					ID("celebration-close").
					Class("btn").
					Type("button").
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.st.endCelebration(0) }).
					Text(tr(lang, "agent.dismiss")),
			),
		)
}
