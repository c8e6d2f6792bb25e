package scoring

import (
	"fmt"
	"math"
	"sort"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// Bounds that keep one rule from stalling the consumer: the consumer scores
// events one at a time, so a runaway comprehension would delay everyone.
const (
	celCostLimit      = 10_000 // runtime cost units per evaluation
	celMaxExprRunes   = 4_096  // expression text size
	celRecursionLimit = 64     // parser nesting depth
	maxAward          = 1_000_000_000
)

// isTypeIdent reports identifiers the CEL environment already gives a
// meaning (type names), which must not be re-declared as metric variables.
func isTypeIdent(s string) bool {
	switch s {
	case "event", "int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "dyn", "optional_type":
		return true
	}
	return false
}

func newBaseEnv() (*cel.Env, error) {
	env, err := cel.NewEnv(
		cel.Variable("event", cel.MapType(cel.StringType, cel.DynType)),
		cel.CrossTypeNumericComparisons(true),
		cel.OptionalTypes(),
		cel.ParserExpressionSizeLimit(celMaxExprRunes),
		cel.ParserRecursionLimit(celRecursionLimit),
	)
	if err != nil {
		return nil, fmt.Errorf("build CEL environment: %w", err)
	}
	return env, nil
}

// freeIdents returns the identifiers in a parsed expression that could name
// a metric or attribute: valid names, not types, not function namespaces
// such as `optional` in optional.of(x).
func freeIdents(env *cel.Env, parsed *cel.Ast, into map[string]bool) {
	namespaces := map[string]bool{}
	var idents []string
	ast.PreOrderVisit(parsed.NativeRep().Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		switch e.Kind() {
		case ast.IdentKind:
			idents = append(idents, e.AsIdent())
		case ast.CallKind:
			c := e.AsCall()
			if c.IsMemberFunction() && c.Target().Kind() == ast.IdentKind {
				ns := c.Target().AsIdent()
				if env.HasFunction(ns + "." + c.FunctionName()) {
					namespaces[ns] = true
				}
			}
		}
	}))
	for _, id := range idents {
		if !namespaces[id] && !isTypeIdent(id) && validName(id) {
			into[id] = true
		}
	}
}

func declareIdents(env *cel.Env, idents map[string]bool) (*cel.Env, error) {
	names := make([]string, 0, len(idents))
	for n := range idents {
		names = append(names, n)
	}
	sort.Strings(names)
	opts := make([]cel.EnvOption, len(names))
	for i, n := range names {
		opts[i] = cel.Variable(n, cel.DynType)
	}
	ext, err := env.Extend(opts...)
	if err != nil {
		return nil, fmt.Errorf("declare metric names: %w", err)
	}
	return ext, nil
}

// celIssues turns CEL issues into positioned problems; CEL columns are
// 0-based, ours are 1-based like an editor's.
func celIssues(path string, iss *cel.Issues) []Problem {
	var out []Problem
	for _, e := range iss.Errors() {
		p := Problem{Path: path, Message: clip(e.Message)}
		if e.Location != nil && e.Location.Line() > 0 {
			p.Line = e.Location.Line()
			p.Column = e.Location.Column() + 1
		}
		out = append(out, p)
	}
	if len(out) == 0 && iss.Err() != nil {
		out = append(out, Problem{Path: path, Message: iss.Err().Error()})
	}
	return out
}

// numKind is the part of a CEL type the widening pass cares about.
type numKind int

const (
	numOther numKind = iota
	numInt
	numDouble
	numDyn
)

// widen is a CEL static optimizer that makes int/double arithmetic work the
// way a rule author expects (see doc.go). It walks bottom-up so that
// (csat - 3) * 15 widens both literals in one pass.
type widen struct{}

func (widen) Optimize(ctx *cel.OptimizerContext, a *ast.AST) *ast.AST {
	w := widener{ctx: ctx, a: a}
	w.walk(a.Expr())
	return a
}

type widener struct {
	ctx *cel.OptimizerContext
	a   *ast.AST
}

func (w widener) kindOf(e ast.Expr) numKind {
	t := w.a.GetType(e.ID())
	if t == nil {
		return numOther
	}
	switch t.Kind() {
	case types.IntKind:
		return numInt
	case types.DoubleKind:
		return numDouble
	case types.DynKind:
		return numDyn
	}
	return numOther
}

func (w widener) toDouble(e ast.Expr) ast.Expr {
	if e.Kind() == ast.LiteralKind {
		if v, ok := e.AsLiteral().(types.Int); ok {
			return w.ctx.NewLiteral(types.Double(v))
		}
	}
	return w.ctx.NewCall("double", e)
}

