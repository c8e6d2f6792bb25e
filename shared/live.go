package shared

import (
	"encoding/json"
	"strings"
)

// ProtocolVersion is the version of the live protocol spoken at /api/v1/live.
// The hub sends it in the hello, the first frame of every connection; bump
// it when a frame's shape changes in a way an older client would misread.
const ProtocolVersion = 1

// KindHello is the kind of the first frame of every connection (no topic,
// seq 0), whose data is a HelloData.
const KindHello = "hello"

// HelloData is the data of the hello frame.
type HelloData struct {
	Protocol int `json:"protocol"`
}

// SpeaksOurProtocol reports whether m is the hello of this build's
// protocol version: the check a client makes of a connection's first frame.
func SpeaksOurProtocol(m Message) bool {
	var d HelloData
	return m.Kind == KindHello && m.Topic == "" && m.Seq == 0 && json.Unmarshal(m.Data, &d) == nil && d.Protocol == ProtocolVersion
}

// Client operations.
const (
	OpSubscribe   = "subscribe"
	OpUnsubscribe = "unsubscribe"
)

// ClientMessage is what a client sends on the live socket.
type ClientMessage struct {
	Op    string  `json:"op"`
	Topic string  `json:"topic"`
	Since *uint64 `json:"since,omitempty"`
}

// Message kinds sent by the server.
const (
	KindSnapshot  = "snapshot"
	KindPoints    = "points"
	KindLevel     = "level"
	KindBadge     = "badge"
	KindChallenge = "challenge"
	KindGoal      = "goal"
	KindStreak    = "streak"
	KindBoard     = "board"
	KindKudos     = "kudos"
	KindError     = "error"
	// KindRuleset is sent on org when a ruleset version is put in force
	// (data: RulesetData), in stream order.
	KindRuleset = "ruleset"
)

// Message is what the server sends on the live socket. Seq rises by one per
// topic; a client that sees a gap resubscribes with Since.
type Message struct {
	Topic string          `json:"topic"`
	Seq   uint64          `json:"seq"`
	Kind  string          `json:"kind"`
	Data  json.RawMessage `json:"data,omitempty"`
}

// PointsData is the data of a "points" message on agent/<id>. It carries
// the agent's view after the event either whole (Agent) or as a change from
// the view of the previous message on the topic (Patch, see AgentPatch):
// exactly one of the two is set.
type PointsData struct {
	At       uint64      `json:"at"`
	Event    string      `json:"event"`
	Rule     string      `json:"rule"`
	Category string      `json:"category"`
	Points   int64       `json:"points"`
	Agent    AgentView   `json:"agent,omitzero"`
	Patch    *AgentPatch `json:"patch,omitempty"`
}

// ApplyTo sets v to the agent's view after the message, and reports false
// when the message's patch was made against another view than v: a message
// was missed, and the topic needs a snapshot again.
func (d *PointsData) ApplyTo(v *AgentView) bool { return applyAgent(v, &d.Agent, d.Patch) }

// applyAgent sets v to the view an agent/<id> message carries: whole, or as
// a patch of the view of the topic's previous message. A message with
// neither leaves v as it is.
func applyAgent(v, whole *AgentView, patch *AgentPatch) bool {
	switch {
	case patch != nil:
		return v.Apply(*patch)
	case whole != nil && whole.ID != "":
		*v = *whole
	}
	return true
}

// LevelData is the data of a "level" message on agent/<id> and on org.
type LevelData struct {
	At        uint64 `json:"at"`
	AgentID   string `json:"agent_id"`
	AgentName string `json:"agent_name"`
	Level     int    `json:"level"`
	Name      string `json:"name"`
	// On agent/<id>, the agent's view: whole or as a patch, as in PointsData.
	Agent AgentView   `json:"agent,omitzero"`
	Patch *AgentPatch `json:"patch,omitempty"`
}

// ApplyTo is PointsData.ApplyTo for a level message.
func (d *LevelData) ApplyTo(v *AgentView) bool { return applyAgent(v, &d.Agent, d.Patch) }

// AchievementData is the data of a "badge", "streak", "challenge" and
// "goal" message: on agent/<id> it carries the agent's new view (whole or
// as a patch, as in PointsData), on team/<id> the team's, and on org (the
// achievement feed) neither.
type AchievementData struct {
	At        uint64      `json:"at"`
	Kind      string      `json:"kind"` // badge, streak, challenge, goal
	ID        string      `json:"id"`   // the badge, streak, challenge or goal id
	Name      string      `json:"name"`
	Status    string      `json:"status,omitempty"` // awarded, started, extended, broken, progress, completed, expired, reached, ended
	Tier      int         `json:"tier,omitempty"`
	TierName  string      `json:"tier_name,omitempty"`
	Current   int         `json:"current,omitempty"`
	Best      int         `json:"best,omitempty"`
	Progress  float64     `json:"progress,omitempty"`
	Target    float64     `json:"target,omitempty"`
	Reward    string      `json:"reward,omitempty"`
	AgentID   string      `json:"agent_id,omitempty"`
	AgentName string      `json:"agent_name,omitempty"`
	TeamID    string      `json:"team_id,omitempty"`
	TeamName  string      `json:"team_name,omitempty"`
	Agent     *AgentView  `json:"agent,omitempty"`
	Patch     *AgentPatch `json:"patch,omitempty"`
	Team      *TeamView   `json:"team,omitempty"`
}

// ApplyTo is PointsData.ApplyTo for an achievement message; one without a
// view leaves v as it is.
func (d *AchievementData) ApplyTo(v *AgentView) bool { return applyAgent(v, d.Agent, d.Patch) }

// ErrorData is the data of an "error" message.
type ErrorData struct {
	Error string `json:"error"`
}

// Topic names.
const TopicOrg = "org"

// AgentTopic is the topic of one agent's view.
func AgentTopic(id string) string { return "agent/" + id }

// TeamTopic is the topic of one team's view.
func TeamTopic(id string) string { return "team/" + id }

// BoardTopic is the topic of one board in one period.
func BoardTopic(board, period string) string { return "board/" + board + "/" + period }

// ParseTopic splits a topic into its kind ("agent", "team", "board", "org")
// and its parts; ok is false for a malformed topic.
func ParseTopic(topic string) (kind string, parts []string, ok bool) {
	if topic == TopicOrg {
		return TopicOrg, nil, true
	}
	fields := strings.Split(topic, "/")
	switch {
	case len(fields) == 2 && (fields[0] == "agent" || fields[0] == "team") && fields[1] != "":
		return fields[0], fields[1:], true
	case len(fields) == 3 && fields[0] == "board" && fields[1] != "" && fields[2] != "":
		return "board", fields[1:], true
	}
	return "", nil, false
}

// Close codes of the live socket, in the private range 4000-4999.
// 4000-4499: the client should reconnect (with backoff); 4500-4999: it
// should not reconnect without user action.
const (
	CloseSlowClient   = 4000 // the client did not read fast enough; reconnect and resume with since
	CloseShuttingDown = 4001 // the server is stopping; reconnect to another node or later
	CloseBadMessage   = 4500 // the client sent something that is not a valid ClientMessage
	CloseUnauthorized = 4501 // the credentials are gone or revoked
)
