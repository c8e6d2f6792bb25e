package scoring

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"cel.dev/cel-go/common/ast"
)

// SeenVocabulary is what the stream has actually carried, so Validate can
// warn about a rule on an event type or metric that never occurs (usually a
// typo). The server collects it from stored events. Empty lists mean
// "unknown" and turn those warnings off.
type SeenVocabulary struct {
	Types   []string `json:"types"`   // event types seen
	Metrics []string `json:"metrics"` // metric and attr names seen
}

// Validate compiles rs and, when it is valid, looks for rules that are
// legal but probably not what the admin meant. err is a *CompileError when
// rs is invalid; warnings never stop a publication.
func Validate(rs Ruleset, seen SeenVocabulary) (warnings []Problem, err error) {
	e, err := Compile(rs)
	if err != nil {
		return nil, err
	}
	w := warner{e: e, types: set(seen.Types), metrics: set(seen.Metrics)}
	w.vocabulary()
	w.tiers()
	w.caps()
	w.challenges()
	w.kudos()
	w.coins()
	w.missingLanguages()
	return w.out, nil
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

type warner struct {
	e              *Engine
	types, metrics map[string]bool
	out            []Problem
}

func (w *warner) add(path, msg string) { w.out = append(w.out, Problem{Path: path, Message: msg}) }

func (w *warner) typ(path, t string) {
	if len(w.types) > 0 && !w.types[t] {
		w.add(path, fmt.Sprintf("no event of type %q has been seen yet; check the spelling against your sources", t))
	}
}

// vocabulary warns about event types and metric names the stream never
// carried, pointing at the name inside the CEL text.
func (w *warner) vocabulary() {
	rs := &w.e.rs
	for i, r := range rs.PointRules {
		path := "/point_rules/" + strconv.Itoa(i)
		w.typ(path+"/on", r.On)
		w.names(path+"/when", r.When)
		if !isJSONNumber(strings.TrimSpace(string(r.Points))) {
			w.names(path+"/points", string(r.Points))
		}
	}
	for i, c := range rs.Counters {
		path := "/counters/" + strconv.Itoa(i)
		for j, t := range c.On {
			w.typ(path+"/on/"+strconv.Itoa(j), t)
		}
		w.names(path+"/when", c.When)
		if c.Metric != "" && len(w.metrics) > 0 && !w.metrics[c.Metric] {
			w.add(path+"/metric", fmt.Sprintf("no event has carried a metric %q yet; check the spelling", c.Metric))
		}
	}
}

// names warns about each free identifier of a CEL text that no event has
// carried as a metric or attr, at its line and column.
func (w *warner) names(path, src string) {
	if len(w.metrics) == 0 || strings.TrimSpace(src) == "" {
		return
	}
	env, err := newBaseEnv()
	if err != nil {
		return
	}
	parsed, iss := env.Parse(src)
	if iss.Err() != nil {
		return
	}
	native := parsed.NativeRep()
	found := map[string]bool{}
	freeIdents(env, parsed, found)
	reported := map[string]bool{}
	ast.PreOrderVisit(native.Expr(), ast.NewExprVisitor(func(x ast.Expr) {
		var name string
		switch x.Kind() {
		case ast.IdentKind:
			name = x.AsIdent()
		case ast.SelectKind: // event.metrics.name
			sel := x.AsSelect()
			if op := sel.Operand(); op.Kind() == ast.SelectKind && op.AsSelect().Operand().Kind() == ast.IdentKind &&
				op.AsSelect().Operand().AsIdent() == "event" && (op.AsSelect().FieldName() == "metrics" || op.AsSelect().FieldName() == "attrs") {
				name = sel.FieldName()
				found[name] = true
			}
		}
		if name == "" || !found[name] || w.metrics[name] || reported[name] {
			return
		}
		reported[name] = true
		p := Problem{Path: path, Message: fmt.Sprintf("no event has carried a metric or attr %q yet; check the spelling", name)}
		if loc := native.SourceInfo().GetStartLocation(x.ID()); loc.Line() > 0 {
			p.Line, p.Column = namePosition(src, loc.Line(), loc.Column(), name)
		}
		w.out = append(w.out, p)
	}))
}

// tiers warns about badge tiers that cannot be told apart or reached.
func (w *warner) tiers() {
	for i := range w.e.badges {
		b := &w.e.badges[i]
		path := "/badges/" + strconv.Itoa(i)
		for j := 1; j < len(b.Tiers); j++ {
			if b.Tiers[j].Min <= b.Tiers[j-1].Min {
				w.add(fmt.Sprintf("%s/tiers/%d/min", path, j), fmt.Sprintf(
					"is not above the previous tier's %v, so tier %q is given at the same moment as %q; make the tiers rise",
					b.Tiers[j-1].Min, b.Tiers[j].Name, b.Tiers[j-1].Name))
			}
		}
		if b.Repeatable && b.src != srcStreak && b.src != srcNone && b.period == pAll {
			w.add(path+"/repeatable", "has no effect over all time, as there is only one; give the badge a day, week or month period")
		}
		if b.src == srcStreak && b.ref >= 0 {
			for j, t := range b.Tiers {
				if t.Min != math.Trunc(t.Min) {
					w.add(fmt.Sprintf("%s/tiers/%d/min", path, j), "is not a whole number of days; a streak grows by whole days")
				}
			}
		}
		if b.src != srcPoints {
			continue
		}
		bound, why := w.pointsBound(b.Points, b.period)
		for j, t := range b.tiers {
			if !math.IsInf(bound, 1) && t.Min > bound {
				w.add(fmt.Sprintf("%s/tiers/%d/min", path, j), fmt.Sprintf(
					"can never be reached: %s at most %v points in a %s", why, bound, periodNames[b.period]))
			}
		}
	}
}

// windows is how many instances of period q can touch one instance of
// period p (a month touches up to 6 ISO weeks).
func (w *warner) windows(q, p int) float64 {
	seasonDays := 0.0
	for _, s := range w.e.seasons {
		seasonDays = max(seasonDays, float64(dayNum(s.to)-dayNum(s.from)+1))
	}
	days := [numPeriods]float64{1, 7, 31, seasonDays, math.Inf(1)}[p]
	switch {
	case q == pAll || q == p:
		return 1
	case p == pAll:
		return math.Inf(1)
	case q == pDay:
		return days
	case q == pWeek && p == pDay:
		return 1
	case q == pWeek:
		return math.Ceil(days/7) + 1
	case q == pMonth && (p == pDay || p == pWeek):
		return float64(min(p, 1) + 1) // a day lies in one month, a week in up to two
	case q == pMonth:
		return math.Ceil(days/28) + 1
	}
	return 2 // a season: any shorter period touches at most two
}

// pointsBound is the most points of category (or "*") the rules can give
// one agent in one instance of period p, +Inf when some rule is uncapped.
func (w *warner) pointsBound(category string, p int) (float64, string) {
	bound := 0.0
	for i, r := range w.e.rs.PointRules {
		if category != "*" && r.Category != category {
			continue
		}
		rr := &w.e.rules[i]
		switch {
		case rr.points == nil && rr.constant <= 0:
		case r.Cap == nil:
			return math.Inf(1), ""
		default:
			bound += float64(r.Cap.Max) * w.windows(periodIndex(r.Cap.Period), p)
		}
	}
	for _, ch := range w.e.chals {
		if ch.Reward.Points > 0 && (category == "*" || ch.Reward.Category == category) {
			if ch.period == pAdhoc {
				return math.Inf(1), ""
			}
			bound += float64(ch.Reward.Points) * w.windows(ch.period, p)
		}
	}
	what := "the capped rules of " + category + " give"
	if category == "*" {
		what = "the capped rules give"
	}
	return bound, what
}

// caps warns about caps that cannot do their job.
func (w *warner) caps() {
	for i, r := range w.e.rs.PointRules {
		rr := &w.e.rules[i]
		if r.Cap == nil || rr.points != nil {
			continue
		}
		path := "/point_rules/" + strconv.Itoa(i) + "/cap/max"
		switch {
		case rr.constant <= 0:
			w.add(path, "never binds: the rule gives no positive points, and caps only limit gains")
		case r.Cap.Max < rr.constant:
			w.add(path, fmt.Sprintf("is below one award of %d points, so the rule gives only %d once per %s",
				rr.constant, r.Cap.Max, r.Cap.Period))
		case r.Cap.Max%rr.constant != 0:
			w.add(path, fmt.Sprintf("is not a multiple of the award of %d points, so the last award is cut short", rr.constant))
		}
	}
}

// challenges warns about targets and rewards that look wrong.
func (w *warner) challenges() {
	for i := range w.e.chals {
		ch := &w.e.chals[i]
		path := "/challenges/" + strconv.Itoa(i)
		if ch.Reward.Points < 0 {
			w.add(path+"/reward/points", "takes points away from whoever completes the challenge")
		}
		if ch.Reward == (Reward{}) {
			w.add(path+"/reward", "is empty, so completing the challenge gives nothing")
		}
		if ch.counter >= 0 && w.e.counters[ch.counter].agg == AggMin {
			w.add(path+"/counter", "is a min counter, which only falls, so progress goes backwards")
		}
	}
}

// namePosition finds name at or after CEL's 0-based line/column, because
// CEL places a macro's nodes (has(...)) at the macro, not at the name; it
// answers 1-based line and column in runes, like an editor.
func namePosition(src string, line, col int, name string) (int, int) {
	lines := strings.Split(src, "\n")
	for l := line - 1; l < len(lines); l++ {
		text := []rune(lines[l])
		from := 0
		if l == line-1 {
			from = min(col, len(text))
		}
		if i := strings.Index(string(text[from:]), name); i >= 0 {
			return l + 1, from + len([]rune(string(text[from:])[:i])) + 1
		}
	}
	return line, col + 1
}
