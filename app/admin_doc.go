package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The admin's forms edit the ruleset document itself, not a Go copy of it:
// every change is a JSON Pointer set or delete on the text, so the order of
// keys, the numbers as written and every member the forms do not know (the
// words helper's labels, category_labels, whatever a later version adds)
// survive a form edit byte for byte apart from indentation.

// errNoPath is returned when a pointer walks through something that is not
// an object or an array.
var errNoPath = errors.New("the path goes through a value that is neither an object nor an array")

// docMember is one member of an object, in the order of the text.
type docMember struct {
	Key string
	Val json.RawMessage
}

// splitObject reads an object's members in order.
func splitObject(raw []byte) ([]docMember, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errNoPath
	}
	var out []docMember
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("read key: %w", err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("read %v: %w", k, err)
		}
		out = append(out, docMember{Key: k.(string), Val: v})
	}
	return out, nil
}

// splitArray reads an array's elements.
func splitArray(raw []byte) ([]json.RawMessage, error) {
	var out []json.RawMessage
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, errNoPath
	}
	return out, nil
}

func joinObject(ms []docMember) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.Key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.Val)
	}
	b.WriteByte('}')
	return b.Bytes()
}

func joinArray(vs []json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(v)
	}
	b.WriteByte(']')
	return b.Bytes()
}

func isObject(raw []byte) bool {
	return len(bytes.TrimSpace(raw)) > 0 && bytes.TrimSpace(raw)[0] == '{'
}

// docSet puts val at path (keys and array indexes). Missing objects on the
// way are made; an index equal to an array's length appends.
func docSet(doc []byte, path []string, val json.RawMessage) ([]byte, error) {
	if len(path) == 0 {
		return val, nil
	}
	if len(bytes.TrimSpace(doc)) == 0 || string(bytes.TrimSpace(doc)) == "null" {
		doc = []byte("{}")
	}
	seg, rest := path[0], path[1:]
	if isObject(doc) {
		ms, err := splitObject(doc)
		if err != nil {
			return nil, err
		}
		for i, m := range ms {
			if m.Key == seg {
				v, err := docSet(m.Val, rest, val)
				if err != nil {
					return nil, err
				}
				ms[i].Val = v
				return joinObject(ms), nil
			}
		}
		v, err := docSet(nil, rest, val)
		if err != nil {
			return nil, err
		}
		return joinObject(append(ms, docMember{Key: seg, Val: v})), nil
	}
	vs, err := splitArray(doc)
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(seg)
	if err != nil || n < 0 || n > len(vs) {
		return nil, fmt.Errorf("index %q of an array of %d: %w", seg, len(vs), errNoPath)
	}
	if n == len(vs) {
		vs = append(vs, nil)
	}
	v, err := docSet(vs[n], rest, val)
	if err != nil {
		return nil, err
	}
	vs[n] = v
	return joinArray(vs), nil
}

// docDelete removes the member or element at path; a missing one is no
// error (there is nothing to remove).
func docDelete(doc []byte, path []string) ([]byte, error) {
	if len(path) == 0 {
		return doc, nil
	}
	seg, rest := path[0], path[1:]
	if isObject(doc) {
		ms, err := splitObject(doc)
		if err != nil {
			return nil, err
		}
		for i, m := range ms {
			if m.Key != seg {
				continue
			}
			if len(rest) == 0 {
				return joinObject(append(ms[:i:i], ms[i+1:]...)), nil
			}
			v, err := docDelete(m.Val, rest)
			if err != nil {
				return nil, err
			}
			ms[i].Val = v
			return joinObject(ms), nil
		}
		return doc, nil
	}
	vs, err := splitArray(doc)
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(seg)
	if err != nil || n < 0 || n >= len(vs) {
		return doc, nil
	}
	if len(rest) == 0 {
		return joinArray(append(vs[:n:n], vs[n+1:]...)), nil
	}
	v, err := docDelete(vs[n], rest)
	if err != nil {
		return nil, err
	}
	vs[n] = v
	return joinArray(vs), nil
}

// docMove swaps the element at path with its neighbour (by is -1 or +1).
func docMove(doc []byte, path []string, by int) ([]byte, error) {
	if len(path) == 0 {
		return doc, nil
	}
	parent, seg := path[:len(path)-1], path[len(path)-1]
	arr := docGet(doc, parent)
	vs, err := splitArray(arr)
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(seg)
	if err != nil || n+by < 0 || n+by >= len(vs) || n < 0 || n >= len(vs) {
		return doc, nil
	}
	vs[n], vs[n+by] = vs[n+by], vs[n]
	return docSet(doc, parent, joinArray(vs))
}

