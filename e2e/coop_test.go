package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// coopLaunch is a co-op quest of the default ruleset's pair_up template
// for agents, with target, ending in two hours.
func coopLaunch(target float64, agents ...string) map[string]any {
	return map[string]any{"challenge": "pair_up", "coop": true, "agents": agents, "target": target,
		"deadline": time.Now().Add(2 * time.Hour).UTC()}
}

// coopLogin is a client logged in as the agent id of rewardsPeople.
func coopLogin(t *testing.T, s *server, id string) *browserClient {
	t.Helper()
	c := newClient(t, s)
	c.login(id, "password-"+id)
	return c
}

// coopOf finds the co-op quest instance in an agent's or team's challenges.
func coopOf(list []shared.Challenge, instance string) (shared.Challenge, bool) {
	for _, c := range list {
		if c.Instance == instance {
			return c, true
		}
	}
	return shared.Challenge{}, false
}

// coopShares is a co-op card's parts by member id.
func coopShares(c shared.Challenge) map[string]float64 {
	out := map[string]float64{}
	for _, m := range c.Coop {
		out[m.ID] = m.Share
	}
	return out
}

// coopLedger sums an agent's wallet entries that the quest's reward credited.
func coopLedger(t *testing.T, s *server, agent string) int64 {
	t.Helper()
	var w shared.Wallet
	require.Equal(t, http.StatusOK, s.getJSON("/api/v1/agents/"+agent+"/wallet", &w))
	var sum int64
	for _, e := range w.Ledger {
		if e.Detail == "challenge:pair_up" || e.Ref == "challenge:pair_up" {
			sum += e.Delta
		}
	}
	return sum
}

