package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// rulesEditorID is the textarea of the ruleset.
const rulesEditorID = "rules-editor"

// The simulation's rows and results, as the table names them.
type (
	simAgent  = shared.AgentDiff
	simResult = shared.AgentResult
)

// simColumns are the sortable columns of the differences table.
var simColumns = []string{"agent", "before", "after", "delta", "level", "rank", "badges"}

// sortSim orders rows by a column; desc reverses it. Ties keep agent order.
func sortSim(rows []simAgent, col string, desc bool) {
	key := func(a simAgent) int64 {
		switch col {
		case "before":
			return a.Current.Points
		case "after":
			return a.Candidate.Points
		case "delta":
			return a.Candidate.Points - a.Current.Points
		case "level":
			return int64(a.Candidate.Level - a.Current.Level)
		case "rank":
			return int64(a.RankChange)
		case "badges":
			return int64(len(a.BadgesGained) - len(a.BadgesLost))
		}
		return 0
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if col == "agent" || key(rows[i]) == key(rows[j]) {
			if desc && col == "agent" {
				return rows[i].Agent > rows[j].Agent
			}
			return rows[i].Agent < rows[j].Agent
		}
		if desc {
			return key(rows[i]) > key(rows[j])
		}
		return key(rows[i]) < key(rows[j])
	})
}

// rulesPanel edits, validates, simulates and publishes the ruleset.
type rulesPanel struct {
	goapp.Compo

	Lang     string
	loaded   bool
	version  int
	text     string
	problems []problem
	warnings []problem
	status   string // ok, invalid, published, error
	msg      string
	busy     bool
	simDays  int
	simPct   float64
	simBusy  bool
	sim      *shared.SimulationReport
	sortCol  string
	sortDesc bool
	simErr   string
	cancel   func()

	// view is the sub-tab: the forms, the JSON, or the versions.
	view string
	// open is the pointer of the item just added, shown open.
	open string
	// freeCEL marks rules whose condition is edited as CEL by choice.
	freeCEL map[string]bool
	// condErr holds a builder row's complaint until it is fixed.
	condErr map[string]string
	// people names the simulation's agents (id → name).
	people map[string]string
}

// rulesViews are the rules tab's sub-tabs.
var rulesViews = []string{"form", "json", "versions"}

func (c *rulesPanel) OnMount(ctx goapp.Context) {
	c.simDays, c.sortCol, c.sortDesc = 7, "delta", true
	c.freeCEL, c.condErr, c.people = map[string]bool{}, map[string]string{}, map[string]string{}
	loadUserNames(ctx, func(names map[string]string) { c.people = names })
	c.view = "form"
	if v := ctx.Page().URL().Query().Get("view"); slices.Contains(rulesViews, v) {
		c.view = v
	}
	ctx.Async(func() {
		var rv shared.RulesetVersion
		err := getJSON(ctx, "/api/v1/ruleset", &rv)
		ctx.Dispatch(func(ctx goapp.Context) {
			if err != nil {
				c.status, c.msg = "error", err.Error()
				return
			}
			c.loaded, c.version = true, rv.Version
			c.setText(ctx, prettyJSON(rv.Ruleset))
		})
	})
}

func (c *rulesPanel) OnDismount() {
	if c.cancel != nil {
		c.cancel()
	}
}

// setText replaces the editor's text; a textarea's value is not its text
// content once edited, so the value is set too.
func (c *rulesPanel) setText(ctx goapp.Context, s string) {
	c.text = s
	ctx.Defer(func(goapp.Context) {
		if el := goapp.Window().GetElementByID(rulesEditorID); el.Truthy() {
			el.Set("value", s)
		}
	})
}

// check sends the text to validate (publish=false) or publishes it.
func (c *rulesPanel) check(ctx goapp.Context, publish bool) {
	if c.busy {
		return
	}
	c.busy, c.msg = true, ""
	text := []byte(c.text)
	lang := c.Lang
	ctx.Async(func() {
		method, path := http.MethodPost, "/api/v1/ruleset/validate"
		if publish {
			method, path = http.MethodPut, "/api/v1/ruleset"
		}
		var published shared.RulesetPublished
		var valid shared.RulesetValidation
		out := any(&valid)
		if publish {
			out = &published
		}
		var err error
		if !json.Valid(text) {
			err = errors.New(tr(lang, "rules.bad_json"))
		} else {
			err = apiCall{Method: method, Path: path, Raw: text, ContentType: "application/json"}.fetch(ctx, out)
		}
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			c.problems, c.warnings = nil, valid.Warnings
			var ae *apiError
			switch {
			case errors.As(err, &ae) && ae.Status == http.StatusUnprocessableEntity:
				var p shared.RulesetProblems
				_ = json.Unmarshal(ae.Body, &p)
				c.problems, c.status, c.msg = p.Problems, "invalid", c.invalidMsg(len(p.Problems))
			case err != nil:
				c.status, c.msg = "error", err.Error()
			case publish:
				c.version, c.status, c.msg = published.Version, "published", tr(lang, "rules.published", published.Version)
			default:
				c.status, c.msg = "ok", tr(lang, "rules.valid", len(valid.Warnings))
			}
		})
	})
}

