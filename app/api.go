package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// apiTimeout bounds one REST call from the page.
const apiTimeout = 20 * time.Second

// apiError is a non-2xx answer of the server, with its body kept for views
// that show more than the message (422 problems, 429 Retry-After).
type apiError struct {
	Status  int
	Message string
	Body    []byte
}

func (e *apiError) Error() string {
	if e.Message != "" {
		return e.Message
	}
	return fmt.Sprintf("HTTP %d", e.Status)
}

// statusOf is the HTTP status of err when the server answered, else 0.
func statusOf(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// apiCall is one REST request to the page's own server.
type apiCall struct {
	Method      string
	Path        string // absolute path, e.g. /api/v1/me
	JSON        any    // body encoded as JSON when non-nil
	Raw         []byte // body sent as is with ContentType
	ContentType string
	Accept      string
	Token       string // display token for Authorization: Bearer
	// IdemKey is sent as Idempotency-Key: a retry of the same request
	// (a double click, a lost answer) is then applied once.
	IdemKey string
}

// pageOrigin is the page's own origin; REST calls in the browser need an
// absolute URL.
func pageOrigin() *url.URL {
	if goapp.IsClient {
		if u := goapp.Window().URL(); u != nil {
			return &url.URL{Scheme: u.Scheme, Host: u.Host}
		}
	}
	return &url.URL{Scheme: "http", Host: "localhost"}
}

// do sends the call and returns the response on 2xx; any other status is an
// *apiError. The caller closes the body.
func (c apiCall) do(ctx context.Context) (*http.Response, error) {
	u, err := pageOrigin().Parse(c.Path)
	if err != nil {
		return nil, err
	}
	var body io.Reader
	ct := c.ContentType
	switch {
	case c.JSON != nil:
		b, err := json.Marshal(c.JSON)
		if err != nil {
			return nil, err
		}
		body, ct = bytes.NewReader(b), "application/json"
	case c.Raw != nil:
		body = bytes.NewReader(c.Raw)
	}
	method := c.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	accept := c.Accept
	if accept == "" {
		accept = "application/json"
	}
	req.Header.Set("Accept", accept)
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if c.IdemKey != "" {
		req.Header.Set("Idempotency-Key", c.IdemKey)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	ae := &apiError{Status: resp.StatusCode, Body: b}
	var e shared.Error
	if json.Unmarshal(b, &e) == nil {
		ae.Message = e.Error
	}
	if ae.Message == "" {
		ae.Message = strings.TrimSpace(resp.Status)
	}
	return nil, ae
}

// fetch runs the call and decodes a JSON answer into out (nil: ignore it).
func (c apiCall) fetch(ctx context.Context, out any) error {
	rctx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	resp, err := c.do(rctx)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	if out == nil || len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	return json.Unmarshal(b, out)
}

// getJSON is a GET of path into out.
func getJSON(ctx context.Context, path string, out any) error {
	return apiCall{Path: path}.fetch(ctx, out)
}

// sendJSON is a state-changing call with a JSON body.
func sendJSON(ctx context.Context, method, path string, in, out any) error {
	return apiCall{Method: method, Path: path, JSON: in}.fetch(ctx, out)
}

// decodeJSON is json.Unmarshal, named for the call sites that read error
// bodies.
func decodeJSON(b []byte, v any) error { return json.Unmarshal(b, v) }
