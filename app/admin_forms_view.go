package app

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Rendering of the rules form: sections, items, fields, the condition
// builder, badge criteria and tiers (the model is in admin_forms.go).

// renderForm draws every section from the document.
func (c *rulesPanel) renderForm(lang string) goapp.UI {
	tree, err := decodeTree(c.text)
	if err != nil {
		return goapp.P().ID("form-broken").Class("error").Role("alert").Text(tr(lang, "admin.form_broken"))
	}
	probs := append(slices.Clone(c.problems), c.warnings...)
	loose := unplaced(c.problems, formPlaces(tree))
	return goapp.Div().ID("rules-form").Class("rules-form").Body(
		goapp.If(len(loose) > 0, func() goapp.UI {
			return goapp.Ul().ID("form-loose").Class("problems").Body(goapp.Range(loose).Slice(func(i int) goapp.UI {
				p := loose[i]
				return goapp.Li().Class("problem").DataSet("path", p.Path).Body(
					goapp.Code().Text(p.Path), goapp.Span().Text(" "+p.Message+" "),
					goapp.Button().Class("linklike").Type("button").Text(tr(lang, "admin.see_json")).
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.showView(ctx, "json") }),
				)
			}))
		}),
		c.renderCategories(lang, tree, probs),
		goapp.Range(formSections).Slice(func(s int) goapp.UI { return c.renderSection(lang, tree, formSections[s], probs) }),
		goapp.DataList().ID("admin-events").Body(goapp.Range(eventTypes(tree)).Slice(func(i int) goapp.UI {
			return goapp.Option().Value(eventTypes(tree)[i])
		})),
		goapp.DataList().ID("admin-metrics").Body(goapp.Range(metricsOf(tree)).Slice(func(i int) goapp.UI {
			return goapp.Option().Value(metricsOf(tree)[i])
		})),
	)
}

// renderCategories edits the category list and each category's labels.
func (c *rulesPanel) renderCategories(lang string, tree map[string]any, probs []problem) goapp.UI {
	cats := treeStrings(tree["categories"])
	return goapp.Section().ID("sec-categories").Class("card", "form-section").Body(
		goapp.H2().Text(tr(lang, "admin.sec_categories")),
		goapp.Div().Class("field").Body(
			goapp.Label().For("f-categories").Text(tr(lang, "admin.f_categories")),
			goapp.Input().ID("f-categories").Type("text").Value(strings.Join(cats, ", ")).
				OnChange(func(ctx goapp.Context, e goapp.Event) {
					var list []string
					for _, s := range strings.Split(ctx.JSSrc().Get("value").String(), ",") {
						if s = strings.TrimSpace(s); s != "" && !slices.Contains(list, s) {
							list = append(list, s)
						}
					}
					raw, _ := json.Marshal(list)
					c.edit(ctx, func(d []byte) ([]byte, error) { return docSet(d, []string{"categories"}, raw) })
				}),
			fieldProblems(problemsUnder(probs, "/categories")),
		),
		goapp.Details().Class("labels-box").Body(
			goapp.Summary().Text(tr(lang, "admin.category_labels")),
			goapp.Range(cats).Slice(func(i int) goapp.UI {
				cat := cats[i]
				return c.renderLabels(lang, "cat-"+strconv.Itoa(i), cat, tree, []string{"category_labels", cat}, probs)
			}),
		),
	)
}

// renderLabels is the five language fields of one labels object at path.
func (c *rulesPanel) renderLabels(lang, id, legend string, tree map[string]any, path []string, probs []problem) goapp.UI {
	return goapp.FieldSet().Class("labels").DataSet("path", pointerOf(path...)).Body(
		goapp.Legend().Text(tr(lang, "admin.labels_of", legend)),
		goapp.Range(languages).Slice(func(i int) goapp.UI {
			l := languages[i]
			fid := "lbl-" + id + "-" + l.Code
			return goapp.Div().Class("label-field").Body(
				goapp.Label().For(fid).Text(l.Name),
				goapp.Input().ID(fid).Type("text").Lang(l.Code).Value(treeString(treeGet(tree, append(slices.Clone(path), l.Code)...))).
					DataSet("path", strings.Join(path, "\x00")).
					OnChange(func(ctx goapp.Context, e goapp.Event) {
						v := strings.TrimSpace(ctx.JSSrc().Get("value").String())
						path := strings.Split(dataOf(ctx, "path"), "\x00")
						p := append(slices.Clone(path), l.Code)
						c.edit(ctx, func(d []byte) ([]byte, error) {
							if v == "" {
								d, err := docDelete(d, p)
								if err == nil && string(docGet(d, path)) == "{}" {
									d, err = docDelete(d, path)
								}
								return d, err
							}
							raw, _ := json.Marshal(v)
							return docSet(d, p, raw)
						})
					}),
			)
		}),
		fieldProblems(problemsUnder(probs, pointerOf(path...))),
	)
}

