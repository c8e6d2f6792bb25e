package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/scoring"
)

// requireSameJSON fails with the first differing offset and its
// surroundings: records are one long line, where a whole-value diff shows
// little.
func requireSameJSON(t testing.TB, want, got []byte) {
	t.Helper()
	if bytes.Equal(want, got) {
		return
	}
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	around := func(b []byte) string {
		lo, hi := max(i-80, 0), min(i+80, len(b))
		return fmt.Sprintf("%q", b[lo:hi])
	}
	t.Fatalf("encodings differ at byte %d (json.Marshal %d bytes, appender %d bytes)\njson.Marshal: %s\nappender:     %s",
		i, len(want), len(got), around(want), around(got))
}

// checkAgent compares the appender with json.Marshal, errors included: the
// caller must not be able to tell them apart.
func checkAgent(t testing.TB, r *AgentRecord) {
	t.Helper()
	want, wantErr := json.Marshal(r)
	prefix := []byte("prefix")
	got, err := appendAgentRecord(prefix, r)
	if wantErr != nil {
		require.Error(t, err, "json.Marshal failed with %v", wantErr)
		require.Equal(t, wantErr.Error(), err.Error())
		require.Equal(t, "prefix", string(got), "a failed append must leave the buffer as it was")
		return
	}
	require.NoError(t, err)
	require.Equal(t, "prefix", string(got[:len(prefix)]))
	requireSameJSON(t, want, got[len(prefix):])
}

func checkTeam(t testing.TB, r *TeamRecord) {
	t.Helper()
	want, wantErr := json.Marshal(r)
	got, err := appendTeamRecord(nil, r)
	if wantErr != nil {
		require.Error(t, err, "json.Marshal failed with %v", wantErr)
		require.Equal(t, wantErr.Error(), err.Error())
		return
	}
	require.NoError(t, err)
	requireSameJSON(t, want, got)
}

// filler fills any value by reflection, so that a field added to the
// records or the scoring states later is exercised without this test being
// told, and an appender that forgets it fails here.
type filler struct {
	rnd *rand.Rand
	// special makes rare the values encoding/json refuses (NaN, infinities,
	// years RFC 3339 cannot write), so most records still encode.
	special bool
}

var timeKind = reflect.TypeFor[time.Time]()

func (f *filler) fill(v reflect.Value) {
	if v.Type() == timeKind {
		v.Set(reflect.ValueOf(f.time()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(f.string())
	case reflect.Bool:
		v.SetBool(f.rnd.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.int(v.Type().Bits()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(f.uint(v.Type().Bits()))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(f.float())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i))
			}
		}
	case reflect.Map:
		switch f.rnd.IntN(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			m := reflect.MakeMap(v.Type())
			for range 1 + f.rnd.IntN(5) {
				k := reflect.New(v.Type().Key()).Elem()
				f.fill(k)
				e := reflect.New(v.Type().Elem()).Elem()
				f.fill(e)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Slice:
		switch f.rnd.IntN(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 1))
		default:
			s := reflect.MakeSlice(v.Type(), 1+f.rnd.IntN(4), 5)
			for i := range s.Len() {
				f.fill(s.Index(i))
			}
			v.Set(s)
		}
	case reflect.Pointer:
		if f.rnd.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem())
		v.Set(p)
	default:
		// A kind this filler cannot make must fail loudly: skipping it
		// would let an appender ignore the new field unnoticed.
		panic(fmt.Sprintf("filler: cannot fill a %s", v.Type()))
	}
}

