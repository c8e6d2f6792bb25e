package app

import (
	"encoding/json"
	"testing"
	"time"

	"scorecast/shared"
)

func rewardMsg(t *testing.T, topic string, seq uint64, kind string, data any) shared.Message {
	t.Helper()
	b, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return shared.Message{Topic: topic, Seq: seq, Kind: kind, Data: b}
}

// TestAgentStateKudos: a kudos on the agent's topic becomes a notice, a
// history line and the newest received; the same kudos again (a resume)
// changes nothing; a hidden one makes no notice.
func TestAgentStateKudos(t *testing.T) {
	s := agentState{Topic: "agent/a-2"}
	k := shared.Kudos{ID: "k1", From: "a-1", FromName: "Ann", To: "a-2", ToName: "Bo", Value: "helpful", Message: "thanks"}
	toast, cel := s.applyAt(rewardMsg(t, s.Topic, 1, shared.KindKudos, shared.KudosData{At: 5, Kudos: k}), time.Now())
	if toast == 0 || cel != 0 {
		t.Fatalf("toast %d celebration %d", toast, cel)
	}
	if len(s.Toasts) != 1 || s.Toasts[0].Kudos == nil || s.Toasts[0].Kudos.ID != "k1" {
		t.Fatalf("toasts %+v", s.Toasts)
	}
	if len(s.Received) != 1 || len(s.History) != 1 || s.History[0].Kind != shared.KindKudos {
		t.Fatalf("received %+v history %+v", s.Received, s.History)
	}
	if toast, _ := s.applyAt(rewardMsg(t, s.Topic, 2, shared.KindKudos, shared.KudosData{At: 5, Kudos: k}), time.Now()); toast != 0 || len(s.Received) != 1 {
		t.Fatalf("a repeat counted: toast %d received %d", toast, len(s.Received))
	}
	hidden := shared.Kudos{ID: "k2", FromName: "Cy", Value: "brave", Hidden: true}
	if toast, _ := s.applyAt(rewardMsg(t, s.Topic, 3, shared.KindKudos, shared.KudosData{At: 6, Kudos: hidden}), time.Now()); toast != 0 {
		t.Fatalf("a hidden kudos made a notice")
	}
	if len(s.Received) != 2 || s.Received[0].ID != "k2" {
		t.Fatalf("received %+v", s.Received)
	}
	// A points award never merges into a kudos notice.
	s.Have = true
	s.addPoints(shared.PointsData{Points: 5, Rule: "r", Event: "e1"}, time.Now())
	if len(s.Toasts) != 2 || s.Toasts[1].Kudos != nil || s.Toasts[1].Points != 5 {
		t.Fatalf("toasts %+v", s.Toasts)
	}
}

// TestAgentStateWalletAndRedemptions: the newest wallet message wins; a
// redemption's new status replaces the old one by id.
func TestAgentStateWalletAndRedemptions(t *testing.T) {
	s := agentState{Topic: "agent/a-1"}
	s.applyAt(rewardMsg(t, s.Topic, 1, shared.KindWallet, shared.WalletData{At: 9, Balance: 120}), time.Now())
	s.applyAt(rewardMsg(t, s.Topic, 2, shared.KindWallet, shared.WalletData{At: 7, Balance: 80}), time.Now())
	if s.Wallet == nil || s.Wallet.Balance != 120 {
		t.Fatalf("wallet %+v", s.Wallet)
	}
	s.applyAt(rewardMsg(t, s.Topic, 3, shared.KindRedemption, shared.Redemption{ID: "r1", Status: redemptionPending}), time.Now())
	before := s.Redemptions
	s.applyAt(rewardMsg(t, s.Topic, 4, shared.KindRedemption, shared.Redemption{ID: "r1", Status: redemptionApproved}), time.Now())
	if s.Redemptions["r1"].Status != redemptionApproved || before["r1"].Status != redemptionPending {
		t.Fatalf("redemptions %+v (before %+v): a page's copy must not change under it", s.Redemptions, before)
	}
	rs := upsertRedemption([]shared.Redemption{{ID: "r0"}, {ID: "r1", Status: redemptionPending}}, s.Redemptions["r1"])
	if len(rs) != 2 || rs[1].Status != redemptionApproved {
		t.Fatalf("upsert %+v", rs)
	}
	if rs = upsertRedemption(rs, shared.Redemption{ID: "r2"}); rs[0].ID != "r2" {
		t.Fatalf("a new redemption goes first: %+v", rs)
	}
}