func (c *rulesPanel) renderSection(lang string, tree map[string]any, sec formSection, probs []problem) goapp.UI {
	items := treeList(tree[sec.Key])
	return goapp.Section().ID("sec-"+sec.Key).Class("card", "form-section").Body(
		goapp.Div().Class("section-head").Body(
			goapp.H2().Text(tr(lang, sec.Title)+" ("+strconv.Itoa(len(items))+")"),
			goapp.Button().ID("add-"+sec.Key).Class("btn").Type("button").Text("+ "+tr(lang, sec.Add)).
				OnClick(func(ctx goapp.Context, e goapp.Event) {
					now, err := decodeTree(c.text)
					if err != nil {
						c.status, c.msg = "error", tr(c.Lang, "admin.form_broken")
						return
					}
					n := len(treeList(now[sec.Key]))
					raw := json.RawMessage(sec.New(now, n))
					c.open = pointerOf(sec.Key, strconv.Itoa(n))
					c.edit(ctx, func(d []byte) ([]byte, error) { return docSet(d, []string{sec.Key, strconv.Itoa(n)}, raw) })
					ctx.Defer(func(goapp.Context) {
						if el := goapp.Window().GetElementByID(fieldID(sec.Key, n, sec.Fields[0].Key)); el.Truthy() {
							el.Call("focus")
						}
					})
				}),
		),
		goapp.Ol().Class("form-items").Body(goapp.Range(items).Slice(func(i int) goapp.UI {
			return c.renderItem(lang, tree, sec, i, items[i], len(items), probs)
		})),
	)
}

func (c *rulesPanel) renderItem(lang string, tree map[string]any, sec formSection, i int, item any, n int, probs []problem) goapp.UI {
	ptr := pointerOf(sec.Key, strconv.Itoa(i))
	mine := problemsUnder(probs, ptr)
	var atItem []problem
	for _, p := range mine {
		if p.Path == ptr {
			atItem = append(atItem, p)
		}
	}
	title := itemTitle(tree, lang, sec.Key, item)
	open := c.open == ptr || len(mine) > 0
	idx := strconv.Itoa(i)
	return goapp.Li().Class("form-item").DataSet("path", ptr).DataSet("problems", len(mine)).Body(
		goapp.Details().Open(open).Body(
			goapp.Summary().Body(
				goapp.Span().Class("item-title").Text(title),
				goapp.If(len(mine) > 0, func() goapp.UI {
					return goapp.Span().Class("item-bad").Text(tr(lang, "admin.item_problems", len(mine)))
				}),
			),
			goapp.Div().Class("item-body").Body(
				fieldProblems(atItem),
				goapp.Div().Class("fields").Body(goapp.Range(sec.Fields).Slice(func(f int) goapp.UI {
					return c.renderField(lang, tree, sec, i, item, sec.Fields[f], probs)
				})),
				goapp.Details().Class("labels-box").Body(
					goapp.Summary().Text(tr(lang, "admin.labels")),
					c.renderLabels(lang, sec.Key+"-"+idx, docName(item, lang), tree, []string{sec.Key, idx, "labels"}, probs),
					goapp.If(hasField(sec, "description"), func() goapp.UI {
						return c.renderLabels(lang, sec.Key+"-"+idx+"-d", tr(lang, "admin.f_description"), tree, []string{sec.Key, idx, "description_labels"}, probs)
					}),
				),
				goapp.Div().Class("item-actions").Body(
					goapp.Button().Class("btn").Type("button").Disabled(i == 0).Aria("label", tr(lang, "admin.move_up")+": "+title).Text("↑").
						OnClick(func(ctx goapp.Context, e goapp.Event) {
							c.edit(ctx, func(d []byte) ([]byte, error) { return docMove(d, []string{sec.Key, idx}, -1) })
						}),
					goapp.Button().Class("btn").Type("button").Disabled(i == n-1).Aria("label", tr(lang, "admin.move_down")+": "+title).Text("↓").
						OnClick(func(ctx goapp.Context, e goapp.Event) {
							c.edit(ctx, func(d []byte) ([]byte, error) { return docMove(d, []string{sec.Key, idx}, 1) })
						}),
					goapp.Button().Class("btn", "btn-danger").Type("button").Aria("label", tr(lang, "admin.remove")+": "+title).Text(tr(lang, "admin.remove")).
						OnClick(func(ctx goapp.Context, e goapp.Event) {
							c.edit(ctx, func(d []byte) ([]byte, error) { return docDelete(d, []string{sec.Key, idx}) })
						}),
				),
			),
		),
	)
}

