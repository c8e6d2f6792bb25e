package app

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

const (
	toastTTL       = 6 * time.Second
	celebrationTTL = 6 * time.Second
	maxToasts      = 4
)

// agentPathPrefix starts the agent view's path: /agent/<id>.
const agentPathPrefix = "/agent/"

// agentIDFromPath returns the URL-unescaped id of /agent/<id>, or "".
func agentIDFromPath(path string) string {
	raw, ok := strings.CutPrefix(path, agentPathPrefix)
	if !ok || raw == "" || strings.Contains(raw, "/") {
		return ""
	}
	id, err := url.PathUnescape(raw)
	if err != nil {
		return ""
	}
	return id
}

// agentHref is the path of an agent's view.
func agentHref(id string) string { return agentPathPrefix + url.PathEscape(id) }

// toast is one "points arrived" notice.
type toast struct {
	ID       int
	Points   int64
	Category string
	Rule     string
}

// celebration is the level-up overlay.
type celebration struct {
	ID    int
	Level int
	Name  string
}

// agentState is everything the agent view shows; apply folds live messages
// into it without I/O so that it can be tested directly.
type agentState struct {
	Topic     string
	View      shared.AgentView
	Have      bool   // a snapshot arrived
	SnapAt    uint64 // At of the last snapshot: live data at or below it is already in
	Conn      string
	Err       string
	Toasts    []toast
	Celebrate *celebration
	nextID    int
}

// apply folds one message into the state. It reports the id of a toast it
// added and of a celebration it started (0 = none), for their timers.
func (s *agentState) apply(m shared.Message) (toastID, celebrationID int) {
	if m.Topic != s.Topic {
		return 0, 0
	}
	switch m.Kind {
	case shared.KindSnapshot:
		var v shared.AgentView
		if err := json.Unmarshal(m.Data, &v); err != nil {
			s.Err = err.Error()
			return 0, 0
		}
		s.View, s.Have, s.SnapAt, s.Err = v, true, v.At, ""
	case shared.KindPoints:
		var d shared.PointsData
		if err := json.Unmarshal(m.Data, &d); err != nil || !s.Have || d.At <= s.SnapAt {
			return 0, 0
		}
		s.View = d.Agent
		s.nextID++
		s.Toasts = append(s.Toasts, toast{ID: s.nextID, Points: d.Points, Category: d.Category, Rule: d.Rule})
		if n := len(s.Toasts); n > maxToasts {
			s.Toasts = append([]toast(nil), s.Toasts[n-maxToasts:]...)
		}
		return s.nextID, 0
	case shared.KindLevel:
		var d shared.LevelData
		if err := json.Unmarshal(m.Data, &d); err != nil || !s.Have || d.At <= s.SnapAt {
			return 0, 0
		}
		s.View = d.Agent
		s.nextID++
		s.Celebrate = &celebration{ID: s.nextID, Level: d.Level, Name: d.Name}
		return 0, s.nextID
	case shared.KindError:
		s.Err = liveError(m)
	}
	return 0, 0
}

func (s *agentState) dropToast(id int) {
	for i, t := range s.Toasts {
		if t.ID == id {
			s.Toasts = append(s.Toasts[:i:i], s.Toasts[i+1:]...)
			return
		}
	}
}

func (s *agentState) endCelebration(id int) {
	if s.Celebrate != nil && (id == 0 || s.Celebrate.ID == id) {
		s.Celebrate = nil
	}
}

// agentPage is the view of /agent/<id>: personal progress first, rank second.
type agentPage struct {
	goapp.Compo

	lang    string
	mounted bool
	st      agentState
	stop    func()
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
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	if id := agentIDFromPath(ctx.Page().URL().Path); id != "" {
		c.subscribe(ctx, id)
	}
}

func (c *agentPage) OnDismount() {
	c.mounted = false
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
}

// subscribe resets the view for agent id and starts its live client.
func (c *agentPage) subscribe(ctx goapp.Context, id string) {
	if c.stop != nil {
		c.stop()
	}
	c.st = agentState{Topic: shared.AgentTopic(id), Conn: connConnecting}
	topic := c.st.Topic
	c.stop = startLive(ctx, []string{topic}, func(ctx goapp.Context, u liveUpdate) {
		if c.st.Topic == topic {
			c.applyLive(ctx, u)
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
		topBar(lang, langSelect(lang, c.pickLang), connPill(lang, st.Conn)),
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
		goapp.If(st.Celebrate != nil, func() goapp.UI {
			cel := st.Celebrate
			return goapp.Div().
				ID("celebration").
				Class("celebration").
				Role("alert").
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.st.endCelebration(0) }).
				Body(
					goapp.Div().Class("celebration-card").Body(
						goapp.Div().Class("celebration-burst").Aria("hidden", "true"),
						goapp.P().Class("celebration-title").Text(tr(lang, "agent.level_up", cel.Level, cel.Name)),
						goapp.P().Class("celebration-sub").Text(tr(lang, "agent.level_up_sub")),
						goapp.Button().
							Class("btn").
							Type("button").
							OnClick(func(ctx goapp.Context, e goapp.Event) { c.st.endCelebration(0) }).
							Text(tr(lang, "agent.dismiss")),
					),
				)
		}),
	)
}

