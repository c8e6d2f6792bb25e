package api

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"scorecast/server/httpx"
	"scorecast/shared"
)

// Media types of the API's bodies.
const (
	mediaJSON   = "application/json"
	mediaNDJSON = "application/x-ndjson"
	mediaCSV    = "text/csv"
	mediaText   = "text/plain"
)

// body is a request's or an answer's body as the document describes it:
// its media type and a value of its Go type (nil: any value, or text; a
// oneOf: a value of any of its types).
type body struct {
	media string
	of    any
}

// oneOf is a body that may be a value of any of its values' types.
type oneOf []any

// answer is one status a route answers with, and its bodies (none: empty).
type answer struct {
	status int
	bodies []body
}

// param is a query parameter; its schema is a string's unless given.
type param struct {
	name, description string
	schema            map[string]any
}

// between is the schema of a whole number from min to max.
func between(min, max int) map[string]any {
	return map[string]any{"type": "integer", "minimum": min, "maximum": max}
}

// reply is an answer with a JSON body of v's type.
func reply(status int, v any) answer {
	return answer{status: status, bodies: []body{{mediaJSON, v}}}
}

// empty is an answer without a body.
func empty(status int) answer { return answer{status: status} }

// jsonBody is a request body of v's type.
func jsonBody(v any) []body { return []body{{mediaJSON, v}} }

// openAPI answers the OpenAPI 3.1 document of every route.
func (h *handlers) openAPI(w http.ResponseWriter, _ *http.Request) {
	httpx.JSON(w, http.StatusOK, h.document())
}

// document is the OpenAPI 3.1 document of routes, its schemas made from
// the shared types the handlers answer with. Every operation also answers
// its errors as shared.Error (4XX, 5XX) unless it lists another type for a
// status.
func document(routes []route) map[string]any {
	schemas := newSchemaSet()
	errSchema := schemas.of(reflect.TypeFor[shared.Error]())
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.pattern, " ")
		failure := map[string]any{"description": "An error", "content": map[string]any{mediaJSON: map[string]any{"schema": errSchema}}}
		responses := map[string]any{"4XX": failure, "5XX": failure}
		for _, a := range rt.out {
			resp := map[string]any{"description": http.StatusText(a.status)}
			if slices.ContainsFunc(a.bodies, func(b body) bool { return b.media == mediaNDJSON }) {
				resp["description"] = http.StatusText(a.status) + "; as " + mediaNDJSON + " (asked for with Accept), one JSON value of its schema per line"
			}
			if len(a.bodies) > 0 {
				resp["content"] = content(schemas, a.bodies)
			}
			responses[strconv.Itoa(a.status)] = resp
		}
		op := map[string]any{
			"operationId": operationID(method, path),
			"summary":     rt.summary,
			"description": "Who may call it: " + rt.who + ".",
			"responses":   responses,
		}
		if len(rt.in) > 0 {
			op["requestBody"] = map[string]any{"required": true, "content": content(schemas, rt.in)}
		}
		var params []any
		for _, part := range strings.Split(path, "/") {
			if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
				params = append(params, map[string]any{"name": strings.Trim(part, "{}"), "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
			}
		}
		for _, q := range rt.query {
			schema := q.schema
			if schema == nil {
				schema = map[string]any{"type": "string"}
			}
			params = append(params, map[string]any{"name": q.name, "in": "query", "description": q.description, "schema": schema})
		}
		if params != nil {
			op["parameters"] = params
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Scorecast API", "version": "v1",
			"description": "The REST API of Scorecast. Its schemas are made from the Go types of package shared that the server answers with."},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas.components},
	}
}

// content is the content map of bodies: a schema of the Go type for JSON,
// a string for text, any line of JSON for NDJSON.
func content(schemas *schemaSet, bodies []body) map[string]any {
	out := map[string]any{}
	for _, b := range bodies {
		var schema map[string]any
		switch alts, isOneOf := b.of.(oneOf); {
		case isOneOf:
			var each []any
			for _, v := range alts {
				each = append(each, schemas.of(reflect.TypeOf(v)))
			}
			schema = map[string]any{"oneOf": each}
		case b.of != nil:
			schema = schemas.of(reflect.TypeOf(b.of))
		case b.media == mediaJSON:
			schema = map[string]any{}
		default:
			schema = map[string]any{"type": "string"}
		}
		out[b.media] = map[string]any{"schema": schema}
	}
	return out
}

// operationID names an operation after its method and path, e.g.
// "getAgentsIdTrend" for GET /api/v1/agents/{id}/trend.
func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, part := range strings.Split(strings.TrimPrefix(path, "/api/v1"), "/") {
		part = strings.Trim(part, "{}.")
		for _, word := range strings.FieldsFunc(part, func(r rune) bool { return r == '.' || r == '_' || r == '-' }) {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}
