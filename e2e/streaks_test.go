package e2e

import (
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

// streaksRules puts in force the default ruleset in UTC with a calendar-day
// streak that forgives no missed day by itself and earns a freeze every 2
// counted days, so a test decides days with dates it computes in UTC; first
// puts it before the default's streak, where the agent's flame shows it.
func streaksRules(t *testing.T, s *server, first bool) {
	t.Helper()
	var rv shared.RulesetVersion
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/ruleset", &rv))
	var rs map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(rv.Ruleset, &rs))
	rs["timezone"] = json.RawMessage(`"UTC"`)
	var streaks []json.RawMessage
	require.NoError(t, json.Unmarshal(rs["streaks"], &streaks))
	mine := json.RawMessage(`{"id":"happy_days","name":"Happy days","counter":"happy_customers","min":1,"allowance":0,"freezes":{"earn_every":2,"max_held":2}}`)
	if first {
		streaks = append([]json.RawMessage{mine}, streaks...)
	} else {
		streaks = append(streaks, mine)
	}
	data, err := json.Marshal(streaks)
	require.NoError(t, err)
	rs["streaks"] = data
	status, out := s.admin().do(http.MethodPut, "/api/v1/ruleset", rs)
	require.Equal(t, http.StatusOK, status, string(out))
}

// streaksPut uploads a rota as bc with a content type and returns the
// status and the answer.
func streaksPut(t *testing.T, bc *browserClient, contentType, body string) (int, shared.RotaAnswer) {
	t.Helper()
	status, _, out := peopleRaw(t, bc, http.MethodPut, "/api/v1/rota", contentType, []byte(body), nil)
	var ans shared.RotaAnswer
	require.NoError(t, json.Unmarshal(out, &ans), string(out))
	return status, ans
}

// streaksRota reads the rota as bc.
func streaksRota(t *testing.T, bc *browserClient, query string) []shared.RotaDay {
	t.Helper()
	status, _, out := peopleRaw(t, bc, http.MethodGet, "/api/v1/rota"+query, "", nil, nil)
	require.Equal(t, http.StatusOK, status, string(out))
	var l shared.RotaList
	require.NoError(t, json.Unmarshal(out, &l))
	return l.Days
}

// streaksOf is the agent's happy_days streak in their view.
func streaksOf(v shared.AgentView) shared.Streak {
	for _, s := range v.Streaks {
		if s.ID == "happy_days" {
			return s
		}
	}
	return shared.Streak{}
}

// happyOn is a five-star survey at noon UTC of a day.
func happyOn(agent, team string, day time.Time) event {
	e := survey(agent, team)
	e.Time = day.Add(12 * time.Hour)
	return e
}

// TestStreaksRotaAndFreezes: three agents kept a streak on the fourth and
// third days ago (a freeze earned each). r-1 is on the rota for the two
// days since, r-2 for one of them, r-3 for none. After a SIGKILL and a
// restart the rota is still there, and the ticks across those days keep
// r-1's streak and freeze, spend r-2's freeze, and break r-3's streak.
func TestStreaksRotaAndFreezes(t *testing.T) {
	dir := t.TempDir()
	// Ticks rarely: nothing decides the missed days before the restart.
	s := startServer(t, dir, "--tick-every", "1h")
	streaksRules(t, s, false)
	agents, sup := rewardsPeople(t, s, "t-rota", "r", 3)
	_ = agents
	today := time.Now().UTC().Truncate(24 * time.Hour)
	day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }

	csv := fmt.Sprintf("agent,date,kind\nr-1,%s,sick\nr-1,%s,off\nr-2,%s,holiday\n", day(-2), day(-1), day(-2))
	status, ans := streaksPut(t, sup, "text/csv", csv)
	require.Equal(t, http.StatusOK, status, "%+v", ans)
	assert.Equal(t, shared.RotaAnswer{Lines: 3, Accepted: 3, Errors: []shared.RotaLineError{}}, ans)

	var evs []event
	for _, id := range []string{"r-1", "r-2", "r-3"} {
		evs = append(evs, happyOn(id, "t-rota", today.AddDate(0, 0, -4)), happyOn(id, "t-rota", today.AddDate(0, 0, -3)))
	}
	s.ingest(evs...)
	for _, id := range []string{"r-1", "r-2", "r-3"} {
		s.waitAgent(id, func(v shared.AgentView) bool {
			st := streaksOf(v)
			// r-3's view already says what the next tick will decide.
			return st.Freezes == 1 && st.MaxFreezes == 2 && st.Best == 2 && (st.Current == 2) == (id != "r-3")
		})
	}

	s.Kill()
	s = startServer(t, dir, "--tick-every", "300ms")
	days := streaksRota(t, s.admin(), "?from="+day(-7)+"&to="+day(0))
	require.Len(t, days, 3, "the rota survived the crash: %+v", days)
	assert.Equal(t, shared.RotaDay{Agent: "r-1", Date: day(-2), Kind: "sick", Name: "Agent r 1"}, days[0])

	// r-2 missed yesterday: a tick spends the freeze, the streak lives.
	v2 := s.waitAgent("r-2", func(v shared.AgentView) bool { return streaksOf(v).Freezes == 0 })
	assert.Equal(t, 2, streaksOf(v2).Current, "a freeze kept r-2's streak")
	// r-3 missed two days with one freeze: broken.
	s.waitAgent("r-3", func(v shared.AgentView) bool { return streaksOf(v).Current == 0 })
	// r-1 was off both days: the same ticks kept the streak and the freeze.
	st := streaksOf(s.agent("r-1"))
	assert.Equal(t, [2]int{2, 1}, [2]int{st.Current, st.Freezes}, "rota days never break a streak nor spend a freeze")

	// Today r-1 keeps it going: three days counted, the rota days not among them.
	s.ingest(happyOn("r-1", "t-rota", time.Now().UTC().Add(-time.Minute).Add(-12*time.Hour)))
	s.waitAgent("r-1", func(v shared.AgentView) bool { return streaksOf(v).Current == 3 })
}

