package scoring

import (
	"fmt"
	"math/rand"
	"testing"
)

func BenchmarkApplyDefault(b *testing.B) {
	e := mustCompile(b, DefaultRuleset())
	evs := randomEvents(rand.New(rand.NewSource(1)), 4096, 200)
	agents := map[string]*AgentState{}
	teams := map[string]*TeamState{}
	for _, ev := range evs {
		agents[ev.Agent] = &AgentState{ID: ev.Agent}
		teams[ev.Agent] = &TeamState{ID: "t-" + ev.Agent[len(ev.Agent)-1:]}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev := evs[i%len(evs)]
		e.Apply(agents[ev.Agent], teams[ev.Agent], ev)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
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
