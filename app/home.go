package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// homeAgentsPath lists the agents on the home page.
const homeAgentsPath = "/api/v1/leaderboards/" + shared.BoardAgents + "?period=" + shared.PeriodAll + "&limit=100"

// Today's boards, for the summary at the top of Home.
const (
	homeTopPath   = "/api/v1/leaderboards/" + shared.BoardAgents + "?period=" + shared.PeriodDay + "&limit=3"
	homeTeamsPath = "/api/v1/leaderboards/" + shared.BoardTeams + "?period=" + shared.PeriodDay + "&limit=100"
	// homeMaxTeams bounds the team views read for their open challenges.
	homeMaxTeams = 24
	// screenOnline is how recently a screen must have been seen to count
	// as online; a TV polls far more often than this.
	screenOnline = 10 * time.Minute
	// homeRefresh is how often the summary is read again while open.
	homeRefresh = time.Minute
)

// homeScreen is a paired display as Home needs it. LastSeen is read when
// the server sends it; without it a paired screen counts as online.
type homeScreen struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	LastSeen time.Time `json:"last_seen"`
}

// homeChallenge is an open team challenge with the team's name.
type homeChallenge struct {
	shared.Challenge
	TeamName string
}

// homeSummary is what Home shows, read in one go.
type homeSummary struct {
	Top        []shared.LeaderboardEntry
	Teams      []shared.LeaderboardEntry
	Challenges []homeChallenge
	Screens    []homeScreen
	ScreensOK  bool // the person may list displays
	Agents     []shared.LeaderboardEntry
}

// homePage is /: a summary of today for supervisors and admins — the top
// three, the teams, open challenges and the screens online — and every
// agent.
type homePage struct {
	goapp.Compo

	lang    string
	me      identity
	loading bool
	sum     homeSummary
	err     string
	words   glossary
	gen     int
}

func newHomePage() goapp.Composer { return &homePage{loading: true} }

func (c *homePage) OnMount(ctx goapp.Context) {
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	observeGlossary(ctx, &c.words)
	page := *ctx.Page().URL()
	// An agent's home is their own progress; supervisors and admins get
	// the floor's day.
	whoAmI(ctx, func(ctx goapp.Context, me identity) {
		c.me = me
		if me.Role != roleAdmin && me.Role != roleSupervisor {
			ctx.Navigate(homeOf(me))
			return
		}
		c.gen++
		c.load(ctx, page, c.gen)
	})
}

func (c *homePage) OnDismount() { c.gen++ }

// load reads the summary, then again every homeRefresh while Home is open.
func (c *homePage) load(ctx goapp.Context, page url.URL, gen int) {
	ctx.Async(func() {
		sum, err := readHome(ctx, &page)
		ctx.Dispatch(func(ctx goapp.Context) {
			if gen != c.gen {
				return
			}
			c.loading = false
			if err != nil {
				c.err = err.Error()
			} else {
				c.sum, c.err = sum, ""
			}
			ctx.After(homeRefresh, func(ctx goapp.Context) {
				if gen == c.gen {
					c.load(ctx, page, gen)
				}
			})
		})
	})
}

// readHome reads today's boards, the teams' open challenges and the
// displays. Boards are needed; the rest is shown when it can be read.
func readHome(ctx context.Context, page *url.URL) (homeSummary, error) {
	var sum homeSummary
	top, err := fetchLeaderboard(ctx, page, homeTopPath)
	if err != nil {
		return sum, fmt.Errorf("today's top three: %w", err)
	}
	teams, err := fetchLeaderboard(ctx, page, homeTeamsPath)
	if err != nil {
		return sum, fmt.Errorf("today's teams: %w", err)
	}
	agents, err := fetchLeaderboard(ctx, page, homeAgentsPath)
	if err != nil {
		return sum, fmt.Errorf("the agents: %w", err)
	}
	sum.Top, sum.Teams, sum.Agents = top.Entries, teams.Entries, agents.Entries
	for i, t := range teams.Entries {
		if i == homeMaxTeams {
			break
		}
		var tv shared.TeamView
		if getJSON(ctx, "/api/v1/teams/"+url.PathEscape(t.Team), &tv) != nil {
			continue // a team this person does not see
		}
		// A team's view lists only its open challenges.
		for _, ch := range tv.Challenges {
			sum.Challenges = append(sum.Challenges, homeChallenge{Challenge: ch, TeamName: firstOf(tv.Name, t.Name)})
		}
	}
	slices.SortStableFunc(sum.Challenges, func(a, b homeChallenge) int { return a.Deadline.Compare(b.Deadline) })
	var ds struct {
		Displays []homeScreen `json:"displays"`
	}
	if getJSON(ctx, "/api/v1/displays", &ds) == nil {
		sum.Screens, sum.ScreensOK = ds.Displays, true
	}
	return sum, nil
}

