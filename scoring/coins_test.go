package scoring

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// coinsRuleset is partsRuleset with coins on rules, badges, rewards and the
// team goal.
func coinsRuleset() Ruleset {
	rs := partsRuleset()
	rs.PointRules = append(rs.PointRules,
		PointRule{ID: "survey_coins", On: "survey.completed", When: "csat >= 4", Points: "5", Coins: "csat - 3", Category: "quality"},
		PointRule{ID: "capped", On: "call.completed", Points: "2", Coins: "3", Category: "volume", Cap: &Cap{Period: PeriodDay, Max: 2}},
		PointRule{ID: "coins_only", On: "qa.review", Points: "0", Coins: "event.metrics.?score.orValue(0) / 10", Category: "quality"},
		PointRule{ID: "penalty", On: "call.dropped", Points: "-5", Coins: "1 - 4", Category: "volume"},
		PointRule{ID: "coins_need_metric", On: "chat.completed", Points: "4", Coins: "bonus", Category: "volume"},
	)
	rs.Badges[0].Coins = 20 // caller: Bronze 2, Silver 4, Gold 6 calls
	rs.Badges[4].Coins = 7  // winner, the daily challenge's reward badge
	rs.Challenges[0].Reward.Coins = 15
	rs.Challenges[2].Reward.Coins = 40 // team_calls
	rs.TeamGoals[0].Coins = 25
	return rs
}

func coinsOf(out []Outcome) (sum int64) {
	for _, o := range out {
		sum += o.Coins
	}
	return sum
}

func TestRuleCoins(t *testing.T) {
	e := mustCompile(t, coinsRuleset())
	a := &AgentState{}
	out := e.Apply(a, nil, ev("1", "survey.completed", "a", "2026-11-24T08:00:00Z", map[string]any{"csat": 5.0}))
	pts := only(out, OutcomePoints)
	require.Len(t, pts, 2)
	assert.Equal(t, [3]any{"survey_coins", int64(5), int64(2)}, [3]any{pts[1].Rule, pts[1].Points, pts[1].Coins})
	assert.Zero(t, pts[0].Coins, "a rule without coins gives none")
	assert.Equal(t, int64(15), a.XP, "coins never count as XP")

	// A formula giving less than 0 gives no coins and no rule error.
	out = e.Apply(a, nil, ev("2", "call.dropped", "a", "2026-11-24T08:01:00Z", nil))
	require.Len(t, only(out, OutcomePoints), 1)
	assert.Equal(t, int64(-5), only(out, OutcomePoints)[0].Points)
	assert.Zero(t, coinsOf(out))
	assert.Empty(t, only(out, OutcomeRuleError))

	// A rule that gives only coins reports a coins outcome and moves no totals.
	before := a.Periods["day"]
	out = e.Apply(a, nil, ev("3", "qa.review", "a", "2026-11-24T08:02:00Z", map[string]any{"score": 94.0}))
	assert.Empty(t, only(out, OutcomePoints))
	assert.Equal(t, []Outcome{{Kind: OutcomeCoins, Agent: "a", Event: "3", Rule: "coins_only", Category: "quality", Coins: 9}},
		only(out, OutcomeCoins))
	assert.Equal(t, before, a.Periods["day"])

	// A coins formula that cannot be evaluated leaves the whole rule unfired.
	out = e.Apply(a, nil, ev("4", "chat.completed", "a", "2026-11-24T08:03:00Z", nil))
	assert.Empty(t, only(out, OutcomePoints))
	errs := only(out, OutcomeRuleError)
	require.Len(t, errs, 1)
	assert.Equal(t, "coins_need_metric", errs[0].Rule)
	assert.Contains(t, errs[0].Message, "coins: ")
	out = e.Apply(a, nil, ev("5", "chat.completed", "a", "2026-11-24T08:04:00Z", map[string]any{"bonus": 2e9}))
	assert.Equal(t, int64(0), coinsOf(only(out, OutcomePoints)), "out of range is a rule error")
	out = e.Apply(a, nil, ev("6", "chat.completed", "a", "2026-11-24T08:05:00Z", map[string]any{"bonus": 5e6}))
	assert.Equal(t, int64(MaxCoins), only(out, OutcomePoints)[0].Coins, "clipped to the most one award gives")
}

