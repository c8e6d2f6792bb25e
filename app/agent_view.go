package app

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// agentCatPeriods are the periods the category chart switches between.
var agentCatPeriods = []string{shared.PeriodDay, shared.PeriodWeek, shared.PeriodMonth}

func (c *agentPage) renderView(lang string, v *shared.AgentView) goapp.UI {
	team := v.TeamName
	if team == "" {
		team = tr(lang, "agent.no_team")
	}
	name := v.Name
	if name == "" {
		name = tr(lang, "people.unnamed_agent")
	}
	return goapp.Div().Class("agent-content").Body(
		goapp.Header().Class("agent-head").Body(
			face(name, v.Photo, teamColor(v.Team, v.Color), faceL),
			goapp.Div().Class("agent-who").Body(
				goapp.H1().ID("agent-name").Text(name),
				goapp.P().ID("team-name").Class("team").Text(team),
				c.renderSpotlights(lang),
			),
			goapp.Div().Class("agent-head-side").Body(
				c.renderCoins(lang, v),
				c.adjustButton(lang),
				goapp.A().ID("points-help").Class("agent-help").Href("/points").Text(tr(lang, "agentview.how_points")),
			),
		),
		goapp.If(c.adjust.ok != "", func() goapp.UI { return goapp.P().ID("adjust-ok").Class("ok").Role("status").Text(c.adjust.ok) }),
		goapp.Div().Class("agent-hero").Body(
			c.renderRing(lang, v),
			c.renderStreak(lang, v),
			c.renderBests(lang, v),
		),
		// The level and the categories share a column beside the rank, so
		// neither leaves a hole beside a long list of neighbours.
		goapp.Div().Class("agent-grid").Body(
			goapp.Div().Class("stack").Body(
				c.renderLevel(lang, v),
				c.renderCategories(lang, v),
			),
			c.renderRank(lang, v),
		),
		&leagueCard{Agent: v.ID, Lang: lang, WeekPoints: v.Points[shared.PeriodWeek].Points, Result: c.st.League, Now: c.now},
		goapp.Div().Class("agent-grid").Body(
			c.renderChallenges(lang, withTeamChallenges(v.Challenges, c.teamSt.View.Challenges)),
			c.renderGoals(lang, v.ID),
		),
		c.renderKudosCard(lang, v),
		goapp.If(c.me.Role == roleAgent && c.me.User == v.ID, func() goapp.UI { return &dailyQuizCard{Lang: lang} }),
		c.renderBadges(lang, v.Badges),
		c.renderHistory(lang),
	)
}

// renderRing is today's points on a ring filling towards the daily goal,
// the number counting up as points arrive.
func (c *agentPage) renderRing(lang string, v *shared.AgentView) goapp.UI {
	today := v.Points[shared.PeriodDay]
	goal, basis := agentDailyGoal(c.trend, today.Key)
	share := agentRingShare(today.Points, goal)
	done := today.Points >= goal
	basisText := tr(lang, "agentview.goal_floor", formatInt(lang, goalFloor))
	if basis > 0 {
		basisText = trn(lang, "agentview.goal_basis", int64(basis), formatInt(lang, goalFloor))
	}
	status := tr(lang, "agentview.goal_left", formatInt(lang, goal-today.Points))
	if done {
		status = tr(lang, "agentview.goal_done")
	}
	return goapp.Section().ID("goal-card").Class("card", "goal-card").DataSet("goal", goal).Body(
		goapp.Div().
			ID("goal-ring").
			Class("ring").
			DataSet("done", boolAttr(done)).
			Style("--p", strconv.FormatFloat(share, 'f', 3, 64)).
			Role("progressbar").
			Aria("valuemin", 0).
			Aria("valuemax", goal).
			Aria("valuenow", today.Points).
			Aria("label", tr(lang, "agentview.goal_label", formatInt(lang, goal))).
			Body(
				goapp.Div().Class("ring-inner").Body(
					goapp.Span().ID("points-day").Class("ring-value").Body(
						// shown set too: the first render has the number at
						// once (countUp's OnMount comes after it); later
						// renders only pass Value on, and it counts.
						&countUp{Value: today.Points, Lang: lang, shown: today.Points}),
					goapp.Span().Class("ring-label").Text(tr(lang, "agent.points_day")),
					goapp.Span().ID("goal-of").Class("ring-goal").Text(tr(lang, "agentview.goal_of", formatInt(lang, goal))),
				),
			),
		goapp.Div().Class("goal-side").Body(
			goapp.P().ID("goal-status").Class("goal-status").Text(status),
			goapp.Ul().Class("period-totals").Body(goapp.Range(c.totalPeriods(v)).Slice(func(i int) goapp.UI {
				p := c.totalPeriods(v)[i]
				return goapp.Li().Body(
					goapp.Span().ID("points-"+p).Class("num").Text(formatInt(lang, v.Points[p].Points)),
					goapp.Span().Class("muted").Text(tr(lang, "agent.points_"+p)),
				)
			})),
			goapp.P().ID("goal-basis").Class("small-print").Text(basisText),
		),
	)
}

