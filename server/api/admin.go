package api

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"scorecast/scoring"
	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/store"
	"scorecast/shared"
)

// maxAdminBody bounds the admin endpoints' bodies.
const maxAdminBody = 16 << 10

// answerProblems is 400 with every field problem.
func answerProblems(w http.ResponseWriter, p problems) {
	httpx.JSON(w, http.StatusBadRequest, shared.Error{Error: "invalid request", Problems: []shared.FieldProblem(p)})
}

func (h *handlers) putUser(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	id := r.PathValue("id")
	var req shared.UserRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	var p problems
	if !validID(id, 128, ":@") {
		p.add("id", "must be 1-128 characters of A-Za-z0-9._:@- (an agent's id is the one in events)")
	}
	p.name("name", req.Name, true)
	switch req.Role {
	case auth.RoleAdmin, auth.RoleSupervisor, auth.RoleAgent:
	default:
		p.add("role", `must be "admin", "supervisor" or "agent"`)
	}
	if req.Team != "" && !validID(req.Team, 128, ":@") {
		p.add("team", "must be 1-128 characters of A-Za-z0-9._:@-")
	}
	if req.Password != "" && (len(req.Password) < 8 || len(req.Password) > 1024) {
		p.add("password", "must be 8-1024 characters")
	}
	if len(p) > 0 {
		answerProblems(w, p)
		return
	}
	old, err := h.cfg.Store.User(me.Org, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.fail(w, err)
		return
	}
	u, pr, err := userRecord(store.User{ID: id, Org: me.Org, Name: req.Name, Role: req.Role, Team: req.Team},
		old, errors.Is(err, store.ErrNotFound), req.Password, time.Now().UTC())
	if err != nil {
		h.fail(w, err)
		return
	}
	var ch store.OrgChange
	addUser(&ch, u, pr)
	applied, err := h.publishChange(r.Context(), me.Org, ch)
	if err != nil {
		h.failChange(w, err)
		return
	}
	h.audit(r, me, "user.put", id, "role "+u.Role)
	httpx.JSON(w, appliedStatus(applied), userOf(u))
}