// fieldProblems lists problems under a field, as the server wrote them.
func fieldProblems(ps []problem) goapp.UI {
	if len(ps) == 0 {
		return goapp.Text("")
	}
	return goapp.Ul().Class("field-problems").Body(goapp.Range(ps).Slice(func(i int) goapp.UI {
		return goapp.Li().Class("field-problem").Role("alert").DataSet("path", ps[i].Path).Text(ps[i].Message)
	}))
}

func (c *rulesPanel) renderField(lang string, tree map[string]any, sec formSection, i int, item any, f formField, probs []problem) goapp.UI {
	if f.Show != nil && !f.Show(item) {
		return goapp.Text("")
	}
	id := fieldID(sec.Key, i, f.Key)
	ptr := pointerOf(sec.Key, strconv.Itoa(i), f.Key)
	mine := problemsUnder(probs, ptr)
	value := treeString(treeGet(item, strings.Split(f.Key, "/")...))
	set := func(ctx goapp.Context, v string) {
		c.edit(ctx, func(d []byte) ([]byte, error) { return setField(d, sec.Key, i, f.Key, f.Kind, v) })
	}
	onChange := func(ctx goapp.Context, e goapp.Event) { set(ctx, ctx.JSSrc().Get("value").String()) }
	var input goapp.UI
	wide := false
	switch f.Kind {
	case fkSelect:
		opts := f.Options(tree)
		input = goapp.Select().ID(id).Aria("invalid", boolAttr(len(mine) > 0)).OnChange(onChange).Body(
			goapp.Option().Value("").Selected(value == "").Text(tr(lang, "admin.none")),
			goapp.Range(opts).Slice(func(k int) goapp.UI {
				o := opts[k]
				return goapp.Option().Value(o).Selected(o == value).Text(optionLabel(tree, lang, f.Key, o))
			}),
			goapp.If(value != "" && !slices.Contains(opts, value), func() goapp.UI {
				return goapp.Option().Value(value).Selected(true).Text(value)
			}),
		)
	case fkBool:
		return goapp.Div().Class("field", "field-check").Body(
			goapp.Label().Class("check").For(id).Body(
				goapp.Input().ID(id).Type("checkbox").Checked(value == "true").
					OnChange(func(ctx goapp.Context, e goapp.Event) {
						set(ctx, strconv.FormatBool(ctx.JSSrc().Get("checked").Bool()))
					}),
				goapp.Span().Text(tr(lang, f.Label)),
			),
			fieldProblems(mine),
		)
	case fkCond:
		return c.renderCond(lang, sec, i, item, f, id, mine)
	case fkCriterion:
		return c.renderCriterion(lang, tree, sec, i, item, id, probs)
	case fkTiers:
		return c.renderTiers(lang, sec, i, item, id, mine)
	case fkNumber:
		input = goapp.Input().ID(id).Type("number").Attr("step", "any").Value(value).Aria("invalid", boolAttr(len(mine) > 0)).OnChange(onChange)
	case fkEvent:
		input = goapp.Input().ID(id).Type("text").List("admin-events").Value(value).Aria("invalid", boolAttr(len(mine) > 0)).OnChange(onChange)
	default:
		wide = f.Key == "description" || f.Kind == fkFormula
		input = goapp.Input().ID(id).Type("text").Value(value).Aria("invalid", boolAttr(len(mine) > 0)).Spellcheck(f.Kind == fkText && f.Key != "id").OnChange(onChange)
	}
	cls := []string{"field"}
	if wide {
		cls = append(cls, "field-wide")
	}
	return goapp.Div().Class(cls...).DataSet("path", ptr).Body(
		goapp.Label().For(id).Text(tr(lang, f.Label)),
		input,
		fieldProblems(mine),
	)
}

