package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/klauspost/compress/s2"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
)

func openStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(Config{Dir: dir})
	require.NoError(t, err)
	return s
}

// TestCommitIsAtomicAndDurable commits a batch, reopens the directory and
// finds state, processed ids, sequence and active version together.
func TestCommitIsAtomicAndDurable(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	seq, err := s.LastSeq()
	require.NoError(t, err)
	assert.Zero(t, seq)

	b := NewBatch()
	b.Seq = 42
	b.Agents["o/a-1"] = &AgentRecord{Org: "o", State: scoring.AgentState{ID: "a-1", XP: 30}, Reached: map[string]uint64{"all": 42}}
	b.Teams["o/t-1"] = &TeamRecord{Org: "o", State: scoring.TeamState{ID: "t-1"}}
	b.Events = append(b.Events, EventRef{Org: "o", ID: "ev-1", Seq: 42})
	b.Active["o"] = 3
	require.NoError(t, s.Commit(b))
	require.NoError(t, s.Close())

	s = openStore(t, dir)
	defer s.Close()
	seq, err = s.LastSeq()
	require.NoError(t, err)
	assert.Equal(t, uint64(42), seq)
	agents, err := s.Agents("o")
	require.NoError(t, err)
	require.Len(t, agents, 1)
	assert.Equal(t, int64(30), agents[0].State.XP)
	assert.Equal(t, uint64(42), agents[0].Reached["all"])
	seen, err := s.Seen("o", []string{"ev-1", "ev-2"})
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"ev-1": true}, seen)
	other, err := s.Seen("p", []string{"ev-1"})
	require.NoError(t, err)
	assert.Empty(t, other, "event ids are scoped by org")
	v, err := s.ActiveRuleset("o")
	require.NoError(t, err)
	assert.Equal(t, 3, v)
}

// A commit begins the transactions of the next ones once it is done, and
// those commit in the order of the CommitAsync calls that take them, even
// with commits of the same keys in flight and another write between; Close
// discards the ones left.
func TestCommitsOnTransactionsBegunEarlyLandInOrder(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	commit := func(seq uint64) func() error {
		b := NewBatch()
		b.Seq = seq
		b.Agents["o/a-1"] = &AgentRecord{Org: "o", State: scoring.AgentState{ID: "a-1", XP: int64(10 * seq)}}
		b.Events = append(b.Events, EventRef{Org: "o", ID: "ev-" + strconv.Itoa(int(seq)), Seq: seq})
		wait, err := s.CommitAsync(b)
		require.NoError(t, err)
		return wait
	}
	require.NoError(t, commit(1)())
	begun := func() bool {
		s.nextMu.Lock()
		defer s.nextMu.Unlock()
		return !slices.Contains(s.next[:], nil)
	}
	require.Eventually(t, begun, 10*time.Second, time.Millisecond, "the commit began the next two transactions")
	s.nextMu.Lock()
	early := s.next
	s.nextMu.Unlock()
	require.NoError(t, s.PutOrg(Org{ID: "o"})) // a write after they began
	var waits []func() error
	for seq := uint64(2); seq <= 4; seq++ { // two take them, the third begins its own or takes one begun since
		waits = append(waits, commit(seq))
	}
	for _, wait := range waits {
		require.NoError(t, wait())
	}
	s.nextMu.Lock()
	assert.NotContains(t, s.next[:], early[0], "taken")
	assert.NotContains(t, s.next[:], early[1], "taken")
	s.nextMu.Unlock()
	require.Eventually(t, begun, 10*time.Second, time.Millisecond, "left untaken for Close")
	require.NoError(t, s.Close())
	assert.Equal(t, [2]*badger.Txn{}, s.next, "Close discarded them")

	s = openStore(t, dir)
	defer s.Close()
	seq, err := s.LastSeq()
	require.NoError(t, err)
	assert.Equal(t, uint64(4), seq)
	agents, err := s.Agents("o")
	require.NoError(t, err)
	require.Len(t, agents, 1)
	assert.Equal(t, int64(40), agents[0].State.XP, "the last commit's record wins")
	seen, err := s.Seen("o", []string{"ev-1", "ev-2", "ev-3", "ev-4"})
	require.NoError(t, err)
	assert.Len(t, seen, 4)
	_, err = s.Org("o")
	assert.NoError(t, err, "the write between them landed")
}

