package store

import (
	"fmt"
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
	b.AddChange(OrgChange{Org: "o", Create: true,
		Settings: &Org{ID: "o", Name: "O", Created: now, StrictRoster: true},
		Users:    []User{{ID: "u1", Org: "o", Name: "First", Role: "agent"}, {ID: "u2", Org: "o", Name: "Gone", Role: "agent"}},
		Profiles: []Profile{{ID: "u1", Name: "First", Team: "t"}},
		Teams:    []TeamProfile{{ID: "t", Name: "Team", Supervisors: []string{"s"}}},
		Ruleset:  &RulesetVersion{Version: 1, Published: now, By: "test", Ruleset: scoring.DefaultRuleset()},
	})
	b.AddChange(OrgChange{Org: "o", Users: []User{{ID: "u1", Org: "o", Name: "Renamed", Role: "agent"}}, Removed: []string{"u2"}})
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
// the parts hold each entry once, in order, at most n entries each, with
// the settings and the ruleset in the first part and the removals after
// every put.
func TestOrgChangeSplitKeepsEverythingInOrder(t *testing.T) {
	for _, size := range []int{0, 1, 5, 9, 10, 11, 37} {
		var c OrgChange
		c.Org, c.Settings, c.Ruleset = "o", &Org{ID: "o"}, &RulesetVersion{Version: 2}
		for i := range size {
			id := fmt.Sprint(i)
			c.Users = append(c.Users, User{ID: id})
			c.Profiles = append(c.Profiles, Profile{ID: id})
			c.Teams = append(c.Teams, TeamProfile{ID: id})
			c.Removed = append(c.Removed, "r"+id)
		}
		parts := c.Split(10)
		var joined OrgChange
		for i, p := range parts {
			assert.LessOrEqual(t, p.count(), 10, "size %d part %d", size, i)
			assert.Equal(t, "o", p.Org)
			assert.Equal(t, i == 0, p.Settings != nil && p.Ruleset != nil, "size %d part %d", size, i)
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
		assert.Equal(t, c.Users, joined.Users, "size %d", size)
		assert.Equal(t, c.Profiles, joined.Profiles, "size %d", size)
		assert.Equal(t, c.Teams, joined.Teams, "size %d", size)
		assert.Equal(t, c.Removed, joined.Removed, "size %d", size)
	}
}
