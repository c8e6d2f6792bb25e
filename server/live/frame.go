package live

import (
	"encoding/json"
	"strconv"
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
	b = AppendJSONString(b, topic)
	b = append(b, `,"seq":`...)
	b = strconv.AppendUint(b, seq, 10)
	b = append(b, `,"kind":`...)
	b = AppendJSONString(b, kind)
	if len(data) > 0 {
		b = append(b, `,"data":`...)
		b = append(b, data...)
	}
	return append(b, '}')
}

// AppendJSONString appends s quoted as encoding/json does; plain ASCII
// (every topic, kind and id the server makes) is copied, anything else goes
// through encoding/json. The projector uses it for messages it encodes by
// hand.
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
