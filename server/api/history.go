package api

import (
	"fmt"
	"net/http"
	"strconv"

	"scorecast/server/httpx"
	"scorecast/shared"
)

// history answers GET /api/v1/agents/{id}/history: the agent's latest
// point awards, newest first, from the projection (kept with the agent's
// record, so they survive a reload of the page and a restart).
func (h *handlers) history(w http.ResponseWriter, r *http.Request) {
	me, id, ok := h.seeAgent(w, r)
	if !ok {
		return
	}
	limit := shared.DefaultHistoryLimit
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > shared.MaxHistory {
			httpx.Error(w, http.StatusBadRequest, fmt.Sprintf("limit must be a whole number from 1 to %d", shared.MaxHistory))
			return
		}
		limit = n
	}
	v, err := h.cfg.Projector.History(me.Org, id, limit)
	h.answer(w, v, err)
}
