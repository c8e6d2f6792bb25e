package e2e

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestAgentViewLive opens the agent view in Chromium, posts events through
// the API and sees the page follow: points appear, a duplicate changes
// nothing, and crossing a level threshold shows the level-up.
func TestAgentViewLive(t *testing.T) {
	s := startServer(t, "")
	ctx := newBrowser(t, 1280, 900)
	const agent = "a-e2e"
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/agent/"+agent, "#agent-view")
	waitJS(t, ctx, 10*time.Second, `document.getElementById("conn").dataset.state`, "live")
	assert.Equal(t, "0", js[string](t, ctx, `document.getElementById("points-day").textContent.trim()`))
	screenshot(t, ctx, "agent-empty")

	first := ticket(agent, "t-e2e", true)
	s.ingest(first)
	v := s.waitAgent(agent, func(v shared.AgentView) bool { return v.XP > 0 })
	want := strconv.FormatInt(v.Points[shared.PeriodDay].Points, 10)
	waitJS(t, ctx, 10*time.Second, `document.getElementById("points-day").textContent.trim()`, want)
	waitJS(t, ctx, 10*time.Second, `document.querySelectorAll(".toast").length > 0`, true)
	assert.Equal(t, strconv.FormatInt(v.Points[shared.PeriodWeek].Points, 10), js[string](t, ctx, `document.getElementById("points-week").textContent.trim()`))
	assert.Equal(t, "1", js[string](t, ctx, `document.getElementById("rank").textContent.trim()`))

	// The same event id again: the API counts a duplicate and nothing moves.
	assert.Equal(t, shared.IngestResult{Duplicates: 1}, s.ingest(first))
	// Another agent's event after it proves the projector is past the duplicate.
	s.ingest(ticket("a-other", "t-e2e", false))
	s.waitAgent("a-other", func(v shared.AgentView) bool { return v.XP > 0 })
	assert.Equal(t, v.XP, s.agent(agent).XP)
	assert.Equal(t, want, js[string](t, ctx, `document.getElementById("points-day").textContent.trim()`))

	// Cross the next level threshold with surveys.
	level := v.Level
	require.Positive(t, v.NextLevelXP, "the default curve has a second level")
	for i := 0; s.agent(agent).Level == level; i++ {
		require.Less(t, i, 100, "no level-up after 100 surveys")
		s.ingest(survey(agent, ""))
		s.waitAgent(agent, func(x shared.AgentView) bool { return x.XP > v.XP })
		v = s.agent(agent)
	}
	waitJS(t, ctx, 10*time.Second, `document.getElementById("level").textContent.trim()`, strconv.Itoa(v.Level))
	// The level's own message follows the points message that moved the
	// level bar, and it takes over a badge's celebration of the same event.
	waitJS(t, ctx, 10*time.Second, fmt.Sprintf(`(document.getElementById("celebration")||{textContent:""}).textContent.includes(%q)`, fmt.Sprint(v.Level)), true)
	screenshot(t, ctx, "agent-levelup")
}