// optionLabel shows an option in words where there are words for it.
func optionLabel(tree map[string]any, lang, key, o string) string {
	switch {
	case key == "category" || key == "reward/category":
		return categoryName(tree, lang, o)
	case key == "cap/period" || key == "period" || key == "unit" || key == "scope":
		return tr(lang, "admin.opt_"+o)
	}
	return o
}

// renderCond is the condition builder: comparisons of a metric with a
// constant, or, for anything else, the CEL text itself.
func (c *rulesPanel) renderCond(lang string, sec formSection, i int, item any, f formField, id string, mine []problem) goapp.UI {
	when := treeString(treeGet(item, "when"))
	conds, simple := parseConditions(when)
	key := pointerOf(sec.Key, strconv.Itoa(i))
	free := !simple || c.freeCEL[key]
	write := func(ctx goapp.Context, cs []condition) {
		w := buildConditions(cs)
		c.edit(ctx, func(d []byte) ([]byte, error) { return setField(d, sec.Key, i, "when", fkText, w) })
	}
	return goapp.FieldSet().Class("field", "field-wide", "cond").DataSet("path", key+"/when").Body(
		goapp.Legend().Text(tr(lang, f.Label)),
		goapp.If(free, func() goapp.UI {
			return goapp.Div().Class("cond-free").Body(
				goapp.Label().For(id).Class("visually-hidden").Text(tr(lang, "admin.cel")),
				goapp.Textarea().ID(id).Class("cel").Rows(2).Spellcheck(false).Aria("invalid", boolAttr(len(mine) > 0)).
					Placeholder("has(event.metrics.csat) && csat >= 4").Text(when).
					OnChange(func(ctx goapp.Context, e goapp.Event) {
						v := ctx.JSSrc().Get("value").String()
						c.edit(ctx, func(d []byte) ([]byte, error) { return setField(d, sec.Key, i, "when", fkText, v) })
					}),
				goapp.If(simple, func() goapp.UI {
					return goapp.Button().Class("linklike").Type("button").Text(tr(lang, "admin.use_builder")).
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.freeCEL[key] = false })
				}).Else(func() goapp.UI {
					return goapp.P().Class("muted", "small").Text(tr(lang, "admin.cel_only"))
				}),
			)
		}).Else(func() goapp.UI {
			return goapp.Div().Class("cond-rows").Body(
				goapp.If(len(conds) == 0, func() goapp.UI { return goapp.P().Class("muted", "small").Text(tr(lang, "admin.always")) }),
				goapp.Range(conds).Slice(func(k int) goapp.UI {
					cd := conds[k]
					cid := id + "-" + strconv.Itoa(k)
					update := func(ctx goapp.Context, change func(*condition)) {
						// Read the conditions as they are now: another field's
						// change may have landed since this row was drawn.
						cs, ok := c.conditionsNow(sec.Key, i)
						if !ok || k >= len(cs) {
							return
						}
						change(&cs[k])
						if !validMetric(cs[k].Metric) || !validConstant(cs[k].Value) {
							c.condErr[cid] = tr(lang, "admin.cond_bad")
							return
						}
						delete(c.condErr, cid)
						write(ctx, cs)
					}
					return goapp.Div().Class("cond-row").Body(
						goapp.Label().For(cid+"-m").Class("visually-hidden").Text(tr(lang, "admin.metric")),
						goapp.Input().ID(cid+"-m").Class("cond-metric").Type("text").List("admin-metrics").Value(cd.Metric).
							OnChange(func(ctx goapp.Context, e goapp.Event) {
								v := strings.TrimSpace(ctx.JSSrc().Get("value").String())
								update(ctx, func(c *condition) { c.Metric = v })
							}),
						goapp.Label().For(cid+"-o").Class("visually-hidden").Text(tr(lang, "admin.comparison")),
						goapp.Select().ID(cid+"-o").Class("cond-op").OnChange(func(ctx goapp.Context, e goapp.Event) {
							v := ctx.JSSrc().Get("value").String()
							update(ctx, func(c *condition) { c.Op = v })
						}).Body(goapp.Range(condOps).Slice(func(o int) goapp.UI {
							return goapp.Option().Value(condOps[o]).Selected(condOps[o] == cd.Op).Text(opSign(condOps[o]))
						})),
						goapp.Label().For(cid+"-v").Class("visually-hidden").Text(tr(lang, "admin.value")),
						goapp.Input().ID(cid+"-v").Class("cond-value").Type("text").Attr("inputmode", "decimal").Value(cd.Value).
							OnChange(func(ctx goapp.Context, e goapp.Event) {
								v := strings.TrimSpace(ctx.JSSrc().Get("value").String())
								update(ctx, func(c *condition) { c.Value = v })
							}),
						goapp.Button().Class("btn").Type("button").Aria("label", tr(lang, "admin.remove_cond")).Text("×").
							OnClick(func(ctx goapp.Context, e goapp.Event) {
								if cs, ok := c.conditionsNow(sec.Key, i); ok && k < len(cs) {
									write(ctx, append(cs[:k:k], cs[k+1:]...))
								}
							}),
						goapp.If(c.condErr[cid] != "", func() goapp.UI {
							return goapp.P().Class("field-problem").Role("alert").Text(c.condErr[cid])
						}),
					)
				}),
				goapp.Div().Class("cond-actions").Body(
					goapp.Button().ID(id+"-add").Class("btn").Type("button").Text("+ "+tr(lang, "admin.add_cond")).
						OnClick(func(ctx goapp.Context, e goapp.Event) {
							if cs, ok := c.conditionsNow(sec.Key, i); ok {
								write(ctx, append(cs, condition{Metric: "csat", Op: ">=", Value: "4"}))
							}
						}),
					goapp.Button().ID(id+"-free").Class("linklike").Type("button").Text(tr(lang, "admin.use_cel")).
						OnClick(func(ctx goapp.Context, e goapp.Event) { c.freeCEL[key] = true }),
				),
			)
		}),
		fieldProblems(mine),
	)
}

