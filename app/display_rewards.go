package app

import (
	"encoding/json"

	"scorecast/shared"
)

// rewardTickerItem turns a kudos or a spotlight of the org feed into a
// ticker item: "Ann → Bo: Helpful" (never the message: the floor reads
// the ticker, and a supervisor may hide a message later), or the
// spotlight, which the TVs also celebrate.
func rewardTickerItem(m shared.Message) (tickerItem, bool) {
	switch m.Kind {
	case shared.KindKudos:
		var d shared.KudosData
		if json.Unmarshal(m.Data, &d) != nil || d.Kudos.Hidden {
			return tickerItem{}, false
		}
		k := d.Kudos
		return tickerItem{Kind: m.Kind, AgentID: k.To, TeamID: k.Team, Who: k.FromName, To: k.ToName, Ref: k.Value}, true
	case shared.KindSpotlight:
		var s shared.Spotlight
		if json.Unmarshal(m.Data, &s) != nil || s.Agent == "" {
			return tickerItem{}, false
		}
		return tickerItem{Kind: m.Kind, AgentID: s.Agent, TeamID: s.Team, Who: s.AgentName, Name: s.Title, Ref: s.Period, Message: s.Message}, true
	}
	return tickerItem{}, false
}