// docGet is the raw value at path, nil when there is none.
func docGet(doc []byte, path []string) json.RawMessage {
	for _, seg := range path {
		if isObject(doc) {
			ms, err := splitObject(doc)
			if err != nil {
				return nil
			}
			var next json.RawMessage
			for _, m := range ms {
				if m.Key == seg {
					next = m.Val
				}
			}
			if next == nil {
				return nil
			}
			doc = next
			continue
		}
		vs, err := splitArray(doc)
		n, aerr := strconv.Atoi(seg)
		if err != nil || aerr != nil || n < 0 || n >= len(vs) {
			return nil
		}
		doc = vs[n]
	}
	return doc
}

// docEdit applies one change to the editor's text and indents the result
// as the editor shows it.
func docEdit(text string, change func([]byte) ([]byte, error)) (string, error) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(text)); err != nil {
		return text, fmt.Errorf("the JSON tab has an error to fix first: %w", err)
	}
	out, err := change(compact.Bytes())
	if err != nil {
		return text, err
	}
	return prettyJSON(out), nil
}

// pathOf splits "point_rules/2/cap/max" into its segments.
func pathOf(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

// pointerOf writes segments as a JSON Pointer, the way the server names
// problems ("/point_rules/2/cap/max").
func pointerOf(segs ...string) string {
	var b strings.Builder
	for _, s := range segs {
		for _, p := range strings.Split(s, "/") {
			b.WriteByte('/')
			b.WriteString(strings.NewReplacer("~", "~0").Replace(p))
		}
	}
	return b.String()
}

// dataOf reads a data- attribute of the element an event came from.
// go-app keeps an element's first handler while the handler's code is the
// same, so a handler in a list must read what it acts on from its element
// (or from the state at the event), never from what its closure captured.
func dataOf(ctx goapp.Context, key string) string {
	return ctx.JSSrc().Get("dataset").Get(key).String()
}

// Reading the document for the forms: a generic tree, decoded once per
// render (numbers as written).

func decodeTree(text string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// treeGet walks a decoded tree by path.
func treeGet(v any, path ...string) any {
	for _, seg := range path {
		switch t := v.(type) {
		case map[string]any:
			v = t[seg]
		case []any:
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 || n >= len(t) {
				return nil
			}
			v = t[n]
		default:
			return nil
		}
	}
	return v
}

// treeString shows a scalar as a form field holds it.
func treeString(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func treeList(v any) []any {
	l, _ := v.([]any)
	return l
}

func treeStrings(v any) []string {
	var out []string
	for _, e := range treeList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// The condition builder: a rule's "when" made of simple comparisons of a
// metric with a constant, joined by "and". Anything else is kept as free
// CEL, which the builder does not touch.

// condition is one comparison: metric op value ("csat >= 4").
type condition struct {
	Metric string
	Op     string
	Value  string
}

// condOps are the comparisons the builder offers.
var condOps = []string{">=", ">", "<=", "<", "==", "!="}

var (
	condTerm = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|==|!=|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?|true|false)$`)
	condHas  = regexp.MustCompile(`^has\(event\.metrics\.([A-Za-z_][A-Za-z0-9_]*)\)$`)
)

// parseConditions reads a "when" the builder can show; ok is false when it
// holds anything but simple comparisons (then it stays free CEL).
func parseConditions(when string) (conds []condition, ok bool) {
	when = strings.TrimSpace(when)
	if when == "" {
		return nil, true
	}
	has := map[string]bool{}
	for _, part := range strings.Split(when, "&&") {
		part = strings.TrimSpace(part)
		if m := condHas.FindStringSubmatch(part); m != nil {
			has[m[1]] = true
			continue
		}
		m := condTerm.FindStringSubmatch(part)
		if m == nil {
			return nil, false
		}
		conds = append(conds, condition{Metric: m[1], Op: m[2], Value: m[3]})
	}
	// A has() of a metric no comparison reads is more than the builder
	// writes: keep the text as it is.
	for name := range has {
		found := false
		for _, c := range conds {
			found = found || c.Metric == name
		}
		if !found {
			return nil, false
		}
	}
	return conds, true
}

// buildConditions writes comparisons as CEL, each guarded by has(): an
// event without the metric then simply does not match, instead of
// failing to evaluate.
func buildConditions(conds []condition) string {
	var parts []string
	for _, c := range conds {
		if c.Metric == "" || c.Value == "" {
			continue
		}
		parts = append(parts, "has(event.metrics."+c.Metric+") && "+c.Metric+" "+c.Op+" "+c.Value)
	}
	return strings.Join(parts, " && ")
}

// validMetric is a name the builder may write into CEL.
func validMetric(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// validConstant is a comparison's right side: a number or a boolean.
func validConstant(s string) bool {
	if s == "true" || s == "false" {
		return true
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && !strings.ContainsAny(s, "eE+xXpP_") && !strings.HasPrefix(s, ".")
}

// Natural order: digits compare as numbers, so a-2 comes before a-10.

func naturalLess(a, b string) bool {
	if c := naturalCmp(a, b, true); c != 0 {
		return c < 0
	}
	return naturalCmp(a, b, false) < 0
}

// naturalCmp compares digit runs as numbers and the rest rune by rune,
// ignoring case when fold is set (so "B-3" sorts among the b's).
func naturalCmp(a, b string, fold bool) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			switch {
			case len(na) != len(nb):
				return cmpInt(len(na), len(nb))
			case na != nb:
				return strings.Compare(na, nb)
			case da != db:
				return cmpInt(da, db) // fewer leading zeros first
			}
			a, b = a[da:], b[db:]
			continue
		}
		ra, sa := firstRune(a)
		rb, sb := firstRune(b)
		if fold {
			ra, rb = unicode.ToLower(ra), unicode.ToLower(rb)
		}
		if ra != rb {
			return cmpInt(int(ra), int(rb))
		}
		a, b = a[sa:], b[sb:]
	}
	return cmpInt(len(a), len(b))
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func firstRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// The version diff: a line diff of the pretty-printed documents.

// diffLine is one line of a diff: Op is ' ' (both), '-' (only in the old
// text) or '+' (only in the new); Old and New are 1-based line numbers, 0
// where the line is not in that side.
type diffLine struct {
	Op       byte
	Text     string
	Old, New int
}

// maxDiffCells bounds the table of the longest common subsequence; past
// it, the middle is shown as removed then added, which is still correct.
const maxDiffCells = 4_000_000

// lineDiff compares two texts line by line (longest common subsequence
// after the common head and tail are set aside).
func lineDiff(oldText, newText string) []diffLine {
	a, b := strings.Split(oldText, "\n"), strings.Split(newText, "\n")
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	var out []diffLine
	for i := 0; i < head; i++ {
		out = append(out, diffLine{Op: ' ', Text: a[i], Old: i + 1, New: i + 1})
	}
	ma, mb := a[head:len(a)-tail], b[head:len(b)-tail]
	n, m := len(ma), len(mb)
	if n*m <= maxDiffCells {
		// lcs[i][j]: the longest common subsequence of ma[i:] and mb[j:].
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && ma[i] == mb[j]:
				out = append(out, diffLine{Op: ' ', Text: ma[i], Old: head + i + 1, New: head + j + 1})
				i++
				j++
			case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
				// Removals before additions, as a reader expects.
				out = append(out, diffLine{Op: '-', Text: ma[i], Old: head + i + 1})
				i++
			default:
				out = append(out, diffLine{Op: '+', Text: mb[j], New: head + j + 1})
				j++
			}
		}
	} else {
		for i, l := range ma {
			out = append(out, diffLine{Op: '-', Text: l, Old: head + i + 1})
		}
		for j, l := range mb {
			out = append(out, diffLine{Op: '+', Text: l, New: head + j + 1})
		}
	}
	for k := 0; k < tail; k++ {
		out = append(out, diffLine{Op: ' ', Text: a[len(a)-tail+k], Old: len(a) - tail + k + 1, New: len(b) - tail + k + 1})
	}
	return out
}

// diffContext keeps the changed lines and ctx lines around each; a run of
// unchanged lines left out is one diffLine with Op '…' and the count in Old.
func diffContext(lines []diffLine, ctx int) []diffLine {
	keep := make([]bool, len(lines))
	for i, l := range lines {
		if l.Op != ' ' {
			for k := max(0, i-ctx); k <= min(len(lines)-1, i+ctx); k++ {
				keep[k] = true
			}
		}
	}
	var out []diffLine
	for i := 0; i < len(lines); {
		if keep[i] {
			out = append(out, lines[i])
			i++
			continue
		}
		j := i
		for j < len(lines) && !keep[j] {
			j++
		}
		out = append(out, diffLine{Op: '~', Old: j - i})
		i = j
	}
	return out
}
