package e2e

import (
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// coopCard is the JS expression of the co-op card of instance's text, ""
// while there is none.
func coopCard(instance, part string) string {
	return `(document.querySelector('li.coop[data-instance="` + instance + `"] ` + part + `')||{textContent:""}).textContent.trim()`
}

// TestUICoopQuest: a supervisor launches a co-op quest from the launch
// dialog, picking two of their agents; the agent's open view shows the
// card at once, with the shared bar and each part, and moves live when the
// partner's event arrives, with no sideways scroll on a phone; on a
// phone a quest of one is refused in words before anything is sent.
func TestUICoopQuest(t *testing.T) {
	axeSrc, err := os.ReadFile(axePath)
	require.NoError(t, err, "axe-core is missing: run `make axe` (make test does)")
	axe := string(axeSrc)
	s := startServer(t, "")
	rewardsPeople(t, s, "t-cu", "cu", 3)
	// The grid lists the members who have worked.
	s.ingest(survey("cu-1", "t-cu"), survey("cu-2", "t-cu"), survey("cu-3", "t-cu"))
	s.waitAgent("cu-3", func(v shared.AgentView) bool { return v.XP > 0 })

	// cu-1 has their view open before the launch: the card arrives live.
	agent := newViewport(t, 390, 844)
	loginBrowser(t, agent, s, "cu-1", "password-cu-1")
	open(t, agent, s.URL+"/agent/cu-1", "#agent-view")
	waitJS(t, agent, uiWait, `document.getElementById("conn").dataset.state`, "live")

	sup := newViewport(t, 1280, 900)
	loginBrowser(t, sup, s, "sup-t-cu", "password-sup-t-cu")
	open(t, sup, s.URL+"/supervisor?team=t-cu", "#supervisor")
	waitJS(t, sup, uiWait, `document.querySelectorAll("#launch-template option").length > 0`, true)
	click(t, sup, "#launch-open")
	waitJS(t, sup, uiWait, `document.getElementById("launch-dialog").open`, true)
	setValue(t, sup, "#launch-template", "pair_up")
	click(t, sup, "#launch-kind-coop")
	click(t, sup, "#coop-pick-cu-1")
	click(t, sup, "#coop-pick-cu-2")
	waitJS(t, sup, uiWait, `document.getElementById("coop-count").textContent.includes("2")`, true)
	waitJS(t, sup, uiWait, `document.querySelectorAll("#launch-preview li.coop .coop-member").length`, 2)
	superShot(t, sup, "supervisor-coop-dialog-1280")
	axeCheck(t, sup, axe, "the launch dialog with the partner picker")
	click(t, sup, "#launch-submit")
	waitJS(t, sup, uiWait, `!!document.getElementById("launch-ok")`, true)

	var inst string
	require.Eventually(t, func() bool {
		for _, c := range s.agent("cu-1").Challenges {
			if len(c.Coop) == 2 {
				inst = c.Instance
				assert.Equal(t, []string{"cu-1", "cu-2"}, []string{c.Coop[0].ID, c.Coop[1].ID})
				return true
			}
		}
		return false
	}, uiWait, pollEvery, "the launch reaches cu-1's view")
	// The audit log names the pairing.
	status, out := s.admin().do(http.MethodGet, "/api/v1/audit", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(out), "co-op quest for cu-1, cu-2")

	waitJS(t, agent, uiWait, coopCard(inst, ".coop-line"), "You 0 · Agent cu 2 0 · target 30")
	waitJS(t, agent, uiWait, coopCard(inst, ".coop-total"), "0 / 30")

	// The partner works: cu-1's open card moves without a reload.
	s.ingest(ticket("cu-2", "t-cu", false), ticket("cu-2", "t-cu", false))
	waitJS(t, agent, uiWait, coopCard(inst, ".coop-line"), "You 0 · Agent cu 2 2 · target 30")
	waitJS(t, agent, uiWait, coopCard(inst, ".coop-total"), "2 / 30")
	s.ingest(ticket("cu-1", "t-cu", false))
	waitJS(t, agent, uiWait, coopCard(inst, ".coop-line"), "You 1 · Agent cu 2 2 · target 30")
	assert.Equal(t, "10", js[string](t, agent, `document.querySelector('li.coop[data-instance="`+inst+`"] .coop-bar').getAttribute("aria-valuenow")`), "3 of 30")
	// Each part is its share of the bar (the drawn width follows in a
	// transition): cu-1's 1 and cu-2's 2 of 30.
	widths := js[[]float64](t, agent, `[...document.querySelectorAll('li.coop[data-instance="`+inst+`"] .coop-seg')].map(e => Math.round(parseFloat(e.style.width) * 100) / 100)`)
	assert.Equal(t, []float64{3.33, 6.67}, widths)
	assert.LessOrEqual(t, js[int](t, agent, `document.documentElement.scrollWidth`), 390, "no sideways scroll on a phone")
	js[bool](t, agent, `(() => { document.querySelector('li.coop[data-instance="`+inst+`"]').scrollIntoView({block: "center"}); return true })()`)
	superShot(t, agent, "agent-coop-390")
	axeCheck(t, agent, axe, "the agent's co-op card on a phone")

	// The dialog and its picker on a supervisor's phone.
	phone := newViewport(t, 390, 844)
	loginBrowser(t, phone, s, "sup-t-cu", "password-sup-t-cu")
	open(t, phone, s.URL+"/supervisor?team=t-cu", "#supervisor")
	click(t, phone, "#launch-open")
	waitJS(t, phone, uiWait, `document.getElementById("launch-dialog").open`, true)
	setValue(t, phone, "#launch-template", "pair_up")
	click(t, phone, "#launch-kind-coop")
	click(t, phone, "#coop-pick-cu-3")
	waitJS(t, phone, uiWait, `document.getElementById("coop-count").textContent.includes("1")`, true)
	click(t, phone, "#launch-submit")
	waitJS(t, phone, uiWait, `(document.getElementById("launch-error")||{textContent:""}).textContent`, "Choose 2 to 6 partners for a co-op quest.")
	superShot(t, phone, "supervisor-coop-dialog-390")
	axeCheck(t, phone, axe, "the launch dialog's partner picker on a phone")
}