// dynToDouble also converts the dyn partner: it is a metric (a double) in
// the common case, but may be an int at run time, as in
// event.metrics.?x.orValue(0) + 1.
func (w widener) dynToDouble(e ast.Expr, k numKind) ast.Expr {
	if k != numDyn {
		return e
	}
	return w.ctx.NewCall("double", e)
}

func (w widener) walk(e ast.Expr) numKind {
	switch e.Kind() {
	case ast.CallKind:
		return w.call(e)
	case ast.ComprehensionKind:
		c := e.AsComprehension()
		w.walk(c.IterRange())
		w.walk(c.AccuInit())
		w.walk(c.LoopCondition())
		w.walk(c.LoopStep())
		w.walk(c.Result())
	case ast.ListKind:
		for _, x := range e.AsList().Elements() {
			w.walk(x)
		}
	case ast.MapKind:
		for _, en := range e.AsMap().Entries() {
			m := en.AsMapEntry()
			w.walk(m.Key())
			w.walk(m.Value())
		}
	case ast.SelectKind:
		w.walk(e.AsSelect().Operand())
	}
	return w.kindOf(e)
}

func (w widener) call(e ast.Expr) numKind {
	c := e.AsCall()
	if c.IsMemberFunction() {
		w.walk(c.Target())
	}
	args := c.Args()
	kinds := make([]numKind, len(args))
	for i, x := range args {
		kinds[i] = w.walk(x)
	}
	fn := c.FunctionName()
	floaty := func(k numKind) bool { return k == numDouble || k == numDyn }
	switch {
	case len(args) == 2 && isArithmetic(fn):
		l, r := kinds[0], kinds[1]
		switch {
		case l == numInt && floaty(r):
			w.ctx.UpdateExpr(e, w.ctx.NewCall(fn, w.toDouble(args[0]), w.dynToDouble(args[1], r)))
			return numDouble
		case r == numInt && floaty(l):
			w.ctx.UpdateExpr(e, w.ctx.NewCall(fn, w.dynToDouble(args[0], l), w.toDouble(args[1])))
			return numDouble
		case l == numDouble || r == numDouble:
			return numDouble
		case l == numDyn && r == numDyn:
			return numDyn
		}
	case len(args) == 3 && fn == operators.Conditional:
		l, r := kinds[1], kinds[2]
		switch {
		case l == numInt && r == numDouble:
			w.ctx.UpdateExpr(e, w.ctx.NewCall(fn, args[0], w.toDouble(args[1]), args[2]))
			return numDouble
		case r == numInt && l == numDouble:
			w.ctx.UpdateExpr(e, w.ctx.NewCall(fn, args[0], args[1], w.toDouble(args[2])))
			return numDouble
		case l == numDouble && r == numDouble:
			return numDouble
		}
	case len(args) == 1 && fn == operators.Negate && kinds[0] == numDouble:
		return numDouble
	}
	return w.kindOf(e)
}

func isArithmetic(fn string) bool {
	return fn == operators.Add || fn == operators.Subtract || fn == operators.Multiply || fn == operators.Divide
}

// activation resolves names for one event without building a map per rule:
// `event` is built on first use, and the event's metrics are converted to
// CEL values once, on first use, rather than once per rule that reads them
// (with many rules on one type, that conversion was most of an event's
// allocations). `event` is given to CEL as plain Go maps, which its
// attribute lookups read directly; it converts a map to a CEL value only
// where a rule uses one whole (size(event.attrs)). An engine reuses its
// activations (see Engine.scratch): top and metrics are filled anew for
// each event; nothing an expression gives keeps them (rules give numbers
// and truths).
type activation struct {
	ev            *Event
	top, metrics  map[string]any
	eventBuilt    bool // top holds this event
	metricsFilled bool // metrics holds this event's metrics
	missing       string
	// frame is the CEL execution frame over this activation, made on first
	// use and kept: programs share it rather than each taking a frame from
	// CEL's pool and setting it up. It holds nothing of an event.
	frame *interpreter.ExecutionFrame
	// results are what the engine's programs gave for this event, by
	// program.slot; one is valid when its gen is this event's.
	results []programResult
	gen     uint64
}

// programResult is what a program gave for one event.
type programResult struct {
	gen     uint64
	v       ref.Val
	err     error
	missing string // activation.missing after it ran
}

