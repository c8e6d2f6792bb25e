package ingest

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
)

func TestSplitArray(t *testing.T) {
	for _, tc := range []struct {
		body string
		want []string
	}{
		{`[]`, nil},
		{` [ ] `, nil},
		{`[{"id":"a"}]`, []string{`{"id":"a"}`}},
		{"[ {\"id\":\"a,]}\"} ,\n{\"m\":[1,{\"x\":\"\\\"]\"}]} ]", []string{`{"id":"a,]}"}`, `{"m":[1,{"x":"\"]"}]}`}},
		{`[1, "two", null]`, []string{`1`, `"two"`, `null`}},
	} {
		items, err := splitArray([]byte(tc.body), 10)
		require.NoError(t, err, tc.body)
		var got []string
		for _, it := range items {
			got = append(got, string(it))
		}
		assert.Equal(t, tc.want, got, tc.body)
	}
	for _, bad := range []string{`[`, `[{"id":"a"}`, `[{"id":"a"} {"id":"b"}]`, `[{"id":"a"},]`, `[,]`, `[{"id":"a}]`, `[{"id":"a"}] x`, `[{]`, `{"id":"a"}`} {
		_, err := splitArray([]byte(bad), 10)
		assert.Error(t, err, bad)
	}
	_, err := splitArray([]byte(`[1,2,3]`), 2)
	assert.ErrorIs(t, err, errTooMany)
}

// FuzzSplitArray holds splitArray to encoding/json: on any body that
// encoding/json reads as an array, the elements are the same; on any other,
// either splitArray refuses it or an element is one ParseEvent refuses, so
// the request is refused all the same.
func FuzzSplitArray(f *testing.F) {
	for _, s := range []string{`[]`, `[{"id":"a","type":"t","agent":"x","time":"2026-01-01T00:00:00Z"}]`, `[{"a":"]"},{"b":[1,2]}]`, `[1 2]`, `[{"a":1}`, `["\"",{}]`} {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		body = bytes.TrimSpace(body)
		items, err := splitArray(body, 1000)
		var want []json.RawMessage
		if json.Unmarshal(body, &want) == nil && len(body) > 0 && body[0] == '[' {
			require.NoError(t, err, "%q", body)
			require.Len(t, items, len(want))
			for i := range want {
				assert.Equal(t, string(bytes.TrimSpace(want[i])), string(items[i]))
			}
			return
		}
		if err != nil {
			return
		}
		for _, it := range items {
			if _, problems := scoring.ParseEvent(it, now); len(problems) > 0 {
				return
			}
		}
		t.Fatalf("%q is no JSON array, yet split into events that all parse", body)
	})
}

// TestSplitLargeBodies cuts bodies of 1,000 events, well over any reading
// buffer, as NDJSON and as an array: every event comes out whole and
// parses (lines once aliased a scanner's buffer that the next read reused).
func TestSplitLargeBodies(t *testing.T) {
	body := body1000()
	items, err := split(body, false, 1000)
	require.NoError(t, err)
	require.Len(t, items, 1000)
	lines := bytes.Join(items, []byte("\r\n"))
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for _, b := range [][]byte{body, lines} {
		items, err := split(b, b[0] != '[', 1000)
		require.NoError(t, err)
		require.Len(t, items, 1000)
		events, problems := parse(items, now)
		require.Empty(t, problems)
		assert.Equal(t, "zd-999-solved", events[999].ID)
	}
}
