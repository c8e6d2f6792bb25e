package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"scorecast/scoring"
	"scorecast/server/auth"
	"scorecast/server/bus"
	"scorecast/server/httpx"
	"scorecast/shared"
)

// launchChallenge lets a supervisor launch an ad hoc challenge for a team
// they supervise (an admin for any team) from a template of the ruleset.
// The launch travels through the stream like an event, so a replay
// launches it at the same point.
func (h *handlers) launchChallenge(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin, auth.RoleSupervisor)
	if !ok {
		return
	}
	var req shared.LaunchRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	if req.Coop && !h.checkCoop(w, me, &req) {
		return
	}
	if req.Team == "" && !req.Coop {
		answerProblems(w, problems{{Field: "team", Message: "is required: a challenge is launched for a team"}})
		return
	}
	if !req.Coop && me.Role == auth.RoleSupervisor && !h.cfg.Projector.Supervises(me.Org, me.User, req.Team) {
		httpx.Error(w, http.StatusForbidden, "you may launch challenges only for the teams you supervise")
		return
	}
	if req.Start.IsZero() {
		req.Start = time.Now().UTC()
	}
	id, err := randomToken(12)
	if err != nil {
		h.fail(w, err)
		return
	}
	lr := scoring.LaunchRequest{ID: "launch-" + id, Challenge: req.Challenge, Team: req.Team, Agents: req.Agents,
		Start: req.Start.UTC(), Deadline: req.Deadline.UTC(), Target: req.Target, By: me.User, Coop: req.Coop}
	inst, err := h.cfg.Projector.TryLaunch(me.Org, lr)
	if errors.Is(err, scoring.ErrInvalidLaunch) || errors.Is(err, scoring.ErrLaunchConflict) {
		httpx.Error(w, http.StatusUnprocessableEntity, launchMessage(err))
		return
	}
	if err != nil {
		h.fail(w, err)
		return
	}
	seq, err := h.cfg.Bus.PublishControl(r.Context(), me.Org, bus.Control{ID: lr.ID, Kind: bus.ControlLaunch, Time: time.Now().UTC(), Launch: &lr})
	if err != nil {
		h.fail(w, err)
		return
	}
	h.audit(r, me, "challenge.launch", lr.ID, launchFor(req))
	h.applied(r.Context(), seq)
	httpx.JSON(w, http.StatusCreated, shared.ChallengeInstance(inst))
}

// launchMessage strips the package prefix: the rest is written for people.
func launchMessage(err error) string {
	msg := err.Error()
	for _, prefix := range []string{scoring.ErrInvalidLaunch.Error() + ": ", "scoring: "} {
		if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
			return msg[len(prefix):]
		}
	}
	return msg
}

// launchFor says in the audit log whom a launch is for.
func launchFor(req shared.LaunchRequest) string {
	if req.Coop {
		return req.Challenge + " as a co-op quest for " + strings.Join(req.Agents, ", ")
	}
	return req.Challenge + " for " + req.Team
}
