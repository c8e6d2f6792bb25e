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

// The agent view's lower cards: challenges, team goals, the badge gallery
// and the history.

func (c *agentPage) renderChallenges(lang string, chs []shared.Challenge) goapp.UI {
	return goapp.Section().ID("challenges").Class("card", "challenges").Body(
		goapp.H2().Text(tr(lang, "agent.challenges")),
		goapp.If(len(chs) == 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "agent.no_challenges"))
		}).Else(func() goapp.UI {
			return goapp.Ul().Body(goapp.Range(chs).Slice(func(i int) goapp.UI {
				return c.agentChallengeItem(lang, chs[i])
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
		if len(t.Coop) > 0 {
			continue // a teammate's co-op quest; the agent's own come in their view
		}
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

// rewardText is a challenge's reward in lang, from its data.
func (c *agentPage) rewardText(lang string, ch shared.Challenge) string {
	var parts []string
	if ch.RewardPoints != 0 {
		parts = append(parts, trn(lang, "agentview.points_n", ch.RewardPoints, formatInt(lang, ch.RewardPoints)))
	}
	if ch.RewardBadge != "" {
		// The badge list has the server's name of it, for when the
		// glossary has none.
		fallback := ""
		for _, b := range c.st.View.Badges {
			if b.ID == ch.RewardBadge {
				fallback = b.Name
			}
		}
		parts = append(parts, c.words.name(lang, nameBadge, ch.RewardBadge, fallback))
	}
	if len(parts) == 0 {
		// A server that sends the reward only as a sentence.
		return ch.Reward
	}
	return strings.Join(parts, " + ")
}

// agentChallengeItem is one challenge with its bar, reward and time
// left, every name in the reader's language.
func (c *agentPage) agentChallengeItem(lang string, ch shared.Challenge) goapp.UI {
	p := share(int64(ch.Progress), int64(ch.Target))
	scope := ""
	if ch.Team != "" {
		scope = tr(lang, "agent.team_challenge")
	}
	name := c.words.name(lang, nameChallenge, ch.ID, ch.Name)
	reward := c.rewardText(lang, ch)
	if len(ch.Coop) > 0 {
		return coopItem(lang, c.st.View.ID, name, reward, ch, c.now)
	}
	return goapp.Li().Class("challenge").DataSet("challenge", ch.ID).DataSet("status", ch.Status).Body(
		goapp.Div().Class("challenge-head").Body(
			goapp.Span().Class("challenge-name").Text(name),
			goapp.Span().Class("num").Text(formatFloat(lang, ch.Progress)+" / "+formatFloat(lang, ch.Target)),
		),
		progressBar("", name, p, "bar", "bar-thin"),
		goapp.Div().Class("challenge-meta", "muted").Body(
			goapp.If(scope != "", func() goapp.UI { return goapp.Span().Class("tag").Text(scope) }),
			goapp.If(reward != "", func() goapp.UI { return goapp.Span().Text(tr(lang, "agent.reward", reward)) }),
			goapp.If(!ch.Deadline.IsZero(), func() goapp.UI {
				return goapp.Span().Class("time-left").Text(timeLeft(lang, ch.Deadline.Sub(c.now)))
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
				name := c.words.name(lang, nameGoal, g.ID, g.Name)
				return goapp.Li().Class("goal").DataSet("goal", g.ID).Body(
					goapp.Div().Class("challenge-head").Body(
						goapp.Span().Text(name),
						goapp.Span().Class("num").Text(formatFloat(lang, g.Progress)+" / "+formatFloat(lang, g.Target)),
					),
					progressBar("", name, share(int64(g.Progress), int64(g.Target)), "bar", "bar-thin"),
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

// agentBadgeGallery splits the badges into the earned (highest tier first) and the
// next ones (closest to their next tier first).
func agentBadgeGallery(badges []shared.Badge) (earned, next []shared.Badge) {
	for _, b := range badges {
		if b.Tier > 0 {
			earned = append(earned, b)
		} else {
			next = append(next, b)
		}
	}
	slices.SortStableFunc(earned, func(a, b shared.Badge) int { return cmp.Compare(b.Tier, a.Tier) })
	progress := func(b shared.Badge) float64 {
		if b.NextMin <= 0 {
			return 0
		}
		return b.Value / b.NextMin
	}
	slices.SortStableFunc(next, func(a, b shared.Badge) int { return cmp.Compare(progress(b), progress(a)) })
	return earned, next
}

func (c *agentPage) renderBadges(lang string, badges []shared.Badge) goapp.UI {
	earned, next := agentBadgeGallery(badges)
	list := func(id string, bs []shared.Badge) goapp.UI {
		return goapp.Ul().ID(id).Class("badge-grid").Body(goapp.Range(bs).Slice(func(i int) goapp.UI {
			return c.renderBadge(lang, bs[i])
		}))
	}
	return goapp.Section().Class("card", "badges").Body(
		goapp.H2().Text(tr(lang, "agent.badges")),
		goapp.Div().ID("badges").Class("badge-agentBadgeGallery").Body(
			goapp.H3().Text(tr(lang, "agentview.badges_earned")),
			goapp.If(len(earned) == 0, func() goapp.UI {
				return goapp.P().Class("muted").Text(tr(lang, "agentview.badges_none"))
			}).Else(func() goapp.UI { return list("badges-earned", earned) }),
			goapp.If(len(next) > 0, func() goapp.UI {
				return goapp.Div().Body(
					goapp.H3().Text(tr(lang, "agentview.badges_next")),
					list("badges-next", next),
				)
			}),
		),
	)
}

func (c *agentPage) renderBadge(lang string, b shared.Badge) goapp.UI {
	earned := b.Tier > 0
	li := goapp.Li().Class("badge").DataSet("badge", b.ID).DataSet("tier", b.Tier)
	if earned {
		li = li.Class("badge", "earned")
	}
	name := c.words.name(lang, nameBadge, b.ID, b.Name)
	tier := ""
	if earned && b.TierName != "" {
		tier = c.words.name(lang, nameTier, b.ID+"/"+strconv.Itoa(b.Tier), b.TierName)
	}
	if tier == name {
		tier = "" // a badge of one tier, named as the badge: said once
	}
	nextTier := ""
	if b.NextTier != "" {
		nextTier = c.words.name(lang, nameTier, b.ID+"/"+strconv.Itoa(b.Tier+1), b.NextTier)
	}
	return li.Body(
		goapp.Div().Class("badge-icon", "tier-"+strconv.Itoa(min(b.Tier, 3))).Aria("hidden", "true").Text(badgeGlyph(b.Tier)),
		goapp.Div().Class("badge-body").Body(
			goapp.Span().Class("badge-name").Text(name),
			goapp.If(tier != "", func() goapp.UI { return goapp.Span().Class("badge-tier").Text(tier) }),
			goapp.If(b.Description != "", func() goapp.UI {
				return goapp.Span().Class("badge-desc", "muted").Text(b.Description)
			}),
			goapp.If(nextTier != "" && b.NextMin > 0, func() goapp.UI {
				p := 100 * b.Value / b.NextMin
				return goapp.Div().Class("badge-next").Body(
					progressBar("", name, min(p, 100), "bar", "bar-thin"),
					goapp.Span().Class("muted").Text(tr(lang, "agent.badge_next", nextTier, formatFloat(lang, b.Value), formatFloat(lang, b.NextMin))),
				)
			}),
		),
	)
}

// badgeGlyph is a full star for earned tiers and an empty one otherwise
// (glyphs every system font has).
func badgeGlyph(tier int) string {
	if tier > 0 {
		return "★"
	}
	return "☆"
}

// agentHistoryRows are this session's items, newest first, then the server's
// point awards this session did not see: the list is the same after a
// reload, less the achievements of the session before.
func agentHistoryRows(session []historyItem, past []shared.HistoryEntry) []historyItem {
	seen := make(map[string]bool, len(session))
	rows := make([]historyItem, 0, len(session)+len(past))
	for _, h := range session {
		switch h.Kind {
		case shared.KindPoints:
			seen[h.Event+"\x00"+h.Ref] = true
		case shared.KindKudos:
			seen[h.Detail+"\x00"+shared.KindKudos] = true
		}
		rows = append(rows, h)
	}
	for i, e := range past {
		if e.Value != "" {
			// A received kudos (and what it scored): one line, from whom
			// and for what.
			if !seen[e.Event+"\x00"+shared.KindKudos] {
				rows = append(rows, historyItem{ID: -1 - i, At: e.Time, Kind: shared.KindKudos, Ref: e.Value, Name: e.FromName, Detail: e.Event, Event: e.Event})
			}
			continue
		}
		if seen[e.Event+"\x00"+e.Rule] {
			continue
		}
		rows = append(rows, historyItem{ID: -1 - i, At: e.Time, Kind: shared.KindPoints, Points: e.Points, Ref: e.Rule, Detail: e.Category, Event: e.Event})
	}
	if len(rows) > maxHistory {
		rows = rows[:maxHistory]
	}
	return rows
}

func (c *agentPage) renderHistory(lang string) goapp.UI {
	items := agentHistoryRows(c.st.History, c.past)
	return goapp.Section().Class("card", "history").Body(
		goapp.H2().Text(tr(lang, "agent.history")),
		goapp.If(len(items) == 0, func() goapp.UI {
			return goapp.P().ID("history-empty").Class("muted").Text(tr(lang, "agent.history_empty"))
		}).Else(func() goapp.UI {
			return goapp.Ol().ID("history").Class("history-list").TabIndex(0).Aria("label", tr(lang, "agent.history")).Body(goapp.Range(items).Slice(func(i int) goapp.UI {
				h := items[i]
				return goapp.Li().Class("history-item").DataSet("kind", h.Kind).DataSet("event", h.Event).Body(
					goapp.Time().Class("muted").DateTime(h.At.Format(time.RFC3339)).Text(formatClock(lang, h.At)),
					goapp.Span().Class("history-what").Text(c.historyText(lang, h)),
				)
			}))
		}),
	)
}

// historyText says what happened and what earned it, with every name in
// the reader's language.
func (c *agentPage) historyText(lang string, h historyItem) string {
	g := c.words
	switch h.Kind {
	case shared.KindPoints:
		return tr(lang, "hist.points", signedPoints(lang, h.Points), g.name(lang, nameCategory, h.Detail, ""), agentRuleName(g, lang, h.Ref))
	case shared.KindLevel:
		return tr(lang, "hist.level", h.Level, g.name(lang, nameLevel, strconv.Itoa(h.Level), h.Name))
	case shared.KindBadge:
		return tr(lang, "hist.badge", g.name(lang, nameBadge, h.Ref, h.Name), statusText(lang, h.Detail))
	case shared.KindStreak:
		return tr(lang, "hist.streak", g.name(lang, nameStreak, h.Ref, h.Name), statusText(lang, h.Detail))
	case shared.KindChallenge:
		return tr(lang, "hist.challenge", g.name(lang, nameChallenge, h.Ref, h.Name), statusText(lang, h.Detail))
	case shared.KindKudos:
		return tr(lang, "rw.hist_kudos", firstOf(h.Name, tr(lang, "people.unnamed_agent")), kudosValueName(g, lang, h.Ref))
	}
	return tr(lang, "hist.goal", g.name(lang, nameGoal, h.Ref, h.Name), statusText(lang, h.Detail))
}

// challengeItem is one challenge with its bar, reward and time left, as
// the server names them (the supervisor's view lists them so).
func challengeItem(lang string, ch shared.Challenge, now time.Time) goapp.UI {
	if len(ch.Coop) > 0 {
		return coopItem(lang, "", ch.Name, ch.Reward, ch, now)
	}
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
