package app

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// The weekly league: a card in the agent view with the agent's cohort, and
// the TV's slide of the top tier. A race among about thirty alike is one
// someone in the middle of the pack can still win (DESIGN.md, leagues).

// tierColors colour the default tiers by id; other tiers take a colour by
// their place, lowest first.
var tierColors = map[string]string{
	"bronze": "#d08c57", "silver": "#c9d1de", "gold": "#f2c94c", "sapphire": "#5b95f9", "diamond": "#8fe6f2",
}

var tierPalette = []string{"#d08c57", "#c9d1de", "#f2c94c", "#5b95f9", "#8fe6f2", "#c792ea", "#ff8f8f", "#5fd39b"}

// tierColor is the colour of tier i of tiers.
func tierColor(tiers []shared.LeagueTier, i int) string {
	if i < 0 || i >= len(tiers) {
		return tierPalette[0]
	}
	if c, ok := tierColors[tiers[i].ID]; ok {
		return c
	}
	return tierPalette[i%len(tierPalette)]
}

// tierName is tier i's name in lang.
func tierName(lang string, tiers []shared.LeagueTier, i int) string {
	if i < 0 || i >= len(tiers) {
		return ""
	}
	if s := tiers[i].Labels[lang]; s != "" {
		return s
	}
	if s := tiers[i].Labels[defaultLang]; s != "" {
		return s
	}
	return tiers[i].Name
}

// leagueLeft says how long the week has left: days, then hours.
func leagueLeft(lang string, d time.Duration) string {
	switch {
	case d <= 0:
		return tr(lang, "league.ending")
	case d >= 24*time.Hour:
		return trn(lang, "league.days_left", int64(d/(24*time.Hour)))
	}
	return trn(lang, "league.hours_left", max(1, int64(d/time.Hour)))
}

// applyLeague folds a "league" message: the view it carries, and the
// week's result for the card to announce. A promotion is celebrated, unless
// a level-up is on screen. It returns the celebration's id, 0 for none.
func (s *agentState) applyLeague(m shared.Message) int {
	var d shared.LeagueData
	if err := json.Unmarshal(m.Data, &d); err != nil || !s.Have || d.At <= s.SnapAt {
		return 0
	}
	if !d.ApplyTo(&s.View) {
		s.Stale = true
		return 0
	}
	s.League = &d
	if d.Status != shared.LeaguePromoted || (s.Celebrate != nil && s.Celebrate.Kind == shared.KindLevel) {
		return 0
	}
	s.nextID++
	s.Celebrate = &celebration{ID: s.nextID, Kind: shared.KindLeague, Name: d.TierName, Labels: d.TierLabels}
	return s.Celebrate.ID
}

// leagueCard is the agent's cohort this week. It reads the league when it
// mounts and again when the agent's week points change (a live award) or a
// week's end is announced, one read at a time.
type leagueCard struct {
	goapp.Compo

	Agent      string
	Lang       string
	WeekPoints int64              // the agent's points this week: a change reads the league again
	Result     *shared.LeagueData // the last week's end this tab saw
	Now        time.Time          // the page's clock, for the time left; zero is time.Now

	view    shared.LeagueView
	have    bool
	none    bool // 404: no league (yet)
	err     string
	loading bool
	again   bool
	// What the last read was asked for: the page's clock moving on
	// re-renders the card, and must not read the league again.
	askedOf     string
	askedPoints int64
	askedResult *shared.LeagueData
}

func (c *leagueCard) OnMount(ctx goapp.Context) { c.load(ctx) }

func (c *leagueCard) OnUpdate(ctx goapp.Context) {
	if c.Agent != c.askedOf || c.WeekPoints != c.askedPoints || c.Result != c.askedResult {
		c.load(ctx)
	}
}

