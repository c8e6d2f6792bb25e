package e2e

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// peopleImage encodes a w×h picture as PNG or JPEG.
func peopleImage(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), 160, 255})
		}
	}
	var b bytes.Buffer
	switch format {
	case "png":
		require.NoError(t, png.Encode(&b, img))
	case "jpeg":
		require.NoError(t, jpeg.Encode(&b, img, nil))
	}
	return b.Bytes()
}

// peopleRaw sends a raw body with a content type (and extra headers) as bc,
// and returns the status, the answer's headers and body.
func peopleRaw(t testing.TB, bc *browserClient, method, path, contentType string, body []byte, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, bc.s.URL+path, r)
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Origin", bc.s.URL)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := bc.c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, out
}

// peopleUser creates a user as the admin and returns a client logged in as
// them.
func peopleUser(t testing.TB, s *server, id, name, role, team string) *browserClient {
	t.Helper()
	status, out := s.admin().do(http.MethodPut, "/api/v1/users/"+id, map[string]string{"name": name, "role": role, "team": team, "password": "password-" + id})
	require.Equal(t, http.StatusOK, status, string(out))
	c := newClient(t, s)
	c.login(id, "password-"+id)
	return c
}

// peopleBoard reads the agents' board of the day as bc.
func peopleBoard(t testing.TB, bc *browserClient) (int, shared.Leaderboard) {
	t.Helper()
	status, out := bc.do(http.MethodGet, "/api/v1/leaderboards/"+shared.BoardAgents+"?period=day&limit=50", nil)
	var lb shared.Leaderboard
	if status == http.StatusOK {
		require.NoError(t, json.Unmarshal(out, &lb))
	}
	return status, lb
}

// peopleSetAppear sets how bc's user appears.
func peopleSetAppear(t testing.TB, bc *browserClient, boards string) {
	t.Helper()
	status, out := bc.do(http.MethodPut, "/api/v1/me/preferences", shared.Preferences{Boards: boards})
	require.Equal(t, http.StatusOK, status, string(out))
}

