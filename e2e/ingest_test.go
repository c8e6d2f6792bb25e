package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// TestIngestContract checks POST /api/v1/events against API.md: the three
// body forms, all-or-nothing validation with per-item errors, duplicates,
// and the 401/413/415 answers; and that nothing half-applies.
func TestIngestContract(t *testing.T) {
	s := startServer(t, "")
	agent := "a-contract"

	single := ticket(agent, "t-one", true)
	body, _ := json.Marshal(single)
	status, out := s.post("application/json", body, ingestKey)
	require.Equal(t, http.StatusAccepted, status, string(out))
	assert.JSONEq(t, `{"accepted":1,"duplicates":0}`, string(out))

	// The same id again is a duplicate, whether in the window or not.
	status, out = s.post("application/json", body, ingestKey)
	require.Equal(t, http.StatusAccepted, status, string(out))
	assert.JSONEq(t, `{"accepted":0,"duplicates":1}`, string(out))

	// An array, with a repeated id inside it.
	e1, e2 := ticket(agent, "", false), training(agent, "")
	res := s.ingest(e1, e2, e1)
	assert.Equal(t, shared.IngestResult{Accepted: 2, Duplicates: 1}, res)

	// NDJSON, blank lines allowed.
	var nd bytes.Buffer
	for _, e := range []event{ticket(agent, "", true), training(agent, "")} {
		line, _ := json.Marshal(e)
		nd.Write(line)
		nd.WriteString("\n\n")
	}
	status, out = s.post("application/x-ndjson", nd.Bytes(), ingestKey)
	require.Equal(t, http.StatusAccepted, status, string(out))
	assert.JSONEq(t, `{"accepted":2,"duplicates":0}`, string(out))

	v := s.waitAgent(agent, func(v shared.AgentView) bool { return v.At > 0 && eventsApplied(s) >= 5 })
	pointsBefore := v.Points[shared.PeriodAll].Points
	require.Positive(t, pointsBefore)

	// One bad item rejects the whole batch, with every problem located.
	good := ticket(agent, "", true)
	bad := ticket(agent, "", true)
	bad.ID = "has space"
	bad.Type = ""
	future := ticket(agent, "", true)
	future.Time = time.Now().Add(time.Hour)
	body, _ = json.Marshal([]any{good, bad, future, map[string]any{"id": "x", "type": "call.completed", "agent": "a", "time": "2026-01-01T00:00:00Z", "metrics": map[string]any{"csat": "five"}}})
	status, out = s.post("application/json", body, ingestKey)
	require.Equal(t, http.StatusBadRequest, status, string(out))
	var e shared.Error
	require.NoError(t, json.Unmarshal(out, &e))
	fields := map[string]bool{}
	for _, it := range e.Items {
		fields[fmt.Sprintf("%d:%s", it.Index, it.Field)] = true
		assert.NotEmpty(t, it.Message)
	}
	assert.True(t, fields["1:id"], "items: %+v", e.Items)
	assert.True(t, fields["1:type"], "items: %+v", e.Items)
	assert.True(t, fields["2:time"], "items: %+v", e.Items)
	assert.True(t, fields["3:metrics.csat"], "items: %+v", e.Items)
	// The good event of the rejected batch was not stored: posting it now is new.
	assert.Equal(t, shared.IngestResult{Accepted: 1}, s.ingest(good))

	cases := []struct {
		name, ctype, key string
		body             []byte
		status           int
	}{
		{"no key", "application/json", "", body, http.StatusUnauthorized},
		{"wrong key", "application/json", "nope", body, http.StatusUnauthorized},
		{"text/plain", "text/plain", ingestKey, body, http.StatusUnsupportedMediaType},
		{"no content type", "", ingestKey, body, http.StatusUnsupportedMediaType},
		{"over 1 MiB", "application/json", ingestKey, bytes.Repeat([]byte(" "), 1<<20+1), http.StatusRequestEntityTooLarge},
		{"over 1000 events", "application/json", ingestKey, manyEvents(1001), http.StatusRequestEntityTooLarge},
		{"not JSON", "application/json", ingestKey, []byte(`{"id":`), http.StatusBadRequest},
		{"empty array", "application/json", ingestKey, []byte(`[]`), http.StatusBadRequest},
		{"JSON string", "application/json", ingestKey, []byte(`"hello"`), http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, out := s.post(c.ctype, c.body, c.key)
			assert.Equal(t, c.status, status, string(out))
			var e shared.Error
			require.NoError(t, json.Unmarshal(out, &e), "every error is JSON: %s", out)
			assert.NotEmpty(t, e.Error)
		})
	}
	// Nothing above changed the agent beyond the one good event.
	after := s.waitAgent(agent, func(v shared.AgentView) bool { return eventsApplied(s) >= 6 })
	assert.Greater(t, after.Points[shared.PeriodAll].Points, pointsBefore)
}

func manyEvents(n int) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"m-%d","type":"call.completed","agent":"a-1","time":"2026-01-01T00:00:00Z"}`, i)
	}
	b.WriteString("]")
	return []byte(b.String())
}

// eventsApplied reads how far the projection got, from the agents board's
// "at" (the last applied stream sequence).
func eventsApplied(s *server) uint64 {
	var lb shared.Leaderboard
	if s.getJSON("/api/v1/leaderboards/agents?period=all", &lb) != http.StatusOK {
		return 0
	}
	return lb.At
}

// TestReadEndpoints checks the read API's answers and errors.
func TestReadEndpoints(t *testing.T) {
	s := startServer(t, "")
	s.ingest(ticket("a-r1", "t-r", true), ticket("a-r2", "t-r", false), training("a-r2", "t-r"))
	s.waitAgent("a-r2", func(v shared.AgentView) bool { return v.At >= 3 })

	var lb shared.Leaderboard
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/leaderboards/agents?period=day&limit=1", &lb))
	require.Len(t, lb.Entries, 1)
	assert.Equal(t, 1, lb.Entries[0].Rank)

	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/leaderboards/teams?period=week", &lb))
	require.Len(t, lb.Entries, 1)
	assert.Equal(t, "t-r", lb.Entries[0].Team)

	var team shared.TeamView
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/teams/t-r", &team))
	assert.Equal(t, []string{"a-r1", "a-r2"}, team.Members)
	assert.Equal(t, lb.Entries[0].Points, team.Points[shared.PeriodWeek].Points)

	assert.Equal(t, http.StatusNotFound, s.getJSON("/api/v1/leaderboards/nope", nil))
	assert.Equal(t, http.StatusNotFound, s.getJSON("/api/v1/leaderboards/agents?period=decade", nil))
	assert.Equal(t, http.StatusBadRequest, s.getJSON("/api/v1/leaderboards/agents?limit=0", nil))
	assert.Equal(t, http.StatusNotFound, s.getJSON("/api/v1/teams/nope", nil))
	assert.Equal(t, http.StatusNotFound, s.getJSON("/api/v1/nope", nil))
	assert.Equal(t, http.StatusOK, s.getJSON("/healthz", nil))
}
