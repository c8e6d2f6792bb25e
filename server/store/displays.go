package store

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Display is a paired wallboard TV, stored by the hash of its token.
type Display struct {
	ID      string    `json:"id"`
	Org     string    `json:"org"`
	Name    string    `json:"name"`
	Boards  []string  `json:"boards"`
	Teams   []string  `json:"teams"`
	By      string    `json:"by"`
	Created time.Time `json:"created"`
	// LastSeen is when the display last called the API or opened its
	// socket, written at most once a minute (api.DisplaySeen).
	LastSeen time.Time `json:"last_seen,omitzero"`
}

func displayKey(hash string) []byte { return []byte("d/" + hash) }

// PutDisplay stores a display under its token's hash.
func (s *Store) PutDisplay(token string, d Display) error {
	return s.put(displayKey(HashKey(token)), d)
}

// DisplayByToken finds a display by its token.
func (s *Store) DisplayByToken(token string) (Display, error) {
	var d Display
	return d, s.get(displayKey(HashKey(token)), &d)
}

// Displays lists an org's displays.
func (s *Store) Displays(org string) ([]Display, error) {
	var out []Display
	err := each(s, "d/", func(d Display) error {
		if d.Org == org {
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// DeleteDisplay revokes an org's display by id.
func (s *Store) DeleteDisplay(org, id string) error {
	err := s.db.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("d/"), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var d Display
			if err := getItem(it.Item(), &d); err != nil {
				return err
			}
			if d.Org == org && d.ID == id {
				return txn.Delete(it.Item().KeyCopy(nil))
			}
		}
		return ErrNotFound
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: delete display: %w", err)
	}
	return err
}

// TouchDisplay records when an org's display was last seen. A display that
// is gone (revoked meanwhile) is not an error: there is nothing to record.
func (s *Store) TouchDisplay(org, id string, at time.Time) error {
	err := s.db.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("d/"), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var d Display
			if err := getItem(it.Item(), &d); err != nil {
				return err
			}
			if d.Org == org && d.ID == id {
				if !at.After(d.LastSeen) {
					return nil
				}
				d.LastSeen = at.UTC()
				return setJSON(txn, it.Item().KeyCopy(nil), d)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: touch display %s: %w", id, err)
	}
	return nil
}
