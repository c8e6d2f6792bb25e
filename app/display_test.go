package app

import (
	"testing"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

func TestDisplayTopics(t *testing.T) {
	got := displayTopics([]string{"teams", "agents/week", "teams"}, []string{"t-1"})
	want := []string{"board/teams/day", "board/agents/week", "team/t-1", "org"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: %s, want %s", i, got[i], want[i])
		}
	}
}

func TestDisplayStateSlides(t *testing.T) {
	var s displayState
	s.Bind([]string{"teams"}, []string{"t-1", "t-2"})
	if sl := s.slides(); len(sl) != 1 || sl[0] != "board/teams/day" {
		t.Fatalf("before data: %v", sl)
	}
	team := shared.TeamView{ID: "t-1", Name: "North", At: 5,
		Goals:      []shared.Goal{{ID: "g", Name: "Goal", Progress: 10, Target: 100}},
		Challenges: []shared.Challenge{{ID: "blitz", Name: "Blitz", Progress: 3, Target: 20, Team: "t-1"}}}
	s.Teams["team/t-1"].apply(msg(t, "team/t-1", 1, shared.KindSnapshot, team))
	team2 := shared.TeamView{ID: "t-2", Name: "South", At: 6, Challenges: []shared.Challenge{{ID: "blitz", Name: "Blitz", Progress: 9, Target: 20}}}
	s.Teams["team/t-2"].apply(msg(t, "team/t-2", 1, shared.KindSnapshot, team2))
	sl := s.slides()
	if len(sl) != 3 || sl[1] != slideGoals || sl[2] != slideRace {
		t.Fatalf("slides %v", sl)
	}
	if r := s.races(); len(r) != 1 || len(r[0].Teams) != 2 || r[0].Teams[0].Team != "South" {
		t.Errorf("race not ordered by progress: %+v", r)
	}
	// Rotation walks the slides and wraps.
	seen := []string{s.current()}
	for range 3 {
		s.advance()
		seen = append(seen, s.current())
	}
	if seen[0] != sl[0] || seen[1] != sl[1] || seen[2] != sl[2] || seen[3] != sl[0] {
		t.Errorf("rotation %v", seen)
	}
	// A goal message moves the bar.
	team.Goals[0].Progress, team.At = 20, 7
	s.Teams["team/t-1"].apply(msg(t, "team/t-1", 2, shared.KindGoal, shared.AchievementData{At: 7, Team: &team}))
	if g := s.goals(); g[0].Goal.Progress != 20 {
		t.Errorf("goal %+v", g)
	}
	// The ticker keeps finished achievements, newest first, not progress.
	s.Feed.apply(msg(t, "org", 1, shared.KindBadge, shared.AchievementData{Name: "Star", Status: "awarded", AgentName: "Ann"}), time.Now())
	s.Feed.apply(msg(t, "org", 2, shared.KindChallenge, shared.AchievementData{Name: "Blitz", Status: "progress"}), time.Now())
	s.Feed.apply(msg(t, "org", 3, shared.KindLevel, shared.LevelData{AgentName: "Bo", Level: 3, Name: "Pro"}), time.Now())
	if len(s.Feed.Ticker) != 2 || s.Feed.Ticker[0].Who != "Bo" || tickerText("en", glossary{}, s.Feed.Ticker[1]) != "Ann earned Star" {
		t.Errorf("ticker %+v", s.Feed.Ticker)
	}
}

func TestDisplayStale(t *testing.T) {
	var s displayState
	now := time.Now()
	s.setConn(connConnecting, now)
	if !s.StaleSince.IsZero() {
		t.Error("stale before ever live")
	}
	s.setConn(connLive, now)
	s.setConn(connReconnecting, now)
	if !s.StaleSince.Equal(now) {
		t.Error("no stale marker after losing the connection")
	}
	s.setConn(connReconnecting, now.Add(time.Minute))
	if !s.StaleSince.Equal(now) {
		t.Error("stale marker moved")
	}
	s.setConn(connLive, now)
	if !s.StaleSince.IsZero() {
		t.Error("stale marker stayed once live")
	}
}

func TestDisplayPairingRenders(t *testing.T) {
	c := &displayPage{lang: "sv", mounted: true, pairing: shared.PairingStart{Code: "K7P2QX"}}
	e := goapp.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := goapp.HTMLString(c)
	for _, want := range []string{`data-state="pairing"`, "K\u20097\u2009P\u20092\u2009Q\u2009X", "Koppla den här skärmen"} {
		if !contains(html, want) {
			t.Errorf("missing %q in %s", want, html)
		}
	}
}
