package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

func TestAgentDailyGoal(t *testing.T) {
	trend := func(totals ...int64) shared.Trend {
		tr := shared.Trend{}
		day, _ := agentParseDay("2026-11-01")
		for i, n := range totals {
			tr.Days = append(tr.Days, day.AddDate(0, 0, i).Format(agentDayLayout))
			tr.Total = append(tr.Total, n)
		}
		return tr
	}
	for _, c := range []struct {
		name  string
		tr    shared.Trend
		today string
		goal  int64
		basis int
	}{
		{"no trend: the floor", shared.Trend{}, "2026-11-05", goalFloor, 0},
		{"only days off: the floor", trend(0, 0, 0), "2026-11-04", goalFloor, 0},
		{"odd count: the middle, rounded up to ten", trend(150, 0, 301, 222), "2026-11-05", 230, 3},
		{"even count: the mean of the middle two", trend(200, 300), "2026-11-03", 250, 2},
		{"today is left out", trend(400, 400, 5000), "2026-11-03", 400, 2},
		{"below the floor: the floor", trend(20, 30, 40), "2026-11-04", goalFloor, 3},
		{"an outlier moves it little", trend(300, 310, 320, 9000), "2026-11-05", 320, 4},
	} {
		goal, basis := agentDailyGoal(c.tr, c.today)
		if goal != c.goal || basis != c.basis {
			t.Errorf("%s: goal %d over %d days, want %d over %d", c.name, goal, basis, c.goal, c.basis)
		}
	}
	// At most goalDays working days, the latest.
	var many []int64
	for i := range 20 {
		many = append(many, int64(1000+i*10)) // 1000 ... 1190
	}
	if goal, basis := agentDailyGoal(trend(many...), "2026-11-30"); basis != goalDays || goal != 1150 {
		t.Errorf("the last %d days: goal %d over %d", goalDays, goal, basis)
	}
}

func TestAgentRing(t *testing.T) {
	for _, c := range []struct {
		points, goal int64
		share        float64
	}{{0, 100, 0}, {-5, 100, 0}, {50, 200, 0.25}, {300, 200, 1}, {10, 0, 0}} {
		if got := agentRingShare(c.points, c.goal); got != c.share {
			t.Errorf("agentRingShare(%d, %d) = %v, want %v", c.points, c.goal, got, c.share)
		}
	}
}

func TestAgentStreakWeek(t *testing.T) {
	days := []string{"2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"}
	totals := []int64{10, 0, 30, 40, 0, 60, 0} // the trend's today (24th) is older than the live total
	week := agentStreakWeek(days, totals, "2026-11-24", 15, 3)
	if len(week) != 7 || week[0].Day != "2026-11-18" || !week[6].Today {
		t.Fatalf("week %+v", week)
	}
	kept := ""
	for _, d := range week {
		switch {
		case d.Kept:
			kept += "K"
		case d.Worked:
			kept += "w"
		default:
			kept += "."
		}
	}
	// Three worked days back from today: the 24th (live), 23rd, 21st.
	if kept != "w.wK.KK" {
		t.Errorf("dots %s", kept)
	}
	// Before the first points of today, the run counts back from yesterday.
	week = agentStreakWeek(days, totals, "2026-11-24", 0, 1)
	if !week[5].Kept || week[6].Kept || week[6].Worked {
		t.Errorf("today without points: %+v", week)
	}
	if agentLastDays("bad", 7) != nil {
		t.Error("a bad day key gave days")
	}
}

func TestAgentPassGap(t *testing.T) {
	lb := shared.Leaderboard{Entries: []shared.LeaderboardEntry{
		{Rank: 1, Agent: "olga", Name: "Olga", Points: 120},
		{Rank: 2, Anonymous: true, Points: 100},
		{Rank: 3, Agent: "me", Points: 85},
	}}
	above, pts, ok := agentPassGap(lb, "me")
	if !ok || pts != 16 || !above.Anonymous {
		t.Errorf("agentPassGap: %+v %d %v", above, pts, ok)
	}
	if got := trn("en", "agentview.to_pass", pts, rowName("en", above)); got != "16 points to pass Anonymous" {
		t.Errorf("sentence %q", got)
	}
	if got := trn("ru", "agentview.to_pass", 1, "Ольга"); got != "1 очко, чтобы обойти: Ольга" {
		t.Errorf("ru one: %q", got)
	}
	if got := trn("ru", "agentview.to_pass", 5, "Ольга"); got != "5 очков, чтобы обойти: Ольга" {
		t.Errorf("ru many: %q", got)
	}
	if _, _, ok := agentPassGap(lb, "olga"); ok || !agentLeads(lb, "olga") {
		t.Error("the leader has no one to pass")
	}
	if _, _, ok := agentPassGap(lb, "nobody"); ok || agentLeads(lb, "nobody") {
		t.Error("someone not on the board")
	}
}

