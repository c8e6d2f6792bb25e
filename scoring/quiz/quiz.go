// Package quiz is micro-learning's logic: what a well-formed quiz is, when
// it is open, how answers are checked, and which question is an agent's
// question of the day.
//
// Like scoring it is pure: no clock, no I/O, no goroutines. The server
// checks a submission in its handler to answer bad input at once, and the
// projector checks it again at the submission's place in the stream, which
// decides: the first submission of a quiz by an agent counts, on every node
// and in every replay.
package quiz

import (
	"fmt"
	"hash/fnv"
	"slices"
	"time"
	"unicode/utf8"
)

// Languages are the languages a quiz's words may be in; English is required.
var Languages = []string{"en", "sv", "de", "fr", "ru"}

// Limits of a quiz.
const (
	MaxQuestions   = 20
	MinChoices     = 2
	MaxChoices     = 6
	MaxTitle       = 120 // characters
	MaxText        = 500
	MaxChoice      = 200
	MaxExplanation = 500
	MaxIDLength    = 64
)

// Words is a text by language.
type Words map[string]string

// In is the text in lang, else in English.
func (w Words) In(lang string) string {
	if s := w[lang]; s != "" {
		return s
	}
	return w["en"]
}

// Question is one question: its choices, the index of the one right
// choice, and what is shown after answering.
type Question struct {
	Text        Words   `json:"text"`
	Choices     []Words `json:"choices"`
	Correct     int     `json:"correct"`
	Explanation Words   `json:"explanation,omitempty"`
}

// Quiz is a quiz as stored: its window is [From, To).
type Quiz struct {
	ID        string     `json:"id"`
	Title     Words      `json:"title"`
	Questions []Question `json:"questions"`
	From      time.Time  `json:"from"`
	To        time.Time  `json:"to"`
	Badge     string     `json:"badge,omitempty"`
	By        string     `json:"by,omitempty"`
	Seq       uint64     `json:"seq,omitempty"` // the stream sequence that put it
}

// OpenAt reports whether the quiz's window holds at t.
func (q *Quiz) OpenAt(t time.Time) bool { return !t.Before(q.From) && t.Before(q.To) }

// Invalid is what is wrong with a quiz or a submission, in words for the
// person who sent it; Path names the field ("questions/2/choices/1/en").
type Invalid struct {
	Path    string
	Message string
}

func (e *Invalid) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

func invalid(path, format string, args ...any) *Invalid {
	return &Invalid{Path: path, Message: fmt.Sprintf(format, args...)}
}

