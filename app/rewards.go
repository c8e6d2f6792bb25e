package app

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"scorecast/shared"
)

// Recognition and rewards: what the kudos dialog, the store, the queue and
// the TV share — the words for the server's codes (a ledger reason, a
// redemption status, a candidate's reason), and the idempotency keys.

// Paths of the reward views and the API they use.
const (
	storePath       = "/store"
	recognitionPath = "/recognition"
	kudosAPI        = "/api/v1/kudos"
	walletAPI       = "/api/v1/wallet"
	storeAPI        = "/api/v1/store"
	redemptionsAPI  = "/api/v1/redemptions"
	spotlightsAPI   = "/api/v1/spotlights"
)

// kudosMessageMax is the longest kudos message, in characters (API.md).
const kudosMessageMax = 280

// Redemption statuses (shared.Redemption.Status).
const (
	redemptionPending   = "pending"
	redemptionApproved  = "approved"
	redemptionRejected  = "rejected"
	redemptionFulfilled = "fulfilled"
)

// Ledger reasons (shared.LedgerEntry.Reason).
const (
	ledgerRule   = "rule"
	ledgerRedeem = "redeem"
	ledgerRefund = "refund"
	ledgerAdjust = "adjust"
)

// newIdemKey is a fresh Idempotency-Key: one per dialog opening or per
// confirmed purchase, so that a double click or a retry spends once.
func newIdemKey() string {
	return strconv.FormatUint(rand.Uint64(), 36) + strconv.FormatUint(rand.Uint64(), 36)
}

// coinsText is "120 coins" in lang.
func coinsText(lang string, n int64) string {
	return trn(lang, "rw.coins", n, formatInt(lang, n))
}

// kudosValueName is an org value's name in lang, from the guide's kudos
// section (the id made readable when the ruleset gives it no name).
func kudosValueName(g glossary, lang, id string) string {
	if id == "" {
		return ""
	}
	return g.name(lang, nameValue, id, "")
}

// ledgerText is a ledger line's reason in words: "Badge Quality star",
// "Redeemed Coffee voucher", "Refund", "Adjustment: note". items names the
// store's items by id, for the reasons that point at one.
func ledgerText(lang string, g glossary, e shared.LedgerEntry, items map[string]string) string {
	switch e.Reason {
	case ledgerRedeem:
		return tr(lang, "rw.ledger_redeem", itemName(items, e.Detail))
	case ledgerRefund:
		if e.Detail != "" {
			return tr(lang, "rw.ledger_refund_of", itemName(items, e.Detail))
		}
		return tr(lang, "rw.ledger_refund")
	case ledgerAdjust:
		if e.Detail != "" {
			return tr(lang, "rw.ledger_adjust_note", e.Detail)
		}
		return tr(lang, "rw.ledger_adjust")
	case ledgerRule:
		kind, id, ok := strings.Cut(e.Detail, ":")
		switch {
		case ok && kind == nameBadge:
			return tr(lang, "rw.ledger_badge", g.name(lang, nameBadge, id, ""))
		case ok && kind == nameChallenge:
			return tr(lang, "rw.ledger_challenge", g.name(lang, nameChallenge, id, ""))
		case ok && kind == nameGoal:
			return tr(lang, "rw.ledger_goal", g.name(lang, nameGoal, id, ""))
		case e.Detail != "":
			return g.name(lang, nameRule, e.Detail, "")
		}
	}
	return tr(lang, "rw.ledger_other")
}

// itemName is an item's name from the catalogue, else its id made readable.
func itemName(items map[string]string, id string) string {
	if n := items[id]; n != "" {
		return n
	}
	return capitalize(humanizeID(id))
}

// redemptionStatusText is a redemption's status in words.
func redemptionStatusText(lang, status string) string {
	switch status {
	case redemptionPending, redemptionApproved, redemptionRejected, redemptionFulfilled:
		return tr(lang, "rw.status_"+status)
	}
	return status
}

// candidateReasonText is why the data suggests someone: "Best quality:
// 4.9", "Most improved: +38 %", "Most kudos: 7".
func candidateReasonText(lang string, c shared.Candidate) string {
	switch c.Reason {
	case "quality":
		return tr(lang, "rw.cand_quality", formatFloat(lang, c.Figure))
	case "improved":
		sign := ""
		if c.Figure > 0 {
			sign = "+"
		}
		return tr(lang, "rw.cand_improved", sign+percentText(lang, c.Figure))
	case "kudos":
		return tr(lang, "rw.cand_kudos", formatInt(lang, int64(c.Figure)))
	}
	return formatFloat(lang, c.Figure)
}

// spotlightPeriodText is a spotlight's period in words: "November 2026" for
// a month, "week 48, 2026" for an ISO week.
func spotlightPeriodText(lang, period string) string {
	if strings.Contains(period, "-W") {
		return agentWeekText(lang, period)
	}
	t, err := time.Parse("2006-01", period)
	if err != nil {
		return period
	}
	return monthText(lang, t)
}

// monthText is a month and its year in lang ("November 2026").
func monthText(lang string, t time.Time) string {
	months := strings.Split(tr(lang, "rw.months"), ",")
	if len(months) != 12 {
		return t.Format("2006-01")
	}
	return months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// monthKey is the period key of t's month ("2026-11").
func monthKey(t time.Time) string { return t.Format("2006-01") }

// stockText is what is left of an item: "3 left", "Unlimited", "Sold out".
func stockText(lang string, it shared.StoreItem) string {
	switch {
	case it.Stock < 0:
		return tr(lang, "rw.unlimited")
	case it.Stock == 0:
		return tr(lang, "rw.sold_out")
	}
	return trn(lang, "rw.left", it.Stock, formatInt(lang, it.Stock))
}

// redeemBlock is why an item cannot be redeemed now, "" when it can.
func redeemBlock(lang string, it shared.StoreItem, balance int64) string {
	switch {
	case it.Retired:
		return tr(lang, "rw.retired")
	case it.Stock == 0:
		return tr(lang, "rw.sold_out")
	case balance < it.Cost:
		return trn(lang, "rw.more_coins", it.Cost-balance, formatInt(lang, it.Cost-balance))
	}
	return ""
}
