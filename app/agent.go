package app

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"scorecast/shared"
)

const (
	// toastTTL is how long a notice stays after its last award.
	toastTTL       = 6 * time.Second
	celebrationTTL = 6 * time.Second
	// toastMerge is how soon after a notice's last award the next one
	// joins it: a burst (a chat closed with a survey, a batch from the
	// source system) reads as one line, "+85 from 4 actions".
	toastMerge = 2500 * time.Millisecond
	// maxToasts is how many notices a desktop shows at once; a phone shows
	// the newest alone (agent.css). Older ones give way: the history keeps
	// every award.
	maxToasts  = 2
	maxHistory = 25
)

// agentPathPrefix starts the agent view's path: /agent/<id>.
const agentPathPrefix = "/agent/"

// agentBoardTopic is the board the rank and its neighbours come from.
var agentBoardTopic = shared.BoardTopic(shared.BoardAgents, shared.PeriodDay)

// agentIDFromPath returns the URL-unescaped id of /agent/<id>, or "".
func agentIDFromPath(path string) string {
	raw, ok := strings.CutPrefix(path, agentPathPrefix)
	if !ok || raw == "" || strings.Contains(raw, "/") {
		return ""
	}
	id, err := url.PathUnescape(raw)
	if err != nil {
		return ""
	}
	return id
}

// agentHref is the path of an agent's view.
func agentHref(id string) string { return agentPathPrefix + url.PathEscape(id) }

// toast is one "points arrived" notice: one award, or a burst of them
// merged.
type toast struct {
	ID int
	// Token is the notice's latest timer: each award merged in starts a
	// new one, and only the latest ends the notice.
	Token   int
	Points  int64
	Actions int // distinct events merged in
	Awards  int // point awards merged in
	// Rule and Category are the first award's, for a notice of one event.
	Rule     string
	Category string
	// lastEvent tells a new event from another award of the same one.
	lastEvent string
	// mergeBy is until when the next award joins it.
	mergeBy time.Time
	// Kudos is set on a kudos notice (no points: who sent what).
	Kudos *shared.Kudos
}

// celebration is the level-up or badge overlay.
type celebration struct {
	ID    int
	Kind  string // level or badge
	Level int
	Badge string // the badge's id, for its name in the reader's language
	Tier  int
	// Name and TierName are the server's names, used when the glossary
	// has none.
	Name     string
	TierName string
	Labels   map[string]string // a league tier's names by language
}

// historyItem is one outcome of this session, newest first in the list.
type historyItem struct {
	ID     int
	At     time.Time
	Kind   string // a shared.Kind*
	Points int64
	Level  int
	Ref    string // rule id (points), else the badge, streak, challenge or goal id
	Name   string // the server's name of Ref, when it sent one
	Detail string // points: the category id; else a status or tier name
	Event  string // points: the event, to tell the server's history apart
}

// agentState is the state of an agent/<id> topic: the agent's view and
// what this session saw happen to it. apply folds live messages into it
// without I/O so that it can be tested directly.
type agentState struct {
	Topic  string
	View   shared.AgentView
	Have   bool   // a snapshot arrived
	SnapAt uint64 // At of the last snapshot: live data at or below it is already in
	// Stale is set when a patch was made against another view than ours:
	// a message was lost on the way, and the page subscribes again.
	Stale     bool
	Err       string
	Toasts    []toast
	Celebrate *celebration
	History   []historyItem
	// Received are the kudos that arrived live, newest first (the page
	// reads the earlier ones once); Wallet the latest coins message;
	// Redemptions the redemptions whose status changed live, by id.
	Received    []shared.Kudos
	Wallet      *shared.WalletData
	Redemptions map[string]shared.Redemption
	League      *shared.LeagueData // the last week's end this tab saw (league.go)
	nextID      int
}

// apply folds one message into the state. It reports the id of
// a toast it added or grew and of a celebration it started (0 = none), for
// their timers.
func (s *agentState) apply(m shared.Message) (toastID, celebrationID int) {
	return s.applyAt(m, time.Now())
}