// ValidID reports whether id may name a quiz: 1 to MaxIDLength of
// a-z, 0-9, '-' and '_' (it goes into event ids and URLs).
func ValidID(id string) bool {
	if id == "" || len(id) > MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Validate reports the first thing wrong with q, nil when it is whole.
func Validate(q *Quiz) error {
	if !ValidID(q.ID) {
		return invalid("id", "a quiz id is 1 to %d of a-z, 0-9, - and _", MaxIDLength)
	}
	if err := words("title", q.Title, MaxTitle, true); err != nil {
		return err
	}
	if len(q.Questions) == 0 || len(q.Questions) > MaxQuestions {
		return invalid("questions", "a quiz has 1 to %d questions, not %d", MaxQuestions, len(q.Questions))
	}
	for i, qu := range q.Questions {
		p := fmt.Sprintf("questions/%d", i)
		if err := words(p+"/text", qu.Text, MaxText, true); err != nil {
			return err
		}
		if len(qu.Choices) < MinChoices || len(qu.Choices) > MaxChoices {
			return invalid(p+"/choices", "a question has %d to %d choices, not %d", MinChoices, MaxChoices, len(qu.Choices))
		}
		for j, c := range qu.Choices {
			if err := words(fmt.Sprintf("%s/choices/%d", p, j), c, MaxChoice, true); err != nil {
				return err
			}
		}
		if qu.Correct < 0 || qu.Correct >= len(qu.Choices) {
			return invalid(p+"/correct", "the right choice is one of 0 to %d, not %d", len(qu.Choices)-1, qu.Correct)
		}
		if err := words(p+"/explanation", qu.Explanation, MaxExplanation, false); err != nil {
			return err
		}
	}
	switch {
	case q.From.IsZero() || q.To.IsZero():
		return invalid("from", "a quiz has a window: from and to, RFC 3339 times")
	case !q.To.After(q.From):
		return invalid("to", "the window ends after it starts")
	}
	if q.Badge != "" && !ValidID(q.Badge) {
		return invalid("badge", "a badge id is 1 to %d of a-z, 0-9, - and _", MaxIDLength)
	}
	return nil
}

// words checks a text in five languages: known languages only, English
// when required, each of at most max characters of valid UTF-8.
func words(path string, w Words, max int, required bool) error {
	for lang, s := range w {
		if !slices.Contains(Languages, lang) {
			return invalid(path+"/"+lang, "the languages are en, sv, de, fr and ru")
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
			return invalid(path+"/"+lang, "at most %d characters", max)
		}
	}
	if required && w["en"] == "" {
		return invalid(path+"/en", "the English text is required")
	}
	return nil
}

// Check scores answers (the index of the chosen choice of each question,
// in order) against q: how many are right, or what is wrong with them.
func Check(q *Quiz, answers []int) (int, error) {
	if len(answers) != len(q.Questions) {
		return 0, invalid("answers", "this quiz has %d questions: send %d answers, not %d", len(q.Questions), len(q.Questions), len(answers))
	}
	score := 0
	for i, a := range answers {
		n := len(q.Questions[i].Choices)
		if a < 0 || a >= n {
			return 0, invalid(fmt.Sprintf("answers/%d", i), "question %d has choices 0 to %d, not %d", i+1, n-1, a)
		}
		if a == q.Questions[i].Correct {
			score++
		}
	}
	return score, nil
}

// Percent is a score as a whole percentage, rounded down.
func Percent(score, of int) int {
	if of == 0 {
		return 0
	}
	return score * 100 / of
}

// Result is what an agent answered, as stored: a quiz's (Quiz set, one per
// agent and quiz) or a daily question's (Date set, one per agent and day).
// ID is the id of the event it made.
type Result struct {
	ID      string    `json:"id"`
	Quiz    string    `json:"quiz"`
	Agent   string    `json:"agent"`
	Answers []int     `json:"answers"`
	Score   int       `json:"score"`
	Of      int       `json:"of"`
	At      time.Time `json:"at"`
	Seq     uint64    `json:"seq"`
	// Date and Index name a daily question: the day and the question's
	// index in Quiz.
	Date  string `json:"date,omitempty"`
	Index int    `json:"index,omitempty"`
}

// EventID is the id of the quiz.completed event of agent's first
// submission of quiz: one per agent and quiz, whoever sends it again.
func EventID(quiz, agent string) string { return "quiz:" + quiz + ":" + agent }

// DailyID is the id of the quiz.answered event of agent's daily question
// of date: one per agent and day.
func DailyID(date, agent string) string { return "quizday:" + date + ":" + agent }

// Daily picks agent's question of date among the questions of quizzes
// (those open that day, in any order): the same on every node and every
// call, different from one agent to the next and from one day to the next.
func Daily(quizzes []*Quiz, agent, date string) (*Quiz, int, bool) {
	sorted := slices.Clone(quizzes)
	slices.SortFunc(sorted, func(a, b *Quiz) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	total := 0
	for _, q := range sorted {
		total += len(q.Questions)
	}
	if total == 0 {
		return nil, 0, false
	}
	h := fnv.New64a()
	h.Write([]byte(date + "\x00" + agent))
	n := int(h.Sum64() % uint64(total))
	for _, q := range sorted {
		if n < len(q.Questions) {
			return q, n, true
		}
		n -= len(q.Questions)
	}
	return nil, 0, false
}
