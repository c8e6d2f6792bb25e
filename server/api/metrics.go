package api

import (
	"fmt"
	"net/http"
	rtmetrics "runtime/metrics"
	"strconv"

	"scorecast/server/httpx"
	"scorecast/server/projector"
)

// runtimeCount reads one of the Go runtime's cumulative counts, such as
// its collections, so that a load run can tell what one of its stretches
// cost; 0 when this Go does not have it.
func runtimeCount(name string) uint64 {
	s := []rtmetrics.Sample{{Name: name}}
	rtmetrics.Read(s)
	if s[0].Value.Kind() != rtmetrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// ruleProblems lists the rules that failed to evaluate, so an admin sees
// events whose metric is missing or of the wrong type.
func (h *handlers) ruleProblems(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, "admin")
	if !ok {
		return
	}
	httpx.JSON(w, http.StatusOK, ruleProblemsOf(h.cfg.Projector.RuleProblems(me.Org)))
}

// metrics answers in Prometheus's text format. It carries counts only,
// nothing about any person.
func (h *handlers) metrics(w http.ResponseWriter, _ *http.Request) {
	st := h.cfg.Projector.Stats()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	for _, m := range []struct {
		name, help string
		value      uint64
	}{
		{"scorecast_events_applied_total", "Events scored by the projector.", st.Events.Load()},
		{"scorecast_events_skipped_total", "Events skipped as already applied.", st.Skipped.Load()},
		{"scorecast_messages_bad_total", "Stored messages that could not be decoded or applied.", st.Bad.Load()},
		{"scorecast_rule_errors_total", "Rule evaluations that failed (a missing or mistyped metric).", st.RuleErrors.Load()},
		{"scorecast_batches_total", "Batches committed to the store.", st.Batches.Load()},
		{"scorecast_rewards_commands_total", "Commands of recognition and rewards decided (kudos, store, redemptions, reviews, adjustments, spotlights).", st.Rewards.Load()},
		{"scorecast_rewards_refused_total", "Of those, the commands refused (allowance, balance, stock, budget, status, invalid).", st.RewardsRefused.Load()},
		{"scorecast_coin_credits_total", "Ledger entries of coins earned by the rules.", st.Credits.Load()},
		{"scorecast_stream_applied_seq", "Last stream sequence applied.", h.cfg.Projector.LastSeq()},
		{"scorecast_go_gc_cycles_total", "Garbage collections the Go runtime has completed (see --gc-percent).", runtimeCount("/gc/cycles/total:gc-cycles")},
		{"scorecast_go_alloc_bytes_total", "Bytes the process has allocated on the heap, freed or not: the garbage the collections pay for.", runtimeCount("/gc/heap/allocs:bytes")},
	} {
		kind := "counter"
		if m.name == "scorecast_stream_applied_seq" {
			kind = "gauge"
		}
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", m.name, m.help, m.name, kind, m.name, m.value)
	}
	const lat = "scorecast_event_published_seconds"
	counts, sum := st.Published.Cumulative()
	fmt.Fprintf(w, "# HELP %s Time from an event's storing in the stream to the publishing of its live messages, after their commit.\n# TYPE %s histogram\n", lat, lat)
	for i, bound := range projector.LatencyBounds {
		fmt.Fprintf(w, "%s_bucket{le=\"%s\"} %d\n", lat, strconv.FormatFloat(bound.Seconds(), 'g', -1, 64), counts[i])
	}
	total := counts[len(projector.LatencyBounds)]
	fmt.Fprintf(w, "%s_bucket{le=\"+Inf\"} %d\n%s_sum %s\n%s_count %d\n", lat, total, lat, strconv.FormatFloat(sum.Seconds(), 'g', -1, 64), lat, total)
	if h.cfg.Gauges != nil {
		for name, v := range h.cfg.Gauges() {
			fmt.Fprintf(w, "# TYPE %s gauge\n%s %d\n", name, name, v)
		}
	}
}
