package store

import (
	"encoding/json"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// OrgChange is a change to an org's records other than its scores: its
// settings, its people and teams, a ruleset version. It travels in the
// stream as a control message and is written by the projector in the same
// transaction as the events around it, so a replay, or another node,
// rebuilds the same roster at the same point. Secrets travel only as hashes.
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
	Ruleset  *RulesetVersion `json:"ruleset,omitempty"`  // a version, put whole
}

// size is about what the change adds to a transaction, for CommitFull.
func (c *OrgChange) size() int64 {
	n, err := json.Marshal(c)
	if err != nil {
		return 1 << 20
	}
	return int64(len(n)) + int64(c.count())*(entryOverhead+64)
}

// count is how many entries the change writes.
func (c *OrgChange) count() int {
	n := len(c.Users) + len(c.Profiles) + len(c.Removed) + len(c.Teams)
	if c.Settings != nil {
		n++
	}
	if c.Ruleset != nil {
		n++
	}
	return n
}

// AddChange adds an org change to the batch, after the writes already in it.
func (b *Batch) AddChange(c OrgChange) {
	b.Changes = append(b.Changes, c)
	b.changeBytes += c.size()
	b.changeCount += c.count()
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
		if c.Settings != nil {
			if err := set(orgKey(c.Org), c.Settings); err != nil {
				return err
			}
		}
		if c.Ruleset != nil {
			if err := set(rulesetKey(c.Org, c.Ruleset.Version), c.Ruleset); err != nil {
				return err
			}
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
		for _, id := range c.Removed {
			if err := txn.Delete(userKey(c.Org, id)); err != nil {
				return fmt.Errorf("org change of %s: remove user %s: %w", c.Org, id, err)
			}
		}
	}
	return nil
}

// Split cuts a change into parts of at most n entries each, in the order
// they are written; the settings and the ruleset go with the first part,
// and removals come after every put, as in one transaction.
func (c OrgChange) Split(n int) []OrgChange {
	if c.count() <= n {
		return []OrgChange{c}
	}
	var parts []OrgChange
	cur := OrgChange{Org: c.Org, Create: c.Create, Settings: c.Settings, Ruleset: c.Ruleset}
	room := func() int { return n - cur.count() }
	next := func() {
		parts = append(parts, cur)
		cur = OrgChange{Org: c.Org, Create: c.Create}
	}
	take := func(k int, into func(lo, hi int)) {
		for lo := 0; lo < k; {
			if room() <= 0 {
				next()
			}
			hi := min(k, lo+room())
			into(lo, hi)
			lo = hi
		}
	}
	take(len(c.Users), func(lo, hi int) { cur.Users = append(cur.Users, c.Users[lo:hi]...) })
	take(len(c.Profiles), func(lo, hi int) { cur.Profiles = append(cur.Profiles, c.Profiles[lo:hi]...) })
	take(len(c.Teams), func(lo, hi int) { cur.Teams = append(cur.Teams, c.Teams[lo:hi]...) })
	take(len(c.Removed), func(lo, hi int) { cur.Removed = append(cur.Removed, c.Removed[lo:hi]...) })
	return append(parts, cur)
}
