package app

import (
	"sort"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// agentPeriods are the periods the agent view totals, in reading order.
var agentPeriods = []string{shared.PeriodDay, shared.PeriodWeek, shared.PeriodMonth, shared.PeriodSeason}

func (c *agentPage) renderView(lang string, v *shared.AgentView) goapp.UI {
	rank := v.Rank[shared.BoardAgents+"/"+shared.PeriodDay]
	progress := levelProgress(v.XP, v.LevelXP, v.NextLevelXP)
	top := v.NextLevelXP == 0
	team := v.TeamName
	if team == "" {
		team = v.Team
	}
	if team == "" {
		team = tr(lang, "agent.no_team")
	}
	name := v.Name
	if name == "" {
		name = v.ID
	}
	return goapp.Div().Class("agent-content").Body(
		goapp.Header().Class("agent-head").Body(
			goapp.H1().ID("agent-name").Text(name),
			goapp.P().ID("team-name").Class("team").Text(team),
		),
		goapp.Section().Class("stats").Aria("label", tr(lang, "agent.points")).Body(
			goapp.Range(agentPeriods).Slice(func(i int) goapp.UI {
				p := agentPeriods[i]
				cls := "stat"
				if p == shared.PeriodDay {
					cls = "stat-day"
				}
				return goapp.Div().Class("stat", cls).Body(
					goapp.Span().ID("points-"+p).Class("stat-value").Text(strconv.FormatInt(v.Points[p].Points, 10)),
					goapp.Span().Class("stat-label").Text(tr(lang, "agent.points_"+p)),
				)
			}),
		),
		goapp.Div().Class("agent-grid").Body(
			goapp.Section().Class("card", "level-card").Body(
				goapp.Div().Class("level-head").Body(
					goapp.Span().Class("level-label").Text(tr(lang, "agent.level")),
					goapp.Span().ID("level").Class("level-num").Text(strconv.Itoa(v.Level)),
					goapp.Span().ID("level-name").Class("level-name").Text(v.LevelName),
					goapp.Span().Class("level-xp").Text(tr(lang, "agent.xp", formatInt(lang, v.XP))),
				),
				progressBar("level-bar", tr(lang, "agent.level"), progress, "bar", "level-bar"),
				goapp.If(top, func() goapp.UI {
					return goapp.P().ID("xp-to-next").Class("level-next").Text(tr(lang, "agent.top_level"))
				}).Else(func() goapp.UI {
					return goapp.P().ID("xp-to-next").Class("level-next").
						Text(tr(lang, "agent.xp_to_next", formatInt(lang, v.XPToNext), v.Level+1))
				}),
				c.renderStreaks(lang, v.Streaks),
			),
			c.renderRank(lang, v, rank),
		),
		c.renderCategories(lang, v),
		goapp.Div().Class("agent-grid").Body(
			c.renderChallenges(lang, withTeamChallenges(v.Challenges, c.teamSt.View.Challenges)),
			c.renderGoals(lang, v.ID),
		),
		c.renderBadges(lang, v.Badges),
		c.renderHistory(lang),
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

func (c *agentPage) renderStreaks(lang string, streaks []shared.Streak) goapp.UI {
	if len(streaks) == 0 {
		return goapp.Text("")
	}
	return goapp.Ul().ID("streaks").Class("streaks").Body(goapp.Range(streaks).Slice(func(i int) goapp.UI {
		s := streaks[i]
		return goapp.Li().Class("streak").DataSet("streak", s.ID).DataSet("current", s.Current).Body(
			goapp.Span().Class("streak-name").Text(s.Name),
			goapp.Span().Class("streak-now").Text(tr(lang, "agent.streak_now", s.Current)),
			goapp.Span().Class("streak-best muted").Text(tr(lang, "agent.streak_best", s.Best)),
		)
	}))
}

func (c *agentPage) renderRank(lang string, v *shared.AgentView, rank int) goapp.UI {
	rows := neighbours(c.board.Board, v.ID)
	return goapp.Section().Class("card", "rank-card").Body(
		goapp.Div().Class("rank-head").Body(
			goapp.Span().ID("rank").Class("stat-value").Text(rankText(rank)),
			goapp.Div().Body(
				goapp.Span().Class("stat-label").Text(tr(lang, "agent.rank")),
				goapp.Span().Class("stat-hint").Text(tr(lang, "agent.rank_hint")),
			),
		),
		goapp.If(len(rows) > 0, func() goapp.UI {
			return goapp.Ol().ID("rank-neighbours").Class("neighbours").Body(goapp.Range(rows).Slice(func(i int) goapp.UI {
				e := rows[i]
				li := goapp.Li().Class("neighbour").DataSet("agent", e.Agent).DataSet("rank", e.Rank)
				if e.Agent == v.ID {
					li = li.Class("neighbour", "me").Aria("current", "true")
				}
				name := e.Name
				if name == "" {
					name = e.Agent
				}
				return li.Body(
					goapp.Span().Class("row-rank").Text(rankText(e.Rank)),
					goapp.Span().Class("neighbour-name").Text(name),
					goapp.Span().Class("num").Text(formatInt(lang, e.Points)),
				)
			}))
		}),
	)
}

func (c *agentPage) renderCategories(lang string, v *shared.AgentView) goapp.UI {
	set := map[string]bool{}
	rows := make([]stackRow, 0, len(agentPeriods))
	for _, p := range agentPeriods {
		pp, ok := v.Points[p]
		if !ok && p == shared.PeriodSeason {
			continue // no season running
		}
		for k := range pp.Categories {
			set[k] = true
		}
		rows = append(rows, stackRow{Key: p, Label: tr(lang, "period."+p), Values: pp.Categories})
	}
	cats := make([]string, 0, len(set))
	for k := range set {
		cats = append(cats, k)
	}
	sort.Strings(cats)
	colors := categoryColors(cats)
	return goapp.Section().Class("card", "categories").Body(
		goapp.H2().Text(tr(lang, "agent.categories")),
		goapp.If(len(cats) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "agent.no_points"))
		}).Else(func() goapp.UI {
			return goapp.Div().Body(
				goapp.Raw(stackedBarsSVG("category-chart", tr(lang, "agent.categories"), rows, cats, colors,
					func(n int64) string { return formatInt(lang, n) })),
				legend(cats, colors),
			)
		}),
	)
}

