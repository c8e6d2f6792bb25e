package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig of photos
	_ "image/png"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp"

	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/projection"
	"scorecast/server/store"
	"scorecast/shared"
)

// Photo dimensions, in pixels: smaller is no face, larger is no photo a
// phone takes for a profile, and decoding it would cost the browsers.
const (
	minPhotoSide   = 16
	maxPhotoSide   = 4096
	maxPhotoPixels = 16 << 20
)

// photoTypes maps the media types a photo may have to image's format
// names, which DecodeConfig reports.
var photoTypes = map[string]string{"image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp"}

// photoCache is how a photo's URL, which names its hash, may be cached:
// for good, by the browser alone (a photo is the org's, not the public's).
const photoCache = "private, max-age=31536000, immutable"

// checkPhoto reads a photo body and answers its media type, or the status
// and the message that refuse it. The type is sniffed from the bytes and
// checked by decoding the header: the Content-Type sent is not trusted.
func checkPhoto(w http.ResponseWriter, r *http.Request) ([]byte, string, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, shared.MaxPhotoBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpx.Error(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a photo is at most %d KiB", shared.MaxPhotoBytes>>10))
			return nil, "", false
		}
		httpx.Error(w, http.StatusBadRequest, "could not read the body")
		return nil, "", false
	}
	typ, msg, status := photoType(data)
	if status != 0 {
		httpx.Error(w, status, msg)
		return nil, "", false
	}
	return data, typ, true
}

// photoType is the media type of a photo's bytes, or a message and a
// status (400, 415) for bytes that are no photo we take.
func photoType(data []byte) (typ, msg string, status int) {
	if len(data) == 0 {
		return "", "the body is empty: send the photo's bytes (PNG, JPEG or WebP)", http.StatusBadRequest
	}
	typ = http.DetectContentType(data)
	format, ok := photoTypes[typ]
	if !ok {
		return "", fmt.Sprintf("a photo must be PNG, JPEG or WebP; these bytes are %s", typ), http.StatusUnsupportedMediaType
	}
	cfg, got, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || got != format {
		return "", fmt.Sprintf("the photo is not a readable %s image", strings.ToUpper(format)), http.StatusBadRequest
	}
	if cfg.Width < minPhotoSide || cfg.Height < minPhotoSide || cfg.Width > maxPhotoSide || cfg.Height > maxPhotoSide || cfg.Width*cfg.Height > maxPhotoPixels {
		return "", fmt.Sprintf("the photo is %dx%d pixels; each side must be %d to %d", cfg.Width, cfg.Height, minPhotoSide, maxPhotoSide), http.StatusBadRequest
	}
	return typ, "", 0
}

// putMyPhoto sets the caller's photo.
func (h *handlers) putMyPhoto(w http.ResponseWriter, r *http.Request) {
	if me, ok := h.sessionUser(w, r); ok {
		h.setPhoto(w, r, me, me.User)
	}
}

// deleteMyPhoto removes the caller's photo.
func (h *handlers) deleteMyPhoto(w http.ResponseWriter, r *http.Request) {
	if me, ok := h.sessionUser(w, r); ok {
		h.removePhoto(w, r, me, me.User)
	}
}

// putUserPhoto sets a user's photo, by an admin.
func (h *handlers) putUserPhoto(w http.ResponseWriter, r *http.Request) {
	if me, id, ok := h.adminOfUser(w, r); ok {
		h.setPhoto(w, r, me, id)
	}
}

// deleteUserPhoto removes a user's photo, by an admin.
func (h *handlers) deleteUserPhoto(w http.ResponseWriter, r *http.Request) {
	if me, id, ok := h.adminOfUser(w, r); ok {
		h.removePhoto(w, r, me, id)
	}
}

// sessionUser is identify for a person: a display has no photo nor
// preferences.
func (h *handlers) sessionUser(w http.ResponseWriter, r *http.Request) (auth.Identity, bool) {
	me, ok := h.identify(w, r)
	if ok && me.Role == auth.RoleDisplay {
		httpx.Error(w, http.StatusForbidden, "a display has no photo or preferences; log in as a person")
		return me, false
	}
	return me, ok
}

// adminOfUser is requireRole(admin) plus the user named in the path, who
// must exist.
func (h *handlers) adminOfUser(w http.ResponseWriter, r *http.Request) (auth.Identity, string, bool) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return me, "", false
	}
	id := r.PathValue("id")
	if _, err := h.cfg.Store.User(me.Org, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			httpx.Error(w, http.StatusNotFound, "no such user")
		} else {
			h.fail(w, err)
		}
		return me, "", false
	}
	return me, id, true
}