// TestCoopQuest launches co-op quests through the API against the real
// binary: the launch is checked (size, people, a supervisor's teams), two
// agents on different teams fill one bar that both of their views and both
// teams' views show with each one's part, the partner's open socket hears
// of every step, and the event that completes it pays both members the
// reward points and coins.
func TestCoopQuest(t *testing.T) {
	s := startServer(t, "")
	_, supA := rewardsPeople(t, s, "t-coa", "coa", 2)
	rewardsPeople(t, s, "t-cob", "cob", 1)
	admin := s.admin()

	for name, c := range map[string]struct {
		who    *browserClient
		body   map[string]any
		status int
	}{
		"one member":             {admin, coopLaunch(4, "coa-1"), http.StatusUnprocessableEntity},
		"seven members":          {admin, coopLaunch(4, "coa-1", "coa-2", "cob-1", "x-1", "x-2", "x-3", "x-4"), http.StatusUnprocessableEntity},
		"a member twice":         {admin, coopLaunch(4, "coa-1", "coa-1"), http.StatusUnprocessableEntity},
		"someone unknown":        {admin, coopLaunch(4, "coa-1", "nobody"), http.StatusUnprocessableEntity},
		"a team challenge":       {admin, map[string]any{"challenge": "team_blitz", "coop": true, "agents": []string{"coa-1", "cob-1"}, "deadline": time.Now().Add(time.Hour).UTC()}, http.StatusUnprocessableEntity},
		"another team's agent":   {supA, coopLaunch(4, "coa-1", "cob-1"), http.StatusForbidden},
		"an agent may not pair":  {coopLogin(t, s, "coa-1"), coopLaunch(4, "coa-1", "coa-2"), http.StatusForbidden},
		"the deadline is needed": {admin, map[string]any{"challenge": "pair_up", "coop": true, "agents": []string{"coa-1", "cob-1"}}, http.StatusUnprocessableEntity},
	} {
		status, out := c.who.do(http.MethodPost, "/api/v1/challenges", c.body)
		assert.Equal(t, c.status, status, "%s: %s", name, out)
	}

	// A supervisor pairs two of their own; an admin pairs across teams.
	status, out := supA.do(http.MethodPost, "/api/v1/challenges", coopLaunch(10, "coa-2", "coa-1"))
	require.Equal(t, http.StatusCreated, status, string(out))
	status, out = admin.do(http.MethodPost, "/api/v1/challenges", coopLaunch(4, "cob-1", "coa-1"))
	require.Equal(t, http.StatusCreated, status, string(out))
	var inst shared.ChallengeInstance
	require.NoError(t, json.Unmarshal(out, &inst))
	assert.True(t, inst.Coop)
	assert.Equal(t, []string{"coa-1", "cob-1"}, inst.Agents)
	assert.Empty(t, inst.Team)

	v := s.waitAgent("cob-1", func(v shared.AgentView) bool { _, ok := coopOf(v.Challenges, inst.ID); return ok })
	card, _ := coopOf(v.Challenges, inst.ID)
	assert.Equal(t, [3]any{0.0, 4.0, "active"}, [3]any{card.Progress, card.Target, card.Status}, "open at 0 before anyone works")
	require.Len(t, card.Coop, 2)
	assert.Equal(t, shared.CoopMember{ID: "coa-1", Name: "Agent coa 1"}, shared.CoopMember{ID: card.Coop[0].ID, Name: card.Coop[0].Name})

	// cob-1 has the pairing open: their socket hears of coa-1's work.
	ctx := withContext(t, time.Minute)
	live := dialAs(t, ctx, s, coopLogin(t, s, "cob-1"), "")
	live.subscribe(ctx, shared.AgentTopic("cob-1"), nil)
	require.Equal(t, shared.KindSnapshot, live.nextOn(ctx, shared.AgentTopic("cob-1")).Kind)

	s.ingest(ticket("coa-1", "t-coa", false), ticket("coa-1", "t-coa", false))
	m := live.nextOn(ctx, shared.AgentTopic("cob-1"))
	assert.Equal(t, shared.KindChallenge, m.Kind, "the partner's step reaches cob-1's topic: %s", m.Data)
	s.ingest(ticket("cob-1", "t-cob", false))

	for _, id := range []string{"coa-1", "cob-1"} {
		v := s.waitAgent(id, func(v shared.AgentView) bool { c, _ := coopOf(v.Challenges, inst.ID); return c.Progress == 3 })
		c, _ := coopOf(v.Challenges, inst.ID)
		assert.Equal(t, map[string]float64{"coa-1": 2, "cob-1": 1}, coopShares(c), id)
		assert.Equal(t, "Pair up", c.Name)
	}
	for _, team := range []string{"t-coa", "t-cob"} {
		var tv shared.TeamView
		require.Equal(t, http.StatusOK, s.getJSON("/api/v1/teams/"+team, &tv))
		c, ok := coopOf(tv.Challenges, inst.ID)
		require.True(t, ok, "team %s shows its member's quest", team)
		assert.Equal(t, 3.0, c.Progress)
	}
	other, _ := coopOf(s.agent("coa-2").Challenges, inst.ID)
	assert.Empty(t, other.Instance, "coa-2 is not in this one")

	xpA, xpB := s.agent("coa-1").XP, s.agent("cob-1").XP
	s.ingest(ticket("cob-1", "t-cob", false)) // the fourth contact completes it
	for id, xp := range map[string]int64{"coa-1": xpA + 40, "cob-1": xpB + 10 + 40} {
		v := s.waitAgent(id, func(v shared.AgentView) bool { c, _ := coopOf(v.Challenges, inst.ID); return c.Status == "completed" })
		assert.Equal(t, xp, v.XP, "%s gets the reward's 40 points", id)
		require.Eventually(t, func() bool { return coopLedger(t, s, id) == 10 }, 10*time.Second, pollEvery, "%s gets the reward's 10 coins", id)
	}
	// Work after completion still shows, and pays nothing twice.
	s.ingest(ticket("coa-1", "t-coa", false))
	v = s.waitAgent("cob-1", func(v shared.AgentView) bool { c, _ := coopOf(v.Challenges, inst.ID); return c.Progress == 5 })
	assert.Equal(t, xpB+10+40, v.XP)
	assert.Equal(t, int64(10), coopLedger(t, s, "coa-1"))
}

