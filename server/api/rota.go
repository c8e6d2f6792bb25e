package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"time"

	"scorecast/scoring"
	"scorecast/server/auth"
	"scorecast/server/bus"
	"scorecast/server/httpx"
	"scorecast/shared"
)

// putRota takes a rota upload, JSON or CSV, checks every line (the day, the
// kind, that the agent is a person of the org and, for a supervisor, in a
// team they supervise, that no day is named twice) and, only when every
// line is good, puts it into the stream as one control message, which the
// projector applies whole in stream order. With any bad line nothing
// changes and the answer lists every one.
func (h *handlers) putRota(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin, auth.RoleSupervisor)
	if !ok {
		return
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != mediaJSON && mt != mediaCSV) {
		httpx.Error(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json or text/csv")
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRotaBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		httpx.Error(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a rota upload is at most %d bytes", maxRotaBody))
		return
	}
	if err != nil {
		httpx.Error(w, http.StatusBadRequest, "could not read the body")
		return
	}
	var lines []rotaLine
	var errs []shared.RotaLineError
	if mt == mediaCSV {
		lines, errs, err = parseRotaCSV(data)
	} else {
		lines, err = parseRotaJSON(data)
	}
	if errors.Is(err, errRotaTooMany) {
		httpx.Error(w, http.StatusRequestEntityTooLarge, err.Error())
		return
	}
	if err != nil {
		httpx.Error(w, http.StatusBadRequest, err.Error())
		return
	}
	now := time.Now().UTC()
	ans := shared.RotaAnswer{Lines: len(lines) + len(errs)}
	errs = append(errs, h.checkRota(me, lines, now)...)
	ans.Errors = errs
	if len(errs) > 0 {
		sortLineErrors(errs)
		ans.Error = "the rota has lines that cannot be taken; nothing was changed"
		ans.Refused = countLines(errs)
		httpx.JSON(w, http.StatusUnprocessableEntity, ans)
		return
	}
	if len(lines) == 0 {
		httpx.Error(w, http.StatusBadRequest, "the rota names no day")
		return
	}
	ch := scoring.RotaChange{At: now, Set: make([]scoring.RotaDay, len(lines))}
	for i, l := range lines {
		ch.Set[i] = scoring.RotaDay{Agent: l.day.Agent, Date: l.day.Date, Kind: l.day.Kind}
	}
	applied, err := h.publishRota(r, me.Org, ch)
	if err != nil {
		h.failChange(w, err)
		return
	}
	h.audit(r, me, "rota.put", "", fmt.Sprintf("%d days", len(lines)))
	ans.Accepted, ans.Errors = len(lines), []shared.RotaLineError{}
	httpx.JSON(w, appliedStatus(applied), ans)
}

// checkRota lists what is wrong with each line as of now.
func (h *handlers) checkRota(me auth.Identity, lines []rotaLine, now time.Time) []shared.RotaLineError {
	var errs []shared.RotaLineError
	seen := make(map[[2]string]int, len(lines))
	allowed := map[string]bool{} // agent → may me put their days
	for _, l := range lines {
		d := l.day
		if f, code, m := scoring.CheckRotaDay(scoring.RotaDay{Agent: d.Agent, Date: d.Date, Kind: d.Kind}, now, false); f != "" {
			errs = append(errs, shared.RotaLineError{Line: l.line, Field: f, Code: code, Message: m})
			continue
		}
		may, known := allowed[d.Agent]
		if !known {
			may = h.mayKeepRota(me, d.Agent)
			allowed[d.Agent] = may
		}
		if !may {
			code, msg := shared.RotaUnknown, "is not a person of this org"
			if h.cfg.Projector.KnownPerson(me.Org, d.Agent) {
				code, msg = shared.RotaNotYourTeam, "is not in a team you supervise"
			}
			errs = append(errs, shared.RotaLineError{Line: l.line, Field: "agent", Code: code, Message: msg})
			continue
		}
		key := [2]string{d.Agent, d.Date}
		if first, dup := seen[key]; dup {
			errs = append(errs, shared.RotaLineError{Line: l.line, Field: "date", Code: shared.RotaRepeat, Other: first,
				Message: fmt.Sprintf("names the same agent and day as line %d", first)})
			continue
		}
		seen[key] = l.line
	}
	return errs
}

// mayKeepRota reports whether me may put or delete agent's rota days: an
// admin anyone's of the org, a supervisor those of their teams' members.
func (h *handlers) mayKeepRota(me auth.Identity, agent string) bool {
	if !h.cfg.Projector.KnownPerson(me.Org, agent) {
		return false
	}
	if me.Role == auth.RoleAdmin {
		return true
	}
	team := h.cfg.Projector.TeamOf(me.Org, agent)
	return team != "" && h.cfg.Projector.Supervises(me.Org, me.User, team)
}

// publishRota puts a rota change into the stream and waits until the
// projector applied it (false: stored, shown soon).
func (h *handlers) publishRota(r *http.Request, org string, ch scoring.RotaChange) (bool, error) {
	id, err := randomToken(12)
	if err != nil {
		return false, err
	}
	seq, err := h.cfg.Bus.PublishControl(r.Context(), org, bus.Control{ID: "rota-" + id, Kind: bus.ControlRota, Time: ch.At, Rota: &ch})
	if err != nil {
		return false, fmt.Errorf("publish rota: %w", err)
	}
	return h.applied(r.Context(), seq), nil
}

// getRota lists rota days: ?agent= one person's, ?from=&to= a range of
// dates (default: from today, 62 days). Agents see their own, supervisors
// their teams', admins everyone's.
func (h *handlers) getRota(w http.ResponseWriter, r *http.Request) {
	me, ok := h.identify(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	agent, from, to := q.Get("agent"), q.Get("from"), q.Get("to")
	var p problems
	for _, f := range []struct{ name, v string }{{"from", from}, {"to", to}} {
		if _, err := time.Parse(time.DateOnly, f.v); f.v != "" && err != nil {
			p.add(f.name, "must be a date as YYYY-MM-DD")
		}
	}
	if from != "" && to != "" && to < from {
		p.add("to", "must not be before from")
	}
	if len(p) > 0 {
		answerProblems(w, p)
		return
	}
	if from == "" {
		from = time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	}
	if to == "" {
		f, _ := time.Parse(time.DateOnly, from)
		to = f.AddDate(0, 0, scoring.RotaKeepDays).Format(time.DateOnly)
	}
	var keep func(agent, team string) bool
	switch me.Role {
	case auth.RoleAdmin:
	case auth.RoleSupervisor:
		if agent != "" && agent != me.User && !h.mayKeepRota(me, agent) {
			httpx.Error(w, http.StatusForbidden, "you may see the rota of your teams only")
			return
		}
		teams := h.cfg.Projector.Supervised(me.Org, me.User)
		keep = func(a, team string) bool { return a == me.User || (team != "" && slices.Contains(teams, team)) }
	case auth.RoleAgent:
		if agent != "" && agent != me.User {
			httpx.Error(w, http.StatusForbidden, "you may see your own rota only")
			return
		}
		agent = me.User
	default:
		httpx.Error(w, http.StatusForbidden, "your role may not do this")
		return
	}
	days, err := h.cfg.Projector.Rota(me.Org, agent, from, to, keep)
	if err != nil {
		h.fail(w, err)
		return
	}
	httpx.JSON(w, http.StatusOK, shared.RotaList{Days: days})
}

// deleteRotaDay deletes one day of an agent's rota.
func (h *handlers) deleteRotaDay(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin, auth.RoleSupervisor)
	if !ok {
		return
	}
	d := scoring.RotaDay{Agent: r.PathValue("agent"), Date: r.PathValue("date")}
	now := time.Now().UTC()
	if f, _, m := scoring.CheckRotaDay(d, now, true); f != "" {
		answerProblems(w, problems{{Field: f, Message: m}})
		return
	}
	if !h.mayKeepRota(me, d.Agent) {
		httpx.Error(w, http.StatusForbidden, "you may change the rota of your teams only")
		return
	}
	if h.cfg.Projector.RotaKind(me.Org, d.Agent, d.Date) == "" {
		httpx.Error(w, http.StatusNotFound, "that day is not in the rota")
		return
	}
	applied, err := h.publishRota(r, me.Org, scoring.RotaChange{At: now, Delete: []scoring.RotaDay{d}})
	if err != nil {
		h.failChange(w, err)
		return
	}
	h.audit(r, me, "rota.delete", d.Agent, d.Date)
	if !applied {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// sortLineErrors orders errors by line, the order people read them in.
func sortLineErrors(errs []shared.RotaLineError) {
	slices.SortStableFunc(errs, func(a, b shared.RotaLineError) int { return a.Line - b.Line })
}

// countLines is how many distinct lines errs name.
func countLines(errs []shared.RotaLineError) int {
	n, last := 0, -1
	for _, e := range errs {
		if e.Line != last {
			n, last = n+1, e.Line
		}
	}
	return n
}
