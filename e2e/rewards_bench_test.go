package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// BenchmarkRewardsRoundTrip measures, in one run on the built binary, a
// redemption's answer (POST /api/v1/redemptions → 201, which waits for the
// projector's decision) against an ingest's (POST /api/v1/events → 202),
// and a kudos' time from its POST to the frame on the receiver's open
// socket against an event's time from its POST to its points frame.
//
//	go test ./e2e -run '^$' -bench RewardsRoundTrip -benchtime 300x
func BenchmarkRewardsRoundTrip(b *testing.B) {
	s := startServer(b, "")
	const givers = 20
	rewardsBenchRules(b, s)
	var csv = "id,name,role,team,password\nrb-to,Bench Receiver,agent,t-bench,password-rb-to\n"
	for i := range givers {
		csv += fmt.Sprintf("rb-%d,Bench Giver %d,agent,t-bench,password-rb-%d\n", i, i, i)
	}
	status, out := rewardsBenchRoster(b, s, csv)
	require.Equal(b, http.StatusOK, status, string(out))
	from := make([]*browserClient, givers)
	for i := range from {
		from[i] = newClient(b, s)
		from[i].login(fmt.Sprintf("rb-%d", i), fmt.Sprintf("password-rb-%d", i))
	}
	rewardsItem(b, s, "bench-coffee", 1, -1, false)
	rewardsGive(b, s, "rb-0", 1_000_000)
	to := newClient(b, s)
	to.login("rb-to", "password-rb-to")

	ctx := withContext(b, 10*time.Minute)
	c := dialAs(b, ctx, s, to, "")
	c.subscribe(ctx, shared.AgentTopic("rb-to"), nil)
	require.Equal(b, shared.KindSnapshot, c.next(ctx).Kind)
	var mu sync.Mutex
	arrived := map[string]time.Time{}
	notify := make(chan struct{}, 1)
	go func() {
		for {
			_, data, err := c.ws.Read(ctx)
			if err != nil {
				return
			}
			now := time.Now()
			var m shared.Message
			if json.Unmarshal(data, &m) != nil {
				continue
			}
			id := ""
			switch m.Kind {
			case shared.KindPoints:
				var pd shared.PointsData
				if json.Unmarshal(m.Data, &pd) == nil {
					id = pd.Event
				}
			case shared.KindKudos:
				var kd shared.KudosData
				if json.Unmarshal(m.Data, &kd) == nil {
					id = kd.Kudos.ID
				}
			}
			if id == "" {
				continue
			}
			mu.Lock()
			if _, ok := arrived[id]; !ok {
				arrived[id] = now
			}
			mu.Unlock()
			select {
			case notify <- struct{}{}:
			default:
			}
		}
	}()
	waitFrame := func(id string) time.Time {
		for {
			mu.Lock()
			t, ok := arrived[id]
			mu.Unlock()
			if ok {
				return t
			}
			select {
			case <-notify:
			case <-time.After(5 * time.Second):
				b.Fatalf("no frame for %s within 5 s", id)
			}
		}
	}

	// Plain clients: the tests' transport checks every answer against the
	// OpenAPI document, which would be most of what is measured.
	plain := &http.Client{}
	giver := &http.Client{Jar: from[0].c.Jar}
	send := func(c *http.Client, path, auth string, body []byte) (int, []byte) {
		req, err := http.NewRequest(http.MethodPost, s.URL+path, bytes.NewReader(body))
		require.NoError(b, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", s.URL)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := c.Do(req)
		require.NoError(b, err)
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		require.NoError(b, err)
		return resp.StatusCode, out
	}
	redemption := []byte(`{"item":"bench-coffee"}`)
	var ingest, redeem, eventFrame, kudosFrame []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev := survey("rb-to", "t-bench")
		body, _ := json.Marshal(ev)
		start := time.Now()
		status, out := send(plain, "/api/v1/events", "Bearer "+ingestKey, body)
		ingest = append(ingest, time.Since(start))
		if status != http.StatusAccepted {
			b.Fatalf("ingest: %d %s", status, out)
		}
		eventFrame = append(eventFrame, waitFrame(ev.ID).Sub(start))

		start = time.Now()
		status, out = send(giver, "/api/v1/redemptions", "", redemption)
		redeem = append(redeem, time.Since(start))
		if status != http.StatusCreated {
			b.Fatalf("redeem: %d %s", status, out)
		}

		start = time.Now()
		status, out = rewardsCall(b, from[i%givers], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "rb-to", Value: "helpful"}, "")
		if status != http.StatusCreated {
			b.Fatalf("kudos: %d %s", status, out)
		}
		var ka shared.KudosAnswer
		require.NoError(b, json.Unmarshal(out, &ka))
		kudosFrame = append(kudosFrame, waitFrame(ka.ID).Sub(start))
	}
	b.StopTimer()
	report(b, "ingest", ingest)
	report(b, "redeem", redeem)
	report(b, "event→frame", eventFrame)
	report(b, "kudos→frame", kudosFrame)
	b.ReportMetric(float64(percentile(redeem, 50))/float64(percentile(ingest, 50)), "redeem/ingest-p50")
	b.ReportMetric(float64(percentile(kudosFrame, 50))/float64(percentile(eventFrame, 50)), "kudos/event-frame-p50")
}

// rewardsBenchRules puts in force a kudos section generous enough for a
// benchmark: 100 a day per giver.
func rewardsBenchRules(b *testing.B, s *server) {
	b.Helper()
	var rv shared.RulesetVersion
	require.Equal(b, http.StatusOK, s.getJSON("/api/v1/ruleset", &rv))
	var rs map[string]json.RawMessage
	require.NoError(b, json.Unmarshal(rv.Ruleset, &rs))
	rs["kudos"] = json.RawMessage(`{"allowance":100,"period":"day","values":[{"id":"helpful","name":"Helpful"}]}`)
	status, out := s.admin().do(http.MethodPut, "/api/v1/ruleset", rs)
	require.Equal(b, http.StatusOK, status, string(out))
}

// rewardsBenchRoster imports a CSV roster as the admin.
func rewardsBenchRoster(b *testing.B, s *server, csv string) (int, []byte) {
	b.Helper()
	status, _, out := peopleRaw(b, s.admin(), http.MethodPost, "/api/v1/roster", "text/csv", []byte(csv), nil)
	return status, out
}
