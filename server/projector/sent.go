package projector

import (
	"maps"
	"slices"
	"sync"

	"scorecast/shared"
)

// sentViews remembers the view the last message on each agent topic
// carried. The projector's loop reads and replaces entries with the
// projector's lock held for writing; a snapshot forgets one with the lock
// held only for reading, hence a mutex of its own.
type sentViews struct {
	mu    sync.Mutex
	views map[string]*shared.AgentView
}

// swap records that the next message on the agent's topic carries v, and
// returns the view the topic's last message carried: the one to make v's
// patch against, or nil when v must go whole (no message since the last
// subscription). Once the patch is encoded, nothing refers to a returned
// view other than v, and its memory may go to another view.
func (s *sentViews) swap(id string, v *shared.AgentView) (last *shared.AgentView) {
	s.mu.Lock()
	defer s.mu.Unlock()
	last = s.views[id]
	s.views[id] = v
	return last
}

// forget makes the next message on the agent's topic carry the whole view.
func (s *sentViews) forget(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.views, id)
}

// prune forgets the agents whose topic nobody watches, so the views kept
// are bounded by the screens open, not by the agents ever watched: such an
// agent gets a snapshot, and then a whole view, when someone watches again.
// watching is called without s.mu held: it takes the hub's lock, and the
// hub takes snapshots, which forget, with a topic's lock held.
func (s *sentViews) prune(watching func(id string) bool) {
	s.mu.Lock()
	ids := slices.Collect(maps.Keys(s.views))
	s.mu.Unlock()
	for _, id := range ids {
		if !watching(id) {
			s.forget(id)
		}
	}
}
