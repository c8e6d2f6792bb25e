package app

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

func msg(t *testing.T, topic string, seq uint64, kind string, data any) shared.Message {
	t.Helper()
	b, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return shared.Message{Topic: topic, Seq: seq, Kind: kind, Data: b}
}

func sampleView(at uint64, day, week int64) shared.AgentView {
	return shared.AgentView{
		ID: "a-17", Name: "Alice Andersson", Team: "t-north", TeamName: "North",
		Points: map[string]shared.PeriodPoints{
			"day":  {Points: day, Categories: map[string]int64{"quality": day}},
			"week": {Points: week},
		},
		Level: 2, LevelName: "Rookie", XP: 1500, LevelXP: 1000, NextLevelXP: 2000, XPToNext: 500,
		Rank: map[string]int{"agents/day": 3},
		At:   at,
	}
}

func TestAgentStateApply(t *testing.T) {
	const topic = "agent/a-17"
	s := agentState{Topic: topic}

	// Live data before a snapshot is ignored.
	if id, _ := s.apply(msg(t, topic, 1, shared.KindPoints, shared.PointsData{At: 9, Points: 5, Agent: sampleView(9, 5, 5)})); id != 0 || s.Have {
		t.Fatal("points before snapshot applied")
	}
	s.apply(msg(t, topic, 2, shared.KindSnapshot, sampleView(10, 1250, 4000)))
	if !s.Have || s.View.Points["day"].Points != 1250 || s.SnapAt != 10 {
		t.Fatalf("snapshot not applied: %+v", s)
	}
	// Already in the snapshot.
	if id, _ := s.apply(msg(t, topic, 3, shared.KindPoints, shared.PointsData{At: 10, Points: 25, Agent: sampleView(10, 1, 1)})); id != 0 || s.View.Points["day"].Points != 1250 {
		t.Fatal("stale points applied")
	}
	// Other topics are not ours.
	if id, _ := s.apply(msg(t, "agent/other", 4, shared.KindPoints, shared.PointsData{At: 11, Points: 25, Agent: sampleView(11, 1, 1)})); id != 0 {
		t.Fatal("foreign topic applied")
	}
	id, _ := s.apply(msg(t, topic, 4, shared.KindPoints, shared.PointsData{At: 11, Rule: "fcr", Category: "quality", Points: 25, Agent: sampleView(11, 1275, 4025)}))
	if id == 0 || len(s.Toasts) != 1 || s.Toasts[0].Points != 25 || s.View.Points["week"].Points != 4025 {
		t.Fatalf("points not applied: %+v", s)
	}
	// A patch changes only what it names: the week's points, not the name.
	pv := sampleView(12, 1275, 4100)
	patch := shared.DiffAgentView(&s.View, &pv)
	if _, _ = s.apply(msg(t, topic, 5, shared.KindPoints, shared.PointsData{At: 12, Points: 75, Patch: &patch})); s.View.Points["week"].Points != 4100 || s.View.Name != "Alice Andersson" || s.View.At != 12 {
		t.Fatalf("patch not applied: %+v", s.View)
	}
	lv := sampleView(12, 1275, 4100)
	lv.Level, lv.LevelName = 3, "Pro"
	_, cel := s.apply(msg(t, topic, 6, shared.KindLevel, shared.LevelData{At: 12, Level: 3, Name: "Pro", Agent: lv}))
	if cel == 0 || s.Celebrate == nil || s.Celebrate.Level != 3 || s.View.Level != 3 {
		t.Fatalf("level not applied: %+v", s)
	}
	// A badge message may carry a patch too.
	bv := lv
	bv.Badges = []shared.Badge{{ID: "star", Name: "Star", Tier: 1}}
	bp := shared.DiffAgentView(&lv, &bv)
	s.apply(msg(t, topic, 7, shared.KindBadge, shared.AchievementData{At: 12, Kind: shared.KindBadge, ID: "star", Name: "Star", Patch: &bp}))
	if len(s.View.Badges) != 1 || s.View.Badges[0].Tier != 1 || s.View.Level != 3 {
		t.Fatalf("badge patch not applied: %+v", s.View)
	}
	// A patch against a view we do not hold (a message was lost) marks the
	// state stale instead of applying.
	lost := shared.DiffAgentView(&shared.AgentView{ID: "a-17", At: 99}, &bv)
	if s.apply(msg(t, topic, 8, shared.KindPoints, shared.PointsData{At: 100, Points: 1, Patch: &lost})); !s.Stale || len(s.View.Badges) != 1 {
		t.Fatalf("a patch against another view: stale %v, view %+v", s.Stale, s.View)
	}
	s.Stale = false
	// Both points messages came within the merge window: one notice, whose
	// first timer no longer ends it; its latest does.
	if len(s.Toasts) != 1 || s.Toasts[0].Points != 100 || s.Toasts[0].Awards != 2 {
		t.Fatalf("a burst is not one notice: %+v", s.Toasts)
	}
	s.dropToast(id)
	if len(s.Toasts) != 1 {
		t.Fatal("an earlier timer ended a notice that grew since")
	}
	s.dropToast(s.Toasts[0].Token)
	s.endCelebration(cel)
	if len(s.Toasts) != 0 || s.Celebrate != nil {
		t.Fatal("timers did not clear")
	}
	s.apply(msg(t, topic, 9, shared.KindError, shared.ErrorData{Error: "forbidden"}))
	if s.Err != "forbidden" {
		t.Fatalf("error: %q", s.Err)
	}
	// Awards far apart are notices of their own, at most maxToasts.
	at := time.Now()
	for i := 0; i < 10; i++ {
		at = at.Add(toastMerge + time.Second)
		s.applyAt(msg(t, topic, uint64(10+i), shared.KindPoints, shared.PointsData{At: uint64(13 + i), Event: fmt.Sprint("e", i), Points: 1, Agent: lv}), at)
	}
	if len(s.Toasts) != maxToasts {
		t.Errorf("%d toasts, want at most %d", len(s.Toasts), maxToasts)
	}
}