func TestCappedRuleGivesNoCoins(t *testing.T) {
	e := mustCompile(t, coinsRuleset())
	a := &AgentState{}
	var capped []int64
	for i := range 3 {
		out := e.Apply(a, nil, ev(fmt.Sprint(i), "call.completed", "a", "2026-11-24T08:00:00Z", nil))
		for _, o := range only(out, OutcomePoints) {
			if o.Rule == "capped" {
				capped = append(capped, o.Coins)
			}
		}
	}
	assert.Equal(t, []int64{3}, capped, "the cap of 2 points is used by the first call; the next ones give neither points nor coins")
}

func TestBadgeAndChallengeCoins(t *testing.T) {
	e := mustCompile(t, coinsRuleset())
	a := &AgentState{}
	var badges, chals []Outcome
	for i := range 4 {
		out := e.Apply(a, nil, ev(fmt.Sprint(i), "call.completed", "a", "2026-11-24T08:00:00Z", nil))
		badges = append(badges, only(out, OutcomeBadge)...)
		chals = append(chals, only(out, OutcomeChallenge)...)
	}
	var got []string
	for _, b := range badges {
		got = append(got, fmt.Sprintf("%s/%d:%d", b.Badge, b.Tier, b.Coins))
	}
	// caller's bronze and silver give 20 each; winner (the daily
	// challenge's reward badge) 7; busy_day has no coins.
	assert.Equal(t, []string{"caller/1:20", "winner/1:7", "busy_day/1:0", "caller/2:20"}, got)
	var done []Outcome
	for _, c := range chals {
		if c.Status == StatusCompleted {
			done = append(done, c)
		}
	}
	require.Len(t, done, 2)
	assert.Equal(t, [2]any{"adaptive_calls", int64(0)}, [2]any{done[0].Challenge, done[0].Coins}, "no reward, no coins")
	assert.Equal(t, [2]any{"daily_calls", int64(15)}, [2]any{done[1].Challenge, done[1].Coins})

	// Several tiers at once give each tier's coins.
	rs := coinsRuleset()
	rs.Badges[0].Tiers = []Tier{{Name: "One", Min: 1}, {Name: "Also one", Min: 1}}
	e = mustCompile(t, rs)
	out := e.Apply(&AgentState{}, nil, ev("x", "call.completed", "b", "2026-11-24T08:00:00Z", nil))
	b := only(out, OutcomeBadge)
	require.NotEmpty(t, b)
	assert.Equal(t, [2]any{2, int64(40)}, [2]any{b[0].Tier, b[0].Coins})
}

// TestTeamCoinsGoToEveryMember: a team challenge's reward coins and a team
// goal's coins go to each member who added to it, the completing member on
// the completed (reached) outcome, the others on coins outcomes.
func TestTeamCoinsGoToEveryMember(t *testing.T) {
	e := mustCompile(t, coinsRuleset())
	w := NewWorld()
	n := 0
	step := func(agent, typ string, metrics map[string]any) []Outcome {
		n++
		ev := ev(fmt.Sprint("e", n), typ, agent, "2026-11-24T09:00:00Z", metrics)
		ev.Team = "north"
		return e.Step(w, Input{Event: &ev})
	}
	happy := map[string]any{"csat": 4.0}
	step("a", "survey.completed", happy)
	step("c", "survey.completed", happy)
	out := step("b", "survey.completed", happy)
	goal := only(out, OutcomeGoal)
	require.Len(t, goal, 1)
	assert.Equal(t, [3]any{"b", StatusReached, int64(25)}, [3]any{goal[0].Agent, goal[0].Status, goal[0].Coins})
	assert.Equal(t, []Outcome{
		{Kind: OutcomeCoins, Agent: "a", Team: "north", Event: "e3", Goal: "team_happy", Name: "Team happy", Instance: "2026-W48", Coins: 25, Status: StatusReached},
		{Kind: OutcomeCoins, Agent: "c", Team: "north", Event: "e3", Goal: "team_happy", Name: "Team happy", Instance: "2026-W48", Coins: 25, Status: StatusReached},
	}, only(out, OutcomeCoins))
	out = step("a", "survey.completed", happy)
	assert.Zero(t, coinsOf(kinds(out, OutcomeGoal, OutcomeCoins)), "a goal gives its coins once")

	for range 3 {
		step("a", "call.completed", nil)
	}
	out = step("b", "call.completed", nil)
	var team Outcome
	for _, c := range only(out, OutcomeChallenge) {
		if c.Challenge == "team_calls" {
			team = c
		}
	}
	assert.Equal(t, [3]any{"b", StatusCompleted, int64(40)}, [3]any{team.Agent, team.Status, team.Coins})
	coins := only(out, OutcomeCoins)
	require.Len(t, coins, 1, "c added nothing to the calls")
	assert.Equal(t, [4]any{"a", "team_calls", int64(40), StatusCompleted}, [4]any{coins[0].Agent, coins[0].Challenge, coins[0].Coins, coins[0].Status})
	for _, o := range out {
		if o.Coins != 0 {
			assert.NotEmpty(t, o.Agent, "every outcome with coins names its agent: %+v", o)
		}
	}
}

