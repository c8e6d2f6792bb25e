package api

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/store"
	"scorecast/shared"
)

// Roster import limits.
const (
	maxRosterBody = 1 << 20
	maxRosterRows = 10_000
)

type rosterRow struct {
	line int
	user store.User
	pw   string
}

// importRoster reads a CSV roster (id,name,role,team[,password]) and, unless
// dry_run=true, applies it. Any bad line refuses the whole import; the
// answer lists every change it makes (or would make) and every error.
func (h *handlers) importRoster(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "text/csv" {
		httpx.Error(w, http.StatusUnsupportedMediaType, "Content-Type must be text/csv")
		return
	}
	dry := r.URL.Query().Get("dry_run") == "true"
	rows, errs, err := readRoster(http.MaxBytesReader(w, r.Body, maxRosterBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		httpx.Error(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a roster is at most %d bytes", maxRosterBody))
		return
	}
	if err != nil {
		httpx.JSON(w, http.StatusBadRequest, shared.RosterResult{Error: err.Error(), Changes: []shared.RosterChange{}, Errors: errs})
		return
	}
	existing, err := h.cfg.Store.Users(me.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	byID := map[string]store.User{}
	for _, u := range existing {
		byID[u.ID] = u
	}
	ans := shared.RosterResult{Changes: []shared.RosterChange{}, Errors: errs}
	if ans.Errors == nil {
		ans.Errors = []shared.RosterError{}
	}
	for _, row := range rows {
		old, found := byID[row.user.ID]
		switch {
		case !found:
			ans.Changes = append(ans.Changes, shared.RosterChange{ID: row.user.ID, Action: "create"})
		default:
			var fields []string
			if old.Name != row.user.Name {
				fields = append(fields, "name")
			}
			if old.Role != row.user.Role {
				fields = append(fields, "role")
			}
			if old.Team != row.user.Team {
				fields = append(fields, "team")
			}
			if row.pw != "" {
				fields = append(fields, "password")
			}
			if row.user.ID == me.User && old.Role != row.user.Role {
				ans.Errors = append(ans.Errors, shared.RosterError{Line: row.line, Message: "you cannot change your own role"})
			}
			action := "update"
			if len(fields) == 0 {
				action = "unchanged"
			}
			ans.Changes = append(ans.Changes, shared.RosterChange{ID: row.user.ID, Action: action, Fields: fields})
		}
	}
	if len(ans.Errors) > 0 {
		httpx.JSON(w, http.StatusBadRequest, ans)
		return
	}
	if dry {
		httpx.JSON(w, http.StatusOK, ans)
		return
	}
	// One change for the whole roster: once in the stream it is applied
	// whole (a restart between its parts completes it), never in part.
	var ch store.OrgChange
	now := time.Now().UTC()
	for i, row := range rows {
		if ans.Changes[i].Action == "unchanged" {
			continue
		}
		u := row.user
		u.Org = me.Org
		old, found := byID[u.ID]
		u, pr, err := userRecord(u, old, !found, row.pw, now)
		if err != nil {
			h.fail(w, err)
			return
		}
		addUser(&ch, u, pr)
	}
	status := http.StatusOK
	if len(ch.Users) > 0 {
		applied, err := h.publishChange(r.Context(), me.Org, ch)
		if err != nil {
			h.failChange(w, err)
			return
		}
		status = appliedStatus(applied)
	}
	ans.Applied = true
	h.audit(r, me, "roster.import", "", strconv.Itoa(len(rows))+" rows")
	httpx.JSON(w, status, ans)
}

// readRoster parses and checks every line; err is set when any line is bad.
func readRoster(body io.Reader) ([]rosterRow, []shared.RosterError, error) {
	cr := csv.NewReader(body)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("the roster needs a header line: id,name,role,team,password")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"id", "name"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("the header has no %q column (expected id,name,role,team,password)", need)
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var rows []rosterRow
	var errs []shared.RosterError
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, nil, err
			}
			errs = append(errs, shared.RosterError{Line: line, Message: "not valid CSV: " + err.Error()})
			break
		}
		if len(rows)+len(errs) >= maxRosterRows {
			return nil, nil, fmt.Errorf("a roster has at most %d lines", maxRosterRows)
		}
		bad := func(format string, args ...any) {
			errs = append(errs, shared.RosterError{Line: line, Message: fmt.Sprintf(format, args...)})
		}
		u := store.User{ID: get(rec, "id"), Name: get(rec, "name"), Role: get(rec, "role"), Team: get(rec, "team")}
		pw := get(rec, "password")
		if u.Role == "" {
			u.Role = auth.RoleAgent
		}
		if !validID(u.ID, 128, ":@") {
			bad("id %q must be 1-128 characters of A-Za-z0-9._:@-", u.ID)
		}
		if first, dup := seen[u.ID]; dup {
			bad("id %q is also on line %d", u.ID, first)
		}
		seen[u.ID] = line
		if u.Name == "" || len(u.Name) > 512 {
			bad("name is required (at most 128 characters)")
		}
		if !slices.Contains([]string{auth.RoleAdmin, auth.RoleSupervisor, auth.RoleAgent}, u.Role) {
			bad("role %q must be admin, supervisor or agent", u.Role)
		}
		if u.Team != "" && !validID(u.Team, 128, ":@") {
			bad("team %q must be 1-128 characters of A-Za-z0-9._:@-", u.Team)
		}
		if pw != "" && (len(pw) < 8 || len(pw) > 1024) {
			bad("password must be 8-1024 characters")
		}
		rows = append(rows, rosterRow{line: line, user: u, pw: pw})
	}
	if len(errs) > 0 {
		return nil, errs, fmt.Errorf("%d lines of the roster are invalid; nothing was imported", len(errs))
	}
	return rows, nil, nil
}
