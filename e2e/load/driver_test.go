package main

import (
	"encoding/json"
	"testing"
	"time"
)

func TestAppendEventJSONMatchesMarshal(t *testing.T) {
	now := time.Date(2026, 11, 26, 16, 35, 1, 123456000, time.UTC)
	for i := range 50 {
		e := makeEvent(i*37, 1000, 50, now.Add(time.Duration(i)*time.Millisecond))
		want, _ := json.Marshal(e)
		if got := appendEventJSON(nil, e); string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	}
}
