package app

import (
	"strings"
	"testing"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

func TestCelebrationsQueue(t *testing.T) {
	start := time.Now()
	q := celebrations{since: start}
	old := tickerItem{ID: 1, Kind: shared.KindBadge, At: start.Add(-time.Second)}
	q.add([]tickerItem{old})
	if q.next() {
		t.Fatal("an achievement from before the page opened was celebrated")
	}
	feed := []tickerItem{old}
	for id := 2; id <= 6; id++ {
		feed = append([]tickerItem{{ID: id, Kind: shared.KindLevel, At: start.Add(time.Second)}}, feed...)
	}
	q.add(feed)
	q.add(feed) // the same feed again adds nothing
	if len(q.queue) != maxCelebrations || q.queue[0].ID != 4 || q.queue[2].ID != 6 {
		t.Fatalf("queue keeps the newest %d, oldest first: %+v", maxCelebrations, q.queue)
	}
	if !q.next() || q.current.ID != 4 {
		t.Fatalf("first up %+v", q.current)
	}
	if q.next() {
		t.Error("a second celebration over the first")
	}
	q.current, q.resting = nil, true
	if q.next() {
		t.Error("no rest between two celebrations")
	}
	q.resting = false
	if !q.next() || q.current.ID != 5 {
		t.Errorf("second up %+v", q.current)
	}
	// A feed that starts over (a new tab state) is read anew.
	q.current = nil
	q.queue = nil
	q.add([]tickerItem{{ID: 1, Kind: shared.KindBadge, At: start.Add(2 * time.Second)}})
	if len(q.queue) != 1 {
		t.Errorf("restarted feed not read: %+v", q.queue)
	}
}

func TestBoardSliceKeepsKeyOrder(t *testing.T) {
	entries := []shared.LeaderboardEntry{
		{Rank: 1, Agent: "c"}, {Rank: 2, Agent: "a"}, {Rank: 3, Agent: "d"},
		{Rank: 4, Agent: "b"}, {Rank: 5, Anonymous: true}, {Rank: 6, Agent: "e"},
	}
	rows := boardSlice(entries, 3, 2)
	if len(rows) != 2 || rows[0].Entry.Agent != "b" || !rows[1].Entry.Anonymous {
		t.Fatalf("rows %+v", rows)
	}
	// Sorted by key, placed by rank.
	if rows[0].Place != 0 || rows[1].Place != 1 {
		t.Errorf("places %+v", rows)
	}
	all := boardSlice(entries, 0, 0)
	for i := 1; i < len(all); i++ {
		if all[i-1].Key >= all[i].Key {
			t.Errorf("not in key order: %+v", all)
		}
	}
	if boardSlice(entries, 9, 5) != nil {
		t.Error("rows past the end")
	}
}

func TestTVBarMinimumAndPercent(t *testing.T) {
	html := func(ui goapp.UI) string {
		e := goapp.NewTestEngine()
		c := &uiHolder{ui: ui}
		if err := e.Load(c); err != nil {
			t.Fatal(err)
		}
		e.ConsumeAll()
		return goapp.HTMLString(c)
	}
	low := html(tvBar("fr", "x", 1, 150))
	if !strings.Contains(low, "width:4.00%") || !strings.Contains(low, "0\u202f%") || !strings.Contains(low, "tv-bar-pct out") {
		t.Errorf("near zero: %s", low)
	}
	high := html(tvBar("en", "x", 120, 150))
	if !strings.Contains(high, "width:80.00%") || !strings.Contains(high, ">80%<") || !strings.Contains(high, "tv-bar-pct in") {
		t.Errorf("80%%: %s", high)
	}
	over := html(tvBar("en", "x", 300, 150))
	if !strings.Contains(over, "width:100.00%") {
		t.Errorf("over target: %s", over)
	}
}

// uiHolder renders a bare element for a test.
type uiHolder struct {
	goapp.Compo
	ui goapp.UI
}

func (h *uiHolder) Render() goapp.UI { return goapp.Div().Body(h.ui) }

func TestTickerWordsNeverAnID(t *testing.T) {
	g := glossary{Names: map[string]map[string]string{
		"badge/lifelong_learner":  {"en": "Lifelong learner", "sv": "Livslång lärande"},
		"tier/lifelong_learner/1": {"sv": "Brons"},
		"level/3":                 {"de": "Profi"},
	}}
	badge := tickerItem{Kind: shared.KindBadge, AgentID: "a-17", Ref: "lifelong_learner", Name: "Lifelong learner", Tier: 1, Tiered: "Bronze"}
	if got := tickerText("sv", g, badge); got != tr("sv", "tick.badge", tr("sv", "people.unnamed_agent"), "Livslång lärande · Brons") {
		t.Errorf("sv badge: %q", got)
	}
	level := tickerItem{Kind: shared.KindLevel, AgentID: "a-17", Who: "Olga", Level: 3, Name: "Pro"}
	if got := tickerText("de", g, level); !strings.Contains(got, "Profi") || !strings.Contains(got, "Olga") {
		t.Errorf("de level: %q", got)
	}
	goal := tickerItem{Kind: shared.KindGoal, TeamID: "t-north", Ref: "weekly_happy"}
	got := tickerText("en", g, goal)
	if strings.Contains(got, "t-north") || strings.Contains(got, "weekly_happy") {
		t.Errorf("an id reached the floor: %q", got)
	}
}

func TestDisplayHidesDeviceName(t *testing.T) {
	c := &displayPage{lang: "en", mounted: true, creds: displayCreds{Token: "tok", Name: "Secret Lobby TV"}, rotate: defaultRotate}
	c.st.Bind([]string{"agents"}, nil)
	b := c.st.Boards["board/agents/day"]
	b.Have = true
	b.Board = shared.Leaderboard{Board: "agents", Period: "day", Key: "k", Entries: []shared.LeaderboardEntry{
		{Rank: 1, Agent: "a-1", Name: "Olga Smirnova", Team: "t-n", Points: 250},
		{Rank: 2, Agent: "a-2", Name: "Hannah Schmidt", Team: "t-n", Points: 205, Photo: "/api/v1/photos/a-2"},
		{Rank: 3, Agent: "a-3", Name: "Camille Martin", Team: "t-s", Points: 195},
		{Rank: 4, Agent: "a-4", Name: "Ivan Petrov", Team: "t-s", Points: 180},
	}}
	e := goapp.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := goapp.HTMLString(c)
	if strings.Contains(html, "Secret Lobby TV") {
		t.Error("the device's name is on the floor's screen")
	}
	for _, want := range []string{`id="tv-podium"`, "OS", `src="/api/v1/photos/a-2?token=tok"`, `data-agent="a-4"`, "Ivan Petrov"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestDisplayProgressStillUnderReducedMotion(t *testing.T) {
	now := time.Now()
	c := &displayPage{rotate: 10 * time.Second, still: true, now: now, slideAt: now.Add(-5 * time.Second)}
	c.st.Bind([]string{"agents", "teams"}, nil)
	e := goapp.NewTestEngine()
	h := &uiHolder{ui: c.renderProgress("en", 2)}
	if err := e.Load(h); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := goapp.HTMLString(h)
	if !strings.Contains(html, "width:50.00%") || strings.Contains(html, "run-") {
		t.Errorf("reduced motion: %s", html)
	}
	c.still = false
	h2 := &uiHolder{ui: c.renderProgress("en", 2)}
	e2 := goapp.NewTestEngine()
	if err := e2.Load(h2); err != nil {
		t.Fatal(err)
	}
	e2.ConsumeAll()
	if html := goapp.HTMLString(h2); !strings.Contains(html, "run-a") || !strings.Contains(html, "animation-duration:10.00s") {
		t.Errorf("motion: %s", html)
	}
}
