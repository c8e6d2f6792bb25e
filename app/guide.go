package app

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// guidePagePath is the page that explains how points are earned.
const guidePagePath = "/points"

// guidePage is /points, "How points work": the ruleset in force told in
// the reader's language, made from the glossary's guide, so it changes
// the moment a new version is published (the page follows the org topic,
// whose "ruleset" message makes the tab fetch the guide again).
type guidePage struct {
	goapp.Compo

	lang    string
	me      identity
	g       glossary
	live    *liveFollower
	shownV  int // the version first shown, to tell the reader of an update
	updated bool
}

func newGuidePage() goapp.Composer { return &guidePage{} }

func (c *guidePage) OnMount(ctx goapp.Context) {
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	ctx.Page().SetTitle(tr(c.lang, "words.title") + " · Scorecast")
	observeGlossary(ctx, &c.g).OnChange(func() {
		if c.shownV == 0 {
			c.shownV = c.g.Version
		}
		c.updated = c.g.Version > c.shownV
	})
	if !goapp.IsClient {
		return
	}
	c.live = newLiveFollower()
	c.live.follow(ctx, shared.TopicOrg)
	if ctx.Page().URL().Query().Get("token") != "" {
		return // a display: it has no session to ask about
	}
	whoAmI(ctx, func(ctx goapp.Context, me identity) { c.me = me })
}

func (c *guidePage) OnDismount() {
	if c.live != nil {
		c.live.stop()
	}
}

