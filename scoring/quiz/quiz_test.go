package quiz

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func sample() *Quiz {
	en := func(s string) Words { return Words{"en": s} }
	return &Quiz{ID: "security-basics", Title: en("Security basics"),
		From: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
		Questions: []Question{
			{Text: en("Who may know your password?"), Choices: []Words{en("IT"), en("Nobody"), en("Your manager")}, Correct: 1,
				Explanation: en("Nobody, ever.")},
			{Text: en("A caller asks for a reset code."), Choices: []Words{en("Read it out"), en("Refuse")}, Correct: 1},
			{Text: en("Phishing is"), Choices: []Words{en("a lure"), en("a sport")}, Correct: 0},
		}}
}

func TestValidate(t *testing.T) {
	if err := Validate(sample()); err != nil {
		t.Fatalf("a whole quiz: %v", err)
	}
	cases := []struct {
		name, path string
		change     func(q *Quiz)
	}{
		{"bad id", "id", func(q *Quiz) { q.ID = "Bad ID" }},
		{"no English title", "title/en", func(q *Quiz) { q.Title = Words{"sv": "Säkerhet"} }},
		{"unknown language", "title/xx", func(q *Quiz) { q.Title["xx"] = "?" }},
		{"no questions", "questions", func(q *Quiz) { q.Questions = nil }},
		{"one choice", "questions/1/choices", func(q *Quiz) { q.Questions[1].Choices = q.Questions[1].Choices[:1] }},
		{"seven choices", "questions/0/choices", func(q *Quiz) {
			for len(q.Questions[0].Choices) < 7 {
				q.Questions[0].Choices = append(q.Questions[0].Choices, Words{"en": "more"})
			}
		}},
		{"correct out of range", "questions/2/correct", func(q *Quiz) { q.Questions[2].Correct = 2 }},
		{"negative correct", "questions/0/correct", func(q *Quiz) { q.Questions[0].Correct = -1 }},
		{"empty choice", "questions/0/choices/2/en", func(q *Quiz) { q.Questions[0].Choices[2] = Words{"sv": "x"} }},
		{"long explanation", "questions/0/explanation/en", func(q *Quiz) { q.Questions[0].Explanation["en"] = strings.Repeat("x", MaxExplanation+1) }},
		{"no window", "from", func(q *Quiz) { q.From = time.Time{} }},
		{"window backwards", "to", func(q *Quiz) { q.To = q.From }},
		{"bad badge", "badge", func(q *Quiz) { q.Badge = "No Badge" }},
	}
	for _, c := range cases {
		q := sample()
		c.change(q)
		err := Validate(q)
		var inv *Invalid
		if !errors.As(err, &inv) || inv.Path != c.path {
			t.Errorf("%s: got %v, want a problem at %s", c.name, err, c.path)
		}
	}
}

func TestCheck(t *testing.T) {
	q := sample()
	for _, c := range []struct {
		answers []int
		score   int
		path    string
	}{
		{[]int{1, 1, 0}, 3, ""},
		{[]int{0, 1, 1}, 1, ""},
		{[]int{2, 0, 1}, 0, ""},
		{[]int{1, 1}, 0, "answers"},
		{[]int{1, 1, 0, 0}, 0, "answers"},
		{[]int{1, 2, 0}, 0, "answers/1"},
		{[]int{-1, 1, 0}, 0, "answers/0"},
	} {
		score, err := Check(q, c.answers)
		var inv *Invalid
		switch {
		case c.path == "" && (err != nil || score != c.score):
			t.Errorf("%v: got %d, %v; want %d", c.answers, score, err, c.score)
		case c.path != "" && (!errors.As(err, &inv) || inv.Path != c.path):
			t.Errorf("%v: got %v, want a problem at %s", c.answers, err, c.path)
		}
	}
	if got := Percent(2, 3); got != 66 {
		t.Errorf("Percent(2, 3) = %d", got)
	}
}

func TestOpenAt(t *testing.T) {
	q := sample()
	for at, want := range map[time.Time]bool{
		q.From.Add(-time.Second): false, q.From: true, q.To.Add(-time.Second): true, q.To: false,
	} {
		if q.OpenAt(at) != want {
			t.Errorf("OpenAt(%s) = %v", at, !want)
		}
	}
}

func TestDailyIsStableAndSpread(t *testing.T) {
	a, b := sample(), sample()
	b.ID = "another"
	b.Questions = b.Questions[:2]
	picks := map[string]int{}
	for i := 0; i < 200; i++ {
		agent := fmt.Sprintf("a-%d", i)
		q1, n1, ok := Daily([]*Quiz{a, b}, agent, "2026-12-08")
		q2, n2, _ := Daily([]*Quiz{b, a}, agent, "2026-12-08")
		if !ok || q1.ID != q2.ID || n1 != n2 {
			t.Fatalf("%s: the pick depends on the order of the quizzes", agent)
		}
		picks[fmt.Sprintf("%s/%d", q1.ID, n1)]++
	}
	if len(picks) != 5 {
		t.Errorf("200 agents got %d of 5 questions: %v", len(picks), picks)
	}
	if _, _, ok := Daily(nil, "a-1", "2026-12-08"); ok {
		t.Error("a pick without quizzes")
	}
}
