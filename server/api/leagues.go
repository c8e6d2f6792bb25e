package api

import (
	"errors"
	"net/http"

	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/projector"
	"scorecast/shared"
)

// myLeague answers GET /api/v1/leagues/me: the caller's cohort this week.
func (h *handlers) myLeague(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	if me.User == "" {
		httpx.Error(w, http.StatusForbidden, "a display has no league; ask for /api/v1/leagues/top")
		return
	}
	v, err := h.cfg.Projector.League(me.Org, me.User, me.User)
	h.answerLeague(w, v, err)
}

// agentLeague answers GET /api/v1/agents/{id}/league: an agent's cohort,
// for the agent, their supervisors and admins, who see the others in it
// as the others chose to appear.
func (h *handlers) agentLeague(w http.ResponseWriter, r *http.Request) {
	me, id, ok := h.seeAgent(w, r)
	if !ok {
		return
	}
	v, err := h.cfg.Projector.League(me.Org, id, me.User)
	h.answerLeague(w, v, err)
}

// topLeague answers GET /api/v1/leagues/top: the first cohort of the
// highest tier anyone is in, as a TV shows it to no one in particular.
func (h *handlers) topLeague(w http.ResponseWriter, r *http.Request) {
	me, ok := h.identify(w, r)
	if !ok {
		return
	}
	v, err := h.cfg.Projector.LeagueTop(me.Org)
	h.answerLeague(w, v, err)
}

// answerLeague answers a league view, or 404 with the reason there is none.
func (h *handlers) answerLeague(w http.ResponseWriter, v shared.LeagueView, err error) {
	if errors.Is(err, projector.ErrNoLeagues) || errors.Is(err, projector.ErrNotInLeague) {
		httpx.Error(w, http.StatusNotFound, err.Error())
		return
	}
	h.answer(w, v, err)
}
