package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/store"
	"scorecast/shared"
)

// maxLoginBody bounds a login request.
const maxLoginBody = 4 << 10

func (h *handlers) login(w http.ResponseWriter, r *http.Request) {
	var req shared.LoginRequest
	if !decodeBody(w, r, maxLoginBody, &req) {
		return
	}
	if req.Org == "" {
		req.Org = h.cfg.DefaultOrg
	}
	if req.User == "" || req.Password == "" || len(req.User) > 128 || len(req.Password) > 1024 || len(req.Org) > 64 {
		httpx.Error(w, http.StatusBadRequest, "user and password are required (user at most 128, password at most 1024 characters)")
		return
	}
	token, id, err := h.cfg.Auth.Login(r.Context(), req.Org, req.User, req.Password, auth.ClientAddr(r))
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", strconv.Itoa(int(throttled.RetryAfter/time.Second)+1))
		httpx.Error(w, http.StatusTooManyRequests, "too many failed logins; try again later")
		return
	case errors.Is(err, auth.ErrBadCredentials):
		if _, err := h.cfg.Store.Org(req.Org); err == nil { // no log for orgs that do not exist
			h.audit(r, auth.Identity{Org: req.Org, User: req.User}, "login.failed", req.User, "")
		}
		httpx.Error(w, http.StatusUnauthorized, "wrong user or password")
		return
	case err != nil:
		h.fail(w, err)
		return
	}
	h.cfg.Auth.SetCookie(w, r, token)
	h.audit(r, id, "login", id.User, "")
	httpx.JSON(w, http.StatusOK, identityOf(id))
}

func (h *handlers) logout(w http.ResponseWriter, r *http.Request) {
	if token := auth.TokenOf(r); token != "" {
		id, identified := h.cfg.Auth.Identify(r)
		if err := h.cfg.Auth.Logout(token); err != nil {
			h.fail(w, err)
			return
		}
		if identified == nil {
			h.audit(r, id, "logout", id.User, "")
			if h.cfg.Revoke != nil {
				h.cfg.Revoke(id.Org, "session:"+store.HashKey(token))
			}
		}
	}
	auth.ClearCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
}

func (h *handlers) me(w http.ResponseWriter, r *http.Request) {
	id, ok := h.identify(w, r)
	if !ok {
		return
	}
	if id.Role == auth.RoleSupervisor {
		// The teams the supervisor's pages open on, whether or not any
		// has scored yet (the teams' board lists those with points).
		id.Teams = h.cfg.Projector.Supervised(id.Org, id.User)
	}
	out := identityOf(id)
	h.withPerson(id, &out)
	httpx.JSON(w, http.StatusOK, out)
}

// identify answers 401 and returns false when the request has no session.
// A request that changes something with a cookie must come from our own
// Origin (CSRF).
func (h *handlers) identify(w http.ResponseWriter, r *http.Request) (auth.Identity, bool) {
	id, err := h.cfg.Auth.Identify(r)
	if err != nil {
		httpx.Error(w, http.StatusUnauthorized, "log in first")
		return id, false
	}
	if id.ByCookie && r.Method != http.MethodGet && r.Method != http.MethodHead && !auth.SameOrigin(r) {
		httpx.Error(w, http.StatusForbidden, "cross-origin request refused: the Origin header must be this server's")
		return id, false
	}
	if id.Role == auth.RoleDisplay {
		if err := h.cfg.Seen.Saw(id.Org, id.User); err != nil {
			h.cfg.Logger.Warn("display last seen", "err", err)
		}
	}
	return id, true
}

// requireRole is identify plus a role check.
func (h *handlers) requireRole(w http.ResponseWriter, r *http.Request, roles ...string) (auth.Identity, bool) {
	id, ok := h.identify(w, r)
	if !ok {
		return id, false
	}
	for _, role := range roles {
		if id.Role == role {
			return id, true
		}
	}
	httpx.Error(w, http.StatusForbidden, "your role may not do this")
	return id, false
}

// decodeBody reads a JSON body of at most max bytes into v, answering the
// error itself when it cannot.
func decodeBody(w http.ResponseWriter, r *http.Request, max int64, v any) bool {
	if !isJSON(r) {
		httpx.Error(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return false
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpx.Error(w, http.StatusRequestEntityTooLarge, "body is over the limit of "+strconv.FormatInt(max, 10)+" bytes")
			return false
		}
		httpx.Error(w, http.StatusBadRequest, "could not read the body")
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		httpx.Error(w, http.StatusBadRequest, "body is not valid: "+err.Error())
		return false
	}
	return true
}
