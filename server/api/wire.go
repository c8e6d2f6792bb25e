package api

import (
	"maps"

	"scorecast/scoring"
	"scorecast/server/auth"
	"scorecast/server/projector"
	"scorecast/server/store"
	"scorecast/shared"
)

// The domain's and the store's types become the wire types of shared here,
// at the edge, so that the PWA and the OpenAPI document see one type per
// answer. Where the fields are the same, the handlers convert (e.g.
// shared.Display(d)) and the compiler keeps the fields in step;
// TestWireKeepsTheDomainsJSON keeps the tags in step.

func userOf(u store.User) shared.User {
	return shared.User{ID: u.ID, Name: u.Name, Role: u.Role, Team: u.Team, Login: u.PasswordHash != "", Created: u.Created}
}

func identityOf(id auth.Identity) shared.Identity {
	return shared.Identity{Org: id.Org, User: id.User, Name: id.Name, Role: id.Role, Team: id.Team, Boards: id.Boards, Teams: id.Teams}
}

// problemsOf is never nil, so that a list without problems reads [].
func problemsOf(ps []scoring.Problem) []shared.Problem {
	out := make([]shared.Problem, 0, len(ps))
	for _, p := range ps {
		out = append(out, shared.Problem(p))
	}
	return out
}

func ruleProblemsOf(ps []projector.RuleProblem) shared.RuleProblems {
	out := shared.RuleProblems{Problems: make([]shared.RuleProblem, 0, len(ps))}
	for _, p := range ps {
		out.Problems = append(out.Problems, shared.RuleProblem(p))
	}
	return out
}

func reportOf(r scoring.SimulationReport) shared.SimulationReport {
	s := r.Summary
	out := shared.SimulationReport{Inputs: r.Inputs, Events: r.Events, Summary: shared.SimulationSummary{
		Agents: s.Agents, AgentsAffected: s.AgentsAffected, PointsBefore: s.PointsBefore, PointsAfter: s.PointsAfter,
		BadgesGained: s.BadgesGained, BadgesLost: s.BadgesLost, RuleErrorsBefore: s.RuleErrorsBefore, RuleErrorsAfter: s.RuleErrorsAfter,
	}}
	if s.Categories != nil {
		out.Summary.Categories = make(map[string]shared.CategoryTotal, len(s.Categories))
		for k, c := range s.Categories {
			out.Summary.Categories[k] = shared.CategoryTotal(c)
		}
	}
	if r.Agents != nil {
		out.Agents = make([]shared.AgentDiff, 0, len(r.Agents))
	}
	for _, a := range r.Agents {
		out.Agents = append(out.Agents, shared.AgentDiff{Agent: a.Agent, Current: resultOf(a.Current), Candidate: resultOf(a.Candidate),
			Changed: a.Changed, BadgesGained: a.BadgesGained, BadgesLost: a.BadgesLost, RankChange: a.RankChange})
	}
	return out
}

func resultOf(r scoring.AgentResult) shared.AgentResult {
	return shared.AgentResult{Points: r.Points, Categories: maps.Clone(r.Categories), Level: r.Level, LevelName: r.LevelName,
		Badges: maps.Clone(r.Badges), Rank: r.Rank}
}
