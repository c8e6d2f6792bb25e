package live

import (
	"encoding/json"
	"fmt"
	"strconv"

	"scorecast/shared"
)

// Message is one message of a topic as the projector hands it over, before
// the hub gives it a sequence number.
type Message struct {
	Topic string
	Kind  string
	// Data is the message's data: a json.RawMessage goes as it is, anything
	// else is encoded with encoding/json when its frame is made. It must not
	// change once handed over. On a board or team topic, a message without
	// Data says that the topic's whole state changed: the hub reads it from
	// its Snapshotter when it sends it (see state.go).
	Data any
	// View, on an agent/<id> topic, is the agent's view after the message.
	// The hub adds it to Data's object whole ("agent") or as a patch
	// ("patch", see shared.AgentPatch) against the view of the topic's last
	// frame. The caller may reuse it once Publish returns.
	View *shared.AgentView
}

// Publish hands the hub an org's messages of one durable commit, in order.
// It never blocks on a connection: each message is numbered, encoded once
// and queued to its topic's subscribers, or held for coalescing. Messages
// of topics nobody follows are dropped: a later subscriber gets a snapshot.
func (h *Hub) Publish(org string, msgs []Message) {
	for i := range msgs {
		h.deliver(org, &msgs[i])
	}
}

// Watching reports whether a topic has state in the hub: subscribers now,
// or recently enough that a resume needs its ring complete. The projector
// builds no message for a topic nobody watches.
func (h *Hub) Watching(org, name string) bool { return h.lookup(org, name) != nil }

// appendFrame appends m as a shared.Message with seq, encoded by hand so
// that the data is written straight into the frame. last is the view to
// patch m.View against; nil sends it whole.
func appendFrame(b []byte, m *Message, seq uint64, last *shared.AgentView) ([]byte, error) {
	b = append(b, `{"topic":`...)
	b = shared.AppendJSONString(b, m.Topic)
	b = append(b, `,"seq":`...)
	b = strconv.AppendUint(b, seq, 10)
	b = append(b, `,"kind":`...)
	b = shared.AppendJSONString(b, m.Kind)
	if m.Data == nil && m.View == nil {
		return append(b, '}'), nil
	}
	b = append(b, `,"data":`...)
	b, err := appendData(b, m.Data)
	if err != nil {
		return b, err
	}
	if m.View != nil {
		if b[len(b)-1] != '}' {
			return b, fmt.Errorf("live: %s data on %s is not an object", m.Kind, m.Topic)
		}
		b = appendView(b[:len(b)-1], m.View, last)
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

// appendData appends a message's data. Points, the most frequent message,
// is written by hand: encoding/json's reflection was the bulk of its cost.
func appendData(b []byte, data any) ([]byte, error) {
	switch d := data.(type) {
	case json.RawMessage:
		return append(b, d...), nil
	case *shared.PointsData:
		return appendPoints(b, d), nil
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return b, err
	}
	return append(b, raw...), nil
}

// appendPoints is json.Marshal of a points message without its view, which
// appendView adds; TestPointsMatchEncodingJSON keeps the two in step.
func appendPoints(b []byte, d *shared.PointsData) []byte {
	b = append(b, `{"at":`...)
	b = strconv.AppendUint(b, d.At, 10)
	b = append(b, `,"event":`...)
	b = shared.AppendJSONString(b, d.Event)
	b = append(b, `,"rule":`...)
	b = shared.AppendJSONString(b, d.Rule)
	b = append(b, `,"category":`...)
	b = shared.AppendJSONString(b, d.Category)
	b = append(b, `,"points":`...)
	b = strconv.AppendInt(b, d.Points, 10)
	return append(b, '}')
}

// appendView appends the agent member of an object whose closing brace b
// has left off: the patch from last to v, or v whole when there is no last
// or the patch cannot be written (a value JSON cannot carry, such as NaN:
// the next patch is made against v all the same).
func appendView(b []byte, v, last *shared.AgentView) []byte {
	if last != nil {
		mark := len(b)
		out, err := shared.AppendAgentPatch(append(b, `,"patch":`...), last, v)
		if err == nil {
			return out
		}
		b = out[:mark]
	}
	b = append(b, `,"agent":`...)
	raw, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...) // still a frame; the next snapshot mends the view
	}
	return append(b, raw...)
}
