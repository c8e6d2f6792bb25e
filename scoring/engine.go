package scoring

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"cel.dev/cel-go/common/types"
)

// Apply scores ev for the agent a and, when t is not nil, the agent's team,
// mutating both, and returns the outcomes in a deterministic order: points
// outcomes in ruleset order, then at most one level outcome.
//
// a.ID must equal ev.Agent (an empty a.ID is taken to be a new agent). If
// ev.Team is set it becomes a.Team; the caller loads t by a.Team after that
// and passes nil when the agent has no team. Apply never panics and never
// fails as a whole: a rule that cannot be evaluated for this event gives a
// "rule_error" outcome and the other rules still run.
func (e *Engine) Apply(a *AgentState, t *TeamState, ev Event) []Outcome {
	if a == nil {
		return []Outcome{{Kind: OutcomeRuleError, Agent: ev.Agent, Event: ev.ID, Message: "no agent state to apply the event to"}}
	}
	if a.ID == "" {
		a.ID = ev.Agent
	}
	if a.ID != ev.Agent {
		return []Outcome{{Kind: OutcomeRuleError, Agent: ev.Agent, Event: ev.ID,
			Message: fmt.Sprintf("event of agent %q applied to the state of agent %q", ev.Agent, a.ID)}}
	}
	if ev.Team != "" {
		a.Team = ev.Team
	}
	keys := e.keys(ev.Time)
	a.Events++
	if a.Periods == nil {
		a.Periods = make(map[string]Totals, 4)
	}
	roll(a.Periods, keys)
	if t != nil {
		if t.Periods == nil {
			t.Periods = make(map[string]Totals, 4)
		}
		roll(t.Periods, keys)
	}

	var out []Outcome
	if idx := e.byType[ev.Type]; len(idx) > 0 {
		act := &activation{ev: &ev, adapter: e.adapter}
		for _, i := range idx {
			r := &e.rules[i]
			pts, fires, msg := r.eval(act)
			if msg != "" {
				out = append(out, Outcome{Kind: OutcomeRuleError, Agent: a.ID, Team: a.Team, Event: ev.ID, Rule: r.id, Message: msg})
				continue
			}
			if !fires {
				continue
			}
			if r.cap != nil {
				pts = capAward(a, r, keys, pts)
			}
			if pts == 0 {
				continue
			}
			a.XP += pts
			credit(a.Periods, keys, r.category, pts)
			if t != nil {
				credit(t.Periods, keys, r.category, pts)
			}
			out = append(out, Outcome{Kind: OutcomePoints, Agent: a.ID, Team: a.Team, Event: ev.ID,
				Rule: r.id, Category: r.category, Points: pts})
		}
	}
	if lvl := e.LevelFor(a.XP).Level; lvl > a.Level {
		// Levels only rise: losing a level to a negative award would punish
		// the agent twice for one event.
		a.Level = lvl
		out = append(out, Outcome{Kind: OutcomeLevel, Agent: a.ID, Team: a.Team, Event: ev.ID,
			Level: lvl, LevelName: e.rs.Levels[lvl].Name})
	}
	return out
}

// eval runs one rule's condition and formula. msg is non-empty when the
// rule could not be evaluated for this event.
func (r *rule) eval(act *activation) (pts int64, fires bool, msg string) {
	if r.when != nil {
		act.missing = ""
		v, _, err := r.when.Eval(act)
		if err != nil {
			return 0, false, "when: " + evalMessage(act, err)
		}
		b, ok := v.(types.Bool)
		if !ok {
			return 0, false, fmt.Sprintf("when: gave %s, want true or false", v.Type().TypeName())
		}
		if !b {
			return 0, false, ""
		}
	}
	if r.points == nil {
		return r.constant, true, ""
	}
	act.missing = ""
	v, _, err := r.points.Eval(act)
	if err != nil {
		return 0, false, "points: " + evalMessage(act, err)
	}
	pts, err = toPoints(v)
	if err != nil {
		return 0, false, "points: " + err.Error()
	}
	return pts, true, ""
}

func evalMessage(act *activation, err error) string {
	if act.missing != "" {
		return fmt.Sprintf("%q is not a metric or attr of this event", act.missing)
	}
	return err.Error()
}

