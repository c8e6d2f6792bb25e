package api

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"scorecast/scoring/rewards"
	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/projector"
	"scorecast/server/store"
	"scorecast/shared"
)

// maxSpotlightTitle bounds a spotlight's title, in characters.
const maxSpotlightTitle = 80

// nameSpotlight answers POST /api/v1/spotlights: a supervisor (of the
// agent's team) or an admin names someone for a period. Every TV of the
// org celebrates it; it stays on the agent's profile.
func (h *handlers) nameSpotlight(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	var req shared.SpotlightRequest
	if !decodeBody(w, r, maxRewardsBody, &req) {
		return
	}
	unprocessable := func(format string, args ...any) {
		httpx.Error(w, http.StatusUnprocessableEntity, fmt.Sprintf(format, args...))
	}
	if _, ok := projector.SpotlightPeriod(req.Period); !ok {
		unprocessable("period is a month (2026-11) or an ISO week (2026-W48)")
		return
	}
	switch {
	case req.Agent == "" || !validID(req.Agent, 128, ":@") || !h.cfg.Projector.KnownPerson(me.Org, req.Agent):
		unprocessable("there is no one called %q here", req.Agent)
		return
	case req.Title == "" || !utf8.ValidString(req.Title) || utf8.RuneCountInString(req.Title) > maxSpotlightTitle:
		unprocessable("title is 1 to %d characters", maxSpotlightTitle)
		return
	case !utf8.ValidString(req.Message) || utf8.RuneCountInString(req.Message) > rewards.MaxMessage:
		unprocessable("the message is longer than %d characters", rewards.MaxMessage)
		return
	}
	if me.Role == auth.RoleSupervisor && !h.cfg.Projector.Supervises(me.Org, me.User, h.cfg.Projector.TeamOf(me.Org, req.Agent)) {
		httpx.Error(w, http.StatusForbidden, "you may put in the spotlight only people of the teams you supervise")
		return
	}
	id, ok := commandID(w, r, me, "sp")
	if !ok {
		return
	}
	sp := store.Spotlight{ID: id, Agent: req.Agent, Title: req.Title, Message: req.Message, Period: req.Period}
	cmd := store.RewardsCommand{Op: store.OpSpotlight, By: me.User, Role: me.Role, ID: id, Agent: req.Agent, Spotlight: &sp}
	exists := func() bool { return h.spotlight(me.Org, id) != nil }
	if _, ok := h.decide(w, r, me.Org, id, cmd, exists); !ok {
		return
	}
	h.audit(r, me, "spotlight", req.Agent, fmt.Sprintf("put %s in the spotlight for %s: %s", req.Agent, req.Period, req.Title))
	if v := h.spotlight(me.Org, id); v != nil {
		httpx.JSON(w, http.StatusCreated, v)
		return
	}
	h.fail(w, fmt.Errorf("spotlight %s applied but not found", id))
}

func (h *handlers) spotlight(org, id string) *shared.Spotlight {
	list, _ := h.cfg.Projector.Spotlights(org, "")
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

// listSpotlights answers GET /api/v1/spotlights?agent=: every spotlight,
// newest first, or one agent's. They are public (every TV shows them), so
// the org's sessions and displays read them.
func (h *handlers) listSpotlights(w http.ResponseWriter, r *http.Request) {
	me, ok := h.identify(w, r)
	if !ok {
		return
	}
	agent := r.URL.Query().Get("agent")
	if agent != "" && !validID(agent, 128, ":@") {
		httpx.Error(w, http.StatusBadRequest, "agent is a person's id")
		return
	}
	list, err := h.cfg.Projector.Spotlights(me.Org, agent)
	h.answer(w, shared.SpotlightsAnswer{Spotlights: list}, err)
}

// spotlightCandidates answers GET /api/v1/spotlights/candidates?period=:
// who the data suggests (best quality, most improved, most kudos), of
// the teams a supervisor supervises or of the whole org for an admin.
func (h *handlers) spotlightCandidates(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	period := r.URL.Query().Get("period")
	if period == "" {
		period = h.cfg.Projector.CurrentMonth(me.Org)
	} else if _, ok := projector.SpotlightPeriod(period); !ok {
		httpx.Error(w, http.StatusBadRequest, "period is a month (2026-11) or an ISO week (2026-W48)")
		return
	}
	teams := map[string]bool{}
	for _, t := range h.cfg.Projector.Supervised(me.Org, me.User) {
		teams[t] = true
	}
	list, err := h.cfg.Projector.Candidates(me.Org, period, func(_, team string) bool {
		return me.Role == auth.RoleAdmin || teams[team]
	})
	h.answer(w, shared.CandidatesAnswer{Period: period, Candidates: list}, err)
}
