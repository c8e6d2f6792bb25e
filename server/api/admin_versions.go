package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"scorecast/server/httpx"
	"scorecast/server/store"
	"scorecast/shared"
)

// maxRulesetVersion bounds the version in the path: far beyond any real
// history, and small enough that parsing it can never overflow an int.
const maxRulesetVersion = 1_000_000

// rulesetVersion answers one published version with its document, so the
// admin page can diff any two versions and publish an old one again (a
// rollback is a new version with old content: the history only grows).
func (h *handlers) rulesetVersion(w http.ResponseWriter, r *http.Request) {
	id, ok := h.requireRole(w, r, "admin", "supervisor")
	if !ok {
		return
	}
	raw := r.PathValue("version")
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxRulesetVersion {
		httpx.Error(w, http.StatusBadRequest, "version must be a whole number from 1 to "+strconv.Itoa(maxRulesetVersion)+", not "+strconv.Quote(raw))
		return
	}
	rv, err := h.cfg.Store.Ruleset(id.Org, n)
	if errors.Is(err, store.ErrNotFound) {
		httpx.Error(w, http.StatusNotFound, "no ruleset version "+strconv.Itoa(n))
		return
	}
	if err != nil {
		h.fail(w, fmt.Errorf("read ruleset v%d: %w", n, err))
		return
	}
	active, _, err := h.cfg.Projector.RulesetVersion(id.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	doc, err := json.Marshal(rv.Ruleset)
	if err != nil {
		h.fail(w, fmt.Errorf("encode ruleset v%d: %w", n, err))
		return
	}
	httpx.JSON(w, http.StatusOK, shared.RulesetVersion{Version: rv.Version, Published: rv.Published, By: rv.By, Active: rv.Version == active, Ruleset: doc})
}
