package scoring

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // the engine must resolve zones on hosts without a zoneinfo database
	"unicode"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
)

// Problem is one reason a ruleset was rejected.
type Problem struct {
	Path    string `json:"path"`             // JSON Pointer, e.g. "/point_rules/2/when"; empty for the whole document
	Line    int    `json:"line,omitempty"`   // 1-based, inside the CEL text
	Column  int    `json:"column,omitempty"` // 1-based
	Message string `json:"message"`
}

// CompileError lists every problem of a rejected ruleset.
type CompileError struct {
	Problems []Problem `json:"problems"`
}

func (e *CompileError) Error() string {
	if len(e.Problems) == 0 {
		return "invalid ruleset"
	}
	p := e.Problems[0]
	var b strings.Builder
	b.WriteString("invalid ruleset: ")
	if p.Path != "" {
		b.WriteString(p.Path)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", p.Line, p.Column)
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if n := len(e.Problems) - 1; n > 0 {
		fmt.Fprintf(&b, " (and %d more)", n)
	}
	return b.String()
}

// Unwrap lets callers test errors.Is(err, ErrInvalidRuleset).
func (e *CompileError) Unwrap() error { return ErrInvalidRuleset }

// Size limits of a ruleset, so that validation and scoring stay cheap.
const (
	maxCategories = 64
	maxPointRules = 1000
	maxLevels     = 200
	maxBoards     = 32
)

const (
	msgRuleID       = "must be 1-64 characters of a-z0-9_.-"
	msgCategory     = "must be 1-64 characters of a-z0-9_-"
	msgTotalsPeriod = "must be one of day, week, month, season, all"
)

// Engine is a compiled, immutable ruleset. It is safe for concurrent use.
type Engine struct {
	rs       Ruleset
	version  int
	loc      *time.Location
	rules    []rule
	byType   map[string][]int // event type -> indexes into rules, in ruleset order
	counters []counter
	cByType  map[string][]int // event type -> indexes into counters
	badges   []badge
	byPoints map[string][]int // category or "*" -> indexes of points badges
	streaks  []streak
	chals    []challenge
	goals    []goal
	seasons  []season
	programs int // planned CEL programs (program.slot)
	// day caches the period keys of the last day asked about: keys are
	// asked for many times per event (every period of every credit, view
	// and board), and nearly always for today. Views are built by
	// concurrent readers, hence atomic.
	day atomic.Pointer[dayKeys]
	// scratches keeps what scoring an event needs and can reuse (scratch).
	scratches sync.Pool
}

// countedAtRunTime reports whether an expression's cost must be counted as
// it runs, to stop it at the limit. One whose worst case the checker bounds
// under the limit needs no counting, which clones a tracker and checks
// every step of every evaluation, for every event; one it cannot bound (a
// size it does not know, a loop over one) does.
func countedAtRunTime(env *cel.Env, a *cel.Ast) bool {
	est, err := env.EstimateCost(a, unknownSizes{})
	return err != nil || est.Max > celCostLimit
}

// unknownSizes leaves every size and call to the checker's defaults: it
// knows no bound on an event's strings, lists and maps.
type unknownSizes struct{}

func (unknownSizes) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}
func (unknownSizes) EstimateSize(cost.AstNode) *cost.SizeEstimate { return nil }

type rule struct {
	id       string
	category string
	when     condition
	points   *program // nil: the constant below
	constant int64
	// coins is the coins formula, nil for a constant (coinsConst, 0 for a
	// rule without coins): a rule without coins costs one nil check.
	coins      *program
	coinsConst int64
	cap        *Cap
	capKey     int // the period index of cap, whose key the cap's window is
}

// Option adjusts how Compile builds an Engine.
type Option func(*Engine)

// WithVersion stamps the engine with the ruleset's published version; every
// outcome, badge and challenge it produces records it.
func WithVersion(n int) Option { return func(e *Engine) { e.version = n } }

// Compile validates rs and builds an Engine. When rs is invalid it returns a
// *CompileError listing every problem, each positioned by a JSON Pointer and,
// inside CEL text, by line and column.
func Compile(rs Ruleset, opts ...Option) (*Engine, error) {
	return compile(rs, compiler{}, opts...)
}

