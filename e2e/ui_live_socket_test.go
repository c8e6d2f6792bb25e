package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// liveConnections is the server's count of open live sockets.
func liveConnections(s *server) (float64, error) {
	resp, err := http.Get(s.URL + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	const name = "scorecast_live_connections "
	for line := range strings.Lines(string(body)) {
		if rest, ok := strings.CutPrefix(line, name); ok {
			return strconv.ParseFloat(strings.TrimSpace(rest), 64)
		}
	}
	return 0, fmt.Errorf("no %s in /metrics", name)
}

// requestCounter counts what a tab asks of the network.
type requestCounter struct {
	sockets atomic.Int32 // live WebSockets created
	members atomic.Int32 // requests of a team grid (/api/v1/teams/{id}/members)
}

// countRequests starts counting the tab's requests.
func countRequests(t *testing.T, ctx context.Context) *requestCounter {
	t.Helper()
	var rc requestCounter
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *network.EventWebSocketCreated:
			if strings.Contains(e.URL, "/api/v1/live") {
				rc.sockets.Add(1)
			}
		case *network.EventRequestWillBeSent:
			if strings.HasSuffix(e.Request.URL, "/members") {
				rc.members.Add(1)
			}
		}
	}))
	return &rc
}

// TestUILiveOneSocketPerTab opens the agent view (the agent's, the team's
// and the board's topics), moves to the supervisor view and the wallboard
// inside the app and back: the tab keeps one live socket all along, and the
// agent view still moves afterwards.
func TestUILiveOneSocketPerTab(t *testing.T) {
	s := startServer(t, "")
	const agent, team = "a-tab", "t-tab"
	s.ingest(ticket(agent, team, true))
	s.waitAgent(agent, func(v shared.AgentView) bool { return v.XP > 0 })

	ctx := newBrowser(t, 1280, 900)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	rc := countRequests(t, ctx)
	oneSocket := func(where string) {
		t.Helper()
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			n, err := liveConnections(s)
			assert.NoError(c, err)
			assert.Equal(c, float64(1), n, "live sockets the server sees on %s", where)
		}, uiWait, 100*time.Millisecond)
		assert.Equal(t, int32(1), rc.sockets.Load(), "live sockets the tab opened by %s", where)
	}

	open(t, ctx, s.URL+"/agent/"+agent, "#agent-view")
	waitJS(t, ctx, uiWait, `document.getElementById("conn").dataset.state`, "live")
	oneSocket("the agent view")

	click(t, ctx, "#nav-supervisor")
	waitJS(t, ctx, uiWait, `(document.getElementById("supervisor")||{dataset:{}}).dataset.mounted`, "true")
	oneSocket("the supervisor view")

	click(t, ctx, "#nav-wallboard")
	waitJS(t, ctx, uiWait, `(document.getElementById("wallboard")||{dataset:{}}).dataset.mounted`, "true")
	oneSocket("the wallboard")

	js[bool](t, ctx, `(() => { history.go(-2); return true })()`)
	waitJS(t, ctx, uiWait, `(document.getElementById("agent-view")||{dataset:{}}).dataset.mounted`, "true")
	oneSocket("the agent view again")

	before := s.agent(agent).Points[shared.PeriodDay].Points
	s.ingest(ticket(agent, team, true))
	v := s.waitAgent(agent, func(v shared.AgentView) bool { return v.Points[shared.PeriodDay].Points > before })
	waitJS(t, ctx, uiWait, `document.getElementById("points-day").textContent.trim()`, strconv.FormatInt(v.Points[shared.PeriodDay].Points, 10))
	oneSocket("the end")
}

// TestUISupervisorGridMovesWithoutRefetch: the supervisor's grid follows an
// event from the live frames of the members' topics; the grid itself is
// not read again.
func TestUISupervisorGridMovesWithoutRefetch(t *testing.T) {
	s := startServer(t, "")
	const team = "t-grid"
	s.ingest(ticket("a-g1", team, true), ticket("a-g2", team, false))
	s.waitAgent("a-g2", func(v shared.AgentView) bool { return v.XP > 0 })

	ctx := newBrowser(t, 1600, 1000)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	rc := countRequests(t, ctx)
	open(t, ctx, s.URL+"/supervisor?team="+team, "#supervisor")
	waitJS(t, ctx, uiWait, `document.querySelectorAll("#team-grid .member").length`, 2)
	today := `document.querySelector("#team-grid [data-agent='a-g1']").dataset.today`
	before := s.agent("a-g1").Points[shared.PeriodDay].Points
	waitJS(t, ctx, uiWait, today, strconv.FormatInt(before, 10))
	// The page has read the grids it may see; from here on, frames move it.
	read := rc.members.Load()
	require.Positive(t, read)

	s.ingest(ticket("a-g1", team, true))
	after := s.waitAgent("a-g1", func(v shared.AgentView) bool { return v.Points[shared.PeriodDay].Points > before })
	waitJS(t, ctx, uiWait, today, strconv.FormatInt(after.Points[shared.PeriodDay].Points, 10))
	want := strconv.Itoa(after.Level)
	assert.Contains(t, js[string](t, ctx, `document.querySelector("#team-grid [data-agent='a-g1'] .member-meta").textContent`), want)
	assert.Equal(t, read, rc.members.Load(), "requests of the grid after the event")
}
