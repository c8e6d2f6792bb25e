package shared

import "time"

// Quizzes (micro-learning): admins author quizzes with questions in five
// languages; agents take them, and a daily question, and the server checks
// the answers. The right choice and the explanation of a question are sent
// only to admins and, after answering, to the agent who answered.

// Words is a text in each language, by language code ("en", "sv", "de",
// "fr", "ru"); English is always there.
type Words map[string]string

// QuizQuestion is one question of a quiz.
type QuizQuestion struct {
	Text    Words   `json:"text"`
	Choices []Words `json:"choices"`
	// Correct is the index of the right choice: in an admin's reading and
	// in PUT's body only, never in what an agent reads before answering.
	Correct *int `json:"correct,omitempty"`
	// Explanation is shown after answering; like Correct, admins only.
	Explanation Words `json:"explanation,omitempty"`
}

// Quiz is a quiz, the body of PUT /api/v1/quizzes/{id} (without ID, Open
// and Taken) and an entry of GET /api/v1/quizzes.
type Quiz struct {
	ID        string         `json:"id,omitempty"`
	Title     Words          `json:"title"`
	Questions []QuizQuestion `json:"questions"`
	From      time.Time      `json:"from"`
	To        time.Time      `json:"to"`
	// Badge is a badge of the ruleset that a rule on quiz.completed may
	// give for this quiz: the event carries it as its attribute "badge".
	Badge string `json:"badge,omitempty"`
	// Open reports whether the window holds now.
	Open bool `json:"open"`
	// Taken is the caller's own result once they took the quiz.
	Taken *QuizResult `json:"taken,omitempty"`
	// Results is how many people took it (admins).
	Results int `json:"results,omitempty"`
}

// QuizList answers GET /api/v1/quizzes: the open quizzes for agents and
// supervisors, every quiz for admins.
type QuizList struct {
	Quizzes []Quiz `json:"quizzes"`
}

// QuizAnswers is the body of POST /api/v1/quizzes/{id}/answers: the index
// of the choice for each question, in order.
type QuizAnswers struct {
	Answers []int `json:"answers"`
}

// QuizResult answers POST /api/v1/quizzes/{id}/answers (200). Correct is the index
// of the right choice of each question, Explanations each question's
// explanation in the caller's language ("" where there is none).
type QuizResult struct {
	Quiz         string    `json:"quiz"`
	Score        int       `json:"score"`
	Of           int       `json:"of"`
	Answers      []int     `json:"answers"`
	Correct      []int     `json:"correct"`
	Explanations []string  `json:"explanations"`
	At           time.Time `json:"at"`
}

// QuizConflict answers a submission with 409: why, and for a second
// submission of a quiz the first result, which is the one that counts.
type QuizConflict struct {
	Error string      `json:"error"`
	First *QuizResult `json:"first,omitempty"`
}

// DailyQuestion answers GET /api/v1/quizzes/daily: today's question for
// the caller, chosen by the date and the agent among the open quizzes'
// questions (none when no quiz is open), and their answer once given.
type DailyQuestion struct {
	Date     string        `json:"date"` // in the org's time zone, 2026-12-08
	Quiz     string        `json:"quiz,omitempty"`
	Title    Words         `json:"title,omitempty"`
	Index    int           `json:"index"`
	Question *QuizQuestion `json:"question,omitempty"`
	Answered *DailyResult  `json:"answered,omitempty"`
}

// DailyAnswer is the body of POST /api/v1/quizzes/daily: the question it
// answers (as GET named it) and the index of the choice.
type DailyAnswer struct {
	Quiz   string `json:"quiz"`
	Index  int    `json:"index"`
	Answer int    `json:"answer"`
}

// DailyResult answers POST /api/v1/quizzes/daily (200).
type DailyResult struct {
	Date        string    `json:"date"`
	Quiz        string    `json:"quiz"`
	Index       int       `json:"index"`
	Answer      int       `json:"answer"`
	Correct     int       `json:"correct"`
	Right       bool      `json:"right"`
	Explanation string    `json:"explanation,omitempty"`
	At          time.Time `json:"at"`
}

// DailyConflict answers a daily answer with 409: why, and for a second
// answer the same day the first.
type DailyConflict struct {
	Error string       `json:"error"`
	First *DailyResult `json:"first,omitempty"`
}