// totalPeriods are the periods listed beside the ring: the week, the
// month, and the season only while one runs.
func (c *agentPage) totalPeriods(v *shared.AgentView) []string {
	out := []string{shared.PeriodWeek, shared.PeriodMonth}
	if s, ok := v.Points[shared.PeriodSeason]; ok && s.Key != "" {
		out = append(out, shared.PeriodSeason)
	}
	return out
}

// agentFlameSVG is the streak's flame, drawn rather than an emoji: emoji fonts
// differ from one device to the next.
const agentFlameSVG = `<svg class="flame-icon" viewBox="0 0 24 32" aria-hidden="true"><path d="M12 1c1 5-5 8-5 15a7 7 0 0 0 14 0c0-4-2-6-3-9-1 3-2 4-3 4 1-4 0-7-3-10z" fill="currentColor"/><path d="M12 17c0 3-3 4-3 7a3 3 0 0 0 6 0c0-2-1-3-2-4 0 1-1 1-1 1z" fill="#fff3" /></svg>`

// renderStreak is the agent's first streak as a flame with its length and
// the last seven days as dots, filled for the days of the current run.
func (c *agentPage) renderStreak(lang string, v *shared.AgentView) goapp.UI {
	sec := goapp.Section().ID("streak-card").Class("card", "streak-card")
	if len(v.Streaks) == 0 {
		return sec.Body(
			goapp.H2().Text(tr(lang, "agentview.streak")),
			goapp.P().Class("muted").Text(tr(lang, "agentview.no_streak")),
		)
	}
	s := v.Streaks[0]
	today := v.Points[shared.PeriodDay]
	week := agentStreakWeek(c.trend.Days, c.trend.Total, today.Key, today.Points, s.Current)
	lit := s.Current > 0
	return sec.DataSet("current", s.Current).Body(
		goapp.Div().Class("flame-row").Body(
			goapp.Div().Class("flame").DataSet("lit", boolAttr(lit)).Body(goapp.Raw(agentFlameSVG)),
			goapp.Div().Class("flame-text").Body(
				goapp.Span().ID("streak-now").Class("flame-num").Text(trn(lang, "agentview.streak_days", int64(s.Current))),
				goapp.Span().Class("flame-name").Text(c.words.name(lang, nameStreak, s.ID, s.Name)),
			),
		),
		goapp.Ol().ID("streak-week").Class("streak-dots").Aria("label", tr(lang, "agentview.last_7")).Body(goapp.Range(week).Slice(func(i int) goapp.UI {
			d := week[i]
			state := "agentview.day_off"
			switch {
			case d.Kept:
				state = "agentview.day_kept"
			case d.Worked:
				state = "agentview.day_worked"
			}
			li := goapp.Li().Class("sdot").DataSet("day", d.Day).DataSet("kept", boolAttr(d.Kept)).
				Title(agentDayText(lang, d.Day) + ": " + tr(lang, state))
			if d.Kept {
				li = li.Class("sdot", "kept")
			}
			if d.Today {
				li = li.Aria("current", "date")
			}
			return li.Body(
				goapp.Span().Class("sdot-mark").Aria("hidden", "true"),
				goapp.Span().Class("sdot-day").Aria("hidden", "true").Text(agentWeekday(lang, d.Day)),
				goapp.Span().Class("visually-hidden").Text(agentDayText(lang, d.Day)+": "+tr(lang, state)),
			)
		})),
		streakSafety(lang, s, c.rotaToday),
		goapp.P().Class("small-print").Text(tr(lang, "agentview.streak_best", s.Best)),
		goapp.If(len(v.Streaks) > 1, func() goapp.UI {
			rest := v.Streaks[1:]
			return goapp.Ul().ID("streaks").Class("streaks").Body(goapp.Range(rest).Slice(func(i int) goapp.UI {
				o := rest[i]
				return goapp.Li().Class("streak").DataSet("streak", o.ID).DataSet("current", o.Current).Body(
					goapp.Span().Class("streak-name").Text(c.words.name(lang, nameStreak, o.ID, o.Name)),
					goapp.Span().Class("streak-now").Text(tr(lang, "agent.streak_now", o.Current)),
					goapp.Span().Class("streak-best muted").Text(tr(lang, "agent.streak_best", o.Best)),
				)
			}))
		}),
	)
}