// conditionsNow are an item's conditions in the text as it is now.
func (c *rulesPanel) conditionsNow(section string, i int) ([]condition, bool) {
	tree, err := decodeTree(c.text)
	if err != nil {
		return nil, false
	}
	return parseConditions(treeString(treeGet(tree, section, strconv.Itoa(i), "when")))
}

// renderCriterion picks what a badge measures: a counter, a streak, the
// points of a category (or all), or nothing (a reward-only badge).
func (c *rulesPanel) renderCriterion(lang string, tree map[string]any, sec formSection, i int, item any, id string, probs []problem) goapp.UI {
	kind, value := "", ""
	for _, k := range criterionKeys {
		if v := treeString(treeGet(item, k)); v != "" {
			kind, value = k, v
		}
	}
	var opts []string
	switch kind {
	case "counter":
		opts = optCounters(tree)
	case "streak":
		opts = optStreaks(tree)
	case "points":
		opts = append([]string{"*"}, optCategories(tree)...)
	}
	idx := strconv.Itoa(i)
	var mine []problem
	for _, k := range criterionKeys {
		mine = append(mine, problemsUnder(probs, pointerOf(sec.Key, idx, k))...)
	}
	setKind := func(ctx goapp.Context, k string) {
		tree, err := decodeTree(c.text)
		if err != nil {
			return
		}
		first := ""
		switch k {
		case "counter":
			first = firstOf(optCounters(tree)...)
		case "streak":
			first = firstOf(optStreaks(tree)...)
		case "points":
			first = "*"
		}
		c.edit(ctx, func(d []byte) ([]byte, error) {
			var err error
			for _, ck := range criterionKeys {
				if d, err = docDelete(d, []string{sec.Key, idx, ck}); err != nil {
					return nil, err
				}
			}
			if k == "" {
				return d, nil
			}
			raw, _ := json.Marshal(first)
			return docSet(d, []string{sec.Key, idx, k}, raw)
		})
	}
	return goapp.Div().Class("field", "field-wide", "criterion").Body(
		goapp.Label().For(id).Text(tr(lang, "admin.f_criterion")),
		goapp.Div().Class("inline").Body(
			goapp.Select().ID(id).OnChange(func(ctx goapp.Context, e goapp.Event) { setKind(ctx, ctx.JSSrc().Get("value").String()) }).Body(
				goapp.Option().Value("").Selected(kind == "").Text(tr(lang, "admin.crit_none")),
				goapp.Range(criterionKeys).Slice(func(k int) goapp.UI {
					return goapp.Option().Value(criterionKeys[k]).Selected(kind == criterionKeys[k]).Text(tr(lang, "admin.crit_"+criterionKeys[k]))
				}),
			),
			goapp.If(kind != "", func() goapp.UI {
				return goapp.Select().ID(id+"-v").Aria("label", tr(lang, "admin.crit_"+kind)).
					DataSet("kind", kind).
					OnChange(func(ctx goapp.Context, e goapp.Event) {
						raw, _ := json.Marshal(ctx.JSSrc().Get("value").String())
						kind := dataOf(ctx, "kind")
						c.edit(ctx, func(d []byte) ([]byte, error) { return docSet(d, []string{sec.Key, idx, kind}, raw) })
					}).Body(goapp.Range(opts).Slice(func(k int) goapp.UI {
					o := opts[k]
					label := o
					if kind == "points" {
						label = tr(lang, "admin.all_points")
						if o != "*" {
							label = categoryName(tree, lang, o)
						}
					}
					return goapp.Option().Value(o).Selected(o == value).Text(label)
				}))
			}),
		),
		fieldProblems(mine),
	)
}

