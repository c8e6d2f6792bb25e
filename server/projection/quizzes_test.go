package projection

import (
	"testing"

	"scorecast/scoring/quiz"
)

// Daily answers older than the day before the latest are forgotten in
// memory; quizzes' results are all kept and counted once.
func TestQuizResultsKeepTwoDaysOfDailyAnswers(t *testing.T) {
	qz := newOrgQuizzes()
	for _, day := range []string{"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-05", "2026-12-06"} {
		for _, agent := range []string{"a-1", "a-2"} {
			qz.addResult(quiz.Result{ID: quiz.DailyID(day, agent), Quiz: "q", Agent: agent, Date: day})
		}
	}
	for _, agent := range []string{"a-1", "a-2"} {
		qz.addResult(quiz.Result{ID: quiz.EventID("q", agent), Quiz: "q", Agent: agent})
		qz.addResult(quiz.Result{ID: quiz.EventID("q", agent), Quiz: "q", Agent: agent})
	}
	var kept []string
	for day := range qz.daily {
		kept = append(kept, day)
	}
	if len(kept) != 2 || qz.daily["2026-12-05"] == nil || qz.daily["2026-12-06"] == nil {
		t.Errorf("days kept: %v", kept)
	}
	if _, ok := qz.results[quiz.DailyID("2026-12-03", "a-1")]; ok {
		t.Error("an answer of three days ago is still in memory")
	}
	if _, ok := qz.results[quiz.DailyID("2026-12-05", "a-2")]; !ok {
		t.Error("yesterday's answer is gone")
	}
	if got := len(qz.results); got != 6 {
		t.Errorf("%d results in memory, want 4 daily and 2 quizzes'", got)
	}
	if qz.taken["q"] != 2 {
		t.Errorf("taken by %d, want 2", qz.taken["q"])
	}
}
