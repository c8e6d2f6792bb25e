package live

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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

// Publish sends envelopes of an org to every hub listening. The envelopes of
// one call travel packed in as few NATS messages as the payload limit allows
// (one per committed batch, normally): a batch touches dozens of topics, and
// one message instead of dozens is most of the cost of this hop. The packing
// is private to this package (see packEnvelopes); hubs of the same build
// read it.
func Publish(nc *nats.Conn, org string, envs []Envelope) error {
	return NewPublisher(nc).Publish(org, envs)
}

// Publisher is Publish with one packing buffer kept from call to call: NATS
// copies a message before Publish returns, and a buffer per batch was a
// steady part of the server's garbage. Not safe for concurrent use.
type Publisher struct {
	nc  *nats.Conn
	buf []byte
}

// NewPublisher returns a Publisher on nc.
func NewPublisher(nc *nats.Conn) *Publisher { return &Publisher{nc: nc} }

// Publish is as the function Publish.
func (p *Publisher) Publish(org string, envs []Envelope) error {
	limit := int(p.nc.MaxPayload())
	if limit <= 0 {
		limit = 1 << 20
	}
	for len(envs) > 0 {
		var n int
		p.buf, n = packEnvelopes(p.buf[:0], envs, limit)
		if n == 0 {
			// One envelope alone is over the limit: say which, skip it.
			err := fmt.Errorf("live: %s message on %s is %d bytes, over the NATS payload limit: %w",
				envs[0].Kind, envs[0].Topic, len(envs[0].Data), errTooBig)
			if rest := envs[1:]; len(rest) > 0 {
				if err2 := p.Publish(org, rest); err2 != nil {
					return errors.Join(err, err2)
				}
			}
			return err
		}
		if err := p.nc.Publish(Subject(org), p.buf); err != nil {
			return fmt.Errorf("live: publish on %s: %w", Subject(org), err)
		}
		envs = envs[n:]
	}
	return nil
}

// errTooBig is returned for an envelope that cannot fit one NATS message.
var errTooBig = errors.New("envelope too big")

// errBadPacking is returned for a live message this build cannot read.
var errBadPacking = errors.New("live: malformed packed envelopes")

// packEnvelopes appends to buf as many envelopes as fit in limit bytes,
// each as three length-prefixed fields (uvarint length, then bytes): topic,
// kind, data. It returns the bytes and how many envelopes they hold.
func packEnvelopes(buf []byte, envs []Envelope, limit int) ([]byte, int) {
	size := 0
	n := 0
	for _, e := range envs {
		s := len(e.Topic) + len(e.Kind) + len(e.Data) + 3*binary.MaxVarintLen32
		if size+s > limit {
			break
		}
		size += s
		n++
	}
	buf = slices.Grow(buf, size)
	for _, e := range envs[:n] {
		buf = binary.AppendUvarint(buf, uint64(len(e.Topic)))
		buf = append(buf, e.Topic...)
		buf = binary.AppendUvarint(buf, uint64(len(e.Kind)))
		buf = append(buf, e.Kind...)
		buf = binary.AppendUvarint(buf, uint64(len(e.Data)))
		buf = append(buf, e.Data...)
	}
	return buf, n
}

// Unpack calls f for each envelope of a message Publish sent on Subject,
// for readers outside a hub (tests, tools). The Data of an envelope aliases
// data.
func Unpack(data []byte, f func(Envelope)) error { return unpackEnvelopes(data, f) }

// unpackEnvelopes calls f for each envelope in data. The Data of an envelope
// aliases data.
func unpackEnvelopes(data []byte, f func(Envelope)) error {
	field := func() ([]byte, error) {
		n, k := binary.Uvarint(data)
		if k <= 0 || n > uint64(len(data)-k) {
			return nil, errBadPacking
		}
		b := data[k : k+int(n)]
		data = data[k+int(n):]
		return b, nil
	}
	for len(data) > 0 {
		topic, err := field()
		if err != nil {
			return err
		}
		kind, err := field()
		if err != nil {
			return err
		}
		raw, err := field()
		if err != nil {
			return err
		}
		f(Envelope{Topic: string(topic), Kind: string(kind), Data: raw})
	}
	return nil
}

func orgOfSubject(subject string) string { return strings.TrimPrefix(subject, subjectPrefix) }
