package demo

import (
	"testing"
	"time"

	"scorecast/scoring/quiz"
)

// The demo quiz is whole, in every language, and open now.
func TestQuizIsWhole(t *testing.T) {
	now := time.Now()
	q := Quiz(now)
	if err := quiz.Validate(&q); err != nil {
		t.Fatal(err)
	}
	if !q.OpenAt(now) {
		t.Error("the demo quiz is not open")
	}
	for _, lang := range quiz.Languages {
		for i, qu := range q.Questions {
			if qu.Text[lang] == "" || qu.Explanation[lang] == "" {
				t.Errorf("question %d has no %s words", i, lang)
			}
			for j, c := range qu.Choices {
				if c[lang] == "" {
					t.Errorf("question %d choice %d has no %s words", i, j, lang)
				}
			}
		}
	}
}
