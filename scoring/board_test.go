package scoring

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type entry struct {
	id      string
	score   int64
	reached uint64
}

// naiveRanking is the obviously correct reference the skip list must match.
func naiveRanking(m map[string]entry) []Ranked {
	es := make([]entry, 0, len(m))
	for _, e := range m {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.reached != b.reached {
			return a.reached < b.reached
		}
		return a.id < b.id
	})
	out := make([]Ranked, len(es))
	for i, e := range es {
		out[i] = Ranked{Rank: i + 1, ID: e.id, Score: e.score}
	}
	return out
}

func TestBoardBasics(t *testing.T) {
	b := NewBoard()
	assert.Nil(t, b.Top(10))
	_, ok := b.Rank("nobody")
	assert.False(t, ok)
	assert.Nil(t, b.Around("nobody", 1, 1))

	b.Set("anna", 50, 3)
	b.Set("bo", 70, 4)
	b.Set("cai", 50, 1) // same score as anna, reached earlier: ranks above her
	b.Set("dee", 50, 1) // same score and time as cai: id breaks the tie
	assert.Equal(t, 4, b.Len())
	assert.Equal(t, []Ranked{{1, "bo", 70}, {2, "cai", 50}, {3, "dee", 50}, {4, "anna", 50}}, b.Top(10))
	assert.Equal(t, []Ranked{{1, "bo", 70}, {2, "cai", 50}}, b.Top(2))

	r, ok := b.Rank("dee")
	require.True(t, ok)
	assert.Equal(t, Ranked{3, "dee", 50}, r)
	assert.Equal(t, []Ranked{{2, "cai", 50}, {3, "dee", 50}, {4, "anna", 50}}, b.Around("dee", 1, 5))
	assert.Equal(t, []Ranked{{1, "bo", 70}, {2, "cai", 50}}, b.Around("bo", 3, 1))

	b.Set("anna", 90, 9)
	assert.Equal(t, Ranked{1, "anna", 90}, b.Top(1)[0])
	b.Remove("bo")
	b.Remove("bo")
	assert.Equal(t, 3, b.Len())
	assert.Equal(t, []Ranked{{1, "anna", 90}, {2, "cai", 50}, {3, "dee", 50}}, b.Top(10))
}

func TestBoardMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	b := NewBoard()
	ref := map[string]entry{}
	var seq uint64
	for step := 0; step < 20000; step++ {
		id := fmt.Sprintf("a%03d", rng.Intn(300))
		switch rng.Intn(10) {
		case 0:
			b.Remove(id)
			delete(ref, id)
		default:
			seq++
			e := entry{id, int64(rng.Intn(50)), seq / uint64(1+rng.Intn(3))}
			b.Set(id, e.score, e.reached)
			ref[id] = e
		}
		if step%500 != 0 {
			continue
		}
		want := naiveRanking(ref)
		require.Equal(t, len(want), b.Len())
		require.Equal(t, want, append([]Ranked{}, b.Top(len(want)+5)...))
		for _, w := range want {
			got, ok := b.Rank(w.ID)
			require.True(t, ok)
			require.Equal(t, w, got)
		}
		if len(want) > 0 {
			mid := want[len(want)/2]
			lo := max(mid.Rank-3, 1)
			hi := min(mid.Rank+2, len(want))
			require.Equal(t, want[lo-1:hi], b.Around(mid.ID, 3, 2))
		}
	}
}

// TestBoardOrderIndependent: whatever order the Sets arrive in (with
// stale values and removed extras along the way), the same final values
// give the same ranks.
func TestBoardOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	final := map[string]entry{}
	for i := 0; i < 500; i++ {
		id := fmt.Sprintf("agent-%d", i)
		final[id] = entry{id, int64(rng.Intn(100)), uint64(rng.Intn(1000))}
	}
	want := naiveRanking(final)
	ids := make([]string, 0, len(final))
	for id := range final {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for trial := 0; trial < 20; trial++ {
		b := NewBoard()
		order := rng.Perm(len(ids))
		for _, i := range order {
			id := ids[i]
			if rng.Intn(3) == 0 {
				b.Set(id, int64(rng.Intn(1000)), uint64(rng.Intn(5000))) // a stale value, overwritten below
			}
			if rng.Intn(5) == 0 {
				b.Set("extra-"+id, 1, 1)
				b.Remove("extra-" + id)
			}
		}
		for _, i := range rng.Perm(len(ids)) {
			e := final[ids[i]]
			b.Set(e.id, e.score, e.reached)
		}
		require.Equal(t, want, b.Top(len(want)), "trial %d", trial)
	}
}