// applyAt is apply at the instant now.
func (s *agentState) applyAt(m shared.Message, now time.Time) (toastID, celebrationID int) {
	switch {
	case m.Kind == shared.KindError:
		s.Err = liveError(m)
		return 0, 0
	case m.Topic != s.Topic:
		return 0, 0
	}
	switch m.Kind {
	case shared.KindKudos, shared.KindWallet, shared.KindRedemption:
		return s.applyReward(m, now), 0
	case shared.KindSnapshot:
		var v shared.AgentView
		if err := json.Unmarshal(m.Data, &v); err != nil {
			s.Err = err.Error()
			return 0, 0
		}
		s.View, s.Have, s.SnapAt, s.Err = v, true, v.At, ""
	case shared.KindPoints:
		var d shared.PointsData
		if err := json.Unmarshal(m.Data, &d); err != nil || !s.Have || d.At <= s.SnapAt {
			return 0, 0
		}
		if !d.ApplyTo(&s.View) {
			s.Stale = true
			return 0, 0
		}
		s.remember(historyItem{At: now, Kind: m.Kind, Points: d.Points, Ref: d.Rule, Detail: d.Category, Event: d.Event})
		return s.addPoints(d, now), 0
	case shared.KindLevel:
		var d shared.LevelData
		if err := json.Unmarshal(m.Data, &d); err != nil || !s.Have || d.At <= s.SnapAt {
			return 0, 0
		}
		if !d.ApplyTo(&s.View) {
			s.Stale = true
			return 0, 0
		}
		s.nextID++
		s.Celebrate = &celebration{ID: s.nextID, Kind: shared.KindLevel, Level: d.Level, Name: d.Name}
		s.remember(historyItem{At: now, Kind: m.Kind, Level: d.Level, Name: d.Name})
		return 0, s.Celebrate.ID
	case shared.KindLeague:
		return 0, s.applyLeague(m)
	case shared.KindBadge, shared.KindStreak, shared.KindChallenge, shared.KindGoal:
		var d shared.AchievementData
		if err := json.Unmarshal(m.Data, &d); err != nil || !s.Have || d.At <= s.SnapAt {
			return 0, 0
		}
		if !d.ApplyTo(&s.View) {
			s.Stale = true
			return 0, 0
		}
		detail := d.Status
		if d.TierName != "" {
			detail = d.TierName
		}
		if d.Status == "progress" {
			// A step of a bar (a co-op partner's work, most often) moves the
			// card; the history keeps what was won.
			return 0, 0
		}
		s.remember(historyItem{At: now, Kind: m.Kind, Ref: d.ID, Name: d.Name, Detail: detail})
		// A level-up on screen outranks a badge that arrives with it; the
		// badge stays in the history and the badge list.
		levelShown := s.Celebrate != nil && s.Celebrate.Kind == shared.KindLevel
		if m.Kind == shared.KindBadge && d.Status != "lost" && !levelShown {
			s.nextID++
			s.Celebrate = &celebration{ID: s.nextID, Kind: shared.KindBadge, Badge: d.ID, Tier: d.Tier, Name: d.Name, TierName: d.TierName}
			return 0, s.Celebrate.ID
		}
	}
	return 0, 0
}

// addPoints merges an award into the newest notice while that one is
// still taking awards, else starts a notice, dropping the oldest beyond
// maxToasts. It returns the notice's id.
func (s *agentState) addPoints(d shared.PointsData, now time.Time) int {
	if n := len(s.Toasts); n > 0 && now.Before(s.Toasts[n-1].mergeBy) {
		t := &s.Toasts[n-1]
		t.Points += d.Points
		t.Awards++
		if d.Event != t.lastEvent {
			t.Actions++
			t.lastEvent = d.Event
		}
		s.nextID++
		t.Token, t.mergeBy = s.nextID, now.Add(toastMerge)
		return t.Token
	}
	s.nextID++
	t := toast{ID: s.nextID, Token: s.nextID, Points: d.Points, Actions: 1, Awards: 1, Rule: d.Rule, Category: d.Category, lastEvent: d.Event,
		mergeBy: now.Add(toastMerge)}
	// A new slice: the page holds a copy of the state, sharing the old
	// one's memory.
	keep := s.Toasts
	if len(keep) >= maxToasts {
		keep = keep[len(keep)-maxToasts+1:]
	}
	s.Toasts = append(append(make([]toast, 0, maxToasts), keep...), t)
	return t.ID
}

func (s *agentState) remember(h historyItem) {
	s.nextID++
	h.ID = s.nextID
	s.History = append([]historyItem{h}, s.History...)
	if len(s.History) > maxHistory {
		s.History = s.History[:maxHistory]
	}
}