// TestToastsMergeBursts: awards inside the merge window join the newest
// notice, counted as actions by event; the words never show an id.
func TestAgentToastsMergeBursts(t *testing.T) {
	const topic = "agent/a-17"
	s := agentState{Topic: topic}
	s.applyAt(msg(t, topic, 1, shared.KindSnapshot, sampleView(10, 0, 0)), time.Now())
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	award := func(seq uint64, event, rule string, pts int64, at time.Time) int {
		id, _ := s.applyAt(msg(t, topic, seq, shared.KindPoints, shared.PointsData{At: 10 + seq, Event: event, Rule: rule, Category: "quality", Points: pts, Agent: sampleView(10+seq, 0, 0)}), at)
		return id
	}
	// One event, three rules: one notice of one action.
	award(1, "e1", "ticket.solved", 10, now)
	award(2, "e1", "ticket.fcr", 20, now)
	award(3, "e1", "survey.csat", 30, now)
	if len(s.Toasts) != 1 || s.Toasts[0].Points != 60 || s.Toasts[0].Actions != 1 || s.Toasts[0].Awards != 3 {
		t.Fatalf("one event: %+v", s.Toasts)
	}
	g := glossary{Names: map[string]map[string]string{
		"rule/ticket.solved":      {"en": "Ticket solved", "de": "Ticket gelöst"},
		"category/quality":        {"en": "Quality"},
		"challenge/daily delight": {"en": "Daily delight", "ru": "Радость дня"},
	}}
	if what, _ := agentToastText(g, "en", s.Toasts[0]); what != "Ticket solved and 2 more" {
		t.Errorf("one event's notice: %q", what)
	}
	// Three more events within the window of each other: "+85 from 4 actions".
	at := now
	for i, p := range []int64{10, 5, 10} {
		at = at.Add(toastMerge - time.Millisecond)
		award(uint64(4+i), fmt.Sprint("e", 2+i), "ticket.solved", p, at)
	}
	if len(s.Toasts) != 1 || s.Toasts[0].Points != 85 || s.Toasts[0].Actions != 4 {
		t.Fatalf("burst: %+v", s.Toasts)
	}
	if what, _ := agentToastText(g, "en", s.Toasts[0]); what != "from 4 actions" {
		t.Errorf("burst's notice %q", what)
	}
	if what, _ := agentToastText(g, "ru", s.Toasts[0]); what != "за 4 действия" {
		t.Errorf("ru burst %q", what)
	}
	if got := signedPoints("en", s.Toasts[0].Points); got != "+85" {
		t.Errorf("points %q", got)
	}
	// Past the window: a notice of its own; a third one pushes the oldest out.
	at = at.Add(toastMerge)
	award(7, "e5", "challenge:daily delight", 50, at)
	if len(s.Toasts) != 2 {
		t.Fatalf("after the window: %+v", s.Toasts)
	}
	what, detail := agentToastText(g, "ru", s.Toasts[1])
	if what != "Радость дня" || detail != "Quality" {
		t.Errorf("a challenge's reward reads %q / %q", what, detail)
	}
	at = at.Add(toastMerge)
	award(8, "e6", "unknown.rule", 1, at)
	if len(s.Toasts) != maxToasts || s.Toasts[0].Rule != "challenge:daily delight" {
		t.Fatalf("at most %d: %+v", maxToasts, s.Toasts)
	}
	// A rule the glossary does not know reads as a word, not its id.
	if what, _ := agentToastText(g, "en", s.Toasts[1]); what == "unknown.rule" || what == "Unknown rule" || what == "" {
		t.Errorf("an unknown rule reads %q", what)
	}
}

func TestAgentHistoryRowsMergeServerAndSession(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	session := []historyItem{
		{ID: 3, Kind: shared.KindBadge, Ref: "star"},
		{ID: 2, Kind: shared.KindPoints, Ref: "ticket.solved", Event: "e2", Points: 10},
	}
	past := []shared.HistoryEntry{
		{Time: at, Rule: "ticket.solved", Event: "e2", Points: 10, Category: "volume"},
		{Time: at.Add(-time.Minute), Rule: "ticket.fcr", Event: "e1", Points: 20, Category: "quality"},
	}
	rows := agentHistoryRows(session, past)
	if len(rows) != 3 || rows[0].Kind != shared.KindBadge || rows[2].Ref != "ticket.fcr" || rows[2].Detail != "quality" {
		t.Fatalf("rows %+v", rows)
	}
	// After a reload the session is empty: the server's list alone.
	if rows := agentHistoryRows(nil, past); len(rows) != 2 || rows[0].Event != "e2" {
		t.Fatalf("after a reload %+v", rows)
	}
}

