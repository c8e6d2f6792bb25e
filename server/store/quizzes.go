package store

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"scorecast/scoring/quiz"
)

// Quizzes are kept beside the rewards records: one record per quiz under
// "x/<org>/q/<id>" and one per result under "x/<org>/a/<event id>" (a
// quiz's, "quiz:<quiz>:<agent>", or a daily question's,
// "quizday:<date>:<agent>"), each put whole in the transaction of the
// batch whose command made it.

// Kinds of the quiz records under "x/<org>/".
const (
	quizKind       = "q"
	quizResultKind = "a"
)

// PutQuiz puts a quiz.
func (w *RewardsWrites) PutQuiz(id string, v quiz.Quiz) { w.Quizzes = put(w.Quizzes, id, v) }

// PutQuizResult puts a result by the id of the event it made.
func (w *RewardsWrites) PutQuizResult(id string, v quiz.Result) {
	w.QuizResults = put(w.QuizResults, id, v)
}

// StoredQuizzes is an org's quizzes and results as committed.
type StoredQuizzes struct {
	Quizzes []quiz.Quiz
	Results []quiz.Result
}

// LoadQuizzes reads an org's quizzes and results.
func (s *Store) LoadQuizzes(org string) (StoredQuizzes, error) {
	var out StoredQuizzes
	for _, kind := range []string{quizKind, quizResultKind} {
		prefix := []byte("x/" + org + "/" + kind + "/")
		err := s.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 100})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				if kind == quizKind {
					var q quiz.Quiz
					if err := getItem(it.Item(), &q); err != nil {
						return err
					}
					out.Quizzes = append(out.Quizzes, q)
					continue
				}
				var r quiz.Result
				if err := getItem(it.Item(), &r); err != nil {
					return err
				}
				out.Results = append(out.Results, r)
			}
			return nil
		})
		if err != nil {
			return out, fmt.Errorf("store: load quizzes of %s: %w", org, err)
		}
	}
	return out, nil
}

// Quiz command operations (RewardsCommand.Op), decided in stream order
// like the other rewards commands.
const (
	OpQuiz        = "quiz"         // put a quiz (RewardsCommand.Quiz)
	OpQuizAnswers = "quiz.answers" // an agent's submission of a quiz
	OpQuizDaily   = "quiz.daily"   // an agent's answer to the daily question
)

// QuizAnswer is a submission as it travels in the stream: the quiz, and
// the answers to its questions (OpQuizAnswers) or, for the daily
// question, the question's index and the one answer (OpQuizDaily).
type QuizAnswer struct {
	Quiz    string `json:"quiz"`
	Index   int    `json:"index,omitempty"`
	Answers []int  `json:"answers"`
}
