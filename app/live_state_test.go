package app

import (
	"strings"
	"testing"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

const (
	probeAgent = "agent/a-17"
	probeBoard = "board/agents/day"
)

// stateProbe is a component that observes what pages observe. go-app
// mounts nothing outside a browser, so it observes in OnPreRender, which
// the test engine runs.
type stateProbe struct {
	goapp.Compo

	ctx     goapp.Context
	loaded  bool
	agent   agentState
	board   boardState
	status  liveStatus
	changes int // of the agent's state
}

func (p *stateProbe) OnPreRender(ctx goapp.Context) {
	p.ctx, p.loaded = ctx, true
	ctx.ObserveState(liveKey(probeAgent), &p.agent).OnChange(func() { p.changes++ })
	ctx.ObserveState(liveKey(probeBoard), &p.board)
	ctx.ObserveState(liveStatusKey, &p.status)
}

func (p *stateProbe) Render() goapp.UI { return goapp.Div() }

// TestTabLiveFoldsIntoState sends updates through the tab's live state as
// the client goroutine does and checks what an observing component gets:
// a burst is one flush and one change per topic, a topic no one follows is
// left out, a lost patch starts the topic over, a topic let go of is gone.
func TestTabLiveFoldsIntoState(t *testing.T) {
	e := goapp.NewTestEngine()
	p := &stateProbe{}
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if !p.loaded {
		t.Fatal("the probe did not prerender")
	}
	tl := newTabLive()
	tl.ctx = p.ctx
	// The test engine's ConsumeAll waits for timers too.
	tl.toastTTL = time.Millisecond
	tl.client.want(liveWant{Owner: "page", Version: 1, Topics: []string{probeAgent, probeBoard}})

	v := sampleView(10, 1250, 4000)
	tl.post(liveUpdate{Status: &liveStatus{Conn: connLive}})
	tl.post(liveUpdate{Msgs: []shared.Message{msg(t, probeAgent, 1, shared.KindSnapshot, v)}})
	v2 := sampleView(11, 1275, 4025)
	tl.post(liveUpdate{Msgs: []shared.Message{
		msg(t, probeAgent, 2, shared.KindPoints, shared.PointsData{At: 11, Rule: "fcr", Category: "quality", Points: 25, Agent: v2}),
		msg(t, probeBoard, 1, shared.KindSnapshot, shared.Leaderboard{Key: "2026-11-26", At: 11, Entries: []shared.LeaderboardEntry{{Rank: 1, Agent: "a-17", Points: 1275}}}),
		msg(t, shared.TopicOrg, 1, shared.KindLevel, shared.LevelData{AgentName: "Bo", Level: 3}),
	}})
	e.ConsumeAll()
	if p.status.Conn != connLive {
		t.Errorf("status %+v", p.status)
	}
	if !p.agent.Have || p.agent.View.Points["day"].Points != 1275 || len(p.agent.History) != 1 {
		t.Fatalf("agent state %+v", p.agent)
	}
	if len(p.agent.Toasts) != 0 || p.changes != 2 {
		t.Errorf("%d toasts after their time, %d changes, want none and 2 (the burst, the toast's end)", len(p.agent.Toasts), p.changes)
	}
	if !p.board.Have || len(p.board.Board.Entries) != 1 {
		t.Errorf("board state %+v", p.board)
	}
	if _, ok := tl.topics[shared.TopicOrg]; ok {
		t.Error("a topic no page follows got a state")
	}

	// A patch made against another view than the tab's: the topic starts
	// over from a snapshot.
	lost := shared.DiffAgentView(&shared.AgentView{ID: "a-17", At: 99}, &v2)
	tl.post(liveUpdate{Msgs: []shared.Message{msg(t, probeAgent, 3, shared.KindPoints, shared.PointsData{At: 100, Points: 1, Patch: &lost})}})
	e.ConsumeAll()
	if p.agent.Have || !tl.client.fresh[probeAgent] {
		t.Errorf("after a lost patch: have %v, asked again %v", p.agent.Have, tl.client.fresh[probeAgent])
	}

	// The page lets go of the agent: its state goes.
	_, dropped := tl.client.want(liveWant{Owner: "page", Version: 2, Topics: []string{probeBoard}})
	tl.post(liveUpdate{Dropped: dropped})
	e.ConsumeAll()
	var after agentState
	p.ctx.GetState(liveKey(probeAgent), &after)
	if _, ok := tl.topics[probeAgent]; ok || after.Topic != "" {
		t.Errorf("the agent's state outlived its topic: %+v", after)
	}
}

// TestMoveMember checks what the supervisor's grid takes from a member's
// agent frames, and that a view without a snapshot leaves the row alone.
func TestMoveMember(t *testing.T) {
	tm := shared.TeamMembers{
		Days: []string{"2026-11-25", "2026-11-26"},
		Members: []shared.MemberView{
			{ID: "a-1", Name: "Ann", Today: 10, Level: 1, Spark: []int64{5, 10}, Flag: "dropping"},
			{ID: "a-17", Name: "Alice", Today: 20, Level: 1, Spark: []int64{7, 20}},
		},
	}
	v := sampleView(12, 1275, 4100)
	v.Points["day"] = shared.PeriodPoints{Key: "2026-11-26", Points: 1275}
	v.Streaks = []shared.Streak{{ID: "s", Current: 4}}
	if got := moveMember(tm, &agentState{View: v}); got[1].Today != 20 {
		t.Error("a state without a snapshot moved the row")
	}
	rows := moveMember(tm, &agentState{View: v, Have: true})
	mv := rows[1]
	if mv.Today != 1275 || mv.Level != 2 || mv.LevelName != "Rookie" || mv.Streak != 4 || mv.Spark[1] != 1275 || mv.Spark[0] != 7 {
		t.Errorf("moved row %+v", mv)
	}
	if rows[0].Flag != "dropping" || rows[0].Today != 10 {
		t.Errorf("another row moved: %+v", rows[0])
	}
	if tm.Members[1].Today != 20 || tm.Members[1].Spark[1] != 20 {
		t.Error("the grid it was given changed under it")
	}
}

// TestUpdateBannerOnOtherProtocol: a live socket that found the server
// speaking another protocol shows the update banner with its reload button.
func TestUpdateBannerOnOtherProtocol(t *testing.T) {
	for _, outdated := range []bool{false, true} {
		c := &pwaStatus{Lang: "en", live: liveStatus{Conn: connOffline, Outdated: outdated}}
		e := goapp.NewTestEngine()
		if err := e.Load(c); err != nil {
			t.Fatal(err)
		}
		e.ConsumeAll()
		html := goapp.HTMLString(c)
		if got := strings.Contains(html, `id="update-reload"`); got != outdated {
			t.Errorf("outdated %v: reload button shown %v in %s", outdated, got, html)
		}
	}
}
