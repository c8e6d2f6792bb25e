package store

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"scorecast/scoring"
)

// The appenders below write agent and team records byte for byte as
// json.Marshal does. encoding/json spends most of a record's time in
// reflection and in sorting map keys through reflect.Value, and every
// commit encodes every record it touched, so that cost bounds the
// projector's throughput. The bytes must not change with the encoder:
// records are read back with encoding/json, and stored data written by
// either must look the same. jsonenc_test.go compares the two on records
// filled at random by reflection, so a field added to these types later
// fails the tests until it is written here too.

// appendAgentRecord appends r's JSON encoding, byte for byte what
// json.Marshal(r) gives. On error b is returned unchanged, with an error
// whose text is json.Marshal's.
func appendAgentRecord(b []byte, r *AgentRecord) ([]byte, error) {
	e := encoders.Get().(*jsonEncoder)
	defer e.release()
	n0 := len(b)
	b = append(b, `{"org":`...)
	b = appendJSONString(b, r.Org)
	b = append(b, `,"state":`...)
	b = e.agentState(b, &r.State)
	if len(r.Reached) > 0 {
		b = append(b, `,"reached":`...)
		b = appendMap(e, b, &e.uints, r.Reached, appendUint64)
	}
	if len(r.Daily) > 0 {
		b = append(b, `,"daily":[`...)
		for i := range r.Daily {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendTotals(e, b, &r.Daily[i])
		}
		b = append(b, ']')
	}
	b = appendAwards(b, r.Awards)
	b = append(b, '}')
	if e.err != nil {
		return b[:n0], e.err
	}
	return b, nil
}

// appendTeamRecord appends r's JSON encoding, byte for byte what
// json.Marshal(r) gives; errors as appendAgentRecord's.
func appendTeamRecord(b []byte, r *TeamRecord) ([]byte, error) {
	e := encoders.Get().(*jsonEncoder)
	defer e.release()
	n0 := len(b)
	b = append(b, `{"org":`...)
	b = appendJSONString(b, r.Org)
	b = append(b, `,"state":`...)
	b = e.teamState(b, &r.State)
	if len(r.Reached) > 0 {
		b = append(b, `,"reached":`...)
		b = appendMap(e, b, &e.uints, r.Reached, appendUint64)
	}
	b = append(b, '}')
	if e.err != nil {
		return b[:n0], e.err
	}
	return b, nil
}

// jsonEncoder carries what is shared across one record: the first error,
// so the writers need not check after every value (encoding/json also
// stops at the first one), and per map value type the scratch that map
// entries are sorted in. The scratch is reused through a pool because a
// record has dozens of small maps and sorting each in a new slice would
// be most of the allocations encoding/json makes.
type jsonEncoder struct {
	err        error
	totals     []entry[scoring.Totals]
	counters   []entry[map[string]scoring.Count]
	counts     []entry[scoring.Count]
	history    []entry[[]scoring.DayValue]
	badges     []entry[scoring.BadgeState]
	streaks    []entry[scoring.StreakState]
	challenges []entry[scoring.ChallengeState]
	floats     []entry[float64]
	ints       []entry[int64]
	uints      []entry[uint64]
}

var encoders = sync.Pool{New: func() any { return new(jsonEncoder) }}

func (e *jsonEncoder) release() {
	e.err = nil
	encoders.Put(e)
}

// entry is a map entry copied out of its map: sorting the entries rather
// than the keys saves looking each value up again.
type entry[V any] struct {
	k string
	v V
}

// appendMap writes m as encoding/json writes a map with string keys:
// null when nil, else its entries sorted byte-wise by key. The entries
// are pushed onto *scratch and popped when done, so a map nested in one
// of the same value type would also work. They are cleared when popped,
// so the pool does not keep a record's maps alive.
func appendMap[V any](e *jsonEncoder, b []byte, scratch *[]entry[V], m map[string]V, value func(*jsonEncoder, []byte, *V) []byte) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	start := len(*scratch)
	for k, v := range m {
		*scratch = append(*scratch, entry[V]{k, v})
	}
	sortEntries((*scratch)[start:])
	b = append(b, '{')
	// By index: a nested map may move *scratch to a larger array.
	for i := start; i < start+len(m); i++ {
		if i > start {
			b = append(b, ',')
		}
		b = appendJSONString(b, (*scratch)[i].k)
		b = append(b, ':')
		b = value(e, b, &(*scratch)[i].v)
	}
	clear((*scratch)[start:])
	*scratch = (*scratch)[:start]
	return append(b, '}')
}

