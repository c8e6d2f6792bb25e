// Package apitest checks HTTP exchanges against the OpenAPI document a
// Scorecast server serves, for tests: every answer's status, content type
// and body, and the body of every request the server accepted.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Validator checks exchanges against one document.
type Validator struct {
	router routers.Router
}

// New loads and validates an OpenAPI document.
func New(ctx context.Context, doc []byte) (*Validator, error) {
	loader := openapi3.NewLoader()
	loader.Context = ctx
	d, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}
	if err := d.Validate(ctx); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is not valid: %w", err)
	}
	router, err := gorillamux.NewRouter(d)
	if err != nil {
		return nil, fmt.Errorf("route the OpenAPI document: %w", err)
	}
	return &Validator{router: router}, nil
}

// Fetch loads the document a server at base (e.g. "http://127.0.0.1:8080")
// serves at /api/v1/openapi.json.
func Fetch(ctx context.Context, client *http.Client, base string) (*Validator, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/openapi.json", nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch the OpenAPI document: %w", err)
	}
	defer resp.Body.Close()
	doc, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read the OpenAPI document: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch the OpenAPI document: %s", resp.Status)
	}
	return New(ctx, doc)
}

// Exchange is one request and its answer, bodies read.
type Exchange struct {
	Request     *http.Request
	RequestBody []byte
	Status      int
	Header      http.Header // the answer's
	Body        []byte      // the answer's
}

// Check reports how ex departs from the document: an operation it does not
// have (outside /api/, and 404s and 405s, are let be), a status it does not
// list, another content type, or a body that does not match its schema. A
// request is checked only when the server accepted it (2xx), since tests
// send bad requests on purpose; a request body that is not JSON (NDJSON,
// CSV) is not. Of the answers that are not JSON, NDJSON is checked line by
// line and text for its content type only.
func (v *Validator) Check(ctx context.Context, ex Exchange) error {
	req := ex.Request.Clone(ctx)
	req.Body = io.NopCloser(bytes.NewReader(ex.RequestBody))
	route, params, err := v.router.FindRoute(req)
	switch {
	case err == nil:
	case !strings.HasPrefix(req.URL.Path, "/api/"):
		return nil // the PWA's pages and files, which are not the API's
	case ex.Status == http.StatusNotFound || ex.Status == http.StatusMethodNotAllowed:
		return nil // a test asking for what is not there, and told so
	default:
		return fmt.Errorf("%s %s answered %d, but the OpenAPI document has no such operation: %w", req.Method, req.URL.Path, ex.Status, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, ExcludeRequestBody: !isJSON(req.Header)}}
	if ex.Status/100 == 2 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return fmt.Errorf("%s %s was accepted (%d) with a request the OpenAPI document does not allow: %w", req.Method, req.URL.Path, ex.Status, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: ex.Status, Header: ex.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: !isJSON(ex.Header)}}
	out.SetBodyBytes(ex.Body)
	err = openapi3filter.ValidateResponse(ctx, out)
	if err == nil && !isJSON(ex.Header) {
		err = checkOther(route, ex)
	}
	if err != nil {
		return fmt.Errorf("%s %s answered %d, not as the OpenAPI document says: %w\nbody: %s", req.Method, req.URL.Path, ex.Status, err, clip(ex.Body))
	}
	return nil
}

// checkOther checks an answer that is not JSON, which kin-openapi leaves
// be: its content type must be one the document lists for its status, and
// each line of NDJSON must match the schema given for a line.
func checkOther(route *routers.Route, ex Exchange) error {
	resp := route.Operation.Responses.Status(ex.Status)
	if resp == nil || resp.Value == nil || len(resp.Value.Content) == 0 {
		return nil
	}
	ct := ex.Header.Get("Content-Type")
	media := resp.Value.Content.Get(ct)
	if media == nil {
		return fmt.Errorf("content type %q is not one the document lists", ct)
	}
	if mt, _, _ := mime.ParseMediaType(ct); mt != "application/x-ndjson" || media.Schema == nil {
		return nil
	}
	for i, line := range bytes.Split(ex.Body, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var v any
		if err := json.Unmarshal(line, &v); err != nil {
			return fmt.Errorf("line %d is not JSON: %w", i+1, err)
		}
		if err := media.Schema.Value.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse()); err != nil {
			return fmt.Errorf("line %d does not match its schema: %w", i+1, err)
		}
	}
	return nil
}

func isJSON(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

func clip(b []byte) string {
	const max = 2000
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