// dropToast removes the notice whose latest timer token is token: a
// notice that grew since an earlier timer was set waits for its latest.
func (s *agentState) dropToast(token int) {
	for i, t := range s.Toasts {
		if t.Token == token {
			s.Toasts = append(s.Toasts[:i:i], s.Toasts[i+1:]...)
			return
		}
	}
}

func (s *agentState) endCelebration(id int) {
	if s.Celebrate != nil && (id == 0 || s.Celebrate.ID == id) {
		s.Celebrate = nil
	}
}

// neighbours are the board rows from two above to two below the agent;
// nil when the agent is not on the board.
func neighbours(lb shared.Leaderboard, agent string) []shared.LeaderboardEntry {
	for i, e := range lb.Entries {
		if e.Agent != agent {
			continue
		}
		lo, hi := max(i-2, 0), min(i+3, len(lb.Entries))
		return lb.Entries[lo:hi]
	}
	return nil
}

// maxReceived is how many live kudos an agent's state keeps.
const maxReceived = 10

// applyReward folds a kudos, wallet or redemption message of the agent's
// topic. Kudos are told apart by id, so a message seen twice (a resume
// after a reconnect) shows once; it returns the id of a kudos notice.
func (s *agentState) applyReward(m shared.Message, now time.Time) int {
	if !s.applyRewardView(m) {
		s.Stale = true
		return 0
	}
	switch m.Kind {
	case shared.KindKudos:
		var d shared.KudosData
		if json.Unmarshal(m.Data, &d) != nil || d.Kudos.ID == "" {
			return 0
		}
		for _, k := range s.Received {
			if k.ID == d.Kudos.ID {
				return 0
			}
		}
		s.Received = append([]shared.Kudos{d.Kudos}, s.Received...)
		if len(s.Received) > maxReceived {
			s.Received = s.Received[:maxReceived]
		}
		s.remember(historyItem{At: now, Kind: m.Kind, Ref: d.Kudos.Value, Name: d.Kudos.FromName, Detail: d.Kudos.ID})
		if d.Kudos.Hidden {
			return 0
		}
		s.nextID++
		k := d.Kudos
		t := toast{ID: s.nextID, Token: s.nextID, Kudos: &k}
		keep := s.Toasts
		if len(keep) >= maxToasts {
			keep = keep[len(keep)-maxToasts+1:]
		}
		s.Toasts = append(append(make([]toast, 0, maxToasts), keep...), t)
		return t.ID
	case shared.KindWallet:
		var d shared.WalletData
		if json.Unmarshal(m.Data, &d) == nil && (s.Wallet == nil || d.At >= s.Wallet.At) {
			s.Wallet = &d
		}
	case shared.KindRedemption:
		var r shared.Redemption
		if tolerant(json.Unmarshal(m.Data, &r)) && r.ID != "" {
			next := make(map[string]shared.Redemption, len(s.Redemptions)+1)
			for k, v := range s.Redemptions {
				next[k] = v
			}
			next[r.ID] = r
			s.Redemptions = next
		}
	}
	return 0
}

// rewardView is the agent's view a rewards message on their topic carries
// beside its own data, whole or as a patch, as a points message does: the
// next message's patch is made against it.
type rewardView struct {
	At    json.RawMessage    `json:"at"` // the stream sequence, or a redemption's time
	Agent shared.AgentView   `json:"agent,omitzero"`
	Patch *shared.AgentPatch `json:"patch,omitempty"`
}

// applyRewardView applies the view a rewards message carries; false when
// its patch was made against another view than the one held.
func (s *agentState) applyRewardView(m shared.Message) bool {
	var rv rewardView
	if !s.Have || !tolerant(json.Unmarshal(m.Data, &rv)) {
		return true
	}
	var seq uint64
	if json.Unmarshal(rv.At, &seq) == nil && seq != 0 && seq <= s.SnapAt {
		return true // already in the snapshot
	}
	switch {
	case rv.Patch != nil:
		return s.View.Apply(*rv.Patch)
	case rv.Agent.ID != "":
		s.View = rv.Agent
	}
	return true
}

// tolerant accepts a decoding whose only trouble is a member of another
// type: a redemption names its agent by id ("agent") and the view the hub
// appends, sent whole, is "agent" too; the decoder keeps the one that fits
// each target and fills every other field.
func tolerant(err error) bool {
	var te *json.UnmarshalTypeError
	return err == nil || errors.As(err, &te)
}
