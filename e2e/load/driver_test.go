package main

import (
	"encoding/json"
	"testing"
	"time"
)

func TestAppendEventJSONMatchesMarshal(t *testing.T) {
	now := time.Date(2026, 11, 26, 16, 35, 1, 123456000, time.UTC)
	for i := range 50 {
		e := makeEvent(i*37, 1000, 50, 5, now.Add(time.Duration(i)*time.Millisecond))
		want, _ := json.Marshal(e)
		if got := appendEventJSON(nil, e); string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	}
}

// An arrival of an event the round did not post (an earlier round's,
// redelivered late, shifted below 0; a warm-up's, far above) is counted as
// unknown, not timed.
func TestLatenciesCountForeignEventsUnknown(t *testing.T) {
	accepted := []int64{100, 200, 0}
	arrived := []arrival{{event: 0, at: 150}, {event: 1, at: 190}, {event: -3, at: 300}, {event: 2, at: 300}, {event: 1_500_000_000, at: 300}}
	d, early, unknown := latencies(arrived, accepted)
	if len(d) != 2 || d[0] != 0 || d[1] != 50 || early != 1 || unknown != 3 {
		t.Fatalf("latencies %v, early %d, unknown %d", d, early, unknown)
	}
}
