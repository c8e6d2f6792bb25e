package projection

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"scorecast/scoring"
	"scorecast/server/store"
	"scorecast/shared"
)

func TestInitials(t *testing.T) {
	for name, want := range map[string]string{
		"Hanna Svensson":        "H. S.",
		"Cher":                  "C.",
		"anna maria de la cruz": "A. C.",
		"Jean-Luc":              "J.",
		"Anna Lind-Berg":        "A. L.",
		"Ольга Петрова":         "О. П.",
		"  ":                    "",
	} {
		assert.Equal(t, want, Initials(name), name)
	}
}

func peopleOrg() *Org {
	o := &Org{id: "o", profiles: map[string]store.Profile{
		"a-h": {ID: "a-h", Name: "Hanna Svensson", Team: "t"},
		"a-i": {ID: "a-i", Name: "Ivo Ilic", Team: "t"},
		"a-n": {ID: "a-n", Name: "Nora Named", Team: "t"},
	}, agents: map[string]*store.AgentRecord{
		"a-h": {State: scoring.AgentState{ID: "a-h", Team: "t"}},
		"a-i": {State: scoring.AgentState{ID: "a-i", Team: "t"}},
		"a-n": {State: scoring.AgentState{ID: "a-n", Team: "t"}},
	}}
	o.applyPeople(store.OrgChange{
		People: []store.Person{{ID: "a-h", Appear: shared.AppearHidden, Photo: "aa"}, {ID: "a-i", Appear: shared.AppearByInitials, Photo: "bb"}, {ID: "a-n", Photo: "cc"}},
		Teams:  []store.TeamProfile{{ID: "t", Color: "#123456"}},
	})
	return o
}

func TestAgentEntryFollowsConsent(t *testing.T) {
	o := peopleOrg()
	entry := func(id, viewer string) shared.LeaderboardEntry {
		e := shared.LeaderboardEntry{Rank: 1, Points: 10}
		o.agentEntry(&e, id, viewer)
		return e
	}
	assert.Equal(t, shared.LeaderboardEntry{Rank: 1, Points: 10, Anonymous: true}, entry("a-h", "a-n"))
	assert.Equal(t, shared.LeaderboardEntry{Rank: 1, Points: 10, Anonymous: true}, entry("a-h", ""))
	self := entry("a-h", "a-h")
	assert.Equal(t, "Hanna Svensson", self.Name)
	assert.Equal(t, "a-h", self.Agent)
	assert.Equal(t, PhotoURL("o", "a-h", "aa"), self.Photo)
	ini := entry("a-i", "a-n")
	assert.Equal(t, "I. I.", ini.Name)
	assert.Empty(t, ini.Photo, "initials show no photo")
	assert.Equal(t, "#123456", ini.Color)
	named := entry("a-n", "")
	assert.Equal(t, "Nora Named", named.Name)
	assert.Equal(t, "/api/v1/photos/o/a-n?v=cc", named.Photo)
}

func TestFeedFollowsConsent(t *testing.T) {
	o := peopleOrg()
	d := o.ForFeed(shared.AchievementData{AgentID: "a-h", AgentName: "Hanna Svensson", TeamID: "t"})
	assert.Empty(t, d.AgentID+d.AgentName)
	assert.Equal(t, "t", d.TeamID)
	d = o.ForFeed(shared.AchievementData{AgentID: "a-i", AgentName: "Ivo Ilic"})
	assert.Equal(t, "I. I.", d.AgentName)
	l := o.LevelForFeed(shared.LevelData{AgentID: "a-n", AgentName: "Nora Named"})
	assert.Equal(t, "Nora Named", l.AgentName)
	l = o.LevelForFeed(shared.LevelData{AgentID: "a-h", AgentName: "Hanna Svensson"})
	assert.Empty(t, l.AgentID+l.AgentName)
}

func TestTeamColourCleared(t *testing.T) {
	o := peopleOrg()
	assert.Equal(t, "#123456", o.TeamColor("t"))
	o.applyPeople(store.OrgChange{Teams: []store.TeamProfile{{ID: "t"}}})
	assert.Empty(t, o.TeamColor("t"))
}
