package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"scorecast/server/auth"
	"scorecast/server/bus"
	"scorecast/server/httpx"
	"scorecast/server/projector"
	"scorecast/server/store"
	"scorecast/shared"
)

// Config configures the REST handlers.
type Config struct {
	// Projector answers the views (required).
	Projector *projector.Projector
	// Auth logs people in and recognizes them (required).
	Auth *auth.Service
	// Store holds rulesets and accounts (required).
	Store *store.Store
	// Bus takes control messages (required).
	Bus *bus.Bus
	// DefaultOrg is the org of a login that names none; its admins are the
	// operator, who creates orgs.
	DefaultOrg string
	// Revoke closes the live sockets of a key at once: "user:<id>" for a
	// removed user or display, "session:<hash>" for a logged-out session.
	Revoke func(org, key string)
	// Recheck drops, with an error frame each, the live subscriptions of
	// org's sockets their viewers may no longer see (boards made private to
	// agents); optional.
	Recheck func(org, reason string)
	// Seen records when displays call in (GET /api/v1/displays shows it);
	// optional.
	Seen *DisplaySeen
	// Gauges adds gauges to /metrics (e.g. open live connections); optional.
	Gauges func() map[string]int64
	// Ready reports readiness beyond the projection (NATS, store); default always.
	Ready func() error
	// Logger; default slog.Default().
	Logger *slog.Logger
}

// Register adds the API's routes to mux.
func Register(mux *http.ServeMux, cfg Config) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Ready == nil {
		cfg.Ready = func() error { return nil }
	}
	h := newHandlers(cfg)
	for _, rt := range h.routes() {
		mux.HandleFunc(rt.pattern, rt.handle)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, _ *http.Request) {
		httpx.Error(w, http.StatusNotFound, "no such endpoint")
	})
}

type handlers struct {
	cfg       Config
	publishMu sync.Mutex // one ruleset publication at a time
	peopleMu  sync.Mutex // one person record change at a time: each is put whole
	pairings  *pairings
	// document is the OpenAPI document, made once: it depends on the route
	// table alone, and reflecting over every type per request is waste.
	document func() map[string]any
}

func newHandlers(cfg Config) *handlers {
	h := &handlers{cfg: cfg, pairings: newPairings()}
	h.document = sync.OnceValue(func() map[string]any { return document(append(h.routes(), external...)) })
	return h
}

// seeAgent answers 401 or 403 and returns false unless the caller may see
// the agent named in the path.
func (h *handlers) seeAgent(w http.ResponseWriter, r *http.Request) (auth.Identity, string, bool) {
	me, ok := h.identify(w, r)
	if !ok {
		return me, "", false
	}
	id := r.PathValue("id")
	if !auth.MaySeeAgent(me, h.cfg.Projector, id) {
		httpx.Error(w, http.StatusForbidden, "you may see only yourself, the agents of teams you supervise, or everyone as an admin")
		return me, "", false
	}
	return me, id, true
}

// seeTeam is seeAgent for the team named in the path.
func (h *handlers) seeTeam(w http.ResponseWriter, r *http.Request) (auth.Identity, string, bool) {
	me, ok := h.identify(w, r)
	if !ok {
		return me, "", false
	}
	team, ok := h.mayTeam(w, r, me)
	return me, team, ok
}

// mayTeam answers 403 and returns false unless me may see the team named in
// the path.
func (h *handlers) mayTeam(w http.ResponseWriter, r *http.Request, me auth.Identity) (string, bool) {
	team := r.PathValue("id")
	if !auth.MaySeeTeam(me, h.cfg.Projector, team) {
		httpx.Error(w, http.StatusForbidden, "you may see your own team, the teams you supervise, or every team as an admin")
		return "", false
	}
	return team, true
}

// answer writes v, or the error's status.
func (h *handlers) answer(w http.ResponseWriter, v any, err error) {
	if err != nil {
		h.fail(w, err)
		return
	}
	httpx.JSON(w, http.StatusOK, v)
}

func (h *handlers) agent(w http.ResponseWriter, r *http.Request) {
	if me, id, ok := h.seeAgent(w, r); ok {
		v, err := h.cfg.Projector.AgentView(me.Org, id)
		h.answer(w, v, err)
	}
}

func (h *handlers) team(w http.ResponseWriter, r *http.Request) {
	if me, id, ok := h.seeTeam(w, r); ok {
		v, err := h.cfg.Projector.TeamView(me.Org, id)
		h.answer(w, v, err)
	}
}

func (h *handlers) leaderboard(w http.ResponseWriter, r *http.Request) {
	me, ok := h.identify(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	period := q.Get("period")
	if period == "" {
		period = shared.PeriodDay
	}
	if !auth.MaySeeBoard(me, r.PathValue("board"), period) {
		httpx.Error(w, http.StatusForbidden, "this display is not bound to this board")
		return
	}
	if !h.mayBoards(w, me) {
		return
	}
	limit := projector.DefaultBoardLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > projector.MaxBoardLimit {
			httpx.Error(w, http.StatusBadRequest, "limit must be a whole number from 1 to "+strconv.Itoa(projector.MaxBoardLimit))
			return
		}
		limit = n
	}
	viewer := me.User // their own entry by name, whatever they chose
	if me.Role == auth.RoleDisplay {
		viewer = ""
	}
	v, err := h.cfg.Projector.LeaderboardFor(me.Org, r.PathValue("board"), period, limit, viewer)
	if err != nil {
		h.fail(w, err)
		return
	}
	httpx.JSON(w, http.StatusOK, v)
}

func (h *handlers) ready(w http.ResponseWriter, _ *http.Request) {
	if err := h.cfg.Ready(); err != nil {
		httpx.JSON(w, http.StatusServiceUnavailable, shared.Health{Status: "unavailable", Detail: err.Error()})
		return
	}
	if !h.cfg.Projector.Ready() {
		httpx.JSON(w, http.StatusServiceUnavailable, shared.Health{Status: "catching up", Detail: "the projection is replaying the stream"})
		return
	}
	httpx.JSON(w, http.StatusOK, shared.Health{Status: "ready"})
}

func (h *handlers) fail(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, projector.ErrNotFound), errors.Is(err, store.ErrNotFound):
		httpx.Error(w, http.StatusNotFound, "not found")
	case errors.Is(err, projector.ErrUnknownOrg):
		httpx.Error(w, http.StatusNotFound, "unknown org")
	default:
		h.cfg.Logger.Error("api", "err", err)
		httpx.Error(w, http.StatusInternalServerError, "internal error")
	}
}

func (h *handlers) teamMembers(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin, auth.RoleSupervisor)
	if !ok {
		return
	}
	if team, ok := h.mayTeam(w, r, me); ok {
		v, err := h.cfg.Projector.TeamMembers(me.Org, team)
		h.answer(w, v, err)
	}
}

func (h *handlers) trend(w http.ResponseWriter, r *http.Request) {
	me, id, ok := h.seeAgent(w, r)
	if !ok {
		return
	}
	days := defaultTrendDays
	if s := r.URL.Query().Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxTrendDays {
			httpx.Error(w, http.StatusBadRequest, fmt.Sprintf("days must be a whole number from 1 to %d", maxTrendDays))
			return
		}
		days = n
	}
	v, err := h.cfg.Projector.Trend(me.Org, id, days)
	h.answer(w, v, err)
}