// A snapshot answers as of when it was taken: a commit after it is not
// seen through it, and is through the store and a newer snapshot.
func TestSnapshotSeesWhatWasCommittedBeforeIt(t *testing.T) {
	s := openStore(t, t.TempDir())
	defer s.Close()
	commitOne := func(id string, seq uint64) {
		b := NewBatch()
		b.Seq = seq
		b.Events = append(b.Events, EventRef{Org: "o", ID: id, Seq: seq})
		require.NoError(t, s.Commit(b))
	}
	commitOne("ev-1", 1)
	snap := s.Snapshot()
	defer snap.Close()
	wait, err := s.CommitAsync(func() *Batch {
		b := NewBatch()
		b.Seq = 2
		b.Events = append(b.Events, EventRef{Org: "o", ID: "ev-2", Seq: 2})
		return b
	}())
	require.NoError(t, err)
	require.NoError(t, wait())
	ids := []string{"ev-1", "ev-2", "ev-3"}
	old, err := snap.Seen("o", ids)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"ev-1": true}, old)
	now, err := s.Seen("o", ids)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"ev-1": true, "ev-2": true}, now)
	newer := s.Snapshot()
	defer newer.Close()
	got, err := newer.Seen("o", ids)
	require.NoError(t, err)
	assert.Equal(t, now, got)
	other, err := newer.Seen("p", ids)
	require.NoError(t, err)
	assert.Empty(t, other, "event ids are scoped by org")
}

func TestRulesetVersions(t *testing.T) {
	s := openStore(t, t.TempDir())
	defer s.Close()
	_, err := s.LatestRuleset("o")
	require.ErrorIs(t, err, ErrNotFound)
	for v := 1; v <= 3; v++ {
		require.NoError(t, s.CreateRuleset("o", RulesetVersion{Version: v, Published: time.Unix(int64(v), 0).UTC(), Ruleset: scoring.DefaultRuleset()}))
	}
	require.ErrorIs(t, s.CreateRuleset("o", RulesetVersion{Version: 2}), ErrExists)
	latest, err := s.LatestRuleset("o")
	require.NoError(t, err)
	assert.Equal(t, 3, latest.Version)
	all, err := s.RulesetVersions("o")
	require.NoError(t, err)
	require.Len(t, all, 3)
	assert.Equal(t, 1, all[0].Version)
}

func TestIngestKeysAreStoredHashed(t *testing.T) {
	s := openStore(t, t.TempDir())
	defer s.Close()
	require.NoError(t, s.PutIngestKey("secret-value", IngestKey{ID: "k1", Org: "o", Name: "zendesk"}))
	k, err := s.LookupIngestKey("secret-value")
	require.NoError(t, err)
	assert.Equal(t, "o", k.Org)
	_, err = s.LookupIngestKey("secret-valuE")
	assert.ErrorIs(t, err, ErrNotFound)
	err = s.get([]byte("k/secret-value"), &k)
	assert.ErrorIs(t, err, ErrNotFound, "the secret itself is never a key")
}

// TestRecordsStoredCompressedAndPlainBothRead commits many records (more
// than one worker encodes, buffers grow), reads them back, and reads a
// record stored as plain JSON, as versions before compression wrote it, and
// one compressed without the dictionary, as versions before it wrote it.
func TestRecordsStoredCompressedAndPlainBothRead(t *testing.T) {
	s := openStore(t, t.TempDir())
	defer s.Close()
	b := NewBatch()
	b.Seq = 7
	for i := range 300 {
		id := "a-" + strconv.Itoa(i)
		b.Agents["o/"+id] = &AgentRecord{Org: "o", State: scoring.AgentState{ID: id, XP: int64(i),
			Recent: []string{strings.Repeat("event-", 20) + id}}}
	}
	require.NoError(t, s.Commit(b))
	var raw []byte
	require.NoError(t, s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(agentKey("o", "a-7"))
		if err != nil {
			return err
		}
		raw, err = item.ValueCopy(nil)
		return err
	}))
	require.Equal(t, byte(dictMark), raw[0])
	plain, err := json.Marshal(AgentRecord{Org: "o", State: scoring.AgentState{ID: "old", XP: 99}})
	require.NoError(t, err)
	require.Less(t, len(raw), len(plain)+len(strings.Repeat("event-", 20)), "compressed")
	beforeDict, err := json.Marshal(AgentRecord{Org: "o", State: scoring.AgentState{ID: "s2", XP: 98}})
	require.NoError(t, err)
	beforeDict = append([]byte{compressedMark}, s2.Encode(nil, beforeDict)...)
	require.NoError(t, s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(agentKey("o", "old"), plain); err != nil {
			return err
		}
		return txn.Set(agentKey("o", "s2"), beforeDict)
	}))

	agents, err := s.Agents("o")
	require.NoError(t, err)
	require.Len(t, agents, 302)
	byID := map[string]AgentRecord{}
	for _, a := range agents {
		byID[a.State.ID] = a
	}
	assert.Equal(t, int64(99), byID["old"].State.XP)
	assert.Equal(t, int64(98), byID["s2"].State.XP)
	for i := range 300 {
		a := byID["a-"+strconv.Itoa(i)]
		require.Equal(t, int64(i), a.State.XP)
		require.Equal(t, strings.Repeat("event-", 20)+a.State.ID, a.State.Recent[0])
	}

	var bad AgentRecord
	assert.ErrorIs(t, decodeValue([]byte{compressedMark, 0x05, 0x01}, &bad), errBadRecord)
	assert.ErrorIs(t, decodeValue([]byte{dictMark, 0x05, 0x01}, &bad), errBadRecord)
}

