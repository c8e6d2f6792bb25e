package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// gridRefresh bounds how often live team traffic refetches the grid.
const gridRefresh = 3 * time.Second

// trendDays is the span of the supervisor's trend charts.
const trendDays = 30

// teamRef is one team the person may supervise.
type teamRef struct{ ID, Name string }

// challengeTemplate is an ad hoc challenge of the ruleset.
type challengeTemplate struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Scope       string  `json:"scope"`
	Period      string  `json:"period"`
	Target      float64 `json:"target"`
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
	view      shared.TeamView
	err       string
	selected  string
	trend     shared.Trend
	trendErr  string
	templates []challengeTemplate
	launch    launchForm
	stop      func()
	dirty     bool // live traffic arrived since the last grid fetch
	fetching  bool
	gen       int
}

// launchForm is the state of the "launch a challenge" form.
type launchForm struct {
	Template string
	Hours    int
	Target   string
	Busy     bool
	Err      string
	OK       string
}

func newSupervisorPage() goapp.Composer { return &supervisorPage{launch: launchForm{Hours: 2}} }

func (c *supervisorPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
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
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
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
				c.launch.Template = c.templates[0].ID
			}
		})
	})
}

// selectTeam shows a team: its grid now, and live updates from then on.
func (c *supervisorPage) selectTeam(ctx goapp.Context, id string) {
	if c.stop != nil {
		c.stop()
	}
	c.gen++
	c.team, c.haveGrid, c.selected, c.view = id, false, "", shared.TeamView{}
	c.fetchGrid(ctx)
	gen := c.gen
	c.stop = startLive(ctx, []string{shared.TeamTopic(id)}, func(ctx goapp.Context, u liveUpdate) {
		if gen != c.gen {
			return
		}
		for _, m := range u.Msgs {
			c.applyTeam(m)
		}
		if len(u.Msgs) > 0 {
			c.dirty = true
			c.fetchGrid(ctx)
		}
	})
}

func (c *supervisorPage) applyTeam(m shared.Message) {
	switch m.Kind {
	case shared.KindSnapshot, shared.KindPoints:
		var v shared.TeamView
		if json.Unmarshal(m.Data, &v) == nil {
			c.view = v
		}
	case shared.KindGoal, shared.KindChallenge:
		var d shared.AchievementData
		if json.Unmarshal(m.Data, &d) == nil && d.Team != nil {
			c.view = *d.Team
		}
	}
}

// fetchGrid reads the team grid, at most once per gridRefresh; traffic in
// between marks it dirty and one more fetch follows.
func (c *supervisorPage) fetchGrid(ctx goapp.Context) {
	if c.fetching {
		return
	}
	c.fetching, c.dirty = true, false
	gen, team := c.gen, c.team
	ctx.Async(func() {
		var m shared.TeamMembers
		err := getJSON(ctx, "/api/v1/teams/"+url.PathEscape(team)+"/members", &m)
		ctx.Dispatch(func(ctx goapp.Context) {
			if gen != c.gen {
				c.fetching = false
				return
			}
			if err != nil {
				c.err = err.Error()
			} else {
				c.members, c.haveGrid, c.err = m, true, ""
			}
			ctx.After(gridRefresh, func(ctx goapp.Context) {
				c.fetching = false
				if c.dirty && gen == c.gen {
					c.fetchGrid(ctx)
				}
			})
		})
	})
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
	body := map[string]any{
		"challenge": f.Template,
		"team":      c.team,
		"deadline":  time.Now().Add(time.Duration(max(f.Hours, 1)) * time.Hour).UTC().Format(time.RFC3339),
	}
	if f.Target != "" {
		n, err := strconv.ParseFloat(f.Target, 64)
		if err != nil || n <= 0 {
			f.Err = tr(c.lang, "sup.bad_target")
			return
		}
		body["target"] = n
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
		})
	})
}

func (c *supervisorPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}