// sortEntries sorts by insertion for the few entries most maps here have,
// where it beats slices.SortFunc's indirect comparisons.
func sortEntries[V any](es []entry[V]) {
	if len(es) > 12 {
		slices.SortFunc(es, func(a, b entry[V]) int { return strings.Compare(a.k, b.k) })
		return
	}
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].k < es[j-1].k; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

func (e *jsonEncoder) agentState(b []byte, a *scoring.AgentState) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, a.ID)
	if a.Team != "" {
		b = append(b, `,"team":`...)
		b = appendJSONString(b, a.Team)
	}
	b = append(b, `,"xp":`...)
	b = strconv.AppendInt(b, a.XP, 10)
	b = append(b, `,"level":`...)
	b = strconv.AppendInt(b, int64(a.Level), 10)
	b = append(b, `,"periods":`...)
	b = appendMap(e, b, &e.totals, a.Periods, appendTotals)
	if len(a.Seasons) > 0 {
		b = append(b, `,"seasons":`...)
		b = appendMap(e, b, &e.totals, a.Seasons, appendTotals)
	}
	if len(a.Caps) > 0 {
		b = append(b, `,"caps":`...)
		b = appendMap(e, b, &e.totals, a.Caps, appendTotals)
	}
	if len(a.Counters) > 0 {
		b = append(b, `,"counters":`...)
		b = appendMap(e, b, &e.counters, a.Counters, appendCounter)
	}
	if len(a.History) > 0 {
		b = append(b, `,"history":`...)
		b = appendMap(e, b, &e.history, a.History, appendDays)
	}
	if a.Day != "" {
		b = append(b, `,"day":`...)
		b = appendJSONString(b, a.Day)
	}
	if len(a.Badges) > 0 {
		b = append(b, `,"badges":`...)
		b = appendMap(e, b, &e.badges, a.Badges, appendBadge)
	}
	if len(a.Streaks) > 0 {
		b = append(b, `,"streaks":`...)
		b = appendMap(e, b, &e.streaks, a.Streaks, appendStreak)
	}
	if len(a.Challenges) > 0 {
		b = append(b, `,"challenges":`...)
		b = appendMap(e, b, &e.challenges, a.Challenges, appendChallenge)
	}
	if len(a.Recent) > 0 {
		b = append(b, `,"recent":[`...)
		for i, s := range a.Recent {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		b = append(b, ']')
	}
	b = append(b, `,"events":`...)
	b = strconv.AppendInt(b, a.Events, 10)
	if a.Version != 0 {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(a.Version), 10)
	}
	b = e.bests(b, a)
	b = e.lastWeek(b, a) // leagues.go
	return append(b, '}')
}

func (e *jsonEncoder) teamState(b []byte, t *scoring.TeamState) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, t.ID)
	b = append(b, `,"periods":`...)
	b = appendMap(e, b, &e.totals, t.Periods, appendTotals)
	if len(t.Seasons) > 0 {
		b = append(b, `,"seasons":`...)
		b = appendMap(e, b, &e.totals, t.Seasons, appendTotals)
	}
	if len(t.Counters) > 0 {
		b = append(b, `,"counters":`...)
		b = appendMap(e, b, &e.counters, t.Counters, appendCounter)
	}
	if len(t.Challenges) > 0 {
		b = append(b, `,"challenges":`...)
		b = appendMap(e, b, &e.challenges, t.Challenges, appendChallenge)
	}
	if len(t.Goals) > 0 {
		b = append(b, `,"goals":`...)
		b = appendMap(e, b, &e.challenges, t.Goals, appendChallenge)
	}
	if len(t.Badges) > 0 {
		b = append(b, `,"badges":`...)
		b = appendMap(e, b, &e.badges, t.Badges, appendBadge)
	}
	if t.Version != 0 {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(t.Version), 10)
	}
	return append(b, '}')
}

