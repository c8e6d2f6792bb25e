package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// liveClient is a real WebSocket client of /api/v1/live.
type liveClient struct {
	tb testing.TB
	ws *websocket.Conn
}

// dialLive connects as the org's admin.
func dialLive(tb testing.TB, ctx context.Context, s *server) *liveClient {
	tb.Helper()
	return dialAs(tb, ctx, s, s.admin(), "")
}

// dialAs connects with a client's session cookie, or with an Authorization
// header (a display token) when authorization is set.
func dialAs(tb testing.TB, ctx context.Context, s *server, bc *browserClient, authorization string) *liveClient {
	tb.Helper()
	ws, err := tryDial(ctx, s, bc, authorization)
	require.NoError(tb, err)
	ws.SetReadLimit(1 << 20)
	tb.Cleanup(func() { ws.CloseNow() })
	c := &liveClient{tb: tb, ws: ws}
	c.hello(ctx)
	return c
}

func (c *liveClient) send(ctx context.Context, m shared.ClientMessage) {
	c.tb.Helper()
	data, _ := json.Marshal(m)
	require.NoError(c.tb, c.ws.Write(ctx, websocket.MessageText, data))
}

func (c *liveClient) subscribe(ctx context.Context, topic string, since *uint64) {
	c.send(ctx, shared.ClientMessage{Op: shared.OpSubscribe, Topic: topic, Since: since})
}

func (c *liveClient) next(ctx context.Context) shared.Message {
	c.tb.Helper()
	_, data, err := c.ws.Read(ctx)
	require.NoError(c.tb, err)
	var m shared.Message
	require.NoError(c.tb, json.Unmarshal(data, &m))
	return m
}

// nextOn returns the next message of topic, skipping others.
func (c *liveClient) nextOn(ctx context.Context, topic string) shared.Message {
	c.tb.Helper()
	for {
		if m := c.next(ctx); m.Topic == topic {
			return m
		}
	}
}

// TestLiveProtocol checks the live socket as API.md describes it: a snapshot
// first, then points with seq rising by one, resume with since, errors for
// bad topics.
func TestLiveProtocol(t *testing.T) {
	s := startServer(t, "")
	ctx := withContext(t, time.Minute)
	c := dialLive(t, ctx, s)
	topic := shared.AgentTopic("a-live")
	c.subscribe(ctx, topic, nil)
	snap := c.next(ctx)
	require.Equal(t, shared.KindSnapshot, snap.Kind)
	var view shared.AgentView
	require.NoError(t, json.Unmarshal(snap.Data, &view))
	assert.Equal(t, "a-live", view.ID)
	assert.Zero(t, view.XP)

	s.ingest(ticket("a-live", "t-live", true))
	m := c.next(ctx)
	require.Equal(t, shared.KindPoints, m.Kind, string(m.Data))
	assert.Equal(t, snap.Seq+1, m.Seq)
	var pd shared.PointsData
	require.NoError(t, json.Unmarshal(m.Data, &pd))
	assert.Positive(t, pd.Points)
	require.Nil(t, pd.Patch, "the first message after a subscription carries the whole view")
	followed := view
	require.True(t, pd.ApplyTo(&followed))
	assert.Equal(t, followed.XP, followed.Points[shared.PeriodAll].Points)
	last := m.Seq
	// follow applies messages until the view holds the agent's XP as the
	// REST API has it (a ticket may give several point outcomes), and
	// reports whether any of them was a patch.
	follow := func() (patched bool) {
		for want := s.agent("a-live").XP; followed.XP < want; {
			m = c.next(ctx)
			require.Equal(t, last+1, m.Seq)
			last = m.Seq
			require.Equal(t, shared.KindPoints, m.Kind, string(m.Data))
			pd = shared.PointsData{}
			require.NoError(t, json.Unmarshal(m.Data, &pd))
			patched = patched || pd.Patch != nil
			require.True(t, pd.ApplyTo(&followed), "a patch made against the view the topic's last message carried")
		}
		return patched
	}
	follow()

	// Later messages carry what changed, and a client that applies them in
	// order holds the view the REST API answers.
	volume := followed.Points[shared.PeriodAll].Categories["volume"]
	s.ingest(ticket("a-live", "t-live", false))
	s.ingest(ticket("a-live", "t-live", true))
	// follow aims at the XP the REST API has when it starts: wait until
	// that includes both tickets (10 volume points each).
	s.waitAgent("a-live", func(v shared.AgentView) bool {
		return v.Points[shared.PeriodAll].Categories["volume"] >= volume+20
	})
	assert.True(t, follow(), "points messages after the first carry patches")
	rest := s.agent("a-live")
	assert.Equal(t, rest.Points, followed.Points)
	assert.Equal(t, rest.Badges, followed.Badges)
	assert.Equal(t, rest.Challenges, followed.Challenges)
	assert.Equal(t, rest.Rank, followed.Rank)
	assert.Equal(t, rest.Level, followed.Level)

	// A second client resumes from a seq it saw and gets exactly what it missed.
	s.ingest(training("a-live", ""))
	c2 := dialLive(t, ctx, s)
	since := last
	c2.subscribe(ctx, topic, &since)
	r := c2.next(ctx)
	assert.Equal(t, shared.KindPoints, r.Kind)
	assert.Equal(t, last+1, r.Seq)

	// A since from nowhere gets a fresh snapshot.
	c3 := dialLive(t, ctx, s)
	bogus := uint64(7)
	c3.subscribe(ctx, topic, &bogus)
	assert.Equal(t, shared.KindSnapshot, c3.next(ctx).Kind)

	// Bad topics get an error and nothing else.
	c3.subscribe(ctx, "board/nope/day", nil)
	e := c3.nextOn(ctx, "board/nope/day")
	assert.Equal(t, shared.KindError, e.Kind)
	c3.subscribe(ctx, "weird", nil)
	assert.Equal(t, shared.KindError, c3.nextOn(ctx, "weird").Kind)

	// A board topic gets a snapshot, then board messages.
	c3.subscribe(ctx, shared.BoardTopic(shared.BoardAgents, shared.PeriodDay), nil)
	b := c3.nextOn(ctx, "board/agents/day")
	require.Equal(t, shared.KindSnapshot, b.Kind)
	var lb shared.Leaderboard
	require.NoError(t, json.Unmarshal(b.Data, &lb))
	require.NotEmpty(t, lb.Entries)
	assert.Equal(t, "a-live", lb.Entries[0].Agent)

	// Garbage closes the socket with the documented code.
	require.NoError(t, c3.ws.Write(ctx, websocket.MessageText, []byte("not json")))
	for {
		_, _, err := c3.ws.Read(ctx)
		if err != nil {
			assert.Equal(t, websocket.StatusCode(shared.CloseBadMessage), websocket.CloseStatus(err), "err %v", err)
			break
		}
	}
}

