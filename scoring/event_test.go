package scoring

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

const validEventJSON = `{"id":"zd-48213-solved","type":"ticket.solved","agent":"a-17","time":"2026-11-24T09:41:07Z",
 "team":"t-north","metrics":{"csat":5,"handle_seconds":412,"first_contact_resolution":true},
 "attrs":{"channel":"email"}}`

func TestParseEventValid(t *testing.T) {
	ev, problems := ParseEvent([]byte(validEventJSON), testNow)
	require.Empty(t, problems)
	assert.Equal(t, Event{
		ID: "zd-48213-solved", Type: "ticket.solved", Agent: "a-17",
		Time: time.Date(2026, 11, 24, 9, 41, 7, 0, time.UTC), Team: "t-north",
		Metrics: map[string]any{"csat": 5.0, "handle_seconds": 412.0, "first_contact_resolution": true},
		Attrs:   map[string]string{"channel": "email"},
	}, ev)
}

// patch builds an event document from the valid one with fields replaced
// (a nil value deletes the field).
func patch(t *testing.T, fields map[string]any) []byte {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(validEventJSON), &doc))
	for k, v := range fields {
		if v == nil {
			delete(doc, k)
		} else {
			doc[k] = v
		}
	}
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	return b
}

func TestParseEventFieldRules(t *testing.T) {
	many := func(n int, v any) map[string]any {
		m := map[string]any{}
		for i := 0; i < n; i++ {
			m["m"+strings.Repeat("x", i%5)+string(rune('a'+i%26))+string(rune('a'+i/26))] = v
		}
		return m
	}
	tests := []struct {
		name  string
		doc   []byte
		want  []FieldError // nil: valid
		check func(t *testing.T, ev Event)
	}{
		{name: "id missing", doc: patch(t, map[string]any{"id": nil}), want: []FieldError{{"id", "is required"}}},
		{name: "id empty", doc: patch(t, map[string]any{"id": ""}), want: []FieldError{{"id", msgID}}},
		{name: "id bad char", doc: patch(t, map[string]any{"id": "a b"}), want: []FieldError{{"id", msgID}}},
		{name: "id 128 ok", doc: patch(t, map[string]any{"id": strings.Repeat("A", 128)})},
		{name: "id 129", doc: patch(t, map[string]any{"id": strings.Repeat("A", 129)}), want: []FieldError{{"id", msgID}}},
		{name: "id number", doc: patch(t, map[string]any{"id": 7}), want: []FieldError{{"id", "must be a string"}}},
		{name: "id all chars", doc: patch(t, map[string]any{"id": "Az09._:-"})},
		{name: "type upper", doc: patch(t, map[string]any{"type": "Ticket.solved"}), want: []FieldError{{"type", msgType}}},
		{name: "type 65", doc: patch(t, map[string]any{"type": strings.Repeat("a", 65)}), want: []FieldError{{"type", msgType}}},
		{name: "type colon", doc: patch(t, map[string]any{"type": "a:b"}), want: []FieldError{{"type", msgType}}},
		{name: "agent at", doc: patch(t, map[string]any{"agent": "anna@example.com"})},
		{name: "agent slash", doc: patch(t, map[string]any{"agent": "a/17"}), want: []FieldError{{"agent", msgAgent}}},
		{name: "agent missing", doc: patch(t, map[string]any{"agent": nil}), want: []FieldError{{"agent", "is required"}}},
		{name: "time missing", doc: patch(t, map[string]any{"time": nil}), want: []FieldError{{"time", "is required"}}},
		{name: "time not rfc3339", doc: patch(t, map[string]any{"time": "24/11/2026"}), want: []FieldError{{"time", msgTime}}},
		{name: "time number", doc: patch(t, map[string]any{"time": 1764000000}), want: []FieldError{{"time", msgTime}}},
		{name: "time offset normalised", doc: patch(t, map[string]any{"time": "2026-11-24T10:41:07.5+01:00"}),
			check: func(t *testing.T, ev Event) {
				assert.Equal(t, time.Date(2026, 11, 24, 9, 41, 7, 5e8, time.UTC), ev.Time)
			}},
		{name: "time 5 min ahead ok", doc: patch(t, map[string]any{"time": "2026-11-24T10:05:00Z"})},
		{name: "time too far ahead", doc: patch(t, map[string]any{"time": "2026-11-24T10:05:01Z"}),
			want: []FieldError{{"time", "is more than 5 minutes in the future"}}},
		{name: "team empty is none", doc: patch(t, map[string]any{"team": ""}),
			check: func(t *testing.T, ev Event) { assert.Empty(t, ev.Team) }},
		{name: "team bad", doc: patch(t, map[string]any{"team": "t north"}), want: []FieldError{{"team", msgAgent}}},
		{name: "team null", doc: patch(t, map[string]any{"team": nil})},
		{name: "metrics string", doc: patch(t, map[string]any{"metrics": map[string]any{"csat": "5"}}),
			want: []FieldError{{"metrics.csat", "must be a finite number or a boolean"}}},
		{name: "metrics null value", doc: []byte(`{"id":"e","type":"t","agent":"a","time":"2026-11-24T09:00:00Z","metrics":{"csat":null}}`),
			want: []FieldError{{"metrics.csat", "must be a finite number or a boolean"}}},
		{name: "metrics object value", doc: patch(t, map[string]any{"metrics": map[string]any{"csat": map[string]any{}}}),
			want: []FieldError{{"metrics.csat", "must be a finite number or a boolean"}}},
		{name: "metrics overflow", doc: []byte(`{"id":"e","type":"t","agent":"a","time":"2026-11-24T09:00:00Z","metrics":{"big":1e400}}`),
			want: []FieldError{{"metrics.big", "must be a finite number or a boolean"}}},
		{name: "metrics not object", doc: patch(t, map[string]any{"metrics": []any{1}}), want: []FieldError{{"metrics", "must be a JSON object"}}},
		{name: "metrics bad name", doc: patch(t, map[string]any{"metrics": map[string]any{"CSAT": 5}}),
			want: []FieldError{{"metrics.CSAT", msgName}}},
		{name: "metrics digit first", doc: patch(t, map[string]any{"metrics": map[string]any{"1x": 5}}),
			want: []FieldError{{"metrics.1x", msgName}}},
		{name: "metrics 32 ok", doc: patch(t, map[string]any{"metrics": many(32, 1)})},
		{name: "metrics 33", doc: patch(t, map[string]any{"metrics": many(33, 1), "attrs": nil}),
			want: []FieldError{{"metrics", "must have at most 32 entries, has 33"}}},
		{name: "metrics empty is nil", doc: patch(t, map[string]any{"metrics": map[string]any{}}),
			check: func(t *testing.T, ev Event) { assert.Nil(t, ev.Metrics) }},
		{name: "attrs number", doc: patch(t, map[string]any{"attrs": map[string]any{"channel": 1}}),
			want: []FieldError{{"attrs.channel", "must be a string"}}},
		{name: "attrs 256 ok", doc: patch(t, map[string]any{"attrs": map[string]any{"note": strings.Repeat("é", 256)}})},
		{name: "attrs 257", doc: patch(t, map[string]any{"attrs": map[string]any{"note": strings.Repeat("a", 257)}}),
			want: []FieldError{{"attrs.note", "must be at most 256 characters"}}},
		{name: "attrs 33", doc: patch(t, map[string]any{"attrs": many(33, "x"), "metrics": nil}),
			want: []FieldError{{"attrs", "must have at most 32 entries, has 33"}}},
		{name: "attrs clash metric", doc: patch(t, map[string]any{"attrs": map[string]any{"csat": "x"}}),
			want: []FieldError{{"attrs.csat", "has the same name as a metric"}}},
		{name: "unknown field", doc: patch(t, map[string]any{"extra": 1}), want: []FieldError{{"extra", "is not a known field"}}},
		{name: "duplicate field", doc: []byte(`{"id":"e","id":"f","type":"t","agent":"a","time":"2026-11-24T09:00:00Z"}`),
			want: []FieldError{{"id", "is given more than once"}}},
		{name: "not an object", doc: []byte(`[1]`), want: []FieldError{{"", "must be a JSON object"}}},
		{name: "empty", doc: []byte(``), want: []FieldError{{"", "must be a JSON object"}}},
		{name: "trailing", doc: []byte(`{"id":"e","type":"t","agent":"a","time":"2026-11-24T09:00:00Z"} {}`),
			want: []FieldError{{"", "has data after the JSON object"}}},
		{name: "broken json", doc: []byte(`{"id":"e",`), want: []FieldError{{"", "is not valid JSON: it ends too early"}}},
		{name: "batch of problems in field order", doc: []byte(`{"zzz":1,"attrs":{"a":1},"metrics":{"b":"x"},"team":"?","time":"x","agent":"","type":"T"}`),
			want: []FieldError{
				{"id", "is required"}, {"type", msgType}, {"agent", msgAgent}, {"time", msgTime}, {"team", msgAgent},
				{"metrics.b", msgMetric}, {"attrs.a", msgString}, {"zzz", msgUnknown},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, problems := ParseEvent(tt.doc, testNow)
			assert.Equal(t, tt.want, problems)
			if tt.check != nil {
				tt.check(t, ev)
			}
		})
	}
}

func TestParseEventRoundTrip(t *testing.T) {
	ev, problems := ParseEvent([]byte(validEventJSON), testNow)
	require.Empty(t, problems)
	b, err := json.Marshal(ev)
	require.NoError(t, err)
	again, problems := ParseEvent(b, testNow)
	require.Empty(t, problems)
	assert.Equal(t, ev, again)
}
