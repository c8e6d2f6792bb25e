package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strings"
	"time"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/httpx"
	"scorecast/shared"
)

// errStopReplay ends a replay early without it being a failure.
var errStopReplay = errors.New("stop replay")

// simulate replays the stored events of a range through the ruleset in force
// and a candidate, off the live path, and answers the differences per agent.
// With "Accept: application/x-ndjson" it streams progress lines first and
// the report last; either way it stops when the client goes away.
func (h *handlers) simulate(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, "admin")
	if !ok {
		return
	}
	if !isJSON(r) {
		httpx.Error(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRulesetBody+4<<10))
	if err != nil {
		httpx.Error(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a ruleset is at most %d bytes", maxRulesetBody))
		return
	}
	var req shared.SimulateRequest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		httpx.Error(w, http.StatusBadRequest, "body must be {\"ruleset\":{...},\"from\":\"<RFC 3339>\",\"to\":\"<RFC 3339>\"}: "+err.Error())
		return
	}
	if req.To.IsZero() {
		req.To = time.Now()
	}
	if len(req.Ruleset) == 0 || !req.To.After(req.From) {
		httpx.Error(w, http.StatusBadRequest, "ruleset is required and to must be after from")
		return
	}
	rs, err := scoring.ParseRuleset(req.Ruleset)
	var candidate *scoring.Engine
	if err == nil {
		candidate, err = scoring.Compile(rs)
	}
	var ce *scoring.CompileError
	if errors.As(err, &ce) {
		answerRulesetProblems(w, ce)
		return
	}
	if err != nil {
		h.fail(w, err)
		return
	}
	current, err := h.cfg.Projector.Engine(me.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	stream := strings.Contains(r.Header.Get("Accept"), "application/x-ndjson")
	var progress func(done int)
	var last bus.ReplayProgress
	var enc *json.Encoder
	flusher, _ := w.(http.Flusher)
	if stream {
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		enc = json.NewEncoder(w)
		progress = func(done int) {
			p := shared.SimulationProgress{Inputs: done}
			if span := last.Last - last.First; span > 0 {
				p.Percent = 100 * float64(last.Seq-last.First) / float64(span)
			}
			_ = enc.Encode(shared.SimulationLine{Progress: &p})
			if flusher != nil {
				flusher.Flush()
			}
		}
	}
	var replayErr error
	inputs := func(yield func(scoring.Input) bool) {
		replayErr = h.cfg.Bus.Replay(r.Context(), me.Org, req.From, req.To, func(s bus.Stored, p bus.ReplayProgress) error {
			last = p
			in, ok := toInput(s)
			if !ok {
				return nil
			}
			if !yield(in) {
				return errStopReplay
			}
			return nil
		})
	}
	report := scoring.Simulate(current, candidate, iter.Seq[scoring.Input](inputs), progress)
	if replayErr != nil && !errors.Is(replayErr, errStopReplay) {
		if errors.Is(replayErr, context.Canceled) {
			return // the client went away
		}
		if stream {
			_ = enc.Encode(shared.SimulationLine{Error: "the replay failed"})
			return
		}
		h.fail(w, replayErr)
		return
	}
	if stream {
		result := reportOf(report)
		_ = enc.Encode(shared.SimulationLine{Result: &result})
		return
	}
	httpx.JSON(w, http.StatusOK, reportOf(report))
}

// toInput turns a stored message into the engine's input; ruleset changes
// are left out, since both sides of a simulation keep their own ruleset.
func toInput(s bus.Stored) (scoring.Input, bool) {
	if !s.Control {
		var ev scoring.Event
		if json.Unmarshal(s.Data, &ev) != nil {
			return scoring.Input{}, false
		}
		return scoring.Input{Event: &ev}, true
	}
	var c bus.Control
	if json.Unmarshal(s.Data, &c) != nil {
		return scoring.Input{}, false
	}
	switch c.Kind {
	case bus.ControlTick:
		return scoring.Input{Tick: &scoring.Tick{ID: c.ID, Time: c.Time}}, true
	case bus.ControlLaunch:
		if c.Launch != nil {
			return scoring.Input{Launch: c.Launch}, true
		}
	case bus.ControlRota:
		if c.Rota != nil {
			return scoring.Input{Rota: c.Rota}, true
		}
	}
	return scoring.Input{}, false
}