// TestCoopKillAndReplay: a co-op quest completed, the server killed and
// restarted, then its projection rebuilt from the stream alone: the shared
// bar, each part, both members' points and both rewards' coins come back
// the same, and nobody is paid twice.
func TestCoopKillAndReplay(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	rewardsPeople(t, s, "t-cr", "cr", 2)
	status, out := s.admin().do(http.MethodPost, "/api/v1/challenges", coopLaunch(3, "cr-1", "cr-2"))
	require.Equal(t, http.StatusCreated, status, string(out))
	var inst shared.ChallengeInstance
	require.NoError(t, json.Unmarshal(out, &inst))
	s.ingest(ticket("cr-1", "t-cr", false), ticket("cr-2", "t-cr", false), ticket("cr-2", "t-cr", false), ticket("cr-1", "t-cr", false))
	s.waitAgent("cr-1", func(v shared.AgentView) bool { c, _ := coopOf(v.Challenges, inst.ID); return c.Progress == 4 })

	type member struct {
		XP     int64
		Card   shared.Challenge
		Reward int64
	}
	snapshot := func(s *server) map[string]member {
		out := map[string]member{}
		for _, id := range []string{"cr-1", "cr-2"} {
			v := s.agent(id)
			c, ok := coopOf(v.Challenges, inst.ID)
			require.True(t, ok, id)
			out[id] = member{XP: v.XP, Card: c, Reward: coopLedger(t, s, id)}
		}
		return out
	}
	before := snapshot(s)
	for id, m := range before {
		assert.Equal(t, "completed", m.Card.Status, id)
		assert.Equal(t, int64(10), m.Reward, "%s is paid once", id)
	}
	assert.Equal(t, map[string]float64{"cr-1": 2, "cr-2": 2}, coopShares(before["cr-1"].Card))

	s.Kill()
	s2 := startServer(t, dir)
	assert.Equal(t, before, snapshot(s2), "after a restart")
	s2.Kill()
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "badger")))
	s3 := startServer(t, dir)
	assert.Equal(t, before, snapshot(s3), "after a replay of the stream")
}

// TestCoopDemo: the demo floor opens with a co-op quest, so a first look
// shows the shared bar, and a restart on the same data launches no second.
func TestCoopDemo(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, "--demo")
	open := func(s *server) []shared.Challenge {
		var quests []shared.Challenge
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			quests = nil
			for _, ch := range s.agent("a-1").Challenges {
				if len(ch.Coop) > 0 {
					quests = append(quests, ch)
				}
			}
			assert.NotEmpty(c, quests)
		}, 30*time.Second, pollEvery)
		return quests
	}
	first := open(s)
	require.Len(t, first, 1)
	assert.Equal(t, []string{"a-1", "a-2"}, []string{first[0].Coop[0].ID, first[0].Coop[1].ID})
	s.Stop()
	s2 := startServer(t, dir, "--demo")
	// The demo launches before it posts its first event: once the
	// restarted demo's events score, its launch step is behind it.
	points := func() int64 {
		var lb shared.Leaderboard
		require.Equal(t, http.StatusOK, s2.getJSON("/api/v1/leaderboards/agents?period=all&limit=30", &lb))
		var sum int64
		for _, e := range lb.Entries {
			sum += e.Points
		}
		return sum
	}
	before := points()
	require.Eventually(t, func() bool { return points() > before }, 30*time.Second, pollEvery, "the restarted demo posts events")
	again := open(s2)
	require.Len(t, again, 1, "a restarted demo launches no second quest")
	inst := again[0]
	assert.Equal(t, first[0].Instance, inst.Instance)
}
