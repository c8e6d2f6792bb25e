package scoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// Event is one thing an agent did, as reported by a source system.
type Event struct {
	ID      string            `json:"id"`
	Type    string            `json:"type"`
	Agent   string            `json:"agent"`
	Time    time.Time         `json:"time"`
	Team    string            `json:"team,omitempty"`
	Metrics map[string]any    `json:"metrics,omitempty"` // values are float64 or bool only
	Attrs   map[string]string `json:"attrs,omitempty"`
}

// FieldError is one validation problem; Field is the JSON field name
// ("id", "time", "metrics.csat", ...), empty for the document as a whole.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Limits of the ingest contract (API.md, "Ingest").
const (
	maxEventMetrics = 32
	maxEventAttrs   = 32
	maxAttrRunes    = 256
	maxFuture       = 5 * time.Minute
)

// Messages are shared with tests and the server so the wording stays exact.
const (
	msgID        = "must be 1-128 characters of A-Za-z0-9._:-"
	msgType      = "must be 1-64 characters of a-z0-9._-"
	msgAgent     = "must be 1-128 characters of A-Za-z0-9._:@-"
	msgTime      = "must be an RFC 3339 time such as 2026-11-24T09:41:07Z"
	msgFuture    = "is more than 5 minutes in the future"
	msgRequired  = "is required"
	msgString    = "must be a string"
	msgObject    = "must be a JSON object"
	msgMetric    = "must be a finite number or a boolean"
	msgName      = "name must be 1-64 characters of a-z0-9_, not starting with a digit"
	msgAttrLen   = "must be at most 256 characters"
	msgUnknown   = "is not a known field"
	msgDuplicate = "is given more than once"
	msgTrailing  = "has data after the JSON object"
)

// ParseEvent decodes one JSON object into an Event and validates it against
// the ingest contract. now is used only to reject times more than five
// minutes in the future. It returns every problem found, in a fixed field
// order; the Event is meaningful only when there are none. Times are
// normalised to UTC so that every node holds the identical value.
func ParseEvent(data []byte, now time.Time) (Event, []FieldError) {
	var ev Event
	members, err := objectMembers(data, true)
	if err != nil {
		return ev, []FieldError{{Field: "", Message: err.Error()}}
	}
	var p eventProblems
	seen := make(map[string]bool, len(members))
	raw := make(map[string]json.RawMessage, len(members))
	for _, m := range members {
		if seen[m.key] {
			p.add(orderUnknown, m.key, msgDuplicate)
			continue
		}
		seen[m.key] = true
		switch m.key {
		case "id", "type", "agent", "time", "team", "metrics", "attrs":
			raw[m.key] = m.raw
		default:
			p.add(orderUnknown, m.key, msgUnknown)
		}
	}

	ev.ID = requiredString(&p, orderID, "id", raw, msgID, isIDByte, 128)
	ev.Type = requiredString(&p, orderType, "type", raw, msgType, isTypeByte, 64)
	ev.Agent = requiredString(&p, orderAgent, "agent", raw, msgAgent, isAgentByte, 128)
	ev.Time = parseEventTime(&p, raw["time"], now)
	if r, ok := raw["team"]; ok && !isNull(r) {
		switch s, ok := decodeString(r); {
		case !ok:
			p.add(orderTeam, "team", msgString)
		case s == "":
			// Sources often send an empty team when they do not know it;
			// that means "no change", exactly as leaving it out.
		case !validChars(s, 128, isAgentByte):
			p.add(orderTeam, "team", msgAgent)
		default:
			ev.Team = s
		}
	}
	ev.Metrics = parseMetrics(&p, raw["metrics"])
	ev.Attrs = parseAttrs(&p, raw["attrs"], ev.Metrics)
	return ev, p.sorted()
}

// The order in which problems are reported: the contract's table order,
// then unknown fields, so a client sees a stable list.
const (
	orderID = iota
	orderType
	orderAgent
	orderTime
	orderTeam
	orderMetrics
	orderAttrs
	orderUnknown
)

