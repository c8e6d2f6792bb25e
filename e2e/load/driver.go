package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"scorecast/shared"
)

// eventPrefix starts every event id; the rest is the event's index.
const eventPrefix = "ld-"

// wireEvent is an event as a source system sends it.
type wireEvent struct {
	ID      string         `json:"id"`
	Type    string         `json:"type"`
	Agent   string         `json:"agent"`
	Team    string         `json:"team"`
	Time    time.Time      `json:"time"`
	Metrics map[string]any `json:"metrics"`
}

// makeEvent is a survey of csat stars (5 by default): quality points, no
// daily cap, so every event scores and shows on its agent's topic. Under
// the default ruleset a 5 also earns a coin, a 4 points only (see -csat).
func makeEvent(i, agents, teams, csat int, now time.Time) wireEvent {
	a := i % agents
	return wireEvent{ID: eventPrefix + strconv.Itoa(i), Type: "survey.completed", Agent: agentID(a),
		Team: teamID(a % teams), Time: now, Metrics: map[string]any{"csat": csat}}
}

// appendEventJSON encodes e as json.Marshal would (its ids and names are
// plain ASCII, its one metric a number), without reflection: the harness
// shares the machine with the server it measures, and at full speed
// encoding events was a large part of its CPU.
func appendEventJSON(b []byte, e wireEvent) []byte {
	b = append(b, `{"id":"`...)
	b = append(b, e.ID...)
	b = append(b, `","type":"`...)
	b = append(b, e.Type...)
	b = append(b, `","agent":"`...)
	b = append(b, e.Agent...)
	b = append(b, `","team":"`...)
	b = append(b, e.Team...)
	b = append(b, `","time":"`...)
	b = e.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","metrics":{`...)
	for k, v := range e.Metrics { // one metric
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, `":`...)
		b = strconv.AppendInt(b, int64(v.(int)), 10)
	}
	return append(b, `}}`...)
}

// poster sends events to the ingest API.
type poster struct {
	url    string
	client *http.Client
	csat   int // the stars of the surveys it posts
}

func newPoster(url string, csat int) *poster {
	return &poster{url: url + "/api/v1/events", csat: csat, client: &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: 16},
		Timeout:   30 * time.Second,
	}}
}

// post sends a body and requires a 202.
func (p *poster) post(ctx context.Context, contentType string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("ingest request: %w", err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+ingestKey)
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("ingest answered %d: %.300s", resp.StatusCode, out)
	}
	return nil
}

// pace sends rate events/s for d, the events due every 10 ms in one call
// of send(from, to) (at most 1,000: the ingest API's batch limit), and
// returns each event's accepted time (UnixNano, when send returned) by
// index. It paces both our path and the raw one.
func pace(ctx context.Context, rate int, d time.Duration, send func(from, to int, now time.Time) error) ([]int64, error) {
	total := int(float64(rate) * d.Seconds())
	accepted := make([]int64, total)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	start := time.Now()
	sent := 0
	for sent < total {
		select {
		case <-ctx.Done():
			return accepted[:sent], ctx.Err()
		case now := <-tick.C:
			due := min(total, int(float64(rate)*now.Sub(start).Seconds())+1, sent+1000)
			if due <= sent {
				continue
			}
			if err := send(sent, due, now); err != nil {
				return accepted[:sent], err
			}
			at := time.Now().UnixNano()
			for i := sent; i < due; i++ {
				accepted[i] = at
			}
			sent = due
		}
	}
	return accepted, nil
}

// paced posts rate events/s for d through the ingest API, one JSON array
// every 10 ms (see pace). Event ids are prefix<n>: the fleet times the
// frames of one prefix, so a warm-up's are not timed, and every round has a
// prefix of its own (the stream drops an id it has seen).
func (p *poster) paced(ctx context.Context, rate int, d time.Duration, agents, teams int, prefix string) ([]int64, error) {
	return pace(ctx, rate, d, func(from, to int, now time.Time) error {
		batch := make([]wireEvent, 0, to-from)
		for i := from; i < to; i++ {
			e := makeEvent(i, agents, teams, p.csat, now.UTC())
			e.ID = prefix + strconv.Itoa(i)
			batch = append(batch, e)
		}
		body, _ := json.Marshal(batch) // plain structs always encode
		return p.post(ctx, "application/json", body)
	})
}

// warmUp posts one event per agent (ids outside the load's numbering) and
// returns how many.
func (p *poster) warmUp(ctx context.Context, agents, teams int) (int, error) {
	now := time.Now().UTC()
	for from := 0; from < agents; from += 1000 {
		batch := make([]wireEvent, 0, 1000)
		for i := from; i < min(agents, from+1000); i++ {
			e := makeEvent(i, agents, teams, p.csat, now)
			e.ID = "warm-" + strconv.Itoa(i)
			batch = append(batch, e)
		}
		body, _ := json.Marshal(batch)
		if err := p.post(ctx, "application/json", body); err != nil {
			return 0, fmt.Errorf("warm-up: %w", err)
		}
	}
	return agents, nil
}

// flood posts NDJSON batches of 1,000 from `workers` goroutines as fast as
// the server takes them, for d, and returns how many it sent.
func (p *poster) flood(ctx context.Context, d time.Duration, workers, agents, teams int) (int, error) {
	const batch = 1000
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var next atomic.Int64
	var wg sync.WaitGroup
	var first firstError
	var done atomic.Int64
	for range workers {
		wg.Go(func() {
			var buf bytes.Buffer
			for ctx.Err() == nil {
				from := int(next.Add(batch) - batch)
				buf.Reset()
				now := time.Now().UTC()
				for i := from; i < from+batch; i++ {
					buf.Write(appendEventJSON(buf.AvailableBuffer(), makeEvent(i, agents, teams, p.csat, now)))
					buf.WriteByte('\n')
				}
				if err := p.post(context.WithoutCancel(ctx), "application/x-ndjson", buf.Bytes()); err != nil {
					first.report(err)
					cancel()
					return
				}
				done.Add(batch)
			}
		})
	}
	wg.Wait()
	if err := first.get(); err != nil {
		return int(done.Load()), err
	}
	// Every batch taken from next was posted; they are all numbered below it.
	return int(next.Load()), nil
}

// applied is the projection's last applied stream sequence, read from the
// all-time leaderboard's "at".
func applied(ctx context.Context, s *server) (uint64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/api/v1/leaderboards/"+shared.BoardAgents+"?period=all&limit=1", nil)
	if err != nil {
		return 0, err
	}
	req.Header = s.header()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("leaderboard: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		out, _ := io.ReadAll(resp.Body)
		return 0, fmt.Errorf("leaderboard: %d %.200s", resp.StatusCode, out)
	}
	var lb shared.Leaderboard
	if err := json.NewDecoder(resp.Body).Decode(&lb); err != nil {
		return 0, fmt.Errorf("leaderboard: %w", err)
	}
	return lb.At, nil
}

// waitApplied polls until the projection has applied seq, and returns when
// it first saw it; it gives up after limit.
func waitApplied(ctx context.Context, s *server, seq uint64, limit time.Duration) (time.Time, error) {
	deadline := time.Now().Add(limit)
	for {
		at, err := applied(ctx, s)
		now := time.Now()
		if err == nil && at >= seq {
			return now, nil
		}
		if now.After(deadline) {
			return now, fmt.Errorf("projection at %d, not %d, after %s (last error %v)", at, seq, limit, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