func (c *agentPage) renderChallenges(lang string, chs []shared.Challenge) goapp.UI {
	return goapp.Section().ID("challenges").Class("card", "challenges").Body(
		goapp.H2().Text(tr(lang, "agent.challenges")),
		goapp.If(len(chs) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "agent.no_challenges"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Body(goapp.Range(chs).Slice(func(i int) goapp.UI {
				ch := chs[i]
				return challengeItem(lang, ch, c.now)
			}))
		}),
	)
}

// withTeamChallenges adds the team's open challenges the agent's view does
// not list yet: a launched challenge reaches the team topic at once, the
// agent's view only with the agent's next event.
func withTeamChallenges(mine, team []shared.Challenge) []shared.Challenge {
	out := mine
	for _, t := range team {
		found := false
		for _, m := range mine {
			if m.ID == t.ID && m.Instance == t.Instance {
				found = true
			}
		}
		if !found {
			out = append(out[:len(out):len(out)], t)
		}
	}
	return out
}

// challengeItem is one challenge with its bar, reward and time left.
func challengeItem(lang string, ch shared.Challenge, now time.Time) goapp.UI {
	p := share(int64(ch.Progress), int64(ch.Target))
	scope := ""
	if ch.Team != "" {
		scope = tr(lang, "agent.team_challenge")
	}
	return goapp.Li().Class("challenge").DataSet("challenge", ch.ID).DataSet("status", ch.Status).Body(
		goapp.Div().Class("challenge-head").Body(
			goapp.Span().Class("challenge-name").Text(ch.Name),
			goapp.Span().Class("num").Text(formatFloat(lang, ch.Progress)+" / "+formatFloat(lang, ch.Target)),
		),
		progressBar("", ch.Name, p, "bar", "bar-thin"),
		goapp.Div().Class("challenge-meta", "muted").Body(
			goapp.If(scope != "", func() goapp.UI { return goapp.Span().Class("tag").Text(scope) }),
			goapp.If(ch.Reward != "", func() goapp.UI { return goapp.Span().Text(tr(lang, "agent.reward", ch.Reward)) }),
			goapp.If(!ch.Deadline.IsZero(), func() goapp.UI {
				return goapp.Span().Class("time-left").Text(timeLeft(lang, ch.Deadline.Sub(now)))
			}),
		),
	)
}

