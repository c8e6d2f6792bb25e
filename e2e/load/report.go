package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// posted reports whether a arrived for an event accepted in this stretch:
// not an earlier round's, redelivered late and shifted below 0, nor a
// warm-up's, nor one whose post failed.
func posted(a arrival, accepted []int64) bool {
	return a.event >= 0 && int(a.event) < len(accepted) && accepted[a.event] != 0
}

// latencies turns arrivals into accepted→frame durations. A frame that came
// before its 202 was read (the server is faster than the HTTP answer)
// counts as 0; early counts those.
func latencies(arrived []arrival, accepted []int64) (d []time.Duration, early, unknown int) {
	d = make([]time.Duration, 0, len(arrived))
	for _, a := range arrived {
		if !posted(a, accepted) {
			unknown++
			continue
		}
		l := time.Duration(a.at - accepted[a.event])
		if l < 0 {
			early++
			l = 0
		}
		d = append(d, l)
	}
	slices.Sort(d)
	return d, early, unknown
}

// pct is the p-th percentile (0-100) of sorted durations.
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

// table prints rows of "what | ours | raw | ours/raw".
type table struct {
	rows [][4]string
}

func (t *table) add(what string, ours, raw float64, unit string) {
	ratio := "-"
	if raw > 0 && ours >= 0 {
		ratio = fmt.Sprintf("%.2fx", ours/raw)
	}
	r := "-"
	if raw >= 0 {
		r = fmtNum(raw, unit)
	}
	t.rows = append(t.rows, [4]string{what, fmtNum(ours, unit), r, ratio})
}

// note is a row with only our figure.
func (t *table) note(what, ours string) { t.row(what, ours, "-") }

// row is a row of figures already formatted, with no ratio.
func (t *table) row(what, ours, raw string) {
	t.rows = append(t.rows, [4]string{what, ours, raw, "-"})
}

func fmtNum(v float64, unit string) string {
	switch unit {
	case "dur":
		return time.Duration(v).Round(time.Microsecond).String()
	case "MiB":
		return fmt.Sprintf("%.1f MiB", v/(1<<20))
	case "%":
		return fmt.Sprintf("%.0f%%", v)
	case "":
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.0f %s", v, unit)
}

func (t *table) print(w io.Writer, title string) {
	widths := [4]int{len("measure"), len("scorecast"), len("raw"), len("ratio")}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], len(c))
		}
	}
	line := func(c [4]string) {
		fmt.Fprintf(w, "| %-*s | %*s | %*s | %*s |\n", widths[0], c[0], widths[1], c[1], widths[2], c[2], widths[3], c[3])
	}
	fmt.Fprintf(w, "\n%s\n", title)
	line([4]string{"measure", "scorecast", "raw", "ratio"})
	fmt.Fprintf(w, "|%s|%s|%s|%s|\n", strings.Repeat("-", widths[0]+2), strings.Repeat("-", widths[1]+2),
		strings.Repeat("-", widths[2]+2), strings.Repeat("-", widths[3]+2))
	for _, r := range t.rows {
		line(r)
	}
}

// printTimeline prints, per second of posting, how many frames arrived for
// the events accepted in that second and their p50, p99 and max latency.
func printTimeline(w io.Writer, arrived []arrival, accepted []int64, start time.Time) {
	buckets := map[int][]time.Duration{}
	last := 0
	for _, a := range arrived {
		if !posted(a, accepted) {
			continue
		}
		sec := int(time.Duration(accepted[a.event] - start.UnixNano()).Seconds())
		buckets[sec] = append(buckets[sec], time.Duration(max(0, a.at-accepted[a.event])))
		last = max(last, sec)
	}
	fmt.Fprintln(w, "second  frames        p50        p99        max")
	for s := 0; s <= last; s++ {
		d := buckets[s]
		slices.Sort(d)
		fmt.Fprintf(w, "%6d %7d %10s %10s %10s\n", s, len(d), pct(d, 50).Round(time.Microsecond),
			pct(d, 99).Round(time.Microsecond), pct(d, 100).Round(time.Microsecond))
	}
}
