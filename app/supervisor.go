package app

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// gridRefresh is how often the grid is read again for what frames do not
// carry: the engagement flags and the sparklines' past days.
const gridRefresh = 5 * time.Minute

// maxMemberTopics bounds the members followed live, under the hub's limit
// of topics per connection; the others move with gridRefresh.
const maxMemberTopics = 48

// trendDays is the span of the supervisor's trend charts.
const trendDays = 30

// teamRef is one team the person may supervise.
type teamRef struct{ ID, Name string }

// challengeTemplate is an ad hoc challenge of the ruleset: what the launch
// dialog offers, with the target and reward agents will see by default.
type challengeTemplate struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Scope       string  `json:"scope"`
	Period      string  `json:"period"`
	Target      float64 `json:"target"`
	Reward      struct {
		Points int64  `json:"points"`
		Badge  string `json:"badge"`
	} `json:"reward"`
}

// supervisorPage is /supervisor: the team live, drill-down, trends,
// engagement flags and launching a challenge.
type supervisorPage struct {
	goapp.Compo

	lang      string
	mounted   bool
	me        identity
	teams     []teamRef
	team      string
	members   shared.TeamMembers
	haveGrid  bool
	err       string
	selected  string
	trend     shared.Trend
	trendErr  string
	templates []challengeTemplate
	launch    launchForm
	kudos     kudosForm
	// teamSt and agents are the observed states of the team's topic and of
	// its members' agent topics; the agents' move the grid's rows in place.
	teamSt   teamState
	agents   map[string]*agentState
	roster   []string // the team's members as its view last named them
	live     *liveFollower
	fetching bool
	gen      int
	// view is the scorecard as a table or as cards (remembered), order
	// its sorting, and words the ruleset's names in every language.
	view  string
	order scoreSort
	words glossary
	// moves remembers the members' ranks by today's points, for ▲n/▼n.
	moves rankMoves
}

// launchForm is the state of the "launch a challenge" form.
type launchForm struct {
	Template string
	Hours    int
	Target   string
	Busy     bool
	Err      string
	OK       string
	coop     coopChoice // launched as a co-op quest (supervisor_coop.go)
}

func newSupervisorPage() goapp.Composer {
	return &supervisorPage{launch: launchForm{Hours: 2}, view: viewTable, order: scoreSort{Col: scoreDefault}}
}

func (c *supervisorPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.live = newLiveFollower()
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	observeGlossary(ctx, &c.words)
	var view string
	if ctx.LocalStorage().Get(scoreViewStorage, &view) == nil && (view == viewTable || view == viewCards) {
		c.view = view
	}
	want := ctx.Page().URL().Query().Get("team")
	whoAmI(ctx, func(ctx goapp.Context, me identity) {
		c.me = me
		c.loadTeams(ctx, want)
		c.loadTemplates(ctx)
	})
}

func (c *supervisorPage) OnDismount() {
	c.mounted = false
	c.gen++
	c.live.stop()
}

// loadTeams finds the teams whose grid the person may read: every team of
// the teams board is tried, and those answering 200 are theirs.
func (c *supervisorPage) loadTeams(ctx goapp.Context, want string) {
	ctx.Async(func() {
		var lb shared.Leaderboard
		err := getJSON(ctx, "/api/v1/leaderboards/teams?period=all&limit=100", &lb)
		candidates := make([]teamRef, 0, len(lb.Entries)+1)
		for _, e := range lb.Entries {
			candidates = append(candidates, teamRef{ID: e.Team, Name: e.Name})
		}
		// The board lists teams that have points: the supervisor's own teams
		// are there from their first event on, and before that only this way.
		for _, own := range append([]string{c.me.Team}, c.me.Teams...) {
			if own != "" && !slices.ContainsFunc(candidates, func(t teamRef) bool { return t.ID == own }) {
				candidates = append(candidates, teamRef{ID: own})
			}
		}
		var teams []teamRef
		var first shared.TeamMembers
		for _, t := range candidates {
			var m shared.TeamMembers
			if getJSON(ctx, "/api/v1/teams/"+url.PathEscape(t.ID)+"/members", &m) != nil {
				continue // a team this supervisor does not see
			}
			teams = append(teams, teamRef{ID: t.ID, Name: firstOf(t.Name, m.Name, t.ID)})
			if first.Team == "" && (want == "" || want == t.ID) {
				first = m
			}
		}
		ctx.Dispatch(func(ctx goapp.Context) {
			c.teams = teams
			if err != nil {
				c.err = err.Error()
				return
			}
			if len(teams) == 0 {
				c.err = tr(c.lang, "sup.no_teams")
				return
			}
			id := first.Team
			if id == "" {
				id = teams[0].ID
			}
			c.selectTeam(ctx, id)
		})
	})
}

