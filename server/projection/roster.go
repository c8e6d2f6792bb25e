package projection

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"scorecast/scoring"
	"scorecast/server/store"
)

// Supervises reports whether user supervises team in org.
func (p *State) Supervises(orgID, user, team string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return false
	}
	return slices.Contains(o.supervisors[team], user)
}

// Supervised lists the teams user supervises in org, sorted.
func (p *State) Supervised(orgID, user string) []string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return nil
	}
	var teams []string
	for team, sups := range o.supervisors {
		if slices.Contains(sups, user) {
			teams = append(teams, team)
		}
	}
	slices.Sort(teams)
	return teams
}

// TeamOf is the team an agent belongs to now, "" if none.
func (p *State) TeamOf(orgID, agent string) string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return ""
	}
	if a, ok := o.agents[agent]; ok {
		return a.State.Team
	}
	return o.profiles[agent].Team
}

// HasBoard reports whether org has board, and the period if one is named.
func (p *State) HasBoard(orgID, board, period string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return false
	}
	b, ok := o.board(board)
	return ok && (period == "" || slices.Contains(b.Periods, period))
}

// Vocabulary is what an org's stream has carried: event types, and metric
// and attr names, for validation's spelling warnings.
func (p *State) Vocabulary(orgID string) scoring.SeenVocabulary {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return scoring.SeenVocabulary{}
	}
	return scoring.SeenVocabulary{Types: slices.Clone(o.rec.Types), Metrics: slices.Clone(o.rec.Metrics)}
}

// Engine is the engine of the ruleset version in force; engines are
// immutable, so the caller may use it off the live path.
func (p *State) Engine(orgID string) (*scoring.Engine, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	return o.engine, nil
}

// TryLaunch checks a launch against a copy of the org's state, so that the
// API refuses a bad launch before anything reaches the stream.
func (p *State) TryLaunch(orgID string, req scoring.LaunchRequest) (scoring.ChallengeInstance, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return scoring.ChallengeInstance{}, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	data, err := json.Marshal(o.rec.State)
	if err != nil {
		return scoring.ChallengeInstance{}, fmt.Errorf("projector: copy org state: %w", err)
	}
	var cp scoring.OrgState
	if err := json.Unmarshal(data, &cp); err != nil {
		return scoring.ChallengeInstance{}, fmt.Errorf("projector: copy org state: %w", err)
	}
	return o.engine.Launch(&cp, req)
}

// RuleProblems lists the rules that failed to evaluate since the server
// started, most frequent first: the admin's view of bad or missing metrics.
func (p *State) RuleProblems(orgID string) []RuleProblem {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := []RuleProblem{}
	if o, ok := p.orgs[orgID]; ok {
		for _, rp := range o.problems {
			out = append(out, *rp)
		}
	}
	slices.SortFunc(out, func(a, b RuleProblem) int {
		if a.Count != b.Count {
			return int(b.Count - a.Count)
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return out
}

// ApplyRoster shows the change's agents and teams at once: names, teams
// and supervisors. An agent already scored keeps the team their events
// told, as before.
func (o *Org) ApplyRoster(ch store.OrgChange) {
	for _, pr := range ch.Profiles {
		old := o.profiles[pr.ID]
		o.profiles[pr.ID] = pr
		if _, scored := o.agents[pr.ID]; !scored && old.Team != pr.Team {
			if m := o.members[old.Team]; m != nil {
				delete(m, pr.ID)
			}
			o.join(pr.Team, pr.ID)
		}
	}
	for _, t := range ch.Teams {
		o.teamNames[t.ID] = t.Name
		o.supervisors[t.ID] = t.Supervisors
	}
	o.applyPeople(ch)
}
