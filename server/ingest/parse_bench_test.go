package ingest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// body1000 is a POST of 1,000 events as a JSON array, the largest ingest takes.
func body1000() []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := range 1000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"zd-%d-solved","type":"ticket.solved","agent":"a-%d","time":"2026-11-24T09:41:07Z","team":"t-%d","metrics":{"handle_seconds":%d,"fcr":true,"csat":4.5},"attrs":{"channel":"email","queue":"billing"}}`, i, i%300, i%15, 200+i%400)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// BenchmarkDecodeBody is ingest's work on a body before the stream: cut it
// into events, parse and validate each, encode each for the stream.
func BenchmarkDecodeBody(b *testing.B) {
	body := body1000()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		items, err := split(body, false, 1000)
		if err != nil {
			b.Fatal(err)
		}
		events, problems := parse(items, now)
		if len(problems) > 0 {
			b.Fatal(problems)
		}
		for i := range events {
			if _, err := json.Marshal(&events[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