// TestRecordDictIsPinned: records compressed against the dictionary read
// only with exactly its bytes, so a change to the file would make every
// stored record unreadable. A better dictionary needs a mark of its own.
func TestRecordDictIsPinned(t *testing.T) {
	sum := sha256.Sum256(recordDictBytes)
	require.Equal(t, "38368334303c9b190f3d8e6fed136891fa0fc369d924e630906ecd0ef56a4664", hex.EncodeToString(sum[:]))
	require.NotNil(t, recordDict, "the embedded dictionary is valid")
}

// TestRecordDictHalvesTheRecords: an agent record of a day of mixed
// events, as the store writes it, is at most 60 % of what S2 alone makes
// of it, and reads back the same.
func TestRecordDictHalvesTheRecords(t *testing.T) {
	rec := mixedDayRecord(t)
	plain, err := appendAgentRecord(nil, rec)
	require.NoError(t, err)
	stored := appendCompressed(nil, plain)
	alone := s2.Encode(nil, plain)
	t.Logf("agent record: JSON %d B, S2 %d B, S2 with the dictionary %d B", len(plain), len(alone), len(stored)-1)
	assert.LessOrEqual(t, len(stored)-1, len(alone)*6/10)
	var back AgentRecord
	require.NoError(t, decodeValue(stored, &back))
	assert.Equal(t, rec.State.XP, back.State.XP)
	assert.Equal(t, rec.State.Periods, back.State.Periods)
	assert.Equal(t, rec.State.Counters, back.State.Counters)
}

// mixedDayRecord is an agent's record after a day of 40 mixed events.
func mixedDayRecord(tb testing.TB) *AgentRecord {
	e, err := scoring.Compile(scoring.DefaultRuleset())
	require.NoError(tb, err)
	a := &scoring.AgentState{}
	tm := &scoring.TeamState{}
	day := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	types := []string{"ticket.solved", "call.completed", "survey.completed", "chat.completed"}
	for i := range 40 {
		e.Apply(a, tm, scoring.Event{ID: "ev-" + strconv.Itoa(7919*i), Type: types[i%len(types)], Agent: "a-42", Team: "t-3",
			Time: day.Add(time.Duration(i) * 7 * time.Minute), Metrics: map[string]any{"csat": float64(3 + i%3)}})
	}
	return &AgentRecord{Org: "acme", State: *a, Reached: map[string]uint64{"all": 90210, "day": 90210}, Daily: []scoring.Totals{a.Periods["day"]}}
}

// BenchmarkRecordCompression compresses and decompresses an agent record of
// a day of mixed events with S2 alone and against the record dictionary,
// reporting the compressed size.
func BenchmarkRecordCompression(b *testing.B) {
	plain, err := appendAgentRecord(nil, mixedDayRecord(b))
	require.NoError(b, err)
	dst := make([]byte, 0, 2*len(plain)+64)
	for _, c := range []struct {
		name   string
		encode func(dst, src []byte) []byte
		decode func(dst, src []byte) ([]byte, error)
	}{
		{"s2", s2.Encode, s2.Decode},
		{"dict", recordDict.Encode, recordDict.Decode},
	} {
		enc := c.encode(nil, plain)
		b.Run(c.name+"/encode", func(b *testing.B) {
			for b.Loop() {
				dst = c.encode(dst[:cap(dst)], plain)
			}
			b.ReportMetric(float64(len(enc)), "bytes")
		})
		b.Run(c.name+"/decode", func(b *testing.B) {
			for b.Loop() {
				if dst, err = c.decode(dst[:cap(dst)], enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A batch filled until CommitFull says so still commits in one transaction,
// its index entries at their longest; it is not far from full; and a big
// team record does not make agents count at its size.
func TestCommitFullFitsOneTransaction(t *testing.T) {
	s := openStore(t, t.TempDir())
	defer s.Close()
	agent, team := realisticRecords(t)
	for i := range 1000 { // a team record several agents' size
		team.Reached[fmt.Sprintf("period-%04d", i)] = uint64(i)
	}
	first := NewBatch()
	first.Seq = 1
	first.Agents["acme/a-1"], first.Teams["acme/t-1"] = agent, team
	require.NoError(t, s.Commit(first))
	require.Greater(t, s.teamMax.Load(), 2*s.agentMax.Load(), "the test needs a team record bigger than an agent's")

	b := NewBatch()
	for i := 0; !s.CommitFull(b); i++ {
		a := *agent
		a.State.ID = "a-" + strconv.Itoa(i)
		b.Agents["acme/"+a.State.ID] = &a
		b.Events = append(b.Events, EventRef{Org: "acme", ID: fmt.Sprintf("%0128d", i), Seq: uint64(2 + i)})
		b.Seq = uint64(2 + i)
	}
	require.NoError(t, s.Commit(b))
	perEvent := s.agentMax.Load() + int64(len("e/acme/")+128+8) + 2*entryOverhead
	assert.Greater(t, int64(len(b.Agents)), s.commitSize/perEvent/2, "a full batch holds at least half of what fits")
	assert.Greater(t, int64(len(b.Agents)), s.commitSize/s.teamMax.Load(), "agents count at their own size")
}
