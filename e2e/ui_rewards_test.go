package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// The PWA's recognition and rewards, in real browsers against the real
// binary: kudos given in one browser reach the receiver's open view live;
// a redemption in the store reaches the supervisor's queue and its
// approval the agent's list; an item the admin adds in the editor is in
// the store; a spotlight takes the TV.

// rewardsTeam is the team of the rewards tests.
const rewardsTeam = "t-rw"

// rewardsFloor makes two agents of one team with points on the boards
// (the kudos dialog lists people from the org's board) and their
// supervisor, and returns the agents' and the supervisor's clients.
func rewardsFloor(t *testing.T, s *server) (ann, bo, sup *browserClient) {
	t.Helper()
	ann = peopleUser(t, s, "a-ann", "Ann Archer", "agent", rewardsTeam)
	bo = peopleUser(t, s, "a-bo", "Bo Berg", "agent", rewardsTeam)
	sup = peopleUser(t, s, "s-rw", "Sue Super", "supervisor", "")
	status, out := s.admin().do(http.MethodPut, "/api/v1/teams/"+rewardsTeam, map[string]any{"name": "Rewarders", "supervisors": []string{"s-rw"}})
	require.Equal(t, http.StatusOK, status, string(out))
	s.ingest(survey("a-ann", rewardsTeam), ticket("a-bo", rewardsTeam, true))
	s.waitAgent("a-ann", func(v shared.AgentView) bool { return v.XP > 0 })
	s.waitAgent("a-bo", func(v shared.AgentView) bool { return v.XP > 0 })
	return ann, bo, sup
}

// rewardsFund credits an agent's wallet through the admin's adjustment and
// returns the balance after it (rules may have paid coins before).
func rewardsFund(t *testing.T, s *server, agent string, coins int64) int64 {
	t.Helper()
	status, out := s.admin().do(http.MethodPost, "/api/v1/agents/"+agent+"/wallet", shared.WalletAdjust{Delta: coins, Note: "welcome gift"})
	require.Contains(t, []int{http.StatusOK, http.StatusCreated}, status, string(out))
	status, out = s.admin().do(http.MethodGet, "/api/v1/agents/"+agent+"/wallet", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var w shared.Wallet
	require.NoError(t, json.Unmarshal(out, &w))
	require.GreaterOrEqual(t, w.Balance, coins)
	return w.Balance
}

// rewardsKudosLeft is what the server says the client may still give.
func rewardsKudosLeft(t *testing.T, bc *browserClient, user string) int {
	t.Helper()
	status, out := bc.do(http.MethodGet, "/api/v1/kudos?from="+user+"&limit=1", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var kl shared.KudosList
	require.NoError(t, json.Unmarshal(out, &kl))
	return kl.Remaining
}

// rewardsSettled waits for the balance to have counted up to its value.
func rewardsSettled(t *testing.T, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, uiWait, `(() => { const c = document.querySelector("#wallet-balance .count"); return !!c && c.textContent.replace(/\D/g, "") === c.dataset.value })()`, true)
}

// rewardsAxe runs axe-core (ui_a11y_test.go) on the page as it is, a dialog
// open, when `make axe` has installed it.
func rewardsAxe(t *testing.T, ctx context.Context, view string) {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Logf("no axe-core (run make axe): %s not checked", view)
		return
	}
	axeCheck(t, ctx, string(src), view)
}

// rewardsShot is a screenshot into $SCORECAST_SHOTS (superShot) at both
// sizes' names.
func rewardsShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	superShot(t, ctx, "rewards-"+name)
}

