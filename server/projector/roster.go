package projector

import (
	"fmt"

	"scorecast/server/store"
)

// PutProfile stores an agent's roster record and shows it at once.
func (p *Projector) PutProfile(orgID string, pr store.Profile) error {
	if err := p.cfg.Store.PutProfile(orgID, pr); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	o, err := p.loadOrg(orgID)
	if err != nil {
		return err
	}
	old := o.profiles[pr.ID]
	o.profiles[pr.ID] = pr
	if _, scored := o.agents[pr.ID]; !scored && old.Team != pr.Team {
		if m := o.members[old.Team]; m != nil {
			delete(m, pr.ID)
		}
		o.join(pr.Team, pr.ID)
	}
	return nil
}

// PutTeamProfile stores a team's roster record and shows it at once.
func (p *Projector) PutTeamProfile(orgID string, t store.TeamProfile) error {
	if err := p.cfg.Store.PutTeamProfile(orgID, t); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	o, err := p.loadOrg(orgID)
	if err != nil {
		return err
	}
	o.teamNames[t.ID] = t.Name
	o.supervisors[t.ID] = t.Supervisors
	return nil
}

// Supervises reports whether user supervises team in org.
func (p *Projector) Supervises(orgID, user, team string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return false
	}
	for _, s := range o.supervisors[team] {
		if s == user {
			return true
		}
	}
	return false
}

// TeamOf is the team an agent belongs to now, "" if none.
func (p *Projector) TeamOf(orgID, agent string) string {
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

// AddOrg loads a newly created org, so that it serves views at once.
func (p *Projector) AddOrg(orgID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := p.loadOrg(orgID); err != nil {
		return fmt.Errorf("projector: add org %s: %w", orgID, err)
	}
	return nil
}

// HasBoard reports whether org has board, and the period if one is named.
func (p *Projector) HasBoard(orgID, board, period string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return false
	}
	b, ok := o.board(board)
	return ok && (period == "" || contains(b.Periods, period))
}