// pieces are what strings are made of: the bytes encoding/json escapes in
// each of its ways, and some it does not.
var pieces = []string{
	"a", "day", "2026-11-24", "all", " ", "Z", "~", "\x7f",
	"<", ">", "&", `"`, `\`, "/", "'",
	"\x00", "\x01", "\b", "\f", "\n", "\r", "\t", "\x0b", "\x1f",
	"é", "日本", "😀", "\u2028", "\u2029", "\u2027", "\u202a", "\ufffd", "\ufeff",
	"\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
}

func (f *filler) string() string {
	if f.rnd.IntN(4) == 0 {
		return ""
	}
	var sb strings.Builder
	for range 1 + f.rnd.IntN(8) {
		sb.WriteString(pieces[f.rnd.IntN(len(pieces))])
	}
	return sb.String()
}

func (f *filler) int(bits int) int64 {
	switch f.rnd.IntN(6) {
	case 0, 1:
		return 0
	case 2:
		return -1 << (bits - 1)
	case 3:
		return 1<<(bits-1) - 1
	case 4:
		return int64(f.rnd.IntN(2000)) - 1000
	}
	return f.rnd.Int64() >> (64 - bits)
}

func (f *filler) uint(bits int) uint64 {
	switch f.rnd.IntN(4) {
	case 0:
		return 0
	case 1:
		return math.MaxUint64 >> (64 - bits)
	}
	return f.rnd.Uint64() >> (64 - bits)
}

// floats sits on both sides of encoding/json's switches between 'f' and
// 'e' formats and of its exponent trimming.
var floats = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.5, 2.5, 100, 1e20, 1e21, -1e21, 123456789012345678901234,
	1e-6, 1e-7, 9.99999e-7, -1e-7, 1.5e-10, 1e-100, 5e-324, math.SmallestNonzeroFloat64,
	math.MaxFloat64, 1e300, 0.1, 0.2 + 0.1, 1.0 / 3, 4.35, 1e15 + 0.3, math.MaxInt64, 1 << 53, 1<<53 + 1,
}

func (f *filler) float() float64 {
	if f.special && f.rnd.IntN(200) == 0 {
		return []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[f.rnd.IntN(3)]
	}
	switch f.rnd.IntN(5) {
	case 0:
		return floats[f.rnd.IntN(len(floats))]
	case 1:
		return float64(f.rnd.IntN(100000) - 50000)
	case 2:
		return math.Float64frombits(f.rnd.Uint64() &^ (0x7ff << 52)) // subnormal or small
	case 3:
		// Any finite float, at every magnitude.
		for {
			if x := math.Float64frombits(f.rnd.Uint64()); !math.IsNaN(x) && !math.IsInf(x, 0) {
				return x
			}
		}
	}
	return (f.rnd.Float64() - 0.5) * math.Pow(10, float64(f.rnd.IntN(50)-25))
}

var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

// zones include offsets with seconds, which RFC 3339 drops, and an offset
// of a day and more, which time.MarshalJSON refuses.
var zones = []*time.Location{
	time.UTC, time.Local, stockholm,
	time.FixedZone("IST", 5*3600+1800), time.FixedZone("NST", -(3*3600 + 1800)),
	time.FixedZone("LMT", 1*3600+12*60+12), time.FixedZone("minus seconds", -37),
	time.FixedZone("max", 23*3600+59*60),
}

func (f *filler) time() time.Time {
	switch f.rnd.IntN(6) {
	case 0:
		return time.Time{}
	case 1:
		return time.Now() // carries a monotonic reading, which JSON drops
	}
	var nsec int64
	switch f.rnd.IntN(4) {
	case 1:
		nsec = int64(f.rnd.IntN(1000)) * 1e6
	case 2:
		nsec = int64(f.rnd.IntN(1e9))
	case 3:
		nsec = int64(f.rnd.IntN(10)) * 1e8
	}
	// Years 1 to 9998, so the zone cannot push them out of range.
	sec := int64(-62135596800) + 86400 + f.rnd.Int64N(int64(9997*365.2425*86400))
	t := time.Unix(sec, nsec).In(zones[f.rnd.IntN(len(zones))])
	if f.special && f.rnd.IntN(30) == 0 {
		switch f.rnd.IntN(4) {
		case 0:
			t = t.AddDate(10000, 0, 0)
		case 1:
			t = time.Date(-1, 3, 4, 5, 6, 7, 8, time.UTC)
		case 2:
			t = t.In(time.FixedZone("day", 24*3600))
		case 3:
			t = t.In(time.FixedZone("days", -100*3600-60))
		}
	}
	return t
}

// TestAppendRecordsMatchEncodingJSON fills records at random, by
// reflection, and compares the appenders with json.Marshal.
func TestAppendRecordsMatchEncodingJSON(t *testing.T) {
	f := &filler{rnd: rand.New(rand.NewPCG(1, 2))}
	for i := range 3000 {
		f.special = i%3 == 0
		var a AgentRecord
		f.fill(reflect.ValueOf(&a).Elem())
		checkAgent(t, &a)
		var tr TeamRecord
		f.fill(reflect.ValueOf(&tr).Elem())
		checkTeam(t, &tr)
	}
}

// TestAppendRecordErrors checks each refusal of encoding/json on its own,
// since the random records meet them only by chance.
func TestAppendRecordErrors(t *testing.T) {
	for name, mutate := range map[string]func(*AgentRecord){
		"nan sum": func(r *AgentRecord) {
			r.State.Counters = map[string]map[string]scoring.Count{"c": {"day": {Sum: math.NaN()}}}
		},
		"inf history": func(r *AgentRecord) {
			r.State.History = map[string][]scoring.DayValue{"c": {{Day: "d", Value: math.Inf(-1)}}}
		},
		"year 10000": func(r *AgentRecord) {
			r.State.Challenges = map[string]scoring.ChallengeState{"c": {Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
		},
		"year -1": func(r *AgentRecord) {
			r.State.Challenges = map[string]scoring.ChallengeState{"c": {Deadline: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}}
		},
		"offset 24h": func(r *AgentRecord) {
			r.State.Challenges = map[string]scoring.ChallengeState{"c": {Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))}}
		},
		"offset 100h": func(r *AgentRecord) {
			r.State.Challenges = map[string]scoring.ChallengeState{"c": {Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", -100*3600))}}
		},
		"nan share": func(r *AgentRecord) {
			r.State.Challenges = map[string]scoring.ChallengeState{"c": {Shares: map[string]float64{"a": math.NaN()}}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			r := &AgentRecord{Org: "o", State: scoring.AgentState{ID: "a"}}
			mutate(r)
			_, err := json.Marshal(r)
			require.Error(t, err)
			checkAgent(t, r)
			// The failed record's encoder goes back to the pool; its error
			// must not stay with it.
			checkAgent(t, &AgentRecord{Org: "o"})
		})
	}
}

// TestAppendFloatMatchesEncodingJSON covers the integer shortcut of the
// float writer at its bounds, beyond what random records reach.
func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	var fs []float64
	for d := -1000.0; d <= 1000; d++ {
		fs = append(fs, d, 1<<53+d, -(1<<53)+d, 1<<52+d/2, 1e15+d/4, 1e21+d*1e6)
	}
	for exp := -330; exp <= 310; exp++ {
		fs = append(fs, math.Pow(10, float64(exp)), -math.Pow(10, float64(exp)), math.Ldexp(1, exp), math.Ldexp(3, exp))
	}
	rnd := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		fs = append(fs, float64(rnd.Int64()>>rnd.IntN(64)), math.Float64frombits(rnd.Uint64()), math.Trunc(rnd.NormFloat64()*1e6)/100)
	}
	var e jsonEncoder
	for _, f := range fs {
		want, err := json.Marshal(f)
		if err != nil {
			continue // NaN from random bits
		}
		if got := e.appendFloat(nil, f); !bytes.Equal(want, got) {
			t.Fatalf("%b: json.Marshal %s, appender %s", f, want, got)
		}
	}
}

// TestAppendRecordEdgeCases pins the distinctions encoding/json makes that
// random records hit only now and then.
func TestAppendRecordEdgeCases(t *testing.T) {
	for _, r := range []*AgentRecord{
		{},
		{Reached: map[string]uint64{}, Daily: []scoring.Totals{}},
		{State: scoring.AgentState{Periods: map[string]scoring.Totals{}, Recent: []string{}}},
		{State: scoring.AgentState{
			Counters: map[string]map[string]scoring.Count{"nil": nil, "empty": {}},
			History:  map[string][]scoring.DayValue{"nil": nil, "empty": {}},
			Caps:     map[string]scoring.Totals{"c": {Categories: map[string]int64{}}},
		}},
		{Daily: []scoring.Totals{{}, {Categories: map[string]int64{"b": 1, "a": 2, "B": 3, "é": 4, "\xff": 5, "": 6}}}},
		{State: scoring.AgentState{Challenges: map[string]scoring.ChallengeState{
			"c": {Shares: map[string]float64{}, Adaptive: true, Start: time.Date(2026, 3, 29, 1, 59, 59, 999999999, stockholm)},
		}}},
	} {
		checkAgent(t, r)
	}
	checkTeam(t, &TeamRecord{})
	checkTeam(t, &TeamRecord{Reached: map[string]uint64{}, State: scoring.TeamState{Goals: map[string]scoring.ChallengeState{}}})
}

// realisticRecords runs the default ruleset over a month of one agent's
// work, so the records have the shape and size the projector stores.
func realisticRecords(t testing.TB) (*AgentRecord, *TeamRecord) {
	t.Helper()
	eng, err := scoring.Compile(scoring.DefaultRuleset())
	require.NoError(t, err)
	var org scoring.OrgState
	day0 := time.Date(2026, 11, 2, 8, 0, 0, 0, stockholm)
	_, err = eng.Launch(&org, scoring.LaunchRequest{ID: "blitz-1", Challenge: "team_blitz", Team: "t-1",
		Start: day0, Deadline: day0.AddDate(0, 0, 40), By: "boss"})
	require.NoError(t, err)
	agent := &AgentRecord{Org: "acme", Reached: map[string]uint64{}}
	team := &TeamRecord{Org: "acme", Reached: map[string]uint64{}}
	types := []string{"survey.completed", "ticket.solved", "call.completed", "chat.completed", "qa.review",
		"training.completed", "kudos.received", "schedule.adherence"}
	rnd := rand.New(rand.NewPCG(3, 4))
	const events = 300
	for i := range events {
		at := day0.Add(time.Duration(i/10)*24*time.Hour + time.Duration(i%10)*37*time.Minute)
		ev := scoring.Event{
			ID: fmt.Sprintf("ev-%d", i), Type: types[rnd.IntN(len(types))], Agent: "a-1", Team: "t-1", Time: at,
			Metrics: map[string]any{
				"csat": float64(1 + rnd.IntN(5)), "first_contact_resolution": rnd.IntN(2) == 0, "fcr": true,
				"handle_seconds": float64(60 + rnd.IntN(600)), "score": float64(60 + rnd.IntN(41)), "adherence": 0.9 + rnd.Float64()/10,
			},
		}
		eng.ApplyOrg(&org, &agent.State, &team.State, ev)
		seq := uint64(1000 + i)
		for p := range agent.State.Periods {
			agent.Reached[p] = seq
		}
		for p := range team.State.Periods {
			team.Reached[p] = seq
		}
		if day := agent.State.Periods["day"]; len(agent.Daily) == 0 || agent.Daily[len(agent.Daily)-1].Key != day.Key {
			agent.Daily = append(agent.Daily, day)
		} else {
			agent.Daily[len(agent.Daily)-1] = day
		}
	}
	if len(agent.Daily) > MaxDaily {
		agent.Daily = agent.Daily[len(agent.Daily)-MaxDaily:]
	}
	return agent, team
}

func TestAppendRealisticRecords(t *testing.T) {
	agent, team := realisticRecords(t)
	// The record must have the parts that make encoding expensive, or this
	// test compares little.
	require.NotEmpty(t, agent.State.Counters)
	require.NotEmpty(t, agent.State.History)
	require.NotEmpty(t, agent.State.Badges)
	require.NotEmpty(t, agent.State.Streaks)
	require.NotEmpty(t, agent.State.Challenges)
	require.NotEmpty(t, agent.State.Caps)
	require.NotEmpty(t, team.State.Goals)
	require.NotEmpty(t, team.State.Challenges)
	checkAgent(t, agent)
	checkTeam(t, team)
	b, err := json.Marshal(agent)
	require.NoError(t, err)
	t.Logf("agent record: %d bytes of JSON", len(b))
}

// FuzzAppendAgentRecord feeds the appender whatever encoding/json can
// decode into a record.
//
// The seeds are small on purpose: the fuzzer minimizes every new
// interesting input, and minimizing one grown from a month-long record
// takes longer than a short -fuzztime, so the run stalls and ends in
// "context deadline exceeded" (go.dev/issue/75804).
func FuzzAppendAgentRecord(f *testing.F) {
	f.Add([]byte(`{"org":"acme","state":{"id":"a-1","team":"t-1","xp":120,"level":1,` +
		`"periods":{"day":{"key":"2026-11-24","points":20,"categories":{"quality":15,"volume":5}}},` +
		`"seasons":{"s1":{"key":"s1","points":3}},"caps":{"call.completed":{"key":"2026-11-24","points":5}},` +
		`"counters":{"csat":{"week":{"key":"2026-W48","n":3,"sum":13,"min":4,"max":5}}},` +
		`"history":{"csat":[{"day":"2026-11-24","value":4.333333333333333}]},"day":"2026-11-24",` +
		`"badges":{"quality_day":{"tier":1,"best":1,"key":"2026-11-24","awards":2,"event":"ev-9","version":2}},` +
		`"streaks":{"happy_shifts":{"current":2,"best":5,"start":"2026-11-23","last":"2026-11-24","missed":1,"freezes":2,"frozen":1}},` +
		`"challenges":{"daily_delight":{"challenge":"daily_delight","key":"2026-11-24","start":"2026-11-24T00:00:00+01:00",` +
		`"deadline":"2026-11-25T00:00:00.5+01:00","target":3.3000000000000003,"value":{"key":"2026-11-24","n":1,"sum":1,"min":1,"max":1},` +
		`"progress":1,"status":"active","event":"ev-9","shares":{"a-1":0.25},"version":2,"adaptive":true}},` +
		`"recent":["ev-8","ev-9"],"events":9,"version":2},"reached":{"day":41,"all":7},` +
		`"daily":[{"key":"2026-11-24","points":20,"categories":{"quality":15}}]}`))
	f.Add([]byte(`{"org":"<a&b>","state":{"id":"\u2028\ud800","periods":null,"counters":{"x":null,"y":{}},"history":{"h":[]}},"reached":{}}`))
	f.Add([]byte(`{"state":{"challenges":{"c":{"start":"0000-01-01T00:00:00+23:59","target":1e-7,"progress":1e21,"value":{"sum":-0}}}},"daily":[{"categories":{}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r AgentRecord
		if json.Unmarshal(data, &r) != nil {
			t.Skip()
		}
		checkAgent(t, &r)
	})
}

func BenchmarkEncodeAgentRecord(b *testing.B) {
	agent, _ := realisticRecords(b)
	want, err := json.Marshal(agent)
	require.NoError(b, err)
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(want)))
		for b.Loop() {
			if _, err := json.Marshal(agent); err != nil {
				b.Fatal(err)
			}
		}
	})
	// As a caller reusing its buffer uses it.
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(want)))
		var buf []byte
		for b.Loop() {
			buf, err = appendAgentRecord(buf[:0], agent)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	// As encodeRecords would use it: a new slice per record, which the
	// store keeps.
	b.Run("append-fresh", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(want)))
		for b.Loop() {
			if _, err := appendAgentRecord(make([]byte, 0, len(want)), agent); err != nil {
				b.Fatal(err)
			}
		}
	})
}