func (c *agentPage) renderView(lang string, v *shared.AgentView) goapp.UI {
	day := v.Points[shared.PeriodDay]
	week := v.Points[shared.PeriodWeek]
	rank := v.Rank[shared.BoardAgents+"/"+shared.PeriodDay]
	progress := levelProgress(v.XP, v.LevelXP, v.NextLevelXP)
	top := v.NextLevelXP == 0
	team := v.TeamName
	if team == "" {
		team = v.Team
	}
	if team == "" {
		team = tr(lang, "agent.no_team")
	}
	name := v.Name
	if name == "" {
		name = v.ID
	}

	return goapp.Div().Class("agent-content").Body(
		goapp.Header().Class("agent-head").Body(
			goapp.H1().ID("agent-name").Text(name),
			goapp.P().ID("team-name").Class("team").Text(team),
		),
		goapp.Section().Class("stats").Body(
			goapp.Div().Class("stat", "stat-day").Body(
				goapp.Span().ID("points-day").Class("stat-value").Text(strconv.FormatInt(day.Points, 10)),
				goapp.Span().Class("stat-label").Text(tr(lang, "agent.points_day")),
			),
			goapp.Div().Class("stat").Body(
				goapp.Span().ID("points-week").Class("stat-value").Text(strconv.FormatInt(week.Points, 10)),
				goapp.Span().Class("stat-label").Text(tr(lang, "agent.points_week")),
			),
			goapp.Div().Class("stat").Body(
				goapp.Span().ID("rank").Class("stat-value").Text(rankText(rank)),
				goapp.Span().Class("stat-label").Text(tr(lang, "agent.rank")),
				goapp.Span().Class("stat-hint").Text(tr(lang, "agent.rank_hint")),
			),
		),
		goapp.Section().Class("level-card").Body(
			goapp.Div().Class("level-head").Body(
				goapp.Span().Class("level-label").Text(tr(lang, "agent.level")),
				goapp.Span().ID("level").Class("level-num").Text(strconv.Itoa(v.Level)),
				goapp.Span().ID("level-name").Class("level-name").Text(v.LevelName),
				goapp.Span().Class("level-xp").Text(tr(lang, "agent.xp", formatInt(lang, v.XP))),
			),
			goapp.Div().
				ID("level-bar").
				Class("bar", "level-bar").
				Role("progressbar").
				Aria("valuemin", 0).
				Aria("valuemax", 100).
				Aria("valuenow", int(progress)).
				Aria("label", tr(lang, "agent.level")).
				Body(goapp.Div().Class("bar-fill").Style("width", "%s", pct(progress))),
			goapp.If(top, func() goapp.UI {
				return goapp.P().ID("xp-to-next").Class("level-next").Text(tr(lang, "agent.top_level"))
			}).Else(func() goapp.UI {
				return goapp.P().ID("xp-to-next").Class("level-next").
					Text(tr(lang, "agent.xp_to_next", formatInt(lang, v.XPToNext), v.Level+1))
			}),
		),
		goapp.If(len(day.Categories) > 0, func() goapp.UI {
			return c.renderCategories(lang, day.Categories)
		}),
		goapp.If(len(v.Challenges) > 0, func() goapp.UI {
			return goapp.Section().Class("card", "challenges").Body(
				goapp.H2().Text(tr(lang, "agent.challenges")),
				goapp.Ul().Body(goapp.Range(v.Challenges).Slice(func(i int) goapp.UI {
					ch := v.Challenges[i]
					p := share(int64(ch.Progress), int64(ch.Target))
					return goapp.Li().Class("challenge").Body(
						goapp.Div().Class("challenge-head").Body(
							goapp.Span().Text(ch.Name),
							goapp.Span().Class("num").Text(formatInt(lang, int64(ch.Progress))+" / "+formatInt(lang, int64(ch.Target))),
						),
						goapp.Div().Class("bar", "bar-thin").
							Role("progressbar").
							Aria("label", ch.Name).
							Aria("valuemin", 0).
							Aria("valuemax", ch.Target).
							Aria("valuenow", ch.Progress).
							Body(goapp.Div().Class("bar-fill").Style("width", "%s", pct(p))),
					)
				})),
			)
		}),
		goapp.If(len(v.Badges) > 0, func() goapp.UI {
			return goapp.Section().Class("card", "badges").Body(
				goapp.H2().Text(tr(lang, "agent.badges")),
				goapp.Ul().Class("badge-list").Body(goapp.Range(v.Badges).Slice(func(i int) goapp.UI {
					b := v.Badges[i]
					label := b.Name
					if b.TierName != "" {
						label += " · " + b.TierName
					}
					return goapp.Li().Class("badge").DataSet("tier", b.Tier).Text(label)
				})),
			)
		}),
	)
}

func (c *agentPage) renderCategories(lang string, cats map[string]int64) goapp.UI {
	names := make([]string, 0, len(cats))
	var max int64
	for k, n := range cats {
		names = append(names, k)
		if n > max {
			max = n
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if cats[names[i]] != cats[names[j]] {
			return cats[names[i]] > cats[names[j]]
		}
		return names[i] < names[j]
	})
	return goapp.Section().Class("card", "categories").Body(
		goapp.H2().Text(tr(lang, "agent.categories")),
		goapp.Ul().Body(goapp.Range(names).Slice(func(i int) goapp.UI {
			n := cats[names[i]]
			return goapp.Li().Class("category").DataSet("category", names[i]).Body(
				goapp.Span().Class("category-name").Text(humanizeID(names[i])),
				goapp.Div().Class("bar", "bar-thin").Aria("hidden", "true").Body(
					goapp.Div().Class("bar-fill").Style("width", "%s", pct(share(n, max))),
				),
				goapp.Span().Class("num").Text(formatInt(lang, n)),
			)
		})),
	)
}
