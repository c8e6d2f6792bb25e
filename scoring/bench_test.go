package scoring

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// benchEvents are many enough that no agent sees an id again within its
// recent-id window, so the benchmark scores rather than drops.
func benchEvents() []Event {
	evs := randomEvents(rand.New(rand.NewSource(1)), 1<<16, 200)
	for i := range evs {
		evs[i].Team = "t-" + evs[i].Agent[len(evs[i].Agent)-1:]
	}
	return evs
}

func benchApply(b *testing.B, e *Engine) {
	evs := benchEvents()
	w := NewWorld()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Step(w, Input{Event: &evs[i%len(evs)]})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkApplyDefault scores with the default ruleset, teams included.
func BenchmarkApplyDefault(b *testing.B) { benchApply(b, mustCompile(b, DefaultRuleset())) }

// BenchmarkApply200Rules scores with the default parts plus 200 point rules.
func BenchmarkApply200Rules(b *testing.B) { benchApply(b, mustCompile(b, bigRuleset(200))) }

// BenchmarkDecodeSameEvents is the floor: decoding the benchmark's events
// from JSON, as ingest does, without scoring them.
func BenchmarkDecodeSameEvents(b *testing.B) {
	evs := benchEvents()
	docs := make([][]byte, len(evs))
	for i := range evs {
		docs[i], _ = json.Marshal(evs[i])
	}
	now := evs[len(evs)-1].Time.Add(time.Hour)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, problems := ParseEvent(docs[i%len(docs)], now); problems != nil {
			b.Fatal(problems)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// bigRuleset is the default ruleset with n point rules spread over the
// event types, each with a condition and a formula.
func bigRuleset(n int) Ruleset {
	rs := DefaultRuleset()
	types := []string{"ticket.solved", "call.completed", "chat.completed", "survey.completed", "qa.review",
		"schedule.adherence", "training.completed", "kudos.received"}
	rs.PointRules = rs.PointRules[:0]
	for i := range n {
		rs.PointRules = append(rs.PointRules, PointRule{
			ID: fmt.Sprintf("r%03d", i), On: types[i%len(types)], Category: rs.Categories[i%len(rs.Categories)],
			When:   fmt.Sprintf("has(event.metrics.score) && score >= %d", i%100),
			Points: Formula(fmt.Sprintf("1 + score / %d", 10+i%7)),
			Cap:    &Cap{Period: PeriodDay, Max: int64(50 + i)},
		})
	}
	return rs
}

// BenchmarkSimulate1M replays one million generated events (a month of a
// 500-agent floor) through two rulesets; events/s counts each event once,
// though each is scored twice.
func BenchmarkSimulate1M(b *testing.B) {
	evs := randomEvents(rand.New(rand.NewSource(7)), 1_000_000, 500)
	// A month of a 500-agent floor: about 67 events per agent per day.
	start := evs[0].Time
	for i := range evs {
		evs[i].Time = start.Add(time.Duration(i) * 2592 * time.Millisecond)
	}
	cur := mustCompile(b, DefaultRuleset())
	rs := DefaultRuleset()
	rs.PointRules[0].Points = "12"
	cand := mustCompile(b, rs)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := Simulate(cur, cand, Events(evs), nil); rep.Events != len(evs) {
			b.Fatal(rep.Events)
		}
	}
	b.ReportMetric(float64(b.N*len(evs))/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkParseEvent(b *testing.B) {
	data := []byte(validEventJSON)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, problems := ParseEvent(data, testNow); problems != nil {
			b.Fatal(problems)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

const benchBoardSize = 1_000_000

func filledBoard(b *testing.B) (*Board, []string, *rand.Rand) {
	b.Helper()
	rng := rand.New(rand.NewSource(1))
	board := NewBoard()
	ids := make([]string, benchBoardSize)
	for i := range ids {
		ids[i] = fmt.Sprintf("agent-%07d", i)
		board.Set(ids[i], int64(rng.Intn(100_000)), uint64(i))
	}
	return board, ids, rng
}

func BenchmarkBoardSet1M(b *testing.B) {
	board, ids, rng := filledBoard(b)
	seq := uint64(benchBoardSize)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		seq++
		board.Set(ids[rng.Intn(len(ids))], int64(rng.Intn(100_000)), seq)
	}
}

func BenchmarkBoardTop50_1M(b *testing.B) {
	board, _, _ := filledBoard(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(board.Top(50)) != 50 {
			b.Fatal("short top")
		}
	}
}

func BenchmarkBoardRank1M(b *testing.B) {
	board, ids, rng := filledBoard(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := board.Rank(ids[rng.Intn(len(ids))]); !ok {
			b.Fatal("missing")
		}
	}
}

func BenchmarkCompileDefault(b *testing.B) {
	rs := DefaultRuleset()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Compile(rs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyDefaultNoCoins is the default ruleset with every coin taken
// out: what coins cost a ruleset that gives none.
func BenchmarkApplyDefaultNoCoins(b *testing.B) {
	benchApply(b, mustCompile(b, withoutCoins(DefaultRuleset())))
}
