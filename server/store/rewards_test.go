package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring/rewards"
)

// A batch of ledger entries as large as CommitFull lets it grow, each at
// its largest (ids of 128 bytes), commits in one transaction, and the
// ledger reads back newest first, from any entry down.
func TestLedgerEntriesFitTheCommit(t *testing.T) {
	st, err := Open(Config{Dir: t.TempDir()})
	require.NoError(t, err)
	defer st.Close()
	long := strings.Repeat("x", 120)
	b := NewBatch()
	w := b.RewardsOf("o")
	n := int64(0)
	for !st.CommitFull(b) {
		n++
		agent := fmt.Sprintf("a-%d-%s", n%3, long)
		w.Entries = append(w.Entries, rewards.Entry{Agent: agent, N: n/3 + 1, At: time.Now(), Delta: 1, Balance: n,
			Reason: rewards.ReasonRule, Ref: fmt.Sprintf("e-%d-%s", n, long), Detail: "badge:" + long})
	}
	b.Seq = 1
	require.Greater(t, n, int64(1000), "a coin per event does not cut a batch short")
	require.NoError(t, st.Commit(b))
	agents, err := st.LedgerAgents("o")
	require.NoError(t, err)
	assert.Len(t, agents, 3)
	got, err := st.Ledger("o", agents[0], 0, 5)
	require.NoError(t, err)
	require.Len(t, got, 5)
	assert.Greater(t, got[0].N, got[4].N)
	older, err := st.Ledger("o", agents[0], got[4].N, 2)
	require.NoError(t, err)
	require.Len(t, older, 2)
	assert.Equal(t, got[4].N-1, older[0].N)
}