func (c *leagueCard) load(ctx goapp.Context) {
	if c.loading {
		c.again = true
		return
	}
	agent := c.Agent
	if agent == "" {
		return
	}
	c.loading, c.again = true, false
	c.askedOf, c.askedPoints, c.askedResult = agent, c.WeekPoints, c.Result
	ctx.Async(func() {
		var v shared.LeagueView
		err := getJSON(ctx, "/api/v1/agents/"+url.PathEscape(agent)+"/league", &v)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.loading = false
			if agent != c.Agent {
				c.have, c.none = false, false
				c.load(ctx)
				return
			}
			switch {
			case err == nil:
				c.view, c.have, c.none, c.err = v, true, false, ""
			case statusOf(err) == http.StatusNotFound:
				c.have, c.none, c.err = false, true, ""
			default:
				c.err = err.Error()
			}
			if c.again {
				c.load(ctx)
			}
		})
	})
}

func (c *leagueCard) Render() goapp.UI {
	lang := c.Lang
	if c.none || (!c.have && c.err == "") {
		// No league in this org, or none for this agent yet: no card
		// rather than an empty one.
		return goapp.Section().ID("league-card").Class("card", "league-card").DataSet("state", boolAttr(c.none)).Hidden(true)
	}
	if !c.have {
		return goapp.Section().ID("league-card").Class("card", "league-card").Body(
			goapp.H2().Text(tr(lang, "league.title")),
			goapp.P().Class("muted").Role("alert").Text(c.err),
		)
	}
	v := c.view
	color := tierColor(v.Tiers, v.Tier)
	name := tierName(lang, v.Tiers, v.Tier)
	return goapp.Section().ID("league-card").Class("card", "league-card").
		DataSet("tier", v.Tiers[v.Tier].ID).DataSet("week", v.Week).Style("--tier", color).
		Aria("labelledby", "league-title").Body(
		goapp.Div().Class("card-head").Body(
			goapp.H2().ID("league-title").Body(
				goapp.Span().Class("league-badge").Aria("hidden", "true"),
				goapp.Span().ID("league-tier").Class("league-tier").Text(tr(lang, "league.tier", name)),
			),
			goapp.Span().ID("league-left").Class("tag", "time-left").Text(leagueLeft(lang, v.EndsAt.Sub(c.clock()))),
		),
		c.renderResult(lang),
		goapp.P().ID("league-place").Class("league-place").Text(
			tr(lang, "league.place", formatInt(lang, int64(v.Rank)), formatInt(lang, int64(v.Size)), trn(lang, "league.points_n", v.Points, formatInt(lang, v.Points)))),
		leagueTable(lang, v, "league-rows"),
		goapp.P().Class("small-print").Body(
			goapp.If(v.Promote > 0, func() goapp.UI {
				return goapp.Span().Class("league-rule", "up").Text(trn(lang, "league.rule_up", int64(v.Promote)))
			}),
			goapp.If(v.DemoteFrom <= v.Size, func() goapp.UI {
				return goapp.Span().Class("league-rule", "down").Text(trn(lang, "league.rule_down", int64(v.Size-v.DemoteFrom+1)))
			}),
		),
	)
}

// clock is the page's time, or now.
func (c *leagueCard) clock() time.Time {
	if c.Now.IsZero() {
		return time.Now()
	}
	return c.Now
}

// renderResult announces where last week's end left the agent, once this
// tab saw it happen.
func (c *leagueCard) renderResult(lang string) goapp.UI {
	r := c.Result
	if r == nil {
		return nil
	}
	key := "league.result_stayed"
	switch r.Status {
	case shared.LeaguePromoted:
		key = "league.result_promoted"
	case shared.LeagueDemoted:
		key = "league.result_demoted"
	}
	name := tierName(lang, c.view.Tiers, r.Tier)
	if name == "" {
		name = r.TierName
	}
	return goapp.P().ID("league-result").Class("league-result").DataSet("status", r.Status).Role("status").Text(tr(lang, key, name))
}