// TestPeoplePhotos uploads, serves, caches, replaces and removes photos,
// by the agent and by an admin, and refuses what is no photo.
func TestPeoplePhotos(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	agent := peopleUser(t, s, "a-photo", "Pia Photo", "agent", "t-photo")
	s.ingest(survey("a-photo", "t-photo"))
	s.waitAgent("a-photo", func(v shared.AgentView) bool { return v.XP > 0 })

	pic := peopleImage(t, "png", 64, 64)
	// The Content-Type sent is not trusted: the bytes are sniffed.
	status, _, out := peopleRaw(t, agent, http.MethodPut, "/api/v1/me/photo", "application/octet-stream", pic, nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var set shared.PhotoSet
	require.NoError(t, json.Unmarshal(out, &set))
	require.True(t, strings.HasPrefix(set.Photo, "/api/v1/photos/default/a-photo?v="), set.Photo)

	status, h, body := peopleRaw(t, agent, http.MethodGet, set.Photo, "", nil, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, pic, body)
	assert.Equal(t, "image/png", h.Get("Content-Type"))
	assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
	assert.Equal(t, "private, max-age=31536000, immutable", h.Get("Cache-Control"))
	etag := h.Get("ETag")
	require.NotEmpty(t, etag)
	status, _, body = peopleRaw(t, agent, http.MethodGet, set.Photo, "", nil, map[string]string{"If-None-Match": etag})
	assert.Equal(t, http.StatusNotModified, status)
	assert.Empty(t, body)

	// Every view that shows the agent carries the URL.
	assert.Equal(t, set.Photo, s.agent("a-photo").Photo)
	_, lb := peopleBoard(t, a)
	require.NotEmpty(t, lb.Entries)
	assert.Equal(t, set.Photo, lb.Entries[0].Photo)
	var members shared.TeamMembers
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/teams/t-photo/members", &members))
	require.Len(t, members.Members, 1)
	assert.Equal(t, set.Photo, members.Members[0].Photo)
	var me shared.Identity
	_, out = agent.do(http.MethodGet, "/api/v1/me", nil)
	require.NoError(t, json.Unmarshal(out, &me))
	assert.Equal(t, set.Photo, me.Photo)

	var users shared.Users
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/users", &users))
	for _, u := range users.Users {
		if u.ID == "a-photo" {
			assert.Equal(t, set.Photo, u.Photo, "the admin's roster shows the photo")
		}
	}

	// An admin replaces it with a JPEG: a new URL; the old one still
	// answers, but with the new bytes and no lasting cache.
	jpg := peopleImage(t, "jpeg", 80, 60)
	status, _, out = peopleRaw(t, a, http.MethodPut, "/api/v1/users/a-photo/photo", "image/jpeg", jpg, nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var set2 shared.PhotoSet
	require.NoError(t, json.Unmarshal(out, &set2))
	assert.NotEqual(t, set.Photo, set2.Photo)
	assert.Equal(t, set2.Photo, s.agent("a-photo").Photo)
	status, h, body = peopleRaw(t, agent, http.MethodGet, set2.Photo, "", nil, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "image/jpeg", h.Get("Content-Type"))
	assert.Equal(t, jpg, body)
	status, h, _ = peopleRaw(t, agent, http.MethodGet, set.Photo, "", nil, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "private, no-cache", h.Get("Cache-Control"))

	// A paired TV has no cookie, and an <img> sends no header: it loads a
	// photo with its token in the query.
	_, tv := pairDisplay(t, s, a, []string{shared.BoardAgents}, []string{})
	status, h, body = peopleRaw(t, newClient(t, s), http.MethodGet, set2.Photo+"&token="+tv, "", nil, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, jpg, body)
	status, _, _ = peopleRaw(t, newClient(t, s), http.MethodGet, set2.Photo, "", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, status)

	// What is no photo is refused, with the reason.
	for _, tc := range []struct {
		name   string
		body   []byte
		status int
		says   string
	}{
		{"over the limit", append(bytes.Clone(pic), make([]byte, shared.MaxPhotoBytes)...), http.StatusRequestEntityTooLarge, "512 KiB"},
		{"a GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), http.StatusUnsupportedMediaType, "PNG, JPEG or WebP"},
		{"text", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), http.StatusUnsupportedMediaType, "PNG, JPEG or WebP"},
		{"a broken PNG", pic[:20], http.StatusBadRequest, "not a readable PNG"},
		{"too small", peopleImage(t, "png", 8, 8), http.StatusBadRequest, "8x8 pixels"},
		{"empty", []byte{}, http.StatusBadRequest, "empty"},
	} {
		status, _, out := peopleRaw(t, agent, http.MethodPut, "/api/v1/me/photo", "image/png", tc.body, nil)
		assert.Equal(t, tc.status, status, "%s: %s", tc.name, out)
		assert.Contains(t, string(out), tc.says, tc.name)
	}
	// Only admins set another's photo; a display has none.
	other := peopleUser(t, s, "a-other", "Otto Other", "agent", "t-photo")
	status, _, _ = peopleRaw(t, other, http.MethodPut, "/api/v1/users/a-photo/photo", "image/png", pic, nil)
	assert.Equal(t, http.StatusForbidden, status)
	status, _, _ = peopleRaw(t, a, http.MethodPut, "/api/v1/users/nobody/photo", "image/png", pic, nil)
	assert.Equal(t, http.StatusNotFound, status)
	// Another org's photo does not exist for a caller.
	status, _, _ = peopleRaw(t, agent, http.MethodGet, "/api/v1/photos/acme/a-photo", "", nil, nil)
	assert.Equal(t, http.StatusNotFound, status)

	// Removed: gone from the views, and no longer served.
	status, _, out = peopleRaw(t, agent, http.MethodDelete, "/api/v1/me/photo", "", nil, nil)
	require.Equal(t, http.StatusNoContent, status, string(out))
	assert.Empty(t, s.agent("a-photo").Photo)
	status, _, _ = peopleRaw(t, agent, http.MethodGet, set2.Photo, "", nil, nil)
	assert.Equal(t, http.StatusNotFound, status)

	// A removed user's photo goes with them; their scores stay.
	status, _, out = peopleRaw(t, a, http.MethodPut, "/api/v1/users/a-other/photo", "image/png", pic, nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var otherSet shared.PhotoSet
	require.NoError(t, json.Unmarshal(out, &otherSet))
	status, out = a.do(http.MethodDelete, "/api/v1/users/a-other", nil)
	require.Equal(t, http.StatusNoContent, status, string(out))
	assert.Empty(t, s.agent("a-other").Photo)
	status, _, _ = peopleRaw(t, a, http.MethodGet, otherSet.Photo, "", nil, nil)
	assert.Equal(t, http.StatusNotFound, status)

	var log shared.AuditLog
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/audit", &log))
	actions := map[string]int{}
	for _, e := range log.Entries {
		actions[e.Action]++
	}
	assert.Equal(t, 3, actions["photo.put"], "audit: %v", actions)
	assert.Equal(t, 1, actions["photo.delete"], "audit: %v", actions)
}

// TestPeopleTeamColours sets, keeps, validates and clears a team's colour;
// every view of the team's people carries it.
func TestPeopleTeamColours(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	s.ingest(survey("a-col", "t-col"))
	s.waitAgent("a-col", func(v shared.AgentView) bool { return v.XP > 0 })
	assert.Empty(t, s.agent("a-col").Color, "no colour: the PWA picks one")

	status, out := a.do(http.MethodPut, "/api/v1/teams/t-col", map[string]any{"name": "Colour", "color": "#AA3366"})
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Contains(t, string(out), `"color":"#aa3366"`)
	assert.Equal(t, "#aa3366", s.agent("a-col").Color)
	var teams shared.Leaderboard
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/leaderboards/"+shared.BoardTeams+"?period=day", &teams))
	require.NotEmpty(t, teams.Entries)
	assert.Equal(t, "#aa3366", teams.Entries[0].Color)
	_, agents := peopleBoard(t, a)
	require.NotEmpty(t, agents.Entries)
	assert.Equal(t, "#aa3366", agents.Entries[0].Color)
	var members shared.TeamMembers
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/teams/t-col/members", &members))
	assert.Equal(t, "#aa3366", members.Members[0].Color)

	for _, bad := range []string{"red", "#abc", "#12345g", "aa3366"} {
		status, out = a.do(http.MethodPut, "/api/v1/teams/t-col", map[string]any{"name": "Colour", "color": bad})
		assert.Equal(t, http.StatusBadRequest, status, bad)
		assert.Contains(t, string(out), `"field":"color"`, bad)
	}
	// Left out keeps it; "" clears it.
	status, out = a.do(http.MethodPut, "/api/v1/teams/t-col", map[string]any{"name": "Colour renamed"})
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Equal(t, "#aa3366", s.agent("a-col").Color)
	status, out = a.do(http.MethodPut, "/api/v1/teams/t-col", map[string]any{"name": "Colour renamed", "color": ""})
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Empty(t, s.agent("a-col").Color)
}

// TestPeopleConsent: an agent hidden from boards is an anonymous entry to
// everyone else, on REST and on the live board socket, and themself by
// name to themself; initials show as "H. S."; their own view keeps its
// rank.
func TestPeopleConsent(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	hidden := peopleUser(t, s, "a-hid", "Hanna Svensson", "agent", "t-c")
	initials := peopleUser(t, s, "a-ini", "Ivo Ilic", "agent", "t-c")
	named := peopleUser(t, s, "a-nam", "Nora Named", "agent", "t-c")
	status, _, out := peopleRaw(t, hidden, http.MethodPut, "/api/v1/me/photo", "image/png", peopleImage(t, "png", 32, 32), nil)
	require.Equal(t, http.StatusOK, status, string(out))
	s.ingest(survey("a-hid", "t-c"), survey("a-hid", "t-c"), survey("a-ini", "t-c"), ticket("a-nam", "t-c", false))
	s.waitAgent("a-nam", func(v shared.AgentView) bool { return v.XP > 0 })

	var me shared.Identity
	_, out = hidden.do(http.MethodGet, "/api/v1/me", nil)
	require.NoError(t, json.Unmarshal(out, &me))
	require.NotNil(t, me.Preferences)
	assert.Equal(t, shared.AppearByName, me.Preferences.Boards, "by name unless chosen otherwise")

	status, out = hidden.do(http.MethodPut, "/api/v1/me/preferences", map[string]string{"boards": "invisible"})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, string(out), `"field":"boards"`)
	status, out = hidden.do(http.MethodPut, "/api/v1/me/preferences", map[string]string{"boards": "name", "language": "xx"})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, string(out), `"field":"language"`)

	status, out = hidden.do(http.MethodPut, "/api/v1/me/preferences", shared.Preferences{Boards: shared.AppearHidden, Language: "sv"})
	require.Equal(t, http.StatusOK, status, string(out))
	peopleSetAppear(t, initials, shared.AppearByInitials)
	// The language left out stays as saved.
	status, out = hidden.do(http.MethodPut, "/api/v1/me/preferences", map[string]string{"boards": "hidden"})
	require.Equal(t, http.StatusOK, status, string(out))
	_, out = hidden.do(http.MethodGet, "/api/v1/me", nil)
	require.NoError(t, json.Unmarshal(out, &me))
	assert.Equal(t, &shared.Preferences{Boards: shared.AppearHidden, Language: "sv"}, me.Preferences)

	find := func(lb shared.Leaderboard, agent string) (shared.LeaderboardEntry, bool) {
		for _, e := range lb.Entries {
			if e.Agent == agent {
				return e, true
			}
		}
		return shared.LeaderboardEntry{}, false
	}
	checkOthers := func(who string, lb shared.Leaderboard) {
		t.Helper()
		require.Len(t, lb.Entries, 3, who)
		top := lb.Entries[0]
		assert.True(t, top.Anonymous, "%s sees the hidden agent anonymous: %+v", who, top)
		assert.Empty(t, top.Agent+top.Name+top.Photo+top.Team, "%s: no id, name, photo or team", who)
		assert.Equal(t, 1, top.Rank)
		ini, ok := find(lb, "a-ini")
		require.True(t, ok, who)
		assert.Equal(t, "I. I.", ini.Name, who)
		raw, _ := json.Marshal(lb)
		assert.NotContains(t, string(raw), "Hanna", who)
		assert.NotContains(t, string(raw), "a-hid", who)
		assert.NotContains(t, string(raw), "Ivo", who)
	}
	_, lb := peopleBoard(t, named)
	checkOthers("another agent", lb)
	_, lb = peopleBoard(t, a)
	checkOthers("the admin", lb)
	_, tv := pairDisplay(t, s, a, []string{shared.BoardAgents}, []string{})
	status, out = a.doWith(http.MethodGet, "/api/v1/leaderboards/"+shared.BoardAgents+"?period=day", nil, "Bearer "+tv)
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &lb))
	checkOthers("a TV", lb)

	// The hidden agent sees themself by name, and their own view is as before.
	_, lb = peopleBoard(t, hidden)
	self, ok := find(lb, "a-hid")
	require.True(t, ok, "%+v", lb)
	assert.Equal(t, "Hanna Svensson", self.Name)
	assert.False(t, self.Anonymous)
	assert.Equal(t, 1, self.Rank)
	_, out = hidden.do(http.MethodGet, "/api/v1/agents/a-hid", nil)
	var own shared.AgentView
	require.NoError(t, json.Unmarshal(out, &own))
	assert.Equal(t, "Hanna Svensson", own.Name)
	assert.Equal(t, 1, own.Rank[shared.BoardAgents+"/day"])
	assert.NotEmpty(t, own.Photo)

	// The live board frame goes to every subscriber alike: anonymous.
	ctx := withContext(t, 30*time.Second)
	c := dialAs(t, ctx, s, named, "")
	topic := shared.BoardTopic(shared.BoardAgents, shared.PeriodDay)
	c.subscribe(ctx, topic, nil)
	m := c.nextOn(ctx, topic)
	require.Equal(t, shared.KindSnapshot, m.Kind, string(m.Data))
	var live shared.Leaderboard
	require.NoError(t, json.Unmarshal(m.Data, &live))
	checkOthers("the live board", live)

	// By name again: named again everywhere, and the live board says so
	// at once, with no event in between.
	peopleSetAppear(t, hidden, shared.AppearByName)
	m = c.nextOn(ctx, topic)
	require.Equal(t, shared.KindBoard, m.Kind, string(m.Data))
	var named2 shared.Leaderboard
	require.NoError(t, json.Unmarshal(m.Data, &named2))
	require.NotEmpty(t, named2.Entries)
	assert.Equal(t, "Hanna Svensson", named2.Entries[0].Name)
	assert.False(t, named2.Entries[0].Anonymous)
	_, lb = peopleBoard(t, named)
	assert.Equal(t, "Hanna Svensson", lb.Entries[0].Name)
	assert.NotEmpty(t, lb.Entries[0].Photo)
	// A display has no preferences.
	status, _ = a.doWith(http.MethodPut, "/api/v1/me/preferences", shared.Preferences{Boards: "hidden"}, "Bearer "+tv)
	assert.Equal(t, http.StatusForbidden, status)
}