func appendTotals(e *jsonEncoder, b []byte, t *scoring.Totals) []byte {
	b = append(b, `{"key":`...)
	b = appendJSONString(b, t.Key)
	b = append(b, `,"points":`...)
	b = strconv.AppendInt(b, t.Points, 10)
	if len(t.Categories) > 0 {
		b = append(b, `,"categories":`...)
		b = appendMap(e, b, &e.ints, t.Categories, appendInt64)
	}
	return append(b, '}')
}

func appendCounter(e *jsonEncoder, b []byte, m *map[string]scoring.Count) []byte {
	return appendMap(e, b, &e.counts, *m, appendCount)
}

func appendCount(e *jsonEncoder, b []byte, c *scoring.Count) []byte {
	b = append(b, `{"key":`...)
	b = appendJSONString(b, c.Key)
	b = append(b, `,"n":`...)
	b = strconv.AppendInt(b, c.N, 10)
	b = append(b, `,"sum":`...)
	b = e.appendFloat(b, c.Sum)
	b = append(b, `,"min":`...)
	b = e.appendFloat(b, c.Min)
	b = append(b, `,"max":`...)
	b = e.appendFloat(b, c.Max)
	return append(b, '}')
}

func appendDays(e *jsonEncoder, b []byte, days *[]scoring.DayValue) []byte {
	if *days == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range *days {
		if i > 0 {
			b = append(b, ',')
		}
		d := &(*days)[i]
		b = append(b, `{"day":`...)
		b = appendJSONString(b, d.Day)
		b = append(b, `,"value":`...)
		b = e.appendFloat(b, d.Value)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendBadge(_ *jsonEncoder, b []byte, s *scoring.BadgeState) []byte {
	b = append(b, `{"tier":`...)
	b = strconv.AppendInt(b, int64(s.Tier), 10)
	b = append(b, `,"best":`...)
	b = strconv.AppendInt(b, int64(s.Best), 10)
	if s.Key != "" {
		b = append(b, `,"key":`...)
		b = appendJSONString(b, s.Key)
	}
	b = append(b, `,"awards":`...)
	b = strconv.AppendInt(b, int64(s.Awards), 10)
	if s.Event != "" {
		b = append(b, `,"event":`...)
		b = appendJSONString(b, s.Event)
	}
	if s.Version != 0 {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(s.Version), 10)
	}
	return append(b, '}')
}

func appendStreak(_ *jsonEncoder, b []byte, s *scoring.StreakState) []byte {
	b = append(b, `{"current":`...)
	b = strconv.AppendInt(b, int64(s.Current), 10)
	b = append(b, `,"best":`...)
	b = strconv.AppendInt(b, int64(s.Best), 10)
	if s.Start != "" {
		b = append(b, `,"start":`...)
		b = appendJSONString(b, s.Start)
	}
	if s.Last != "" {
		b = append(b, `,"last":`...)
		b = appendJSONString(b, s.Last)
	}
	if s.Missed != 0 {
		b = append(b, `,"missed":`...)
		b = strconv.AppendInt(b, int64(s.Missed), 10)
	}
	if s.Freezes != 0 {
		b = append(b, `,"freezes":`...)
		b = strconv.AppendInt(b, int64(s.Freezes), 10)
	}
	if s.Frozen != 0 {
		b = append(b, `,"frozen":`...)
		b = strconv.AppendInt(b, int64(s.Frozen), 10)
	}
	return append(b, '}')
}

func appendChallenge(e *jsonEncoder, b []byte, c *scoring.ChallengeState) []byte {
	b = append(b, `{"challenge":`...)
	b = appendJSONString(b, c.Challenge)
	b = append(b, `,"key":`...)
	b = appendJSONString(b, c.Key)
	b = append(b, `,"start":`...)
	b = e.appendTime(b, c.Start)
	b = append(b, `,"deadline":`...)
	b = e.appendTime(b, c.Deadline)
	b = append(b, `,"target":`...)
	b = e.appendFloat(b, c.Target)
	b = append(b, `,"value":`...)
	b = appendCount(e, b, &c.Value)
	b = append(b, `,"progress":`...)
	b = e.appendFloat(b, c.Progress)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, c.Status)
	if c.Event != "" {
		b = append(b, `,"event":`...)
		b = appendJSONString(b, c.Event)
	}
	if len(c.Shares) > 0 {
		b = append(b, `,"shares":`...)
		b = appendMap(e, b, &e.floats, c.Shares, appendFloat64)
	}
	if c.Version != 0 {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(c.Version), 10)
	}
	if c.Adaptive {
		b = append(b, `,"adaptive":true`...)
	}
	return append(b, '}')
}

