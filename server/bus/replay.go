package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Stored is one message read back from the stream.
type Stored struct {
	Seq     uint64
	Time    time.Time // when the stream stored it
	Control bool
	Data    []byte
}

// ReplayProgress reports how far a replay got, as stream sequences.
type ReplayProgress struct {
	First, Seq, Last uint64
}

// Replay reads an org's stored events and control messages stored from
// from to to, in stream order, with an ephemeral ordered consumer that
// leaves the projector's consumer alone. It stops at to, at the stream's
// last message when the replay began, when fn fails, or when ctx ends.
func (b *Bus) Replay(ctx context.Context, org string, from, to time.Time, fn func(Stored, ReplayProgress) error) error {
	last, err := b.LastSeq(ctx)
	if err != nil {
		return err
	}
	if last == 0 {
		return nil
	}
	cons, err := b.js.OrderedConsumer(ctx, StreamName, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{Subject(org), ControlSubject(org)},
		DeliverPolicy:  jetstream.DeliverByStartTimePolicy,
		OptStartTime:   &from,
	})
	if err != nil {
		return fmt.Errorf("bus: replay consumer: %w", err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(1024))
	if err != nil {
		return fmt.Errorf("bus: replay messages: %w", err)
	}
	defer it.Stop()
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	var first uint64
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var m jetstream.Msg
		if first == 0 {
			// The org may have stored nothing in the range; later messages
			// are known to exist from NumPending.
			m, err = nextWithin(it, 2*time.Second)
		} else {
			m, err = it.Next()
		}
		if errors.Is(err, errIdle) {
			return nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("bus: replay: %w", err)
		}
		meta, err := m.Metadata()
		if err != nil {
			return fmt.Errorf("bus: replay metadata: %w", err)
		}
		if first == 0 {
			first = meta.Sequence.Stream
		}
		if meta.Timestamp.After(to) {
			return nil
		}
		_, control := Split(m.Subject())
		if err := fn(Stored{Seq: meta.Sequence.Stream, Time: meta.Timestamp, Control: control, Data: m.Data()},
			ReplayProgress{First: first, Seq: meta.Sequence.Stream, Last: last}); err != nil {
			return err
		}
		if meta.Sequence.Stream >= last || meta.NumPending == 0 {
			return nil
		}
	}
}

var errIdle = errors.New("bus: no message within the idle time")

// nextWithin waits for the next message at most d: an org's last message
// may be far below the stream's last sequence.
func nextWithin(it jetstream.MessagesContext, d time.Duration) (jetstream.Msg, error) {
	type result struct {
		m   jetstream.Msg
		err error
	}
	ch := make(chan result, 1)
	go func() {
		m, err := it.Next()
		ch <- result{m, err}
	}()
	select {
	case r := <-ch:
		return r.m, r.err
	case <-time.After(d):
		it.Stop()
		<-ch
		return nil, errIdle
	}
}
