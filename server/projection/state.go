package projection

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"scorecast/server/store"
)

// State is the projection in memory: every org's agents, teams, boards and
// roster as the stream left them. The projector is its only writer of what
// the stream shapes; views, the hub's snapshots and the API read it. It is
// made before the projector and the hub, so that each is given it rather
// than one another.
type State struct {
	mu      sync.RWMutex
	orgs    map[string]*Org
	lastSeq uint64 // the last applied stream sequence
	store   *store.Store
	now     func() time.Time // the clock of views ("today")
}

// LoadState loads every org's state from the store; now is the clock of
// views, time.Now when nil.
func LoadState(st *store.Store, now func() time.Time) (*State, error) {
	if now == nil {
		now = time.Now
	}
	s := &State{orgs: map[string]*Org{}, store: st, now: now}
	seq, err := st.LastSeq()
	if err != nil {
		return nil, fmt.Errorf("projector: last applied sequence: %w", err)
	}
	s.lastSeq = seq
	orgs, err := st.Orgs()
	if err != nil {
		return nil, fmt.Errorf("projector: list orgs: %w", err)
	}
	for _, o := range orgs {
		if _, err := s.loadOrg(o.ID); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Lock locks the State for writing: the projector's, while it applies a
// batch.
func (p *State) Lock() { p.mu.Lock() }

// Unlock undoes Lock.
func (p *State) Unlock() { p.mu.Unlock() }

// Seq is the last applied stream sequence; with the State locked.
func (p *State) Seq() uint64 { return p.lastSeq }

// SetSeq records the last applied stream sequence; with the State locked
// for writing.
func (p *State) SetSeq(seq uint64) { p.lastSeq = seq }

// Now is the clock of views.
func (p *State) Now() time.Time { return p.now() }

// Org returns an org's state, loading it from the store on first use; with
// the State locked for writing.
func (p *State) Org(id string) (*Org, error) { return p.loadOrg(id) }

// Applied reports whether an org applied the event id in this run: its
// commit may still be in flight, so the store cannot tell. With the State
// locked.
func (p *State) Applied(org, id string) bool {
	o, ok := p.orgs[org]
	return ok && o.Applied(id)
}

// LastSeq is the last applied stream sequence.
func (p *State) LastSeq() uint64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.lastSeq
}

// RulesetVersion is the ruleset version in force for an org, and the last
// applied stream sequence.
func (p *State) RulesetVersion(orgID string) (int, uint64, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.orgs[orgID]
	if !ok {
		return 0, 0, fmt.Errorf("%w: %s", ErrUnknownOrg, orgID)
	}
	return o.version, p.lastSeq, nil
}

// ErrUnknownOrg is returned for an org that does not exist.
var ErrUnknownOrg = errors.New("projector: unknown org")

// loadOrg returns an org's state, loading it from the store on first use.
// Called with mu held (or before Run).
func (p *State) loadOrg(id string) (*Org, error) {
	if o, ok := p.orgs[id]; ok {
		return o, nil
	}
	if _, err := p.store.Org(id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrUnknownOrg, id)
		}
		return nil, err
	}
	o, err := loadOrg(p.store, id)
	if err != nil {
		return nil, err
	}
	p.orgs[id] = o
	return o, nil
}
