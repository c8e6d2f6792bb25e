package store

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Person is how a user appears to others, apart from their roster record:
// the hash of their photo and their consent (by name, by initials, hidden)
// and language. It is its own record, put whole by an org change, so that
// the roster's writers (user edits, imports) never wipe it, and so that a
// replay of the stream rebuilds the same views. The photo's bytes are the
// store's alone (see PutPhoto): they shape no score.
type Person struct {
	ID string `json:"id"`
	// Photo is the hex SHA-256 of the photo's bytes; empty: no photo.
	Photo string `json:"photo,omitempty"`
	// Appear is shared.AppearByName (also when empty), AppearByInitials or
	// AppearHidden.
	Appear   string `json:"appear,omitempty"`
	Language string `json:"language,omitempty"`
}

func personKey(org, id string) []byte { return []byte("pp/" + org + "/" + id) }
func photoKey(org, id string) []byte  { return []byte("ph/" + org + "/" + id) }

// People lists an org's person records.
func (s *Store) People(org string) ([]Person, error) {
	return all[Person](s, "pp/"+org+"/")
}

// Person returns a user's person record; a user without one gets an empty
// record with their id (by name, no photo).
func (s *Store) Person(org, id string) (Person, error) {
	p := Person{ID: id}
	err := s.get(personKey(org, id), &p)
	if errors.Is(err, ErrNotFound) {
		return Person{ID: id}, nil
	}
	return p, err
}

// Photo is a stored photo: its bytes, their media type and hash.
type Photo struct {
	Type string `json:"type"` // image/png, image/jpeg or image/webp
	Hash string `json:"hash"` // hex SHA-256 of Data
	Data []byte `json:"data"`
}

// PutPhoto stores a user's photo, replacing the one before. The bytes are
// kept beside the stream, not in it: the person record that names the hash
// goes through the stream, so views change at one point of its history.
func (s *Store) PutPhoto(org, id string, ph Photo) error {
	if err := s.put(photoKey(org, id), ph); err != nil {
		return fmt.Errorf("store: photo of %s/%s: %w", org, id, err)
	}
	return nil
}

// Photo returns a user's stored photo, or ErrNotFound.
func (s *Store) Photo(org, id string) (Photo, error) {
	var ph Photo
	return ph, s.get(photoKey(org, id), &ph)
}

// DeletePhoto removes a user's photo bytes; none is no error.
func (s *Store) DeletePhoto(org, id string) error {
	err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(photoKey(org, id)) })
	if err != nil {
		return fmt.Errorf("store: delete photo of %s/%s: %w", org, id, err)
	}
	return nil
}

// forgetPhoto drops a removed user's photo bytes. Their person record is
// the projector's to change (it adds the record without the hash to the
// change, see projector.forgetPhotos): a read here would make the commit's
// transaction conflict with the ones begun ahead of it.
func forgetPhoto(txn *badger.Txn, org, id string) error {
	if err := txn.Delete(photoKey(org, id)); err != nil {
		return fmt.Errorf("store: delete photo of %s/%s: %w", org, id, err)
	}
	return nil
}