// TestUIRewardsKudos: Ann gives Bo kudos in the dialog (a colleague picked
// by a search, a value, a message, "N of 3 left"); Bo's open view shows the
// notice and the card at once; a double click on "send" spends one kudos;
// the refusal past the allowance is shown in the dialog, in the server's
// words.
func TestUIRewardsKudos(t *testing.T) {
	s := startServer(t, "")
	ann, _, _ := rewardsFloor(t, s)

	bob := newViewport(t, 1920, 1080)
	loginBrowser(t, bob, s, "a-bo", "password-a-bo")
	open(t, bob, s.URL+"/agent/a-bo", "#agent-view")
	waitJS(t, bob, uiWait, `document.getElementById("conn").dataset.state`, "live")
	waitJS(t, bob, uiWait, `(document.getElementById("kudos-card")||{dataset:{}}).dataset.count`, "0")

	ctx := newViewport(t, 1920, 1080)
	loginBrowser(t, ctx, s, "a-ann", "password-a-ann")
	open(t, ctx, s.URL+"/agent/a-ann", "#agent-view")
	click(t, ctx, "#kudos-open")
	waitJS(t, ctx, uiWait, `document.getElementById("kudos-dialog").open`, true)
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#kudos-dialog .kudos-values input").length > 0`, true)
	waitJS(t, ctx, uiWait, `document.getElementById("kudos-left").dataset.remaining`, "3")
	assert.Equal(t, "3 of 3 left this week", js[string](t, ctx, `document.getElementById("kudos-left").textContent`))
	// The search narrows the list by name; Ann is never offered.
	waitJS(t, ctx, uiWait, `!!document.querySelector("#kudos-people [data-agent=a-bo]")`, true)
	assert.False(t, js[bool](t, ctx, `!!document.querySelector("#kudos-people [data-agent=a-ann]")`), "no kudos to oneself")
	setValue(t, ctx, "#kudos-search", "zz-nobody")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#kudos-people .kudos-person").length`, 0)
	setValue(t, ctx, "#kudos-search", "bo")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#kudos-people .kudos-person").length`, 1)
	click(t, ctx, "#kudos-people [data-agent=a-bo] input")
	value := js[string](t, ctx, `document.querySelector("#kudos-dialog .kudos-values input").value`)
	click(t, ctx, "#kudos-dialog .kudos-values input")
	setValue(t, ctx, "#kudos-message", "Thanks for taking my 4 pm call!")
	waitJS(t, ctx, uiWait, `document.getElementById("kudos-count").textContent`, "31 / 280")
	rewardsShot(t, ctx, "kudos-dialog-1920")
	rewardsAxe(t, ctx, "kudos dialog at 1920x1080")
	// Two clicks on "send" in a row: one kudos (the dialog's key).
	waitJS(t, ctx, uiWait, `document.getElementById("kudos-send").disabled`, false)
	js[bool](t, ctx, `(() => { const b = document.getElementById("kudos-send"); b.click(); b.click(); return true })()`)
	waitJS(t, ctx, uiWait, `document.getElementById("kudos-dialog").open`, false)
	waitJS(t, ctx, uiWait, `!!document.getElementById("kudos-sent")`, true)
	assert.Equal(t, 2, rewardsKudosLeft(t, ann, "a-ann"), "a double click spends one kudos")

	// Bo's open view: the notice and the card, live, with Ann's words.
	waitJS(t, bob, uiWait, `!!document.querySelector("#toasts .toast-kudos")`, true)
	assert.Contains(t, js[string](t, bob, `document.querySelector("#toasts .toast-kudos").textContent`), "Ann Archer")
	waitJS(t, bob, uiWait, `document.getElementById("kudos-card").dataset.count`, "1")
	assert.Contains(t, js[string](t, bob, `document.querySelector("#kudos-list .kudos-msg").textContent`), "4 pm call")
	assert.NotEmpty(t, js[string](t, bob, `document.querySelector("#kudos-list .kudos-value").textContent`), "the value, in words")
	waitJS(t, bob, uiWait, `!!document.querySelector("#history [data-kind=kudos]")`, true)
	rewardsShot(t, bob, "agent-toast-1920")
	js[bool](t, bob, `(() => { document.getElementById("kudos-card").scrollIntoView({block: "center"}); return true })()`)
	rewardsShot(t, bob, "agent-kudos-1920")

	// Spend the allowance through the API, then the dialog shows the
	// server's refusal inline when the count was read before.
	for range 2 {
		status, out := ann.do(http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "a-bo", Value: value})
		require.Equal(t, http.StatusCreated, status, string(out))
	}
	click(t, ctx, "#kudos-open")
	waitJS(t, ctx, uiWait, `document.getElementById("kudos-left").dataset.remaining`, "0")
	assert.True(t, js[bool](t, ctx, `document.getElementById("kudos-send").disabled`), "nothing left: the button says so")

	// The supervisor hides Ann's first message (with a reason): the kudos
	// stay, the message is gone from Bo's card.
	sup := newViewport(t, 1920, 1080)
	loginBrowser(t, sup, s, "s-rw", "password-s-rw")
	open(t, sup, s.URL+"/recognition", "#recognition")
	waitJS(t, sup, uiWait, `document.querySelectorAll("#kudos-feed .kudos-item").length`, 3)
	first := js[string](t, sup, `Array.from(document.querySelectorAll("#kudos-feed .kudos-item")).find(e => e.textContent.includes("4 pm call")).dataset.kudos`)
	click(t, sup, `#kudos-feed .kudos-hide[data-kudos="`+first+`"]`)
	waitJS(t, sup, uiWait, `document.getElementById("hide-dialog").open`, true)
	setValue(t, sup, "#hide-reason", "Names a customer")
	click(t, sup, "#hide-submit")
	waitJS(t, sup, uiWait, `document.querySelector('#kudos-feed .kudos-item[data-kudos="`+first+`"]').dataset.hidden`, "true")
	open(t, bob, s.URL+"/agent/a-bo", "#agent-view")
	waitJS(t, bob, uiWait, `(document.querySelector('#kudos-list [data-kudos="`+first+`"]')||{dataset:{}}).dataset.hidden`, "true")
	assert.NotContains(t, js[string](t, bob, `document.getElementById("kudos-list").textContent`), "4 pm call", "a hidden message is gone")

	// A phone: the dialog fits, nothing scrolls sideways.
	phone := newViewport(t, 390, 844)
	loginBrowser(t, phone, s, "a-bo", "password-a-bo")
	open(t, phone, s.URL+"/agent/a-bo", "#agent-view")
	waitJS(t, phone, uiWait, `document.getElementById("kudos-card").dataset.count`, "3")
	superNoSideways(t, phone)
	js[bool](t, phone, `(() => { document.getElementById("kudos-card").scrollIntoView({block: "start"}); return true })()`)
	rewardsShot(t, phone, "agent-kudos-390")
	click(t, phone, "#kudos-open")
	waitJS(t, phone, uiWait, `document.getElementById("kudos-dialog").open`, true)
	superNoSideways(t, phone)
	rewardsShot(t, phone, "kudos-dialog-390")
	rewardsAxe(t, phone, "kudos dialog at 390x844")
}

