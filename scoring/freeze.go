package scoring

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Freezes lets a streak forgive a missed day with a freeze the agent earned
// by keeping it: one every EarnEvery days (or shifts) the streak counts, at
// most MaxHeld at a time. A freeze held is spent by itself on a missed day
// past the allowance, instead of breaking the streak; that day does not add
// to the length. Earned by activity and never bought (DESIGN.md: no paid
// repair).
type Freezes struct {
	EarnEvery int `json:"earn_every"`
	MaxHeld   int `json:"max_held"`
}

// Limits of freezes: two held at most keeps a freeze a safety net for a bad
// day, not a licence for a lost week.
const (
	MaxFreezesHeld = 2
	maxEarnEvery   = 365
)

// Streak outcome statuses of freezes.
const (
	// StatusFrozen: a freeze was spent on a missed day; the streak lives.
	StatusFrozen = "frozen"
	// StatusFreezeEarned: the streak's length reached a multiple of
	// EarnEvery and the agent holds one freeze more.
	StatusFreezeEarned = "freeze_earned"
)

// Rota kinds: a day an agent is not expected to work. Such a day never
// breaks a streak and spends no freeze.
const (
	RotaOff     = "off"
	RotaSick    = "sick"
	RotaHoliday = "holiday"
)

// RotaKinds are the rota kinds in the order they are shown.
var RotaKinds = []string{RotaOff, RotaSick, RotaHoliday}

// Rota window: days older than RotaKeepDays before the change's time (or a
// tick's) are dropped, since no streak reaches back that far; days more than
// RotaAheadDays ahead are refused as typing errors.
const (
	RotaKeepDays  = 62
	RotaAheadDays = 400
)

// RotaDay is one day of an agent's rota.
type RotaDay struct {
	Agent string `json:"agent"`
	Date  string `json:"date"`           // YYYY-MM-DD, a day of the ruleset's time zone
	Kind  string `json:"kind,omitempty"` // off, sick or holiday; empty in a deletion
}

// RotaChange is one rota control message: days put, then days deleted, as
// of At (the control message's time, so a replay drops the same old days).
type RotaChange struct {
	Set    []RotaDay `json:"set,omitempty"`
	Delete []RotaDay `json:"delete,omitempty"`
	At     time.Time `json:"at"`
}

// Codes of what CheckRotaDay finds wrong, which the PWA words in each
// language.
const (
	RotaBadAgent = "agent"
	RotaBadDate  = "date"
	RotaTooOld   = "date_past"
	RotaTooFar   = "date_ahead"
	RotaBadKind  = "kind"
)

// CheckRotaDay says what is wrong with d as a day to put (del: to delete)
// as of at: the field, a code and a message, or three empty strings.
func CheckRotaDay(d RotaDay, at time.Time, del bool) (field, code, msg string) {
	if !validChars(d.Agent, 128, isIDByte) {
		return "agent", RotaBadAgent, msgID
	}
	day, err := time.Parse(time.DateOnly, d.Date)
	if err != nil {
		return "date", RotaBadDate, "must be a date as YYYY-MM-DD"
	}
	if !del {
		today := at.UTC().Truncate(24 * time.Hour)
		if day.Before(today.AddDate(0, 0, -RotaKeepDays)) {
			return "date", RotaTooOld, fmt.Sprintf("is more than %d days ago", RotaKeepDays)
		}
		if day.After(today.AddDate(0, 0, RotaAheadDays)) {
			return "date", RotaTooFar, fmt.Sprintf("is more than %d days ahead", RotaAheadDays)
		}
		if !slices.Contains(RotaKinds, d.Kind) {
			return "kind", RotaBadKind, "must be off, sick or holiday"
		}
	}
	return "", "", ""
}

// ApplyRota puts and deletes the change's days in o's rota, all or none:
// a day CheckRotaDay refuses refuses the change. It drops days older than
// RotaKeepDays, so the rota o keeps stays small.
func (o *OrgState) ApplyRota(ch RotaChange) error {
	for i, d := range ch.Set {
		if f, _, m := CheckRotaDay(d, ch.At, false); f != "" {
			return fmt.Errorf("scoring: rota day %d: %s %s", i+1, f, m)
		}
	}
	for i, d := range ch.Delete {
		if f, _, m := CheckRotaDay(d, ch.At, true); f != "" {
			return fmt.Errorf("scoring: rota deletion %d: %s %s", i+1, f, m)
		}
	}
	if o.Rota == nil && len(ch.Set) > 0 {
		o.Rota = make(map[string]map[string]string)
	}
	for _, d := range ch.Set {
		days := o.Rota[d.Agent]
		if days == nil {
			days = make(map[string]string)
			o.Rota[d.Agent] = days
		}
		days[d.Date] = d.Kind
	}
	for _, d := range ch.Delete {
		if days := o.Rota[d.Agent]; days != nil {
			delete(days, d.Date)
			if len(days) == 0 {
				delete(o.Rota, d.Agent)
			}
		}
	}
	o.dropRota(ch.At)
	return nil
}

