package scoring

import (
	"fmt"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
)

// condition is a compiled `when`: it holds when the event has every metric
// in needs and rest, if any, gives true.
//
// needs are the has(event.metrics.m) terms of the condition's top-level
// conjunction, the guard docs/rules.md tells authors to write before using
// an optional metric. They are checked in Go, and CEL runs only the rest:
// with many rules on one event type the guards were much of CEL's time,
// and a rule whose metric is absent costs no CEL at all.
type condition struct {
	needs []string
	rest  *program // nil: nothing but the needs
}

// eval runs the condition; the zero condition always holds. msg is
// non-empty when it could not be evaluated for this event.
func (c *condition) eval(act *activation) (ok bool, msg string) {
	for _, m := range c.needs {
		if _, ok := act.ev.Metrics[m]; !ok {
			return false, ""
		}
	}
	if c.rest == nil {
		return true, ""
	}
	act.missing = ""
	v, err := c.rest.run(act)
	if err != nil {
		return false, "when: " + evalMessage(act, err)
	}
	b, isBool := v.(types.Bool)
	if !isBool {
		return false, fmt.Sprintf("when: gave %s, want true or false", v.Type().TypeName())
	}
	return bool(b), ""
}

// splitGuards is a CEL optimizer that takes the has(event.metrics.m) terms
// out of a condition's top-level conjunction into needs, leaving the other
// terms, in their order, as the condition. A conjunction is false when any
// term is false, so an absent metric makes it false whatever the other
// terms give, errors included; once every guard holds, it gives what the
// other terms give. It leaves a condition alone unless every other term
// is typed bool: `true && x` with x a number is an error, x alone is not.
type splitGuards struct {
	needs []string
	none  bool // every term was a guard
}

func (g *splitGuards) Optimize(ctx *cel.OptimizerContext, a *ast.AST) *ast.AST {
	var needs []string
	var rest []ast.Expr
	for _, term := range conjuncts(a.Expr(), nil) {
		if m, ok := metricGuard(term); ok {
			needs = append(needs, m)
			continue
		}
		if t := a.GetType(term.ID()); t == nil || t.Kind() != types.BoolKind {
			return a
		}
		rest = append(rest, term)
	}
	if len(needs) == 0 {
		return a
	}
	g.needs = needs
	if len(rest) == 0 {
		g.none = true
		ctx.UpdateExpr(a.Expr(), ctx.NewLiteral(types.True))
		return a
	}
	e := rest[0]
	for _, term := range rest[1:] {
		e = ctx.NewCall(operators.LogicalAnd, e, term)
	}
	ctx.UpdateExpr(a.Expr(), e)
	return a
}

// conjuncts appends the terms of a conjunction, left to right.
func conjuncts(e ast.Expr, into []ast.Expr) []ast.Expr {
	if e.Kind() == ast.CallKind {
		if c := e.AsCall(); c.FunctionName() == operators.LogicalAnd && len(c.Args()) == 2 && !c.IsMemberFunction() {
			return conjuncts(c.Args()[1], conjuncts(c.Args()[0], into))
		}
	}
	return append(into, e)
}

// metricGuard reports whether e is has(event.metrics.m), and m.
func metricGuard(e ast.Expr) (string, bool) {
	if e.Kind() != ast.SelectKind {
		return "", false
	}
	s := e.AsSelect()
	if !s.IsTestOnly() || s.Operand().Kind() != ast.SelectKind {
		return "", false
	}
	metrics := s.Operand().AsSelect()
	if metrics.IsTestOnly() || metrics.FieldName() != "metrics" || metrics.Operand().Kind() != ast.IdentKind ||
		metrics.Operand().AsIdent() != "event" {
		return "", false
	}
	return s.FieldName(), true
}
