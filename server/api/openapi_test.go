package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/server/api/apitest"
	"scorecast/shared"
)

// served is the document GET /api/v1/openapi.json answers, and a validator of it.
func served(t *testing.T) (*apitest.Validator, []route) {
	t.Helper()
	h := newHandlers(Config{})
	rec := httptest.NewRecorder()
	h.openAPI(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	v, err := apitest.New(context.Background(), rec.Body.Bytes())
	require.NoError(t, err, "the document must be valid OpenAPI 3.1")
	return v, append(h.routes(), external...)
}

// exchange is a request to pattern's path (every {param} "x") with a JSON
// body (nil: none), answered with status and a JSON body.
func exchange(pattern string, in any, status int, out []byte) apitest.Exchange {
	var reqBody []byte
	if in != nil {
		reqBody, _ = json.Marshal(in)
	}
	return rawExchange(pattern, mediaJSON, reqBody, status, out)
}

func rawExchange(pattern, media string, reqBody []byte, status int, out []byte) apitest.Exchange {
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.NewReplacer("{id}", "x", "{board}", "x", "{poll}", "x").Replace(path)
	req := httptest.NewRequest(method, "http://scorecast.test"+path, bytes.NewReader(reqBody))
	req.Header.Set("Content-Type", media)
	return apitest.Exchange{Request: req, RequestBody: reqBody, Status: status,
		Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, Body: out}
}

// valueOf is a value of v's type: its zero value (nil lists and maps: the
// nulls encoding/json writes) or one with every field set. A field of a
// fixed set of values holds the first.
func valueOf(v any, full bool) any {
	p := reflect.New(reflect.TypeOf(v))
	if full {
		fill(p.Elem(), 1)
	} else {
		firstEnums(p.Elem())
	}
	return p.Interface()
}

func firstEnums(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		switch enum, _, _ := strings.Cut(f.Tag.Get("enum"), ","); {
		case enum != "":
			v.Field(i).SetString(enum)
		case f.Type.Kind() == reflect.Struct && f.IsExported():
			firstEnums(v.Field(i))
		}
	}
}

// Every route says what it answers, and every value of the types it names,
// empty or full, matches the schema the document made of that type; so do
// the request bodies it takes.
func TestEveryRouteHasItsSchemas(t *testing.T) {
	v, routes := served(t)
	for _, rt := range routes {
		method, _, _ := strings.Cut(rt.pattern, " ")
		success := false
		for _, a := range rt.out {
			success = success || a.status/100 == 2 || a.status == http.StatusSwitchingProtocols
		}
		require.True(t, success, "%s lists no answer but errors", rt.pattern)
		if (method == http.MethodPost || method == http.MethodPut) && rt.pattern != "POST /api/v1/displays/pairing" {
			require.NotEmpty(t, rt.in, "%s takes a body the document does not describe", rt.pattern)
		}
		media, in := mediaJSON, []byte(nil)
		if len(rt.in) > 0 {
			media, in = rt.in[0].media, []byte(`{}`)
			sample := rt.in[0].of
			if alts, ok := sample.(oneOf); ok {
				sample = alts[len(alts)-1]
			}
			if sample != nil {
				in, _ = json.Marshal(valueOf(sample, true))
			} else if media != mediaJSON {
				in = []byte("text")
			}
		}
		for _, a := range rt.out {
			for _, b := range a.bodies {
				if b.of == nil || b.media != mediaJSON {
					continue
				}
				for _, full := range []bool{false, true} {
					out, err := json.Marshal(valueOf(b.of, full))
					require.NoError(t, err)
					require.NoError(t, v.Check(context.Background(), rawExchange(rt.pattern, media, in, a.status, out)), "%s %d full=%t", rt.pattern, a.status, full)
				}
			}
		}
	}
}

// The validator the e2e tests use fails an answer or an accepted request
// that departs from the document, and says how.
func TestAnswersThatDepartFromTheDocumentFail(t *testing.T) {
	v, _ := served(t)
	const user = `{"id":"a","name":"A","role":"agent","login":true,"created":"2026-12-07T10:00:00Z"}`
	ctx := context.Background()
	require.NoError(t, v.Check(ctx, exchange("GET /api/v1/users", nil, 200, []byte(`{"users":[`+user+`]}`))), "a right answer")
	withType := func(ex apitest.Exchange, ct string) apitest.Exchange {
		ex.Header.Set("Content-Type", ct)
		return ex
	}
	simulation := shared.SimulateRequest{Ruleset: json.RawMessage(`{}`), From: time.Now()}
	for _, c := range []struct {
		name, want string
		ex         apitest.Exchange
	}{
		{"a role out of its set", `"/users/0/role": value is not one of the allowed values`,
			exchange("GET /api/v1/users", nil, 200, []byte(`{"users":[`+strings.Replace(user, `"agent"`, `"boss"`, 1)+`]}`))},
		{"a field the type has not", `property "total" is unsupported`,
			exchange("GET /api/v1/users", nil, 200, []byte(`{"users":[],"total":0}`))},
		{"a required field missing", `"/users/0/name": property "name" is missing`,
			exchange("GET /api/v1/users", nil, 200, []byte(`{"users":[{"id":"a"}]}`))},
		{"a field of another type", `"/users": value must be one of array, null`,
			exchange("GET /api/v1/users", nil, 200, []byte(`{"users":"none"}`))},
		{"a time that is not one", `"/users/0/created": string doesn't match the format "date-time"`,
			exchange("GET /api/v1/users", nil, 200, []byte(`{"users":[`+strings.Replace(user, `"2026-12-07T10:00:00Z"`, `"yesterday"`, 1)+`]}`))},
		{"an error of another shape", `property "message" is unsupported`,
			exchange("GET /api/v1/users", nil, 403, []byte(`{"message":"no"}`))},
		{"a status not listed", "status is not supported",
			exchange("DELETE /api/v1/users/{id}", nil, 200, []byte(`{}`))},
		{"an operation not listed", "no such operation",
			exchange("PATCH /api/v1/users/{id}", nil, 200, []byte(`{}`))},
		{"an accepted request of another shape", `was accepted (200) with a request the OpenAPI document does not allow`,
			exchange("PUT /api/v1/users/{id}", map[string]any{"name": "A", "role": "boss"}, 200, []byte(user))},
		{"an accepted query out of range", `parameter "limit" in query has an error`,
			exchange("GET /api/v1/leaderboards/{board}?limit=9999", nil, 200, []byte(`{"board":"agents","period":"day","key":"2026-12-07","entries":[],"at":1}`))},
		{"another content type", `content type "text/plain" is not one the document lists`,
			withType(exchange("GET /api/v1/users", nil, 200, []byte(`users: none`)), "text/plain")},
		{"an NDJSON line of another shape", "line 2 does not match its schema",
			withType(exchange("POST /api/v1/ruleset/simulate", simulation, 200, []byte("{\"progress\":{\"inputs\":1,\"percent\":50}}\n{\"progress\":{\"done\":true}}\n")), "application/x-ndjson")},
	} {
		err := v.Check(ctx, c.ex)
		require.Error(t, err, c.name)
		require.Contains(t, err.Error(), c.want, c.name)
	}
}
