package app

import (
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Charts are SVG drawn in Go and mounted with goapp.Raw: one string per
// chart, so an update replaces the chart in one DOM operation and the
// functions stay pure (charts_test.go checks their output).

// chartPalette holds category colours, each at least 4.5:1 against the dark
// surface so thin lines stay visible.
var chartPalette = []string{"#5fd39b", "#7cb2ff", "#ffc062", "#f49ac1", "#b9a3ff", "#6fd8e6", "#ff9f7a", "#d4e06b"}

// categoryColors gives each category a stable colour: sorted by name, so the
// same category has the same colour in every chart of a page.
func categoryColors(cats []string) map[string]string {
	sorted := append([]string(nil), cats...)
	sort.Strings(sorted)
	out := make(map[string]string, len(sorted))
	for i, c := range sorted {
		out[c] = chartPalette[i%len(chartPalette)]
	}
	return out
}

// stackRow is one horizontal stacked bar: a label and points by category.
type stackRow struct {
	Key    string
	Label  string
	Values map[string]int64
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// stackedBarsSVG draws one bar per row, each as long as its total relative
// to the largest total, split by category in the order of cats.
func stackedBarsSVG(id, title string, rows []stackRow, cats []string, colors map[string]string, fmtNum func(int64) string) string {
	const w, rowH, labelW, numW = 640.0, 34.0, 130.0, 80.0
	h := rowH*float64(len(rows)) + 8
	var max int64
	for _, r := range rows {
		var t int64
		for _, v := range r.Values {
			if v > 0 {
				t += v
			}
		}
		if t > max {
			max = t
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="%s" class="chart chart-stacked" viewBox="0 0 %s %s" role="img" aria-label="%s" preserveAspectRatio="xMinYMin meet">`,
		html.EscapeString(id), f1(w), f1(h), html.EscapeString(title))
	barW := w - labelW - numW
	for i, r := range rows {
		y := 4 + float64(i)*rowH
		var total int64
		fmt.Fprintf(&b, `<text x="0" y="%s" class="chart-label">%s</text>`, f1(y+rowH/2+5), html.EscapeString(r.Label))
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" rx="4" class="chart-track"/>`, f1(labelW), f1(y+6), f1(barW), f1(rowH-12))
		x := labelW
		for _, c := range cats {
			v := r.Values[c]
			if v <= 0 || max <= 0 {
				continue
			}
			total += v
			segW := barW * float64(v) / float64(max)
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" data-category="%s"><title>%s: %s</title></rect>`,
				f1(x), f1(y+6), f1(segW), f1(rowH-12), colors[c], html.EscapeString(c), html.EscapeString(humanizeID(c)), fmtNum(v))
			x += segW
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" class="chart-num" data-row="%s">%s</text>`,
			f1(w-2), f1(y+rowH/2+5), html.EscapeString(r.Key), fmtNum(total))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// sparklineSVG draws values as a small line with the last point marked.
func sparklineSVG(values []int64, label string) string {
	const w, h, pad = 120.0, 32.0, 3.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %s %s" preserveAspectRatio="none" role="img" aria-label="%s">`, f1(w), f1(h), html.EscapeString(label))
	if len(values) > 0 {
		pts := linePoints(values, pad, pad, w-2*pad, h-2*pad, maxOf(values))
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#7cb2ff" stroke-width="2" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>`, pts)
		last := pts[strings.LastIndexByte(pts, ' ')+1:]
		if x, y, ok := strings.Cut(last, ","); ok {
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="#5fd39b"/>`, x, y)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func maxOf(values []int64) int64 {
	var m int64
	for _, v := range values {
		if v > m {
			m = v
		}
	}
	return m
}

// linePoints maps values onto an SVG polyline inside the box at (x0, y0)
// of size w x h, 0 at the bottom and max at the top.
func linePoints(values []int64, x0, y0, w, h float64, max int64) string {
	if max <= 0 {
		max = 1
	}
	var b strings.Builder
	step := 0.0
	if len(values) > 1 {
		step = w / float64(len(values)-1)
	}
	for i, v := range values {
		if i > 0 {
			b.WriteByte(' ')
		}
		x := x0 + step*float64(i)
		y := y0 + h - h*float64(v)/float64(max)
		b.WriteString(f1(x) + "," + f1(y))
	}
	return b.String()
}

// trendSVG draws one line per category over days, with a grid of four
// steps and the first, middle and last day under the axis.
func trendSVG(id, title string, days []string, series map[string][]int64, colors map[string]string, fmtNum func(int64) string) string {
	const w, h, left, bottom, top = 720.0, 260.0, 56.0, 28.0, 10.0
	cats := make([]string, 0, len(series))
	var max int64
	for c, vs := range series {
		cats = append(cats, c)
		if m := maxOf(vs); m > max {
			max = m
		}
	}
	sort.Strings(cats)
	max = niceCeil(max)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="%s" class="chart chart-trend" viewBox="0 0 %s %s" role="img" aria-label="%s">`,
		html.EscapeString(id), f1(w), f1(h), html.EscapeString(title))
	plotH := h - bottom - top
	for i := 0; i <= 4; i++ {
		y := top + plotH*float64(i)/4
		v := max - max*int64(i)/4
		fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" class="chart-grid"/>`, f1(left), f1(w), f1(y), f1(y))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" class="chart-axis">%s</text>`, f1(left-6), f1(y+4), fmtNum(v))
	}
	if n := len(days); n > 0 {
		for _, i := range []int{0, n / 2, n - 1} {
			x := left + (w-left)*float64(i)/float64(max1(n-1))
			anchor := "middle"
			if i == 0 {
				anchor = "start"
			} else if i == n-1 {
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" class="chart-axis">%s</text>`, f1(x), f1(h-8), anchor, html.EscapeString(shortDay(days[i])))
		}
	}
	for _, c := range cats {
		pts := linePoints(series[c], left, top, w-left, plotH, max)
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round" data-category="%s"><title>%s</title></polyline>`,
			pts, colors[c], html.EscapeString(c), html.EscapeString(humanizeID(c)))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// niceCeil rounds max up to four steps of 1, 2, 2.5 or 5 times a power of
// ten, so the grid reads 0, 25, 50, 75, 100 rather than 0, 21, 43, 65, 87.
func niceCeil(max int64) int64 {
	if max <= 4 {
		return 4
	}
	for pow := 1.0; ; pow *= 10 {
		for _, m := range []float64{1, 2, 2.5, 5} {
			step := m * pow
			if step == float64(int64(step)) && step*4 >= float64(max) {
				return int64(step * 4)
			}
		}
	}
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// shortDay turns 2026-11-24 into 11-24 for axis labels.
func shortDay(day string) string {
	if len(day) == 10 {
		return day[5:]
	}
	return day
}

// legend lists categories with their colours (text, so screen readers and
// colour-blind readers get the names too).
func legend(cats []string, colors map[string]string) goapp.UI {
	return goapp.Ul().Class("legend").Body(goapp.Range(cats).Slice(func(i int) goapp.UI {
		return goapp.Li().Body(
			goapp.Span().Class("swatch").Style("background", "%s", colors[cats[i]]).Aria("hidden", "true"),
			goapp.Text(humanizeID(cats[i])),
		)
	}))
}
