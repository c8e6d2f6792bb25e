package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// ErrExists is returned when creating a record whose key is taken.
var ErrExists = errors.New("store: already exists")

// User is an account of an org. An agent's user id is the agent id used in
// events.
type User struct {
	ID   string `json:"id"`
	Org  string `json:"org"`
	Name string `json:"name"`
	Role string `json:"role"`
	Team string `json:"team,omitempty"`
	// PasswordHash is an encoded argon2id hash; empty means no password login.
	PasswordHash string    `json:"password_hash,omitempty"`
	Created      time.Time `json:"created"`
}

// Session is a logged-in browser, stored by the hash of its token.
type Session struct {
	Org     string    `json:"org"`
	User    string    `json:"user"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

func userKey(org, id string) []byte { return []byte("u/" + org + "/" + id) }
func sessionKey(hash string) []byte { return []byte("s/" + hash) }

// PutUser creates or replaces a user.
func (s *Store) PutUser(u User) error { return s.put(userKey(u.Org, u.ID), u) }

// User returns a user.
func (s *Store) User(org, id string) (User, error) {
	var u User
	return u, s.get(userKey(org, id), &u)
}

// Users lists an org's users.
func (s *Store) Users(org string) ([]User, error) {
	return all[User](s, "u/"+org+"/")
}

// PutSession stores a session by the hash of its token.
func (s *Store) PutSession(token string, sess Session) error {
	return s.put(sessionKey(HashKey(token)), sess)
}

// Session returns the session of a token.
func (s *Store) Session(token string) (Session, error) {
	var sess Session
	return sess, s.get(sessionKey(HashKey(token)), &sess)
}

// DeleteSession revokes a session.
func (s *Store) DeleteSession(token string) error {
	err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(sessionKey(HashKey(token))) })
	if err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// CreateRuleset stores a new ruleset version, failing with ErrExists when
// the version is taken, so two concurrent publishers cannot both win.
func (s *Store) CreateRuleset(org string, v RulesetVersion) error {
	key := rulesetKey(org, v.Version)
	return s.db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get(key); err == nil {
			return fmt.Errorf("ruleset %s v%d: %w", org, v.Version, ErrExists)
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("store: look up ruleset: %w", err)
		}
		return setJSON(txn, key, v)
	})
}

// Ruleset returns one version of an org's ruleset.
func (s *Store) Ruleset(org string, version int) (RulesetVersion, error) {
	var v RulesetVersion
	return v, s.get(rulesetKey(org, version), &v)
}

// RulesetVersions lists every version of an org's ruleset, oldest first.
func (s *Store) RulesetVersions(org string) ([]RulesetVersion, error) {
	return all[RulesetVersion](s, "r/"+org+"/")
}

// DeleteUser removes a user; their sessions stop working at once because
// every request reads the user.
func (s *Store) DeleteUser(org, id string) error {
	err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(userKey(org, id)) })
	if err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	return nil
}

// IngestKeys lists an org's ingest keys (never their secrets, which are not stored).
func (s *Store) IngestKeys(org string) ([]IngestKey, error) {
	var out []IngestKey
	err := each(s, "k/", func(k IngestKey) error {
		if k.Org == org {
			out = append(out, k)
		}
		return nil
	})
	return out, err
}

// DeleteIngestKey revokes an org's key by its id.
func (s *Store) DeleteIngestKey(org, id string) error {
	return s.db.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("k/"), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var k IngestKey
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &k) }); err != nil {
				return fmt.Errorf("store: decode key: %w", err)
			}
			if k.Org == org && k.ID == id {
				return txn.Delete(it.Item().KeyCopy(nil))
			}
		}
		return ErrNotFound
	})
}
