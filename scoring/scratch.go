package scoring

// scratch is what scoring one event needs besides the states, kept from one
// event to the next. An Engine is shared, so each event takes one from the
// engine's pool.
type scratch struct {
	act activation
	// out gathers the event's outcomes, which are then copied to the
	// caller's list at once: that list grows once, by exactly what the
	// event gave, instead of doubling outcome by outcome (outcomes are
	// large, and with many rules an event gives many).
	out []Outcome
	// The lists the parts of a step pass on (step.contrib, step.earned).
	contrib []contribution
	earned  []earned
}

// step starts the step of an event on the scratch's buffers.
func (sc *scratch) step(e *Engine, o *OrgState, a *AgentState, t *TeamState) step {
	return step{e: e, a: a, t: t, o: o, ev: sc.act.ev, keys: e.keys(sc.act.ev.Time),
		out: sc.out, contrib: sc.contrib, earned: sc.earned}
}

// keep takes back the step's buffers, which may have grown.
func (sc *scratch) keep(s *step) {
	sc.out, sc.contrib, sc.earned = s.out, s.contrib, s.earned
}

// scratch returns a scratch for ev from the engine's pool.
func (e *Engine) scratch(ev *Event) *scratch {
	sc, ok := e.scratches.Get().(*scratch)
	if !ok {
		sc = &scratch{act: newActivation(e.programs)}
	}
	sc.act.ev = ev
	return sc
}

// release returns sc to the pool, keeping nothing of its event.
func (e *Engine) release(sc *scratch) {
	sc.act.reset()
	clear(sc.out)
	clear(sc.earned)
	sc.out, sc.contrib, sc.earned = sc.out[:0], sc.contrib[:0], sc.earned[:0]
	e.scratches.Put(sc)
}
