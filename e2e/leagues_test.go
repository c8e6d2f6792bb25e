package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// leaguesLastWeek ingests, for agents prefix-1 … prefix-n, i tickets each
// (10 points apiece in the default ruleset), dated a week ago: last ISO
// week's work, in whatever zone the ruleset keeps.
func leaguesLastWeek(t *testing.T, s *server, team, prefix string, n int) {
	t.Helper()
	at := time.Now().UTC().Add(-7 * 24 * time.Hour)
	var evs []event
	for i := 1; i <= n; i++ {
		for j := range i {
			ev := ticket(fmt.Sprintf("%s-%d", prefix, i), team, false)
			ev.Time = at.Add(time.Duration(j) * time.Second)
			evs = append(evs, ev)
		}
	}
	s.ingest(evs...)
}

// leaguesView reads an agent's league as bc; the status and the view.
func leaguesView(t testing.TB, bc *browserClient, path string) (int, shared.LeagueView) {
	t.Helper()
	status, body := bc.do(http.MethodGet, path, nil)
	var v shared.LeagueView
	if status == http.StatusOK {
		require.NoError(t, json.Unmarshal(body, &v))
	}
	return status, v
}

// TestLeaguesWeekTickPromotesAndReplays: last week's work through the real
// ingest makes one cohort of eight in Bronze; a restart whose scheduler
// ticks this week rolls the league through the stream's control path: the
// top five move up to Silver, the rest stay. The agent, their supervisor
// and the TV read it; an empty Badger replayed from the stream gives the
// same promotions.
func TestLeaguesWeekTickPromotesAndReplays(t *testing.T) {
	dir := t.TempDir()
	// A slot of a day: the one tick at start comes before anything
	// scored, and the next is a day away, so the week stays open.
	s := startServer(t, dir, "--tick-every", "24h")
	const n = 8
	agents, sup := rewardsPeople(t, s, "t-lg", "lg", n)
	leaguesLastWeek(t, s, "t-lg", "lg", n)
	s.waitAgent("lg-8", func(v shared.AgentView) bool { return v.XP >= 80 })

	lastWeek := func() string {
		y, w := time.Now().Add(-7 * 24 * time.Hour).In(stockholmZone(t)).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}()
	status, v := leaguesView(t, agents[0], "/api/v1/leagues/me")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, lastWeek, v.Week)
	assert.Equal(t, 0, v.Tier)
	assert.Equal(t, "bronze", v.Tiers[v.Tier].ID)
	assert.Len(t, v.Tiers, 5)
	assert.Equal(t, n, v.Size)
	assert.Equal(t, n, v.Rank, "lg-1 scored least")
	assert.EqualValues(t, 10, v.Points)
	assert.Equal(t, 5, v.Promote)
	require.Len(t, v.Standings, n)
	assert.Equal(t, "lg-8", v.Standings[0].Agent)
	assert.EqualValues(t, 80, v.Standings[0].Points)
	assert.Equal(t, shared.ZonePromote, v.Standings[0].Zone)
	assert.Equal(t, shared.ZonePromote, v.Standings[4].Zone)
	assert.Empty(t, v.Standings[5].Zone, "rank 6 is below the promotion line")
	assert.True(t, v.Standings[n-1].Me)
	assert.False(t, v.EndsAt.IsZero())
	// The supervisor reads an agent's; another agent may not.
	status, _ = leaguesView(t, sup, "/api/v1/agents/lg-3/league")
	assert.Equal(t, http.StatusOK, status)
	status, _ = leaguesView(t, agents[0], "/api/v1/agents/lg-3/league")
	assert.Equal(t, http.StatusForbidden, status)
	status, body := s.admin().do(http.MethodGet, "/api/v1/agents/nobody/league", nil)
	assert.Equal(t, http.StatusNotFound, status, string(body))

	// The restart's scheduler ticks this week: the league rolls.
	s.Stop()
	s2 := startServer(t, dir, "--tick-every", "1m")
	thisWeek := func() string {
		y, w := time.Now().In(stockholmZone(t)).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}()
	tiers := func(s *server) map[string]int {
		out := map[string]int{}
		for i := 1; i <= n; i++ {
			status, v := leaguesView(t, s.admin(), fmt.Sprintf("/api/v1/agents/lg-%d/league", i))
			require.Equal(t, http.StatusOK, status)
			if v.Week == thisWeek {
				out[fmt.Sprintf("lg-%d", i)] = v.Tier
			}
		}
		return out
	}
	want := map[string]int{"lg-1": 0, "lg-2": 0, "lg-3": 0, "lg-4": 1, "lg-5": 1, "lg-6": 1, "lg-7": 1, "lg-8": 1}
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.Equal(c, want, tiers(s2))
	}, 90*time.Second, pollEvery, "the tick of this week rolls the league")
	// The new week's cohorts: five in Silver, three in Bronze.
	status, v = leaguesView(t, s2.admin(), "/api/v1/agents/lg-8/league")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "silver", v.Tiers[v.Tier].ID)
	assert.Equal(t, 5, v.Size)
	assert.Equal(t, 6, v.DemoteFrom, "a cohort of five that all may go up has no room for a demotion zone")
	top := shared.LeagueView{}
	require.Equal(t, http.StatusOK, s2.getJSON("/api/v1/leagues/top", &top))
	assert.Equal(t, 1, top.Tier, "the TV shows the highest tier anyone is in")
	assert.Equal(t, 5, top.Size)

	// A replay of the stream into an empty Badger moves the same people.
	before := tiers(s2)
	s2.Stop()
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "badger")))
	s3 := startServer(t, dir, "--tick-every", "1m")
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.Equal(c, before, tiers(s3))
	}, 30*time.Second, pollEvery, "the replay gives the same promotions")
}

