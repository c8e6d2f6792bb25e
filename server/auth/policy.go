package auth

import (
	"slices"
	"strings"

	"scorecast/shared"
)

// Roster answers the two questions authorization asks of the org's roster.
type Roster interface {
	// TeamOf is the agent's team now, "" if none.
	TeamOf(org, agent string) string
	// Supervises reports whether user supervises team.
	Supervises(org, user, team string) bool
}

// MaySeeAgent: the agent, a supervisor of the agent's team, an admin.
func MaySeeAgent(id Identity, r Roster, agent string) bool {
	switch id.Role {
	case RoleAdmin:
		return true
	case RoleAgent:
		return id.User == agent
	case RoleSupervisor:
		team := r.TeamOf(id.Org, agent)
		return team != "" && r.Supervises(id.Org, id.User, team)
	}
	return false
}

// MaySeeTeam: its members, its supervisors, an admin, a display bound to it.
func MaySeeTeam(id Identity, r Roster, team string) bool {
	switch id.Role {
	case RoleAdmin:
		return true
	case RoleAgent:
		return r.TeamOf(id.Org, id.User) == team
	case RoleSupervisor:
		return r.Supervises(id.Org, id.User, team)
	case RoleDisplay:
		return slices.Contains(id.Teams, team)
	}
	return false
}

// MaySeeBoard: anyone of the org; a display only the boards it is bound to
// (a board bound without a period allows every period of it).
func MaySeeBoard(id Identity, board, period string) bool {
	if id.Role != RoleDisplay {
		return id.Role != ""
	}
	return slices.Contains(id.Boards, board) || slices.Contains(id.Boards, board+"/"+period)
}

// MaySeeTopic applies the rules above to a live topic.
func MaySeeTopic(id Identity, r Roster, topic string) bool {
	kind, parts, ok := shared.ParseTopic(topic)
	if !ok {
		return false
	}
	switch kind {
	case "agent":
		return MaySeeAgent(id, r, parts[0])
	case "team":
		return MaySeeTeam(id, r, parts[0])
	case "board":
		return MaySeeBoard(id, parts[0], parts[1]) && mayBoards(id, r)
	case shared.TopicOrg:
		return id.Role != ""
	}
	return false
}

// bearer returns the token of an "Authorization: Bearer" header or of the
// token query parameter (browsers cannot set headers on a WebSocket).
func bearer(authz, query string) string {
	if t, ok := strings.CutPrefix(authz, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return query
}

// BoardsPolicy is asked by MaySeeTopic, when the roster has it, whether an
// org's boards are public: agents see them only then.
type BoardsPolicy interface {
	BoardsPublic(org string) bool
}

func mayBoards(id Identity, r Roster) bool {
	bp, ok := r.(BoardsPolicy)
	return id.Role != RoleAgent || !ok || bp.BoardsPublic(id.Org)
}