// TestPeoplePublicBoards: with public_boards off, agents get 403 on boards
// (REST and the live socket); supervisors, admins and TVs still see them.
// PUT /api/v1/org is a partial update, and every session and display of
// the org reads the settings.
func TestPeoplePublicBoards(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	agent := peopleUser(t, s, "a-pub", "Pat Public", "agent", "t-pub")
	sup := peopleUser(t, s, "s-pub", "Sue Super", "supervisor", "")
	s.ingest(survey("a-pub", "t-pub"))
	s.waitAgent("a-pub", func(v shared.AgentView) bool { return v.XP > 0 })
	_, tv := pairDisplay(t, s, a, []string{shared.BoardAgents}, []string{})

	var org shared.Org
	_, out := agent.do(http.MethodGet, "/api/v1/org", nil)
	require.NoError(t, json.Unmarshal(out, &org))
	assert.True(t, org.PublicBoards, "boards are public by default")
	assert.False(t, org.TVChime, "the chime is off by default")

	status, out := a.do(http.MethodPut, "/api/v1/org", map[string]any{"public_boards": false})
	require.Equal(t, http.StatusOK, status, string(out))
	status, out = a.do(http.MethodPut, "/api/v1/org", map[string]any{"tv_chime": true})
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &org))
	assert.False(t, org.PublicBoards, "a field left out keeps its value")
	assert.True(t, org.TVChime)
	assert.NotEmpty(t, org.Name)
	status, out = a.doWith(http.MethodGet, "/api/v1/org", nil, "Bearer "+tv)
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Contains(t, string(out), `"tv_chime":true`)
	status, _ = agent.do(http.MethodPut, "/api/v1/org", map[string]any{"public_boards": true})
	assert.Equal(t, http.StatusForbidden, status)

	status, out = agent.do(http.MethodGet, "/api/v1/leaderboards/"+shared.BoardAgents+"?period=day", nil)
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, string(out), "not public")
	status, _ = sup.do(http.MethodGet, "/api/v1/leaderboards/"+shared.BoardAgents+"?period=day", nil)
	assert.Equal(t, http.StatusOK, status)
	status, _ = a.do(http.MethodGet, "/api/v1/leaderboards/"+shared.BoardAgents+"?period=day", nil)
	assert.Equal(t, http.StatusOK, status)
	status, _ = a.doWith(http.MethodGet, "/api/v1/leaderboards/"+shared.BoardAgents+"?period=day", nil, "Bearer "+tv)
	assert.Equal(t, http.StatusOK, status)
	// The agent's own view is theirs still.
	status, _ = agent.do(http.MethodGet, "/api/v1/agents/a-pub", nil)
	assert.Equal(t, http.StatusOK, status)

	ctx := withContext(t, 30*time.Second)
	topic := shared.BoardTopic(shared.BoardAgents, shared.PeriodDay)
	c := dialAs(t, ctx, s, agent, "")
	c.subscribe(ctx, topic, nil)
	assert.Equal(t, shared.KindError, c.nextOn(ctx, topic).Kind)
	c = dialAs(t, ctx, s, sup, "")
	c.subscribe(ctx, topic, nil)
	assert.Equal(t, shared.KindSnapshot, c.nextOn(ctx, topic).Kind)

	status, out = a.do(http.MethodPut, "/api/v1/org", map[string]any{"public_boards": true})
	require.Equal(t, http.StatusOK, status, string(out))
	status, _ = agent.do(http.MethodGet, "/api/v1/leaderboards/"+shared.BoardAgents+"?period=day", nil)
	assert.Equal(t, http.StatusOK, status)
}

