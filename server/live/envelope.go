package live

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
)

// Envelope is what the projector publishes on live.<org>: a topic's message
// before the hub gives it a sequence number.
type Envelope struct {
	Topic string          `json:"topic"`
	Kind  string          `json:"kind"`
	Data  json.RawMessage `json:"data"`
}

const subjectPrefix = "live."

// Subject is the core NATS subject of an org's live messages.
func Subject(org string) string { return subjectPrefix + org }

// NewEnvelope encodes data into an envelope.
func NewEnvelope(topic, kind string, data any) (Envelope, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Envelope{}, fmt.Errorf("live: encode %s on %s: %w", kind, topic, err)
	}
	return Envelope{Topic: topic, Kind: kind, Data: raw}, nil
}

// Publish sends envelopes of an org to every hub listening.
func Publish(nc *nats.Conn, org string, envs []Envelope) error {
	for _, e := range envs {
		data, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("live: encode envelope: %w", err)
		}
		if err := nc.Publish(Subject(org), data); err != nil {
			return fmt.Errorf("live: publish on %s: %w", Subject(org), err)
		}
	}
	return nil
}

func orgOfSubject(subject string) string { return strings.TrimPrefix(subject, subjectPrefix) }
