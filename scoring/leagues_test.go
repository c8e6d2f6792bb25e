package scoring

import (
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// leagueRuleset is the default ruleset with small cohorts, so a dozen
// agents make several.
func leagueRuleset(size, promote, demote int) Ruleset {
	rs := DefaultRuleset()
	rs.Leagues.Size, rs.Leagues.Promote, rs.Leagues.Demote = size, promote, demote
	return rs
}

func stockholm(t *testing.T, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Stockholm")
	require.NoError(t, err)
	at, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return at
}

func TestLeaguesDefaultRuleset(t *testing.T) {
	l := DefaultRuleset().Leagues
	require.NotNil(t, l)
	require.Equal(t, 30, l.Size)
	require.Equal(t, 5, l.Promote)
	require.Equal(t, 5, l.Demote)
	require.Equal(t, CohortByLevel, l.Cohort)
	require.Len(t, l.Tiers, 5)
	for _, tier := range l.Tiers {
		for _, lang := range Languages {
			require.NotEmpty(t, tier.Labels[lang], "%s in %s", tier.ID, lang)
		}
	}
}

func TestLeaguesValidation(t *testing.T) {
	cases := []struct {
		edit func(l *Leagues)
		path string
		msg  string
	}{
		{func(l *Leagues) { l.Size = 3 }, "/leagues/size", "between 5 and 100"},
		{func(l *Leagues) { l.Size = 101 }, "/leagues/size", "between 5 and 100"},
		{func(l *Leagues) { l.Tiers = l.Tiers[:1] }, "/leagues/tiers", "2 to 10 tiers"},
		{func(l *Leagues) { l.Tiers[2].ID = "bronze" }, "/leagues/tiers/2/id", "repeats the id of /leagues/tiers/0"},
		{func(l *Leagues) { l.Tiers[1].ID = "Silver!" }, "/leagues/tiers/1/id", "a-z0-9_-"},
		{func(l *Leagues) { l.Tiers[1].Name = " " }, "/leagues/tiers/1/name", "printable"},
		{func(l *Leagues) { l.Tiers[0].Labels = Labels{"xx": "Bronze"} }, "/leagues/tiers/0/labels/xx", "language codes"},
		{func(l *Leagues) { l.Promote = 16 }, "/leagues/promote", "at most half"},
		{func(l *Leagues) { l.Demote = -1 }, "/leagues/demote", "0 or more"},
		{func(l *Leagues) { l.Cohort = "age" }, "/leagues/cohort", "level or tenure"},
	}
	for _, c := range cases {
		rs := DefaultRuleset()
		c.edit(rs.Leagues)
		_, err := Compile(rs)
		var ce *CompileError
		require.True(t, errors.As(err, &ce), "%s: %v", c.path, err)
		found := false
		for _, p := range ce.Problems {
			if p.Path == c.path && strings.Contains(p.Message, c.msg) {
				found = true
			}
		}
		require.True(t, found, "want %s %q in %+v", c.path, c.msg, ce.Problems)
	}
	rs := DefaultRuleset()
	rs.Leagues.Size = 0 // left out: the default size
	mustCompile(t, rs)
}

func TestLeaguesWeekEnds(t *testing.T) {
	e := mustCompile(t, DefaultRuleset())
	require.Equal(t, stockholm(t, "2026-12-14 00:00"), e.WeekEnds("2026-W50"))
	require.Equal(t, stockholm(t, "2027-01-04 00:00"), e.WeekEnds("2026-W53"))
	require.Equal(t, "2026-W50", e.WeekOf(stockholm(t, "2026-12-13 23:59")))
	require.Equal(t, "2026-W51", e.WeekOf(stockholm(t, "2026-12-14 00:00")))
	require.True(t, e.WeekEnds("nope").IsZero())
}

func TestLeaguesRankCohortZones(t *testing.T) {
	rs := leagueRuleset(10, 1, 2)
	e := mustCompile(t, rs)
	zones := func(tier int, pts map[string]int64) string {
		ids := slices.Sorted(func(yield func(string) bool) {
			for id := range pts {
				if !yield(id) {
					return
				}
			}
		})
		rows, _, _ := e.RankCohort(tier, ids, func(id string) int64 { return pts[id] })
		var b strings.Builder
		for _, r := range rows {
			z := "-"
			switch r.Zone {
			case ZonePromote:
				z = "+"
			case ZoneDemote:
				z = "v"
			}
			fmt.Fprintf(&b, "%s%s", r.Agent, z)
		}
		return b.String()
	}
	// The middle tier: the top one up, the bottom two down.
	require.Equal(t, "a+b-c-dvev", zones(1, map[string]int64{"a": 50, "b": 40, "c": 30, "d": 20, "e": 10}))
	// d scored as well as c, the last one above the line: d is safe.
	require.Equal(t, "a+b-c-d-ev", zones(1, map[string]int64{"a": 50, "b": 40, "c": 20, "d": 20, "e": 10}))
	// Nobody below the median: nobody goes down.
	require.Equal(t, "a+b-c-d-e-", zones(1, map[string]int64{"a": 10, "b": 10, "c": 10, "d": 10, "e": 10}))
	// No points, no promotion.
	require.Equal(t, "a-b-c-", zones(1, map[string]int64{"a": 0, "b": 0, "c": 0}))
	// The lowest tier demotes nobody, the top tier promotes nobody.
	require.Equal(t, "a+b-c-d-e-", zones(0, map[string]int64{"a": 50, "b": 40, "c": 30, "d": 20, "e": 10}))
	require.Equal(t, "a-b-c-dvev", zones(4, map[string]int64{"a": 50, "b": 40, "c": 30, "d": 20, "e": 10}))
}

// leagueWeek makes agents a00..a(n-1) score i tickets (10 points each) on
// the Tuesday of ISO week 2026-W50; a00 only reports adherence, for nothing.
func leagueWeek(n int, day string, prefix string) []Input {
	var in []Input
	at, _ := time.Parse(time.RFC3339, day)
	for i := range n {
		agent := fmt.Sprintf("a%02d", i)
		ev := Event{ID: fmt.Sprintf("%s-%s-0", prefix, agent), Type: "schedule.adherence", Agent: agent, Time: at,
			Metrics: map[string]any{"adherence": 0.1}}
		in = append(in, Input{Event: &ev})
		for j := range i {
			ev := Event{ID: fmt.Sprintf("%s-%s-%d", prefix, agent, j+1), Type: "ticket.solved", Agent: agent,
				Time: at.Add(time.Duration(j) * time.Minute)}
			in = append(in, Input{Event: &ev})
		}
	}
	return in
}

func leagueTick(id, at string) Input {
	t, _ := time.Parse(time.RFC3339, at)
	return Input{Tick: &Tick{ID: id, Time: t}}
}

func leagueOutcomes(out []Outcome) map[string]Outcome {
	m := map[string]Outcome{}
	for _, o := range out {
		if o.Kind == OutcomeLeague {
			m[o.Agent] = o
		}
	}
	return m
}

func TestLeaguesWeekRollPromotesAndDemotes(t *testing.T) {
	e := mustCompile(t, leagueRuleset(5, 2, 2))
	w := NewWorld()
	run(e, w, leagueWeek(10, "2026-12-08T09:00:00Z", "w50"))
	require.NotNil(t, w.Org.League)
	require.Equal(t, "2026-W50", w.Org.League.Week)
	require.Len(t, w.Org.League.Members, 10, "every agent who scored joined the lowest tier")
	require.Len(t, w.Org.League.Cohorts, 1)
	require.Empty(t, leagueOutcomes(run(e, w, []Input{leagueTick("t1", "2026-12-13T12:00:00Z")})), "a tick of the same week moves nobody")

	out := leagueOutcomes(run(e, w, []Input{leagueTick("t2", "2026-12-13T23:15:00Z")})) // Monday 00:15 in Stockholm
	require.Len(t, out, 10)
	require.Equal(t, LeaguePromoted, out["a09"].Status)
	require.Equal(t, LeaguePromoted, out["a08"].Status)
	require.Equal(t, 2, out["a09"].Tier)
	require.Equal(t, "Silver", out["a09"].TierName)
	require.Equal(t, 1, out["a09"].Current)
	require.InDelta(t, 90, out["a09"].Progress, 0)
	require.Equal(t, LeagueStayed, out["a00"].Status, "the lowest tier demotes nobody")
	require.Equal(t, "2026-W50", out["a00"].Instance)
	l := w.Org.League
	require.Equal(t, "2026-W51", l.Week)
	require.Equal(t, 1, l.Members["a09"].Tier)
	// Eight left in Bronze make two cohorts of four; two in Silver one.
	require.Len(t, l.Cohorts, 3)
	require.Equal(t, []int{4, 4, 2}, []int{len(l.Cohorts[0].Members), len(l.Cohorts[1].Members), len(l.Cohorts[2].Members)})
	require.Equal(t, []string{"a08", "a09"}, l.Cohorts[2].Members)
	require.Empty(t, leagueOutcomes(run(e, w, []Input{leagueTick("t2", "2026-12-13T23:15:00Z")})), "the same tick again changes nothing")

	// Week 51: in Silver a08 outscores a09, who falls below the median.
	// (a09's ticket of week 52 arrives before the rolling tick: the week
	// kept aside still counts.)
	for i, agent := range []string{"a08", "a08", "a09"} {
		ev := Event{ID: fmt.Sprintf("w51-%d", i), Type: "ticket.solved", Agent: agent, Time: stockholm(t, "2026-12-15 10:00").Add(time.Duration(i) * time.Minute)}
		run(e, w, []Input{{Event: &ev}})
	}
	late := Event{ID: "w52-early", Type: "ticket.solved", Agent: "a09", Time: stockholm(t, "2026-12-21 00:01")}
	run(e, w, []Input{{Event: &late}})
	require.Equal(t, int64(10), LeaguePoints(w.Agents["a09"], "2026-W51"))
	out = leagueOutcomes(run(e, w, []Input{leagueTick("t3", "2026-12-20T23:15:00Z")}))
	require.Equal(t, LeaguePromoted, out["a08"].Status)
	require.Equal(t, 3, out["a08"].Tier)
	// Two in a cohort of Silver: a09 is in the promotion zone too (two
	// promote) with points, so it goes up as well.
	require.Equal(t, LeaguePromoted, out["a09"].Status)
}

func TestLeaguesDemotionBelowMedian(t *testing.T) {
	e := mustCompile(t, leagueRuleset(10, 1, 2))
	w := NewWorld()
	run(e, w, leagueWeek(6, "2026-12-08T09:00:00Z", "w50"))
	// Put everyone in Silver by hand: the test is of the roll, not of joining.
	for id, m := range w.Org.League.Members {
		m.Tier = 1
		w.Org.League.Members[id] = m
	}
	w.Org.League.Cohorts[0].Tier = 1
	out := leagueOutcomes(run(e, w, []Input{leagueTick("t", "2026-12-14T06:00:00Z")}))
	// Points 50..0: a05 up; a01 (10) and a00 (0) are below the median (25)
	// and below a02 (20), the last above the line: down.
	require.Equal(t, LeaguePromoted, out["a05"].Status)
	require.Equal(t, LeagueDemoted, out["a01"].Status)
	require.Equal(t, LeagueDemoted, out["a00"].Status)
	require.Equal(t, "Bronze", out["a00"].TierName)
	for _, id := range []string{"a02", "a03", "a04"} {
		require.Equal(t, LeagueStayed, out[id].Status, id)
	}
}

func TestLeaguesCohortsByTenure(t *testing.T) {
	rs := leagueRuleset(5, 1, 1)
	rs.Leagues.Cohort = CohortByTenure
	e := mustCompile(t, rs)
	w := NewWorld()
	run(e, w, leagueWeek(5, "2026-12-08T09:00:00Z", "w50"))
	run(e, w, []Input{leagueTick("t1", "2026-12-14T06:00:00Z")})
	// Five newcomers of week 51, then the roll into week 52.
	var in []Input
	for i := range 5 {
		ev := Event{ID: fmt.Sprintf("n%d", i), Type: "ticket.solved", Agent: fmt.Sprintf("n%d", i), Time: stockholm(t, "2026-12-16 10:00")}
		in = append(in, Input{Event: &ev})
	}
	run(e, w, in)
	require.Equal(t, "2026-W51", w.Org.League.Members["n0"].Since)
	run(e, w, []Input{leagueTick("t2", "2026-12-21T06:00:00Z")})
	l := w.Org.League
	// Bronze holds a00..a03 (a04 went up in week 50) and n1..n4 (n0 won
	// week 51): sorted by tenure, old hands and newcomers race apart.
	var bronze [][]string
	for _, c := range l.Cohorts {
		if c.Tier == 0 {
			bronze = append(bronze, c.Members)
		}
	}
	require.Equal(t, [][]string{{"a00", "a01", "a02", "a03"}, {"n1", "n2", "n3", "n4"}}, bronze)
}

// TestPropertyLeaguesReplayAndPermutation: a replay of the same inputs
// gives the same promotions, and so does any interleaving of the agents'
// events between ticks that keeps each agent's own order.
func TestPropertyLeaguesReplayAndPermutation(t *testing.T) {
	e := mustCompile(t, leagueRuleset(5, 2, 2))
	types := []string{"ticket.solved", "call.completed", "training.completed", "qa.review", "survey.completed"}
	for seed := int64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewSource(seed))
		start := stockholm(t, "2026-12-07 08:00")
		// Segments of events between ticks, over three weeks.
		var segments [][]Event
		var ticks []Tick
		n := 0
		for h := 0; h < 21*24; h += 6 {
			var seg []Event
			for range rng.Intn(12) {
				at := start.Add(time.Duration(h)*time.Hour + time.Duration(rng.Intn(6*60))*time.Minute)
				seg = append(seg, Event{ID: fmt.Sprintf("e%d", n), Type: types[rng.Intn(len(types))], Agent: fmt.Sprintf("a%02d", rng.Intn(14)),
					Time: at, Metrics: map[string]any{"csat": float64(1 + rng.Intn(5)), "score": float64(rng.Intn(101))}})
				n++
			}
			segments = append(segments, seg)
			ticks = append(ticks, Tick{ID: fmt.Sprintf("t%d", h), Time: start.Add(time.Duration(h+6) * time.Hour)})
		}
		inputs := func(shuffle *rand.Rand) []Input {
			var in []Input
			for i, seg := range segments {
				seg = slices.Clone(seg)
				if shuffle != nil {
					seg = interleave(shuffle, seg)
				}
				for j := range seg {
					in = append(in, Input{Event: &seg[j]})
				}
				in = append(in, Input{Tick: &ticks[i]})
			}
			return in
		}
		w1, w2, w3 := NewWorld(), NewWorld(), NewWorld()
		o1 := leagueOnly(run(e, w1, inputs(nil)))
		o2 := leagueOnly(run(mustCompile(t, leagueRuleset(5, 2, 2)), w2, inputs(nil)))
		o3 := leagueOnly(run(e, w3, inputs(rand.New(rand.NewSource(seed*7)))))
		require.NotEmpty(t, o1, "seed %d: the weeks must roll", seed)
		require.Equal(t, o1, o2, "seed %d: replay", seed)
		require.Equal(t, jsonOf(t, w1.Org), jsonOf(t, w2.Org), "seed %d: replay", seed)
		require.Equal(t, o1, o3, "seed %d: interleaving", seed)
		require.Equal(t, jsonOf(t, w1.Org), jsonOf(t, w3.Org), "seed %d: interleaving", seed)
		moved := 0
		for _, o := range o1 {
			if o.Status != LeagueStayed {
				moved++
			}
		}
		require.Positive(t, moved, "seed %d: someone must move", seed)
	}
}

// interleave shuffles events of different agents, keeping each agent's
// own events in their order.
func interleave(rng *rand.Rand, evs []Event) []Event {
	byAgent := map[string][]Event{}
	var order []string
	for _, ev := range evs {
		if _, ok := byAgent[ev.Agent]; !ok {
			order = append(order, ev.Agent)
		}
		byAgent[ev.Agent] = append(byAgent[ev.Agent], ev)
	}
	out := make([]Event, 0, len(evs))
	for len(out) < len(evs) {
		a := order[rng.Intn(len(order))]
		if q := byAgent[a]; len(q) > 0 {
			out = append(out, q[0])
			byAgent[a] = q[1:]
		}
	}
	return out
}

func leagueOnly(out []Outcome) []Outcome {
	var l []Outcome
	for _, o := range out {
		if o.Kind == OutcomeLeague {
			l = append(l, o)
		}
	}
	return l
}
