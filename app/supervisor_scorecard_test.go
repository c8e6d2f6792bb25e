package app

import (
	"strings"
	"testing"
	"time"

	"scorecast/shared"
)

func ptr(v float64) *float64 { return &v }

func order(rows []scoreRow) string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return strings.Join(ids, ",")
}

func scoreFixture() []scoreRow {
	return rankRows([]shared.MemberView{
		{ID: "a", Name: "Olga", Today: 40, Yesterday: 60, CSAT: ptr(4.2), HandleTime: ptr(300), Level: 3, Streak: 2},
		{ID: "b", Name: "Anna", Today: 90, Yesterday: 10, CSAT: nil, HandleTime: ptr(200), Level: 5, Flag: "dropping"},
		{ID: "c", Name: "Chen", Today: 40, Yesterday: 0, CSAT: ptr(4.8), Level: 1, Streak: 7, Flag: "quiet"},
		{ID: "d", Name: "Dana", Today: 0, Yesterday: 30, CSAT: ptr(3.9), HandleTime: ptr(420), Level: 2},
	})
}

// Ties share a rank, as on the boards.
func TestRankRows(t *testing.T) {
	got := map[string]int{}
	for _, r := range scoreFixture() {
		got[r.ID] = r.Rank
	}
	want := map[string]int{"b": 1, "a": 2, "c": 2, "d": 4}
	for id, rank := range want {
		if got[id] != rank {
			t.Errorf("%s: rank %d, want %d", id, got[id], rank)
		}
	}
}

func TestSortRows(t *testing.T) {
	rows := scoreFixture()
	for _, tc := range []struct {
		s    scoreSort
		want string
	}{
		{scoreSort{Col: colRank}, "b,c,a,d"},             // ties by name: Chen before Olga
		{scoreSort{Col: colName}, "b,c,d,a"},             // Anna, Chen, Dana, Olga
		{scoreSort{Col: colName, Desc: true}, "a,d,c,b"}, // Olga first
		{scoreSort{Col: colToday, Desc: true}, "b,c,a,d"},
		{scoreSort{Col: colChange, Desc: true}, "b,c,a,d"}, // +80, +40, -20, -30
		{scoreSort{Col: colChange}, "d,a,c,b"},
		{scoreSort{Col: colCSAT, Desc: true}, "c,a,d,b"}, // no CSAT last
		{scoreSort{Col: colCSAT}, "d,a,c,b"},             // and last the other way too
		{scoreSort{Col: colHandle}, "b,a,d,c"},           // shortest first, none last
		{scoreSort{Col: colFlag, Desc: true}, "c,b,d,a"}, // quiet, dropping, then by name
		{scoreSort{Col: colStreak, Desc: true}, "c,a,b,d"},
		{scoreSort{Col: "nonsense"}, "b,c,a,d"},
	} {
		if got := order(sortRows(rows, validSort(tc.s))); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.s, got, tc.want)
		}
	}
	if order(rows) != "a,b,c,d" {
		t.Error("sortRows changed its input")
	}
}

// A click sorts a new column its natural way first; a second reverses.
func TestScoreSortNext(t *testing.T) {
	s := scoreSort{Col: colRank}
	s = s.next(colToday)
	if s != (scoreSort{Col: colToday, Desc: true}) || s.ariaSort(colToday) != "descending" || s.ariaSort(colRank) != "none" {
		t.Errorf("first click on today: %+v", s)
	}
	s = s.next(colToday)
	if s.Desc || s.ariaSort(colToday) != "ascending" {
		t.Errorf("second click on today: %+v", s)
	}
	if s = s.next(colHandle); s.Desc {
		t.Error("handle time sorts shortest first")
	}
	if s = s.next(colName); s.Desc {
		t.Error("names sort A to Z first")
	}
}

func TestKPIText(t *testing.T) {
	for _, tc := range []struct {
		lang, col string
		v         *float64
		want      string
	}{
		{"en", colCSAT, nil, "—"},
		{"en", colCSAT, ptr(4.25), "4.3"},
		{"de", colCSAT, ptr(4.25), "4,3"},
		{"en", colFCR, ptr(0.756), "76%"},
		{"fr", colFCR, ptr(0.5), "50\u202f%"},
		{"en", colHandle, ptr(245.4), "4:05"},
		{"en", colHandle, ptr(3725), "1:02:05"},
		{"en", colQA, ptr(88), "88"},
		{"en", colQA, ptr(87.5), "87.5"},
	} {
		if got := kpiText(tc.lang, tc.col, tc.v); got != tc.want {
			t.Errorf("%s %s %v: %q, want %q", tc.lang, tc.col, tc.v, got, tc.want)
		}
	}
}

// The flag's reason is written from its numbers in the reader's language,
// with the language's plural forms.
func TestFlagSentence(t *testing.T) {
	quiet := shared.MemberView{Flag: "quiet", Reason: "no points for 5 days", FlagFacts: &shared.FlagFacts{QuietDays: 5}}
	if got := flagSentence("ru", quiet); got != "Нет очков 5 дней" {
		t.Errorf("ru: %q", got)
	}
	quiet.FlagFacts.QuietDays = 2
	if got := flagSentence("ru", quiet); got != "Нет очков 2 дня" {
		t.Errorf("ru 2: %q", got)
	}
	drop := shared.MemberView{Flag: "dropping", FlagFacts: &shared.FlagFacts{DropPercent: 45, RecentAvg: 11, UsualAvg: 20}}
	if got := flagSentence("de", drop); got != "Punkte 45 % unter der üblichen Woche (11,0 pro Tag, sonst 20,0)" {
		t.Errorf("de: %q", got)
	}
	old := shared.MemberView{Flag: "quiet", Reason: "no points for 5 days"}
	if got := flagSentence("sv", old); got != "no points for 5 days" {
		t.Errorf("an older server's words: %q", got)
	}
}

// Every column's header and the strings built from the column names exist
// in every language.
func TestScoreColumnsNamed(t *testing.T) {
	for _, l := range languages {
		for _, col := range scoreColumns {
			if _, ok := messages[l.Code][columnKey(col)]; !ok {
				t.Errorf("%s: no header for %s", l.Code, col)
			}
		}
	}
}

func TestLastDays(t *testing.T) {
	tr := shared.Trend{Days: []string{"d1", "d2", "d3"}, Total: []int64{1, 2, 3}, Categories: map[string][]int64{"q": {1, 2, 3}}}
	got := lastDays(tr, 2)
	if strings.Join(got.Days, ",") != "d2,d3" || got.Total[0] != 2 || got.Categories["q"][1] != 3 {
		t.Errorf("%+v", got)
	}
	if got := lastDays(tr, 7); len(got.Days) != 3 {
		t.Errorf("short trend: %+v", got)
	}
}

func TestScreensOnline(t *testing.T) {
	now := timeNow()
	screens := []homeScreen{{ID: "a"}, {ID: "b", LastSeen: now.Add(-time.Minute)}, {ID: "c", LastSeen: now.Add(-2 * screenOnline)}}
	if n := screensOnline(screens, now); n != 2 {
		t.Errorf("%d online, want 2", n)
	}
}