// textOf returns the text of the element with the given id in html.
func textOf(t *testing.T, html, id string) string {
	t.Helper()
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`)
	m := re.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no element #%s in:\n%s", id, html)
	}
	return strings.TrimSpace(m[1])
}

func TestAgentPageRenders(t *testing.T) {
	v := sampleView(10, 1250, 4000)
	c := &agentPage{lang: "en", mounted: true, status: liveStatus{Conn: connLive}, st: agentState{
		Topic: "agent/a-17", View: v, Have: true,
		Toasts:    []toast{{ID: 1, Points: 25, Category: "quality", Rule: "first-contact-resolution"}},
		Celebrate: &celebration{ID: 2, Level: 3, Name: "Pro"},
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

	if m := regexp.MustCompile(`id="points-day"[^>]*>\s*<span[^>]*>([^<]*)<`).FindStringSubmatch(html); m == nil || m[1] != "1,250" {
		i := strings.Index(html, `id="points-day"`)
		t.Errorf("#points-day counts to %v, want 1,250: %s", m, html[i:min(i+300, len(html))])
	}
	for id, want := range map[string]string{
		"points-week": "4,000", "level": "2", "level-name": "Rookie",
		"rank": "3", "agent-name": "Alice Andersson", "team-name": "North", "xp-to-next": "500 XP to level 3",
	} {
		if got := textOf(t, html, id); got != want {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	for _, want := range []string{
		`id="agent-view"`, `data-state="live"`, `role="status"`,
		`aria-live="polite"`, `class="toast"`, `id="celebration"`, `Level 3 — Pro!`, `width:50.00%`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
}

func TestAgentPageBeforeSnapshot(t *testing.T) {
	c := &agentPage{lang: "sv", mounted: true, status: liveStatus{Conn: connReconnecting}, st: agentState{Topic: "agent/x"}}
	e := goapp.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := goapp.HTMLString(c)
	for _, want := range []string{`data-mounted="false"`, `data-state="reconnecting"`, "återansluter…"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in %s", want, html)
		}
	}
	if strings.Contains(html, `id="celebration"`) || strings.Contains(html, `id="points-day"`) {
		t.Error("rendered numbers before a snapshot")
	}
}

func TestAgentPageTopLevelUnranked(t *testing.T) {
	v := sampleView(10, 0, 0)
	v.NextLevelXP, v.XPToNext, v.Rank = 0, 0, map[string]int{}
	c := &agentPage{lang: "en", mounted: true, st: agentState{Topic: "agent/a-17", View: v, Have: true}}
	e := goapp.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	html := goapp.HTMLString(c)
	if got := textOf(t, html, "rank"); got != "–" {
		t.Errorf("rank %q", got)
	}
	if got := textOf(t, html, "xp-to-next"); got != "Top level reached" {
		t.Errorf("xp-to-next %q", got)
	}
	if !strings.Contains(html, "width:100.00%") {
		t.Error("top level bar not full")
	}
}

func TestAgentIDFromPath(t *testing.T) {
	for in, want := range map[string]string{
		"/agent/a-17":         "a-17",
		"/agent/alice%40corp": "alice@corp",
		"/agent/":             "",
		"/agent/a/b":          "",
		"/wallboard":          "",
	} {
		if got := agentIDFromPath(in); got != want {
			t.Errorf("agentIDFromPath(%q) = %q, want %q", in, got, want)
		}
	}
	if agentHref("alice@corp") != "/agent/alice@corp" || agentHref("a b") != "/agent/a%20b" {
		t.Error(agentHref("alice@corp"), agentHref("a b"))
	}
}