func (c *supervisorPage) loadTemplates(ctx goapp.Context) {
	ctx.Async(func() {
		var rv struct {
			Ruleset struct {
				Challenges []challengeTemplate `json:"challenges"`
			} `json:"ruleset"`
		}
		err := getJSON(ctx, "/api/v1/ruleset", &rv)
		ctx.Dispatch(func(ctx goapp.Context) {
			if err != nil {
				c.launch.Err = err.Error()
				return
			}
			c.templates = c.templates[:0]
			for _, ch := range rv.Ruleset.Challenges {
				if ch.Period == "adhoc" {
					c.templates = append(c.templates, ch)
				}
			}
			if len(c.templates) > 0 && c.launch.Template == "" {
				c.pickTemplate(c.templates[0].ID)
			}
		})
	})
}

// selectTeam shows a team: its grid now, moved by the frames of the team's
// and its members' topics from then on.
func (c *supervisorPage) selectTeam(ctx goapp.Context, id string) {
	c.gen++
	gen := c.gen
	c.team, c.haveGrid, c.selected, c.launch.OK, c.moves = id, false, "", "", rankMoves{}
	c.teamSt, c.agents, c.roster, c.fetching = teamState{}, map[string]*agentState{}, nil, false
	topic := shared.TeamTopic(id)
	ctx.ObserveState(liveKey(topic), &c.teamSt).
		While(func() bool { return gen == c.gen }).
		OnChange(func() { c.onTeam(ctx) })
	c.live.follow(ctx, topic)
	c.fetchGrid(ctx)
	c.refresh(ctx, gen)
}

// refresh reads the grid again every gridRefresh while the team is shown.
func (c *supervisorPage) refresh(ctx goapp.Context, gen int) {
	ctx.After(gridRefresh, func(ctx goapp.Context) {
		if gen == c.gen {
			c.fetchGrid(ctx)
			c.refresh(ctx, gen)
		}
	})
}

// onTeam reads the grid again when the team's view names other members
// than it did (a member who joined has no row, and no topic followed),
// never for a frame that changed nothing of that.
func (c *supervisorPage) onTeam(ctx goapp.Context) {
	if !c.teamSt.Have || !c.haveGrid {
		return
	}
	roster := slices.Sorted(slices.Values(c.teamSt.View.Members))
	if slices.Equal(roster, c.roster) {
		return
	}
	c.roster = roster
	have := make([]string, 0, len(c.members.Members))
	for _, mv := range c.members.Members {
		have = append(have, mv.ID)
	}
	slices.Sort(have)
	if !slices.Equal(have, roster) {
		c.fetchGrid(ctx)
	}
}

// fetchGrid reads the team grid (one read at a time), then follows the
// members' topics.
func (c *supervisorPage) fetchGrid(ctx goapp.Context) {
	if c.fetching {
		return
	}
	c.fetching = true
	gen, team := c.gen, c.team
	ctx.Async(func() {
		var m shared.TeamMembers
		err := getJSON(ctx, "/api/v1/teams/"+url.PathEscape(team)+"/members", &m)
		ctx.Dispatch(func(ctx goapp.Context) {
			if gen != c.gen {
				return
			}
			c.fetching = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.members, c.haveGrid, c.err = m, true, ""
			c.followMembers(ctx, gen)
			c.observeRanks()
		})
	})
}

// followMembers observes the members' agent topics and follows them with
// the team's; the grid's rows move with their frames.
func (c *supervisorPage) followMembers(ctx goapp.Context, gen int) {
	topics := []string{shared.TeamTopic(c.team)}
	for i, mv := range c.members.Members {
		if i == maxMemberTopics {
			break
		}
		id := mv.ID
		topics = append(topics, shared.AgentTopic(id))
		st, ok := c.agents[id]
		if !ok {
			st = &agentState{}
			c.agents[id] = st
			ctx.ObserveState(liveKey(shared.AgentTopic(id)), st).
				While(func() bool { return gen == c.gen }).
				OnChange(func() {
					c.members.Members = moveMember(c.members, st)
					c.observeRanks()
				})
		}
		c.members.Members = moveMember(c.members, st)
	}
	c.live.follow(ctx, topics...)
}

// observeRanks folds the members' ranks by today's points into c.moves, as
// a board of the team's day, so a row that moved shows ▲n/▼n for a minute.
func (c *supervisorPage) observeRanks() {
	rows := rankRows(c.members.Members)
	b := shared.Leaderboard{Board: "team/" + c.team, Period: shared.PeriodDay, Entries: make([]shared.LeaderboardEntry, len(rows))}
	if n := len(c.members.Days); n > 0 {
		b.Key = c.members.Days[n-1]
	}
	for i, r := range rows {
		b.Entries[i] = shared.LeaderboardEntry{Agent: r.ID, Rank: r.Rank, Points: r.Today}
	}
	c.moves.observe(b, timeNow())
}

