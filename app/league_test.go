package app

import (
	"encoding/json"
	"testing"
	"time"

	"scorecast/shared"
)

func TestLeagueLeftIsPluralAware(t *testing.T) {
	cases := []struct {
		lang string
		d    time.Duration
		want string
	}{
		{"en", 3*24*time.Hour + 5*time.Hour, "3 days left"},
		{"en", 24 * time.Hour, "1 day left"},
		{"en", 90 * time.Minute, "1 hour left"},
		{"en", 10 * time.Minute, "1 hour left"},
		{"en", -time.Minute, "Ending now"},
		{"ru", 2 * 24 * time.Hour, "осталось 2 дня"},
		{"ru", 5 * 24 * time.Hour, "осталось 5 дней"},
		{"ru", 21 * 24 * time.Hour, "остался 21 день"},
		{"sv", 2 * 24 * time.Hour, "2 dagar kvar"},
		{"de", 24 * time.Hour, "noch 1 Tag"},
		{"fr", 4 * time.Hour, "4 heures restantes"},
	}
	for _, c := range cases {
		if got := leagueLeft(c.lang, c.d); got != c.want {
			t.Errorf("leagueLeft(%s, %s) = %q, want %q", c.lang, c.d, got, c.want)
		}
	}
}

func TestTierNameAndColor(t *testing.T) {
	tiers := []shared.LeagueTier{{ID: "bronze", Name: "Bronze", Labels: map[string]string{"en": "Bronze", "sv": "Brons"}}, {ID: "ruby", Name: "Ruby"}}
	if got := tierName("sv", tiers, 0); got != "Brons" {
		t.Errorf("sv: %q", got)
	}
	if got := tierName("de", tiers, 0); got != "Bronze" {
		t.Errorf("falls back to English: %q", got)
	}
	if got := tierName("de", tiers, 1); got != "Ruby" {
		t.Errorf("falls back to the name: %q", got)
	}
	if tierColor(tiers, 0) != tierColors["bronze"] || tierColor(tiers, 1) != tierPalette[1] || tierColor(tiers, 7) != tierPalette[0] {
		t.Error("tier colours: by id, else by place, else the first")
	}
}

func TestAgentStateAppliesLeagueMessage(t *testing.T) {
	s := &agentState{Topic: "agent/a1"}
	snap, _ := json.Marshal(shared.AgentView{ID: "a1", At: 5, XP: 40})
	s.applyAt(shared.Message{Topic: "agent/a1", Kind: shared.KindSnapshot, Data: snap}, time.Now())
	data, _ := json.Marshal(shared.LeagueData{At: 9, Week: "2026-W49", Status: shared.LeaguePromoted, Tier: 1, TierName: "Silver", Rank: 2, Points: 80,
		TierLabels: map[string]string{"sv": "Silver", "de": "Silber"}, Agent: &shared.AgentView{ID: "a1", At: 9, XP: 40}})
	_, cel := s.applyAt(shared.Message{Topic: "agent/a1", Kind: shared.KindLeague, Data: data}, time.Now())
	if s.League == nil || s.League.Status != shared.LeaguePromoted || s.League.TierName != "Silver" || s.View.At != 9 {
		t.Fatalf("league message not applied: %+v, view at %d", s.League, s.View.At)
	}
	if cel == 0 || s.Celebrate == nil || s.Celebrate.Kind != shared.KindLeague || s.Celebrate.Labels["de"] != "Silber" {
		t.Fatalf("a promotion is celebrated: %d %+v", cel, s.Celebrate)
	}
	// One from before the snapshot is already in it.
	s2 := &agentState{Topic: "agent/a1"}
	s2.applyAt(shared.Message{Topic: "agent/a1", Kind: shared.KindSnapshot, Data: snap}, time.Now())
	old, _ := json.Marshal(shared.LeagueData{At: 4, Status: shared.LeagueDemoted})
	s2.applyAt(shared.Message{Topic: "agent/a1", Kind: shared.KindLeague, Data: old}, time.Now())
	if s2.League != nil {
		t.Fatal("a message older than the snapshot applied")
	}
}

func TestLeagueSlideJoinsRotatingTVsOnly(t *testing.T) {
	league := &shared.LeagueView{Week: "2026-W50", Tiers: []shared.LeagueTier{{ID: "bronze"}, {ID: "silver"}},
		Standings: []shared.LeagueRow{{LeaderboardEntry: shared.LeaderboardEntry{Rank: 1, Agent: "a"}}}}
	var one displayState
	one.Bind([]string{"agents/day"}, nil)
	one.League = league
	if sl := one.slides(); len(sl) != 1 {
		t.Fatalf("a single-board TV stays on its board: %v", sl)
	}
	var two displayState
	two.Bind([]string{"teams", "agents/day"}, nil)
	two.League = league
	if sl := two.slides(); len(sl) != 3 || sl[2] != slideLeague {
		t.Fatalf("a rotating TV shows the league last: %v", sl)
	}
	two.League = &shared.LeagueView{}
	if sl := two.slides(); len(sl) != 2 {
		t.Fatalf("an empty league has no slide: %v", sl)
	}
}