func newActivation(programs int) activation {
	return activation{top: make(map[string]any, 7), metrics: map[string]any{}, results: make([]programResult, programs), gen: 1}
}

// reset forgets the event, for the next one; results of an earlier gen are
// ignored, and hold only numbers, truths and errors.
func (a *activation) reset() {
	a.ev, a.missing = nil, ""
	clear(a.top)
	clear(a.metrics)
	a.eventBuilt, a.metricsFilled = false, false
	a.gen++
}

var _ interpreter.Activation = (*activation)(nil)

// program is a planned CEL text.
type program struct {
	prg cel.Program
	// counted: its cost is counted as it runs (countedAtRunTime). Such a
	// program keeps its count in the frame it runs in, so it gets a frame of
	// its own; the others share the activation's.
	counted bool
	// slot numbers the program in its engine. Rules that repeat a text
	// share its program, which runs once per event: what it gives depends
	// on the event alone.
	slot int
}

// run evaluates p for the activation's event.
func (p *program) run(act *activation) (ref.Val, error) {
	r := &act.results[p.slot]
	if r.gen == act.gen {
		act.missing = r.missing
		return r.v, r.err
	}
	var in any = act
	if !p.counted {
		if act.frame == nil {
			f, err := interpreter.NewExecutionFrame(act)
			if err != nil {
				return nil, fmt.Errorf("set up evaluation: %w", err)
			}
			act.frame = f
		}
		in = act.frame
	}
	v, _, err := p.prg.Eval(in)
	*r = programResult{gen: act.gen, v: v, err: err, missing: act.missing}
	return v, err
}

func (a *activation) ResolveName(name string) (any, bool) {
	if name == "event" {
		if !a.eventBuilt {
			a.buildEvent()
		}
		return a.top, true
	}
	if v, ok := a.metricVals()[name]; ok {
		return v, true
	}
	if s, ok := a.ev.Attrs[name]; ok {
		return types.String(s), true
	}
	a.missing = name
	return nil, false
}

func (a *activation) Parent() interpreter.Activation { return nil }

// metricVals is the event's metrics as CEL values, converted on first use.
func (a *activation) metricVals() map[string]any {
	if !a.metricsFilled {
		for k, v := range a.ev.Metrics {
			a.metrics[k] = metricVal(v)
		}
		a.metricsFilled = true
	}
	return a.metrics
}

func (a *activation) buildEvent() {
	a.top["id"] = a.ev.ID
	a.top["type"] = a.ev.Type
	a.top["agent"] = a.ev.Agent
	a.top["team"] = a.ev.Team
	a.top["time"] = types.Timestamp{Time: a.ev.Time}
	a.top["metrics"] = a.metricVals()
	a.top["attrs"] = a.ev.Attrs // CEL reads a nil map as an empty one, never as null
	a.eventBuilt = true
}

// metricVal presents every number as double, whatever Go type a caller who
// built the Event by hand used, so rules see one numeric type.
func metricVal(v any) ref.Val {
	switch x := v.(type) {
	case float64:
		return types.Double(x)
	case bool:
		return types.Bool(x)
	case float32:
		return types.Double(x)
	case int:
		return types.Double(x)
	case int64:
		return types.Double(x)
	case int32:
		return types.Double(x)
	case string:
		return types.String(x)
	}
	return types.NewErr("metric has unsupported type %T", v)
}

// toPoints converts a formula result into whole points.
func toPoints(v ref.Val) (int64, error) {
	var f float64
	switch x := v.(type) {
	case types.Int:
		if x > maxAward || x < -maxAward {
			return 0, fmt.Errorf("points %d out of range ±%d", int64(x), maxAward)
		}
		return int64(x), nil
	case types.Uint:
		if x > maxAward {
			return 0, fmt.Errorf("points %d out of range ±%d", uint64(x), maxAward)
		}
		return int64(x), nil
	case types.Double:
		f = float64(x)
	default:
		return 0, fmt.Errorf("points formula gave %s, want a number", v.Type().TypeName())
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("points formula gave %v, want a finite number", f)
	}
	f = math.Round(f)
	if f > maxAward || f < -maxAward {
		return 0, fmt.Errorf("points %.0f out of range ±%d", f, maxAward)
	}
	return int64(f), nil
}

// clip shortens a CEL message, which can quote a whole 4 KiB token back.
func clip(msg string) string {
	const limit = 300
	if utf8.RuneCountInString(msg) <= limit {
		return msg
	}
	return string([]rune(msg)[:limit]) + "…"
}
