package scoring

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Apply scores ev for the agent a and, when t is not nil, the agent's team,
// mutating both, and returns the outcomes. It is ApplyOrg without an org
// state, so ad hoc challenges are not seen.
func (e *Engine) Apply(a *AgentState, t *TeamState, ev Event) []Outcome {
	return e.ApplyOrg(nil, a, t, ev)
}

// recentIDs is how many event ids an agent remembers. The stream and the
// server's index drop duplicates too; this makes a redelivery right after
// a crash harmless even if those lag. The list is in every agent record,
// written on each of the agent's events: 32 ids were a quarter of a record's
// bytes, so eight, enough for the agent's last batch or two. A replay of
// the stream (Simulate) relies on the list alone, so a duplicate that got
// into the stream more than eight of the agent's events after the first
// (past the stream's dedupe window, while the projector lagged) scores
// twice there, as it does not on the server.
const recentIDs = 8

// ApplyOrg scores ev for the agent a, the agent's team t (nil when none) and
// the ad hoc challenges launched in o (nil when none), mutating a and t, and
// returns the outcomes in a deterministic order: counters' rule errors and
// points in ruleset order, challenge and goal progress, streaks, badges,
// then at most one level outcome.
//
// a.ID must equal ev.Agent (an empty a.ID is taken to be a new agent). If
// ev.Team is set it becomes a.Team; the caller loads t by a.Team after that.
// An event whose id is among the agent's latest ones changes nothing.
// ApplyOrg never panics and never fails as a whole: a rule or counter that
// cannot be evaluated for this event gives a "rule_error" outcome and the
// others still run.
func (e *Engine) ApplyOrg(o *OrgState, a *AgentState, t *TeamState, ev Event) []Outcome {
	return e.ApplyOrgTo(nil, o, a, t, ev)
}

// ApplyOrgTo is ApplyOrg appending the outcomes to dst: a caller that keeps
// a batch's outcomes together saves an allocation or three per event (an
// outcome is a few hundred bytes, and an event has several).
func (e *Engine) ApplyOrgTo(dst []Outcome, o *OrgState, a *AgentState, t *TeamState, ev Event) []Outcome {
	if a == nil {
		return append(dst, Outcome{Kind: OutcomeRuleError, Agent: ev.Agent, Event: ev.ID, Version: e.version, Message: "no agent state to apply the event to"})
	}
	if a.ID == "" {
		a.ID = ev.Agent
	}
	if a.ID != ev.Agent {
		return append(dst, Outcome{Kind: OutcomeRuleError, Agent: ev.Agent, Event: ev.ID, Version: e.version,
			Message: fmt.Sprintf("event of agent %q applied to the state of agent %q", ev.Agent, a.ID)})
	}
	for _, id := range a.Recent {
		if id == ev.ID {
			return dst
		}
	}
	if len(a.Recent) >= recentIDs {
		a.Recent = append(a.Recent[:0], a.Recent[len(a.Recent)-recentIDs+1:]...)
	}
	a.Recent = append(a.Recent, ev.ID)
	if ev.Team != "" {
		a.Team = ev.Team
	}
	if t != nil && t.ID == "" {
		t.ID = a.Team
	}
	sc := e.scratch(&ev)
	defer e.release(sc)
	st := sc.step(e, o, a, t)
	s := &st
	a.Events++
	a.Version = e.version
	if a.Periods == nil {
		a.Periods = make(map[string]Totals, numPeriods)
	}
	e.keepLastWeek(a, &s.keys)
	foldBests(a, &s.keys)
	e.roll(a.Periods, &a.Seasons, &s.keys)
	if t != nil {
		t.Version = e.version
		if t.Periods == nil {
			t.Periods = make(map[string]Totals, numPeriods)
		}
		e.roll(t.Periods, &t.Seasons, &s.keys)
	}
	if day := s.keys.k[pDay]; day > a.Day {
		s.newDay(day)
	}
	s.count(&sc.act)
	s.points(&sc.act)
	s.challenges()
	s.credit()
	s.streaks()
	s.badges()
	if lvl := e.LevelFor(a.XP).Level; lvl > a.Level {
		// Levels only rise: losing a level to a negative award would punish
		// the agent twice for one event.
		a.Level = lvl
		o := s.outcome(OutcomeLevel)
		o.Level, o.LevelName = lvl, e.rs.Levels[lvl].Name
		s.out = append(s.out, o)
	}
	e.joinLeague(o, a, s.keys.k[pWeek])
	sc.keep(s)
	return append(dst, s.out...)
}