// TestUIRewardsStore: the admin adds an item in the editor and it is in the
// agent's store; the agent redeems it (the balance counts down, the
// redemption is pending); the supervisor's queue in a second browser shows
// it, approving turns the agent's redemption approved live; the ledger
// says why coins came and went.
func TestUIRewardsStore(t *testing.T) {
	s := startServer(t, "")
	rewardsFloor(t, s)
	balance := rewardsFund(t, s, "a-ann", 500)

	// The admin's editor: a new item with its names.
	adm := newViewport(t, 1920, 1080)
	loginBrowser(t, adm, s, "admin", adminPassword)
	open(t, adm, s.URL+"/admin?tab=store", "#admin")
	waitJS(t, adm, uiWait, `(document.getElementById("store-editor")||{dataset:{}}).dataset.loaded`, "true")
	// A refusal first: no English name, shown at the field.
	setValue(t, adm, "#ed-id", "coffee")
	click(t, adm, "#ed-save")
	waitJS(t, adm, uiWait, `!!document.getElementById("ed-err-names-en")`, true)
	setValue(t, adm, "#ed-name-en", "Coffee voucher")
	setValue(t, adm, "#ed-name-sv", "Kaffekupong")
	setValue(t, adm, "#ed-desc-en", "A large coffee at the corner café.")
	setValue(t, adm, "#ed-cost", "150")
	setValue(t, adm, "#ed-stock", "5")
	click(t, adm, "#ed-approval")
	rewardsShot(t, adm, "admin-store-1920")
	click(t, adm, "#ed-save")
	waitJS(t, adm, uiWait, `!!document.getElementById("ed-saved")`, true)
	waitJS(t, adm, uiWait, `!!document.querySelector("#ed-items [data-item=coffee]")`, true)

	// The agent's store: the item, the balance, a redemption.
	ctx := newViewport(t, 1920, 1080)
	loginBrowser(t, ctx, s, "a-ann", "password-a-ann")
	open(t, ctx, s.URL+"/store", "#store")
	waitJS(t, ctx, uiWait, `document.getElementById("wallet-balance").dataset.balance`, strconv.FormatInt(balance, 10))
	waitJS(t, ctx, uiWait, `!!document.querySelector("#catalogue [data-item=coffee]")`, true)
	assert.Contains(t, js[string](t, ctx, `document.querySelector("#catalogue [data-item=coffee]").textContent`), "Coffee voucher")
	assert.Contains(t, js[string](t, ctx, `document.querySelector("#ledger").textContent`), "Adjustment: welcome gift")
	rewardsSettled(t, ctx)
	rewardsShot(t, ctx, "store-1920")
	click(t, ctx, "#catalogue [data-item=coffee] .item-redeem")
	waitJS(t, ctx, uiWait, `document.getElementById("redeem-dialog").open && !document.getElementById("redeem-submit").disabled`, true)
	rewardsAxe(t, ctx, "redeem dialog at 1920x1080")
	js[bool](t, ctx, `(() => { const b = document.getElementById("redeem-submit"); b.click(); b.click(); return true })()`)
	waitJS(t, ctx, uiWait, `document.getElementById("redeem-dialog").open`, false)
	waitJS(t, ctx, uiWait, `document.getElementById("wallet-balance").dataset.balance`, strconv.FormatInt(balance-150, 10))
	waitJS(t, ctx, uiWait, `(document.querySelector("#my-redemptions .red-row")||{dataset:{}}).dataset.status`, "pending")
	assert.Equal(t, 1, js[int](t, ctx, `document.querySelectorAll("#my-redemptions .red-row").length`), "a double click buys once")
	waitJS(t, ctx, uiWait, `document.querySelector("#ledger .ledger-row").textContent.includes("Redeemed Coffee voucher")`, true)

	// The supervisor's queue, in a second browser: approve.
	sup := newViewport(t, 1920, 1080)
	loginBrowser(t, sup, s, "s-rw", "password-s-rw")
	open(t, sup, s.URL+"/recognition", "#recognition")
	waitJS(t, sup, uiWait, `document.querySelectorAll("#queue-pending .queue-row").length`, 1)
	rewardsShot(t, sup, "recognition-1920")
	rewardsAxe(t, sup, "recognition with a queue at 1920x1080")
	click(t, sup, "#queue-pending .q-approve")
	waitJS(t, sup, uiWait, `document.querySelectorAll("#queue-pending .queue-row").length`, 0)

	// The agent's list turns approved live.
	waitJS(t, ctx, uiWait, `document.querySelector("#my-redemptions .red-row").dataset.status`, "approved")

	// A second one, rejected with a note: the coins come back, live.
	click(t, ctx, "#catalogue [data-item=coffee] .item-redeem")
	waitJS(t, ctx, uiWait, `document.getElementById("redeem-dialog").open`, true)
	click(t, ctx, "#redeem-submit")
	waitJS(t, ctx, uiWait, `document.getElementById("wallet-balance").dataset.balance`, strconv.FormatInt(balance-300, 10))
	open(t, sup, s.URL+"/recognition", "#recognition")
	waitJS(t, sup, uiWait, `document.querySelectorAll("#queue-pending .queue-row").length`, 1)
	click(t, sup, "#queue-pending .q-reject")
	waitJS(t, sup, uiWait, `!!document.getElementById("reject-note")`, true)
	setValue(t, sup, "#reject-note", "Out of vouchers this week")
	click(t, sup, "#reject-submit")
	waitJS(t, sup, uiWait, `document.querySelectorAll("#queue-pending .queue-row").length`, 0)
	waitJS(t, ctx, uiWait, `document.querySelector("#my-redemptions .red-row").dataset.status`, "rejected")
	assert.Contains(t, js[string](t, ctx, `document.querySelector("#my-redemptions .red-row").textContent`), "Out of vouchers")
	waitJS(t, ctx, uiWait, `document.getElementById("wallet-balance").dataset.balance`, strconv.FormatInt(balance-150, 10))

	// The admin hands the approved one over: fulfilled, live.
	open(t, adm, s.URL+"/recognition", "#recognition")
	waitJS(t, adm, uiWait, `document.querySelectorAll("#queue-approved .queue-row").length`, 1)
	click(t, adm, "#queue-approved .q-fulfil")
	waitJS(t, adm, uiWait, `document.querySelectorAll("#queue-approved .queue-row").length`, 0)
	waitJS(t, ctx, uiWait, `document.querySelector('#my-redemptions .red-row[data-status="fulfilled"]') !== null`, true)

	// The admin corrects Ann's coins on her view; the header counts along.
	open(t, adm, s.URL+"/agent/a-ann", "#agent-view")
	waitJS(t, adm, uiWait, `(document.getElementById("agent-coins")||{dataset:{}}).dataset.balance`, strconv.FormatInt(balance-150, 10))
	click(t, adm, "#adjust-open")
	waitJS(t, adm, uiWait, `document.getElementById("adjust-dialog").open`, true)
	setValue(t, adm, "#adjust-delta", "25")
	setValue(t, adm, "#adjust-note", "Quiz prize")
	click(t, adm, "#adjust-submit")
	waitJS(t, adm, uiWait, `document.getElementById("agent-coins").dataset.balance`, strconv.FormatInt(balance-125, 10))
	waitJS(t, ctx, uiWait, `document.querySelector("#ledger .ledger-row").textContent.includes("Adjustment: Quiz prize")`, true)

	// A phone: the store in one column, nothing sideways.
	phone := newViewport(t, 390, 844)
	loginBrowser(t, phone, s, "a-ann", "password-a-ann")
	open(t, phone, s.URL+"/store?lang=ru", "#store")
	waitJS(t, phone, uiWait, `!!document.querySelector("#catalogue [data-item=coffee]")`, true)
	superNoSideways(t, phone)
	rewardsSettled(t, phone)
	rewardsShot(t, phone, "store-390")
	sphone := newViewport(t, 390, 844)
	loginBrowser(t, sphone, s, "s-rw", "password-s-rw")
	open(t, sphone, s.URL+"/recognition", "#recognition")
	superNoSideways(t, sphone)
	rewardsShot(t, sphone, "recognition-390")
	aphone := newViewport(t, 390, 844)
	loginBrowser(t, aphone, s, "admin", adminPassword)
	open(t, aphone, s.URL+"/admin?tab=store", "#admin")
	waitJS(t, aphone, uiWait, `!!document.querySelector("#ed-items [data-item=coffee]")`, true)
	superNoSideways(t, aphone)
	rewardsShot(t, aphone, "admin-store-390")
}