// invalidMsg says how many problems stop the ruleset and where they are
// shown: at their fields in the forms, at their lines in the JSON.
func (c *rulesPanel) invalidMsg(n int) string {
	if c.view == "form" {
		return trn(c.Lang, "admin.invalid_form", int64(n))
	}
	return tr(c.Lang, "rules.invalid", n)
}

// simulate replays the chosen days through the text, streaming progress.
func (c *rulesPanel) simulate(ctx goapp.Context) {
	if c.simBusy {
		return
	}
	if !json.Valid([]byte(c.text)) {
		c.status, c.msg = "invalid", tr(c.Lang, "rules.bad_json")
		return
	}
	to := time.Now().UTC().Truncate(time.Second)
	body := shared.SimulateRequest{Ruleset: json.RawMessage(c.text), From: to.Add(-time.Duration(c.simDays) * 24 * time.Hour), To: to}
	c.simBusy, c.simPct, c.sim, c.simErr, c.problems = true, 0, nil, "", nil
	sctx, cancel := context.WithCancel(ctx)
	c.cancel = cancel
	ctx.Async(func() {
		defer cancel()
		rep, err := streamSimulation(sctx, body, func(p float64) {
			ctx.Dispatch(func(goapp.Context) { c.simPct = p })
		})
		ctx.Dispatch(func(ctx goapp.Context) {
			c.simBusy = false
			var ae *apiError
			switch {
			case errors.As(err, &ae) && ae.Status == http.StatusUnprocessableEntity:
				var p shared.RulesetProblems
				_ = json.Unmarshal(ae.Body, &p)
				c.problems, c.status, c.msg = p.Problems, "invalid", c.invalidMsg(len(p.Problems))
			case err != nil:
				c.simErr = err.Error()
			default:
				c.simPct, c.sim = 100, rep
				sortSim(c.sim.Agents, c.sortCol, c.sortDesc)
			}
		})
	})
}