// step is the work of one event: what it changed, for the parts that read
// counters, and the outcomes so far.
type step struct {
	e       *Engine
	a       *AgentState
	t       *TeamState
	o       *OrgState
	ev      *Event
	tick    string
	keys    periodKeys
	out     []Outcome
	contrib []contribution // counters this event added to, in ruleset order
	earned  []earned       // the agent's awards by category, in order of first award
	streak  []int          // streaks whose current length changed
}

// earned is what an event awarded the agent in one category. The awards are
// summed and credited to the periods once (step.credit), not once per
// award: with many rules on one event type, the map writes of every award's
// credit to every period were most of an event's work.
type earned struct {
	category string
	points   int64
}

type contribution struct {
	counter int
	value   float64
}

func (s *step) outcome(kind string) Outcome {
	o := Outcome{Kind: kind, Agent: s.a.ID, Team: s.a.Team, Tick: s.tick, Version: s.e.version}
	if s.ev != nil {
		o.Event = s.ev.ID
	}
	return o
}

func (s *step) ruleError(rule, msg string) {
	o := s.outcome(OutcomeRuleError)
	o.Rule, o.Message = rule, msg
	s.out = append(s.out, o)
}

// points runs the point rules of the event's type.
func (s *step) points(act *activation) {
	e, a := s.e, s.a
	for _, i := range e.byType[s.ev.Type] {
		r := &e.rules[i]
		pts, fires, msg := r.eval(act)
		if msg != "" {
			s.ruleError(r.id, msg)
			continue
		}
		if !fires {
			continue
		}
		coins := r.coinsConst
		if r.coins != nil {
			// Evaluated before the award, so a coins formula that fails
			// leaves the whole rule unfired, as a failing points formula does.
			if coins, msg = r.evalCoins(act); msg != "" {
				s.ruleError(r.id, msg)
				continue
			}
		}
		if r.cap != nil {
			capped := capAward(a, r, &s.keys, pts)
			if capped == 0 && pts != 0 {
				coins = 0 // a cap that took the whole award takes its coins too
			}
			pts = capped
		}
		if pts != 0 || coins > 0 {
			s.award(r.id, r.category, pts, coins)
		}
	}
}

// award gives the agent pts in category (and coins, which the server
// credits to the agent's ledger, never to XP) and reports it; the periods
// of the agent and the team are credited later, with the event's other
// awards. An award of coins without points is reported as a coins
// outcome, so a points outcome always moves points.
func (s *step) award(rule, category string, pts, coins int64) {
	kind := OutcomeCoins
	if pts != 0 {
		kind = OutcomePoints
		s.a.XP += pts
		s.earn(category, pts)
	}
	o := s.outcome(kind)
	o.Rule, o.Category, o.Points, o.Coins = rule, category, pts, coins
	s.out = append(s.out, o)
}

func (s *step) earn(category string, pts int64) {
	for i := range s.earned {
		if s.earned[i].category == category {
			s.earned[i].points += pts
			return
		}
	}
	s.earned = append(s.earned, earned{category: category, points: pts})
}

// credit adds the event's awards to the periods of the agent and the team.
// It runs before the parts that read periods (badges).
func (s *step) credit() {
	s.e.credit(s.a.Periods, &s.keys, s.earned)
	if s.t != nil {
		s.e.credit(s.t.Periods, &s.keys, s.earned)
	}
}

// eval runs one rule's condition and formula. msg is non-empty when the
// rule could not be evaluated for this event.
func (r *rule) eval(act *activation) (pts int64, fires bool, msg string) {
	if ok, msg := r.when.eval(act); !ok {
		return 0, false, msg
	}
	if r.points == nil {
		return r.constant, true, ""
	}
	act.missing = ""
	v, err := r.points.run(act)
	if err != nil {
		return 0, false, "points: " + evalMessage(act, err)
	}
	pts, err = toPoints(v)
	if err != nil {
		return 0, false, "points: " + err.Error()
	}
	return pts, true, ""
}

