package app

import (
	"testing"

	"scorecast/shared"
)

func coopSample() shared.Challenge {
	return shared.Challenge{ID: "pair_up", Instance: "launch-1", Name: "Pair up", Progress: 21, Target: 30, Status: "active",
		Coop: []shared.CoopMember{
			{ID: "a-1", Name: "Ann Berg", Color: "#3b5ba5", Share: 9},
			{ID: "a-2", Name: "Bo Ek", Color: "#3b5ba5", Share: 12},
		}}
}

// The viewer comes first as "You", partners after in member order, then
// the target, in the reader's language.
func TestCoopLine(t *testing.T) {
	ch := coopSample()
	for _, c := range []struct{ lang, me, want string }{
		{"en", "a-2", "You 12 · Ann Berg 9 · target 30"},
		{"en", "a-1", "You 9 · Bo Ek 12 · target 30"},
		{"en", "", "Ann Berg 9 · Bo Ek 12 · target 30"}, // a supervisor's screen
		{"de", "a-2", "Du 12 · Ann Berg 9 · Ziel 30"},
		{"ru", "a-1", "Вы 9 · Bo Ek 12 · цель 30"},
	} {
		if got := coopLine(c.lang, c.me, ch); got != c.want {
			t.Errorf("%s as %q: %q, want %q", c.lang, c.me, got, c.want)
		}
	}
}

// Partners on one team still get colours of their own, the same on every
// screen.
func TestCoopColorsDistinct(t *testing.T) {
	ch := coopSample()
	ch.Coop = append(ch.Coop, shared.CoopMember{ID: "a-3", Name: "Cy", Share: 0}, shared.CoopMember{ID: "a-4", Name: "Di", Color: "#a34d2e"})
	got := coopColors(ch.Coop)
	seen := map[string]bool{}
	for i, c := range got {
		if seen[c] {
			t.Fatalf("member %d shares colour %s: %v", i, c, got)
		}
		seen[c] = true
	}
	if got[0] != "#3b5ba5" || got[3] != "#a34d2e" {
		t.Fatalf("a member keeps their team's colour when it is free: %v", got)
	}
	if again := coopColors(ch.Coop); again[1] != got[1] || again[2] != got[2] {
		t.Fatalf("colours differ between two draws: %v, %v", got, again)
	}
}

// A partner's step moves the card but stays out of the history; the
// completion goes in it.
func TestCoopStepsStayOutOfHistory(t *testing.T) {
	const topic = "agent/a-17"
	s := agentState{Topic: topic}
	s.apply(msg(t, topic, 1, shared.KindSnapshot, sampleView(10, 100, 100)))
	step := sampleView(11, 100, 100)
	step.Challenges = []shared.Challenge{coopSample()}
	s.apply(msg(t, topic, 2, shared.KindChallenge, shared.AchievementData{At: 11, Kind: shared.KindChallenge, ID: "pair_up",
		Name: "Pair up", Status: "progress", Agent: &step}))
	if len(s.View.Challenges) != 1 || s.View.Challenges[0].Coop[1].Share != 12 {
		t.Fatalf("the step did not reach the card: %+v", s.View.Challenges)
	}
	if len(s.History) != 0 {
		t.Fatalf("a step went into the history: %+v", s.History)
	}
	done := sampleView(12, 140, 140)
	s.apply(msg(t, topic, 3, shared.KindChallenge, shared.AchievementData{At: 12, Kind: shared.KindChallenge, ID: "pair_up",
		Name: "Pair up", Status: "completed", Agent: &done}))
	if len(s.History) != 1 || s.History[0].Detail != "completed" {
		t.Fatalf("the completion is not in the history: %+v", s.History)
	}
}
