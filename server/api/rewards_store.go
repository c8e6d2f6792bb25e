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

// Wallets' and redemption lists' limits.
const (
	defaultLedgerLimit      = 50
	defaultRedemptionsLimit = 100
	maxRedemptionsLimit     = 1000
)

// myWallet answers GET /api/v1/wallet: the caller's balance and ledger.
func (h *handlers) myWallet(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	h.wallet(w, r, me.Org, me.User)
}

// agentWallet answers GET /api/v1/agents/{id}/wallet: for the agent's
// supervisors and admins (and the agent).
func (h *handlers) agentWallet(w http.ResponseWriter, r *http.Request) {
	me, id, ok := h.seeAgent(w, r)
	if !ok {
		return
	}
	h.wallet(w, r, me.Org, id)
}

func (h *handlers) wallet(w http.ResponseWriter, r *http.Request, org, agent string) {
	limit, ok := limitParam(w, r, defaultLedgerLimit, projector.MaxRecentLedger)
	if !ok {
		return
	}
	v, err := h.cfg.Projector.Wallet(org, agent, limit)
	h.answer(w, v, err)
}

// adjustWallet answers POST /api/v1/agents/{id}/wallet: an admin corrects
// a balance, with a note saying why. It never takes a balance below zero.
func (h *handlers) adjustWallet(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	id := r.PathValue("id")
	var req shared.WalletAdjust
	if !decodeBody(w, r, maxRewardsBody, &req) {
		return
	}
	switch {
	case !validID(id, 128, ":@") || !h.cfg.Projector.KnownPerson(me.Org, id):
		httpx.Error(w, http.StatusNotFound, "there is no one called "+fmt.Sprintf("%q", id)+" here")
		return
	case req.Delta == 0 || req.Delta > rewards.MaxCost || req.Delta < -rewards.MaxCost:
		httpx.Error(w, http.StatusUnprocessableEntity, fmt.Sprintf("delta is a whole number of coins from -%d to %d, not zero", rewards.MaxCost, rewards.MaxCost))
		return
	case req.Note == "" || !utf8.ValidString(req.Note) || utf8.RuneCountInString(req.Note) > rewards.MaxNote:
		httpx.Error(w, http.StatusUnprocessableEntity, fmt.Sprintf("note says why, in 1 to %d characters", rewards.MaxNote))
		return
	}
	cmdID, ok := commandID(w, r, me, "adj")
	if !ok {
		return
	}
	cmd := store.RewardsCommand{Op: store.OpAdjust, By: me.User, Role: me.Role, ID: cmdID, Agent: id, Delta: req.Delta, Note: req.Note}
	if _, ok := h.decide(w, r, me.Org, cmdID, cmd, nil); !ok {
		return
	}
	h.audit(r, me, "wallet.adjust", id, fmt.Sprintf("moved the balance of %s by %+d coins: %s", id, req.Delta, req.Note))
	v, err := h.cfg.Projector.Wallet(me.Org, id, defaultLedgerLimit)
	h.answer(w, v, err)
}

// storeItems answers GET /api/v1/store?lang=: the items on offer in the
// caller's language (admins see retired ones too) and their balance.
func (h *handlers) storeItems(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	lang, ok := h.langOf(w, r, me)
	if !ok {
		return
	}
	v, err := h.cfg.Projector.StoreItems(me.Org, lang, me.User, me.Role == auth.RoleAdmin)
	h.answer(w, v, err)
}

// putItem answers PUT /api/v1/store/items/{id}: an admin adds an item or
// replaces it whole; the stock it names is what is left from now on.
func (h *handlers) putItem(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	var req shared.StoreItem
	if !decodeBody(w, r, maxRewardsBody, &req) {
		return
	}
	id := r.PathValue("id")
	if req.ID != "" && req.ID != id {
		httpx.Error(w, http.StatusUnprocessableEntity, "the body's id is not the path's")
		return
	}
	it := rewards.Item{ID: id, Names: req.Names, Descriptions: req.Descriptions, Cost: req.Cost, Stock: req.Stock,
		NeedsApproval: req.NeedsApproval, TeamBudget: req.TeamBudget, Retired: req.Retired}
	if it.Names == nil && req.Name != "" {
		it.Names = map[string]string{"en": req.Name}
	}
	if it.Descriptions == nil && req.Description != "" {
		it.Descriptions = map[string]string{"en": req.Description}
	}
	if ref := rewards.CheckItem(it); ref != nil {
		httpx.Error(w, http.StatusUnprocessableEntity, ref.Message)
		return
	}
	cmdID, ok := commandID(w, r, me, "item")
	if !ok {
		return
	}
	cmd := store.RewardsCommand{Op: store.OpItem, By: me.User, Role: me.Role, ID: id, Item: &it}
	if _, ok := h.decide(w, r, me.Org, cmdID, cmd, nil); !ok {
		return
	}
	stock := "unlimited"
	if it.Stock >= 0 {
		stock = fmt.Sprint(it.Stock, " left")
	}
	h.audit(r, me, "store.item", id, fmt.Sprintf("put %q in the store at %d coins, %s", it.Names["en"], it.Cost, stock))
	lang, _ := h.langOf(w, r, me)
	v, _ := h.cfg.Projector.StoreItem(me.Org, id, lang)
	httpx.JSON(w, http.StatusOK, v)
}

