package app

import (
	"fmt"
	"html"
	"strings"
)

// stackedDaysSVG draws one column per day, stacked by category in the
// order of cats, inside a frame as wide as its container. Horizontal
// positions are percentages of the plot and vertical ones pixels, and
// there is no viewBox: the chart stretches to any width while its text
// stays at the pixel size of the style sheet, legible on a phone and on a
// wall screen alike. The scale's numbers sit in a narrow column of their
// own at the left. names gives each category's name for the tooltips;
// every nth day is labelled under the axis.
func stackedDaysSVG(id, title string, days []string, series map[string][]int64, cats []string,
	colors, names map[string]string, labelEvery int, fmtNum func(int64) string) string {
	const h, top, bottom, axisW = 200.0, 10.0, 24.0, 44.0
	plotH := h - top - bottom
	totals := make([]int64, len(days))
	for _, c := range cats {
		for i, v := range series[c] {
			if i < len(totals) && v > 0 {
				totals[i] += v
			}
		}
	}
	scale := niceCeil(maxOf(totals))
	var b strings.Builder
	fmt.Fprintf(&b, `<div id="%s" class="chart-frame" role="img" aria-label="%s">`, html.EscapeString(id), html.EscapeString(title))
	// The scale: four steps, numbers right-aligned against the plot.
	fmt.Fprintf(&b, `<svg class="chart-scale" width="%s" height="%s" aria-hidden="true">`, f1(axisW), f1(h))
	for i := 0; i <= 4; i++ {
		y := top + plotH*float64(i)/4
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" class="chart-axis">%s</text>`, f1(axisW-6), f1(y+4), fmtNum(scale-scale*int64(i)/4))
	}
	b.WriteString(`</svg>`)
	fmt.Fprintf(&b, `<svg class="chart chart-days" width="100%%" height="%s" aria-hidden="true">`, f1(h))
	for i := 0; i <= 4; i++ {
		y := top + plotH*float64(i)/4
		fmt.Fprintf(&b, `<line x1="0" x2="100%%" y1="%s" y2="%s" class="chart-grid"/>`, f1(y), f1(y))
	}
	n := len(days)
	if n > 0 {
		slot := 100 / float64(n)
		barW := slot * 0.7
		if n > 10 {
			barW = slot * 0.8
		}
		for i, day := range days {
			x := slot*float64(i) + (slot-barW)/2
			base := top + plotH
			for _, c := range cats {
				vs := series[c]
				if i >= len(vs) || vs[i] <= 0 || scale <= 0 {
					continue
				}
				segH := plotH * float64(vs[i]) / float64(scale)
				base -= segH
				fmt.Fprintf(&b, `<rect x="%s%%" y="%s" width="%s%%" height="%s" fill="%s" data-day="%s" data-category="%s"><title>%s · %s: %s</title></rect>`,
					f2(x), f1(base), f2(barW), f1(segH), colors[c], html.EscapeString(day), html.EscapeString(c),
					html.EscapeString(shortDay(day)), html.EscapeString(names[c]), fmtNum(vs[i]))
			}
			if labelEvery < 1 {
				labelEvery = 1
			}
			// Label from the last day back, so today always has one.
			if (n-1-i)%labelEvery == 0 {
				// Near an edge the label leans inwards rather than being cut.
				x, anchor := slot*float64(i)+slot/2, "middle"
				switch {
				case x < 10:
					x, anchor = slot*float64(i), "start"
				case x > 90:
					x, anchor = slot*float64(i+1), "end"
				}
				fmt.Fprintf(&b, `<text x="%s%%" y="%s" text-anchor="%s" class="chart-axis">%s</text>`,
					f2(x), f1(h-6), anchor, html.EscapeString(shortDay(day)))
			}
		}
	}
	b.WriteString(`</svg></div>`)
	return b.String()
}

func f2(v float64) string { return fmt.Sprintf("%.2f", v) }
