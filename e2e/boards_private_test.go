package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// frames collects what a live client receives, read by a goroutine of its
// own, for polling with deadlines.
type frames struct {
	mu  sync.Mutex
	got []shared.Message
}

func collect(ctx context.Context, c *liveClient) *frames {
	f := &frames{}
	go func() {
		for {
			_, data, err := c.ws.Read(ctx)
			if err != nil {
				return
			}
			var m shared.Message
			if json.Unmarshal(data, &m) != nil {
				continue
			}
			f.mu.Lock()
			f.got = append(f.got, m)
			f.mu.Unlock()
		}
	}()
	return f
}

// all is a copy of the frames received so far.
func (f *frames) all() []shared.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]shared.Message(nil), f.got...)
}

// index is the position of the first frame from from on with topic and
// kind, or -1.
func index(ms []shared.Message, from int, topic, kind string) int {
	for i := from; i < len(ms); i++ {
		if ms[i].Topic == topic && ms[i].Kind == kind {
			return i
		}
	}
	return -1
}

// TestBoardsPrivateDropsAgentsBoardSubscriptions: boards made private to
// agents take the board subscriptions agents already hold on an open socket
// away, with an error frame on each; a supervisor's goes on.
func TestBoardsPrivateDropsAgentsBoardSubscriptions(t *testing.T) {
	s := startServer(t, "")
	a := s.admin()
	agent := peopleUser(t, s, "a-bp", "Bea Private", "agent", "t-bp")
	sup := peopleUser(t, s, "s-bp", "Sam Super", "supervisor", "")
	s.ingest(survey("a-bp", "t-bp"))
	first := s.waitAgent("a-bp", func(v shared.AgentView) bool { return v.XP > 0 })

	ctx := withContext(t, 60*time.Second)
	board := shared.BoardTopic(shared.BoardAgents, shared.PeriodDay)
	ac := dialAs(t, ctx, s, agent, "")
	sc := dialAs(t, ctx, s, sup, "")
	for _, c := range []*liveClient{ac, sc} {
		c.subscribe(ctx, board, nil)
		require.Equal(t, shared.KindSnapshot, c.nextOn(ctx, board).Kind)
	}
	af, sf := collect(ctx, ac), collect(ctx, sc)

	status, out := a.do(http.MethodPut, "/api/v1/org", map[string]any{"public_boards": false})
	require.Equal(t, http.StatusOK, status, string(out))

	// The agent's board subscription is dropped at once, with an error frame.
	var dropped int
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		ms := af.all()
		dropped = index(ms, 0, board, shared.KindError)
		if !assert.GreaterOrEqual(c, dropped, 0, "the agent's error frame on %s", board) {
			return
		}
		var e shared.ErrorData
		assert.NoError(c, json.Unmarshal(ms[dropped].Data, &e))
		assert.True(c, strings.Contains(e.Error, "not allowed") && strings.Contains(e.Error, "private"), "error %q", e.Error)
	}, 10*time.Second, 20*time.Millisecond)

	// New events move the board: the supervisor still gets its frames.
	from := len(sf.all())
	s.ingest(survey("a-bp", "t-bp"), survey("a-bp", "t-bp"))
	s.waitAgent("a-bp", func(v shared.AgentView) bool { return v.XP > first.XP })
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.GreaterOrEqual(c, index(sf.all(), from, board, shared.KindBoard), 0, "the supervisor's board frame after the change")
	}, 10*time.Second, 20*time.Millisecond)

	// A board frame fanned out with the supervisor's would be queued to the
	// agent before anything it asks for now: subscribe to the org topic and
	// wait for its snapshot, then no board frame may have come.
	ac.subscribe(ctx, shared.TopicOrg, nil)
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.GreaterOrEqual(c, index(af.all(), dropped, shared.TopicOrg, shared.KindSnapshot), 0, "the agent's org snapshot")
	}, 10*time.Second, 20*time.Millisecond)
	for _, m := range af.all()[dropped+1:] {
		assert.NotEqual(t, board, m.Topic, "the agent got a board frame after its subscription was dropped: %+v", m)
	}

	// And the supervisor's board goes on after that too.
	seen := len(sf.all())
	s.ingest(survey("a-bp", "t-bp"))
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		assert.GreaterOrEqual(c, index(sf.all(), seen, board, shared.KindBoard), 0, "another supervisor's board frame")
	}, 10*time.Second, 20*time.Millisecond)
}
