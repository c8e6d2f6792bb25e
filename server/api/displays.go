package api

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/store"
	"scorecast/shared"
)

// Pairing a TV: the TV asks for a code and shows it; an admin or supervisor
// enters the code with what the TV may show; the TV, polling with a secret
// only it knows, receives its display token once.

// pairingTTL is how long a code shown on a TV stays valid.
const pairingTTL = 10 * time.Minute

// codeAlphabet leaves out letters and digits that are easy to confuse
// across a room (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

type pairing struct {
	code    string
	poll    string
	expires time.Time
	token   string // set once paired
	name    string
}

// pairings are kept in memory: a code lives minutes, and a TV whose server
// restarted simply shows a new one.
type pairings struct {
	mu     sync.Mutex
	byCode map[string]*pairing
	byPoll map[string]*pairing
}

func newPairings() *pairings {
	return &pairings{byCode: map[string]*pairing{}, byPoll: map[string]*pairing{}}
}

func (ps *pairings) expire(now time.Time) {
	for code, p := range ps.byCode {
		if now.After(p.expires) {
			delete(ps.byCode, code)
			delete(ps.byPoll, p.poll)
		}
	}
}

// maxPairings bounds the codes waiting at once, so anonymous callers cannot
// fill memory.
const maxPairings = 1000

func (h *handlers) startPairing(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	ps := h.pairings
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.expire(now)
	if len(ps.byCode) >= maxPairings {
		w.Header().Set("Retry-After", "60")
		httpx.Error(w, http.StatusTooManyRequests, "too many displays are waiting to be paired; try again in a minute")
		return
	}
	poll, err := randomToken(24)
	if err != nil {
		h.fail(w, err)
		return
	}
	var code string
	for {
		if code, err = pairingCode(); err != nil {
			h.fail(w, err)
			return
		}
		if _, taken := ps.byCode[code]; !taken {
			break
		}
	}
	p := &pairing{code: code, poll: poll, expires: now.Add(pairingTTL)}
	ps.byCode[code], ps.byPoll[poll] = p, p
	httpx.JSON(w, http.StatusCreated, shared.PairingStart{Code: code, Poll: poll, Expires: p.expires.UTC()})
}

func pairingCode() (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b), nil
}

// pollPairing tells the TV whether it has been paired; the token is handed
// out once.
func (h *handlers) pollPairing(w http.ResponseWriter, r *http.Request) {
	ps := h.pairings
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.expire(time.Now())
	p, ok := ps.byPoll[r.PathValue("poll")]
	if !ok {
		httpx.Error(w, http.StatusNotFound, "unknown or expired pairing; ask for a new code")
		return
	}
	if p.token == "" {
		httpx.JSON(w, http.StatusOK, shared.PairingStatus{Status: shared.PairingWaiting, Code: p.code})
		return
	}
	delete(ps.byCode, p.code)
	delete(ps.byPoll, p.poll)
	httpx.JSON(w, http.StatusOK, shared.PairingStatus{Status: shared.PairingPaired, Token: p.token, Name: p.name})
}

// pairDisplay binds the TV showing code to boards and teams.
func (h *handlers) pairDisplay(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin, auth.RoleSupervisor)
	if !ok {
		return
	}
	var req shared.PairRequest
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	req.Code = strings.ToUpper(strings.TrimSpace(req.Code))
	var p problems
	p.name("name", req.Name, true)
	if len(req.Boards)+len(req.Teams) == 0 {
		p.add("boards", "name at least one board or team for the display to show")
	}
	if len(req.Boards) > 50 || len(req.Teams) > 50 {
		p.add("boards", "at most 50 boards and 50 teams")
	}
	for i, b := range req.Boards {
		board, period, _ := strings.Cut(b, "/")
		if !h.cfg.Projector.HasBoard(me.Org, board, period) {
			p.add("boards/"+strconv.Itoa(i), "%q is not a board of this org (e.g. \"teams\" or \"agents/day\")", b)
		}
	}
	for i, t := range req.Teams {
		if me.Role == auth.RoleSupervisor && !h.cfg.Projector.Supervises(me.Org, me.User, t) {
			p.add("teams/"+strconv.Itoa(i), "you do not supervise %q", t)
		}
	}
	if len(p) > 0 {
		answerProblems(w, p)
		return
	}
	ps := h.pairings
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.expire(time.Now())
	pr, ok := ps.byCode[req.Code]
	if !ok || pr.token != "" {
		httpx.Error(w, http.StatusNotFound, "no display is showing this code; codes last 10 minutes")
		return
	}
	token, err := auth.NewDisplayToken()
	if err != nil {
		h.fail(w, err)
		return
	}
	id, err := randomToken(9)
	if err != nil {
		h.fail(w, err)
		return
	}
	d := store.Display{ID: id, Org: me.Org, Name: req.Name, Boards: nonNil(req.Boards), Teams: nonNil(req.Teams), By: me.User, Created: time.Now().UTC()}
	if err := h.cfg.Store.PutDisplay(token, d); err != nil {
		h.fail(w, err)
		return
	}
	pr.token, pr.name = token, req.Name
	h.audit(r, me, "display.pair", id, req.Name)
	httpx.JSON(w, http.StatusCreated, shared.Display(d))
}