// stockholmZone is the default ruleset's zone, in which weeks begin.
func stockholmZone(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	require.NoError(t, err)
	return loc
}

// TestLeaguesCardInAgentView: an agent's phone shows their league card with
// the tier, their place, the zones as bands and the week's time left, with
// no sideways scroll at 390 px; points they score move them up the table
// live. A paired TV rotates through a slide of the top tier's cohort.
func TestLeaguesCardInAgentView(t *testing.T) {
	s := startServer(t, "")
	const n = 6
	rewardsPeople(t, s, "t-lc", "lc", n)
	var evs []event
	for i := 1; i <= n; i++ {
		for range i {
			evs = append(evs, ticket(fmt.Sprintf("lc-%d", i), "t-lc", false))
		}
	}
	s.ingest(evs...)
	s.waitAgent("lc-6", func(v shared.AgentView) bool { return v.XP >= 60 })

	ctx := newBrowser(t, 390, 844)
	loginBrowser(t, ctx, s, "lc-3", "password-lc-3")
	open(t, ctx, s.URL+"/agent/lc-3", "#agent-view")
	waitJS(t, ctx, 15*time.Second, `(document.querySelector("#league-card")||{dataset:{}}).dataset.tier || ""`, "bronze")
	waitJS(t, ctx, 5*time.Second, `document.querySelectorAll("#league-rows .league-row").length`, n)
	assert.Equal(t, "Bronze league", js[string](t, ctx, `document.getElementById("league-tier").textContent`))
	assert.Equal(t, "Place 4 of 6 · 30 points", js[string](t, ctx, `document.getElementById("league-place").textContent`))
	// The top five (all with points) are in the promotion zone, with the
	// line under them; the agent's own row is marked.
	assert.Equal(t, 5, js[int](t, ctx, `document.querySelectorAll('#league-rows .league-row[data-zone="promote"]').length`))
	assert.Equal(t, 1, js[int](t, ctx, `document.querySelectorAll("#league-rows .league-line.up").length`))
	assert.Equal(t, "lc-3", js[string](t, ctx, `document.querySelector('#league-rows .league-row[data-me="true"]').dataset.agent`))
	assert.Regexp(t, `^(\d+ days? left|\d+ hours? left)$`, js[string](t, ctx, `document.getElementById("league-left").textContent`))
	// The zone is said in words too, for screen readers.
	assert.Equal(t, "Moving up", js[string](t, ctx, `document.querySelector('#league-rows .league-row[data-zone="promote"] .league-zone-tag').textContent`))
	assert.True(t, js[bool](t, ctx, agentNoSideways), "no sideways scroll at 390 px")
	require.True(t, js[bool](t, ctx, `(document.getElementById("league-card").scrollIntoView({block: "start"}), true)`))
	agentShot(t, ctx, "league-card-390")

	// Seven more tickets: 100 points, first place, live.
	evs = evs[:0]
	for range 7 {
		evs = append(evs, ticket("lc-3", "t-lc", false))
	}
	s.ingest(evs...)
	waitJS(t, ctx, 15*time.Second, `document.getElementById("league-place").textContent`, "Place 1 of 6 · 100 points")
	assert.Equal(t, "lc-3", js[string](t, ctx, `document.querySelector("#league-rows .league-row").dataset.agent`))

	// A TV that rotates through boards rotates through the top tier's
	// league too, zones and all.
	tv := newViewport(t, 1920, 1080)
	require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display?rotate=1")))
	pairTV(t, tv, s, "League TV", []string{"teams", "agents/day"}, []string{})
	waitJS(t, tv, 30*time.Second, `document.getElementById("display").dataset.slide === "league" && document.getElementById("display").dataset.mounted === "true"`, true)
	assert.Equal(t, "Bronze league this week", js[string](t, tv, `document.getElementById("slide-title").textContent`))
	assert.Equal(t, n, js[int](t, tv, `document.querySelectorAll("#tv-league-rows .league-row").length`))
	assert.Equal(t, 5, js[int](t, tv, `document.querySelectorAll('#tv-league-rows .league-row[data-zone="promote"]').length`))
	assert.True(t, js[bool](t, tv, `document.documentElement.scrollWidth <= innerWidth`), "no sideways scroll on the TV")
	tvShot(t, tv, "tv-league-1920x1080")
}
