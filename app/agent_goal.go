package app

import (
	"math"
	"slices"
	"strings"
	"time"

	"scorecast/shared"
)

// The daily goal adapts to the agent: the median of their last working
// days, so a good day is one above their usual, whatever their work's
// point rate. The median rather than the mean, so one huge day does not
// make every later day look like a failure; rounded up to a tidy number;
// with a floor, so a new agent (or one back from leave) has a goal worth
// the ring.
const (
	goalFloor = 100 // points
	goalDays  = 10  // working days the median is taken over, at most
	goalRound = 10  // the goal is a multiple of this
	// goalTrendDays is how far back the trend is read: enough for
	// goalDays working days around weekends and a few days off.
	goalTrendDays = 28
)

// agentDailyGoal is the day's goal from the agent's trend: the median of the
// points of the last goalDays days before today on which they earned any,
// rounded up to goalRound, at least goalFloor. It also reports how many
// days the median was taken over (0: the floor alone).
func agentDailyGoal(t shared.Trend, today string) (goal int64, basis int) {
	var worked []int64
	for i := len(t.Days) - 1; i >= 0 && len(worked) < goalDays; i-- {
		if t.Days[i] >= today || i >= len(t.Total) || t.Total[i] <= 0 {
			continue
		}
		worked = append(worked, t.Total[i])
	}
	if len(worked) == 0 {
		return goalFloor, 0
	}
	slices.Sort(worked)
	n := len(worked)
	med := float64(worked[n/2])
	if n%2 == 0 {
		med = float64(worked[n/2-1]+worked[n/2]) / 2
	}
	goal = int64(math.Ceil(med/goalRound)) * goalRound
	return max(goal, goalFloor), n
}

// agentRingShare is how much of the goal ring today's points fill, 0 to 1.
func agentRingShare(points, goal int64) float64 {
	if goal <= 0 || points <= 0 {
		return 0
	}
	return min(float64(points)/float64(goal), 1)
}

// agentStreakDay is one of the seven dots under the streak's flame.
type agentStreakDay struct {
	Day    string // "2026-11-24"
	Worked bool   // points that day
	Kept   bool   // a day of the current run
	Today  bool
}

// agentStreakWeek is the last seven days, oldest first, with the days of the
// current run marked: the run is the current most recent days the agent
// earned points on, counted back from today (from yesterday while today
// has no points yet: the run is not broken before the day is over).
// days and totals are the trend's; todayPoints is the live total, newer
// than the trend's last day.
func agentStreakWeek(days []string, totals []int64, today string, todayPoints int64, current int) []agentStreakDay {
	worked := make(map[string]bool, len(days)+1)
	for i, d := range days {
		if i < len(totals) && totals[i] > 0 {
			worked[d] = true
		}
	}
	worked[today] = todayPoints > 0
	week := agentLastDays(today, 7)
	out := make([]agentStreakDay, len(week))
	left := current
	for i := len(week) - 1; i >= 0; i-- {
		d := week[i]
		out[i] = agentStreakDay{Day: d, Worked: worked[d], Today: d == today}
		if worked[d] && left > 0 {
			out[i].Kept = true
			left--
		}
	}
	return out
}

// agentLastDays are the n days ending with day ("2026-11-24"), oldest first.
func agentLastDays(day string, n int) []string {
	t, ok := agentParseDay(day)
	if !ok {
		return nil
	}
	out := make([]string, n)
	for i := range n {
		out[n-1-i] = t.AddDate(0, 0, -i).Format(agentDayLayout)
	}
	return out
}

// agentPassGap is the board row just above the agent and the points the agent
// needs to pass it (one more than the gap: an equal score ranks whoever
// reached it first). ok is false when the agent agentLeads or is not on the
// board.
func agentPassGap(lb shared.Leaderboard, agent string) (above shared.LeaderboardEntry, points int64, ok bool) {
	for i, e := range lb.Entries {
		if e.Agent != agent {
			continue
		}
		if i == 0 {
			return shared.LeaderboardEntry{}, 0, false
		}
		above = lb.Entries[i-1]
		return above, above.Points - e.Points + 1, true
	}
	return shared.LeaderboardEntry{}, 0, false
}

// agentLeads reports whether the agent is first on the board.
func agentLeads(lb shared.Leaderboard, agent string) bool {
	return len(lb.Entries) > 0 && lb.Entries[0].Agent == agent && lb.Entries[0].Points > 0
}

// agentRuleName is a rule's name in lang. A challenge's reward comes as the rule
// "challenge:<id>" and reads as the challenge's name.
func agentRuleName(g glossary, lang, rule string) string {
	if id, ok := strings.CutPrefix(rule, "challenge:"); ok {
		return g.name(lang, nameChallenge, id, "")
	}
	return g.name(lang, nameRule, rule, "")
}

// agentDayLayout is the layout of a day key.
const agentDayLayout = "2006-01-02"

// agentParseDay reads a day key.
func agentParseDay(day string) (time.Time, bool) {
	t, err := time.Parse(agentDayLayout, day)
	return t, err == nil
}