// agentDayText is a day key as a date in lang.
func agentDayText(lang, day string) string {
	t, ok := agentParseDay(day)
	if !ok {
		return day
	}
	// Noon, so that the reader's time zone cannot move it to another day.
	return formatDate(lang, t.Add(12*time.Hour))
}

// agentWeekday is the day's weekday as the one letter calendars print
// over their columns, in lang.
func agentWeekday(lang, day string) string {
	t, ok := agentParseDay(day)
	letters := strings.Split(tr(lang, "agentview.weekdays"), ",")
	if !ok || len(letters) != 7 {
		return ""
	}
	return letters[(int(t.Weekday())+6)%7] // Monday first
}

// agentWeekText is an ISO week key ("2026-W48") in words.
func agentWeekText(lang, key string) string {
	y, w, ok := strings.Cut(key, "-W")
	n, err := strconv.Atoi(w)
	if !ok || err != nil {
		return key
	}
	return tr(lang, "agentview.week_of", n, y)
}

// renderBests is the agent's best day and best week, marked when today or
// this week is the record.
func (c *agentPage) renderBests(lang string, v *shared.AgentView) goapp.UI {
	type best struct {
		id, label, when string
		b               shared.PersonalBest
		now             bool
	}
	bests := []best{
		{"best-day", tr(lang, "agentview.best_day"), agentDayText(lang, v.BestDay.Key), v.BestDay, v.BestDay.Key == v.Points[shared.PeriodDay].Key},
		{"best-week", tr(lang, "agentview.best_week"), agentWeekText(lang, v.BestWeek.Key), v.BestWeek, v.BestWeek.Key == v.Points[shared.PeriodWeek].Key},
	}
	return goapp.Section().ID("bests").Class("card", "bests-card").Body(
		goapp.H2().Text(tr(lang, "agentview.bests")),
		goapp.Ul().Class("bests").Body(goapp.Range(bests).Slice(func(i int) goapp.UI {
			b := bests[i]
			if b.b.Points <= 0 {
				return goapp.Li().ID(b.id).Class("best").Body(
					goapp.Span().Class("best-label").Text(b.label),
					goapp.Span().Class("muted").Text(tr(lang, "agentview.best_none")),
				)
			}
			li := goapp.Li().ID(b.id).Class("best").DataSet("points", b.b.Points).DataSet("key", b.b.Key)
			return li.Body(
				goapp.Span().Class("best-label").Text(b.label),
				goapp.Span().Class("best-num").Text(formatInt(lang, b.b.Points)),
				goapp.Span().Class("best-when", "muted").Text(b.when),
				goapp.If(b.now, func() goapp.UI { return goapp.Span().Class("tag", "best-now").Text(tr(lang, "agentview.best_now")) }),
			)
		})),
	)
}

// progressBar is an accessible bar filled to p percent.
func progressBar(id, label string, p float64, classes ...string) goapp.UI {
	d := goapp.Div()
	if id != "" {
		d = d.ID(id)
	}
	return d.Class(classes...).
		Role("progressbar").
		Aria("valuemin", 0).
		Aria("valuemax", 100).
		Aria("valuenow", int(p)).
		Aria("label", label).
		Body(goapp.Div().Class("bar-fill").Style("width", "%s", pct(p)))
}

