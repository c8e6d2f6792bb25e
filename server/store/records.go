package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// PutOrg creates or replaces an org.
func (s *Store) PutOrg(o Org) error { return s.put(orgKey(o.ID), o) }

// Org returns an org.
func (s *Store) Org(id string) (Org, error) {
	var o Org
	return o, s.get(orgKey(id), &o)
}

// Orgs lists every org.
func (s *Store) Orgs() ([]Org, error) {
	return all[Org](s, "o/")
}

// PutProfile creates or replaces an agent's roster record.
func (s *Store) PutProfile(org string, p Profile) error { return s.put(profileKey(org, p.ID), p) }

// Profiles lists an org's agents from the roster.
func (s *Store) Profiles(org string) ([]Profile, error) {
	return all[Profile](s, "p/"+org+"/")
}

// Profile returns an agent's roster record.
func (s *Store) Profile(org, id string) (Profile, error) {
	var p Profile
	return p, s.get(profileKey(org, id), &p)
}

// PutTeamProfile creates or replaces a team's roster record.
func (s *Store) PutTeamProfile(org string, t TeamProfile) error {
	return s.put(teamProfileKey(org, t.ID), t)
}

// TeamProfiles lists an org's teams from the roster.
func (s *Store) TeamProfiles(org string) ([]TeamProfile, error) {
	return all[TeamProfile](s, "n/"+org+"/")
}

// Agents lists an org's scored agents.
func (s *Store) Agents(org string) ([]AgentRecord, error) {
	return all[AgentRecord](s, "a/"+org+"/")
}

// Teams lists an org's scored teams.
func (s *Store) Teams(org string) ([]TeamRecord, error) {
	return all[TeamRecord](s, "t/"+org+"/")
}

// HashKey is how a random secret (an ingest key, a session or display
// token) is stored: a high-entropy secret needs no slow hash, only one that
// cannot be reversed.
func HashKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// PutIngestKey stores a key by the hash of its secret.
func (s *Store) PutIngestKey(secret string, k IngestKey) error {
	return s.put(ingestKey(HashKey(secret)), k)
}

// LookupIngestKey finds the key whose secret is given.
func (s *Store) LookupIngestKey(secret string) (IngestKey, error) {
	var k IngestKey
	return k, s.get(ingestKey(HashKey(secret)), &k)
}

// PutRuleset stores a ruleset version.
func (s *Store) PutRuleset(org string, v RulesetVersion) error {
	return s.put(rulesetKey(org, v.Version), v)
}

// LatestRuleset returns the newest version of an org's ruleset.
func (s *Store) LatestRuleset(org string) (RulesetVersion, error) {
	var out RulesetVersion
	err := s.db.View(func(txn *badger.Txn) error {
		prefix := []byte("r/" + org + "/")
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: true})
		defer it.Close()
		// Reverse iteration starts at the largest key not above the seek key.
		it.Seek(append(append([]byte{}, prefix...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
		if !it.ValidForPrefix(prefix) {
			return ErrNotFound
		}
		return getItem(it.Item(), &out)
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return out, fmt.Errorf("store: latest ruleset of %s: %w", org, err)
	}
	return out, err
}
