package api

import (
	"fmt"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"

	"scorecast/scoring/rewards"
	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/projector"
	"scorecast/server/store"
	"scorecast/shared"
)

// Kudos lists' limits.
const defaultKudosLimit, maxKudosLimit = 50, 200

// giveKudos answers POST /api/v1/kudos: a person gives a colleague kudos
// for one of the org's values, within their allowance for the period.
// Whether the allowance still has room is decided in stream order, so
// fifty parallel requests with an allowance of three give exactly three.
func (h *handlers) giveKudos(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	var req shared.KudosRequest
	if !decodeBody(w, r, maxRewardsBody, &req) {
		return
	}
	rules, remaining, err := h.cfg.Projector.KudosRules(me.Org, me.User, time.Now())
	if err != nil {
		h.fail(w, err)
		return
	}
	unprocessable := func(format string, args ...any) {
		httpx.Error(w, http.StatusUnprocessableEntity, fmt.Sprintf(format, args...))
	}
	switch {
	case req.To == "":
		unprocessable("to names the colleague the kudos are for")
		return
	case !validID(req.To, 128, ":@"):
		unprocessable("to is not a person's id")
		return
	case req.To == me.User:
		unprocessable("kudos are for a colleague, not for yourself")
		return
	case !h.cfg.Projector.KnownPerson(me.Org, req.To):
		unprocessable("there is no one called %q here", req.To)
		return
	case !slices.Contains(rules.Values, req.Value):
		if len(rules.Values) == 0 {
			httpx.Error(w, http.StatusConflict, "kudos are not given here: the ruleset has no values for them")
			return
		}
		unprocessable("%q is not one of the values kudos are given for (%v)", req.Value, rules.Values)
		return
	case !utf8.ValidString(req.Message) || utf8.RuneCountInString(req.Message) > rewards.MaxMessage:
		unprocessable("the message is longer than %d characters", rewards.MaxMessage)
		return
	case remaining == 0:
		// Checked again in stream order; this only spares the stream a
		// command bound to be refused.
		httpx.Error(w, http.StatusConflict, fmt.Sprintf("you have given all %d kudos of this %s", rules.Allowance, rules.Period))
		return
	}
	id, ok := commandID(w, r, me, "k")
	if !ok {
		return
	}
	cmd := store.RewardsCommand{Op: store.OpKudos, By: me.User, Role: me.Role, ID: id, Agent: req.To, Value: req.Value, Message: req.Message}
	if _, ok := h.decide(w, r, me.Org, id, cmd, func() bool { _, ok := h.cfg.Projector.Kudos(me.Org, id); return ok }); !ok {
		return
	}
	_, remaining, _ = h.cfg.Projector.KudosRules(me.Org, me.User, time.Now())
	httpx.JSON(w, http.StatusCreated, shared.KudosAnswer{ID: id, Remaining: remaining})
}

// listKudos answers GET /api/v1/kudos?to=&from=&limit=, newest first.
// Kudos are public recognition: everyone of the org sees them, as the org
// feed shows them (someone who chose to be hidden is left out of others'
// lists); supervisors and admins, and people in their own kudos, see names.
func (h *handlers) listKudos(w http.ResponseWriter, r *http.Request) {
	me, ok := h.identify(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := projector.KudosFilter{To: q.Get("to"), From: q.Get("from")}
	for _, v := range []string{f.To, f.From} {
		if v != "" && !validID(v, 128, ":@") {
			httpx.Error(w, http.StatusBadRequest, "to and from are people's ids")
			return
		}
	}
	if f.Limit, ok = limitParam(w, r, defaultKudosLimit, maxKudosLimit); !ok {
		return
	}
	switch me.Role {
	case auth.RoleAdmin, auth.RoleSupervisor:
	case auth.RoleAgent:
		f.Feed = f.To != me.User && f.From != me.User
	default:
		f.Feed = true
	}
	list, err := h.cfg.Projector.KudosList(me.Org, f)
	if err != nil {
		h.fail(w, err)
		return
	}
	ans := shared.KudosList{Kudos: list, Values: []string{}}
	if me.Role != auth.RoleDisplay {
		rules, remaining, err := h.cfg.Projector.KudosRules(me.Org, me.User, time.Now())
		if err != nil {
			h.fail(w, err)
			return
		}
		ans.Allowance, ans.Remaining, ans.Period = rules.Allowance, remaining, rules.Period
		if rules.Values != nil {
			ans.Values = rules.Values
		}
	}
	httpx.JSON(w, http.StatusOK, ans)
}

// hideKudos answers POST /api/v1/kudos/{id}/hide: a supervisor of the
// receiver's team, or an admin, hides an abusive message. The kudos stay
// (and what they scored); their message is gone from every list and feed.
func (h *handlers) hideKudos(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	var req shared.HideKudos
	if !decodeOptional(w, r, maxRewardsBody, &req) {
		return
	}
	if utf8.RuneCountInString(req.Reason) > rewards.MaxNote {
		httpx.Error(w, http.StatusUnprocessableEntity, fmt.Sprintf("the reason is longer than %d characters", rewards.MaxNote))
		return
	}
	id := r.PathValue("id")
	k, found := h.cfg.Projector.Kudos(me.Org, id)
	if !validID(id, 64, ":") || !found {
		httpx.Error(w, http.StatusNotFound, "there are no such kudos")
		return
	}
	if me.Role == auth.RoleSupervisor && !h.cfg.Projector.Supervises(me.Org, me.User, k.Team) {
		httpx.Error(w, http.StatusForbidden, "you may hide kudos only of the teams you supervise")
		return
	}
	cmdID, ok := commandID(w, r, me, "hide")
	if !ok {
		return
	}
	cmd := store.RewardsCommand{Op: store.OpHide, By: me.User, Role: me.Role, ID: id, Note: req.Reason}
	if _, ok := h.decide(w, r, me.Org, cmdID, cmd, nil); !ok {
		return
	}
	detail := fmt.Sprintf("hid the message of kudos from %s to %s", k.From, k.To)
	if req.Reason != "" {
		detail += ": " + req.Reason
	}
	h.audit(r, me, "kudos.hide", id, detail)
	k, _ = h.cfg.Projector.Kudos(me.Org, id)
	httpx.JSON(w, http.StatusOK, k)
}