// TestUIRewardsSpotlight: the supervisor picks a candidate the data
// suggests (most kudos) in the spotlight dialog; a paired TV celebrates it
// with the title and the message, and the agent's view shows it under
// their name.
func TestUIRewardsSpotlight(t *testing.T) {
	s := startServer(t, "")
	ann, _, _ := rewardsFloor(t, s)
	status, out := ann.do(http.MethodGet, "/api/v1/kudos?limit=1", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var kl shared.KudosList
	require.NoError(t, json.Unmarshal(out, &kl))
	require.NotEmpty(t, kl.Values, "the default ruleset has values for kudos")
	status, out = ann.do(http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "a-bo", Value: kl.Values[0], Message: "Great week"})
	require.Equal(t, http.StatusCreated, status, string(out))

	tv := newViewport(t, 1920, 1080)
	require.NoError(t, chromedp.Do(tv, chromedp.Navigate(s.URL+"/display")))
	pairTV(t, tv, s, "Rewards TV", []string{"agents/day"}, []string{rewardsTeam})
	waitJS(t, tv, uiWait, `(document.getElementById("display")||{dataset:{}}).dataset.mounted === "true"`, true)
	waitJS(t, tv, uiWait, `document.getElementById("conn").dataset.state`, "live")
	// The TV hears of kudos from now on: one more goes to its ticker.
	status, out = ann.do(http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "a-bo", Value: kl.Values[0], Message: "never on the TV"})
	require.Equal(t, http.StatusCreated, status, string(out))
	waitJS(t, tv, uiWait, `!!document.querySelector("#ticker .ticker-item[data-kind=kudos]")`, true)
	assert.Contains(t, js[string](t, tv, `document.querySelector("#ticker .ticker-item[data-kind=kudos]").textContent`), "Ann Archer → Bo Berg")
	assert.NotContains(t, js[string](t, tv, `document.getElementById("ticker").textContent`), "never on the TV", "no kudos message on the floor")

	sup := newViewport(t, 1920, 1080)
	loginBrowser(t, sup, s, "s-rw", "password-s-rw")
	open(t, sup, s.URL+"/recognition", "#recognition")
	click(t, sup, "#spot-open")
	waitJS(t, sup, uiWait, `document.getElementById("spot-dialog").open`, true)
	waitJS(t, sup, uiWait, `!!document.querySelector("#spot-candidates [data-agent=a-bo]")`, true)
	assert.Contains(t, js[string](t, sup, `document.querySelector("#spot-candidates [data-agent=a-bo]").textContent`), "Most kudos")
	click(t, sup, "#spot-candidates [data-agent=a-bo] input")
	setValue(t, sup, "#spot-title-in", "Agent of the month")
	setValue(t, sup, "#spot-message", "For the calm on the busiest day of the year.")
	rewardsShot(t, sup, "spotlight-dialog-1920")
	rewardsAxe(t, sup, "spotlight dialog at 1920x1080")
	click(t, sup, "#spot-submit")
	waitJS(t, sup, uiWait, `!!document.getElementById("spot-ok")`, true)

	// Every TV celebrates it.
	waitJS(t, tv, uiWait, `(document.getElementById("tv-celebration")||{dataset:{}}).dataset.kind`, shared.KindSpotlight)
	assert.Equal(t, "Bo Berg", js[string](t, tv, `document.getElementById("tv-cel-who").textContent`))
	assert.Equal(t, "Agent of the month", js[string](t, tv, `document.getElementById("tv-cel-what").textContent`))
	assert.Contains(t, js[string](t, tv, `document.getElementById("tv-cel-msg").textContent`), "busiest day")
	rewardsShot(t, tv, "tv-spotlight-1920")

	// The agent's view shows it under their name.
	bob := newViewport(t, 1920, 1080)
	loginBrowser(t, bob, s, "a-bo", "password-a-bo")
	open(t, bob, s.URL+"/agent/a-bo", "#agent-view")
	waitJS(t, bob, uiWait, `!!document.querySelector("#agent-spotlights .spot-tag")`, true)
	assert.Contains(t, js[string](t, bob, `document.querySelector("#agent-spotlights").textContent`), "Agent of the month, ")

	phone := newViewport(t, 390, 844)
	loginBrowser(t, phone, s, "s-rw", "password-s-rw")
	open(t, phone, s.URL+"/recognition", "#recognition")
	click(t, phone, "#spot-open")
	waitJS(t, phone, uiWait, `!!document.querySelector("#spot-candidates [data-agent=a-bo]")`, true)
	superNoSideways(t, phone)
	rewardsShot(t, phone, "spotlight-dialog-390")
	rewardsAxe(t, phone, "spotlight dialog at 390x844")
}
