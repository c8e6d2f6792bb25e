package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"scorecast/server/api/apitest"
)

// checkedTransport checks every exchange of a test with the server under
// test against the OpenAPI document that server serves (apitest.Check):
// each answer's status, content type and body, and each request body it
// accepted. A mismatch fails the test, with what departs and the body.
type checkedTransport struct {
	tb   testing.TB
	api  *apitest.Validator
	next http.RoundTripper
}

// client is an HTTP client for tb whose exchanges with s are checked.
func (s *server) client(tb testing.TB) *http.Client {
	return &http.Client{Transport: checkedTransport{tb: tb, api: s.api, next: http.DefaultTransport}}
}

// loadDocument reads the document the server serves; apitest.Fetch fails
// unless it is valid OpenAPI.
func (s *server) loadDocument() {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	api, err := apitest.Fetch(ctx, http.DefaultClient, s.URL)
	require.NoError(s.t, err)
	s.api = api
}

func (c checkedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	ex := apitest.Exchange{Request: req, RequestBody: reqBody, Status: resp.StatusCode, Header: resp.Header}
	if resp.StatusCode != http.StatusSwitchingProtocols { // a WebSocket's body is the connection
		ex.Body, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(ex.Body))
	}
	if err := c.api.Check(req.Context(), ex); err != nil {
		c.tb.Errorf("OpenAPI: %v", err)
	}
	return resp, nil
}

// errorRecorder is a testing.TB that keeps what Errorf reports instead of
// failing the test.
type errorRecorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *errorRecorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// The tests' clients fail a test whose server answers other than its
// document says: here a stand-in for a broken server answers a list of
// users as a string, checked against the real server's document.
func TestAnswersAreCheckedAgainstTheServedDocument(t *testing.T) {
	s := startServer(t, "")
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"users":"none"}`)
	}))
	t.Cleanup(broken.Close)

	rec := &errorRecorder{TB: t}
	resp, err := s.client(rec).Get(broken.URL + "/api/v1/users")
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Len(t, rec.errs, 1)
	require.Contains(t, rec.errs[0], `GET /api/v1/users answered 200, not as the OpenAPI document says`)
	require.Contains(t, rec.errs[0], `"/users": value must be one of array, null`)

	rec = &errorRecorder{TB: t}
	a := newClient(rec, s)
	a.login("admin", adminPassword)
	status, out := a.do(http.MethodGet, "/api/v1/users", nil)
	require.Equal(t, http.StatusOK, status, string(out))
	require.Empty(t, rec.errs, "the real server's answers match its document")
}