func compile(rs Ruleset, c compiler, opts ...Option) (*Engine, error) {
	rs = rs.clone()
	loc := c.timezone(rs.Timezone)
	cats := c.categories(rs.Categories)
	c.pointRules(rs.PointRules, cats)
	c.levels(rs.Levels)
	e := &Engine{rs: rs, loc: loc, byType: map[string][]int{}, cByType: map[string][]int{}, byPoints: map[string][]int{}}
	e.seasons = c.seasons(rs.Seasons)
	c.boards(rs.Boards)
	c.parts(e, cats)
	c.kudos(rs.Kudos, len(rs.Levels))
	c.leagues(rs.Leagues)
	c.allLabels(&rs, cats)
	env, err := newBaseEnv()
	if err != nil {
		return nil, fmt.Errorf("compile ruleset: %w", err)
	}
	rules, err := c.expressions(env, rs.PointRules, e.counters, rs.Counters)
	if err != nil {
		return nil, fmt.Errorf("compile ruleset: %w", err)
	}
	if len(c.problems) > 0 {
		return nil, &CompileError{Problems: c.problems}
	}
	e.rules, e.programs = rules, c.programs
	for i, r := range rs.PointRules {
		e.byType[r.On] = append(e.byType[r.On], i)
	}
	for _, o := range opts {
		o(e)
	}
	return e, nil
}

// Version is the ruleset version the engine was compiled for (WithVersion),
// 0 when none was given.
func (e *Engine) Version() int { return e.version }

// Ruleset returns a copy of the ruleset the engine was compiled from.
func (e *Engine) Ruleset() Ruleset { return e.rs.clone() }

// Location is the ruleset's time zone, in which periods begin and end.
func (e *Engine) Location() *time.Location { return e.loc }

type compiler struct {
	problems []Problem
	// wholeConditions keeps the guards in conditions (withoutGuards), so
	// tests can compare the two.
	wholeConditions bool
	programs        int // planned so far, each numbered (program.slot)
}

func (c *compiler) add(path, msg string) {
	c.problems = append(c.problems, Problem{Path: path, Message: msg})
}

func (c *compiler) timezone(name string) *time.Location {
	switch name {
	case "":
		c.add("/timezone", msgRequired)
		return time.UTC
	case "Local":
		// Local depends on the host, and replicas must agree on periods.
		c.add("/timezone", `must be an IANA time zone name such as "Europe/Stockholm", not "Local"`)
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		c.add("/timezone", fmt.Sprintf("unknown time zone %q", name))
		return time.UTC
	}
	return loc
}

// isSlugByte is a byte of the ids people never see: a-z, 0-9, _ and -.
func isSlugByte(b byte) bool { return isLowerDigit(b) || b == '_' || b == '-' }

// slugIDs checks the ids of a list at base (base/i/id): each given, of
// a-z0-9_- and unique, naming the first holder of a repeated one.
func (c *compiler) slugIDs(base string, n int, id func(i int) string) {
	first := make(map[string]int, n)
	for i := range n {
		path := base + "/" + strconv.Itoa(i) + "/id"
		v := id(i)
		switch at, dup := first[v]; {
		case v == "":
			c.add(path, msgRequired)
		case !validChars(v, 64, isSlugByte):
			c.add(path, "must be 1-64 characters of a-z0-9_-")
		case dup:
			c.add(path, fmt.Sprintf("repeats the id of %s/%d", base, at))
		default:
			first[v] = i
		}
	}
}

func (c *compiler) categories(cats []string) map[string]bool {
	set := make(map[string]bool, len(cats))
	if len(cats) == 0 {
		c.add("/categories", "must list at least one category")
	}
	if len(cats) > maxCategories {
		c.add("/categories", fmt.Sprintf("must have at most %d entries, has %d", maxCategories, len(cats)))
	}
	for i, name := range cats {
		path := "/categories/" + strconv.Itoa(i)
		switch {
		case !validChars(name, 64, isSlugByte):
			c.add(path, msgCategory)
		case set[name]:
			c.add(path, fmt.Sprintf("repeats category %q", name))
		}
		set[name] = true
	}
	return set
}

func (c *compiler) pointRules(rules []PointRule, cats map[string]bool) {
	c.limit("/point_rules", len(rules), maxPointRules)
	ids := make(map[string]int, len(rules))
	for i, r := range rules {
		path := "/point_rules/" + strconv.Itoa(i)
		c.id(path+"/id", r.ID, i, ids, "point_rules")
		switch {
		case r.On == "":
			c.add(path+"/on", msgRequired)
		case !validChars(r.On, 64, isTypeByte):
			c.add(path+"/on", msgType)
		}
		switch {
		case r.Category == "":
			c.add(path+"/category", msgRequired)
		case !cats[r.Category]:
			c.add(path+"/category", fmt.Sprintf("%q is not one of the categories", r.Category))
		}
		if strings.TrimSpace(string(r.Points)) == "" {
			c.add(path+"/points", msgRequired)
		}
		if n, ok := r.Coins.Constant(); ok && (n < 0 || n > MaxCoins) {
			c.add(path+"/coins", fmt.Sprintf("must be between 0 and %d", MaxCoins))
		}
		if r.Cap != nil {
			if !validPeriod(r.Cap.Period) {
				c.add(path+"/cap/period", "must be one of day, week, month, all")
			}
			if r.Cap.Max <= 0 {
				c.add(path+"/cap/max", "must be greater than 0")
			}
		}
	}
}

