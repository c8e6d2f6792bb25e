package store

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPeopleRecordsAndPhotos: person records come with an org change and
// are put whole; photo bytes are the store's own.
func TestPeopleRecordsAndPhotos(t *testing.T) {
	s := openStore(t, t.TempDir())
	defer s.Close()
	require.NoError(t, s.CommitChange(OrgChange{Org: "o", People: []Person{{ID: "a", Appear: "hidden"}, {ID: "b", Photo: "ff"}}}, 3, 0))
	require.NoError(t, s.CommitChange(OrgChange{Org: "o", People: []Person{{ID: "a", Language: "sv"}}}, 4, 0))
	people, err := s.People("o")
	require.NoError(t, err)
	assert.Equal(t, []Person{{ID: "a", Language: "sv"}, {ID: "b", Photo: "ff"}}, people)
	p, err := s.Person("o", "nobody")
	require.NoError(t, err)
	assert.Equal(t, Person{ID: "nobody"}, p)
	other, err := s.People("o2")
	require.NoError(t, err)
	assert.Empty(t, other)

	parts, err := (OrgChange{Org: "o", People: []Person{{ID: "a"}, {ID: "b"}}}).Split(400)
	require.NoError(t, err)
	assert.Len(t, parts, 2, "one person record a part at this size")

	ph := Photo{Type: "image/png", Hash: "abc", Data: []byte{1, 2, 3}}
	require.NoError(t, s.PutPhoto("o", "a", ph))
	got, err := s.Photo("o", "a")
	require.NoError(t, err)
	assert.Equal(t, ph, got)
	_, err = s.Photo("o2", "a")
	assert.True(t, errors.Is(err, ErrNotFound))
	require.NoError(t, s.DeletePhoto("o", "a"))
	_, err = s.Photo("o", "a")
	assert.True(t, errors.Is(err, ErrNotFound))
	require.NoError(t, s.DeletePhoto("o", "a"), "deleting none is no error")

	// A removed user's photo bytes go.
	require.NoError(t, s.PutPhoto("o", "b", ph))
	require.NoError(t, s.CommitChange(OrgChange{Org: "o", Removed: []string{"b", "never-had-one"}}, 6, 0))
	_, err = s.Photo("o", "b")
	assert.True(t, errors.Is(err, ErrNotFound))
}