// redeem answers POST /api/v1/redemptions: an agent buys an item. The
// balance, the stock and the team's budget are decided in stream order,
// so a hundred requests for the last ten units sell exactly ten; a retry
// with the same Idempotency-Key spends once.
func (h *handlers) redeem(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent)
	if !ok {
		return
	}
	var req shared.RedemptionRequest
	if !decodeBody(w, r, maxRewardsBody, &req) {
		return
	}
	lang, ok := h.langOf(w, r, me)
	if !ok {
		return
	}
	if req.Item == "" || !validID(req.Item, 64, ":") {
		httpx.Error(w, http.StatusUnprocessableEntity, "item names an item of the store")
		return
	}
	if it, found := h.cfg.Projector.StoreItem(me.Org, req.Item, lang); !found || it.Retired {
		httpx.Error(w, http.StatusUnprocessableEntity, fmt.Sprintf("there is no item %q in the store", req.Item))
		return
	}
	id, ok := commandID(w, r, me, "rd")
	if !ok {
		return
	}
	cmd := store.RewardsCommand{Op: store.OpRedeem, By: me.User, Role: me.Role, ID: id, Value: req.Item}
	exists := func() bool { _, ok := h.cfg.Projector.Redemption(me.Org, id, lang); return ok }
	if _, ok := h.decide(w, r, me.Org, id, cmd, exists); !ok {
		return
	}
	v, found := h.cfg.Projector.Redemption(me.Org, id, lang)
	if !found || v.Agent != me.User {
		httpx.Error(w, http.StatusConflict, "this Idempotency-Key was used for another request")
		return
	}
	httpx.JSON(w, http.StatusCreated, v)
}

// listRedemptions answers GET /api/v1/redemptions?status=&agent=&limit=:
// an agent sees theirs, a supervisor their teams', an admin all.
func (h *handlers) listRedemptions(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAgent, auth.RoleSupervisor, auth.RoleAdmin)
	if !ok {
		return
	}
	q := r.URL.Query()
	status, agent := q.Get("status"), q.Get("agent")
	switch status {
	case "", rewards.StatusPending, rewards.StatusApproved, rewards.StatusRejected, rewards.StatusFulfilled:
	default:
		httpx.Error(w, http.StatusBadRequest, "status is pending, approved, rejected or fulfilled")
		return
	}
	if agent != "" && !validID(agent, 128, ":@") {
		httpx.Error(w, http.StatusBadRequest, "agent is a person's id")
		return
	}
	limit, ok := limitParam(w, r, defaultRedemptionsLimit, maxRedemptionsLimit)
	if !ok {
		return
	}
	lang, ok := h.langOf(w, r, me)
	if !ok {
		return
	}
	supervised := map[string]bool{}
	if me.Role == auth.RoleSupervisor {
		for _, t := range h.cfg.Projector.Supervised(me.Org, me.User) {
			supervised[t] = true
		}
	}
	list, err := h.cfg.Projector.Redemptions(me.Org, lang, limit, func(rd rewards.Redemption) bool {
		switch {
		case status != "" && rd.Status != status, agent != "" && rd.Agent != agent:
			return false
		case me.Role == auth.RoleAgent:
			return rd.Agent == me.User
		case me.Role == auth.RoleSupervisor:
			return supervised[rd.Team]
		}
		return true
	})
	h.answer(w, shared.RedemptionsAnswer{Redemptions: list}, err)
}

// review answers POST /api/v1/redemptions/{id}/approve|reject|fulfil:
// approving and rejecting are for a supervisor of the agent's team or an
// admin, fulfilling for an admin. A rejection refunds.
func (h *handlers) review(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		roles := []string{auth.RoleSupervisor, auth.RoleAdmin}
		if action == rewards.ActionFulfil {
			roles = roles[1:]
		}
		me, ok := h.requireRole(w, r, roles...)
		if !ok {
			return
		}
		var req shared.ReviewRequest
		if !decodeOptional(w, r, maxRewardsBody, &req) {
			return
		}
		lang, ok := h.langOf(w, r, me)
		if !ok {
			return
		}
		id := r.PathValue("id")
		rd, found := h.cfg.Projector.Redemption(me.Org, id, lang)
		if !validID(id, 64, ":") || !found {
			httpx.Error(w, http.StatusNotFound, "there is no such redemption")
			return
		}
		if me.Role == auth.RoleSupervisor && !h.cfg.Projector.Supervises(me.Org, me.User, rd.Team) {
			httpx.Error(w, http.StatusForbidden, "you may review only the redemptions of the teams you supervise")
			return
		}
		if !utf8.ValidString(req.Note) || utf8.RuneCountInString(req.Note) > rewards.MaxNote {
			httpx.Error(w, http.StatusUnprocessableEntity, fmt.Sprintf("the note is longer than %d characters", rewards.MaxNote))
			return
		}
		cmdID, ok := commandID(w, r, me, "rv-"+action)
		if !ok {
			return
		}
		cmd := store.RewardsCommand{Op: store.OpReview, By: me.User, Role: me.Role, ID: id, Action: action, Note: req.Note}
		if _, ok := h.decide(w, r, me.Org, cmdID, cmd, nil); !ok {
			return
		}
		detail := fmt.Sprintf("%s the redemption of %s by %s (%d coins)", pastTense(action), rd.ItemName, rd.Agent, rd.Cost)
		if action == rewards.ActionReject {
			detail += ", refunded"
		}
		if req.Note != "" {
			detail += ": " + req.Note
		}
		h.audit(r, me, "redemption."+action, id, detail)
		v, _ := h.cfg.Projector.Redemption(me.Org, id, lang)
		httpx.JSON(w, http.StatusOK, v)
	}
}

func pastTense(action string) string {
	switch action {
	case rewards.ActionApprove:
		return "approved"
	case rewards.ActionReject:
		return "rejected"
	}
	return "fulfilled"
}