func isRuleIDByte(b byte) bool { return isLowerDigit(b) || b == '_' || b == '.' || b == '-' }

func (c *compiler) levels(levels []Level) {
	if len(levels) == 0 {
		c.add("/levels", "must list at least one level")
		return
	}
	if len(levels) > maxLevels {
		c.add("/levels", fmt.Sprintf("must have at most %d entries, has %d", maxLevels, len(levels)))
	}
	names := make(map[string]bool, len(levels))
	for i, l := range levels {
		path := "/levels/" + strconv.Itoa(i)
		switch {
		case !validLabel(l.Name):
			c.add(path+"/name", "must be 1-64 printable characters")
		case names[l.Name]:
			c.add(path+"/name", fmt.Sprintf("repeats level name %q", l.Name))
		}
		names[l.Name] = true
		switch {
		case i == 0 && l.XP != 0:
			c.add(path+"/xp", "must be 0 for the first level")
		case i > 0 && l.XP <= levels[i-1].XP:
			c.add(path+"/xp", fmt.Sprintf("must be greater than the previous level's %d", levels[i-1].XP))
		}
	}
}

// validLabel accepts names people read: any printable text, trimmed.
func validLabel(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 64 || !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func (c *compiler) boards(boards []BoardSpec) {
	if len(boards) > maxBoards {
		c.add("/boards", fmt.Sprintf("must have at most %d entries, has %d", maxBoards, len(boards)))
	}
	ids := make(map[string]bool, len(boards))
	for i, b := range boards {
		path := "/boards/" + strconv.Itoa(i)
		switch {
		case !validChars(b.ID, 64, isRuleIDByte):
			c.add(path+"/id", msgRuleID)
		case ids[b.ID]:
			c.add(path+"/id", fmt.Sprintf("repeats board id %q", b.ID))
		}
		ids[b.ID] = true
		if b.Scope != "org" && b.Scope != "team" {
			c.add(path+"/scope", "must be org or team")
		}
		if b.Metric != "points" {
			c.add(path+"/metric", "must be points")
		}
		if len(b.Periods) == 0 {
			c.add(path+"/periods", "must list at least one of day, week, month, season, all")
		}
		seen := map[string]bool{}
		for j, p := range b.Periods {
			pp := path + "/periods/" + strconv.Itoa(j)
			switch {
			case !validTotalsPeriod(p):
				c.add(pp, msgTotalsPeriod)
			case seen[p]:
				c.add(pp, fmt.Sprintf("repeats period %q", p))
			}
			seen[p] = true
		}
	}
}

// celJob is one CEL text of one rule or counter on its way through parse
// and check; cond receives a planned condition, dst a planned formula.
type celJob struct {
	path   string
	src    string
	cond   *condition // nil for a formula
	dst    **program
	parsed *cel.Ast
}

// expressions parses, checks and plans every CEL text. It first parses all
// of them to learn which free identifiers (metric names) they use, because
// one environment declaring them all is far cheaper than one per rule.
func (c *compiler) expressions(env *cel.Env, prs []PointRule, counters []counter, specs []Counter) ([]rule, error) {
	rules := make([]rule, len(prs))
	var jobs []*celJob
	for i, r := range prs {
		path := "/point_rules/" + strconv.Itoa(i)
		rules[i] = rule{id: r.ID, category: r.Category, cap: r.Cap}
		if r.Cap != nil {
			rules[i].capKey = periodIndex(r.Cap.Period)
		}
		if strings.TrimSpace(r.When) != "" {
			jobs = append(jobs, &celJob{path: path + "/when", src: r.When, cond: &rules[i].when})
		}
		if coins := strings.TrimSpace(string(r.Coins)); coins != "" {
			if n, ok := r.Coins.Constant(); ok {
				rules[i].coinsConst = n // its range is checked with the rule's other fields
			} else if isJSONNumber(coins) {
				c.add(path+"/coins", fmt.Sprintf("must be between 0 and %d", MaxCoins))
			} else {
				jobs = append(jobs, &celJob{path: path + "/coins", src: string(r.Coins), dst: &rules[i].coins})
			}
		}
		src := strings.TrimSpace(string(r.Points))
		if isJSONNumber(src) {
			f, err := strconv.ParseFloat(src, 64)
			if err != nil || math.IsInf(f, 0) || math.Abs(math.Round(f)) > maxAward {
				c.add(path+"/points", fmt.Sprintf("must be between -%d and %d", maxAward, maxAward))
			}
			rules[i].constant = int64(math.Round(f))
			continue
		}
		if src != "" {
			jobs = append(jobs, &celJob{path: path + "/points", src: string(r.Points), dst: &rules[i].points})
		}
	}
	for i := range counters {
		if strings.TrimSpace(specs[i].When) != "" {
			jobs = append(jobs, &celJob{path: "/counters/" + strconv.Itoa(i) + "/when", src: specs[i].When,
				cond: &counters[i].when})
		}
	}
	idents := map[string]bool{}
	for _, j := range jobs {
		parsed, iss := env.Parse(j.src)
		if iss.Err() != nil {
			c.problems = append(c.problems, celIssues(j.path, iss)...)
			continue
		}
		j.parsed = parsed
		freeIdents(env, parsed, idents)
	}
	full, err := declareIdents(env, idents)
	if err != nil {
		return nil, err
	}
	opt, err := cel.NewStaticOptimizer(widen{})
	if err != nil {
		return nil, fmt.Errorf("build CEL optimizer: %w", err)
	}
	// Rules often repeat a condition or a formula; a text compiles once
	// and its program, shared, runs once per event (program.run).
	type text struct {
		src    string
		isWhen bool
	}
	compiled := map[text]*celJob{}
	for _, j := range jobs {
		if j.parsed == nil {
			continue
		}
		key := text{j.src, j.cond != nil}
		if first, ok := compiled[key]; ok {
			if j.cond != nil {
				*j.cond = *first.cond
			} else {
				*j.dst = *first.dst
			}
			continue
		}
		if c.check(full, opt, j) {
			compiled[key] = j
		}
	}
	return rules, nil
}

// check checks, optimizes and plans a job's text into its cond or dst, and
// reports whether it could.
func (c *compiler) check(env *cel.Env, opt *cel.StaticOptimizer, j *celJob) bool {
	checked, iss := env.Check(j.parsed)
	if iss.Err() != nil {
		c.problems = append(c.problems, celIssues(j.path, iss)...)
		return false
	}
	isWhen := j.cond != nil
	out := checked.OutputType()
	switch k := out.Kind(); {
	case isWhen && k != types.BoolKind && k != types.DynKind:
		c.problems = append(c.problems, Problem{Path: j.path, Line: 1, Column: 1,
			Message: "must be a true/false condition, but gives " + out.String()})
		return false
	case !isWhen && k != types.IntKind && k != types.UintKind && k != types.DoubleKind && k != types.DynKind:
		c.problems = append(c.problems, Problem{Path: j.path, Line: 1, Column: 1,
			Message: "must give a number, but gives " + out.String()})
		return false
	}
	optimized, iss := opt.Optimize(env, checked)
	if iss.Err() != nil {
		c.problems = append(c.problems, celIssues(j.path, iss)...)
		return false
	}
	opts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize)}
	counted := countedAtRunTime(env, optimized)
	if counted {
		opts = append(opts, cel.CostLimit(celCostLimit))
	} else if isWhen && !c.wholeConditions {
		// Guards are taken out only where no cost is counted: they add to
		// it, so taking them out could let through a condition stopped at
		// the limit before.
		optimized = withoutGuards(env, optimized, j.cond)
		if optimized == nil {
			return true // nothing but guards
		}
	}
	prg, err := env.Program(optimized, opts...)
	if err != nil {
		c.add(j.path, fmt.Sprintf("cannot be planned: %v", err))
		return false
	}
	p := &program{prg: prg, counted: counted, slot: c.programs}
	c.programs++
	if isWhen {
		j.cond.rest = p
	} else {
		*j.dst = p
	}
	return true
}

// withoutGuards moves a condition's metric guards to cond.needs
// (splitGuards) and returns what is left for CEL, nil when nothing is. A
// condition it cannot split is returned whole.
func withoutGuards(env *cel.Env, a *cel.Ast, cond *condition) *cel.Ast {
	g := &splitGuards{}
	opt, err := cel.NewStaticOptimizer(g)
	if err != nil {
		return a
	}
	rest, iss := opt.Optimize(env, a)
	if iss.Err() != nil || len(g.needs) == 0 {
		return a
	}
	cond.needs = g.needs
	if g.none {
		return nil
	}
	return rest
}
