package scoring

import (
	"iter"
	"maps"
	"slices"
	"sort"
)

// SimulationReport compares what the published and a candidate ruleset
// make of the same inputs.
type SimulationReport struct {
	Inputs  int               `json:"inputs"`
	Events  int               `json:"events"`
	Agents  []AgentDiff       `json:"agents"` // every agent seen, by id
	Summary SimulationSummary `json:"summary"`
}

// AgentResult is one agent's standing under one ruleset after the replay.
type AgentResult struct {
	Points     int64            `json:"points"`
	Categories map[string]int64 `json:"categories"`
	Level      int              `json:"level"`
	LevelName  string           `json:"level_name"`
	Badges     map[string]int   `json:"badges"` // badge id -> tier
	Rank       int              `json:"rank"`   // on the agents board over the replayed range
}

// AgentDiff sets an agent's two results side by side.
type AgentDiff struct {
	Agent        string      `json:"agent"`
	Current      AgentResult `json:"current"`
	Candidate    AgentResult `json:"candidate"`
	Changed      bool        `json:"changed"`
	BadgesGained []string    `json:"badges_gained,omitempty"` // ids whose tier rose
	BadgesLost   []string    `json:"badges_lost,omitempty"`
	RankChange   int         `json:"rank_change"` // positive: moves up
}

// SimulationSummary totals the differences.
type SimulationSummary struct {
	Agents           int                      `json:"agents"`
	AgentsAffected   int                      `json:"agents_affected"`
	PointsBefore     int64                    `json:"points_before"`
	PointsAfter      int64                    `json:"points_after"`
	Categories       map[string]CategoryTotal `json:"categories"`
	BadgesGained     int                      `json:"badges_gained"`
	BadgesLost       int                      `json:"badges_lost"`
	RuleErrorsBefore int                      `json:"rule_errors_before"`
	RuleErrorsAfter  int                      `json:"rule_errors_after"`
}

// CategoryTotal is one category's points under both rulesets.
type CategoryTotal struct {
	Before int64 `json:"before"`
	After  int64 `json:"after"`
}

// Events turns a slice of events into inputs for Simulate.
func Events(evs []Event) iter.Seq[Input] {
	return func(yield func(Input) bool) {
		for i := range evs {
			if !yield(Input{Event: &evs[i]}) {
				return
			}
		}
	}
}

const simProgressEvery = 10_000

// Simulate replays inputs, in order, into two empty worlds, one per engine,
// and compares the agents at the end. It keeps only state in memory, so
// its cost is the two engines' and the agents' state. progress, if not
// nil, is called with the number of inputs done every 10 000 and at the end.
func Simulate(current, candidate *Engine, inputs iter.Seq[Input], progress func(done int)) SimulationReport {
	var rep SimulationReport
	before, after := NewWorld(), NewWorld()
	for in := range inputs {
		rep.Inputs++
		if in.Event != nil {
			rep.Events++
		}
		rep.Summary.RuleErrorsBefore += countErrors(current.Step(before, in))
		rep.Summary.RuleErrorsAfter += countErrors(candidate.Step(after, in))
		if progress != nil && rep.Inputs%simProgressEvery == 0 {
			progress(rep.Inputs)
		}
	}
	if progress != nil {
		progress(rep.Inputs)
	}
	ids := slices.Sorted(maps.Keys(before.Agents))
	rankB, rankA := ranks(before), ranks(after)
	s := &rep.Summary
	s.Agents = len(ids)
	s.Categories = map[string]CategoryTotal{}
	for _, id := range ids {
		d := AgentDiff{Agent: id, Current: result(current, before.Agents[id], rankB[id]),
			Candidate: result(candidate, after.Agents[id], rankA[id])}
		d.RankChange = d.Current.Rank - d.Candidate.Rank
		for _, b := range slices.Sorted(maps.Keys(unionKeys(d.Current.Badges, d.Candidate.Badges))) {
			switch was, is := d.Current.Badges[b], d.Candidate.Badges[b]; {
			case is > was:
				d.BadgesGained = append(d.BadgesGained, b)
			case is < was:
				d.BadgesLost = append(d.BadgesLost, b)
			}
		}
		d.Changed = d.Current.Points != d.Candidate.Points || d.Current.Level != d.Candidate.Level ||
			d.RankChange != 0 || len(d.BadgesGained)+len(d.BadgesLost) > 0 ||
			!maps.Equal(d.Current.Categories, d.Candidate.Categories)
		if d.Changed {
			s.AgentsAffected++
		}
		s.PointsBefore += d.Current.Points
		s.PointsAfter += d.Candidate.Points
		s.BadgesGained += len(d.BadgesGained)
		s.BadgesLost += len(d.BadgesLost)
		for c, p := range d.Current.Categories {
			t := s.Categories[c]
			t.Before += p
			s.Categories[c] = t
		}
		for c, p := range d.Candidate.Categories {
			t := s.Categories[c]
			t.After += p
			s.Categories[c] = t
		}
		rep.Agents = append(rep.Agents, d)
	}
	return rep
}

func countErrors(out []Outcome) int {
	n := 0
	for i := range out {
		if out[i].Kind == OutcomeRuleError {
			n++
		}
	}
	return n
}

func unionKeys(a, b map[string]int) map[string]int {
	u := maps.Clone(a)
	if u == nil {
		u = map[string]int{}
	}
	maps.Copy(u, b)
	return u
}

func result(e *Engine, a *AgentState, rank int) AgentResult {
	r := AgentResult{Categories: map[string]int64{}, Badges: map[string]int{}, Rank: rank}
	if a == nil {
		return r
	}
	all := a.Periods[PeriodAll]
	r.Points = all.Points
	maps.Copy(r.Categories, all.Categories)
	r.Level = a.Level
	r.LevelName = e.LevelFor(a.XP).Name
	for id, b := range a.Badges {
		r.Badges[id] = b.Best
	}
	return r
}

// ranks orders agents by all-time points of the replay, ties by id, as the
// agents board would with no arrival order to break them.
func ranks(w *World) map[string]int {
	ids := slices.Collect(maps.Keys(w.Agents))
	pts := func(id string) int64 { return w.Agents[id].Periods[PeriodAll].Points }
	sort.Slice(ids, func(i, j int) bool {
		if pi, pj := pts(ids[i]), pts(ids[j]); pi != pj {
			return pi > pj
		}
		return ids[i] < ids[j]
	})
	out := make(map[string]int, len(ids))
	for i, id := range ids {
		out[id] = i + 1
	}
	return out
}