func TestAgentBoardRankIsTheNewer(t *testing.T) {
	v := &shared.AgentView{ID: "me", At: 10, Rank: map[string]int{"agents/day": 2}}
	lb := shared.Leaderboard{At: 12, Entries: []shared.LeaderboardEntry{{Rank: 1, Agent: "x"}, {Rank: 2, Agent: "y"}, {Rank: 3, Agent: "me"}}}
	if got := agentBoardRank(lb, v); got != 3 {
		t.Errorf("a newer board: rank %d", got)
	}
	lb.At = 9
	if got := agentBoardRank(lb, v); got != 2 {
		t.Errorf("an older board: rank %d", got)
	}
	lb.At = 12
	lb.Entries = lb.Entries[:2]
	if got := agentBoardRank(lb, v); got != 2 {
		t.Errorf("not on the board: rank %d", got)
	}
}

// TestAgentPagePassLine: with public boards the rank card names the person
// to pass (or the anonymous as such); without, it names no one. A season
// tile shows only while a season runs.
func TestAgentPagePassLine(t *testing.T) {
	render := func(public bool, v shared.AgentView) string {
		c := &agentPage{lang: "en", mounted: true, public: public, st: agentState{Topic: "agent/a-17", View: v, Have: true}}
		c.board.Board = shared.Leaderboard{At: v.At, Entries: []shared.LeaderboardEntry{
			{Rank: 1, Agent: "a-olga", Name: "Olga", Points: 1300},
			{Rank: 2, Agent: "a-17", Name: "Alice Andersson", Points: 1250},
		}}
		e := goapp.NewTestEngine()
		if err := e.Load(c); err != nil {
			t.Fatal(err)
		}
		e.ConsumeAll()
		return goapp.HTMLString(c)
	}
	v := sampleView(10, 1250, 4000)
	html := render(true, v)
	if got := textOf(t, html, "rank-pass"); got != "51 points to pass Olga" {
		t.Errorf("pass line %q", got)
	}
	if strings.Contains(html, `id="points-season"`) {
		t.Error("a season tile with no season")
	}
	if strings.Contains(render(false, v), `id="rank-pass"`) {
		t.Error("a pass line where boards are not public")
	}
	v.Points["season"] = shared.PeriodPoints{Key: "s1", Points: 9000}
	if got := textOf(t, render(false, v), "points-season"); got != "9,000" {
		t.Errorf("season tile %q", got)
	}
}

// TestAgentViewStrings: the keys the agent view builds at run time or
// reads through trn exist in every language, with each plural category
// the language uses.
func TestAgentViewStrings(t *testing.T) {
	plain := []string{"agentview.period_day", "agentview.period_week", "agentview.period_month",
		"agentview.day_off", "agentview.day_kept", "agentview.day_worked", "agentview.rank_hide", "agentview.rank_show"}
	plural := []string{"agentview.goal_basis", "agentview.streak_days", "agentview.to_pass", "agentview.points_n",
		"agentview.toast_actions", "agentview.toast_more"}
	for _, l := range languages {
		for _, k := range plain {
			if messages[l.Code][k] == "" {
				t.Errorf("%s: no %s", l.Code, k)
			}
		}
		for _, k := range plural {
			for _, n := range []int64{0, 1, 2, 5, 11, 21, 22} {
				cat := pluralOf(l.Code, n)
				if messages[l.Code][k+"."+cat] == "" {
					t.Errorf("%s: no %s.%s (for %d)", l.Code, k, cat, n)
				}
			}
		}
	}
	for lang, want := range map[string]string{"en": "from 21 actions", "ru": "за 21 действие", "fr": "pour 2 actions", "de": "aus 5 Aktionen", "sv": "från 2 insatser"} {
		n := map[string]int64{"en": 21, "ru": 21, "fr": 2, "de": 5, "sv": 2}[lang]
		if got := trn(lang, "agentview.toast_actions", n); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

func TestAgentWeekdayLetter(t *testing.T) {
	// 2026-11-23 is a Monday, the 29th a Sunday.
	for _, c := range []struct{ lang, day, want string }{
		{"en", "2026-11-23", "M"}, {"en", "2026-11-29", "S"}, {"fr", "2026-11-26", "J"}, {"ru", "2026-11-25", "С"}, {"en", "bad", ""},
	} {
		if got := agentWeekday(c.lang, c.day); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.day, got, c.want)
		}
	}
}
