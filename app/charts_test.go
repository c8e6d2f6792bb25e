package app

import (
	"strconv"
	"strings"
	"testing"
)

func TestStackedBarsSVG(t *testing.T) {
	rows := []stackRow{
		{Key: "day", Label: "Today", Values: map[string]int64{"quality": 30, "speed": 10}},
		{Key: "week", Label: "This <week>", Values: map[string]int64{"quality": 60, "speed": 20}},
	}
	cats := []string{"quality", "speed"}
	svg := stackedBarsSVG("c", "Points", rows, cats, categoryColors(cats), func(n int64) string { return strconv.FormatInt(n, 10) })
	for _, want := range []string{`<svg id="c"`, `aria-label="Points"`, `data-category="quality"`, `This &lt;week&gt;`, `data-row="week">80<`, `data-row="day">40<`} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %s in %s", want, svg)
		}
	}
	// The week's total is the longest bar: its segments fill the track.
	if !strings.Contains(svg, `width="322.5"`) || !strings.Contains(svg, `width="107.5"`) {
		t.Errorf("segment widths off: %s", svg)
	}
}

func TestTrendAndSparkline(t *testing.T) {
	svg := trendSVG("tr", "Trend", []string{"2026-11-01", "2026-11-02", "2026-11-03"},
		map[string][]int64{"quality": {0, 40, 90}, "speed": {5, 5, 5}}, categoryColors([]string{"quality", "speed"}),
		func(n int64) string { return strconv.FormatInt(n, 10) })
	for _, want := range []string{`id="tr"`, `>11-01<`, `>11-03<`, `>100<`, `>50<`, `>75<`, `data-category="speed"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %s", want)
		}
	}
	if got := sparklineSVG([]int64{1, 2, 3}, "x"); !strings.Contains(got, "<polyline") || !strings.Contains(got, "<circle") {
		t.Errorf("sparkline: %s", got)
	}
	if got := sparklineSVG(nil, "x"); strings.Contains(got, "<polyline") {
		t.Errorf("empty sparkline drew a line: %s", got)
	}
	for in, want := range map[int64]int64{0: 4, 3: 4, 43: 80, 87: 100, 100: 100, 1234: 2000, 9: 20} {
		if got := niceCeil(in); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestSortSim(t *testing.T) {
	rows := []simAgent{
		{Agent: "b", Current: simResult{Points: 10}, Candidate: simResult{Points: 30}},
		{Agent: "a", Current: simResult{Points: 50}, Candidate: simResult{Points: 40}},
		{Agent: "c", Current: simResult{Points: 5}, Candidate: simResult{Points: 5}},
	}
	order := func() string {
		var s []string
		for _, r := range rows {
			s = append(s, r.Agent)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		col  string
		desc bool
		want string
	}{{"delta", true, "b,c,a"}, {"delta", false, "a,c,b"}, {"agent", false, "a,b,c"}, {"agent", true, "c,b,a"}, {"before", true, "a,b,c"}} {
		sortSim(rows, tc.col, tc.desc)
		if got := order(); got != tc.want {
			t.Errorf("sort %s desc=%v: %s, want %s", tc.col, tc.desc, got, tc.want)
		}
	}
}