// moveMember is the grid's rows with the member of an agent's state set to
// what the state shows: points today, level, streak, and today on the
// sparkline. The flags are the grid's own.
func moveMember(tm shared.TeamMembers, st *agentState) []shared.MemberView {
	if !st.Have {
		return tm.Members
	}
	v := &st.View
	i := slices.IndexFunc(tm.Members, func(mv shared.MemberView) bool { return mv.ID == v.ID })
	if i < 0 {
		return tm.Members
	}
	rows := slices.Clone(tm.Members)
	mv := &rows[i]
	day := v.Points[shared.PeriodDay]
	mv.Name, mv.Today, mv.Level, mv.LevelName = firstOf(v.Name, mv.Name), day.Points, v.Level, v.LevelName
	if len(v.Streaks) > 0 {
		mv.Streak = v.Streaks[0].Current
	}
	if d := slices.Index(tm.Days, day.Key); d >= 0 && d < len(mv.Spark) {
		mv.Spark = slices.Clone(mv.Spark)
		mv.Spark[d] = day.Points
	}
	return rows
}

// drill opens an agent's 30-day trend.
func (c *supervisorPage) drill(ctx goapp.Context, agent string) {
	c.selected, c.trend, c.trendErr = agent, shared.Trend{}, ""
	ctx.Async(func() {
		var t shared.Trend
		err := getJSON(ctx, "/api/v1/agents/"+url.PathEscape(agent)+"/trend?days="+strconv.Itoa(trendDays), &t)
		ctx.Dispatch(func(ctx goapp.Context) {
			if c.selected != agent {
				return
			}
			if err != nil {
				c.trendErr = err.Error()
				return
			}
			c.trend = t
		})
	})
}

// submitLaunch posts the ad hoc challenge for the team shown.
func (c *supervisorPage) submitLaunch(ctx goapp.Context, e goapp.Event) {
	e.PreventDefault()
	f := &c.launch
	if f.Busy || f.Template == "" || c.team == "" {
		return
	}
	body := shared.LaunchRequest{
		Challenge: f.Template,
		Team:      c.team,
		Deadline:  time.Now().Add(time.Duration(max(f.Hours, 1)) * time.Hour).UTC().Truncate(time.Second),
	}
	if f.Target != "" {
		n, err := strconv.ParseFloat(f.Target, 64)
		if err != nil || n <= 0 {
			f.Err = tr(c.lang, "sup.bad_target")
			return
		}
		body.Target = n
	}
	if msg := c.coopRequest(c.lang, &body); msg != "" {
		f.Err = msg
		return
	}
	f.Busy, f.Err, f.OK = true, "", ""
	lang := c.lang
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, apiTimeout)
		defer cancel()
		err := sendJSON(rctx, http.MethodPost, "/api/v1/challenges", body, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			f.Busy = false
			if err != nil {
				f.Err = tr(lang, "sup.launch_failed", err.Error())
				return
			}
			f.OK = tr(lang, "sup.launched")
			if body.Coop {
				f.OK, f.coop = tr(lang, "coop.launched"), coopChoice{}
			}
			c.closeDialog()
		})
	})
}

// pickTemplate selects a template and puts its own target in the form, so
// the supervisor sees the number agents will get unless they change it.
func (c *supervisorPage) pickTemplate(id string) {
	c.launch.Template, c.launch.Target, c.launch.Err = id, "", ""
	if t, ok := c.template(); ok && t.Target > 0 {
		c.launch.Target = strconv.FormatFloat(t.Target, 'f', -1, 64)
	}
	if t, ok := c.template(); ok && t.Scope != "agent" {
		c.launch.coop.On = false // a team template is for the whole team
	}
}

// template is the template picked in the form.
func (c *supervisorPage) template() (challengeTemplate, bool) {
	for _, t := range c.templates {
		if t.ID == c.launch.Template {
			return t, true
		}
	}
	return challengeTemplate{}, false
}

// openDialog shows the launch dialog as a modal: the browser keeps focus
// inside it, makes the page behind inert and closes it on Escape.
func (c *supervisorPage) openDialog(ctx goapp.Context) {
	c.launch.Err, c.launch.OK = "", ""
	if _, ok := c.template(); !ok && len(c.templates) > 0 {
		c.pickTemplate(c.templates[0].ID)
	}
	ctx.Defer(func(goapp.Context) {
		if d := goapp.Window().GetElementByID("launch-dialog"); d.Truthy() && !d.Get("open").Bool() {
			d.Call("showModal")
		}
	})
}

// closeDialog closes the dialog; its close event brings the state along.
func (c *supervisorPage) closeDialog() {
	if !goapp.IsClient {
		return
	}
	if d := goapp.Window().GetElementByID("launch-dialog"); d.Truthy() && d.Get("open").Bool() {
		d.Call("close")
	}
}

// setView switches the scorecard between table and cards, remembered for
// the next visit.
func (c *supervisorPage) setView(ctx goapp.Context, view string) {
	c.view = view
	if err := ctx.LocalStorage().Set(scoreViewStorage, view); err != nil {
		goapp.Log("scorecast: saving the scorecard view:", err)
	}
}

func (c *supervisorPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}
