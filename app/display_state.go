package app

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"scorecast/shared"
)

// maxTicker is how many achievements the TV's ticker keeps.
const maxTicker = 12

// tickerItem is one achievement of the org feed, kept as data: the
// sentence is made at render time in the viewer's language, with the
// ruleset's names from the glossary.
type tickerItem struct {
	ID      int
	Kind    string
	AgentID string // empty for a team's achievement
	TeamID  string
	Who     string // the agent's or team's name as the server sent it; "" when none
	Ref     string // the badge, challenge or goal id
	Name    string // its name as the server sent it
	Tier    int    // a badge's tier, 1-based; 0 for none
	Tiered  string // the tier's name as the server sent it
	Level   int
	At      time.Time
	// To is a kudos' receiver (Who its giver); Message a spotlight's
	// message (a kudos' message never reaches the floor).
	To      string
	Message string
}

// orgFeed is the state of the org topic: the latest achievements, newest
// first.
type orgFeed struct {
	Ticker []tickerItem
	nextID int
}

// displayState is everything a paired TV shows: the observed states of
// the topics it is bound to and of the connection.
type displayState struct {
	Status     liveStatus
	Conn       string
	StaleSince time.Time // zero while live
	Boards     map[string]*boardState
	BoardOrder []string // topics, in the order the display was bound
	Teams      map[string]*teamState
	TeamOrder  []string
	Feed       orgFeed
	Slide      int // count of advances; the slide is Slide mod len(slides)
	// League is the top tier's cohort (league.go); nil without leagues.
	League *shared.LeagueView
}

// Bind prepares the slots of the boards and teams the display shows.
func (s *displayState) Bind(boards, teams []string) {
	s.Boards, s.Teams = map[string]*boardState{}, map[string]*teamState{}
	s.BoardOrder, s.TeamOrder = nil, nil
	for _, t := range displayTopics(boards, teams) {
		switch {
		case strings.HasPrefix(t, "board/"):
			s.Boards[t] = &boardState{}
			s.BoardOrder = append(s.BoardOrder, t)
		case strings.HasPrefix(t, "team/"):
			s.Teams[t] = &teamState{}
			s.TeamOrder = append(s.TeamOrder, t)
		}
	}
}

// setConn records a connection state: losing the connection starts the
// stale marker, a live connection clears it.
func (s *displayState) setConn(state string, now time.Time) {
	if state == "" {
		return
	}
	if state == connLive {
		s.StaleSince = time.Time{}
	} else if s.StaleSince.IsZero() && s.Conn == connLive {
		s.StaleSince = now
	}
	s.Conn = state
}