func (c *agentPage) renderLevel(lang string, v *shared.AgentView) goapp.UI {
	progress := levelProgress(v.XP, v.LevelXP, v.NextLevelXP)
	top := v.NextLevelXP == 0
	return goapp.Section().Class("card", "level-card").Body(
		goapp.Div().Class("level-head").Body(
			goapp.Span().Class("level-label").Text(tr(lang, "agent.level")),
			goapp.Span().ID("level").Class("level-num").Text(strconv.Itoa(v.Level)),
			goapp.Span().ID("level-name").Class("level-name").Text(c.words.name(lang, nameLevel, strconv.Itoa(v.Level), v.LevelName)),
			goapp.Span().Class("level-xp").Text(tr(lang, "agent.xp", formatInt(lang, v.XP))),
		),
		progressBar("level-bar", tr(lang, "agent.level"), progress, "bar", "level-bar"),
		goapp.If(top, func() goapp.UI {
			return goapp.P().ID("xp-to-next").Class("level-next").Text(tr(lang, "agent.top_level"))
		}).Else(func() goapp.UI {
			return goapp.P().ID("xp-to-next").Class("level-next").
				Text(tr(lang, "agent.xp_to_next", formatInt(lang, v.XPToNext), v.Level+1))
		}),
	)
}

func (c *agentPage) renderRank(lang string, v *shared.AgentView) goapp.UI {
	rank := agentBoardRank(c.board.Board, v)
	rows := neighbours(c.board.Board, v.ID)
	open := !c.rankCollapsed
	toggle := "agentview.rank_hide"
	if !open {
		toggle = "agentview.rank_show"
	}
	return goapp.Section().ID("rank-card").Class("card", "rank-card").DataSet("collapsed", boolAttr(!open)).Body(
		goapp.Div().Class("card-head").Body(
			goapp.H2().Text(tr(lang, "agent.rank")),
			goapp.Button().
				ID("rank-toggle").
				Class("btn", "btn-quiet").
				Type("button").
				Aria("expanded", boolAttr(open)).
				Aria("controls", "rank-body").
				OnClick(c.toggleRank).
				Text(tr(lang, toggle)),
		),
		goapp.If(open, func() goapp.UI {
			return goapp.Div().ID("rank-body").Class("rank-body").Body(
				goapp.Div().Class("rank-head").Body(
					goapp.Span().ID("rank").Class("stat-value").Text(rankText(rank)),
					goapp.Span().Class("stat-hint").Text(tr(lang, "agent.rank_hint")),
				),
				c.renderPass(lang, v),
				goapp.If(len(rows) > 0, func() goapp.UI {
					return goapp.Ol().ID("rank-neighbours").Class("neighbours").Body(goapp.Range(rows).Slice(func(i int) goapp.UI {
						return c.renderNeighbour(lang, v, rows[i])
					}))
				}),
			)
		}),
	)
}

// agentBoardRank is the agent's rank today: the board's when it is as new as
// the view or newer (others' points move the agent too, and only the board
// hears of them), else the view's.
func agentBoardRank(lb shared.Leaderboard, v *shared.AgentView) int {
	if lb.At >= v.At {
		for _, e := range lb.Entries {
			if e.Agent == v.ID {
				return e.Rank
			}
		}
	}
	return v.Rank[shared.BoardAgents+"/"+shared.PeriodDay]
}

// renderPass says how many points take the agent past the next person up,
// where boards are public; nothing otherwise.
func (c *agentPage) renderPass(lang string, v *shared.AgentView) goapp.UI {
	if !c.public {
		return nil
	}
	if agentLeads(c.board.Board, v.ID) {
		return goapp.P().ID("rank-pass").Class("rank-pass", "lead").Text(tr(lang, "agentview.lead"))
	}
	above, pts, ok := agentPassGap(c.board.Board, v.ID)
	if !ok {
		return nil
	}
	return goapp.P().ID("rank-pass").Class("rank-pass").DataSet("points", pts).
		Text(trn(lang, "agentview.to_pass", pts, rowName(lang, above)))
}