type eventProblem struct {
	order int
	FieldError
}

type eventProblems []eventProblem

func (p *eventProblems) add(order int, field, msg string) {
	*p = append(*p, eventProblem{order, FieldError{Field: field, Message: msg}})
}

func (p eventProblems) sorted() []FieldError {
	if len(p) == 0 {
		return nil
	}
	sort.SliceStable(p, func(i, j int) bool { return p[i].order < p[j].order })
	out := make([]FieldError, len(p))
	for i := range p {
		out[i] = p[i].FieldError
	}
	return out
}

func requiredString(p *eventProblems, order int, field string, raw map[string]json.RawMessage, msg string, allowed func(byte) bool, max int) string {
	r, present := raw[field]
	if !present || isNull(r) {
		p.add(order, field, msgRequired)
		return ""
	}
	s, ok := decodeString(r)
	if !ok {
		p.add(order, field, msgString)
		return ""
	}
	if !validChars(s, max, allowed) {
		p.add(order, field, msg)
	}
	return s
}

func parseEventTime(p *eventProblems, r json.RawMessage, now time.Time) time.Time {
	if r == nil || isNull(r) {
		p.add(orderTime, "time", msgRequired)
		return time.Time{}
	}
	s, ok := decodeString(r)
	if !ok {
		p.add(orderTime, "time", msgTime)
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		p.add(orderTime, "time", msgTime)
		return time.Time{}
	}
	t = t.UTC()
	if t.Sub(now) > maxFuture {
		p.add(orderTime, "time", msgFuture)
	}
	return t
}

func parseMetrics(p *eventProblems, r json.RawMessage) map[string]any {
	if r == nil || isNull(r) {
		return nil
	}
	members, err := objectMembers(r, false)
	if err != nil {
		p.add(orderMetrics, "metrics", msgObject)
		return nil
	}
	if len(members) > maxEventMetrics {
		p.add(orderMetrics, "metrics", "must have at most 32 entries, has "+strconv.Itoa(len(members)))
	}
	out := make(map[string]any, len(members))
	for _, m := range members {
		if !validName(m.key) {
			p.add(orderMetrics, "metrics."+m.key, msgName)
			continue
		}
		if _, dup := out[m.key]; dup {
			p.add(orderMetrics, "metrics."+m.key, msgDuplicate)
			continue
		}
		v, ok := metricValue(m.raw)
		if !ok {
			p.add(orderMetrics, "metrics."+m.key, msgMetric)
			continue
		}
		out[m.key] = v
	}
	if len(out) == 0 {
		// An empty object and an absent one are the same event; keeping
		// nil makes json.Marshal and ParseEvent round-trip exactly.
		return nil
	}
	return out
}

func metricValue(r json.RawMessage) (any, bool) {
	switch {
	case bytes.Equal(r, []byte("true")):
		return true, true
	case bytes.Equal(r, []byte("false")):
		return false, true
	case len(r) > 0 && (r[0] == '-' || (r[0] >= '0' && r[0] <= '9')):
		f, err := strconv.ParseFloat(string(r), 64)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, false
		}
		// Underflow reports ErrRange with a finite value; that is still a
		// number the source meant, so only other errors reject it.
		var ne *strconv.NumError
		if err != nil && !(errors.As(err, &ne) && ne.Err == strconv.ErrRange) {
			return nil, false
		}
		return f, true
	}
	return nil, false
}

