package app

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// The live data of a tab goes through go-app's state: the tab's one live
// client folds what arrives into one state per topic, on the UI goroutine,
// and pages observe the states they show. Pages say which topics they
// follow with the actionLiveWant action; the connection follows the union.

// actionLiveWant is the action whose value (a liveWant) says which topics a
// page follows.
const actionLiveWant = "scorecast/live-want"

// liveStatusKey is the state of the tab's connection, a liveStatus.
const liveStatusKey = "scorecast/live-status"

// liveKey is the state of one topic: an *agentState, *teamState,
// *boardState or *orgFeed, by the topic's kind.
func liveKey(topic string) string { return "scorecast/live/" + topic }

// tabLive is a tab's live client and the state it feeds. Routes makes the
// one of the wasm process, which is one tab; on the server it never starts.
type tabLive struct {
	client *liveClient
	sink   liveSink

	mu  sync.Mutex
	ctx goapp.Context // the body's, from the first want: it never dismounts

	// topics holds each followed topic's state; only the UI goroutine
	// touches it.
	topics map[string]any

	// toastTTL and celebrationTTL are how long a toast and a celebration
	// stay in an agent's state.
	toastTTL, celebrationTTL time.Duration
}

func newTabLive() *tabLive {
	return &tabLive{client: newLiveClient(), topics: map[string]any{}, toastTTL: toastTTL, celebrationTTL: celebrationTTL}
}

// handleWant is the handler of actionLiveWant; go-app runs it on a
// goroutine of its own with the body's context.
func (t *tabLive) handleWant(ctx goapp.Context, a goapp.Action) {
	w, ok := a.Value.(liveWant)
	if !ok || !goapp.IsClient {
		return
	}
	t.mu.Lock()
	t.ctx = ctx
	t.mu.Unlock()
	start, dropped := t.client.want(w)
	if len(dropped) > 0 {
		t.post(liveUpdate{Dropped: dropped})
	}
	if start {
		ctx.Async(func() { t.client.run(ctx, t.post) })
	}
}

// post hands an update to the UI goroutine, coalesced with those not yet
// taken.
func (t *tabLive) post(u liveUpdate) {
	if !t.sink.add(u) {
		return
	}
	t.mu.Lock()
	ctx := t.ctx
	t.mu.Unlock()
	ctx.Dispatch(t.flush)
}

// flush folds what arrived into the topics' states and sets each changed
// one once.
func (t *tabLive) flush(ctx goapp.Context) {
	u := t.sink.take()
	if u.Status != nil {
		ctx.SetState(liveStatusKey, *u.Status)
	}
	for _, topic := range u.Dropped {
		if !t.client.wanted(topic) {
			delete(t.topics, topic)
			ctx.DelState(liveKey(topic))
		}
	}
	changed := map[string]bool{}
	now := time.Now()
	for _, m := range u.Msgs {
		if !t.client.wanted(m.Topic) {
			continue // let go of while the message was on its way
		}
		if m.Kind == shared.KindRuleset {
			glossaryAnnounced(ctx, rulesetVersion(m)) // words.go
		}
		changed[m.Topic] = true
		st, ok := t.topics[m.Topic]
		if !ok {
			st = newTopicState(m.Topic)
			t.topics[m.Topic] = st
		}
		switch s := st.(type) {
		case *agentState:
			toastID, celID := s.apply(m)
			if s.Stale {
				// Start over from a snapshot; the session's history goes
				// with it, which is rare enough (a message lost on the way).
				t.topics[m.Topic] = &agentState{Topic: m.Topic}
				t.client.resync(m.Topic)
				continue
			}
			if toastID != 0 {
				t.later(ctx, t.toastTTL, m.Topic, s, func() { s.dropToast(toastID) })
			}
			if celID != 0 {
				t.later(ctx, t.celebrationTTL, m.Topic, s, func() { s.endCelebration(celID) })
			}
		case *teamState:
			s.apply(m)
		case *boardState:
			s.apply(m)
		case *orgFeed:
			s.apply(m, now)
		}
	}
	for topic := range changed {
		if st, ok := t.topics[topic]; ok {
			ctx.SetState(liveKey(topic), st)
		}
	}
}

// later runs f on a topic's state after d, unless the topic has started
// over or been let go of meanwhile.
func (t *tabLive) later(ctx goapp.Context, d time.Duration, topic string, st any, f func()) {
	ctx.After(d, func(ctx goapp.Context) {
		if t.topics[topic] == st {
			f()
			ctx.SetState(liveKey(topic), st)
		}
	})
}

// newTopicState is the empty state of a topic, by its kind.
func newTopicState(topic string) any {
	kind, _, _ := shared.ParseTopic(topic)
	switch kind {
	case "agent":
		return &agentState{Topic: topic}
	case "team":
		return &teamState{}
	case "board":
		return &boardState{}
	}
	return &orgFeed{}
}

// liveFollower is one page's share of the tab's live connection.
type liveFollower struct {
	owner   string
	version uint64
	ctx     goapp.Context // of the last follow, for stop
	started bool
}

func newLiveFollower() *liveFollower {
	return &liveFollower{owner: strconv.FormatUint(rand.Uint64(), 36)}
}

// follow says which topics the page follows now, on the hub of the page's
// own host.
func (f *liveFollower) follow(ctx goapp.Context, topics ...string) {
	f.followAt(ctx, liveURL(ctx.Page().URL()), topics...)
}

// followAt is follow on a given socket address (a TV's carries its token).
func (f *liveFollower) followAt(ctx goapp.Context, wsURL string, topics ...string) {
	f.ctx, f.started = ctx, true
	f.version++
	ctx.NewActionWithValue(actionLiveWant, liveWant{Owner: f.owner, Version: f.version, URL: wsURL, Topics: topics})
}

// stop lets go of the page's topics; the connection stays for the next
// page. OnDismount has no context: the one of the last follow posts it.
func (f *liveFollower) stop() {
	if !f.started {
		return
	}
	f.version++
	f.ctx.NewActionWithValue(actionLiveWant, liveWant{Owner: f.owner, Version: f.version})
}

// teamState is one team's live view.
type teamState struct {
	View shared.TeamView
	Have bool
	Err  string
}

// apply folds a team/<id> message: the team's view, goals and challenges.
func (t *teamState) apply(m shared.Message) {
	switch m.Kind {
	case shared.KindError:
		t.Err = liveError(m)
	case shared.KindSnapshot, shared.KindPoints:
		var v shared.TeamView
		if json.Unmarshal(m.Data, &v) == nil && (m.Kind == shared.KindSnapshot || (t.Have && v.At >= t.View.At)) {
			t.View, t.Have, t.Err = v, true, ""
		}
	case shared.KindGoal, shared.KindChallenge:
		var d shared.AchievementData
		if json.Unmarshal(m.Data, &d) == nil && d.Team != nil && t.Have && d.At >= t.View.At {
			t.View = *d.Team
		}
	}
}