func appendInt64(_ *jsonEncoder, b []byte, v *int64) []byte { return strconv.AppendInt(b, *v, 10) }

func appendUint64(_ *jsonEncoder, b []byte, v *uint64) []byte { return strconv.AppendUint(b, *v, 10) }

func appendFloat64(e *jsonEncoder, b []byte, v *float64) []byte { return e.appendFloat(b, *v) }

// appendFloat writes f as encoding/json's floatEncoder does for float64: like
// ES6's number to string, shortest 'f' form except for very small or very
// large magnitudes, whose exponents are not padded ("1e-7", not "1e-07").
// -0 stays "-0", as encoding/json writes it.
func (e *jsonEncoder) appendFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if e.err == nil {
			e.err = &json.UnsupportedValueError{Value: reflect.ValueOf(f), Str: strconv.FormatFloat(f, 'g', -1, 64)}
		}
		return b
	}
	// Counts, sums and extremes of whole-number metrics are integers far
	// more often than not; below 2^53 the shortest decimal that reads
	// back as such a float is the integer itself, and formatting an int
	// is several times cheaper than the float algorithm.
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 && (f != 0 || !math.Signbit(f)) {
		return strconv.AppendInt(b, int64(f), 10)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

var timeType = reflect.TypeFor[time.Time]()

// appendTime writes t as its MarshalJSON does, without the allocation of calling
// it: RFC 3339 with nanoseconds, trailing zeros trimmed, refusing what RFC
// 3339 cannot express (a year outside 0..9999, a zone offset of 24 hours or
// more) with the error json.Marshal would give.
func (e *jsonEncoder) appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	n0 := len(b)
	b = t.AppendFormat(b, time.RFC3339Nano)
	var err error
	switch {
	case b[n0+len("9999")] != '-':
		err = errors.New("Time.MarshalJSON: year outside of range [0,9999]")
	case b[len(b)-1] != 'Z':
		c := b[len(b)-len("Z07:00")]
		h := b[len(b)-len("07:00"):]
		if ('0' <= c && c <= '9') || 10*(h[0]-'0')+(h[1]-'0') >= 24 {
			err = errors.New("Time.MarshalJSON: timezone hour outside of range [0,23]")
		}
	}
	if err != nil && e.err == nil {
		e.err = &json.MarshalerError{Type: timeType, Err: err}
	}
	return append(b, '"')
}

// jsonSafe marks the ASCII bytes encoding/json writes as they are with HTML
// escaping on: not controls, '"', '\\', '<', '>' or '&'. DEL is written raw.
var jsonSafe = func() (s [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		s[c] = true
	}
	for _, c := range `"\<>&` {
		s[c] = false
	}
	return s
}()

const hexDigits = "0123456789abcdef"

// appendJSONString is encoding/json's appendString with HTML escaping on,
// which json.Marshal always uses. Since Go 1.22 it writes \b and \f in
// their short forms; other controls as \u00XX; invalid UTF-8 bytes each as
// \ufffd; U+2028 and U+2029 escaped for JSONP.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
