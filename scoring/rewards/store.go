package rewards

import (
	"regexp"
	"time"
	"unicode/utf8"
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// Languages are the languages an item's words may be given in.
var Languages = []string{"en", "sv", "de", "fr", "ru"}

// Lengths of an item's words, in characters.
const (
	MaxName        = 80
	MaxDescription = 500
)

// CheckItem reports what is wrong with an item a catalogue would take, or
// nil.
func CheckItem(it Item) *Refusal {
	switch {
	case !idPattern.MatchString(it.ID):
		return refuse(CodeInvalid, "an item's id is 1-64 characters of A-Za-z0-9._:-")
	case it.Names["en"] == "":
		return refuse(CodeInvalid, "an item needs an English name")
	case it.Cost < 1 || it.Cost > MaxCost:
		return refuse(CodeInvalid, "an item costs from 1 to %d coins", MaxCost)
	case it.Stock < Unlimited || it.Stock > MaxStock:
		return refuse(CodeInvalid, "the stock is -1 (unlimited) or from 0 to %d", MaxStock)
	case it.TeamBudget < 0 || it.TeamBudget > MaxCost:
		return refuse(CodeInvalid, "a team budget is from 0 (none) to %d coins a month", MaxCost)
	}
	for _, words := range []struct {
		m   map[string]string
		max int
		of  string
	}{{it.Names, MaxName, "name"}, {it.Descriptions, MaxDescription, "description"}} {
		for lang, w := range words.m {
			if !known(lang) {
				return refuse(CodeInvalid, "the %s's language %q is not one of en, sv, de, fr, ru", words.of, lang)
			}
			if !utf8.ValidString(w) || utf8.RuneCountInString(w) > words.max {
				return refuse(CodeInvalid, "the %s in %s is longer than %d characters", words.of, lang, words.max)
			}
		}
	}
	return nil
}

func known(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// PutItem adds an item to the catalogue or replaces it whole. The stock
// it names is what is left from now on.
func (s *State) PutItem(it Item) (Change, error) {
	if r := CheckItem(it); r != nil {
		return Change{}, r
	}
	s.Items[it.ID] = it
	return Change{Items: []string{it.ID}}, nil
}

// budgetKey names what one team spent on one item.
func budgetKey(item, team string) string { return item + "/" + team }

// Redeem buys an item for an agent of a team, if their balance, the stock
// and the team's budget for the item this month (month is the calendar
// month of at, in the org's zone) allow. id is the redemption's id: a
// second Redeem with the same id changes nothing and reports the first.
// An item that needs approval is pending until reviewed; the coins and the
// unit are held from the start, so two redemptions cannot spend one coin.
func (s *State) Redeem(id, agent, team, item string, at time.Time, month string) (Change, error) {
	if r, ok := s.Redemptions[id]; ok {
		return Change{Redemption: &r, Repeat: true}, nil
	}
	it, ok := s.Items[item]
	switch {
	case !idPattern.MatchString(id) || agent == "":
		return Change{}, refuse(CodeInvalid, "a redemption needs an id and an agent")
	case !ok || it.Retired:
		return Change{}, refuse(CodeUnknown, "there is no item %q in the store", item)
	case it.Stock == 0:
		return Change{}, refuse(CodeStock, "%s is sold out", it.Names["en"])
	case s.Balance(agent) < it.Cost:
		return Change{}, refuse(CodeBalance, "%s costs %d coins and the balance is %d", it.Names["en"], it.Cost, s.Balance(agent))
	}
	var ch Change
	if it.TeamBudget > 0 {
		key := budgetKey(item, team)
		b := s.Budgets[key]
		if b.Month != month {
			b = spent{Month: month}
		}
		if b.Coins+it.Cost > it.TeamBudget {
			return Change{}, refuse(CodeBudget, "the team's budget for %s this month is used (%d of %d coins)", it.Names["en"], b.Coins, it.TeamBudget)
		}
		b.Coins += it.Cost
		s.Budgets[key] = b
		ch.Budget = key
	}
	if it.Stock > 0 {
		it.Stock--
		s.Items[item] = it
		ch.Items = []string{item}
	}
	status := StatusApproved
	if it.NeedsApproval {
		status = StatusPending
	}
	r := Redemption{ID: id, Agent: agent, Team: team, Item: item, Cost: it.Cost, Status: status, At: at, Month: month}
	if status == StatusApproved {
		r.Decided = at
	}
	s.Redemptions[id] = r
	s.post(&ch, agent, at, -it.Cost, ReasonRedeem, id, item)
	ch.Redemption = &r
	return ch, nil
}

// Review takes a redemption one step: approve a pending one, reject a
// pending or approved one (the coins go back as a new ledger entry, the
// unit back to the stock, the coins back to the team's budget if it is
// still the same month), or fulfil an approved one. by is who did it;
// note says why, for a rejection.
func (s *State) Review(id, action, by, note string, at time.Time) (Change, error) {
	r, ok := s.Redemptions[id]
	if !ok {
		return Change{}, refuse(CodeUnknown, "there is no redemption %q", id)
	}
	if len(note) > MaxNote {
		return Change{}, refuse(CodeInvalid, "the note is longer than %d characters", MaxNote)
	}
	var ch Change
	switch {
	case action == ActionApprove && r.Status == StatusPending:
		r.Status = StatusApproved
	case action == ActionFulfil && r.Status == StatusApproved:
		r.Status = StatusFulfilled
	case action == ActionReject && (r.Status == StatusPending || r.Status == StatusApproved):
		r.Status = StatusRejected
		s.post(&ch, r.Agent, at, r.Cost, ReasonRefund, id, r.Item)
		if it, ok := s.Items[r.Item]; ok && it.Stock >= 0 {
			it.Stock++
			s.Items[r.Item] = it
			ch.Items = []string{r.Item}
		}
		key := budgetKey(r.Item, r.Team)
		if b, ok := s.Budgets[key]; ok && b.Month == r.Month {
			b.Coins -= r.Cost
			s.Budgets[key] = b
			ch.Budget = key
		}
	case action != ActionApprove && action != ActionReject && action != ActionFulfil:
		return Change{}, refuse(CodeInvalid, "a review is approve, reject or fulfil, not %q", action)
	default:
		return Change{}, refuse(CodeState, "the redemption is %s; it cannot be %s", r.Status, pastTense(action))
	}
	r.Decided, r.By, r.Note = at, by, note
	s.Redemptions[id] = r
	ch.Redemption = &r
	return ch, nil
}

func pastTense(action string) string {
	switch action {
	case ActionApprove:
		return "approved"
	case ActionReject:
		return "rejected"
	}
	return "fulfilled"
}