// streamSimulation posts a simulation asking for NDJSON: progress lines,
// then the result.
func streamSimulation(ctx context.Context, body shared.SimulateRequest, progress func(float64)) (*shared.SimulationReport, error) {
	resp, err := apiCall{Method: http.MethodPost, Path: "/api/v1/ruleset/simulate", JSON: body, Accept: "application/x-ndjson"}.do(ctx)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	last := -1.0
	for sc.Scan() {
		var line shared.SimulationLine
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			continue
		}
		switch {
		case line.Error != "":
			return nil, errors.New(line.Error)
		case line.Result != nil:
			return line.Result, nil
		case line.Progress != nil && line.Progress.Percent-last >= 1:
			// Whole percents only: the UI needs no more renders than that.
			last = line.Progress.Percent
			progress(last)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return nil, errors.New("the simulation ended without a result")
}

// jumpTo puts the editor's cursor on a line and scrolls it into view.
func (c *rulesPanel) jumpTo(line int) {
	el := goapp.Window().GetElementByID(rulesEditorID)
	if !el.Truthy() {
		return
	}
	off := len([]rune(c.text[:lineOffset(c.text, line)]))
	el.Call("focus")
	el.Call("setSelectionRange", off, off)
	lh := 20.0
	el.Set("scrollTop", float64(line-3)*lh)
}

func (c *rulesPanel) sortBy(col string) {
	if c.sortCol == col {
		c.sortDesc = !c.sortDesc
	} else {
		c.sortCol, c.sortDesc = col, col != "agent"
	}
	if c.sim != nil {
		sortSim(c.sim.Agents, c.sortCol, c.sortDesc)
	}
}

// annotated pairs each problem with its line in the text.
type annotated struct {
	problem
	At int // line in the editor
}

func (c *rulesPanel) annotate(ps []problem) []annotated {
	doc := []byte(c.text)
	out := make([]annotated, len(ps))
	for i, p := range ps {
		out[i] = annotated{problem: p, At: pointerLine(doc, p.Path)}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out
}

func lineLabel(lang string, p annotated) string {
	s := tr(lang, "rules.line", p.At)
	if p.Line > 0 {
		s += " · " + tr(lang, "rules.cel_at", p.Line, p.Column)
	}
	return s
}

// showView switches sub-tabs and keeps it in the address.
func (c *rulesPanel) showView(ctx goapp.Context, v string) {
	c.view = v
	if goapp.IsClient {
		u := *ctx.Page().URL()
		q := u.Query()
		q.Set("view", v)
		u.RawQuery = q.Encode()
		goapp.Window().Get("history").Call("replaceState", nil, "", u.String())
	}
	if v == "json" {
		c.setText(ctx, c.text)
	}
}

func (c *rulesPanel) viewKeyDown(ctx goapp.Context, e goapp.Event) {
	i := slices.Index(rulesViews, c.view)
	switch e.Get("key").String() {
	case "ArrowRight":
		i = (i + 1) % len(rulesViews)
	case "ArrowLeft":
		i = (i + len(rulesViews) - 1) % len(rulesViews)
	default:
		return
	}
	e.PreventDefault()
	c.showView(ctx, rulesViews[i])
	ctx.Defer(func(goapp.Context) {
		if el := goapp.Window().GetElementByID("rules-view-" + rulesViews[i]); el.Truthy() {
			el.Call("focus")
		}
	})
}

func (c *rulesPanel) Render() goapp.UI {
	lang := c.Lang
	return goapp.Div().ID("rules").Class("rules").DataSet("status", c.status).DataSet("loaded", boolAttr(c.loaded)).DataSet("view", c.view).Body(
		goapp.P().Class("muted").Text(tr(lang, "admin.rules_intro", c.version)),
		goapp.Div().Class("subtabs").Role("tablist").Aria("label", tr(lang, "admin.tab_rules")).Body(
			goapp.Range(rulesViews).Slice(func(i int) goapp.UI {
				v := rulesViews[i]
				sel := v == c.view
				tabIndex := -1
				if sel {
					tabIndex = 0
				}
				return goapp.Button().ID("rules-view-"+v).Class("subtab").Type("button").Role("tab").
					Aria("selected", boolAttr(sel)).Aria("controls", "rules-view").TabIndex(tabIndex).
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.showView(ctx, v) }).
					OnKeyDown(c.viewKeyDown).Text(tr(lang, "admin.view_"+v))
			}),
		),
		goapp.Div().ID("rules-view").Role("tabpanel").Aria("labelledby", "rules-view-"+c.view).Body(
			goapp.If(c.view == "versions", func() goapp.UI {
				return &versionsPanel{Lang: lang, Current: c.version, OnRestored: c.restored}
			}).ElseIf(c.view == "json", func() goapp.UI {
				return c.renderJSON(lang)
			}).ElseIf(c.loaded, func() goapp.UI {
				return c.renderForm(lang)
			}),
			goapp.If(c.view != "versions", func() goapp.UI { return c.renderActions(lang) }),
		),
	)
}

// restored is told by the versions view that an old version was published
// again: the editor loads it, as it is now in force.
func (c *rulesPanel) restored(ctx goapp.Context, version int, text string) {
	c.version, c.problems, c.warnings = version, nil, nil
	c.status, c.msg = "published", tr(c.Lang, "rules.published", version)
	c.setText(ctx, text)
}

// renderJSON is the advanced tab: the document with line numbers and the
// problems at their lines.
func (c *rulesPanel) renderJSON(lang string) goapp.UI {
	probs := c.annotate(c.problems)
	warns := c.annotate(c.warnings)
	marked := map[int]bool{}
	for _, p := range probs {
		marked[p.At] = true
	}
	n := strings.Count(c.text, "\n") + 1
	var gutter strings.Builder
	for i := 1; i <= n; i++ {
		gutter.WriteString(strconv.Itoa(i))
		gutter.WriteByte('\n')
	}
	return goapp.Div().Class("json-view").Body(
		goapp.Div().Class("editor-wrap", "with-gutter").Body(
			goapp.Pre().ID("rules-gutter").Class("gutter").Aria("hidden", "true").Text(gutter.String()),
			goapp.Label().For(rulesEditorID).Class("visually-hidden").Text(tr(lang, "rules.editor")),
			goapp.Textarea().ID(rulesEditorID).Class("editor").Spellcheck(false).Rows(24).Attr("wrap", "off").
				Aria("invalid", boolAttr(len(probs) > 0)).
				Aria("describedby", "rules-problems").
				OnInput(func(ctx goapp.Context, e goapp.Event) { c.text = ctx.JSSrc().Get("value").String() }).
				OnScroll(func(ctx goapp.Context, e goapp.Event) {
					// The gutter follows the text without a render.
					if g := goapp.Window().GetElementByID("rules-gutter"); g.Truthy() {
						g.Set("scrollTop", ctx.JSSrc().Get("scrollTop"))
					}
				}).
				Text(c.text),
		),
		goapp.Div().ID("rules-problems").Aria("live", "polite").Body(
			goapp.If(len(probs) > 0, func() goapp.UI { return c.renderListing(lang, probs, marked) }),
			goapp.If(len(warns) > 0, func() goapp.UI {
				return goapp.Ul().ID("rules-warnings").Class("problems", "warnings").Body(goapp.Range(warns).Slice(func(i int) goapp.UI {
					w := warns[i]
					return goapp.Li().Class("problem", "warning").DataSet("path", w.Path).DataSet("line", w.At).Body(
						goapp.Button().Class("linklike").Type("button").
							OnClick(func(ctx goapp.Context, e goapp.Event) { c.jumpTo(w.At) }).Text(lineLabel(lang, w)),
						goapp.Code().Text(w.Path),
						goapp.Span().Text(w.Message),
					)
				}))
			}),
		),
	)
}

