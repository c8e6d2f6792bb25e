package api

import (
	"fmt"
	"net/http"
	"slices"

	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/shared"
)

// checkCoop validates a co-op quest's members before its launch reaches
// the stream, and answers the caller when they are wrong: 2..6 distinct
// people the org knows, and for a supervisor only people of the teams
// they supervise (an admin pairs across any teams). It reports whether the
// launch may go on. The engine checks the group again in stream order
// (size, distinct ids, the challenge's kind); people are the API's to know.
func (h *handlers) checkCoop(w http.ResponseWriter, me auth.Identity, req *shared.LaunchRequest) bool {
	var p problems
	switch n := len(req.Agents); {
	case n < shared.CoopMinMembers || n > shared.CoopMaxMembers:
		p.add("agents", "a co-op quest has %d to %d members; %d given", shared.CoopMinMembers, shared.CoopMaxMembers, n)
	default:
		for i, id := range req.Agents {
			field := fmt.Sprintf("agents/%d", i)
			switch {
			case !validID(id, 128, ":@"):
				p.add(field, "is not a person's id")
			case slices.Contains(req.Agents[:i], id):
				p.add(field, "%q is named twice: each member once", id)
			case !h.cfg.Projector.KnownPerson(me.Org, id):
				p.add(field, "there is no one called %q here", id)
			}
		}
	}
	if len(p) > 0 {
		httpx.JSON(w, http.StatusUnprocessableEntity, shared.Error{Error: "invalid co-op quest", Problems: []shared.FieldProblem(p)})
		return false
	}
	if me.Role == auth.RoleSupervisor {
		for _, id := range req.Agents {
			if team := h.cfg.Projector.TeamOf(me.Org, id); team == "" || !h.cfg.Projector.Supervises(me.Org, me.User, team) {
				httpx.Error(w, http.StatusForbidden, fmt.Sprintf("you may pair only the agents of teams you supervise; %s is not on one", id))
				return false
			}
		}
	}
	// A co-op quest belongs to its members, whichever teams they are on.
	req.Team = ""
	return true
}