// dropRota forgets rota days older than RotaKeepDays before at.
func (o *OrgState) dropRota(at time.Time) {
	if len(o.Rota) == 0 {
		return
	}
	cut := at.UTC().AddDate(0, 0, -RotaKeepDays).Format(time.DateOnly)
	for agent, days := range o.Rota {
		maps.DeleteFunc(days, func(day, _ string) bool { return day < cut })
		if len(days) == 0 {
			delete(o.Rota, agent)
		}
	}
}

// RotaKind is the agent's rota kind on day, "" when the day is a working one.
func (o *OrgState) RotaKind(agent, day string) string {
	if o == nil {
		return ""
	}
	return o.Rota[agent][day]
}

// RotaDays lists the agent's rota days from from to to (both included,
// YYYY-MM-DD; empty: open), by date; every agent's when agent is empty.
func (o *OrgState) RotaDays(agent, from, to string) []RotaDay {
	out := []RotaDay{}
	if o == nil {
		return out
	}
	add := func(id string) {
		for day, kind := range o.Rota[id] {
			if (from == "" || day >= from) && (to == "" || day <= to) {
				out = append(out, RotaDay{Agent: id, Date: day, Kind: kind})
			}
		}
	}
	if agent != "" {
		add(agent)
	} else {
		for id := range o.Rota {
			add(id)
		}
	}
	slices.SortFunc(out, func(a, b RotaDay) int {
		if a.Date != b.Date {
			return cmp.Compare(a.Date, b.Date)
		}
		return cmp.Compare(a.Agent, b.Agent)
	})
	return out
}

// missedDays is how many days between the day keys last and day (both
// excluded) the agent missed: the days in between that are not rota days.
func (s *step) missedDays(last, day string) int {
	return missedDays(s.o, s.a.ID, last, day)
}

func missedDays(o *OrgState, agent, last, day string) int {
	gap := dayNum(day) - dayNum(last) - 1
	if gap <= 0 || o == nil {
		return max(gap, 0)
	}
	for d := range o.Rota[agent] {
		if d > last && d < day {
			gap--
		}
	}
	return gap
}

// alive reports whether a day streak that last counted on ss.Last is still
// alive on day: its misses since are covered by the allowance and the
// freezes spent or held. Describe uses it, so a view between ticks shows
// what the next tick will decide.
func alive(o *OrgState, agent string, st *streak, ss *StreakState, day string) bool {
	if dayNum(day)-dayNum(ss.Last)-1 <= st.Allowance+ss.Frozen {
		return true
	}
	held := 0
	if st.Freezes != nil {
		held = ss.Freezes
	}
	return missedDays(o, agent, ss.Last, day)-ss.Frozen-held <= st.Allowance
}

// bridge covers the missed days (or shifts) since the streak last counted
// with freezes, one per missed day past the allowance not yet covered, and
// reports whether the streak lives. It changes ss only by spending freezes.
func (s *step) bridge(st *streak, ss *StreakState, missed int) bool {
	for missed-ss.Frozen > st.Allowance {
		if st.Freezes == nil || ss.Freezes == 0 {
			return false
		}
		ss.Freezes--
		ss.Frozen++
		s.streakOutcome(st, ss, StatusFrozen)
	}
	return true
}

// earnFreeze gives a freeze when the streak's length reached a multiple of
// EarnEvery and fewer than MaxHeld are held.
func (s *step) earnFreeze(st *streak, ss *StreakState) {
	f := st.Freezes
	if f == nil || f.EarnEvery <= 0 || ss.Current%f.EarnEvery != 0 || ss.Freezes >= f.MaxHeld {
		return
	}
	ss.Freezes++
	s.streakOutcome(st, ss, StatusFreezeEarned)
}

// checkFreezes validates a streak's freezes.
func (c *compiler) checkFreezes(path string, f *Freezes) {
	if f == nil {
		return
	}
	if f.EarnEvery < 2 || f.EarnEvery > maxEarnEvery {
		c.add(path+"/freezes/earn_every", fmt.Sprintf("must be between 2 and %d", maxEarnEvery))
	}
	if f.MaxHeld < 1 || f.MaxHeld > MaxFreezesHeld {
		c.add(path+"/freezes/max_held", fmt.Sprintf("must be between 1 and %d", MaxFreezesHeld))
	}
}
