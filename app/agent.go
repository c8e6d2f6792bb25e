package app

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"scorecast/shared"
)

const (
	toastTTL       = 6 * time.Second
	celebrationTTL = 6 * time.Second
	maxToasts      = 4
	maxHistory     = 25
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

// toast is one "points arrived" notice.
type toast struct {
	ID       int
	Points   int64
	Category string
	Rule     string
}

// celebration is the level-up or badge overlay.
type celebration struct {
	ID    int
	Kind  string // level or badge
	Level int
	Name  string
	Tier  string
}

// historyItem is one outcome of this session, newest first in the list.
type historyItem struct {
	ID     int
	At     time.Time
	Kind   string // a shared.Kind*
	Points int64
	Name   string // rule, badge, level, streak, challenge or goal
	Detail string // category, tier, status
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
	nextID    int
}

// apply folds one message into the state. It reports the id of
// a toast it added and of a celebration it started (0 = none), for their
// timers.
func (s *agentState) apply(m shared.Message) (toastID, celebrationID int) {
	now := time.Now()
	switch {
	case m.Kind == shared.KindError:
		s.Err = liveError(m)
		return 0, 0
	case m.Topic != s.Topic:
		return 0, 0
	}
	switch m.Kind {
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
		s.nextID++
		id := s.nextID
		s.Toasts = append(s.Toasts, toast{ID: id, Points: d.Points, Category: d.Category, Rule: d.Rule})
		if n := len(s.Toasts); n > maxToasts {
			s.Toasts = append([]toast(nil), s.Toasts[n-maxToasts:]...)
		}
		s.remember(historyItem{At: now, Kind: m.Kind, Points: d.Points, Name: humanizeID(d.Rule), Detail: humanizeID(d.Category)})
		return id, 0
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
		s.remember(historyItem{At: now, Kind: m.Kind, Points: int64(d.Level), Name: d.Name})
		return 0, s.Celebrate.ID
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
		s.remember(historyItem{At: now, Kind: m.Kind, Name: d.Name, Detail: detail})
		// A level-up on screen outranks a badge that arrives with it; the
		// badge stays in the history and the badge list.
		levelShown := s.Celebrate != nil && s.Celebrate.Kind == shared.KindLevel
		if m.Kind == shared.KindBadge && d.Status != "lost" && !levelShown {
			s.nextID++
			s.Celebrate = &celebration{ID: s.nextID, Kind: shared.KindBadge, Name: d.Name, Tier: d.TierName}
			return 0, s.Celebrate.ID
		}
	}
	return 0, 0
}

func (s *agentState) remember(h historyItem) {
	s.nextID++
	h.ID = s.nextID
	s.History = append([]historyItem{h}, s.History...)
	if len(s.History) > maxHistory {
		s.History = s.History[:maxHistory]
	}
}

func (s *agentState) dropToast(id int) {
	for i, t := range s.Toasts {
		if t.ID == id {
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
