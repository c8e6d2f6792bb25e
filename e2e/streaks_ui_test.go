package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"scorecast/shared"
)

// TestUIStreaksRotaAndFlame: on a phone, a supervisor pastes a rota with a
// bad line and sees every refused line (nothing changes), then a good one
// and sees it accepted and listed for the next two weeks; the agent's
// flame then shows the freeze held (❄ ×1) and today as a day off that
// keeps the streak safe. Nothing scrolls sideways.
func TestUIStreaksRotaAndFlame(t *testing.T) {
	s := startServer(t, "")
	streaksRules(t, s, true)
	_, _ = rewardsPeople(t, s, "t-ui", "u", 2)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
	s.ingest(happyOn("u-1", "t-ui", today.AddDate(0, 0, -2)), happyOn("u-1", "t-ui", today.AddDate(0, 0, -1)))
	s.waitAgent("u-1", func(v shared.AgentView) bool { return streaksOf(v).Freezes == 1 })

	ctx := newViewport(t, 390, 844)
	loginBrowser(t, ctx, s, "sup-t-ui", "password-sup-t-ui")
	open(t, ctx, s.URL+"/supervisor?team=t-ui", "#supervisor")
	waitJS(t, ctx, uiWait, `!!document.getElementById("rota-empty")`, true)

	setValue(t, ctx, "#rota-csv", fmt.Sprintf("agent,date,kind\nu-1,%s,off\nu-2,%s,vacation\nnobody,%s,off", day(0), day(1), day(2)))
	click(t, ctx, "#rota-upload")
	waitJS(t, ctx, uiWait, `document.querySelector("#rota-result") ? document.querySelector("#rota-result").dataset.refused : ""`, "2")
	assert.Equal(t, "3,4", js[string](t, ctx, `Array.from(document.querySelectorAll("#rota-errors li")).map(l => l.dataset.line).join(",")`))
	assert.Contains(t, js[string](t, ctx, `document.querySelector("#rota-errors li").textContent`), "must be off, sick or holiday")
	assert.True(t, js[bool](t, ctx, `!!document.getElementById("rota-empty")`), "a refused upload changes nothing")
	js[bool](t, ctx, `(() => { document.getElementById("rota-form").scrollIntoView(); return true })()`)
	superShot(t, ctx, "streaks-rota-refused")

	setValue(t, ctx, "#rota-csv", fmt.Sprintf("agent,date,kind\nu-1,%s,off\nu-2,%s,sick", day(0), day(1)))
	click(t, ctx, "#rota-upload")
	waitJS(t, ctx, uiWait, `document.querySelector("#rota-result") ? document.querySelector("#rota-result").dataset.accepted : ""`, "2")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#rota-days .rota-chip").length`, 2)
	assert.Equal(t, day(0)+","+day(1), js[string](t, ctx, `Array.from(document.querySelectorAll("#rota-days .rota-day")).map(l => l.dataset.date).join(",")`))
	assert.Equal(t, "", js[string](t, ctx, `document.getElementById("rota-csv").value`), "the sent lines are cleared")
	assert.Empty(t, js[string](t, ctx, streaksWide), "the supervisor's page scrolls sideways")
	js[bool](t, ctx, `(() => { document.getElementById("rota").scrollIntoView(); return true })()`)
	superShot(t, ctx, "streaks-rota")

	agent := newViewport(t, 390, 844)
	loginBrowser(t, agent, s, "u-1", "password-u-1")
	open(t, agent, s.URL+"/agent/u-1", "#agent-view")
	waitJS(t, agent, uiWait, `document.querySelector("#streak-freezes") ? document.querySelector("#streak-freezes").dataset.freezes : ""`, "1")
	assert.Contains(t, js[string](t, agent, `document.querySelector("#streak-freezes").textContent`), "❄ ×1")
	waitJS(t, agent, uiWait, `document.querySelector("#streak-safe") ? document.querySelector("#streak-safe").textContent : ""`, "Day off — streak safe")
	assert.True(t, js[bool](t, agent, agentNoSideways), "the agent view scrolls sideways")
	superShot(t, agent, "streaks-flame")

	// The supervisor takes u-2's sick day out again, from the keyboard's
	// reach: a button per day.
	click(t, ctx, `#rota-days .rota-remove[data-agent="u-2"]`)
	waitJS(t, ctx, uiWait, `Array.from(document.querySelectorAll("#rota-days .rota-chip")).map(c => c.dataset.agent).join(",")`, "u-1")
	assert.Len(t, streaksRota(t, s.admin(), ""), 1)
}

// streaksWide names the elements that end past the viewport's right edge
// when the page scrolls sideways, else it is empty.
const streaksWide = `(() => { const w = document.documentElement.clientWidth; if (document.documentElement.scrollWidth <= w) return "";
  const out = []; for (const e of document.querySelectorAll("body *")) { const r = e.getBoundingClientRect(); if (r.right > w + 1 && r.width > 0) out.push((e.id ? "#" + e.id : e.tagName.toLowerCase() + "." + [...e.classList].join(".")) + " ends at " + Math.round(r.right)); if (out.length >= 8) break; }
  return "page is " + document.documentElement.scrollWidth + " px wide for " + w + ": " + out.join(", ") })()`