// TestStreaksRotaUploadRefusals: a bad upload answers every bad line with
// its number, field and reason, and changes nothing; a supervisor may not
// put another team's days; an agent reads only their own rota.
func TestStreaksRotaUploadRefusals(t *testing.T) {
	s := startServer(t, "")
	agents, sup := rewardsPeople(t, s, "t-ru", "ru", 2)
	_, _ = rewardsPeople(t, s, "t-other", "ro", 1)
	day := func(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format(time.DateOnly) }

	status, ans := streaksPut(t, sup, "text/csv", fmt.Sprintf("agent,date,kind\nru-1,%s,off\n", day(3)))
	require.Equal(t, http.StatusOK, status, "%+v", ans)
	before := streaksRota(t, s.admin(), "")
	require.Len(t, before, 1)

	bad := strings.Join([]string{
		"agent,date,kind",
		"ru-1," + day(4) + ",holiday",  // 2: good
		"ru-2,2026-13-01,off",          // 3: no such date
		"ru-2," + day(5) + ",vacation", // 4: no such kind
		"nobody," + day(5) + ",off",    // 5: unknown
		"ro-1," + day(5) + ",off",      // 6: another team
		"ru-1," + day(4) + ",sick",     // 7: line 2 again
		"ru-2," + day(6),               // 8: a field short
	}, "\n") + "\n"
	status, ans = streaksPut(t, sup, "text/csv", bad)
	require.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, 7, ans.Lines)
	assert.Equal(t, 0, ans.Accepted)
	assert.Equal(t, 6, ans.Refused)
	want := []shared.RotaLineError{
		{Line: 3, Field: "date", Code: shared.RotaBadDate, Message: "must be a date as YYYY-MM-DD"},
		{Line: 4, Field: "kind", Code: shared.RotaBadKind, Message: "must be off, sick or holiday"},
		{Line: 5, Field: "agent", Code: shared.RotaUnknown, Message: "is not a person of this org"},
		{Line: 6, Field: "agent", Code: shared.RotaNotYourTeam, Message: "is not in a team you supervise"},
		{Line: 7, Field: "date", Code: shared.RotaRepeat, Other: 2, Message: "names the same agent and day as line 2"},
		{Line: 8, Code: shared.RotaFields, Message: "has 2 fields; the header has 3"},
	}
	assert.Equal(t, want, ans.Errors)
	assert.Equal(t, before, streaksRota(t, s.admin(), ""), "a refused upload changes nothing")

	// JSON: items are lines from 1.
	status, ans = streaksPut(t, s.admin(), "application/json", `[{"agent":"ru-2","date":"`+day(2)+`","kind":"off"},{"agent":"ru-2","date":"`+day(-90)+`","kind":"off"}]`)
	require.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, []shared.RotaLineError{{Line: 2, Field: "date", Code: shared.RotaTooOld, Message: "is more than 62 days ago"}}, ans.Errors)
	status, _, out := peopleRaw(t, s.admin(), http.MethodPut, "/api/v1/rota", "text/csv", []byte("who,when\nru-1,2026-01-01\n"), nil)
	assert.Equal(t, http.StatusBadRequest, status, string(out))
	var many strings.Builder
	many.WriteString("agent,date,kind\n")
	for i := range 10_001 {
		fmt.Fprintf(&many, "ru-%d,%s,off\n", 1+i%2, day(i%300))
	}
	status, _, out = peopleRaw(t, s.admin(), http.MethodPut, "/api/v1/rota", "text/csv", []byte(many.String()), nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status, string(out))
	assert.Equal(t, before, streaksRota(t, s.admin(), ""))

	// An agent reads their own days only; a day is deleted.
	assert.Len(t, streaksRota(t, agents[0], ""), 1)
	assert.Empty(t, streaksRota(t, agents[1], ""))
	status, _, _ = peopleRaw(t, agents[1], http.MethodGet, "/api/v1/rota?agent=ru-1", "", nil, nil)
	assert.Equal(t, http.StatusForbidden, status)
	status, _, out = peopleRaw(t, sup, http.MethodDelete, "/api/v1/rota/ru-1/"+day(3), "", nil, nil)
	require.Equal(t, http.StatusNoContent, status, string(out))
	assert.Empty(t, streaksRota(t, s.admin(), ""))
}

// TestStreaksDemoRota: the demo floor starts with a rota for the next two
// weeks (its first agent off today), put in once: a restart keeps it as it
// is.
func TestStreaksDemoRota(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, "--demo")
	today := time.Now().UTC().Format(time.DateOnly)
	days := streaksRota(t, s.admin(), "")
	require.NotEmpty(t, days)
	assert.Contains(t, days, shared.RotaDay{Agent: "a-1", Date: today, Kind: "off", Name: "Astrid Lindqvist"})
	s.Kill()
	s = startServer(t, dir, "--demo")
	assert.Equal(t, days, streaksRota(t, s.admin(), ""))
}
