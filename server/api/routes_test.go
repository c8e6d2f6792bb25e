package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The OpenAPI document lists every route the mux serves, each with its
// methods, because both come from one table.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	h := newHandlers(Config{})
	rec := httptest.NewRecorder()
	h.openAPI(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	routes := append(h.routes(), external...)
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("%s is not in the document", rt.pattern)
		}
		if rt.summary == "" || rt.who == "" {
			t.Errorf("%s has no summary or no caller", rt.pattern)
		}
	}
	n := 0
	for _, methods := range doc.Paths {
		n += len(methods)
	}
	if n != len(routes) {
		t.Errorf("the document has %d operations, the table %d routes", n, len(routes))
	}
	mux := http.NewServeMux()
	Register(mux, Config{}) // panics on a duplicate or malformed pattern
}
