package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"scorecast/scoring"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("store: not found")

// Config configures the Badger store.
type Config struct {
	// Dir is the Badger directory (required).
	Dir string
	// SyncWrites fsyncs every commit, so a committed batch survives a power
	// loss. Default false: commits survive a process crash.
	SyncWrites bool
}

// Store is the Badger-backed projection.
type Store struct {
	db *badger.DB
	// agentMax, teamMax and orgMax are the largest records of each kind
	// committed so far, in bytes; commitSize and commitCount what one
	// commit aims at: see CommitFull.
	agentMax, teamMax, orgMax atomic.Int64
	commitSize, commitCount   int64
	// buffers holds *[]byte for encoding records: a batch's values are
	// referenced by its transaction until Badger has copied them, then
	// they go back here (see CommitAsync).
	buffers sync.Pool
	// next are write transactions begun for the next CommitAsync calls
	// (see beginNext); nil when taken. Two, because under a backlog a
	// batch is committed while the one before is in flight.
	nextMu  sync.Mutex
	next    [2]*badger.Txn // oldest first
	filling int            // places in next a beginNext is filling
	closed  bool           // Close has begun: beginNext keeps nothing
	// beginning counts the transactions beginNext is beginning; Close
	// waits for them, so that none begins in a closed database.
	beginning sync.WaitGroup
}

// Open opens (or creates) the store in cfg.Dir, with BadgerOptions.
func Open(cfg Config) (*Store, error) {
	db, err := badger.Open(BadgerOptions(cfg.Dir).WithSyncWrites(cfg.SyncWrites))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", cfg.Dir, err)
	}
	st := &Store{db: db, commitSize: db.MaxBatchSize() * 3 / 4, commitCount: db.MaxBatchCount() * 3 / 4}
	return st, nil
}

// BadgerOptions are the store's Badger options for dir, sized for an
// embedded service rather than Badger's big-server defaults, without fsync
// on commit. The load harness's raw floor opens its Badger with them, so its
// commits cost what ours do.
func BadgerOptions(dir string) badger.Options {
	return badger.DefaultOptions(dir).
		WithLogger(nil).
		// 16 MiB memtables: one commit takes at most 15 % of a memtable
		// (see CommitFull), and 4 MiB ones cost a third of the throughput
		// (e2e/load -throughput: 13–16k events/s against 20–24k) for no
		// clear gain in the p99 at 10k clients (44–154 ms against 36–89).
		WithMemTableSize(16 << 20).
		// Records are S2-compressed already (see compress.go): compressing
		// their tables again costs flush CPU and saves nothing.
		WithCompression(options.None).
		WithNumMemtables(3).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(16 << 20).
		// Records (a few KiB) stay in the LSM tree instead of the value log,
		// whose 1 GiB memory-mapped files would count against RSS.
		WithValueThreshold(64 << 10).
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2)
}

// initialRecordMax is the record size CommitFull assumes before the first
// commit has shown a real one: an agent with a month of history.
const initialRecordMax = 8 << 10

// Close closes the database; call it on every exit path.
func (s *Store) Close() error {
	s.nextMu.Lock()
	discardAll(s.next[:])
	s.next = [2]*badger.Txn{}
	s.closed = true
	s.nextMu.Unlock()
	s.beginning.Wait() // what they begin, keepNext discards
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// RunGC reclaims value-log space until ctx ends.
func (s *Store) RunGC(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for s.db.RunValueLogGC(0.5) == nil {
			}
		}
	}
}

// Profile is the roster's record of an agent.
type Profile struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Team string `json:"team,omitempty"`
}

// TeamProfile is the roster's record of a team.
type TeamProfile struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Supervisors []string `json:"supervisors,omitempty"`
	Color       string   `json:"color,omitempty"` // "#rrggbb"; empty: the PWA picks one
}

// Org is a tenant.
type Org struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// StrictRoster refuses events for agents not on the roster, instead of
	// creating them on first sight.
	StrictRoster bool `json:"strict_roster,omitempty"`
	// PrivateBoards hides boards from agents (API.md's public_boards,
	// negated so that orgs stored before it have public boards).
	PrivateBoards bool `json:"private_boards,omitempty"`
	// TVChime plays a chime on the TVs' celebrations.
	TVChime bool `json:"tv_chime,omitempty"`
}

// IngestKey is an ingest API key, stored by the hash of its secret.
type IngestKey struct {
	ID      string    `json:"id"`
	Org     string    `json:"org"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// Rate is the events per second the key may send; 0 is the server's default.
	Rate int `json:"rate,omitempty"`
}

// RulesetVersion is one published version of an org's ruleset.
type RulesetVersion struct {
	Version   int             `json:"version"`
	Published time.Time       `json:"published"`
	By        string          `json:"by"`
	Ruleset   scoring.Ruleset `json:"ruleset"`
}

func agentKey(org, id string) []byte   { return []byte("a/" + org + "/" + id) }
func teamKey(org, id string) []byte    { return []byte("t/" + org + "/" + id) }
func profileKey(org, id string) []byte { return []byte("p/" + org + "/" + id) }
func teamProfileKey(org, id string) []byte {
	return []byte("n/" + org + "/" + id)
}
func eventKey(org, id string) []byte { return []byte("e/" + org + "/" + id) }
func orgKey(org string) []byte       { return []byte("o/" + org) }
func ingestKey(hash string) []byte   { return []byte("k/" + hash) }
func rulesetKey(org string, version int) []byte {
	k := []byte("r/" + org + "/")
	return binary.BigEndian.AppendUint64(k, uint64(version))
}

var seqKey = []byte("m/seq")

func (s *Store) get(key []byte, v any) error {
	return s.db.View(func(txn *badger.Txn) error {
		return getJSON(txn, key, v)
	})
}

func getJSON(txn *badger.Txn, key []byte, v any) error {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: get %s: %w", key, err)
	}
	return item.Value(func(val []byte) error {
		if err := decodeValue(val, v); err != nil {
			return fmt.Errorf("store: decode %s: %w", key, err)
		}
		return nil
	})
}

func getItem(item *badger.Item, v any) error {
	return item.Value(func(val []byte) error {
		if err := decodeValue(val, v); err != nil {
			return fmt.Errorf("store: decode %s: %w", item.Key(), err)
		}
		return nil
	})
}

func setJSON(txn *badger.Txn, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s: %w", key, err)
	}
	if err := txn.Set(key, data); err != nil {
		return fmt.Errorf("store: set %s: %w", key, err)
	}
	return nil
}

func (s *Store) put(key []byte, v any) error {
	return s.db.Update(func(txn *badger.Txn) error { return setJSON(txn, key, v) })
}

// all returns every value under prefix, in key order.
func all[T any](s *Store, prefix string) ([]T, error) {
	var out []T
	err := each(s, prefix, func(v T) error { out = append(out, v); return nil })
	return out, err
}

// each calls fn with every value under prefix, decoded into a new T.
func each[T any](s *Store, prefix string, fn func(T) error) error {
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var v T
			err := it.Item().Value(func(val []byte) error { return decodeValue(val, &v) })
			if err != nil {
				return fmt.Errorf("store: decode %s: %w", it.Item().Key(), err)
			}
			if err := fn(v); err != nil {
				return err
			}
		}
		return nil
	})
}
