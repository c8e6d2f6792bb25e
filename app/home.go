package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// homeAgentsPath lists the agents on the home page.
const homeAgentsPath = "/api/v1/leaderboards/" + shared.BoardAgents + "?period=" + shared.PeriodAll + "&limit=100"

// homePage is /: what Scorecast is, and where to go.
type homePage struct {
	goapp.Compo

	lang    string
	me      identity
	loading bool
	agents  []shared.LeaderboardEntry
	err     string
}

func newHomePage() goapp.Composer { return &homePage{loading: true} }

func (c *homePage) OnMount(ctx goapp.Context) {
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	page := *ctx.Page().URL()
	// Agents and supervisors have a home of their own; the admin's is the
	// list of agents.
	whoAmI(ctx, func(ctx goapp.Context, me identity) {
		c.me = me
		if me.Role != roleAdmin {
			ctx.Navigate(homeOf(me))
			return
		}
		c.loadAgents(ctx, page)
	})
}

func (c *homePage) loadAgents(ctx goapp.Context, page url.URL) {
	ctx.Async(func() {
		lb, err := fetchLeaderboard(ctx, &page, homeAgentsPath)
		ctx.Dispatch(func(goapp.Context) {
			c.loading = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.agents = lb.Entries
		})
	})
}

func (c *homePage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

func (c *homePage) Render() goapp.UI {
	lang := c.lang
	return goapp.Div().Class("page", "home-page").Body(
		topBar(lang, navBar(lang, c.me, "/"), langSelect(lang, c.pickLang)),
		newPWAStatus(lang),
		goapp.Main().ID("home").Class("home").DataSet("mounted", boolAttr(!c.loading)).Body(
			goapp.Section().Class("hero").Body(
				goapp.H1().Text(tr(lang, "app.tagline")),
				goapp.P().Class("lead").Text(tr(lang, "app.intro")),
				goapp.A().ID("wallboard-link").Class("btn", "btn-primary").Href("/wallboard").Text(tr(lang, "nav.wallboard")),
			),
			goapp.Section().Class("card").Body(
				goapp.H2().Text(tr(lang, "home.agents")),
				goapp.If(c.err != "", func() goapp.UI {
					return goapp.P().Class("error").Role("alert").Text(tr(lang, "home.error", c.err))
				}).ElseIf(c.loading, func() goapp.UI {
					return goapp.P().Class("loading").Text(tr(lang, "home.loading"))
				}).ElseIf(len(c.agents) == 0, func() goapp.UI {
					return goapp.P().Class("muted").Text(tr(lang, "home.empty"))
				}).Else(func() goapp.UI {
					return goapp.Ul().ID("agent-list").Class("agent-list").Body(
						goapp.Range(c.agents).Slice(func(i int) goapp.UI {
							e := c.agents[i]
							name := e.Name
							if name == "" {
								name = e.Agent
							}
							return goapp.Li().DataSet("agent", e.Agent).Body(
								goapp.A().Href("%s", agentHref(e.Agent)).Body(
									goapp.Span().Class("agent-list-name").Text(name),
									goapp.Span().Class("num").Text(formatInt(lang, e.Points)),
								),
							)
						}),
					)
				}),
			),
		),
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