func (h *handlers) listDisplays(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin, auth.RoleSupervisor)
	if !ok {
		return
	}
	ds, err := h.cfg.Store.Displays(me.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	out := shared.Displays{Displays: []shared.Display{}}
	for _, d := range ds {
		if me.Role == auth.RoleAdmin || d.By == me.User {
			d.LastSeen = h.cfg.Seen.lastSeen(d)
			out.Displays = append(out.Displays, shared.Display(d))
		}
	}
	httpx.JSON(w, http.StatusOK, out)
}

// deleteDisplay revokes a display; its open sockets are closed at once, so
// the TV goes blank and shows a new pairing code.
func (h *handlers) deleteDisplay(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin, auth.RoleSupervisor)
	if !ok {
		return
	}
	id := r.PathValue("id")
	ds, err := h.cfg.Store.Displays(me.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	i := slices.IndexFunc(ds, func(d store.Display) bool { return d.ID == id })
	if i < 0 || (me.Role != auth.RoleAdmin && ds[i].By != me.User) {
		httpx.Error(w, http.StatusNotFound, "not found")
		return
	}
	if err := h.cfg.Store.DeleteDisplay(me.Org, id); err != nil {
		h.fail(w, err)
		return
	}
	if h.cfg.Revoke != nil {
		h.cfg.Revoke(me.Org, "user:"+id)
	}
	h.cfg.Seen.forget(me.Org, id)
	h.audit(r, me, "display.revoke", id, ds[i].Name)
	w.WriteHeader(http.StatusNoContent)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// seenEvery is how often a display's last-seen time is written to the
// store: a TV polls and reconnects often, and a write per request would be
// waste when the admin page shows it to the minute.
const seenEvery = time.Minute

// DisplaySeen keeps when each display was last seen: the exact time in
// memory, and in the store at most once per seenEvery, so a restart loses
// under a minute of it.
type DisplaySeen struct {
	store *store.Store
	now   func() time.Time
	mu    sync.Mutex
	last  map[string]time.Time // org + "/" + display id → last seen
	wrote map[string]time.Time // … → last written to the store
}

// NewDisplaySeen returns a tracker writing to st.
func NewDisplaySeen(st *store.Store) *DisplaySeen {
	return &DisplaySeen{store: st, now: time.Now, last: map[string]time.Time{}, wrote: map[string]time.Time{}}
}

// Saw records that a display called in; a nil tracker records nothing.
// A failed write is returned for the caller to log; the time stays in
// memory either way.
func (s *DisplaySeen) Saw(org, id string) error {
	if s == nil {
		return nil
	}
	now := s.now().UTC()
	k := org + "/" + id
	s.mu.Lock()
	s.last[k] = now
	due := now.Sub(s.wrote[k]) >= seenEvery
	if due {
		s.wrote[k] = now
	}
	s.mu.Unlock()
	if !due {
		return nil
	}
	if err := s.store.TouchDisplay(org, id, now); err != nil {
		return fmt.Errorf("record display %s seen: %w", id, err)
	}
	return nil
}

// lastSeen is the later of the stored and the remembered time.
func (s *DisplaySeen) lastSeen(d store.Display) time.Time {
	if s == nil {
		return d.LastSeen
	}
	s.mu.Lock()
	t := s.last[d.Org+"/"+d.ID]
	s.mu.Unlock()
	if t.After(d.LastSeen) {
		return t
	}
	return d.LastSeen
}

// forget drops a revoked display.
func (s *DisplaySeen) forget(org, id string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	delete(s.last, org+"/"+id)
	delete(s.wrote, org+"/"+id)
	s.mu.Unlock()
}
