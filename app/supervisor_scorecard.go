package app

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"scorecast/shared"
)

// The scorecard's columns a supervisor can sort by; the names are also
// the data-col of each header, which the browser tests click.
const (
	colRank      = "rank"
	colName      = "name"
	colToday     = "today"
	colChange    = "change"
	colCSAT      = "csat"
	colFCR       = "fcr"
	colHandle    = "handle"
	colQA        = "qa"
	colLevel     = "level"
	colStreak    = "streak"
	colFlag      = "flag"
	scoreDefault = colRank
)

// scoreColumns lists the sortable columns in the table's order.
var scoreColumns = []string{colRank, colName, colToday, colChange, colCSAT, colFCR, colHandle, colQA, colLevel, colStreak, colFlag}

// Scorecard views, remembered per browser.
const (
	viewTable        = "table"
	viewCards        = "cards"
	scoreViewStorage = "scorecast.floor.view"
)

// scoreSort is the scorecard's order: a column and a direction.
type scoreSort struct {
	Col  string
	Desc bool
}

// firstDesc says whether a column is first sorted from the top down: the
// best first for figures, A to Z for names, 1 first for ranks, and the
// shortest first for handle time.
func firstDesc(col string) bool {
	switch col {
	case colRank, colName, colHandle:
		return false
	}
	return true
}

// next is the order after a click on col: the other direction on the
// column sorted now, else that column's first direction.
func (s scoreSort) next(col string) scoreSort {
	if s.Col == col {
		return scoreSort{Col: col, Desc: !s.Desc}
	}
	return scoreSort{Col: col, Desc: firstDesc(col)}
}

// ariaSort is the header's aria-sort for col.
func (s scoreSort) ariaSort(col string) string {
	switch {
	case s.Col != col:
		return "none"
	case s.Desc:
		return "descending"
	}
	return "ascending"
}

// scoreRow is one member on the scorecard with their rank in the team by
// today's points.
type scoreRow struct {
	shared.MemberView
	Rank int
}

// change is today's points minus yesterday's.
func (r scoreRow) change() int64 { return r.Today - r.Yesterday }

// rankRows ranks members by today's points (ties share a rank, as on the
// boards), in the team's order.
func rankRows(members []shared.MemberView) []scoreRow {
	rows := make([]scoreRow, len(members))
	for i, m := range members {
		rows[i] = scoreRow{MemberView: m, Rank: 1}
		for _, o := range members {
			if o.Today > m.Today {
				rows[i].Rank++
			}
		}
	}
	return rows
}

// flagWeight orders flags: quiet before dropping before none.
func flagWeight(flag string) int {
	switch flag {
	case "quiet":
		return 2
	case "dropping":
		return 1
	}
	return 0
}

// optKey is a figure for sorting that may be absent.
type optKey struct {
	ok bool
	v  float64
}

func opt(p *float64) optKey {
	if p == nil || math.IsNaN(*p) {
		return optKey{}
	}
	return optKey{true, *p}
}

// key is the row's value in col; absent figures have ok false.
func (r scoreRow) key(col string) optKey {
	switch col {
	case colRank:
		return optKey{true, float64(r.Rank)}
	case colToday:
		return optKey{true, float64(r.Today)}
	case colChange:
		return optKey{true, float64(r.change())}
	case colCSAT:
		return opt(r.CSAT)
	case colFCR:
		return opt(r.FCR)
	case colHandle:
		return opt(r.HandleTime)
	case colQA:
		return opt(r.QA)
	case colLevel:
		return optKey{true, float64(r.Level)}
	case colStreak:
		return optKey{true, float64(r.Streak)}
	case colFlag:
		return optKey{true, float64(flagWeight(r.Flag))}
	}
	return optKey{}
}

// sortRows orders rows by s: absent figures ("—") last in either
// direction, so a sort by CSAT never opens on a row without one; ties by
// name, then id, so the order is stable from one frame to the next.
func sortRows(rows []scoreRow, s scoreSort) []scoreRow {
	out := slices.Clone(rows)
	byName := func(a, b scoreRow) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	}
	slices.SortStableFunc(out, func(a, b scoreRow) int {
		if s.Col == colName {
			if s.Desc {
				return byName(b, a)
			}
			return byName(a, b)
		}
		ka, kb := a.key(s.Col), b.key(s.Col)
		switch {
		case ka.ok && !kb.ok:
			return -1
		case !ka.ok && kb.ok:
			return 1
		}
		c := cmp.Compare(ka.v, kb.v)
		if s.Desc {
			c = -c
		}
		return cmp.Or(c, byName(a, b))
	})
	return out
}

// validSort is s when it names a column, else the default order.
func validSort(s scoreSort) scoreSort {
	if slices.Contains(scoreColumns, s.Col) {
		return s
	}
	return scoreSort{Col: scoreDefault}
}

// handleClock writes seconds as m:ss (or h:mm:ss), the way contact centres
// read handle time.
func handleClock(seconds float64) string {
	s := int64(math.Round(seconds))
	if s < 0 {
		s = 0
	}
	two := func(n int64) string {
		if n < 10 {
			return "0" + strconv.FormatInt(n, 10)
		}
		return strconv.FormatInt(n, 10)
	}
	if s >= 3600 {
		return strconv.FormatInt(s/3600, 10) + ":" + two(s%3600/60) + ":" + two(s%60)
	}
	return strconv.FormatInt(s/60, 10) + ":" + two(s%60)
}

// oneDecimal writes a figure with one decimal in the language's mark.
func oneDecimal(lang string, v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// kpiText is a scorecard figure, or "—" when it is absent.
func kpiText(lang, col string, v *float64) string {
	if v == nil {
		return "—"
	}
	switch col {
	case colFCR:
		return percentText(lang, math.Round(*v*100))
	case colHandle:
		return handleClock(*v)
	case colQA:
		if *v == math.Trunc(*v) {
			return formatInt(lang, int64(*v))
		}
	}
	return oneDecimal(lang, *v)
}

// flagSentence is an engagement flag's reason in the reader's language,
// from its numbers; the server's English words only when they are all an
// older server sent.
func flagSentence(lang string, m shared.MemberView) string {
	f := m.FlagFacts
	switch {
	case f == nil:
		return m.Reason
	case m.Flag == "quiet":
		return trn(lang, "floor.flag_quiet", int64(f.QuietDays))
	case m.Flag == "dropping":
		return tr(lang, "floor.flag_dropping", f.DropPercent, oneDecimal(lang, f.RecentAvg), oneDecimal(lang, f.UsualAvg))
	}
	return m.Reason
}