// TestRewardTicker: kudos read "Ann → Bo: Helpful" and never carry the
// message; a hidden one stays off the floor; a spotlight is celebrated,
// kudos are not.
func TestRewardTicker(t *testing.T) {
	var f orgFeed
	now := time.Now()
	f.apply(rewardMsg(t, "org", 1, shared.KindKudos, shared.KudosData{Kudos: shared.Kudos{ID: "k", FromName: "Ann", ToName: "Bo", To: "a-2", Value: "helpful", Message: "secret"}}), now)
	f.apply(rewardMsg(t, "org", 2, shared.KindKudos, shared.KudosData{Kudos: shared.Kudos{ID: "h", FromName: "Ann", ToName: "Bo", Value: "helpful", Hidden: true}}), now)
	f.apply(rewardMsg(t, "org", 3, shared.KindSpotlight, shared.Spotlight{ID: "s", Agent: "a-2", AgentName: "Bo", Title: "Agent of the month", Message: "Well done", Period: "2026-11"}), now)
	if len(f.Ticker) != 2 {
		t.Fatalf("ticker %+v", f.Ticker)
	}
	if got := tickerText("en", glossary{}, f.Ticker[1]); got != "Ann → Bo: Helpful" {
		t.Errorf("kudos line %q", got)
	}
	if got := tickerText("en", glossary{}, f.Ticker[0]); got != "Bo in the spotlight: Agent of the month" {
		t.Errorf("spotlight line %q", got)
	}
	q := celebrations{}
	q.add(f.Ticker)
	if len(q.queue) != 1 || q.queue[0].Kind != shared.KindSpotlight {
		t.Fatalf("celebrations %+v", q.queue)
	}
	if got := celebrationHead("en", q.queue[0]); got != "Spotlight · November 2026" {
		t.Errorf("head %q", got)
	}
}

// TestRewardWords: ledger reasons, candidates' reasons, stock and why an
// item cannot be bought, in words.
func TestRewardWords(t *testing.T) {
	g := glossary{Names: map[string]map[string]string{"badge/quality_star": {"en": "Quality star"}, "value/helpful": {"en": "Helpful", "de": "Hilfsbereit"}}}
	items := map[string]string{"coffee": "Coffee voucher"}
	for _, c := range []struct {
		e    shared.LedgerEntry
		want string
	}{
		{shared.LedgerEntry{Reason: ledgerRule, Detail: "badge:quality_star"}, "Badge Quality star"},
		{shared.LedgerEntry{Reason: ledgerRedeem, Detail: "coffee"}, "Redeemed Coffee voucher"},
		{shared.LedgerEntry{Reason: ledgerRedeem, Detail: "day_off"}, "Redeemed Day off"},
		{shared.LedgerEntry{Reason: ledgerRefund}, "Refund"},
		{shared.LedgerEntry{Reason: ledgerAdjust, Detail: "welcome gift"}, "Adjustment: welcome gift"},
	} {
		if got := ledgerText("en", g, c.e, items); got != c.want {
			t.Errorf("%+v: %q, want %q", c.e, got, c.want)
		}
	}
	if got := kudosValueName(g, "de", "helpful"); got != "Hilfsbereit" {
		t.Errorf("value name %q", got)
	}
	for _, c := range []struct {
		c    shared.Candidate
		want string
	}{
		{shared.Candidate{Reason: "quality", Figure: 4.9}, "Best quality: 4.9"},
		{shared.Candidate{Reason: "improved", Figure: 38}, "Most improved: +38%"},
		{shared.Candidate{Reason: "kudos", Figure: 7}, "Most kudos: 7"},
	} {
		if got := candidateReasonText("en", c.c); got != c.want {
			t.Errorf("%+v: %q, want %q", c.c, got, c.want)
		}
	}
	it := shared.StoreItem{Cost: 200, Stock: 3}
	if got := redeemBlock("en", it, 80); got != "120 more coins" {
		t.Errorf("short: %q", got)
	}
	if got := redeemBlock("ru", it, 199); got != "ещё 1 монета" {
		t.Errorf("short by one in Russian: %q", got)
	}
	if redeemBlock("en", it, 200) != "" || redeemBlock("en", shared.StoreItem{Cost: 1}, 5) == "" {
		t.Error("an item with stock and enough coins is buyable; one sold out is not")
	}
	if stockText("en", shared.StoreItem{Stock: -1}) != "Unlimited" || stockText("en", it) != "3 left" {
		t.Error("stock words")
	}
	if itemProgress(50, 200) != 25 || itemProgress(300, 200) != 100 || itemProgress(-5, 200) != 0 {
		t.Error("progress towards the cost")
	}
	if got := spotlightPeriodText("en", "2026-11"); got != "November 2026" {
		t.Errorf("period %q", got)
	}
}