// leagueTable is a cohort's standings with the promotion and demotion
// lines drawn between rows: green above the one, red below the other.
func leagueTable(lang string, v shared.LeagueView, id string) goapp.UI {
	var rows []goapp.UI
	for i, r := range v.Standings {
		if v.DemoteFrom > 1 && r.Rank == v.DemoteFrom && v.DemoteFrom <= v.Size {
			rows = append(rows, goapp.Li().Class("league-line", "down").Aria("hidden", "true").Text(tr(lang, "league.zone_down")))
		}
		name := r.Name
		if r.Anonymous || name == "" {
			name = tr(lang, "league.someone")
		}
		row := goapp.Li().Class("league-row").DataSet("zone", r.Zone).DataSet("me", boolAttr(r.Me)).DataSet("agent", r.Agent).Body(
			goapp.Span().Class("league-rank", "num").Text(formatInt(lang, int64(r.Rank))),
			face(name, r.Photo, teamColor(r.Team, r.Color), faceS),
			goapp.Span().Class("league-name").Text(name),
			goapp.Span().Class("league-zone-tag").Text(zoneText(lang, r.Zone)),
			goapp.Span().Class("league-points", "num").Text(formatInt(lang, r.Points)),
		)
		if r.Me {
			row = row.Aria("current", "true")
		}
		rows = append(rows, row)
		if v.Promote > 0 && i+1 == v.Promote && i+1 < len(v.Standings) {
			rows = append(rows, goapp.Li().Class("league-line", "up").Aria("hidden", "true").Text(tr(lang, "league.zone_up")))
		}
	}
	return goapp.Ol().ID(id).Class("league-table").Aria("label", tr(lang, "league.standings")).Body(rows...)
}

// zoneText names a row's zone for screen readers and for colour-blind
// eyes (the colour is never the only sign).
func zoneText(lang, zone string) string {
	switch zone {
	case shared.ZonePromote:
		return tr(lang, "league.going_up")
	case shared.ZoneDemote:
		return tr(lang, "league.going_down")
	}
	return ""
}

// leagueReadEvery is how many slide advances pass between two reads of the
// league on a TV: it changes with every award, but a minute or so late is
// fresh enough for a slide.
const leagueReadEvery = 6

// displayLeagueRows is how many rows the TV's league slide lists.
const displayLeagueRows = 10

// readLeague reads the top tier's cohort for the TV's league slide; a 404
// (no leagues, nobody in one yet) takes the slide away.
func (c *displayPage) readLeague(ctx goapp.Context, gen int) {
	token := c.creds.Token
	ctx.Async(func() {
		var v shared.LeagueView
		err := apiCall{Method: http.MethodGet, Path: "/api/v1/leagues/top", Token: token}.fetch(ctx, &v)
		ctx.Dispatch(func(ctx goapp.Context) {
			if gen != c.gen {
				return
			}
			switch {
			case err == nil:
				c.st.League = &v
			case statusOf(err) == http.StatusNotFound:
				c.st.League = nil
			default:
				goapp.Log("scorecast: reading the league for the TV:", err)
			}
		})
	})
}

// leagueSlideTitle names the tier the slide shows.
func leagueSlideTitle(lang string, v *shared.LeagueView) string {
	if v == nil {
		return tr(lang, "league.title")
	}
	return tr(lang, "league.tv_title", tierName(lang, v.Tiers, v.Tier))
}

// renderLeagueSlide is the top tier's cohort, its top rows and the
// promotion line, in the tier's colour.
func (c *displayPage) renderLeagueSlide(lang string) goapp.UI {
	v := c.st.League
	if v == nil {
		return goapp.P().Class("wall-empty").Text(tr(lang, "wall.waiting"))
	}
	shown := *v
	if len(shown.Standings) > displayLeagueRows {
		shown.Standings = shown.Standings[:displayLeagueRows]
	}
	return goapp.Section().Class("wall-panel", "league-slide", "league-card").Style("--tier", tierColor(v.Tiers, v.Tier)).
		DataSet("tier", v.Tiers[v.Tier].ID).Body(
		goapp.P().Class("league-place").Body(
			goapp.Span().Class("league-badge").Aria("hidden", "true"),
			goapp.Span().Text(" "+leagueLeft(lang, time.Until(v.EndsAt))),
		),
		leagueTable(lang, shown, "tv-league-rows"),
	)
}