func (h *handlers) deleteUser(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if id == me.User {
		httpx.Error(w, http.StatusConflict, "you cannot remove yourself")
		return
	}
	if _, err := h.cfg.Store.User(me.Org, id); err != nil {
		h.fail(w, err)
		return
	}
	applied, err := h.publishChange(r.Context(), me.Org, store.OrgChange{Removed: []string{id}})
	if err != nil {
		h.failChange(w, err)
		return
	}
	if h.cfg.Revoke != nil {
		h.cfg.Revoke(me.Org, "user:"+id)
	}
	h.audit(r, me, "user.delete", id, "")
	if !applied {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *handlers) listUsers(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	users, err := h.cfg.Store.Users(me.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	out := shared.Users{Users: make([]shared.User, 0, len(users))}
	for _, u := range users {
		out.Users = append(out.Users, userOf(u))
	}
	h.withPhotos(me.Org, out.Users)
	httpx.JSON(w, http.StatusOK, out)
}

func (h *handlers) putTeam(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	id := r.PathValue("id")
	var req shared.TeamRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	var p problems
	if !validID(id, 128, ":@") {
		p.add("id", "must be 1-128 characters of A-Za-z0-9._:@-")
	}
	p.name("name", req.Name, true)
	if len(req.Supervisors) > 100 {
		p.add("supervisors", "at most 100")
	}
	for i, s := range req.Supervisors {
		if u, err := h.cfg.Store.User(me.Org, s); err != nil || u.Role != auth.RoleSupervisor {
			p.add("supervisors/"+strconv.Itoa(i), "%q is not a supervisor of this org", s)
		}
	}
	color := teamColor(req.Color, h.cfg.Projector.TeamColor(me.Org, id), &p)
	if len(p) > 0 {
		answerProblems(w, p)
		return
	}
	t := store.TeamProfile{ID: id, Name: req.Name, Supervisors: req.Supervisors, Color: color}
	applied, err := h.publishChange(r.Context(), me.Org, store.OrgChange{Teams: []store.TeamProfile{t}})
	if err != nil {
		h.failChange(w, err)
		return
	}
	h.audit(r, me, "team.put", id, teamDetail(t))
	httpx.JSON(w, appliedStatus(applied), shared.TeamProfile(t))
}

// createKey makes an ingest key; its secret is in this answer only.
func (h *handlers) createKey(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	var req shared.KeyRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	var p problems
	p.name("name", req.Name, true)
	if req.Rate < 0 || req.Rate > 1_000_000 {
		p.add("rate", "must be 0 (the default) to 1000000 events per second")
	}
	if len(p) > 0 {
		answerProblems(w, p)
		return
	}
	secret, err := randomToken(32)
	if err != nil {
		h.fail(w, err)
		return
	}
	keyID, err := randomToken(9)
	if err != nil {
		h.fail(w, err)
		return
	}
	k := store.IngestKey{ID: keyID, Org: me.Org, Name: req.Name, Created: time.Now().UTC(), Rate: req.Rate}
	if err := h.cfg.Store.PutIngestKey("sc_"+secret, k); err != nil {
		h.fail(w, err)
		return
	}
	h.audit(r, me, "key.create", keyID, req.Name)
	httpx.JSON(w, http.StatusCreated, shared.NewKey{ID: keyID, Name: req.Name, Key: "sc_" + secret})
}

func (h *handlers) listKeys(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	keys, err := h.cfg.Store.IngestKeys(me.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	out := shared.IngestKeys{Keys: make([]shared.IngestKey, 0, len(keys))}
	for _, k := range keys {
		out.Keys = append(out.Keys, shared.IngestKey(k))
	}
	httpx.JSON(w, http.StatusOK, out)
}

func (h *handlers) deleteKey(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if err := h.cfg.Store.DeleteIngestKey(me.Org, id); err != nil {
		h.fail(w, err)
		return
	}
	h.audit(r, me, "key.revoke", id, "")
	w.WriteHeader(http.StatusNoContent)
}

// createOrg is the operator's (the default org's admin) way to add a tenant
// with its own admin and the default ruleset.
func (h *handlers) createOrg(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	if me.Org != h.cfg.DefaultOrg {
		httpx.Error(w, http.StatusForbidden, "only the operator (an admin of the default org) creates orgs")
		return
	}
	var req shared.OrgRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	var p problems
	if !validOrgID(req.ID) {
		p.add("id", "must be 1-32 characters of a-z0-9-")
	}
	p.name("name", req.Name, true)
	if len(req.AdminPassword) < 8 || len(req.AdminPassword) > 1024 {
		p.add("admin_password", "must be 8-1024 characters")
	}
	if len(p) > 0 {
		answerProblems(w, p)
		return
	}
	if _, err := h.cfg.Store.Org(req.ID); err == nil {
		httpx.Error(w, http.StatusConflict, "an org with this id exists")
		return
	}
	hash, err := auth.HashPassword(req.AdminPassword)
	if err != nil {
		h.fail(w, err)
		return
	}
	now := time.Now().UTC()
	// One change creates the org with its settings, admin and ruleset, so
	// that nothing of it is reachable before all of it is. Its id is the
	// org's, so that the stream drops a second creation sent meanwhile.
	applied, err := h.publishChangeAs(r.Context(), req.ID, "org-create-"+req.ID, store.OrgChange{
		Create:   true,
		Settings: &store.Org{ID: req.ID, Name: req.Name, Created: now},
		Users:    []store.User{{ID: "admin", Org: req.ID, Name: "Administrator", Role: auth.RoleAdmin, PasswordHash: hash, Created: now}},
		Ruleset:  &store.RulesetVersion{Version: 1, Published: now, By: me.User, Ruleset: scoring.DefaultRuleset()},
	})
	if err != nil {
		h.failChange(w, err)
		return
	}
	if !applied {
		h.audit(r, me, "org.create", req.ID, req.Name)
		httpx.JSON(w, http.StatusAccepted, shared.CreatedOrg{ID: req.ID, Name: req.Name})
		return
	}
	// A creation that raced another is skipped by the projector; the admin
	// it stored tells whose creation it was.
	if a, err := h.cfg.Store.User(req.ID, "admin"); err != nil || a.PasswordHash != hash {
		httpx.Error(w, http.StatusConflict, "an org with this id exists")
		return
	}
	h.audit(r, me, "org.create", req.ID, req.Name)
	httpx.JSON(w, http.StatusCreated, shared.CreatedOrg{ID: req.ID, Name: req.Name})
}

func (h *handlers) auditLog(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	limit := defaultAuditLimit
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxAuditLimit {
			httpx.Error(w, http.StatusBadRequest, fmt.Sprintf("limit must be a whole number from 1 to %d", maxAuditLimit))
			return
		}
		limit = n
	}
	var before time.Time
	if s := r.URL.Query().Get("before"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			httpx.Error(w, http.StatusBadRequest, "before must be an RFC 3339 time")
			return
		}
		before = t
	}
	entries, err := h.cfg.Store.AuditLog(me.Org, before, limit)
	if err != nil {
		h.fail(w, err)
		return
	}
	out := shared.AuditLog{Entries: make([]shared.AuditEntry, 0, len(entries))}
	for _, e := range entries {
		out.Entries = append(out.Entries, shared.AuditEntry(e))
	}
	httpx.JSON(w, http.StatusOK, out)
}

// audit records an action; a failure to record is logged, not answered,
// since the action itself has happened.
func (h *handlers) audit(r *http.Request, me auth.Identity, action, target, detail string) {
	err := h.cfg.Store.Audit(me.Org, store.AuditEntry{Actor: me.User, Action: action, Target: target, Detail: detail, Addr: auth.ClientAddr(r)})
	if err != nil {
		h.cfg.Logger.Error("audit", "action", action, "err", err)
	}
}

func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
