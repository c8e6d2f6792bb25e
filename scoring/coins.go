package scoring

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// Coins are a currency beside points: rules, badge tiers, challenge
// rewards and team goals give them, the server credits them to each
// agent's ledger (scoring/rewards) and people spend them in the store.
// They never touch XP, levels, totals or boards, so a ruleset that adds
// coins leaves every score as it was. Every outcome with Coins names the
// agent they are for; the engine keeps no balance.

// MaxCoins is the most coins one award gives: a constant outside 0..MaxCoins
// is refused, and a formula's result is clipped to it (and to 0 below).
const MaxCoins = 1_000_000

// OutcomeCoins is an outcome that only gives coins: a rule's award of
// coins without points (it names the rule and category), or a team
// challenge's reward or a team goal's coins for a member other than the one
// whose event completed it (it names the challenge or goal and its
// instance), so the ledger can say why. It changes no score.
const OutcomeCoins = "coins"

// CoinsRef says what gave an outcome's coins, for the ledger entry that
// credits them: the rule's id (as a points outcome names it), or
// "badge:<id>", "challenge:<id>" or "goal:<id>" (rule ids have no colon);
// the PWA names each in the reader's language. "" for an outcome that
// gives none.
func (o *Outcome) CoinsRef() string {
	switch {
	case o.Coins <= 0:
		return ""
	case o.Badge != "":
		return "badge:" + o.Badge
	case o.Challenge != "":
		return "challenge:" + o.Challenge
	case o.Goal != "":
		return "goal:" + o.Goal
	}
	return o.Rule
}

// memberCoins gives coins to every member who added to a team instance
// (its shares) except the agent of this event, whose completed or reached
// outcome carries them; in id order, so a replay reports the same list.
// name fills in what the coins are for and the instance's status.
func (s *step) memberCoins(shares map[string]float64, coins int64, name func(*Outcome)) {
	for _, id := range slices.Sorted(maps.Keys(shares)) {
		if id == s.a.ID {
			continue
		}
		o := s.outcome(OutcomeCoins)
		o.Agent, o.Coins = id, coins
		if s.t != nil {
			o.Team = s.t.ID
		}
		name(&o)
		s.out = append(s.out, o)
	}
}

// coins warns about coins that will never be given: a team earns a reward
// badge for itself, and a team has no ledger.
func (w *warner) coins() {
	for i := range w.e.chals {
		ch := &w.e.chals[i]
		if ch.Scope != ScopeTeam || ch.rewardBadge < 0 {
			continue
		}
		if b := &w.e.badges[ch.rewardBadge]; b.Coins > 0 {
			w.add("/challenges/"+strconv.Itoa(i)+"/reward/badge", fmt.Sprintf(
				"badge %q gives coins, but a team earns it for itself and a team has no coins; give the members reward coins instead", b.ID))
		}
	}
}