// screensOnline counts the screens seen within screenOnline of now; a
// screen whose last sighting the server does not send counts as online.
func screensOnline(screens []homeScreen, now time.Time) int {
	n := 0
	for _, s := range screens {
		if s.LastSeen.IsZero() || now.Sub(s.LastSeen) <= screenOnline {
			n++
		}
	}
	return n
}

func (c *homePage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

func (c *homePage) Render() goapp.UI {
	lang := c.lang
	now := timeNow()
	return goapp.Div().Class("page", "home-page").Body(
		topBar(lang, navBar(lang, c.me, "/"), langSelect(lang, c.pickLang)),
		newPWAStatus(lang),
		goapp.Main().ID("home").Class("home", "wide").DataSet("mounted", boolAttr(!c.loading)).Body(
			goapp.Div().Class("view-head").Body(
				goapp.H1().Text(tr(lang, "floor.home_title")),
				goapp.P().Class("muted", "floor-date").Text(formatDate(lang, now)),
				goapp.A().ID("wallboard-link").Class("btn", "btn-primary").Href("/wallboard").Text(tr(lang, "nav.wallboard")),
			),
			goapp.If(c.err != "", func() goapp.UI {
				return goapp.P().Class("error").Role("alert").Text(tr(lang, "floor.home_error", c.err))
			}).ElseIf(c.loading, func() goapp.UI {
				return goapp.P().Class("loading").Text(tr(lang, "floor.home_loading"))
			}).Else(func() goapp.UI {
				return goapp.Div().Class("stack").Body(
					goapp.Div().Class("floor-home-grid").Body(
						c.renderTop(lang),
						c.renderScreens(lang, now),
					),
					goapp.Div().Class("floor-home-grid").Body(
						c.renderTeams(lang),
						c.renderChallenges(lang, now),
					),
					c.renderAgents(lang),
				)
			}),
		),
	)
}

// renderTop is today's top three as a podium of faces.
func (c *homePage) renderTop(lang string) goapp.UI {
	top := c.sum.Top
	return goapp.Section().ID("home-top").Class("card", "floor-home-top").Body(
		goapp.H2().Text(tr(lang, "floor.home_top")),
		goapp.If(len(top) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "floor.home_no_points"))
		}).Else(func() goapp.UI {
			return goapp.Ol().Class("floor-podium").Body(goapp.Range(top).Slice(func(i int) goapp.UI {
				e := top[i]
				name := rowName(lang, e)
				return goapp.Li().Class("floor-podium-place", fmt.Sprintf("place-%d", e.Rank)).DataSet("agent", e.Agent).DataSet("rank", e.Rank).Body(
					face(name, e.Photo, teamColor(e.Team, e.Color), faceL),
					goapp.Span().Class("floor-medal", fmt.Sprintf("medal-%d", e.Rank)).Aria("hidden", "true").Text(e.Rank),
					goapp.Span().Class("floor-podium-name").Text(name),
					goapp.Span().Class("num", "big").Text(formatInt(lang, e.Points)),
					goapp.Span().Class("visually-hidden").Text(tr(lang, "floor.home_rank", e.Rank)),
				)
			}))
		}),
	)
}

func (c *homePage) renderTeams(lang string) goapp.UI {
	teams := c.sum.Teams
	var best int64
	for _, t := range teams {
		best = max(best, t.Points)
	}
	return goapp.Section().ID("home-teams").Class("card").Body(
		goapp.H2().Text(tr(lang, "floor.home_teams")),
		goapp.If(len(teams) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "floor.home_no_teams"))
		}).Else(func() goapp.UI {
			return goapp.Ol().Class("floor-teams").Body(goapp.Range(teams).Slice(func(i int) goapp.UI {
				t := teams[i]
				name := rowName(lang, t)
				return goapp.Li().DataSet("team", t.Team).Body(
					goapp.Div().Class("challenge-head").Body(
						goapp.Span().Body(
							goapp.Span().Class("floor-dot").Style("background-color", teamColor(t.Team, t.Color)).Aria("hidden", "true"),
							goapp.Text(name),
						),
						goapp.Span().Class("num").Text(formatInt(lang, t.Points)),
					),
					progressBar("", name, share(t.Points, best), "bar", "bar-thin"),
				)
			}))
		}),
	)
}

