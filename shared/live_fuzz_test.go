package shared

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzClientMessage feeds the live socket's message parser (what the hub
// does with every frame a client sends) arbitrary bytes: it never panics,
// and a topic it accepts is one the hub can route.
func FuzzClientMessage(f *testing.F) {
	for _, seed := range []string{
		`{"op":"subscribe","topic":"agent/a-17","since":120}`,
		`{"op":"unsubscribe","topic":"board/agents/day"}`,
		`{"op":"subscribe","topic":"org"}`,
		`{"op":"subscribe","topic":"team//x"}`,
		`{"op":"subscribe","topic":"board/a/b/c","since":-1}`,
		`[]`, `null`, `{"since":1e400}`, "\x00",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m ClientMessage
		if json.Unmarshal(data, &m) != nil {
			return
		}
		kind, parts, ok := ParseTopic(m.Topic)
		if !ok {
			return
		}
		switch kind {
		case TopicOrg:
			if m.Topic != TopicOrg || parts != nil {
				t.Fatalf("org topic %q parsed as %v", m.Topic, parts)
			}
		case "agent", "team", "board":
			for _, p := range parts {
				if p == "" || strings.Contains(p, "/") {
					t.Fatalf("topic %q gave part %q", m.Topic, p)
				}
			}
			if kind+"/"+strings.Join(parts, "/") != m.Topic {
				t.Fatalf("topic %q does not rebuild from %s %v", m.Topic, kind, parts)
			}
		default:
			t.Fatalf("topic %q: unknown kind %q", m.Topic, kind)
		}
	})
}
