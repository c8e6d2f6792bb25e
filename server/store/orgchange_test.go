package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
)

// TestOrgChangeCommitsWithItsBatch commits an org change with a sequence:
// its records are there after a reopen, in order (a later put wins, a
// removal removes), together with the sequence.
func TestOrgChangeCommitsWithItsBatch(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	now := time.Now().UTC().Truncate(time.Second)
	b := NewBatch()
	b.Seq = 7
	b.Changes = append(b.Changes, OrgChange{Org: "o", Create: true,
		Settings: &Org{ID: "o", Name: "O", Created: now, StrictRoster: true},
		Users:    []User{{ID: "u1", Org: "o", Name: "First", Role: "agent"}, {ID: "u2", Org: "o", Name: "Gone", Role: "agent"}},
		Profiles: []Profile{{ID: "u1", Name: "First", Team: "t"}},
		Teams:    []TeamProfile{{ID: "t", Name: "Team", Supervisors: []string{"s"}}},
		Ruleset:  &RulesetVersion{Version: 1, Published: now, By: "test", Ruleset: scoring.DefaultRuleset()},
	})
	b.Changes = append(b.Changes, OrgChange{Org: "o", Users: []User{{ID: "u1", Org: "o", Name: "Renamed", Role: "agent"}}, Removed: []string{"u2"}})
	require.False(t, s.CommitFull(b))
	require.NoError(t, s.Commit(b))
	require.NoError(t, s.Close())

	s = openStore(t, dir)
	defer s.Close()
	seq, err := s.LastSeq()
	require.NoError(t, err)
	assert.Equal(t, uint64(7), seq)
	o, err := s.Org("o")
	require.NoError(t, err)
	assert.True(t, o.StrictRoster)
	u, err := s.User("o", "u1")
	require.NoError(t, err)
	assert.Equal(t, "Renamed", u.Name, "the later change wins")
	_, err = s.User("o", "u2")
	assert.ErrorIs(t, err, ErrNotFound)
	pr, err := s.Profile("o", "u1")
	require.NoError(t, err)
	assert.Equal(t, "t", pr.Team)
	teams, err := s.TeamProfiles("o")
	require.NoError(t, err)
	assert.Equal(t, []TeamProfile{{ID: "t", Name: "Team", Supervisors: []string{"s"}}}, teams)
	rv, err := s.Ruleset("o", 1)
	require.NoError(t, err)
	assert.Equal(t, "test", rv.By)
}

// TestOrgChangeSplitKeepsEverythingInOrder cuts changes of every size:
// the parts hold each entry once, in order, within the byte limit, with
// the settings and the ruleset in the last part and the removals after
// every put; an entry over the limit on its own is refused.
func TestOrgChangeSplitKeepsEverythingInOrder(t *testing.T) {
	const limit = 4 << 10
	for _, size := range []int{0, 1, 5, 9, 37, 200} {
		var c OrgChange
		c.Org, c.Settings, c.Ruleset = "o", &Org{ID: "o"}, &RulesetVersion{Version: 2}
		for i := range size {
			id := fmt.Sprint(i)
			c.Users = append(c.Users, User{ID: id, Name: strings.Repeat("<", i%50)})
			c.Profiles = append(c.Profiles, Profile{ID: id})
			c.Teams = append(c.Teams, TeamProfile{ID: id})
			c.Removed = append(c.Removed, "r"+id)
		}
		parts, err := c.Split(limit)
		require.NoError(t, err)
		var joined OrgChange
		for i, p := range parts {
			last := i == len(parts)-1
			assert.Equal(t, "o", p.Org)
			assert.Equal(t, last, p.Settings != nil && p.Ruleset != nil, "size %d part %d", size, i)
			var bytes int
			for _, u := range p.Users {
				data, err := json.Marshal(u)
				require.NoError(t, err)
				bytes += len(data)
			}
			assert.LessOrEqual(t, bytes, limit, "size %d part %d", size, i)
			if len(p.Removed) > 0 {
				for _, later := range parts[i+1:] {
					assert.Empty(t, later.Users, "a put after a removal")
				}
			}
			joined.Users = append(joined.Users, p.Users...)
			joined.Profiles = append(joined.Profiles, p.Profiles...)
			joined.Teams = append(joined.Teams, p.Teams...)
			joined.Removed = append(joined.Removed, p.Removed...)
		}
		if size > 100 {
			assert.Greater(t, len(parts), 1, "size %d is cut", size)
		}
		assert.Equal(t, c.Users, joined.Users, "size %d", size)
		assert.Equal(t, c.Profiles, joined.Profiles, "size %d", size)
		assert.Equal(t, c.Teams, joined.Teams, "size %d", size)
		assert.Equal(t, c.Removed, joined.Removed, "size %d", size)
	}
	_, err := OrgChange{Org: "o", Users: []User{{ID: "u", Name: strings.Repeat("<", limit)}}}.Split(limit)
	assert.ErrorIs(t, err, ErrBatchTooBig)
}

// TestLargeOrgChangeCommitsInParts commits a change several times what one
// transaction takes, names that JSON escapes included: it lands whole, with
// its sequence.
func TestLargeOrgChangeCommitsInParts(t *testing.T) {
	s := openStore(t, t.TempDir())
	defer s.Close()
	var c OrgChange
	c.Org = "o"
	name := strings.Repeat("<", 512) // six bytes each in JSON
	for i := range 2000 {
		c.Users = append(c.Users, User{ID: fmt.Sprint("u", i), Org: "o", Name: name, Role: "agent"})
	}
	parts, err := c.Split(s.maxChangePart())
	require.NoError(t, err)
	require.Greater(t, len(parts), 2)
	require.NoError(t, s.CommitChange(c, 9, 0))
	users, err := s.Users("o")
	require.NoError(t, err)
	assert.Len(t, users, 2000)
	seq, err := s.LastSeq()
	require.NoError(t, err)
	assert.Equal(t, uint64(9), seq)
}