// TestCoinsChangeNoScore: the same events through a ruleset with coins and
// one without give the same state; only the outcomes' coins differ.
func TestCoinsChangeNoScore(t *testing.T) {
	with := coinsRuleset()
	without := coinsRuleset()
	for i := range without.PointRules {
		without.PointRules[i].Coins = ""
	}
	for i := range without.Badges {
		without.Badges[i].Coins = 0
	}
	for i := range without.Challenges {
		without.Challenges[i].Reward.Coins = 0
	}
	without.TeamGoals[0].Coins = 0
	without.PointRules = without.PointRules[:len(without.PointRules)-3] // coins_only, penalty, coins_need_metric differ in firing
	with.PointRules = with.PointRules[:len(with.PointRules)-3]
	evs := randomEvents(rand.New(rand.NewSource(3)), 1500, 5)
	ew, eo := mustCompile(t, with), mustCompile(t, without)
	ww, wo := NewWorld(), NewWorld()
	var coins int64
	for i := range evs {
		ev := evs[i]
		ev.Team = "t" + ev.Agent[len(ev.Agent)-1:]
		a := ew.Step(ww, Input{Event: &ev})
		b := eo.Step(wo, Input{Event: &ev})
		coins += coinsOf(a)
		assert.Zero(t, coinsOf(b))
	}
	assert.Positive(t, coins)
	assert.Equal(t, wo, ww)
}

func TestCoinsCompileProblems(t *testing.T) {
	rs := coinsRuleset()
	rs.PointRules[0].Coins = "-1"
	rs.PointRules[1].Coins = "1000001"
	rs.PointRules[2].Coins = "'many'"
	rs.Badges[1].Coins = -2
	rs.Challenges[1].Reward.Coins = MaxCoins + 1
	rs.TeamGoals[0].Coins = -1
	_, err := Compile(rs)
	var paths []string
	for _, p := range problemsOf(t, err) {
		paths = append(paths, p.Path)
	}
	assert.ElementsMatch(t, []string{"/point_rules/0/coins", "/point_rules/1/coins", "/point_rules/2/coins",
		"/badges/1/coins", "/challenges/1/reward/coins", "/team_goals/0/coins"}, paths)
}

func TestValidateWarnsOfTeamBadgeCoins(t *testing.T) {
	rs := coinsRuleset()
	rs.Challenges[2].Reward.Badge = "caller" // team_calls: the team earns the badge, whose 20 coins reach nobody
	warnings, err := Validate(rs, SeenVocabulary{})
	require.NoError(t, err)
	var found bool
	for _, w := range warnings {
		found = found || w.Path == "/challenges/2/reward/badge"
	}
	assert.True(t, found, "%v", warnings)
}

func TestCoinsRef(t *testing.T) {
	for want, o := range map[string]Outcome{
		"":                      {Kind: OutcomePoints, Rule: "r", Points: 5},
		"survey_coins":          {Kind: OutcomePoints, Rule: "survey_coins", Coins: 2},
		"badge:caller":          {Kind: OutcomeBadge, Badge: "caller", Coins: 20},
		"challenge:team_calls":  {Kind: OutcomeCoins, Challenge: "team_calls", Coins: 40},
		"challenge:daily_calls": {Kind: OutcomeChallenge, Challenge: "daily_calls", Coins: 15},
		"goal:team_happy":       {Kind: OutcomeGoal, Goal: "team_happy", Coins: 25},
	} {
		assert.Equal(t, want, o.CoinsRef())
	}
}
