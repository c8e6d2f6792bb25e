package api

import (
	"maps"
	"net/http"

	"scorecast/scoring"
	"scorecast/server/httpx"
	"scorecast/shared"
)

// getGuide answers the ruleset in force as data for people (shared.Guide),
// coins and kudos included, so the PWA names kudos values and says what
// earns coins in the reader's language. Every member of the org and every
// display may read it, as they may read the ruleset itself, since what
// earns points is owed to everyone it scores.
func (h *handlers) getGuide(w http.ResponseWriter, r *http.Request) {
	id, ok := h.identify(w, r)
	if !ok {
		return
	}
	rv, err := h.rulesetInForce(id.Org)
	if err != nil {
		h.fail(w, err)
		return
	}
	// The guide changes only with the version, but a page asks for it
	// once per tab and on every publication, so no caching is worth its
	// staleness.
	w.Header().Set("Cache-Control", "no-store")
	httpx.JSON(w, http.StatusOK, guideOf(rv.Version, &rv.Ruleset))
}

// guideOf turns a ruleset into its guide. Every list is non-nil, so the
// answer has [] rather than null for what the ruleset lacks.
func guideOf(version int, rs *scoring.Ruleset) shared.Guide {
	labels := func(l scoring.Labels) map[string]string { return maps.Clone(map[string]string(l)) }
	g := shared.Guide{Version: version, Timezone: rs.Timezone,
		Categories: make([]shared.GuideCategory, 0, len(rs.Categories)),
		Rules:      make([]shared.GuideRule, 0, len(rs.PointRules)),
		Levels:     make([]shared.GuideLevel, 0, len(rs.Levels)),
		Counters:   make([]shared.GuideCounter, 0, len(rs.Counters)),
		Badges:     make([]shared.GuideBadge, 0, len(rs.Badges)),
		Streaks:    make([]shared.GuideStreak, 0, len(rs.Streaks)),
		Challenges: make([]shared.GuideChallenge, 0, len(rs.Challenges)),
		Goals:      make([]shared.GuideGoal, 0, len(rs.TeamGoals)),
		Boards:     make([]shared.GuideBoard, 0, len(rs.Boards)),
		Seasons:    make([]shared.GuideSeason, 0, len(rs.Seasons)),
	}
	for _, c := range rs.Categories {
		g.Categories = append(g.Categories, shared.GuideCategory{ID: c, Labels: labels(rs.CategoryLabels[c])})
	}
	for _, r := range rs.PointRules {
		gr := shared.GuideRule{ID: r.ID, Name: r.Name, Labels: labels(r.Labels), On: r.On, When: r.When,
			Condition: scoring.ReadableCondition(r.When), Category: r.Category}
		if n, ok := r.Points.Constant(); ok {
			gr.Points = n
		} else {
			gr.Formula = string(r.Points)
		}
		if r.Cap != nil {
			gr.CapPeriod, gr.CapMax = r.Cap.Period, r.Cap.Max
		}
		if n, ok := r.Coins.Constant(); ok {
			gr.Coins = n
		} else {
			gr.CoinsFormula = string(r.Coins)
		}
		g.Rules = append(g.Rules, gr)
	}
	for i, l := range rs.Levels {
		g.Levels = append(g.Levels, shared.GuideLevel{Number: i + 1, Name: l.Name, Labels: labels(l.Labels), XP: l.XP})
	}
	for _, c := range rs.Counters {
		g.Counters = append(g.Counters, shared.GuideCounter{ID: c.ID, Name: c.Name, Labels: labels(c.Labels),
			On: append([]string{}, c.On...), Agg: c.Agg, Metric: c.Metric})
	}
	for _, b := range rs.Badges {
		gb := shared.GuideBadge{ID: b.ID, Name: b.Name, Labels: labels(b.Labels), Description: b.Description,
			DescriptionLabels: labels(b.DescriptionLabels), Counter: b.Counter, Streak: b.Streak, Repeatable: b.Repeatable, Coins: b.Coins,
			Tiers: make([]shared.GuideTier, 0, max(len(b.Tiers), 1))}
		switch {
		case b.Counter != "":
			gb.Criterion, gb.Period = "counter", periodOr(b.Period)
		case b.Streak != "":
			gb.Criterion = "streak"
		case b.Points != "":
			gb.Criterion, gb.Category, gb.Period = "points", b.Points, periodOr(b.Period)
		default:
			gb.Criterion = "reward"
		}
		for j, t := range b.Tiers {
			gb.Tiers = append(gb.Tiers, shared.GuideTier{Number: j + 1, Name: t.Name, Labels: labels(t.Labels), Min: t.Min})
		}
		if len(b.Tiers) == 0 {
			// One tier named like the badge, as the engine has it.
			gb.Tiers = append(gb.Tiers, shared.GuideTier{Number: 1, Name: b.Name, Labels: labels(b.Labels), Min: 1})
		}
		g.Badges = append(g.Badges, gb)
	}
	for _, s := range rs.Streaks {
		unit := s.Unit
		if unit == "" {
			unit = scoring.UnitDay
		}
		gs := shared.GuideStreak{ID: s.ID, Name: s.Name, Labels: labels(s.Labels), Counter: s.Counter,
			Min: s.Min, Unit: unit, Allowance: s.Allowance}
		if s.Freezes != nil {
			gs.FreezeEvery, gs.FreezesHeld = s.Freezes.EarnEvery, s.Freezes.MaxHeld
		}
		g.Streaks = append(g.Streaks, gs)
	}
	for _, c := range rs.Challenges {
		gc := shared.GuideChallenge{ID: c.ID, Name: c.Name, Labels: labels(c.Labels), Description: c.Description,
			DescriptionLabels: labels(c.DescriptionLabels), Scope: c.Scope, Period: c.Period, Counter: c.Counter, Target: c.Target,
			RewardPoints: c.Reward.Points, RewardCategory: c.Reward.Category, RewardBadge: c.Reward.Badge, RewardCoins: c.Reward.Coins}
		if c.Adaptive != nil {
			gc.AdaptiveFactor = c.Adaptive.Factor
		}
		g.Challenges = append(g.Challenges, gc)
	}
	for _, t := range rs.TeamGoals {
		g.Goals = append(g.Goals, shared.GuideGoal{ID: t.ID, Name: t.Name, Labels: labels(t.Labels), Counter: t.Counter,
			Period: t.Period, Target: t.Target, Coins: t.Coins})
	}
	for _, b := range rs.Boards {
		g.Boards = append(g.Boards, shared.GuideBoard{ID: b.ID, Name: b.Name, Labels: labels(b.Labels), Scope: b.Scope,
			Periods: append([]string{}, b.Periods...)})
	}
	for _, s := range rs.Seasons {
		g.Seasons = append(g.Seasons, shared.GuideSeason{ID: s.ID, Name: s.Name, Labels: labels(s.Labels), From: s.From, To: s.To})
	}
	if k := rs.Kudos; k != nil {
		gk := &shared.GuideKudos{Allowance: k.Allowance, Period: k.Period,
			Values: make([]shared.GuideKudosValue, 0, len(k.Values)), Weights: make([]shared.GuideKudosWeight, 0, len(k.Weights))}
		for _, v := range k.Values {
			gk.Values = append(gk.Values, shared.GuideKudosValue{ID: v.ID, Name: v.Name, Labels: labels(v.Labels)})
		}
		for _, w := range k.Weights {
			gk.Weights = append(gk.Weights, shared.GuideKudosWeight{Level: w.Level, Weight: w.Weight})
		}
		g.Kudos = gk
	}
	return g
}

// periodOr is a badge's period, "all" when it gives none (the engine's default).
func periodOr(p string) string {
	if p == "" {
		return scoring.PeriodAll
	}
	return p
}
