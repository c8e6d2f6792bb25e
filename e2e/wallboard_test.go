package e2e

import (
	"testing"
	"time"

	"scorecast/shared"
)

// TestWallboardReorders opens the wallboard and sees the team leaderboard
// reorder as points arrive.
func TestWallboardReorders(t *testing.T) {
	s := startServer(t, "")
	s.ingest(ticket("a-n1", "t-north", true), ticket("a-n1", "t-north", true))
	s.ingest(ticket("a-s1", "t-south", false))
	s.waitAgent("a-s1", func(v shared.AgentView) bool { return v.XP > 0 })

	ctx := newBrowser(t, 1920, 1080)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/wallboard", "#wallboard")
	// Rows keep their elements and slide to their places: the order is the ranks'.
	order := `Array.from(document.querySelectorAll("#teams-board li.row")).sort((a, b) => a.dataset.rank - b.dataset.rank).map(e => e.dataset.team).join(",")`
	waitJS(t, ctx, 10*time.Second, order, "t-north,t-south")
	screenshot(t, ctx, "wallboard-before")

	// South overtakes North.
	var burst []event
	for i := 0; i < 12; i++ {
		burst = append(burst, survey("a-s1", "t-south"))
	}
	s.ingest(burst...)
	waitJS(t, ctx, 10*time.Second, order, "t-south,t-north")
	waitJS(t, ctx, 10*time.Second, `document.getElementById("conn").dataset.state`, "live")
	screenshot(t, ctx, "wallboard-after")
}
