package scoring

import (
	"fmt"
	"time"
)

// count evaluates the counters of the event's type and adds the event to
// each one whose condition holds, for the agent and the team. An event that
// lacks a counter's metric is simply not counted: "avg of csat" is the
// average over the events that carry a csat.
func (s *step) count(act *activation) {
	e := s.e
	for _, i := range e.cByType[s.ev.Type] {
		k := &e.counters[i]
		v, ok, msg := k.value(s.ev)
		if ok {
			ok, msg = k.when.eval(act)
		}
		if msg != "" {
			s.ruleError("counter:"+k.id, msg)
			continue
		}
		if !ok {
			continue
		}
		e.addCount(&s.a.Counters, k, &s.keys, v)
		if s.t != nil {
			e.addCount(&s.t.Counters, k, &s.keys, v)
		}
		s.contrib = append(s.contrib, contribution{counter: i, value: v})
	}
}

// value is what one event adds to the counter. Booleans count as 1 and 0,
// so "sum of first_contact_resolution" is the number of resolved contacts.
func (k *counter) value(ev *Event) (v float64, ok bool, msg string) {
	if k.agg == AggCount {
		return 1, true, ""
	}
	raw, present := ev.Metrics[k.metric]
	if !present {
		return 0, false, ""
	}
	switch x := raw.(type) {
	case float64:
		v = x
	case bool:
		if x {
			v = 1
		}
	case int:
		v = float64(x)
	case int64:
		v = float64(x)
	case float32:
		v = float64(x)
	case int32:
		v = float64(x)
	default:
		return 0, false, fmt.Sprintf("metric %q is %T, want a number", k.metric, raw)
	}
	if !finite(v) {
		return 0, false, fmt.Sprintf("metric %q is not a finite number", k.metric)
	}
	return v, true, ""
}

// addCount adds v to every period the counter keeps, rolling a period over
// when the event's key is newer; a late event counts only where its key is
// still the stored one, as with points.
func (e *Engine) addCount(m *map[string]map[string]Count, k *counter, keys *periodKeys, v float64) {
	if *m == nil {
		*m = make(map[string]map[string]Count)
	}
	per := (*m)[k.id]
	if per == nil {
		per = make(map[string]Count, numPeriods)
		(*m)[k.id] = per
	}
	for p := range numPeriods {
		key := keys.k[p]
		if !k.keep[p] || key == "" {
			continue
		}
		name := periodNames[p]
		c := per[name]
		if e.newer(p, key, c.Key) {
			c = Count{Key: key}
		}
		if c.Key != key {
			continue
		}
		c.add(v)
		if !finite(c.Sum) {
			continue // a sum that overflowed would poison the JSON state; keep the last good one
		}
		per[name] = c
	}
}

// countValue is a counter's value for the instance of period p with key,
// 0 when the stored instance is another one.
func countValue(m map[string]map[string]Count, k *counter, p int, key string) float64 {
	c, ok := m[k.id][periodNames[p]]
	if !ok || c.Key != key {
		return 0
	}
	return c.Value(k.agg)
}

// newDay runs when an agent's first event of a later day arrives: the day
// that ended goes into the history of the counters adaptive targets read,
// and shift streaks learn of a shift without progress.
func (s *step) newDay(day string) {
	a, e := s.a, s.e
	prev := a.Day
	a.Day = day
	if prev == "" {
		return
	}
	cut := dayNum(day) - maxLookback
	for i := range e.counters {
		k := &e.counters[i]
		if !k.history {
			continue
		}
		if a.History == nil {
			a.History = make(map[string][]DayValue)
		}
		old := a.History[k.id]
		drop := 0
		for drop < len(old) && dayNum(old[drop].Day) < cut {
			drop++
		}
		// A new array each time, so no copy of the state shares one.
		h := append(make([]DayValue, 0, len(old)-drop+1), old[drop:]...)
		if len(h) > 0 || dayNum(prev) >= cut {
			h = append(h, DayValue{Day: prev, Value: countValue(a.Counters, k, pDay, prev)})
		}
		a.History[k.id] = h
	}
	for i := range e.streaks {
		st := &e.streaks[i]
		if st.Unit != UnitShift {
			continue
		}
		ss, ok := a.Streaks[st.ID]
		if !ok || ss.Current == 0 || ss.Last == prev || s.o.RotaKind(a.ID, prev) != "" {
			// A shift on a rota day off (a call taken while on holiday)
			// is no shift the streak expected.
			continue
		}
		ss.Missed++
		if !s.bridge(st, &ss, ss.Missed) {
			s.breakStreak(st, &ss)
		}
		a.Streaks[st.ID] = ss
	}
}

// dayNum is the number of days since 1970-01-01 of a day key, so day
// arithmetic is on calendar dates and immune to daylight saving.
func dayNum(key string) int {
	if len(key) != 10 {
		return 0
	}
	n := func(s string) int {
		v := 0
		for i := 0; i < len(s); i++ {
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	t := time.Date(n(key[:4]), time.Month(n(key[5:7])), n(key[8:]), 0, 0, 0, 0, time.UTC)
	return int(t.Unix() / 86400)
}

// bounds is the start and end (exclusive) of the period instance containing
// the local time, in the ruleset's zone. time.Date normalises, so a day is
// 23 or 25 hours long across a daylight-saving change, as the floor lives it.
func (e *Engine) bounds(p int, k *periodKeys) (start, end time.Time) {
	y, m, d := k.local.Date()
	loc := e.loc
	switch p {
	case pDay:
		start, end = time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	case pWeek:
		back := (int(k.local.Weekday()) + 6) % 7 // days since Monday
		start, end = time.Date(y, m, d-back, 0, 0, 0, 0, loc), time.Date(y, m, d-back+7, 0, 0, 0, 0, loc)
	case pMonth:
		start, end = time.Date(y, m, 1, 0, 0, 0, 0, loc), time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	case pSeason:
		if i := e.seasonOrd(k.k[pSeason]); i >= 0 {
			f, _ := time.Parse(time.DateOnly, e.seasons[i].from)
			t, _ := time.Parse(time.DateOnly, e.seasons[i].to)
			start = time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
			end = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
		}
	}
	return start.UTC(), end.UTC()
}
