package projector

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"scorecast/scoring"
	"scorecast/server/store"
	"scorecast/shared"
)

// BenchmarkAgentMessage is the projector's work for one points message on a
// watched agent topic: the agent's view after an event, the patch against
// the view the topic last carried, and its JSON.
func BenchmarkAgentMessage(b *testing.B) {
	rs := scoring.DefaultRuleset()
	e, err := scoring.Compile(rs)
	if err != nil {
		b.Fatal(err)
	}
	o := &org{id: "o", engine: e, rules: rs, boards: rs.Boards, rec: &store.OrgRecord{Org: "o"},
		agents: map[string]*store.AgentRecord{}, teams: map[string]*store.TeamRecord{},
		ranks: map[rankKey]*scoring.Board{}, sent: sentViews{views: map[string]*shared.AgentView{}}}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	a := o.agent("a-1")
	t := &store.TeamRecord{Org: "o", State: scoring.TeamState{ID: "t-1"}}
	o.teams["t-1"] = t
	apply := func(i int) {
		e.Apply(&a.State, &t.State, scoring.Event{ID: fmt.Sprintf("e-%d", i), Type: "ticket.solved", Agent: "a-1", Team: "t-1",
			Time: now.Add(time.Duration(i) * time.Second), Metrics: map[string]any{"csat": 5.0}})
		o.touchAgent(a, nil, uint64(i))
		o.rankAgent(a)
	}
	for i := range 30 {
		apply(i)
	}
	first := o.agentView("a-1", 30, now)
	o.sent.swap("a-1", &first)
	b.ReportAllocs()
	i := 30
	for b.Loop() {
		b.StopTimer()
		i++
		apply(i)
		b.StartTimer()
		// As outbox.build does it: into a spare view, freed once encoded.
		v := o.spareView()
		o.fillAgentView(v, &o.summary, "a-1", uint64(i), now)
		old := o.sent.swap("a-1", v)
		if _, err := json.Marshal(shared.DiffAgentView(old, v)); err != nil {
			b.Fatal(err)
		}
		o.keepSpare([]*shared.AgentView{old})
	}
}