// setPhoto stores a user's photo: the bytes beside the stream first, then
// its hash through the stream, so that every view shows it from one point
// of the stream's history on.
func (h *handlers) setPhoto(w http.ResponseWriter, r *http.Request, me auth.Identity, id string) {
	data, typ, ok := checkPhoto(w, r)
	if !ok {
		return
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	h.peopleMu.Lock()
	defer h.peopleMu.Unlock()
	if err := h.cfg.Store.PutPhoto(me.Org, id, store.Photo{Type: typ, Hash: hash, Data: data}); err != nil {
		h.fail(w, err)
		return
	}
	pe := h.cfg.Projector.Person(me.Org, id)
	pe.Photo = hash
	applied, err := h.publishChange(r.Context(), me.Org, store.OrgChange{People: []store.Person{pe}})
	if err != nil {
		h.failChange(w, err)
		return
	}
	h.audit(r, me, "photo.put", id, fmt.Sprintf("%s, %d bytes, sha256 %s", typ, len(data), projection.PhotoVersion(hash)))
	httpx.JSON(w, appliedStatus(applied), shared.PhotoSet{Photo: projection.PhotoURL(me.Org, id, hash)})
}

// removePhoto removes a user's photo: from the views first, through the
// stream, then its bytes.
func (h *handlers) removePhoto(w http.ResponseWriter, r *http.Request, me auth.Identity, id string) {
	h.peopleMu.Lock()
	defer h.peopleMu.Unlock()
	pe := h.cfg.Projector.Person(me.Org, id)
	applied := true
	if pe.Photo != "" {
		pe.Photo = ""
		var err error
		if applied, err = h.publishChange(r.Context(), me.Org, store.OrgChange{People: []store.Person{pe}}); err != nil {
			h.failChange(w, err)
			return
		}
	}
	if err := h.cfg.Store.DeletePhoto(me.Org, id); err != nil {
		h.fail(w, err)
		return
	}
	h.audit(r, me, "photo.delete", id, "")
	if !applied {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// photo serves a person's photo to their org's sessions and displays. A
// person who chose initials or to be hidden shows their photo only to
// themself, supervisors and admins: the URL is not on the boards then, and
// guessing it must not show their face either.
func (h *handlers) photo(w http.ResponseWriter, r *http.Request) {
	me, ok := h.identify(w, r)
	if !ok {
		return
	}
	org, id := r.PathValue("org"), r.PathValue("user")
	notFound := func() { httpx.Error(w, http.StatusNotFound, "no such photo") }
	if org != me.Org { // another org's photos do not exist for this caller
		notFound()
		return
	}
	pe := h.cfg.Projector.Person(org, id)
	private := pe.Appear == shared.AppearHidden || pe.Appear == shared.AppearByInitials
	if private && me.User != id && me.Role != auth.RoleAdmin && me.Role != auth.RoleSupervisor {
		notFound()
		return
	}
	ph, err := h.cfg.Store.Photo(org, id)
	if errors.Is(err, store.ErrNotFound) {
		notFound()
		return
	}
	if err != nil {
		h.fail(w, err)
		return
	}
	version := projection.PhotoVersion(ph.Hash)
	etag := `"` + version + `"`
	hd := w.Header()
	hd.Set("ETag", etag)
	hd.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == version {
		hd.Set("Cache-Control", photoCache)
	} else {
		// An old or no version: these bytes are not what that URL named,
		// so they must be checked again next time.
		hd.Set("Cache-Control", "private, no-cache")
	}
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", ph.Type)
	hd.Set("Content-Length", strconv.Itoa(len(ph.Data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(ph.Data)
	}
}

// etagMatch reports whether an If-None-Match header names etag (weakly, as
// RFC 9110 says for If-None-Match).
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// languages are the PWA's languages; "" is the browser's.
var languages = []string{"", "en", "sv", "de", "fr", "ru"}

// getPreferences answers the caller's preferences.
func (h *handlers) getPreferences(w http.ResponseWriter, r *http.Request) {
	if me, ok := h.sessionUser(w, r); ok {
		httpx.JSON(w, http.StatusOK, preferencesOf(h.cfg.Projector.Person(me.Org, me.User)))
	}
}

// putPreferences sets how the caller appears to others, and their
// language, through the stream: boards and feeds change at one point of
// its history, and a replay rebuilds them the same.
func (h *handlers) putPreferences(w http.ResponseWriter, r *http.Request) {
	me, ok := h.sessionUser(w, r)
	if !ok {
		return
	}
	// shared.Preferences, with the language optional: left out, the one
	// saved stays; "" goes back to the browser's.
	var req struct {
		Boards   string  `json:"boards"`
		Language *string `json:"language"`
	}
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	var p problems
	if !slices.Contains([]string{shared.AppearByName, shared.AppearByInitials, shared.AppearHidden}, req.Boards) {
		p.add("boards", "must be %q, %q or %q", shared.AppearByName, shared.AppearByInitials, shared.AppearHidden)
	}
	if req.Language != nil && !slices.Contains(languages, *req.Language) {
		p.add("language", "must be one of en, sv, de, fr, ru, or empty for the browser's")
	}
	if len(p) > 0 {
		answerProblems(w, p)
		return
	}
	h.peopleMu.Lock()
	defer h.peopleMu.Unlock()
	pe := h.cfg.Projector.Person(me.Org, me.User)
	pe.Appear = req.Boards
	if req.Language != nil {
		pe.Language = *req.Language
	}
	if pe.Appear == shared.AppearByName {
		pe.Appear = "" // the default, stored as nothing
	}
	applied, err := h.publishChange(r.Context(), me.Org, store.OrgChange{People: []store.Person{pe}})
	if err != nil {
		h.failChange(w, err)
		return
	}
	h.audit(r, me, "preferences.put", me.User, fmt.Sprintf("boards=%s language=%s", req.Boards, pe.Language))
	httpx.JSON(w, appliedStatus(applied), preferencesOf(pe))
}

// preferencesOf is a person record's preferences on the wire.
func preferencesOf(pe store.Person) shared.Preferences {
	p := shared.Preferences{Boards: pe.Appear, Language: pe.Language}
	if p.Boards == "" {
		p.Boards = shared.AppearByName
	}
	return p
}

// withPerson adds the caller's photo and preferences to their identity.
func (h *handlers) withPerson(id auth.Identity, out *shared.Identity) {
	if id.Role == auth.RoleDisplay {
		return
	}
	pe := h.cfg.Projector.Person(id.Org, id.User)
	prefs := preferencesOf(pe)
	out.Photo, out.Preferences = projection.PhotoURL(id.Org, id.User, pe.Photo), &prefs
}

// getOrg answers the org's settings to every session and display of it:
// TVs read the chime, the PWA whether boards are public.
func (h *handlers) getOrg(w http.ResponseWriter, r *http.Request) {
	me, ok := h.identify(w, r)
	if !ok {
		return
	}
	o, err := h.cfg.Store.Org(me.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	httpx.JSON(w, http.StatusOK, orgOf(o))
}

// putOrg changes the org's settings; a field left out keeps its value.
func (h *handlers) putOrg(w http.ResponseWriter, r *http.Request) {
	me, ok := h.requireRole(w, r, auth.RoleAdmin)
	if !ok {
		return
	}
	var req shared.OrgSettings
	if !decodeBody(w, r, maxAdminBody, &req) {
		return
	}
	var p problems
	p.name("name", req.Name, false)
	if req == (shared.OrgSettings{}) {
		p.add("", "name at least one setting to change: name, strict_roster, public_boards or tv_chime")
	}
	if len(p) > 0 {
		answerProblems(w, p)
		return
	}
	o, err := h.cfg.Store.Org(me.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	if req.Name != "" {
		o.Name = req.Name
	}
	if req.StrictRoster != nil {
		o.StrictRoster = *req.StrictRoster
	}
	if req.PublicBoards != nil {
		o.PrivateBoards = !*req.PublicBoards
	}
	if req.TVChime != nil {
		o.TVChime = *req.TVChime
	}
	applied, err := h.publishChange(r.Context(), me.Org, store.OrgChange{Settings: &o})
	if err != nil {
		h.failChange(w, err)
		return
	}
	if req.PublicBoards != nil && !*req.PublicBoards && h.cfg.Recheck != nil {
		// Agents' sockets already on a board let go of it now, as a
		// removed user's sockets are closed at once.
		h.cfg.Recheck(me.Org, "not allowed: leaderboards are private to supervisors now")
	}
	h.audit(r, me, "org.settings", me.Org, fmt.Sprintf("strict_roster=%t public_boards=%t tv_chime=%t", o.StrictRoster, !o.PrivateBoards, o.TVChime))
	httpx.JSON(w, appliedStatus(applied), orgOf(o))
}

func orgOf(o store.Org) shared.Org {
	return shared.Org{ID: o.ID, Name: o.Name, StrictRoster: o.StrictRoster, PublicBoards: !o.PrivateBoards, TVChime: o.TVChime}
}

// colorPattern is a team colour: "#rrggbb".
var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// teamColor is the colour a team PUT leaves, and a problem with the one
// asked for: missing keeps the old one, "" clears it.
func teamColor(asked *string, old string, p *problems) string {
	switch {
	case asked == nil:
		return old
	case *asked == "":
		return ""
	case !colorPattern.MatchString(*asked):
		p.add("color", "must be a colour as #rrggbb, e.g. #2f80ed, or empty for none")
		return old
	}
	return strings.ToLower(*asked)
}

// mayBoards answers 403 and returns false for an agent when the org's
// boards are not public.
func (h *handlers) mayBoards(w http.ResponseWriter, me auth.Identity) bool {
	if me.Role == auth.RoleAgent && !h.cfg.Projector.BoardsPublic(me.Org) {
		httpx.Error(w, http.StatusForbidden, "this org's boards are not public: only supervisors, admins and displays see them")
		return false
	}
	return true
}

// teamDetail is a team change as the audit log tells it.
func teamDetail(t store.TeamProfile) string {
	return fmt.Sprintf("name=%q supervisors=%s color=%s", t.Name, strings.Join(t.Supervisors, ","), t.Color)
}

// withPhotos adds each user's photo URL to a list of users, for the admin's
// roster.
func (h *handlers) withPhotos(org string, users []shared.User) {
	for i := range users {
		users[i].Photo = projection.PhotoURL(org, users[i].ID, h.cfg.Projector.Person(org, users[i].ID).Photo)
	}
}