// apply adds a finished achievement of the org feed to the ticker;
// progress steps are left out, they would drown the news.
func (f *orgFeed) apply(m shared.Message, now time.Time) {
	var it tickerItem
	switch m.Kind {
	case shared.KindLevel:
		var d shared.LevelData
		if json.Unmarshal(m.Data, &d) != nil {
			return
		}
		it = tickerItem{Kind: m.Kind, AgentID: d.AgentID, Who: d.AgentName, Name: d.Name, Level: d.Level}
	case shared.KindBadge, shared.KindChallenge, shared.KindGoal:
		var d shared.AchievementData
		if json.Unmarshal(m.Data, &d) != nil {
			return
		}
		switch d.Status {
		case "awarded", "completed", "reached", "":
		default:
			return
		}
		it = tickerItem{Kind: m.Kind, AgentID: d.AgentID, TeamID: d.TeamID, Ref: d.ID, Name: d.Name, Tier: d.Tier, Tiered: d.TierName}
		if d.AgentID != "" || d.AgentName != "" {
			it.Who = d.AgentName
		} else {
			it.Who = d.TeamName
		}
	default:
		var ok bool
		if it, ok = rewardTickerItem(m); !ok {
			return
		}
	}
	f.nextID++
	it.ID, it.At = f.nextID, now
	f.Ticker = append([]tickerItem{it}, f.Ticker...)
	if len(f.Ticker) > maxTicker {
		f.Ticker = f.Ticker[:maxTicker]
	}
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// Slide names: "board/<board>/<period>", "goals", "race".
const (
	slideGoals  = "goals"
	slideRace   = "race"
	slideLeague = "league"
)

// slides lists the slides that have something to show, in order.
func (s *displayState) slides() []string {
	out := append([]string(nil), s.BoardOrder...)
	if len(s.goals()) > 0 {
		out = append(out, slideGoals)
	}
	if len(s.races()) > 0 {
		out = append(out, slideRace)
	}
	// The league joins a TV that rotates anyway: one bound to a single
	// board stays on it, as its admin chose.
	if s.League != nil && len(s.League.Standings) > 0 && len(out) >= 2 {
		out = append(out, slideLeague)
	}
	return out
}

// current is the slide on screen.
func (s *displayState) current() string {
	sl := s.slides()
	if len(sl) == 0 {
		return ""
	}
	return sl[s.Slide%len(sl)]
}

func (s *displayState) advance() { s.Slide++ }

// teamGoal is a goal with its team, for the goals slide.
type teamGoal struct {
	Team, TeamID, Color string // the team's name, id and colour
	Goal                shared.Goal
}

func (s *displayState) goals() []teamGoal {
	var out []teamGoal
	for _, t := range s.TeamOrder {
		ts := s.Teams[t]
		if ts == nil || !ts.Have {
			continue
		}
		for _, g := range ts.View.Goals {
			out = append(out, teamGoal{Team: s.teamName(ts.View), TeamID: ts.View.ID, Color: s.colorOf(ts.View.ID), Goal: g})
		}
	}
	return out
}

// race is one challenge and every bound team's progress in it.
type race struct {
	ID, Name string
	Deadline time.Time
	Teams    []raceLane
}

type raceLane struct {
	Team, TeamID, Color string // the team's name, id and colour
	Progress, Target    float64
}

func (s *displayState) races() []race {
	byID := map[string]*race{}
	var ids []string
	for _, t := range s.TeamOrder {
		ts := s.Teams[t]
		if ts == nil || !ts.Have {
			continue
		}
		for _, ch := range ts.View.Challenges {
			r, ok := byID[ch.ID]
			if !ok {
				r = &race{ID: ch.ID, Name: ch.Name, Deadline: ch.Deadline}
				byID[ch.ID] = r
				ids = append(ids, ch.ID)
			}
			r.Teams = append(r.Teams, raceLane{Team: s.teamName(ts.View), TeamID: ts.View.ID, Color: s.colorOf(ts.View.ID),
				Progress: ch.Progress, Target: ch.Target})
		}
	}
	out := make([]race, 0, len(ids))
	for _, id := range ids {
		r := byID[id]
		sort.SliceStable(r.Teams, func(i, j int) bool {
			return share(int64(r.Teams[i].Progress), int64(r.Teams[i].Target)) > share(int64(r.Teams[j].Progress), int64(r.Teams[j].Target))
		})
		out = append(out, *r)
	}
	return out
}

// teamName is a team's name; "" when it has none (the view then writes a
// word for it: the floor never reads an id).
func (s *displayState) teamName(v shared.TeamView) string { return v.Name }

// colorOf is a team's colour as the boards carry it; "" when no board
// has the team (teamColor then picks one from the id).
func (s *displayState) colorOf(team string) string {
	for _, b := range s.Boards {
		for _, e := range b.Board.Entries {
			if e.Team == team && e.Color != "" {
				return e.Color
			}
		}
	}
	return ""
}

// personOf finds an agent on the boards, for their photo and colour.
func (s *displayState) personOf(agent string) (shared.LeaderboardEntry, bool) {
	if agent == "" {
		return shared.LeaderboardEntry{}, false
	}
	for _, t := range s.BoardOrder {
		for _, e := range s.Boards[t].Board.Entries {
			if e.Agent == agent {
				return e, true
			}
		}
	}
	return shared.LeaderboardEntry{}, false
}