func (c *guidePage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

func (c *guidePage) Render() goapp.UI {
	lang, g := c.lang, c.g
	return goapp.Div().Class("page", "guide-page").Body(
		topBar(lang, navBar(lang, c.me, guidePagePath), langSelect(lang, c.pickLang)),
		goapp.Main().ID("guide").Class("guide").DataSet("version", g.Version).DataSet("mounted", boolAttr(g.Version > 0)).Body(
			goapp.H1().Text(tr(lang, "words.title")),
			goapp.If(g.Version == 0 && g.Err != "", func() goapp.UI {
				return goapp.P().Class("error").Role("alert").Text(tr(lang, "words.error", g.Err))
			}).ElseIf(g.Version == 0, func() goapp.UI {
				return goapp.P().Class("loading").Text(tr(lang, "words.loading"))
			}).Else(func() goapp.UI {
				return goapp.Div().Body(
					goapp.P().Class("lead").Text(tr(lang, "words.lead", g.Version)),
					goapp.If(c.updated, func() goapp.UI {
						return goapp.P().ID("guide-updated").Class("guide-updated").Role("status").
							Text(tr(lang, "words.updated", g.Version))
					}),
					guideContents(lang),
					guideRules(lang, g),
					guideLevels(lang, g),
					guideBadges(lang, g),
					guideStreaks(lang, g),
					guideChallenges(lang, g),
					guideGoals(lang, g),
					guideBoards(lang, g),
				)
			}),
		),
	)
}

// guideSections are the page's sections in order: anchor and title key.
var guideSections = [][2]string{
	{"guide-rules", "words.sec_rules"},
	{"guide-levels", "words.sec_levels"},
	{"guide-badges", "words.sec_badges"},
	{"guide-streaks", "words.sec_streaks"},
	{"guide-challenges", "words.sec_challenges"},
	{"guide-goals", "words.sec_goals"},
	{"guide-boards", "words.sec_boards"},
}

func guideContents(lang string) goapp.UI {
	return goapp.Nav().Class("guide-toc").Aria("label", tr(lang, "words.contents")).Body(
		goapp.Range(guideSections).Slice(func(i int) goapp.UI {
			s := guideSections[i]
			return goapp.A().Href("#" + s[0]).Text(tr(lang, s[1]))
		}),
	)
}

func guideSection(lang, id, titleKey string, body ...goapp.UI) goapp.UI {
	return goapp.Section().ID(id).Class("card", "guide-section").Aria("labelledby", id+"-h").Body(
		append([]goapp.UI{goapp.H2().ID(id + "-h").Text(tr(lang, titleKey))}, body...)...,
	)
}

func guideNone(lang string) goapp.UI { return goapp.P().Class("muted").Text(tr(lang, "words.none")) }

// guideRules lists each point rule in plain words: what it is, when it
// applies, what it gives and its cap.
func guideRules(lang string, g glossary) goapp.UI {
	rules := g.Guide.Rules
	return guideSection(lang, "guide-rules", "words.sec_rules",
		goapp.P().Class("muted").Text(tr(lang, "words.sec_rules_lead")),
		goapp.If(len(rules) == 0, func() goapp.UI { return guideNone(lang) }).Else(func() goapp.UI {
			return goapp.Ul().ID("guide-rule-list").Class("guide-list").Body(
				goapp.Range(rules).Slice(func(i int) goapp.UI {
					r := rules[i]
					return goapp.Li().Class("guide-rule").DataSet("rule", r.ID).Body(
						guideRulePoints(lang, g, r),
						goapp.Div().Class("guide-rule-text").Body(
							goapp.Strong().Class("guide-rule-name").Text(g.name(lang, nameRule, r.ID, r.Name)),
							goapp.Span().Class("guide-rule-when").Text(ruleWhen(lang, r)),
							goapp.Span().Class("guide-rule-cap").Text(ruleCap(lang, r)),
						),
					)
				}),
			)
		}),
		guideCategories(lang, g),
	)
}

// guideRulePoints is the award: "+20 points · Quality", or the formula
// in words when the award depends on the event.
func guideRulePoints(lang string, g glossary, r shared.GuideRule) goapp.UI {
	cat := g.name(lang, nameCategory, r.Category, "")
	if r.Formula != "" {
		return goapp.Div().Class("guide-pts", "guide-pts-formula").Body(
			goapp.Span().Class("guide-pts-formula-text").Text(tr(lang, "words.formula", readableCEL(lang, r.Formula))),
			goapp.Span().Class("guide-cat").DataSet("category", r.Category).Text(cat),
		)
	}
	return goapp.Div().Class("guide-pts").Body(
		goapp.Span().Class("guide-pts-num", "num").Text(signedPoints(lang, r.Points)),
		goapp.Span().Class("guide-pts-unit").Text(pointsUnit(lang, r.Points)),
		goapp.Span().Class("guide-cat").DataSet("category", r.Category).Text(cat),
	)
}

// ruleWhen is "When a ticket is solved, if CSAT ≥ 4".
func ruleWhen(lang string, r shared.GuideRule) string {
	s := tr(lang, "words.when", eventWords(lang, r.On))
	if r.Condition != "" {
		s += ", " + tr(lang, "words.if", readableCEL(lang, r.Condition))
	}
	return s
}

// ruleCap is the rule's cap in words, plural-correct.
func ruleCap(lang string, r shared.GuideRule) string {
	if r.CapMax <= 0 {
		return tr(lang, "words.no_cap")
	}
	return trn(lang, "words.cap_"+r.CapPeriod, r.CapMax, formatInt(lang, r.CapMax))
}

// eventWords is an event type in words, or quoted when the PWA has none.
func eventWords(lang, typ string) string {
	if _, ok := messages[defaultLang]["words.event."+typ]; ok {
		return tr(lang, "words.event."+typ)
	}
	return tr(lang, "words.event_other", typ)
}

// celToken splits CEL text into names (with their dots), comparison and
// arithmetic operators, and the rest.
var celToken = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_.]*|>=|<=|==|!=|&&|\|\||[-*/<>]`)

// readableCEL makes a condition or formula readable: metric names in
// words, ≥ for >=, × for *, "and" for &&. It is for reading only; the
// server keeps the CEL text that counts.
func readableCEL(lang, src string) string {
	return celToken.ReplaceAllStringFunc(src, func(t string) string {
		switch t {
		case ">=":
			return "≥"
		case "<=":
			return "≤"
		case "==":
			return "="
		case "!=":
			return "≠"
		case "&&":
			return tr(lang, "words.and")
		case "||":
			return "/"
		case "*":
			return "×"
		case "-":
			return "−"
		case "/":
			return "÷"
		case "<", ">", "true":
			return t
		}
		name := t
		for _, p := range []string{"event.metrics.", "event.attrs."} {
			name = strings.TrimPrefix(name, p)
		}
		if _, ok := messages[defaultLang]["words.metric."+name]; ok {
			return tr(lang, "words.metric."+name)
		}
		return humanizeID(name)
	})
}

// guideCategories is the legend of categories.
func guideCategories(lang string, g glossary) goapp.UI {
	cats := g.Guide.Categories
	return goapp.Div().Class("guide-cats").Body(
		goapp.H3().Text(tr(lang, "words.sec_categories")),
		goapp.Ul().Class("guide-chips").Body(
			goapp.Range(cats).Slice(func(i int) goapp.UI {
				return goapp.Li().Class("guide-cat").DataSet("category", cats[i].ID).Text(g.name(lang, nameCategory, cats[i].ID, ""))
			}),
		),
	)
}

// guideLevels is the level curve: a bar per level, as long as its XP.
func guideLevels(lang string, g glossary) goapp.UI {
	levels := g.Guide.Levels
	var top int64
	for _, l := range levels {
		top = max(top, l.XP)
	}
	return guideSection(lang, "guide-levels", "words.sec_levels",
		goapp.P().Class("muted").Text(tr(lang, "words.sec_levels_lead")),
		goapp.Ol().ID("guide-level-chart").Class("guide-levels").Aria("label", tr(lang, "words.level_chart")).Body(
			goapp.Range(levels).Slice(func(i int) goapp.UI {
				l := levels[i]
				return goapp.Li().Class("guide-level").DataSet("level", l.Number).Body(
					goapp.Span().Class("guide-level-num", "num").Title(tr(lang, "words.level_n", l.Number)).Text(l.Number),
					goapp.Span().Class("guide-level-name").Text(g.name(lang, nameLevel, strconv.Itoa(l.Number), l.Name)),
					goapp.Span().Class("guide-level-bar").Aria("hidden", "true").Body(
						goapp.Span().Class("guide-level-fill").Style("width", pct(max(share(l.XP, top), 1))),
					),
					goapp.Span().Class("guide-level-xp", "num").Text(tr(lang, "words.xp", formatInt(lang, l.XP))),
				)
			}),
		),
	)
}

// guideBadges lists badges with what counts, how often, and their tiers.
func guideBadges(lang string, g glossary) goapp.UI {
	badges := g.Guide.Badges
	return guideSection(lang, "guide-badges", "words.sec_badges",
		goapp.If(len(badges) == 0, func() goapp.UI { return guideNone(lang) }).Else(func() goapp.UI {
			return goapp.Ul().ID("guide-badge-list").Class("guide-list", "guide-grid").Body(
				goapp.Range(badges).Slice(func(i int) goapp.UI {
					b := badges[i]
					return goapp.Li().Class("guide-badge").DataSet("badge", b.ID).Body(
						goapp.Strong().Class("guide-badge-name").Text(g.name(lang, nameBadge, b.ID, b.Name)),
						goapp.If(g.description(lang, nameBadge, b.ID, b.Description) != "", func() goapp.UI {
							return goapp.P().Class("guide-desc").Text(g.description(lang, nameBadge, b.ID, b.Description))
						}),
						goapp.P().Class("guide-criterion").Text(badgeCriterion(lang, g, b)),
						goapp.If(b.Repeatable, func() goapp.UI {
							return goapp.P().Class("guide-repeat").Text(badgeRepeat(lang, b))
						}),
						goapp.If(b.Criterion != "reward", func() goapp.UI {
							return goapp.Ul().Class("guide-tiers").Aria("label", tr(lang, "words.tiers")).Body(
								goapp.Range(b.Tiers).Slice(func(j int) goapp.UI {
									t := b.Tiers[j]
									return goapp.Li().Class("guide-tier").DataSet("tier", t.Number).Body(
										goapp.Span().Class("guide-tier-name").Text(g.name(lang, nameTier, tierID(b.ID, t.Number), t.Name)),
										goapp.Span().Class("guide-tier-min", "num").Text(formatFloat(lang, t.Min)),
									)
								}),
							)
						}),
					)
				}),
			)
		}),
	)
}

// badgeCriterion says what a badge counts.
func badgeCriterion(lang string, g glossary, b shared.GuideBadge) string {
	period := tr(lang, "words.period_"+orAll(b.Period))
	switch b.Criterion {
	case "counter":
		return tr(lang, "words.badge_counter", lowerFirst(lang, g.name(lang, nameCounter, b.Counter, "")), period)
	case "points":
		if b.Category == "*" {
			return tr(lang, "words.badge_points_all", period)
		}
		return tr(lang, "words.badge_points", lowerFirst(lang, g.name(lang, nameCategory, b.Category, "")), period)
	case "streak":
		return tr(lang, "words.badge_streak", g.name(lang, nameStreak, b.Streak, ""))
	}
	var names []string
	for _, ch := range g.Guide.Challenges {
		if ch.RewardBadge == b.ID {
			names = append(names, "“"+g.name(lang, nameChallenge, ch.ID, ch.Name)+"”")
		}
	}
	if len(names) == 0 {
		return tr(lang, "words.badge_reward_none")
	}
	return tr(lang, "words.badge_reward", strings.Join(names, ", "))
}

func badgeRepeat(lang string, b shared.GuideBadge) string {
	switch {
	case b.Criterion == "streak":
		return tr(lang, "words.repeatable_streak")
	case b.Period == "day" || b.Period == "week" || b.Period == "month" || b.Period == "season":
		return tr(lang, "words.repeatable_"+b.Period)
	}
	return tr(lang, "words.repeatable_other")
}

func orAll(p string) string {
	switch p {
	case "day", "week", "month", "season":
		return p
	}
	return "all"
}

// guideStreaks says what keeps each streak going and what it forgives.
func guideStreaks(lang string, g glossary) goapp.UI {
	streaks := g.Guide.Streaks
	return guideSection(lang, "guide-streaks", "words.sec_streaks",
		goapp.If(len(streaks) == 0, func() goapp.UI { return guideNone(lang) }).Else(func() goapp.UI {
			return goapp.Ul().ID("guide-streak-list").Class("guide-list").Body(
				goapp.Range(streaks).Slice(func(i int) goapp.UI {
					s := streaks[i]
					unit := "day"
					if s.Unit == "shift" {
						unit = "shift"
					}
					min := int64(s.Min)
					allowance := tr(lang, "words.allowance_none")
					if s.Allowance > 0 {
						allowance = trn(lang, "words.allowance_"+unit, int64(s.Allowance))
					}
					return goapp.Li().Class("guide-streak").DataSet("streak", s.ID).Body(
						goapp.Strong().Text(g.name(lang, nameStreak, s.ID, s.Name)),
						goapp.P().Text(trn(lang, "words.streak_"+unit, min, formatFloat(lang, s.Min),
							lowerFirst(lang, g.name(lang, nameCounter, s.Counter, "")))),
						goapp.P().Class("muted").Text(allowance),
						guideFreezes(lang, s, unit),
					)
				}),
			)
		}),
	)
}

// guideChallenges gives each challenge's rhythm, target and reward.
func guideChallenges(lang string, g glossary) goapp.UI {
	chals := g.Guide.Challenges
	return guideSection(lang, "guide-challenges", "words.sec_challenges",
		goapp.If(len(chals) == 0, func() goapp.UI { return guideNone(lang) }).Else(func() goapp.UI {
			return goapp.Ul().ID("guide-challenge-list").Class("guide-list", "guide-grid").Body(
				goapp.Range(chals).Slice(func(i int) goapp.UI {
					ch := chals[i]
					scope := tr(lang, "words.scope_agent")
					if ch.Scope == "team" {
						scope = tr(lang, "words.scope_team")
					}
					desc := g.description(lang, nameChallenge, ch.ID, ch.Description)
					return goapp.Li().Class("guide-challenge").DataSet("challenge", ch.ID).Body(
						goapp.Strong().Text(g.name(lang, nameChallenge, ch.ID, ch.Name)),
						goapp.If(desc != "", func() goapp.UI { return goapp.P().Class("guide-desc").Text(desc) }),
						goapp.P().Text(tr(lang, "words.chal_"+chalPeriod(ch.Period))+", "+scope),
						goapp.P().Text(tr(lang, "words.target", formatFloat(lang, ch.Target), g.name(lang, nameCounter, ch.Counter, ""))),
						goapp.If(ch.AdaptiveFactor > 0, func() goapp.UI {
							return goapp.P().Class("muted").Text(tr(lang, "words.adaptive",
								formatInt(lang, int64(ch.AdaptiveFactor*100+0.5))+"\u00a0%"))
						}),
						goapp.If(ch.RewardPoints != 0 || ch.RewardBadge != "", func() goapp.UI {
							return goapp.P().Class("guide-reward").Text(tr(lang, "words.reward", rewardWords(lang, g, ch)))
						}),
					)
				}),
			)
		}),
	)
}

func chalPeriod(p string) string {
	switch p {
	case "day", "week", "month", "season":
		return p
	}
	return "adhoc"
}

// rewardWords is "+25 points · Quality and the badge “Weekly learner”".
func rewardWords(lang string, g glossary, ch shared.GuideChallenge) string {
	var parts []string
	if ch.RewardPoints != 0 {
		p := tr(lang, "words.reward_points", signedPoints(lang, ch.RewardPoints), pointsUnit(lang, ch.RewardPoints))
		if ch.RewardCategory != "" {
			p += " · " + g.name(lang, nameCategory, ch.RewardCategory, "")
		}
		parts = append(parts, p)
	}
	if ch.RewardBadge != "" {
		parts = append(parts, tr(lang, "words.reward_badge", g.name(lang, nameBadge, ch.RewardBadge, "")))
	}
	return strings.Join(parts, " "+tr(lang, "words.and")+" ")
}

// guideGoals gives each team goal's target and rhythm.
func guideGoals(lang string, g glossary) goapp.UI {
	goals := g.Guide.Goals
	return guideSection(lang, "guide-goals", "words.sec_goals",
		goapp.If(len(goals) == 0, func() goapp.UI { return guideNone(lang) }).Else(func() goapp.UI {
			return goapp.Ul().ID("guide-goal-list").Class("guide-list").Body(
				goapp.Range(goals).Slice(func(i int) goapp.UI {
					x := goals[i]
					return goapp.Li().Class("guide-goal").DataSet("goal", x.ID).Body(
						goapp.Strong().Text(g.name(lang, nameGoal, x.ID, x.Name)),
						goapp.P().Text(tr(lang, "words.goal_target", formatFloat(lang, x.Target),
							lowerFirst(lang, g.name(lang, nameCounter, x.Counter, "")))+" · "+tr(lang, "words.goal_"+orAll(x.Period))),
					)
				}),
			)
		}),
	)
}

// guideBoards lists leaderboards with their periods, and the seasons.
func guideBoards(lang string, g glossary) goapp.UI {
	boards, seasons := g.Guide.Boards, g.Guide.Seasons
	return guideSection(lang, "guide-boards", "words.sec_boards",
		goapp.Ul().ID("guide-board-list").Class("guide-list").Body(
			goapp.Range(boards).Slice(func(i int) goapp.UI {
				b := boards[i]
				periods := make([]string, 0, len(b.Periods))
				for _, p := range b.Periods {
					periods = append(periods, tr(lang, "period."+p))
				}
				what := tr(lang, "words.board_org")
				if b.Scope == "team" {
					what = tr(lang, "words.board_team")
				}
				return goapp.Li().Class("guide-board").DataSet("board", b.ID).Body(
					goapp.Strong().Text(g.name(lang, nameBoard, b.ID, b.Name)),
					goapp.P().Text(what+" · "+strings.Join(periods, ", ")),
				)
			}),
			goapp.Range(seasons).Slice(func(i int) goapp.UI {
				s := seasons[i]
				from, _ := time.ParseInLocation(time.DateOnly, s.From, time.Local)
				to, _ := time.ParseInLocation(time.DateOnly, s.To, time.Local)
				return goapp.Li().Class("guide-season").DataSet("season", s.ID).Body(
					goapp.Strong().Text(g.name(lang, nameSeason, s.ID, s.Name)),
					goapp.P().Text(tr(lang, "words.season_range", formatDate(lang, from), formatDate(lang, to))),
				)
			}),
		),
	)
}

// pointsUnit is the word "points" in the plural form n takes in lang, for
// a number set apart from it.
func pointsUnit(lang string, n int64) string {
	return tr(lang, "words.points_unit."+pluralOf(lang, n))
}

// lowerFirst lower-cases a name's first letter for use inside a sentence,
// except in German, whose nouns keep their capital, and in acronyms
// ("CSAT").
func lowerFirst(lang, s string) string {
	if lang == "de" {
		return s
	}
	r := []rune(s)
	if len(r) == 0 || len(r) > 1 && unicode.IsUpper(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