func tryDial(ctx context.Context, s *server, bc *browserClient, authorization string) (*websocket.Conn, error) {
	opts := &websocket.DialOptions{HTTPHeader: http.Header{}}
	if bc != nil {
		opts.HTTPClient = bc.c
	}
	if authorization != "" {
		opts.HTTPHeader.Set("Authorization", authorization)
	}
	ws, _, err := websocket.Dial(ctx, strings.Replace(s.URL, "http", "ws", 1)+"/api/v1/live", opts)
	return ws, err
}

// TestBoardBurstIsCoalescedAndEndsOnTheLatest sends a burst of events that
// moves a board a hundred times in well under a second: a board subscriber
// gets a few frames, not a hundred, seq still rising by one, and the last
// frame shows the board as it finally is.
func TestBoardBurstIsCoalescedAndEndsOnTheLatest(t *testing.T) {
	s := startServer(t, "")
	ctx := withContext(t, 30*time.Second)
	topic := shared.BoardTopic(shared.BoardAgents, shared.PeriodDay)
	c := dialLive(t, ctx, s)
	c.subscribe(ctx, topic, nil)
	snap := c.nextOn(ctx, topic)
	require.Equal(t, shared.KindSnapshot, snap.Kind)

	frames := make(chan shared.Message, 256)
	go func() {
		defer close(frames)
		for {
			_, data, err := c.ws.Read(ctx)
			if err != nil {
				return
			}
			var m shared.Message
			if json.Unmarshal(data, &m) == nil && m.Topic == topic {
				frames <- m
			}
		}
	}()
	start := time.Now()
	for round := range 10 {
		var burst []event
		for i := range 10 {
			burst = append(burst, survey(fmt.Sprintf("burst-%d", (round*3+i)%10), "t-burst"))
		}
		s.ingest(burst...)
	}
	sent := time.Since(start)

	// Frames until the board is final: everyone has had their ten surveys
	// (equal points) and no frame came for a second; a slow machine only
	// makes this take longer.
	var got []shared.Message
	var lastAt time.Time
	var now shared.Leaderboard
	final := func() bool {
		now = shared.Leaderboard{}
		if s.getJSON("/api/v1/leaderboards/"+shared.BoardAgents+"?period=day", &now) != http.StatusOK || len(now.Entries) != 10 {
			return false
		}
		for _, e := range now.Entries {
			if e.Points != now.Entries[0].Points {
				return false
			}
		}
		return true
	}
	deadline := time.After(20 * time.Second)
	for quiet := time.NewTimer(time.Second); ; {
		select {
		case m, ok := <-frames:
			require.True(t, ok, "socket closed")
			got, lastAt = append(got, m), time.Now()
			quiet.Reset(time.Second)
			continue
		case <-quiet.C:
			if !final() {
				quiet.Reset(100 * time.Millisecond)
				continue
			}
		case <-deadline:
			t.Fatalf("the board never settled: %d frames, board %+v", len(got), now)
		}
		break
	}
	require.NotEmpty(t, got)
	for i, m := range got {
		assert.Equal(t, shared.KindBoard, m.Kind)
		assert.Equal(t, snap.Seq+uint64(i)+1, m.Seq, "seq rises by one")
	}
	// At most one frame per 250 ms while the board moved, and one at each
	// edge of the burst.
	moved := lastAt.Sub(start)
	assert.LessOrEqual(t, len(got), int(moved/(250*time.Millisecond))+3, "%d frames for 100 events over %s (sent in %s)", len(got), moved, sent)

	var last shared.Leaderboard
	require.NoError(t, json.Unmarshal(got[len(got)-1].Data, &last))
	assert.Equal(t, now.Entries, last.Entries, "the last frame is the board as it is")
}