// renderActions are validate, simulate and publish, shared by the form
// and the JSON tab (both edit the same text).
func (c *rulesPanel) renderActions(lang string) goapp.UI {
	return goapp.Div().Class("rules-actions").Body(
		goapp.Div().Class("actions").Body(
			goapp.Button().ID("rules-validate").Class("btn").Type("button").Disabled(c.busy || !c.loaded).
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.check(ctx, false) }).Text(tr(lang, "rules.validate")),
			goapp.Label().Class("inline").Body(
				goapp.Span().Text(tr(lang, "rules.sim_days")),
				goapp.Select().ID("sim-days").OnChange(func(ctx goapp.Context, e goapp.Event) {
					c.simDays, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
				}).Body(goapp.Range([]int{1, 7, 30}).Slice(func(i int) goapp.UI {
					d := []int{1, 7, 30}[i]
					return goapp.Option().Value(d).Selected(d == c.simDays).Text(tr(lang, "rules.days", d))
				})),
			),
			goapp.Button().ID("rules-simulate").Class("btn").Type("button").Disabled(c.simBusy || !c.loaded).
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.simulate(ctx) }).Text(tr(lang, "rules.simulate")),
			goapp.Button().ID("rules-publish").Class("btn", "btn-primary").Type("button").Disabled(c.busy || !c.loaded).
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.check(ctx, true) }).Text(tr(lang, "rules.publish")),
		),
		goapp.If(c.msg != "", func() goapp.UI {
			cls := "ok"
			if c.status == "invalid" || c.status == "error" {
				cls = "error"
			}
			return goapp.P().ID("rules-status").Class(cls).Role("status").DataSet("status", c.status).Text(c.msg)
		}),
		c.renderSimulation(lang),
	)
}

// renderListing shows the text around each problem with the message right
// under the offending line: the problem "at its place".
func (c *rulesPanel) renderListing(lang string, probs []annotated, marked map[int]bool) goapp.UI {
	lines := strings.Split(c.text, "\n")
	return goapp.Ol().ID("problem-list").Class("problems").Body(goapp.Range(probs).Slice(func(i int) goapp.UI {
		p := probs[i]
		from, to := max(p.At-1, 1), min(p.At+1, len(lines))
		ctxLines := make([]int, 0, 3)
		for n := from; n <= to; n++ {
			ctxLines = append(ctxLines, n)
		}
		return goapp.Li().Class("problem").DataSet("path", p.Path).DataSet("line", p.At).Body(
			goapp.Div().Class("problem-head").Body(
				goapp.Button().Class("linklike").Type("button").
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.jumpTo(p.At) }).Text(lineLabel(lang, p)),
				goapp.Code().Text(p.Path),
			),
			goapp.Pre().Class("listing").TabIndex(0).Body(goapp.Range(ctxLines).Slice(func(j int) goapp.UI {
				n := ctxLines[j]
				cls := "ln"
				if n == p.At {
					cls = "ln bad"
				} else if marked[n] {
					cls = "ln marked"
				}
				text := ""
				if n-1 < len(lines) {
					text = lines[n-1]
				}
				return goapp.Span().Class(strings.Fields(cls)...).Body(
					goapp.Span().Class("ln-no").Text(strconv.Itoa(n)),
					goapp.Span().Text(text+"\n"),
				)
			})),
			goapp.P().Class("problem-msg").Role("alert").Text(p.Message),
		)
	}))
}
