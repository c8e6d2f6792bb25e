package projector

import (
	"scorecast/server/live"
	"scorecast/server/projection"
	"scorecast/shared"
)

// renameOnBoards names every board topic of the org that someone follows,
// after a change of how people appear (consent, photo, name, team colour):
// the hub sends those boards' whole state again, so a TV stops showing the
// name of an agent who just chose to be hidden without waiting for the next
// event. The change was committed on its own, so it is durable already.
// Called with the State locked.
func (p *Projector) renameOnBoards(o *projection.Org, seq uint64) {
	var msgs []live.Message
	for _, bd := range o.Boards() {
		for _, period := range bd.Periods {
			if topic := shared.BoardTopic(bd.ID, period); p.cfg.Live.Watching(o.ID(), topic) {
				msgs = append(msgs, live.Message{Topic: topic, Kind: shared.KindBoard})
			}
		}
	}
	if len(msgs) == 0 {
		return
	}
	p.handOver(inflight{wait: durable, seq: seq, live: map[string][]live.Message{o.ID(): msgs}})
}

// durable is the wait of a commit already made.
func durable() error { return nil }