func (c *agentPage) renderNeighbour(lang string, v *shared.AgentView, e shared.LeaderboardEntry) goapp.UI {
	li := goapp.Li().Class("neighbour").DataSet("agent", e.Agent).DataSet("rank", e.Rank)
	if e.Agent == v.ID {
		li = li.Class("neighbour", "me").Aria("current", "true")
	}
	name := rowName(lang, e)
	return li.Body(
		goapp.Span().Class("row-rank").Text(rankText(e.Rank)),
		face(name, e.Photo, teamColor(e.Team, e.Color), faceS),
		goapp.Span().Class("neighbour-name").Text(name),
		rankMoveBadge(lang, c.moves.delta(e, c.now)),
		goapp.Span().Class("num").Text(formatInt(lang, e.Points)),
		goapp.If(e.Agent != "" && e.Agent != c.me.User && mayGiveKudos(c.me), func() goapp.UI {
			return goapp.Button().Class("btn", "btn-quiet", "kudos-row").Type("button").DataSet("agent", e.Agent).
				Aria("haspopup", "dialog").
				Aria("label", tr(lang, "rw.kudos_to_name", name)).Title(tr(lang, "rw.kudos_to_name", name)).
				OnClick(func(ctx goapp.Context, _ goapp.Event) { c.openKudos(ctx, e.Agent) }).
				Text("♥")
		}),
	)
}

// agentCatRow is one category's points in the chosen period.
type agentCatRow struct {
	ID     string
	Name   string
	Points int64
}

// agentCategoryRows are a period's categories, most points first.
func agentCategoryRows(g glossary, lang string, pp shared.PeriodPoints) []agentCatRow {
	rows := make([]agentCatRow, 0, len(pp.Categories))
	for id, n := range pp.Categories {
		if n != 0 {
			rows = append(rows, agentCatRow{ID: id, Name: g.name(lang, nameCategory, id, ""), Points: n})
		}
	}
	slices.SortFunc(rows, func(a, b agentCatRow) int {
		return cmp.Or(cmp.Compare(b.Points, a.Points), cmp.Compare(a.ID, b.ID))
	})
	return rows
}

func (c *agentPage) renderCategories(lang string, v *shared.AgentView) goapp.UI {
	period := c.catPeriod
	if period == "" {
		period = shared.PeriodDay
	}
	rows := agentCategoryRows(c.words, lang, v.Points[period])
	var top int64
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		top = max(top, r.Points)
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	colors := categoryColors(ids)
	return goapp.Section().ID("categories").Class("card", "categories").Body(
		goapp.Div().Class("card-head").Body(
			goapp.H2().ID("categories-title").Text(tr(lang, "agent.categories")),
			goapp.Div().Class("segmented").Role("group").Aria("label", tr(lang, "agentview.period_pick")).Body(
				goapp.Range(agentCatPeriods).Slice(func(i int) goapp.UI {
					p := agentCatPeriods[i]
					return goapp.Button().
						ID("cat-period-"+p).
						Class("seg").
						Type("button").
						Aria("pressed", boolAttr(p == period)).
						OnClick(func(goapp.Context, goapp.Event) { c.catPeriod = p }).
						Text(tr(lang, "agentview.period_"+p))
				}),
			),
		),
		goapp.If(len(rows) == 0, func() goapp.UI {
			return goapp.P().ID("category-chart").Class("muted").DataSet("period", period).Text(tr(lang, "agent.no_points"))
		}).Else(func() goapp.UI {
			return goapp.Ul().ID("category-chart").Class("cat-bars").DataSet("period", period).Aria("labelledby", "categories-title").
				Body(goapp.Range(rows).Slice(func(i int) goapp.UI {
					r := rows[i]
					return goapp.Li().Class("cat-row").DataSet("category", r.ID).Body(
						goapp.Span().Class("cat-name").Text(r.Name),
						goapp.Div().Class("cat-track").Aria("hidden", "true").Body(
							goapp.Div().Class("cat-fill").Style("width", "%s", pct(share(max(r.Points, 0), top))).Style("background", "%s", colors[r.ID]),
						),
						goapp.Span().Class("num").Text(formatInt(lang, r.Points)),
					)
				}))
		}),
	)
}
