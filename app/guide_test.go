package app

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"scorecast/shared"
)

func wordsTestGuide() shared.Guide {
	return shared.Guide{
		Version:    3,
		Categories: []shared.GuideCategory{{ID: "quality", Labels: map[string]string{"en": "Quality", "sv": "Kvalitet"}}, {ID: "first_aid"}},
		Rules: []shared.GuideRule{
			{ID: "survey.csat", Name: "Happy customer", Labels: map[string]string{"ru": "Довольный клиент"}, On: "survey.completed"},
			{ID: "bare.rule", On: "x"},
		},
		Levels: []shared.GuideLevel{{Number: 1, Name: "Rookie", Labels: map[string]string{"de": "Neuling"}}},
		Badges: []shared.GuideBadge{{ID: "quality_star", Name: "Quality star", Description: "QA 90+",
			DescriptionLabels: map[string]string{"fr": "Qualité 90+"},
			Tiers:             []shared.GuideTier{{Number: 1, Name: "Bronze", Labels: map[string]string{"sv": "Brons"}}}}},
		Challenges: []shared.GuideChallenge{{ID: "daily_delight", Name: "Delight today", Labels: map[string]string{"sv": "Glädje i dag"}}},
	}
}

func TestGlossaryNames(t *testing.T) {
	g := newGlossary(wordsTestGuide())
	assert.Equal(t, 3, g.Version)
	assert.Equal(t, "Kvalitet", g.name("sv", nameCategory, "quality", ""))
	assert.Equal(t, "Quality", g.name("ru", nameCategory, "quality", ""))
	assert.Equal(t, "First aid", g.name("de", nameCategory, "first_aid", ""), "a category without labels reads its id")
	assert.Equal(t, "Довольный клиент", g.name("ru", nameRule, "survey.csat", "survey csat"))
	assert.Equal(t, "Happy customer", g.name("sv", nameRule, "survey.csat", ""), "the plain name stands for English")
	assert.Equal(t, "Poäng", g.name("sv", nameRule, "bare.rule", "bare.rule"), "never the id, even as the fallback")
	assert.Equal(t, "Neuling", g.name("de", nameLevel, "1", "Rookie"))
	assert.Equal(t, "Brons", g.name("sv", nameTier, tierID("quality_star", 1), "Bronze"))
	assert.Equal(t, "Qualité 90+", g.description("fr", nameBadge, "quality_star", ""))
	assert.Equal(t, "QA 90+", g.description("sv", nameBadge, "quality_star", ""))
	// A challenge's reward points name the challenge.
	assert.Equal(t, "Glädje i dag", g.name("sv", nameRule, "challenge:daily_delight", "challenge:daily_delight"))
	assert.Equal(t, "Utmaning", g.name("sv", nameRule, "challenge:unknown", "challenge:unknown"))
	// Until the guide arrives, the server's name, else a word for the kind.
	var empty glossary
	assert.Equal(t, "Rookie", empty.name("de", nameLevel, "1", "Rookie"))
	assert.Equal(t, "Märke", empty.name("sv", nameBadge, "quality_star", ""))
	assert.Equal(t, "Count", empty.name("en", nameCounter, "x", ""))
}

func TestGuideWords(t *testing.T) {
	assert.Equal(t, "CSAT ≥ 4", readableCEL("en", "csat >= 4"))
	assert.Equal(t, "(CSAT − 3) × 15", readableCEL("de", "(csat - 3) * 15"))
	assert.Equal(t, "оценка качества ≥ 90 и CSAT = 5", readableCEL("ru", "event.metrics.score >= 90 && csat == 5"))
	assert.Equal(t, "nps ≥ 9", readableCEL("en", "nps >= 9"))

	r := shared.GuideRule{On: "ticket.solved", Condition: "csat >= 4", CapPeriod: "day", CapMax: 21}
	assert.Equal(t, "When a ticket is solved, if CSAT ≥ 4", ruleWhen("en", r))
	assert.Equal(t, "Не больше 21 балла в день", ruleCap("ru", r))
	r.CapMax = 200
	assert.Equal(t, "Не больше 200 баллов в день", ruleCap("ru", r))
	assert.Equal(t, "Höchstens 200 Punkte pro Tag", ruleCap("de", r))
	r.CapMax = 1
	assert.Equal(t, "At most 1 point a day", ruleCap("en", r))
	assert.Equal(t, "Quand un événement « callback » arrive", ruleWhen("fr", shared.GuideRule{On: "callback"}))

	assert.Equal(t, "балл", pointsUnit("ru", 1))
	assert.Equal(t, "балла", pointsUnit("ru", 3))
	assert.Equal(t, "баллов", pointsUnit("ru", 25))
	assert.Equal(t, "point", pointsUnit("fr", 0))

	assert.Equal(t, "happy customers", lowerFirst("en", "Happy customers"))
	assert.Equal(t, "Zufriedene Kunden", lowerFirst("de", "Zufriedene Kunden"))
	assert.Equal(t, "CSAT", lowerFirst("sv", "CSAT"))

	g := newGlossary(shared.Guide{Version: 1, Badges: []shared.GuideBadge{{ID: "weekly_learner", Name: "Weekly learner", Criterion: "reward"}},
		Challenges: []shared.GuideChallenge{{ID: "weekly_learning", Name: "Learn", RewardBadge: "weekly_learner", RewardPoints: 30, RewardCategory: "learning"}}})
	assert.Equal(t, "Given for completing “Learn”", badgeCriterion("en", g, g.Guide.Badges[0]))
	assert.Equal(t, "+30 points · Learning and the badge “Weekly learner”", rewardWords("en", g, g.Guide.Challenges[0]))
}