// evalCoins runs a rule's coins formula. Coins are earned, never taken: a
// negative result gives none, and a result above MaxCoins gives MaxCoins.
func (r *rule) evalCoins(act *activation) (coins int64, msg string) {
	act.missing = ""
	v, err := r.coins.run(act)
	if err != nil {
		return 0, "coins: " + evalMessage(act, err)
	}
	n, err := toPoints(v)
	if err != nil {
		return 0, "coins: " + err.Error()
	}
	return min(max(n, 0), MaxCoins), ""
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
func capAward(a *AgentState, r *rule, keys *periodKeys, pts int64) int64 {
	if a.Caps == nil {
		a.Caps = make(map[string]Totals)
	}
	key := keys.k[r.capKey]
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
// the stored one, so state never mixes two days. A season that ends is
// kept in seasons, so the old one stays readable. It reports whether it
// started one.
func (e *Engine) roll(periods map[string]Totals, seasons *map[string]Totals, k *periodKeys) (changed bool) {
	for p := range numPeriods {
		key := k.k[p]
		if key == "" {
			continue // no season now
		}
		name := periodNames[p]
		cur, ok := periods[name]
		if !e.newer(p, key, cur.Key) {
			continue
		}
		changed = true
		switch {
		case p == pAll:
			cur.Key = key // keep points, only mend a missing key
			periods[name] = cur
			continue
		case p == pSeason && ok && cur.Key != "":
			if *seasons == nil {
				*seasons = make(map[string]Totals)
			}
			(*seasons)[cur.Key] = cur
		}
		periods[name] = Totals{Key: key}
	}
	return changed
}

// newer reports whether key is a later instance of period p than cur.
// Keys sort as strings, except season ids, which sort by the ruleset's
// order of seasons; an unknown (removed) season is older than any.
func (e *Engine) newer(p int, key, cur string) bool {
	if p == pSeason {
		return e.seasonOrd(key) > e.seasonOrd(cur)
	}
	return key > cur
}

func (e *Engine) seasonOrd(id string) int {
	for i := range e.seasons {
		if e.seasons[i].id == id {
			return i
		}
	}
	return -1
}

// credit adds the points earned to every period whose stored instance is
// the event's; a late event's older key matches only "all".
func (e *Engine) credit(periods map[string]Totals, k *periodKeys, earned []earned) {
	if len(earned) == 0 {
		return
	}
	for p := range numPeriods {
		name := periodNames[p]
		cur, ok := periods[name]
		if !ok || k.k[p] == "" || cur.Key != k.k[p] {
			continue
		}
		if cur.Categories == nil {
			cur.Categories = make(map[string]int64)
		}
		for _, c := range earned {
			cur.Points += c.points
			cur.Categories[c.category] += c.points
		}
		periods[name] = cur
	}
}

// periodKeys are the keys of one instant's periods, indexed by pDay...
type periodKeys struct {
	k     [numPeriods]string
	local time.Time
}

func (k *periodKeys) of(period string) string {
	if p := periodIndex(period); p >= 0 {
		return k.k[p]
	}
	return ""
}

func (e *Engine) keys(t time.Time) periodKeys {
	local := t.In(e.loc)
	sec := t.Unix()
	cached := e.day.Load()
	if cached != nil && sec >= cached.from && sec < cached.to {
		return periodKeys{k: cached.k, local: local}
	}
	y, m, d := local.Date()
	wy, w := local.ISOWeek()
	day := dayKey(y, m, d)
	k := periodKeys{local: local}
	k.k = [numPeriods]string{day, weekKey(wy, w), monthKey(y, m), e.seasonOf(day), PeriodAll}
	// Only a later day replaces the cached one: a challenge's start or an
	// insight's past days must not evict today, which is asked for next.
	if cached == nil || sec >= cached.to {
		e.cacheDay(sec, y, m, d, k.k)
	}
	return k
}

// cacheDay caches keys for the local day y-m-d, which contains sec; a day
// of a clock change is not cached: time.Date may give a midnight the clock
// skipped or passed twice.
func (e *Engine) cacheDay(sec int64, y int, m time.Month, d int, keys [numPeriods]string) {
	from, to := time.Date(y, m, d, 0, 0, 0, 0, e.loc).Unix(), time.Date(y, m, d+1, 0, 0, 0, 0, e.loc).Unix()
	onDay := func(u int64) bool {
		uy, um, ud := time.Unix(u, 0).In(e.loc).Date()
		return uy == y && um == m && ud == d
	}
	if to-from == 24*60*60 && sec >= from && sec < to && onDay(from) && !onDay(from-1) && onDay(to-1) && !onDay(to) {
		e.day.Store(&dayKeys{from: from, to: to, k: keys})
	}
}

// dayKeys are the period keys of the instants in [from, to), Unix seconds:
// one local day.
type dayKeys struct {
	from, to int64
	k        [numPeriods]string
}

// seasonOf is the id of the season containing the day, "" for none.
func (e *Engine) seasonOf(day string) string {
	for i := range e.seasons {
		if s := &e.seasons[i]; day >= s.from && day <= s.to {
			return s.id
		}
	}
	return ""
}

// PeriodKey returns the key of the period containing t in the ruleset's
// time zone, or "" for an unknown period name.
func (e *Engine) PeriodKey(period string, t time.Time) string {
	if period == PeriodAll {
		return PeriodAll
	}
	if !validTotalsPeriod(period) {
		return ""
	}
	k := e.keys(t)
	return k.of(period)
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