func (c *agentPage) renderGoals(lang, agent string) goapp.UI {
	goals := c.teamSt.View.Goals
	return goapp.Section().ID("goals").Class("card", "goals").Body(
		goapp.H2().Text(tr(lang, "agent.goals")),
		goapp.If(len(goals) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "agent.no_goals"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Body(goapp.Range(goals).Slice(func(i int) goapp.UI {
				g := goals[i]
				mine := g.Shares[agent]
				return goapp.Li().Class("goal").DataSet("goal", g.ID).Body(
					goapp.Div().Class("challenge-head").Body(
						goapp.Span().Text(g.Name),
						goapp.Span().Class("num").Text(formatFloat(lang, g.Progress)+" / "+formatFloat(lang, g.Target)),
					),
					progressBar("", g.Name, share(int64(g.Progress), int64(g.Target)), "bar", "bar-thin"),
					goapp.Div().Class("challenge-meta", "muted").Body(
						goapp.Span().Text(tr(lang, "agent.goal_mine", formatFloat(lang, mine))),
						goapp.If(!g.Deadline.IsZero(), func() goapp.UI {
							return goapp.Span().Class("time-left").Text(timeLeft(lang, g.Deadline.Sub(c.now)))
						}),
					),
				)
			}))
		}),
	)
}

func (c *agentPage) renderBadges(lang string, badges []shared.Badge) goapp.UI {
	return goapp.Section().Class("card", "badges").Body(
		goapp.H2().Text(tr(lang, "agent.badges")),
		goapp.Ul().ID("badges").Class("badge-grid").Body(goapp.Range(badges).Slice(func(i int) goapp.UI {
			b := badges[i]
			earned := b.Tier > 0
			li := goapp.Li().Class("badge").DataSet("badge", b.ID).DataSet("tier", b.Tier)
			if earned {
				li = li.Class("badge", "earned")
			}
			return li.Body(
				goapp.Div().Class("badge-icon", "tier-"+strconv.Itoa(min(b.Tier, 3))).Aria("hidden", "true").Text(badgeGlyph(b.Tier)),
				goapp.Div().Class("badge-body").Body(
					goapp.Span().Class("badge-name").Text(b.Name),
					goapp.If(b.TierName != "", func() goapp.UI {
						return goapp.Span().Class("badge-tier").Text(b.TierName)
					}),
					goapp.If(b.Description != "", func() goapp.UI {
						return goapp.Span().Class("badge-desc", "muted").Text(b.Description)
					}),
					goapp.If(b.NextTier != "" && b.NextMin > 0, func() goapp.UI {
						p := 100 * b.Value / b.NextMin
						return goapp.Div().Class("badge-next").Body(
							progressBar("", b.Name, min(p, 100), "bar", "bar-thin"),
							goapp.Span().Class("muted").Text(tr(lang, "agent.badge_next", b.NextTier, formatFloat(lang, b.Value), formatFloat(lang, b.NextMin))),
						)
					}),
				),
			)
		})),
	)
}

// badgeGlyph is a full star for earned tiers and an empty one otherwise
// (glyphs every system font has; emoji fonts are not a given on a TV).
func badgeGlyph(tier int) string {
	if tier > 0 {
		return "★"
	}
	return "☆"
}

func (c *agentPage) renderHistory(lang string) goapp.UI {
	items := c.st.History
	return goapp.Section().Class("card", "history").Body(
		goapp.H2().Text(tr(lang, "agent.history")),
		goapp.If(len(items) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "agent.history_empty"))
		}).Else(func() goapp.UI {
			return goapp.Ol().ID("history").Class("history-list").Body(goapp.Range(items).Slice(func(i int) goapp.UI {
				h := items[i]
				return goapp.Li().Class("history-item").DataSet("kind", h.Kind).Body(
					goapp.Time().Class("muted").Text(formatClock(lang, h.At)),
					goapp.Span().Class("history-what").Text(historyText(lang, h)),
				)
			}))
		}),
	)
}

// historyText says what happened and what earned it.
func historyText(lang string, h historyItem) string {
	switch h.Kind {
	case shared.KindPoints:
		return tr(lang, "hist.points", signedPoints(lang, h.Points), h.Detail, h.Name)
	case shared.KindLevel:
		return tr(lang, "hist.level", int(h.Points), h.Name)
	case shared.KindBadge:
		return tr(lang, "hist.badge", h.Name, statusText(lang, h.Detail))
	case shared.KindStreak:
		return tr(lang, "hist.streak", h.Name, statusText(lang, h.Detail))
	case shared.KindChallenge:
		return tr(lang, "hist.challenge", h.Name, statusText(lang, h.Detail))
	}
	return tr(lang, "hist.goal", h.Name, statusText(lang, h.Detail))
}