func (c *homePage) renderChallenges(lang string, now time.Time) goapp.UI {
	chs := c.sum.Challenges
	return goapp.Section().ID("home-challenges").Class("card").Body(
		goapp.H2().Text(tr(lang, "floor.home_challenges")),
		goapp.If(len(chs) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "floor.home_no_challenges"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Body(goapp.Range(chs).Slice(func(i int) goapp.UI {
				ch := chs[i]
				name := c.words.name(lang, nameChallenge, ch.ID, ch.Name)
				return goapp.Li().Class("challenge").DataSet("challenge", ch.ID).Body(
					goapp.Div().Class("challenge-head").Body(
						goapp.Span().Class("challenge-name").Text(name),
						goapp.Span().Class("num").Text(formatFloat(lang, ch.Progress)+" / "+formatFloat(lang, ch.Target)),
					),
					progressBar("", name, share(int64(ch.Progress), int64(ch.Target)), "bar", "bar-thin"),
					goapp.Div().Class("challenge-meta", "muted").Body(
						goapp.Span().Class("tag").Text(ch.TeamName),
						goapp.If(!ch.Deadline.IsZero(), func() goapp.UI {
							return goapp.Span().Class("time-left").Text(timeLeft(lang, ch.Deadline.Sub(now)))
						}),
					),
				)
			}))
		}),
	)
}

func (c *homePage) renderScreens(lang string, now time.Time) goapp.UI {
	if !c.sum.ScreensOK {
		return goapp.Div().Class("floor-empty-slot")
	}
	online := screensOnline(c.sum.Screens, now)
	return goapp.Section().ID("home-screens").Class("card").DataSet("online", online).Body(
		goapp.H2().Text(tr(lang, "floor.home_screens")),
		goapp.P().Class("floor-screens-count").Body(
			goapp.Span().Class("num", "big").Text(formatInt(lang, int64(online))),
			goapp.Span().Class("muted").Text(" "+tr(lang, "floor.home_online")+" · "+trn(lang, "floor.home_screens_paired", int64(len(c.sum.Screens)))),
		),
		goapp.If(len(c.sum.Screens) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "floor.home_screens_none"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Class("floor-screens").Body(goapp.Range(c.sum.Screens).Slice(func(i int) goapp.UI {
				s := c.sum.Screens[i]
				on := s.LastSeen.IsZero() || now.Sub(s.LastSeen) <= screenOnline
				state := tr(lang, "floor.screen_on")
				if !on {
					state = tr(lang, "floor.screen_off", formatDateTime(lang, s.LastSeen))
				}
				return goapp.Li().DataSet("display", s.ID).DataSet("online", boolAttr(on)).Body(
					goapp.Span().Class("floor-dot", map[bool]string{true: "dot-on", false: "dot-off"}[on]).Aria("hidden", "true"),
					goapp.Span().Text(firstOf(s.Name, tr(lang, "floor.screen_unnamed"))),
					goapp.Span().Class("muted").Text(" · "+state),
				)
			}))
		}),
		goapp.If(c.me.Role == roleAdmin, func() goapp.UI {
			return goapp.A().Class("btn", "btn-ghost").Href(adminPath + "?tab=displays").Text(tr(lang, "floor.home_manage_screens"))
		}),
	)
}

// renderAgents is every agent, best first, linking to their view.
func (c *homePage) renderAgents(lang string) goapp.UI {
	agents := c.sum.Agents
	return goapp.Section().Class("card").Body(
		goapp.H2().Text(tr(lang, "home.agents")),
		goapp.If(len(agents) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "home.empty"))
		}).Else(func() goapp.UI {
			return goapp.Ul().ID("agent-list").Class("agent-list").Body(
				goapp.Range(agents).Slice(func(i int) goapp.UI {
					e := agents[i]
					name := rowName(lang, e)
					inner := []goapp.UI{
						face(name, e.Photo, teamColor(e.Team, e.Color), faceS),
						goapp.Span().Class("agent-list-name").Text(name),
						goapp.Span().Class("num").Text(formatInt(lang, e.Points)),
					}
					if e.Agent == "" {
						return goapp.Li().Body(goapp.Span().Class("agent-list-row").Body(inner...))
					}
					return goapp.Li().DataSet("agent", e.Agent).Body(goapp.A().Href("%s", agentHref(e.Agent)).Body(inner...))
				}),
			)
		}),
	)
}

// fetchLeaderboard GETs a leaderboard from the page's own server, passing a
// display token found in the page's query.
func fetchLeaderboard(ctx context.Context, page *url.URL, path string) (shared.Leaderboard, error) {
	var lb shared.Leaderboard
	u, err := page.Parse(path)
	if err != nil {
		return lb, err
	}
	rctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return lb, err
	}
	req.Header.Set("Accept", "application/json")
	if tok := page.Query().Get("token"); tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return lb, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return lb, err
	}
	if resp.StatusCode != http.StatusOK {
		var e shared.Error
		if json.Unmarshal(body, &e) == nil && e.Error != "" {
			return lb, fmt.Errorf("%s (%d)", e.Error, resp.StatusCode)
		}
		return lb, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if err := json.Unmarshal(body, &lb); err != nil {
		return lb, err
	}
	return lb, nil
}
