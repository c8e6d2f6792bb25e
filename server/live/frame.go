package live

import (
	"strconv"

	"scorecast/shared"
)

// frame is one encoded message, shared by every connection it goes to: it is
// encoded once however many subscribers a topic has.
type frame struct {
	seq  uint64
	data []byte
}

// encodeMessage writes a shared.Message as JSON by hand. The data is the
// projector's own json.Marshal output, so it is copied as it is instead of
// being parsed and validated again for every message (json.Marshal of a
// RawMessage does that), which was the hub's largest cost per message.
func encodeMessage(topic string, seq uint64, kind string, data []byte) []byte {
	// 64: the keys, quotes and braces take 36 bytes, a seq up to 20.
	b := make([]byte, 0, len(topic)+len(kind)+len(data)+64)
	b = append(b, `{"topic":`...)
	b = shared.AppendJSONString(b, topic)
	b = append(b, `,"seq":`...)
	b = strconv.AppendUint(b, seq, 10)
	b = append(b, `,"kind":`...)
	b = shared.AppendJSONString(b, kind)
	if len(data) > 0 {
		b = append(b, `,"data":`...)
		b = append(b, data...)
	}
	return append(b, '}')
}
