package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/httpx"
	"scorecast/server/store"
	"scorecast/shared"
)

// maxRulesetBody bounds a ruleset document.
const maxRulesetBody = 1 << 20

func isJSON(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// getRuleset answers the version in force. Every member of the org may read
// it: agents are owed a clear account of how points are earned.
func (h *handlers) getRuleset(w http.ResponseWriter, r *http.Request) {
	id, ok := h.identify(w, r)
	if !ok {
		return
	}
	rv, err := h.rulesetInForce(id.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	doc, err := json.Marshal(rv.Ruleset)
	if err != nil {
		h.fail(w, fmt.Errorf("encode ruleset v%d: %w", rv.Version, err))
		return
	}
	httpx.JSON(w, http.StatusOK, shared.RulesetVersion{Version: rv.Version, Published: rv.Published, By: rv.By, Active: true, Ruleset: doc})
}

func (h *handlers) listRulesets(w http.ResponseWriter, r *http.Request) {
	id, ok := h.requireRole(w, r, "admin", "supervisor")
	if !ok {
		return
	}
	active, _, err := h.cfg.Projector.RulesetVersion(id.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	all, err := h.cfg.Store.RulesetVersions(id.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	out := shared.RulesetVersions{Versions: make([]shared.RulesetVersion, 0, len(all))}
	for _, v := range all {
		out.Versions = append(out.Versions, shared.RulesetVersion{Version: v.Version, Published: v.Published, By: v.By, Active: v.Version == active})
	}
	httpx.JSON(w, http.StatusOK, out)
}

// readRuleset reads and compiles a ruleset body; on failure it answers 422
// with every problem positioned, or another error status.
func (h *handlers) readRuleset(w http.ResponseWriter, r *http.Request) (scoring.Ruleset, *scoring.Engine, bool) {
	if !isJSON(r) {
		httpx.Error(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return scoring.Ruleset{}, nil, false
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRulesetBody))
	if err != nil {
		httpx.Error(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a ruleset is at most %d bytes", maxRulesetBody))
		return scoring.Ruleset{}, nil, false
	}
	rs, err := scoring.ParseRuleset(data)
	if err == nil {
		var eng *scoring.Engine
		if eng, err = scoring.Compile(rs); err == nil {
			return rs, eng, true
		}
	}
	var ce *scoring.CompileError
	if errors.As(err, &ce) {
		answerRulesetProblems(w, ce)
		return rs, nil, false
	}
	h.fail(w, err)
	return rs, nil, false
}

// validateRuleset answers the problems that stop a ruleset, or the
// warnings that do not (a rule on an event type the stream never carried,
// an unreachable badge tier, a cap that never binds).
func (h *handlers) validateRuleset(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, "admin")
	if !ok {
		return
	}
	rs, _, ok := h.readRuleset(w, r)
	if !ok {
		return
	}
	warnings, err := scoring.Validate(rs, h.cfg.Projector.Vocabulary(me.Org))
	if err != nil {
		h.fail(w, err)
		return
	}
	httpx.JSON(w, http.StatusOK, shared.RulesetValidation{OK: true, Warnings: problemsOf(warnings)})
}

// answerRulesetProblems is 422 with every problem of a ruleset, positioned.
func answerRulesetProblems(w http.ResponseWriter, ce *scoring.CompileError) {
	httpx.JSON(w, http.StatusUnprocessableEntity, shared.RulesetProblems{Error: "invalid ruleset", Problems: problemsOf(ce.Problems)})
}

// putRuleset publishes a new version: it is stored, then a control message
// in the stream puts it in force, so the events after that message (and no
// event before it) are scored by it, on every replay too. The answer waits
// until the projector has reached that message, so a GET right after shows it.
func (h *handlers) putRuleset(w http.ResponseWriter, r *http.Request) {
	id, ok := h.requireRole(w, r, "admin")
	if !ok {
		return
	}
	rs, _, ok := h.readRuleset(w, r)
	if !ok {
		return
	}
	h.publishMu.Lock()
	defer h.publishMu.Unlock()
	latest, err := h.cfg.Store.LatestRuleset(id.Org)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.fail(w, err)
		return
	}
	next := latest.Version + 1
	now := time.Now().UTC()
	rv := store.RulesetVersion{Version: next, Published: now, By: id.User, Ruleset: rs}
	// Stored here first, so that two admins cannot publish the same version
	// number; the control message carries it too, so a replay has it.
	if err := h.cfg.Store.CreateRuleset(id.Org, rv); err != nil {
		if errors.Is(err, store.ErrExists) {
			httpx.Error(w, http.StatusConflict, "another version was published at the same moment; try again")
			return
		}
		h.fail(w, err)
		return
	}
	seq, err := h.cfg.Bus.PublishControl(r.Context(), id.Org, bus.Control{
		ID: fmt.Sprintf("ruleset-%s-%d", id.Org, next), Kind: bus.ControlRuleset, Time: now, Version: next,
		Change: &store.OrgChange{Org: id.Org, Ruleset: &rv},
	})
	if err != nil {
		h.fail(w, err)
		return
	}
	h.audit(r, id, "ruleset.publish", "v"+strconv.Itoa(next), "")
	if !h.applied(r.Context(), seq) {
		httpx.JSON(w, http.StatusAccepted, shared.RulesetPublished{Version: next, Detail: "published; the projector has not reached it yet"})
		return
	}
	httpx.JSON(w, http.StatusOK, shared.RulesetPublished{Version: next})
}

// rulesetInForce is the org's ruleset version the projector applies now.
func (h *handlers) rulesetInForce(org string) (store.RulesetVersion, error) {
	version, _, err := h.cfg.Projector.RulesetVersion(org)
	if err != nil {
		return store.RulesetVersion{}, err
	}
	return h.cfg.Store.Ruleset(org, version)
}
