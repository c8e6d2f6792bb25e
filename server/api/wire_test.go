package api

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/server/auth"
	"scorecast/server/projector"
	"scorecast/server/store"
	"scorecast/shared"
)

// filled is a T with every field set to something other than its zero
// value, so that a field a conversion drops or renames shows in its JSON.
func filled[T any]() T {
	var v T
	fill(reflect.ValueOf(&v).Elem(), 1)
	return v
}

func fill(v reflect.Value, n int) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(2026, 12, 7, 10, n, 0, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+n%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(n))
	case reflect.Uint64, reflect.Uint32, reflect.Uint:
		v.SetUint(uint64(n))
	case reflect.Float64:
		v.SetFloat(float64(n) + 0.5)
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[json.RawMessage]() {
			v.SetBytes([]byte(`{"any":["json"]}`))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n+i+1)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, n+1)
		fill(e, n+2)
		v.SetMapIndex(k, e)
	case reflect.Interface:
		v.Set(reflect.ValueOf(float64(n)))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n+1)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			fill(v.Field(i), n+i+1)
			if enum, _, ok := strings.Cut(f.Tag.Get("enum"), ","); ok {
				v.Field(i).SetString(enum) // a field of a fixed set of values holds one of them
			}
		}
	}
}

// The wire types answer exactly the JSON the domain's and the store's types
// answered before them, which the PWA and outside clients read.
func TestWireKeepsTheDomainsJSON(t *testing.T) {
	same := func(name string, domain, wire any) {
		t.Helper()
		d, err := json.Marshal(domain)
		require.NoError(t, err)
		w, err := json.Marshal(wire)
		require.NoError(t, err)
		require.JSONEq(t, string(d), string(w), name)
	}
	key := filled[store.IngestKey]()
	same("ingest key", key, shared.IngestKey(key))
	d := filled[store.Display]()
	same("display", d, shared.Display(d))
	a := filled[store.AuditEntry]()
	same("audit entry", a, shared.AuditEntry(a))
	tp := filled[store.TeamProfile]()
	same("team profile", tp, shared.TeamProfile(tp))
	inst := filled[scoring.ChallengeInstance]()
	same("challenge instance", inst, shared.ChallengeInstance(inst))
	p := filled[scoring.Problem]()
	same("problem", []scoring.Problem{p}, problemsOf([]scoring.Problem{p}))
	rp := filled[projector.RuleProblem]()
	same("rule problems", map[string]any{"problems": []projector.RuleProblem{rp}}, ruleProblemsOf([]projector.RuleProblem{rp}))
	rep := filled[scoring.SimulationReport]()
	same("simulation report", rep, reportOf(rep))
	same("empty simulation report", scoring.SimulationReport{}, reportOf(scoring.SimulationReport{}))
	ev := filled[scoring.Event]()
	same("event", ev, shared.Event(ev))
	id := filled[auth.Identity]()
	same("identity", id, identityOf(id))

	u := filled[store.User]()
	var user map[string]any
	b, err := json.Marshal(userOf(u))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &user))
	require.NotContains(t, user, "password_hash", "a user's answer carries no secret")
	require.Equal(t, true, user["login"])
}