// TestKudosLeftPlural: the allowance line follows each language's plural.
func TestKudosLeftPlural(t *testing.T) {
	f := kudosForm{remaining: 2, allowance: 3, period: shared.PeriodWeek}
	if got := f.leftText("en"); got != "2 of 3 left this week" {
		t.Errorf("en %q", got)
	}
	f.remaining = 1
	if got := f.leftText("fr"); got != "1 sur 3 restant cette semaine" {
		t.Errorf("fr %q", got)
	}
}

// TestKudosPeople: the caller is never offered; the search narrows by
// name and keeps the one picked.
func TestKudosPeople(t *testing.T) {
	var f kudosForm
	me := identity{User: "a-1"}
	f.addPeople(me, []kudosPerson{{ID: "a-1", Name: "Me"}, {ID: "a-3", Name: "Cy"}, {ID: "a-2", Name: "Bo"}, {ID: "a-2", Name: "Bo"}})
	if len(f.people) != 2 || f.people[0].Name != "Bo" {
		t.Fatalf("people %+v", f.people)
	}
	f.to, f.query = "a-2", "cy"
	if m := f.matches(); len(m) != 2 {
		t.Fatalf("matches %+v", m)
	}
	f.to = ""
	if m := f.matches(); len(m) != 1 || m[0].ID != "a-3" {
		t.Fatalf("matches %+v", m)
	}
}

// TestItemForm: the editor checks what it can before the server does.
func TestItemForm(t *testing.T) {
	f := newItemForm()
	f.ID, f.Cost, f.Stock = "coffee", "abc", "-1"
	_, p := f.item("en")
	if p["names/en"] == "" || p["cost"] == "" || p["stock"] == "" {
		t.Fatalf("problems %+v", p)
	}
	f.Names["en"], f.Cost, f.Unlimited, f.TeamBudget = "Coffee", "150", true, "600"
	it, p := f.item("en")
	if p != nil || it.Stock != -1 || it.Cost != 150 || it.TeamBudget != 600 || it.Names["en"] != "Coffee" {
		t.Fatalf("item %+v problems %+v", it, p)
	}
}

// TestReceivedKudos: live first, read ones after, each once.
func TestReceivedKudos(t *testing.T) {
	got := receivedKudos([]shared.Kudos{{ID: "c"}, {ID: "b"}}, []shared.Kudos{{ID: "b"}, {ID: "a"}}, 3)
	if len(got) != 3 || got[0].ID != "c" || got[1].ID != "b" || got[2].ID != "a" {
		t.Fatalf("%+v", got)
	}
}