// renderTiers edits a badge's tiers: a name and the minimum of each.
func (c *rulesPanel) renderTiers(lang string, sec formSection, i int, item any, id string, mine []problem) goapp.UI {
	tiers := treeList(treeGet(item, "tiers"))
	idx := strconv.Itoa(i)
	return goapp.FieldSet().Class("field", "field-wide", "tiers").Body(
		goapp.Legend().Text(tr(lang, "admin.f_tiers")),
		goapp.Range(tiers).Slice(func(k int) goapp.UI {
			t := tiers[k]
			ti := strconv.Itoa(k)
			tid := id + "-" + ti
			return goapp.Div().Class("tier-row").Body(
				goapp.Label().For(tid+"-n").Class("visually-hidden").Text(tr(lang, "admin.f_name")),
				goapp.Input().ID(tid+"-n").Type("text").Value(treeString(treeGet(t, "name"))).Placeholder(tr(lang, "admin.f_name")).
					OnChange(func(ctx goapp.Context, e goapp.Event) {
						raw, _ := json.Marshal(strings.TrimSpace(ctx.JSSrc().Get("value").String()))
						c.edit(ctx, func(d []byte) ([]byte, error) { return docSet(d, []string{sec.Key, idx, "tiers", ti, "name"}, raw) })
					}),
				goapp.Label().For(tid+"-m").Class("muted").Text(tr(lang, "admin.f_min")),
				goapp.Input().ID(tid+"-m").Type("number").Attr("step", "any").Value(treeString(treeGet(t, "min"))).
					OnChange(func(ctx goapp.Context, e goapp.Event) {
						raw, ok := fieldValue(fkNumber, ctx.JSSrc().Get("value").String())
						if !ok {
							raw = json.RawMessage("0")
						}
						c.edit(ctx, func(d []byte) ([]byte, error) { return docSet(d, []string{sec.Key, idx, "tiers", ti, "min"}, raw) })
					}),
				goapp.Button().Class("btn").Type("button").Aria("label", tr(lang, "admin.remove")).Text("×").
					OnClick(func(ctx goapp.Context, e goapp.Event) {
						c.edit(ctx, func(d []byte) ([]byte, error) { return docDelete(d, []string{sec.Key, idx, "tiers", ti}) })
					}),
			)
		}),
		goapp.Button().Class("btn").Type("button").Text("+ "+tr(lang, "admin.add_tier")).
			OnClick(func(ctx goapp.Context, e goapp.Event) {
				c.edit(ctx, func(d []byte) ([]byte, error) {
					n := strconv.Itoa(len(treeList(treeGetRaw(d, sec.Key, idx, "tiers"))))
					return docSet(d, []string{sec.Key, idx, "tiers", n}, json.RawMessage(`{"name":"","min":0}`))
				})
			}),
		fieldProblems(mine),
	)
}

// edit applies a form change to the text.
func (c *rulesPanel) edit(ctx goapp.Context, change func([]byte) ([]byte, error)) {
	out, err := docEdit(c.text, change)
	if err != nil {
		c.status, c.msg = "error", err.Error()
		return
	}
	c.setText(ctx, out)
	if c.status == "published" || c.status == "ok" {
		c.status, c.msg = "", ""
	}
}

// treeGetRaw decodes the value at path of a compact document.
func treeGetRaw(doc []byte, path ...string) any {
	raw := docGet(doc, path)
	if raw == nil {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	return v
}

// hasField tells whether a section's items have a field.
func hasField(sec formSection, key string) bool {
	for _, f := range sec.Fields {
		if f.Key == key {
			return true
		}
	}
	return false
}
