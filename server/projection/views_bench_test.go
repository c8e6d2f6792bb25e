package projection

import (
	"fmt"
	"testing"
	"time"

	"scorecast/scoring"
	"scorecast/server/store"
	"scorecast/shared"
)

// BenchmarkAgentMessage is the work for one points message on a watched
// agent topic: the agent's view after an event (built for the projector),
// and the patch against the view the topic last carried, as JSON (the
// hub's).
func BenchmarkAgentMessage(b *testing.B) {
	rs := scoring.DefaultRuleset()
	e, err := scoring.Compile(rs)
	if err != nil {
		b.Fatal(err)
	}
	o := &Org{id: "o", engine: e, rules: rs, boards: rs.Boards, rec: &store.OrgRecord{Org: "o"},
		agents: map[string]*store.AgentRecord{}, teams: map[string]*store.TeamRecord{},
		ranks: map[rankKey]*scoring.Board{}}
	var sum scoring.AgentSummary
	v := &shared.AgentView{}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	a := o.Agent("a-1")
	t := &store.TeamRecord{Org: "o", State: scoring.TeamState{ID: "t-1"}}
	o.teams["t-1"] = t
	apply := func(i int) {
		e.Apply(&a.State, &t.State, scoring.Event{ID: fmt.Sprintf("e-%d", i), Type: "ticket.solved", Agent: "a-1", Team: "t-1",
			Time: now.Add(time.Duration(i) * time.Second), Metrics: map[string]any{"csat": 5.0}})
		o.TouchAgent(a, nil, uint64(i))
		o.RankAgent(a)
	}
	for i := range 30 {
		apply(i)
	}
	first := o.agentView("a-1", 30, now)
	last := &first
	var buf []byte
	b.ReportAllocs()
	i := 30
	for b.Loop() {
		b.StopTimer()
		i++
		apply(i)
		b.StartTimer()
		// Into the memory of the view before, as the projector does.
		o.FillAgentView(v, &sum, "a-1", uint64(i), now)
		if buf, err = shared.AppendAgentPatch(buf[:0], last, v); err != nil {
			b.Fatal(err)
		}
		last = shared.CopyAgentView(last, v) // as the hub keeps it
	}
}