func parseAttrs(p *eventProblems, r json.RawMessage, metrics map[string]any) map[string]string {
	if r == nil || isNull(r) {
		return nil
	}
	members, err := objectMembers(r, false)
	if err != nil {
		p.add(orderAttrs, "attrs", msgObject)
		return nil
	}
	if len(members) > maxEventAttrs {
		p.add(orderAttrs, "attrs", "must have at most 32 entries, has "+strconv.Itoa(len(members)))
	}
	out := make(map[string]string, len(members))
	for _, m := range members {
		field := "attrs." + m.key
		if !validName(m.key) {
			p.add(orderAttrs, field, msgName)
			continue
		}
		if _, dup := out[m.key]; dup {
			p.add(orderAttrs, field, msgDuplicate)
			continue
		}
		if _, clash := metrics[m.key]; clash {
			// Both are visible to CEL by bare name; one name must mean one value.
			p.add(orderAttrs, field, "has the same name as a metric")
			continue
		}
		s, ok := decodeString(m.raw)
		if !ok {
			p.add(orderAttrs, field, msgString)
			continue
		}
		if utf8.RuneCountInString(s) > maxAttrRunes {
			p.add(orderAttrs, field, msgAttrLen)
			continue
		}
		out[m.key] = s
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

type member struct {
	key string
	raw json.RawMessage
}

// objectMembers splits a JSON object into its members in document order,
// keeping duplicates so the caller can report them (encoding/json would
// silently keep the last one). Valid input takes a fast scanner; invalid
// input goes through encoding/json's decoder, whose errors say what is wrong.
func objectMembers(data []byte, whole bool) ([]member, error) {
	if !json.Valid(data) {
		return objectMembersSlow(data, whole)
	}
	i := skipSpace(data, 0)
	if data[i] != '{' {
		return nil, errors.New(msgObject)
	}
	// An event has up to eight or so members: one allocation, not four.
	out := make([]member, 0, 8)
	for i = skipSpace(data, i+1); data[i] != '}'; {
		end := scanString(data, i)
		key, _ := decodeString(data[i:end])
		start := skipSpace(data, skipSpace(data, end)+1) // past the colon
		end = scanValue(data, start)
		out = append(out, member{key: key, raw: data[start:end]})
		i = skipSpace(data, end)
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return out, nil
}

// The scanners below run only on input json.Valid accepted, so they need
// no bounds or syntax checks of their own.

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

func scanString(data []byte, i int) int {
	for j := i + 1; ; j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
}

func scanValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		return scanString(data, i)
	case '{', '[':
		depth := 0
		for j := i; ; {
			switch data[j] {
			case '"':
				j = scanString(data, j)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
			j++
		}
	}
	j := i
	for j < len(data) {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return j
		}
		j++
	}
	return j
}

func objectMembersSlow(data []byte, whole bool) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		if whole {
			return nil, errors.New(msgObject)
		}
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New(msgObject)
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, invalidJSON(err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errors.New(msgObject)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, invalidJSON(err)
		}
		out = append(out, member{key: key, raw: raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, invalidJSON(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New(msgTrailing)
	}
	return out, nil
}

func invalidJSON(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("is not valid JSON: it ends too early")
	}
	return errors.New("is not valid JSON: " + err.Error())
}

// decodeString decodes a JSON string, skipping encoding/json's reflection
// for the common case of plain ASCII without escapes.
func decodeString(r json.RawMessage) (string, bool) {
	if len(r) >= 2 && r[0] == '"' && r[len(r)-1] == '"' {
		plain := true
		for _, c := range r[1 : len(r)-1] {
			if c == '\\' || c == '"' || c < 0x20 || c >= 0x80 {
				plain = false
				break
			}
		}
		if plain {
			return string(r[1 : len(r)-1]), true
		}
	}
	var s string
	if json.Unmarshal(r, &s) != nil {
		return "", false
	}
	return s, true
}

func isNull(r json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(r), []byte("null")) }

func validChars(s string, max int, ok func(byte) bool) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// validName is the grammar of metric and attribute names, chosen so that
// every name is also a plain CEL identifier.
func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	return validChars(s, 64, func(c byte) bool { return isLowerDigit(c) || c == '_' })
}

func isLowerDigit(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') }

func isAlnum(c byte) bool { return isLowerDigit(c) || (c >= 'A' && c <= 'Z') }

func isIDByte(c byte) bool { return isAlnum(c) || c == '.' || c == '_' || c == ':' || c == '-' }

func isTypeByte(c byte) bool { return isLowerDigit(c) || c == '.' || c == '_' || c == '-' }

func isAgentByte(c byte) bool { return isIDByte(c) || c == '@' }
