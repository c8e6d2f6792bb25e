package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"scorecast/scoring"
)

// LastSeq is the last stream sequence whose effects are committed.
func (s *Store) LastSeq() (uint64, error) {
	var seq uint64
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(seqKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("store: sequence value has %d bytes", len(v))
			}
			seq = binary.BigEndian.Uint64(v)
			return nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("store: last sequence: %w", err)
	}
	return seq, nil
}

// Seen reports which of an org's event ids were already applied, for
// duplicates older than the stream's dedupe window.
func (s *Store) Seen(org string, ids []string) (map[string]bool, error) {
	snap := s.Snapshot()
	defer snap.Close()
	return snap.Seen(org, ids)
}

// Snapshot is what was committed at one moment, for lookups that can do
// without the commits after it. Every Badger transaction, reading ones too,
// first waits until the commits handed to Badger before it are written; one
// taken before a batch's commit lets the next batch's lookups go ahead while
// that commit is under way.
type Snapshot struct{ txn *badger.Txn }

// Snapshot returns what is committed now. Close it when done.
func (s *Store) Snapshot() *Snapshot { return &Snapshot{txn: s.db.NewTransaction(false)} }

// Seen is Store.Seen as of the snapshot.
func (v *Snapshot) Seen(org string, ids []string) (map[string]bool, error) {
	seen := map[string]bool{}
	for _, id := range ids {
		_, err := v.txn.Get(eventKey(org, id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: seen events: %w", err)
		}
		seen[id] = true
	}
	return seen, nil
}

// Close releases the snapshot.
func (v *Snapshot) Close() { v.txn.Discard() }

// Batch collects the writes of a batch of applied events. Commit writes them
// with the last sequence atomically.
type Batch struct {
	Seq    uint64
	Agents map[string]*AgentRecord // by "<org>/<id>"
	Teams  map[string]*TeamRecord  // by "<org>/<id>"
	Events []EventRef
	// Active is the ruleset version in force per org, when a control
	// message in the batch changed it.
	Active map[string]int
	// Orgs are org-wide records the batch changed.
	Orgs map[string]*OrgRecord
	// Changes are org changes (roster, settings, ruleset versions), in
	// order; the projector commits them in batches of their own (see
	// CommitChange).
	Changes []OrgChange
	// Rewards are the recognition and rewards records the batch changed,
	// by org (see RewardsWrites); made on first use.
	Rewards map[string]*RewardsWrites

	// indexBytes is the size of the index entries of Events[:indexed],
	// kept by CommitFull as events are added.
	indexBytes int64
	indexed    int
}

// OrgRecord is what the projector keeps for a whole org: the engine's org
// state (launched challenges) and the event types and metric names seen,
// which validation compares new rules against.
type OrgRecord struct {
	Org     string           `json:"org"`
	State   scoring.OrgState `json:"state"`
	Types   []string         `json:"types,omitempty"`
	Metrics []string         `json:"metrics,omitempty"`
}

// AgentRecord is an agent's scored state plus, per period, the stream
// sequence at which its current total was reached: the leaderboards' tie
// breaker, kept so that ties order the same after a restart.
type AgentRecord struct {
	Org     string             `json:"org"`
	State   scoring.AgentState `json:"state"`
	Reached map[string]uint64  `json:"reached,omitempty"`
	// Daily keeps the agent's points per day, oldest first, for trends
	// and sparklines (the engine keeps only the current day).
	Daily []scoring.Totals `json:"daily,omitempty"`
	// Awards are the agent's latest point awards, oldest first (see Award).
	Awards []Award `json:"awards,omitempty"`
}

// MaxDaily is how many days of points an agent record keeps.
const MaxDaily = 35

// TeamRecord is a team's scored state, like AgentRecord.
type TeamRecord struct {
	Org     string            `json:"org"`
	State   scoring.TeamState `json:"state"`
	Reached map[string]uint64 `json:"reached,omitempty"`
}

// EventRef is one applied event for the processed-event index.
type EventRef struct {
	Org, ID string
	Seq     uint64
}

// RewardsOf returns the batch's rewards writes of an org, made on first
// use.
func (b *Batch) RewardsOf(org string) *RewardsWrites {
	if b.Rewards == nil {
		b.Rewards = map[string]*RewardsWrites{}
	}
	w := b.Rewards[org]
	if w == nil {
		w = NewRewardsWrites()
		b.Rewards[org] = w
	}
	return w
}

// NewBatch returns an empty batch.
func NewBatch() *Batch {
	return &Batch{Agents: map[string]*AgentRecord{}, Teams: map[string]*TeamRecord{}, Active: map[string]int{}, Orgs: map[string]*OrgRecord{}}
}

// ErrBatchTooBig means a batch did not fit in one Badger transaction; the
// projector keeps batches well under the limit, so this is a bug to report.
var ErrBatchTooBig = errors.New("store: batch too big for one transaction")

// CommitFull reports whether a batch is so full that one more event might
// not fit in one commit. It counts each record at the largest size seen so
// far of its kind and each index entry at its size, with one more event's
// worth on top, against three quarters of what Badger takes in one
// transaction, so a commit never fails for its size. Counted at the
// largest of any kind, an agent took a big team record's room.
func (s *Store) CommitFull(b *Batch) bool {
	for _, e := range b.Events[b.indexed:] {
		b.indexBytes += int64(len("e//")+len(e.Org)+len(e.ID)) + 8 + entryOverhead
	}
	b.indexed = len(b.Events)
	agent, team, org := seenOr(&s.agentMax), seenOr(&s.teamMax), seenOr(&s.orgMax)
	size := b.indexBytes + maxEventEntry + entryOverhead +
		int64(len(b.Agents)+1)*(agent+entryOverhead) + int64(len(b.Teams)+1)*(team+entryOverhead) +
		int64(len(b.Orgs)+1)*(org+entryOverhead) + int64(len(b.Active)+1)*(maxSmallEntry+entryOverhead)
	rewards := int64(0)
	for _, w := range b.Rewards {
		n, entries := int64(w.Len()), int64(len(w.Entries))
		rewards += n
		size += entries*(maxLedgerEntry+entryOverhead) + (n-entries)*(maxRewardsEntry+entryOverhead)
	}
	count := int64(len(b.Agents)+len(b.Teams)+len(b.Orgs)+len(b.Events)+len(b.Active)+5) + rewards
	return size >= s.commitSize || count >= s.commitCount
}

// seenOr is the largest record of a kind seen so far, or initialRecordMax
// before the first.
func seenOr(m *atomic.Int64) int64 {
	if n := m.Load(); n > 0 {
		return n
	}
	return initialRecordMax
}

// Bounds of the entries of one more event besides its records, in bytes:
// its index entry (the key holds the org and the event id, each at most
// 128 bytes as scoring validates them, the value a sequence), and the
// sequence or an active ruleset; entryOverhead is what Badger adds to each
// entry in a transaction's size.
const (
	maxEventEntry = 2*128 + 16 + 8
	maxSmallEntry = 128 + 16 + 8
	// maxRewardsEntry is what one rewards record is counted at: a ledger
	// entry or a wallet is a few hundred bytes; an item with long words in
	// five languages, rarer, can be more, which the margin CommitFull keeps
	// absorbs.
	maxRewardsEntry = 2 << 10
	// maxLedgerEntry bounds a ledger entry: its key and JSON with an agent,
	// an event and a rule of at most 128 bytes each. Counted at a record's
	// size, the entries of a batch where every event earns a coin split it
	// into three times the commits.
	maxLedgerEntry = 640
	entryOverhead  = 16
)

// Commit writes the batch and its last sequence in one transaction, so that
// after a crash the state and the sequence always agree. A batch with Seq 0
// writes no sequence: the projector uses that only for the parts of a tick,
// which is harmless to apply twice.
func (s *Store) Commit(b *Batch) error {
	wait, err := s.CommitAsync(b)
	if err != nil {
		return err
	}
	return wait()
}

// CommitAsync encodes the batch now, so its records may change as soon as
// it returns, and hands the transaction to Badger's writer; wait returns
// once it is durable (or failed). Commits are applied in the order of their
// CommitAsync calls. The projector applies its next batch meanwhile.
func (s *Store) CommitAsync(b *Batch) (wait func() error, err error) {
	records, bufs, err := s.encodeRecords(b)
	release := func() {
		for _, buf := range bufs {
			s.buffers.Put(buf)
		}
	}
	if err != nil {
		release()
		return nil, err
	}
	for _, r := range records {
		m := &s.orgMax
		switch {
		case r.agent != nil:
			m = &s.agentMax
		case r.team != nil:
			m = &s.teamMax
		}
		if n := int64(len(r.key) + len(r.val)); n > m.Load() {
			m.Store(n) // only the projector commits, one batch at a time
		}
	}
	txn := s.takeNext()
	if txn == nil {
		txn = s.db.NewTransaction(true)
	}
	if err := fill(txn, b, records); err != nil {
		txn.Discard()
		release()
		if errors.Is(err, badger.ErrTxnTooBig) {
			return nil, fmt.Errorf("commit batch to seq %d: %w", b.Seq, ErrBatchTooBig)
		}
		return nil, fmt.Errorf("store: commit batch to seq %d: %w", b.Seq, err)
	}
	done := make(chan error, 1)
	txn.CommitWith(func(err error) {
		// Badger has copied the values into its log and memtable, or failed.
		release()
		done <- err
		s.beginNext()
	})
	seq := b.Seq
	return func() error {
		if err := <-done; err != nil {
			return fmt.Errorf("store: commit batch to seq %d: %w", seq, err)
		}
		return nil
	}, nil
}

// beginNext begins transactions for the next CommitAsync calls, as many as
// there is room for, on the goroutine of a commit's callback once the
// commit is done. A Badger transaction begins by waiting until every commit
// before it is marked done, which Badger's watermark goroutine does behind
// whatever else is runnable: begun in CommitAsync, the next batch's
// transaction waited 80–110 µs on average with 10k clients (execution
// traces of e2e/load), and the batch with it; under a backlog it waited for
// the commit still in flight. Begun here, it waits off the batches' path.
// Begun early, the transactions cannot conflict: they only write. While
// they wait to be taken, Badger keeps the versions they could read, as for
// any open transaction, until Close.
func (s *Store) beginNext() {
	s.nextMu.Lock()
	free := -s.filling // places another callback is filling already
	for _, txn := range s.next {
		if txn == nil {
			free++
		}
	}
	if s.closed || free <= 0 {
		s.nextMu.Unlock()
		return
	}
	s.filling += free
	s.beginning.Add(1)
	s.nextMu.Unlock()
	defer s.beginning.Done()
	// The batch the commit's callback has just woken goes first: a
	// goroutine readied after it, as beginning a transaction readies
	// Badger's watermark goroutines, would take its place at the head of
	// the run queue and send it behind every other runnable goroutine.
	runtime.Gosched()
	for range free {
		s.keepNext(s.db.NewTransaction(true))
	}
}

// keepNext keeps txn for a later CommitAsync, in the place beginNext counted
// on, or discards it once the store is closing.
func (s *Store) keepNext(txn *badger.Txn) {
	s.nextMu.Lock()
	defer s.nextMu.Unlock()
	s.filling--
	for i, t := range s.next {
		if t == nil && !s.closed {
			s.next[i] = txn
			return
		}
	}
	txn.Discard()
}

// takeNext returns the oldest transaction beginNext began, if one is left.
func (s *Store) takeNext() *badger.Txn {
	s.nextMu.Lock()
	defer s.nextMu.Unlock()
	txn := s.next[0]
	copy(s.next[:], s.next[1:])
	s.next[len(s.next)-1] = nil
	return txn
}

func discardAll(txns []*badger.Txn) {
	for _, txn := range txns {
		if txn != nil {
			txn.Discard()
		}
	}
}

// fill sets a batch's keys in txn.
func fill(txn *badger.Txn, b *Batch, records []record) error {
	for _, e := range b.Events {
		if err := txn.Set(eventKey(e.Org, e.ID), binary.BigEndian.AppendUint64(nil, e.Seq)); err != nil {
			return fmt.Errorf("index event %s: %w", e.ID, err)
		}
	}
	for _, r := range records {
		if err := txn.Set(r.key, r.val); err != nil {
			return fmt.Errorf("set %s: %w", r.key, err)
		}
	}
	if err := fillChanges(txn, b.Changes); err != nil {
		return err
	}
	if err := fillRewards(txn, b.Rewards); err != nil {
		return err
	}
	for org, v := range b.Active {
		if err := txn.Set(activeKey(org), binary.BigEndian.AppendUint64(nil, uint64(v))); err != nil {
			return fmt.Errorf("active ruleset of %s: %w", org, err)
		}
	}
	if b.Seq == 0 {
		return nil // a part of a larger step; its last part carries the sequence
	}
	return txn.Set(seqKey, binary.BigEndian.AppendUint64(nil, b.Seq))
}

type record struct {
	key, val []byte
	agent    *AgentRecord // one of these three
	team     *TeamRecord
	org      *OrgRecord
}

// encode appends the record's stored form to buf and keeps its part of buf
// as val: agents and teams as compressed JSON (see appendCompressed), the
// org record as JSON. scratch is the worker's buffer for the plain JSON.
func (r *record) encode(buf, scratch []byte) ([]byte, []byte, error) {
	start := len(buf)
	var err error
	switch {
	case r.agent != nil:
		scratch, err = appendAgentRecord(scratch[:0], r.agent)
		if err == nil {
			buf = appendCompressed(buf, scratch)
		}
	case r.team != nil:
		scratch, err = appendTeamRecord(scratch[:0], r.team)
		if err == nil {
			buf = appendCompressed(buf, scratch)
		}
	default:
		var b []byte
		b, err = json.Marshal(r.org) // one per org, seldom
		buf = append(buf, b...)
	}
	if err != nil {
		return buf[:start], scratch, fmt.Errorf("store: encode %s: %w", r.key, err)
	}
	// Full slice expression: a later append to buf must not write over val.
	r.val = buf[start:len(buf):len(buf)]
	return buf, scratch, nil
}

// parallelFrom is the number of records from which encoding is spread over
// the cores: encoding agents' and teams' states is most of a commit's cost,
// and a batch of a POST of 10 events has about 18 records.
const parallelFrom = 8

// encodeRecords encodes the batch's records, on several cores when there
// are many; the records are not changed meanwhile (the projector holds its
// lock until this returns). The caller encodes too, and every worker takes
// the next record not yet taken: when the other cores are busy, a helper
// starts late and finds little or nothing left, so the caller waits at most
// for it to start, not for its share of the records. Each worker appends
// into one growing buffer from s.buffers, which the caller puts back once
// the values are no longer needed: an allocation per record cost more here
// than its encoding, and a buffer per batch was still a tenth of the
// server's garbage under load.
func (s *Store) encodeRecords(b *Batch) ([]record, []*[]byte, error) {
	records := make([]record, 0, len(b.Agents)+len(b.Teams)+len(b.Orgs))
	for _, a := range b.Agents {
		records = append(records, record{key: agentKey(a.Org, a.State.ID), agent: a})
	}
	for _, t := range b.Teams {
		records = append(records, record{key: teamKey(t.Org, t.State.ID), team: t})
	}
	for _, o := range b.Orgs {
		records = append(records, record{key: orgStateKey(o.Org), org: o})
	}
	workers := min(runtime.GOMAXPROCS(0), 4)
	if len(records) < parallelFrom || workers < 2 {
		workers = 1
	}
	errs := make([]error, workers)
	bufs := make([]*[]byte, workers)
	scratches := make([]*[]byte, workers)
	for w := range workers {
		bufs[w], scratches[w] = s.buffer(), s.buffer()
	}
	var next atomic.Int64
	work := func(w int) {
		buf, scratch := (*bufs[w])[:0], (*scratches[w])[:0]
		// A record outgrowing the buffer moves what follows to a new
		// one; values already taken keep pointing at the old.
		for i := int(next.Add(1) - 1); i < len(records); i = int(next.Add(1) - 1) {
			var err error
			if buf, scratch, err = records[i].encode(buf, scratch); err != nil {
				errs[w] = err
				break
			}
		}
		*bufs[w], *scratches[w] = buf, scratch
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(func() { work(w) })
	}
	work(0)
	wg.Wait()
	for _, sc := range scratches {
		s.buffers.Put(sc) // the plain JSON is not kept
	}
	return records, bufs, errors.Join(errs...)
}

// buffer is an encoding buffer from s.buffers, or a new one.
func (s *Store) buffer() *[]byte {
	if b, ok := s.buffers.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 16<<10)
	return &b
}

func orgStateKey(org string) []byte { return []byte("g/" + org) }

// OrgRecord returns an org's record; a zero record when there is none yet.
func (s *Store) OrgRecord(org string) (OrgRecord, error) {
	rec := OrgRecord{Org: org}
	err := s.get(orgStateKey(org), &rec)
	if errors.Is(err, ErrNotFound) {
		return OrgRecord{Org: org}, nil
	}
	return rec, err
}
func activeKey(org string) []byte { return []byte("v/" + org) }

// ActiveRuleset is the ruleset version in force for an org at the last
// commit; 0 when no control message has set one yet (the first version is
// then in force).
func (s *Store) ActiveRuleset(org string) (int, error) {
	var v int
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(activeKey(org))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(val []byte) error {
			if len(val) == 8 {
				v = int(binary.BigEndian.Uint64(val))
			}
			return nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("store: active ruleset of %s: %w", org, err)
	}
	return v, nil
}
