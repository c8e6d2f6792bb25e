package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// AuditEntry records who changed what, and when.
type AuditEntry struct {
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`  // user id, or "system"
	Action string    `json:"action"` // e.g. "login", "login.failed", "ruleset.publish", "user.put"
	Target string    `json:"target,omitempty"`
	Detail string    `json:"detail,omitempty"`
	Addr   string    `json:"addr,omitempty"` // client address
}

// auditSeq breaks ties between entries written in the same nanosecond.
var auditSeq atomic.Uint32

func auditKey(org string, t time.Time) []byte {
	k := []byte("l/" + org + "/")
	k = binary.BigEndian.AppendUint64(k, uint64(t.UnixNano()))
	return binary.BigEndian.AppendUint32(k, auditSeq.Add(1))
}

// Audit appends an entry to an org's audit log.
func (s *Store) Audit(org string, e AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	return s.put(auditKey(org, e.Time), e)
}

// AuditLog returns an org's newest entries first, at most limit of them,
// older than before (zero: from the newest).
func (s *Store) AuditLog(org string, before time.Time, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	prefix := []byte("l/" + org + "/")
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: true, PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		seek := append([]byte{}, prefix...)
		if before.IsZero() {
			seek = append(seek, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
		} else {
			seek = binary.BigEndian.AppendUint64(seek, uint64(before.UnixNano())-1)
			seek = append(seek, 0xff, 0xff, 0xff, 0xff)
		}
		for it.Seek(seek); it.ValidForPrefix(prefix) && len(out) < limit; it.Next() {
			var e AuditEntry
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
				return fmt.Errorf("store: decode audit entry: %w", err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}
