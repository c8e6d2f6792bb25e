package store

import (
	"encoding/json"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// OrgChange is a change to an org's records other than its scores: its
// settings, its people and teams, a ruleset version. It travels in the
// stream as a control message, and the projector commits it on its own at
// its place among the events, so a replay, or another node, rebuilds the
// same roster at the same point. Secrets travel only as hashes.
type OrgChange struct {
	Org string `json:"org"`
	// Create makes the change the org's first: it is applied only while the
	// org does not exist, so a repeated creation changes nothing.
	Create   bool            `json:"create,omitempty"`
	Settings *Org            `json:"settings,omitempty"` // the org's record, whole
	Users    []User          `json:"users,omitempty"`    // each put whole
	Profiles []Profile       `json:"profiles,omitempty"` // agents' roster records, put whole
	Removed  []string        `json:"removed,omitempty"`  // user ids; their scores stay
	Teams    []TeamProfile   `json:"teams,omitempty"`    // each put whole
	People   []Person        `json:"people,omitempty"`   // photo hashes and consent, each put whole
	Ruleset  *RulesetVersion `json:"ruleset,omitempty"`  // a version, put whole
}

// maxChangePart is how many bytes of an org change one transaction takes:
// half of what Badger takes in one, so that keys and Badger's own overhead
// always fit beside the values.
func (s *Store) maxChangePart() int64 { return s.commitSize / 2 }

// CommitChange commits an org change, in parts of at most maxBytes of
// values when it is large: only the last part writes seq (and, when active
// is set, the org's ruleset version in force). Every entry is a whole
// record, so a crash between parts leaves a change that, repeated, ends
// the same.
func (s *Store) CommitChange(c OrgChange, seq uint64, active int) error {
	parts, err := c.Split(s.maxChangePart())
	if err != nil {
		return err
	}
	for i, part := range parts {
		b := NewBatch()
		b.Changes = []OrgChange{part}
		if i == len(parts)-1 {
			b.Seq = seq
			if active > 0 {
				b.Active[c.Org] = active
			}
		}
		if err := s.Commit(b); err != nil {
			return fmt.Errorf("store: org change of %s, part %d of %d: %w", c.Org, i+1, len(parts), err)
		}
	}
	return nil
}

// Split cuts a change into parts whose entries' JSON is at most maxBytes
// each, in the order they are written. The settings and the ruleset go
// with the last part, so that a new org exists only once all of it is
// written; removals come after every put, as in one transaction. An entry
// larger than maxBytes on its own is an error.
func (c OrgChange) Split(maxBytes int64) ([]OrgChange, error) {
	var parts []OrgChange
	cur := OrgChange{Org: c.Org, Create: c.Create}
	var size int64
	add := func(v any, put func()) error {
		data, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("store: encode org change of %s: %w", c.Org, err)
		}
		n := int64(len(data)) + entryOverhead + 2*128 // the key: org and id, each at most 128 bytes
		if n > maxBytes {
			return fmt.Errorf("store: an entry of the org change of %s is %d bytes: %w", c.Org, n, ErrBatchTooBig)
		}
		if size+n > maxBytes {
			parts = append(parts, cur)
			cur, size = OrgChange{Org: c.Org, Create: c.Create}, 0
		}
		put()
		size += n
		return nil
	}
	for _, u := range c.Users {
		if err := add(u, func() { cur.Users = append(cur.Users, u) }); err != nil {
			return nil, err
		}
	}
	for _, p := range c.Profiles {
		if err := add(p, func() { cur.Profiles = append(cur.Profiles, p) }); err != nil {
			return nil, err
		}
	}
	for _, t := range c.Teams {
		if err := add(t, func() { cur.Teams = append(cur.Teams, t) }); err != nil {
			return nil, err
		}
	}
	for _, pe := range c.People {
		if err := add(pe, func() { cur.People = append(cur.People, pe) }); err != nil {
			return nil, err
		}
	}
	for _, id := range c.Removed {
		if err := add(id, func() { cur.Removed = append(cur.Removed, id) }); err != nil {
			return nil, err
		}
	}
	if c.Settings != nil {
		if err := add(c.Settings, func() { cur.Settings = c.Settings }); err != nil {
			return nil, err
		}
	}
	if c.Ruleset != nil {
		if err := add(c.Ruleset, func() { cur.Ruleset = c.Ruleset }); err != nil {
			return nil, err
		}
	}
	return append(parts, cur), nil
}

// fillChanges sets the keys of a batch's org changes in txn, in order: a
// later change to the same record wins.
func fillChanges(txn *badger.Txn, changes []OrgChange) error {
	for _, c := range changes {
		set := func(key []byte, v any) error {
			if err := setJSON(txn, key, v); err != nil {
				return fmt.Errorf("org change of %s: %w", c.Org, err)
			}
			return nil
		}
		for _, u := range c.Users {
			if err := set(userKey(c.Org, u.ID), u); err != nil {
				return err
			}
		}
		for _, p := range c.Profiles {
			if err := set(profileKey(c.Org, p.ID), p); err != nil {
				return err
			}
		}
		for _, t := range c.Teams {
			if err := set(teamProfileKey(c.Org, t.ID), t); err != nil {
				return err
			}
		}
		for _, pe := range c.People {
			if err := set(personKey(c.Org, pe.ID), pe); err != nil {
				return err
			}
		}
		for _, id := range c.Removed {
			if err := txn.Delete(userKey(c.Org, id)); err != nil {
				return fmt.Errorf("org change of %s: remove user %s: %w", c.Org, id, err)
			}
			if err := forgetPhoto(txn, c.Org, id); err != nil {
				return fmt.Errorf("org change of %s: remove user %s: %w", c.Org, id, err)
			}
		}
		if c.Ruleset != nil {
			if err := set(rulesetKey(c.Org, c.Ruleset.Version), c.Ruleset); err != nil {
				return err
			}
		}
		if c.Settings != nil {
			if err := set(orgKey(c.Org), c.Settings); err != nil {
				return err
			}
		}
	}
	return nil
}