// TestAgentStateRewardCarriesView: a wallet or kudos message on the agent's
// topic carries their view as a patch, like a points message; the state
// applies it, so the next points patch fits; a patch against another view
// asks for a snapshot again.
func TestAgentStateRewardCarriesView(t *testing.T) {
	v0 := shared.AgentView{ID: "a-1", Name: "Ann", XP: 10, At: 3}
	v1 := v0
	v1.XP, v1.At = 20, 4
	patch, err := shared.AppendAgentPatch(nil, &v0, &v1)
	if err != nil {
		t.Fatal(err)
	}
	s := agentState{Topic: "agent/a-1", View: v0, Have: true, SnapAt: 3}
	data := []byte(`{"at":4,"balance":5,"entry":{"id":"e1"},"patch":` + string(patch) + `}`)
	s.applyAt(shared.Message{Topic: s.Topic, Kind: shared.KindWallet, Data: data}, time.Now())
	if s.Stale || s.View.XP != 20 || s.Wallet == nil || s.Wallet.Balance != 5 {
		t.Fatalf("stale %v view %+v wallet %+v", s.Stale, s.View, s.Wallet)
	}
	// The same patch again is against a view the state no longer holds.
	data = []byte(`{"at":5,"kudos":{"id":"k9","from_name":"Bo","value":"helpful"},"patch":` + string(patch) + `}`)
	s.applyAt(shared.Message{Topic: s.Topic, Kind: shared.KindKudos, Data: data}, time.Now())
	if !s.Stale {
		t.Fatalf("a patch against another view must ask for a snapshot")
	}
	// A redemption (its "at" a time) with the whole view.
	s = agentState{Topic: "agent/a-1", View: v0, Have: true, SnapAt: 3}
	// The hub appends the view to the redemption's object: "agent" twice.
	red, _ := json.Marshal(shared.Redemption{ID: "r1", Agent: "a-1", Status: redemptionApproved, At: time.Now()})
	view, _ := json.Marshal(v1)
	whole := append(append(red[:len(red)-1:len(red)-1], `,"agent":`...), append(view, '}')...)
	s.applyAt(shared.Message{Topic: s.Topic, Kind: shared.KindRedemption, Data: whole}, time.Now())
	if s.Stale || s.View.XP != 20 || s.Redemptions["r1"].Status != redemptionApproved {
		t.Fatalf("stale %v view %+v redemptions %+v", s.Stale, s.View, s.Redemptions)
	}
}

// TestTeamsKudos: a supervisor looks after the kudos of their teams, an
// admin after all.
func TestTeamsKudos(t *testing.T) {
	ks := []shared.Kudos{{ID: "1", Team: "t-a"}, {ID: "2", Team: "t-b"}, {ID: "3"}}
	if got := teamsKudos(identity{Role: roleSupervisor, Teams: []string{"t-b"}}, ks); len(got) != 1 || got[0].ID != "2" {
		t.Errorf("supervisor %+v", got)
	}
	if got := teamsKudos(identity{Role: roleAdmin}, ks); len(got) != 3 {
		t.Errorf("admin %+v", got)
	}
}

// TestItemFieldOf: the store's refusals land at the field they are about.
func TestItemFieldOf(t *testing.T) {
	for msg, want := range map[string]string{
		"an item needs an English name":                           "names/en",
		"an item costs from 1 to 1000000 coins":                   "cost",
		"the stock is -1 (unlimited) or from 0 to 100000":         "stock",
		"a team budget is from 0 (none) to 1000000 coins a month": "team_budget",
		"the name in sv is longer than 80 characters":             "names/sv",
		"the description in ru is longer than 400 characters":     "descriptions/ru",
		"an item's id is 1-64 characters of A-Za-z0-9._:-":        "id",
		"something else entirely":                                 "",
	} {
		if got := itemFieldOf(msg); got != want {
			t.Errorf("%q: %q, want %q", msg, got, want)
		}
	}
}
