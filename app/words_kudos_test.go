package app

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"scorecast/shared"
)

// TestGlossaryKudosValues: the guide's kudos values are named in the
// reader's language, in English without one, and by their id made
// readable when the version in force no longer has them.
func TestGlossaryKudosValues(t *testing.T) {
	gd := wordsTestGuide()
	gd.Kudos = &shared.GuideKudos{Allowance: 3, Period: "week", Values: []shared.GuideKudosValue{
		{ID: "helpful", Name: "Helpful", Labels: map[string]string{"sv": "Hjälpsam", "ru": "Отзывчивость"}},
		{ID: "above_and_beyond", Name: "Above and beyond"},
	}}
	g := newGlossary(gd)
	assert.Equal(t, "Hjälpsam", g.name("sv", nameValue, "helpful", ""))
	assert.Equal(t, "Helpful", g.name("de", nameValue, "helpful", ""), "English without a label in the reader's language")
	assert.Equal(t, "Above and beyond", g.name("fr", nameValue, "above_and_beyond", ""))
	assert.Equal(t, "Customer first", g.name("sv", nameValue, "customer_first", ""), "a value no longer in force reads its id")
	assert.Equal(t, "Kind", g.name("sv", nameValue, "kind_words", "Kind"), "or the name the server sent")
	assert.Equal(t, "Customer first", newGlossary(wordsTestGuide()).name("en", nameValue, "customer_first", ""), "a ruleset without kudos")
}

// TestGlossaryLedgerRefs: a ledger entry's ref names what gave the coins.
func TestGlossaryLedgerRefs(t *testing.T) {
	g := newGlossary(wordsTestGuide())
	assert.Equal(t, "Довольный клиент", g.refName("ru", "survey.csat", ""))
	assert.Equal(t, "Quality star", g.refName("de", "badge:quality_star", ""))
	assert.Equal(t, "Glädje i dag", g.refName("sv", "challenge:daily_delight", ""))
	assert.Equal(t, "Weekly goal", g.refName("en", "goal:weekly", "Weekly goal"))
	assert.Empty(t, g.refName("en", "redemption:r-1", ""), "not a thing of the ruleset")
	assert.Empty(t, g.refName("en", "", ""))
	assert.Empty(t, g.refName("en", "badge:", ""))
}
