package live

import (
	"encoding/json"

	"scorecast/shared"
)

// sendHello queues the hello, the first frame of every connection: it names
// the protocol version, so that a client built for another version asks for
// a reload instead of misreading the frames that follow.
func (c *conn) sendHello() {
	data, _ := json.Marshal(shared.HelloData{Protocol: shared.ProtocolVersion}) // a struct of an int always encodes
	frame, _ := appendFrame(nil, &Message{Kind: shared.KindHello, Data: json.RawMessage(data)}, 0, nil)
	c.send(frame)
}