// TestPeopleSurviveRestartAndReplay: preferences, the photo's hash, team
// colours and the org's settings went through the stream, so a SIGKILL and
// restart keeps them, and so does a replay of the stream into an empty
// projection (where the photo's bytes, kept beside the stream, are gone:
// the view still names the hash the stream carried).
func TestPeopleSurviveRestartAndReplay(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	a := s.admin()
	hidden := peopleUser(t, s, "a-rh", "Rita Hidden", "agent", "t-r")
	peopleUser(t, s, "a-rn", "Rolf Named", "agent", "t-r")
	pic := peopleImage(t, "png", 48, 48)
	status, _, out := peopleRaw(t, a, http.MethodPut, "/api/v1/users/a-rn/photo", "image/png", pic, nil)
	require.Equal(t, http.StatusOK, status, string(out))
	peopleSetAppear(t, hidden, shared.AppearHidden)
	status, out = a.do(http.MethodPut, "/api/v1/teams/t-r", map[string]any{"name": "Red", "color": "#c0392b"})
	require.Equal(t, http.StatusOK, status, string(out))
	status, out = a.do(http.MethodPut, "/api/v1/org", map[string]any{"tv_chime": true})
	require.Equal(t, http.StatusOK, status, string(out))
	s.ingest(survey("a-rh", "t-r"), survey("a-rh", "t-r"), survey("a-rn", "t-r"))
	s.waitAgent("a-rn", func(v shared.AgentView) bool { return v.XP > 0 })

	snapshot := func(s *server) (shared.Leaderboard, shared.AgentView, shared.Org) {
		var lb shared.Leaderboard
		require.Equal(t, http.StatusOK, s.getJSON("/api/v1/leaderboards/"+shared.BoardAgents+"?period=day", &lb))
		var org shared.Org
		require.Equal(t, http.StatusOK, s.getJSON("/api/v1/org", &org))
		return lb, s.agent("a-rn"), org
	}
	lb, named, org := snapshot(s)
	require.Len(t, lb.Entries, 2)
	require.True(t, lb.Entries[0].Anonymous)
	require.NotEmpty(t, named.Photo)
	require.Equal(t, "#c0392b", named.Color)
	s.Kill()

	s2 := startServer(t, dir)
	lb2, named2, org2 := snapshot(s2)
	assert.Equal(t, lb.Entries, lb2.Entries)
	assert.Equal(t, named.Photo, named2.Photo)
	assert.Equal(t, named.Color, named2.Color)
	assert.Equal(t, org, org2)
	status, _, body := peopleRaw(t, s2.admin(), http.MethodGet, named2.Photo, "", nil, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, pic, body)
	s2.Kill()

	require.NoError(t, os.RemoveAll(filepath.Join(dir, "badger")))
	s3 := startServer(t, dir)
	lb3, named3, org3 := snapshot(s3)
	assert.Equal(t, lb.Entries, lb3.Entries, "the stream rebuilt who is hidden")
	assert.Equal(t, named.Photo, named3.Photo, "and the photo's hash")
	assert.Equal(t, named.Color, named3.Color)
	assert.Equal(t, org, org3)
}
