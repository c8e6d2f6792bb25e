package rewards

import (
	"slices"
	"unicode/utf8"
)

// GiveKudos records kudos k if the giver's allowance for the period allows
// it. known reports whether a person exists in the org. A second kudos
// with the same id in the same period changes nothing and reports the
// first's result with Repeat set. The caller turns an accepted kudos into
// the event the rules score.
func (s *State) GiveKudos(k Kudos, r KudosRules, known func(string) bool) (Change, error) {
	g := s.Given[k.From]
	if g.Period != r.Period {
		g = Given{Period: r.Period}
	}
	if slices.Contains(g.IDs, k.ID) {
		return Change{Kudos: &k, Repeat: true}, nil
	}
	switch {
	case !idPattern.MatchString(k.ID) || k.From == "":
		return Change{}, refuse(CodeInvalid, "kudos need an id and a giver")
	case k.To == "":
		return Change{}, refuse(CodeInvalid, "kudos name the colleague they are for")
	case k.To == k.From:
		return Change{}, refuse(CodeSelf, "kudos are for a colleague, not for yourself")
	case !known(k.To):
		return Change{}, refuse(CodeUnknown, "there is no one called %q here", k.To)
	case !slices.Contains(r.Values, k.Value):
		return Change{}, refuse(CodeInvalid, "%q is not one of the values kudos are given for", k.Value)
	case !utf8.ValidString(k.Message) || utf8.RuneCountInString(k.Message) > MaxMessage:
		return Change{}, refuse(CodeInvalid, "the message is longer than %d characters", MaxMessage)
	case r.Allowance <= 0:
		return Change{}, refuse(CodeAllowance, "kudos are not given here")
	case len(g.IDs) >= r.Allowance:
		return Change{}, refuse(CodeAllowance, "you have given all %d kudos of this period", r.Allowance)
	}
	k.Weight = max(r.Weight, 1)
	g.IDs = append(g.IDs, k.ID)
	s.Given[k.From] = g
	return Change{Kudos: &k, Giver: k.From}, nil
}

// Remaining is how many kudos a giver may still give in period.
func (s *State) Remaining(giver string, r KudosRules) int {
	g := s.Given[giver]
	if g.Period != r.Period {
		return max(r.Allowance, 0)
	}
	return max(r.Allowance-len(g.IDs), 0)
}
