package app

import (
	"regexp"
	"strings"
	"testing"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

func TestWallStateApply(t *testing.T) {
	var s wallState
	s.setConn(connConnecting, time.Now())
	if !s.StaleSince.IsZero() {
		t.Fatal("stale before any data")
	}
	s.Teams.apply(msg(t, wallTeamsTopic, 1, shared.KindSnapshot, shared.Leaderboard{Key: "2026-11-26", At: 20, Entries: []shared.LeaderboardEntry{{Rank: 1, Team: "t-1", Name: "North", Points: 90}}}))
	s.setConn(connLive, time.Now())
	if !s.Teams.Have || s.Agents.Have {
		t.Fatal("snapshot applied to the wrong board")
	}
	// At <= snapshot: already included.
	s.Teams.apply(msg(t, wallTeamsTopic, 2, shared.KindBoard, shared.Leaderboard{Key: "2026-11-26", At: 20}))
	if len(s.Teams.Board.Entries) != 1 {
		t.Fatal("stale board applied")
	}
	s.Teams.apply(msg(t, wallTeamsTopic, 3, shared.KindBoard, shared.Leaderboard{Key: "2026-11-26", At: 21, Entries: []shared.LeaderboardEntry{{Rank: 1, Team: "t-2", Name: "South", Points: 120}, {Rank: 2, Team: "t-1", Name: "North", Points: 90}}}))
	if len(s.Teams.Board.Entries) != 2 {
		t.Fatal("board not replaced")
	}
	now := time.Date(2026, 11, 26, 14, 3, 7, 0, time.Local)
	s.setConn(connReconnecting, now)
	s.setConn(connReconnecting, now.Add(time.Minute))
	if !s.StaleSince.Equal(now) {
		t.Errorf("stale since %v", s.StaleSince)
	}
	s.setConn(connLive, now)
	if !s.StaleSince.IsZero() {
		t.Error("stale marker kept while live")
	}
}

func TestWallboardRenders(t *testing.T) {
	var agents []shared.LeaderboardEntry
	for i := 1; i <= 12; i++ {
		agents = append(agents, shared.LeaderboardEntry{Rank: i, Agent: "a-" + string(rune('a'+i)), Name: "Agent", Points: int64(2000 - i*100)})
	}
	c := &wallboardPage{lang: "en", mounted: true, st: wallState{
		Conn:       connReconnecting,
		StaleSince: time.Date(2026, 11, 26, 14, 3, 7, 0, time.Local),
		Teams: boardState{Have: true, Board: shared.Leaderboard{Entries: []shared.LeaderboardEntry{
			{Rank: 1, Team: "t-south", Name: "South", Points: 12000},
			{Rank: 2, Team: "t-north", Name: "North", Points: 6000},
		}}},
		Agents: boardState{Have: true, Board: shared.Leaderboard{Entries: agents}},
	}}
	e := goapp.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := goapp.HTMLString(c)
	// go-app writes an attribute whose value is "true" as a bare name.
	if !regexp.MustCompile(`data-mounted[ >]`).MatchString(html) {
		t.Error("data-mounted is not true")
	}
	for _, want := range []string{
		`id="wallboard"`, `id="teams-board"`, `id="agents-board"`,
		`data-team="t-south"`, `data-points="12000"`, `data-value="12000"`, `width:50.00%`,
		`stale since 14:03:07`, `data-state="reconnecting"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
	// Rows keep their elements in a stable order and are placed by rank
	// (--place), so a reordering slides.
	var teams []string
	for _, li := range regexp.MustCompile(`<li[^>]*data-team[^>]*>`).FindAllString(html, -1) {
		attr := func(name string) string {
			m := regexp.MustCompile(name + `="([^"]*)"`).FindStringSubmatch(li)
			if m == nil {
				return ""
			}
			return m[1]
		}
		teams = append(teams, attr("data-team")+"@"+attr("style"))
	}
	if strings.Join(teams, ",") != "t-north@--place:1,t-south@--place:0" {
		t.Errorf("team rows %v", teams)
	}
	if n := strings.Count(html, "data-agent="); n != wallboardAgents {
		t.Errorf("%d agent rows, want %d", n, wallboardAgents)
	}
}

func TestWallboardBeforeSnapshot(t *testing.T) {
	c := &wallboardPage{lang: "de", mounted: true}
	e := goapp.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := goapp.HTMLString(c)
	if !strings.Contains(html, `data-mounted="false"`) || !strings.Contains(html, "Warte auf die ersten Zahlen") {
		t.Error(html)
	}
}

func TestHandler(t *testing.T) {
	h := Handler("v1", 1234)
	if h.WasmContentLength != "1234" || h.Version != "v1" || h.Icon.Default == "" || h.Icon.SVG == "" {
		t.Errorf("%+v", h)
	}
	if Handler("v1", 0).WasmContentLength != "" {
		t.Error("content length set for unknown size")
	}
	Routes()
	Routes() // twice is harmless
}
