package app

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestStackedDaysSVG(t *testing.T) {
	days := []string{"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"}
	series := map[string][]int64{"quality": {10, 0, 30, 5}, "volume": {10, 20, 0, 5}}
	cats := []string{"quality", "volume"}
	colors := categoryColors(cats)
	names := map[string]string{"quality": "Qualität", "volume": "Menge"}
	out := stackedDaysSVG("c", "Letzte 4 Tage", days, series, cats, colors, names, 2, func(n int64) string { return strconv.FormatInt(n, 10) })

	// Text keeps its pixel size: no viewBox to scale it, widths in percent.
	if strings.Contains(out, "viewBox") {
		t.Error("a viewBox scales the text with the chart")
	}
	if !strings.Contains(out, `width="100%"`) {
		t.Error("the plot does not stretch to its container")
	}
	// One segment per non-zero value, named in the reader's language.
	if n := strings.Count(out, "<rect"); n != 6 {
		t.Errorf("%d segments, want 6", n)
	}
	if !strings.Contains(out, "<title>12-01 · Qualität: 10</title>") {
		t.Error("segments are not named through the glossary")
	}
	// Stacked: on day one, volume sits on top of quality (a smaller y).
	re := regexp.MustCompile(`y="([0-9.]+)" width="[0-9.]+%" height="([0-9.]+)" fill="[^"]+" data-day="2026-12-01" data-category="(\w+)"`)
	ys := map[string]float64{}
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		y, _ := strconv.ParseFloat(m[1], 64)
		ys[m[3]] = y
	}
	if !(ys["volume"] < ys["quality"]) {
		t.Errorf("not stacked: %v", ys)
	}
	// The scale is nice (a total of 30 → 0..40 in four steps) and every
	// second day is labelled, counting back from the last.
	for _, s := range []string{">40</text>", ">0</text>", ">12-04</text>", ">12-02</text>"} {
		if !strings.Contains(out, s) {
			t.Errorf("missing %s", s)
		}
	}
	if strings.Contains(out, ">12-03</text>") {
		t.Error("12-03 labelled: labels every second day from the last")
	}
}

func TestStackedDaysSVGEmpty(t *testing.T) {
	out := stackedDaysSVG("c", "t", nil, nil, nil, nil, nil, 1, func(n int64) string { return strconv.FormatInt(n, 10) })
	if !strings.HasPrefix(out, `<div id="c"`) || !strings.HasSuffix(out, "</svg></div>") {
		t.Errorf("not one element: %s", out)
	}
}
