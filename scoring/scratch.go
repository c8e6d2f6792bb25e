package scoring

// scratch is what scoring one event needs besides the states, kept from one
// event to the next. An Engine is shared, so each event takes one from the
// engine's pool.
type scratch struct {
	act activation
	// out gathers the event's outcomes, which are then copied to the
	// caller's list at once: that list grows once, by exactly what the
	// event gave, instead of doubling outcome by outcome (an Outcome is a
	// few hundred bytes, and with many rules an event gives a dozen).
	out []Outcome
}

// scratch returns a scratch for ev from the engine's pool.
func (e *Engine) scratch(ev *Event) *scratch {
	sc, ok := e.scratches.Get().(*scratch)
	if !ok {
		sc = &scratch{act: newActivation()}
	}
	sc.act.ev = ev
	return sc
}

// release returns sc to the pool, keeping nothing of its event.
func (e *Engine) release(sc *scratch) {
	sc.act.reset()
	clear(sc.out)
	sc.out = sc.out[:0]
	e.scratches.Put(sc)
}