// capAward clips pts to what the rule has left in its cap window. A late
// event is charged to the stored (newer) window, because the older window's
// usage is no longer known and a cap must hold whatever the arrival order.
func capAward(a *AgentState, r *rule, keys periodKeys, pts int64) int64 {
	if a.Caps == nil {
		a.Caps = make(map[string]Totals)
	}
	key := keys.of(r.cap.Period)
	used := a.Caps[r.id]
	if key > used.Key {
		used = Totals{Key: key}
	}
	if pts > 0 {
		room := max(r.cap.Max-used.Points, 0)
		pts = min(pts, room)
	}
	used.Points += pts
	a.Caps[r.id] = used
	return pts
}

// roll starts a new period instance whenever the event's key is newer than
// the stored one, so state never mixes two days.
func roll(periods map[string]Totals, keys periodKeys) {
	for _, p := range [...]string{PeriodDay, PeriodWeek, PeriodMonth, PeriodAll} {
		key := keys.of(p)
		if cur := periods[p]; key > cur.Key {
			if p == PeriodAll {
				cur.Key = key // keep points, only mend a missing key
				periods[p] = cur
				continue
			}
			periods[p] = Totals{Key: key}
		}
	}
}

// credit adds pts to every period whose stored instance is the event's; a
// late event's older key matches only "all".
func credit(periods map[string]Totals, keys periodKeys, category string, pts int64) {
	for _, p := range [...]string{PeriodDay, PeriodWeek, PeriodMonth, PeriodAll} {
		cur := periods[p]
		if cur.Key != keys.of(p) {
			continue
		}
		cur.Points += pts
		if cur.Categories == nil {
			cur.Categories = make(map[string]int64)
		}
		cur.Categories[category] += pts
		periods[p] = cur
	}
}

type periodKeys struct{ day, week, month string }

func (k periodKeys) of(period string) string {
	switch period {
	case PeriodDay:
		return k.day
	case PeriodWeek:
		return k.week
	case PeriodMonth:
		return k.month
	case PeriodAll:
		return PeriodAll
	}
	return ""
}

func (e *Engine) keys(t time.Time) periodKeys {
	local := t.In(e.loc)
	y, m, d := local.Date()
	wy, w := local.ISOWeek()
	return periodKeys{day: dayKey(y, m, d), week: weekKey(wy, w), month: monthKey(y, m)}
}

// PeriodKey returns the key of the period containing t in the ruleset's
// time zone, or "" for an unknown period name.
func (e *Engine) PeriodKey(period string, t time.Time) string {
	if period == PeriodAll {
		return PeriodAll
	}
	if !validPeriod(period) {
		return ""
	}
	return e.keys(t).of(period)
}

func dayKey(y int, m time.Month, d int) string {
	b := make([]byte, 0, 10)
	b = appendPadded(b, y, 4)
	b = append(b, '-')
	b = appendPadded(b, int(m), 2)
	b = append(b, '-')
	return string(appendPadded(b, d, 2))
}

func weekKey(y, w int) string {
	b := make([]byte, 0, 8)
	b = appendPadded(b, y, 4)
	b = append(b, '-', 'W')
	return string(appendPadded(b, w, 2))
}

func monthKey(y int, m time.Month) string {
	b := make([]byte, 0, 7)
	b = appendPadded(b, y, 4)
	b = append(b, '-')
	return string(appendPadded(b, int(m), 2))
}

// appendPadded zero-pads so that keys of years 0-9999 sort as strings.
func appendPadded(b []byte, n, width int) []byte {
	if n >= 0 {
		for p, digits := 10, 1; digits < width; p, digits = p*10, digits+1 {
			if n < p {
				b = append(b, '0')
			}
		}
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// LevelInfo describes an XP amount against the level curve.
type LevelInfo struct {
	Level int    // index into Levels; people see Level+1
	Name  string // the level's name
	XP    int64  // the XP described
	Floor int64  // XP at which this level starts
	Next  int64  // XP at which the next level starts; 0 at the top level
}

// LevelFor places xp on the level curve; negative xp is the first level.
func (e *Engine) LevelFor(xp int64) LevelInfo {
	levels := e.rs.Levels
	i := max(sort.Search(len(levels), func(i int) bool { return levels[i].XP > xp })-1, 0)
	info := LevelInfo{Level: i, Name: levels[i].Name, XP: xp, Floor: levels[i].XP}
	if i+1 < len(levels) {
		info.Next = levels[i+1].XP
	}
	return info
}
