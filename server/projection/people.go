package projection

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"scorecast/server/store"
	"scorecast/shared"
)

// PhotoPath is the path under which a person's photo is served; the
// photo's hash follows as ?v=, so that a new photo is a new URL and the old
// one may be cached for good.
const PhotoPath = "/api/v1/photos/"

// photoVersionLen is how many hex digits of the photo's hash its URL and
// ETag carry: 64 bits tell one person's photos apart.
const photoVersionLen = 16

// PhotoVersion is the version a photo's URL carries: a prefix of its hash.
func PhotoVersion(hash string) string {
	if len(hash) > photoVersionLen {
		return hash[:photoVersionLen]
	}
	return hash
}

// PhotoURL is the URL of a person's photo with the given hash, "" for none.
func PhotoURL(org, id, hash string) string {
	if hash == "" {
		return ""
	}
	return PhotoPath + url.PathEscape(org) + "/" + url.PathEscape(id) + "?v=" + PhotoVersion(hash)
}

// loadPeople reads what the org's people look like: person records, team
// colours, and the org's settings. Called by loadOrg.
func (o *Org) loadPeople(st *store.Store) error {
	o.people, o.teamColors = map[string]store.Person{}, map[string]string{}
	people, err := st.People(o.id)
	if err != nil {
		return fmt.Errorf("projector: people of org %s: %w", o.id, err)
	}
	for _, pe := range people {
		o.people[pe.ID] = pe
	}
	teams, err := st.TeamProfiles(o.id)
	if err != nil {
		return fmt.Errorf("projector: team colours of org %s: %w", o.id, err)
	}
	for _, t := range teams {
		if t.Color != "" {
			o.teamColors[t.ID] = t.Color
		}
	}
	settings, err := st.Org(o.id)
	if err != nil {
		return fmt.Errorf("projector: settings of org %s: %w", o.id, err)
	}
	o.settings = settings
	return nil
}

// applyPeople shows a change's person records, team colours and settings.
func (o *Org) applyPeople(ch store.OrgChange) {
	if o.people == nil { // an Org made by hand, in tests
		o.people, o.teamColors = map[string]store.Person{}, map[string]string{}
	}
	for _, pe := range ch.People {
		o.people[pe.ID] = pe
	}
	for _, t := range ch.Teams {
		if t.Color == "" {
			delete(o.teamColors, t.ID)
		} else {
			o.teamColors[t.ID] = t.Color
		}
	}
	if ch.Settings != nil {
		o.settings = *ch.Settings
	}
}

// PhotoURL is the URL of a person's photo, "" for none.
func (o *Org) PhotoURL(id string) string { return PhotoURL(o.id, id, o.people[id].Photo) }

// TeamColor is a team's colour, "" when it has none.
func (o *Org) TeamColor(team string) string { return o.teamColors[team] }

// appear is how a person chose to appear to others.
func (o *Org) appear(id string) string {
	if a := o.people[id].Appear; a != "" {
		return a
	}
	return shared.AppearByName
}

// agentEntry fills an agent's board entry as viewer sees it: by name, by
// initials (no photo, which would name them as well), or, for a hidden
// agent, anonymous: no id, name, photo or team. An agent always sees
// themself by name.
func (o *Org) agentEntry(e *shared.LeaderboardEntry, id, viewer string) {
	team := ""
	if a, ok := o.agents[id]; ok {
		team = a.State.Team
	}
	appear := o.appear(id)
	if id == viewer {
		appear = shared.AppearByName
	}
	switch appear {
	case shared.AppearHidden:
		e.Anonymous = true
	case shared.AppearByInitials:
		e.Agent, e.Name, e.Team, e.Color = id, Initials(o.AgentName(id)), team, o.TeamColor(team)
	default:
		e.Agent, e.Name, e.Team, e.Color, e.Photo = id, o.AgentName(id), team, o.TeamColor(team), o.PhotoURL(id)
	}
}

// feedAgent is the agent's id and name as the org's feed shows them: none
// for a hidden agent, initials for one who chose them.
func (o *Org) feedAgent(id string) (string, string) {
	switch o.appear(id) {
	case shared.AppearHidden:
		return "", ""
	case shared.AppearByInitials:
		return id, Initials(o.AgentName(id))
	}
	return id, o.AgentName(id)
}

// Initials are a name's initials as a board shows them: "Hanna Svensson"
// is "H. S.", "Cher" is "C.", a name of three words or more gives its first
// and last; a hyphenated word is one ("Anna Lind-Berg" is "A. L.").
func Initials(name string) string {
	words := strings.Fields(name) // "Longname-Smith" is one surname: "L."
	if len(words) == 0 {
		return ""
	}
	if len(words) > 2 {
		words = []string{words[0], words[len(words)-1]}
	}
	parts := make([]string, 0, len(words))
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		parts = append(parts, string(unicode.ToUpper(r))+".")
	}
	return strings.Join(parts, " ")
}

// BoardsPublic reports whether an org's agents may see its boards.
func (p *State) BoardsPublic(orgID string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	return !ok || !o.settings.PrivateBoards
}

// OrgSettings is an org's settings as the projection applied them.
func (p *State) OrgSettings(orgID string) (store.Org, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return store.Org{}, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	return o.settings, nil
}

// Person is a user's person record as the projection applied it; a user
// without one gets an empty record with their id.
func (p *State) Person(orgID, id string) store.Person {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if o, ok := p.orgs[orgID]; ok {
		if pe, ok := o.people[id]; ok {
			return pe
		}
	}
	return store.Person{ID: id}
}

// TeamColor is a team's colour as the projection applied it.
func (p *State) TeamColor(orgID, team string) string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if o, ok := p.orgs[orgID]; ok {
		return o.TeamColor(team)
	}
	return ""
}

// ForFeed is an achievement as the org's feed shows it: without the agent
// for one who is hidden, by initials for one who chose them.
func (o *Org) ForFeed(d shared.AchievementData) shared.AchievementData {
	if d.AgentID != "" {
		d.AgentID, d.AgentName = o.feedAgent(d.AgentID)
	}
	return d
}

// LevelForFeed is ForFeed for a level reached.
func (o *Org) LevelForFeed(d shared.LevelData) shared.LevelData {
	if d.AgentID != "" {
		d.AgentID, d.AgentName = o.feedAgent(d.AgentID)
	}
	return d
}

// ForgetPhotos adds to a change that removes users their person records
// without a photo: a removed user's photo goes (its bytes with
// store.forgetPhoto), how they chose to appear stays, as their scores do.
// The projector's, with the State locked, before it commits the change.
func (p *State) ForgetPhotos(orgID string, ch store.OrgChange) store.OrgChange {
	o, ok := p.orgs[orgID]
	if !ok {
		return ch
	}
	for _, id := range ch.Removed {
		if pe, ok := o.people[id]; ok && pe.Photo != "" {
			pe.Photo = ""
			ch.People = append(ch.People, pe)
		}
	}
	return ch
}
