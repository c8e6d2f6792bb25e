package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"testing"

	"github.com/stretchr/testify/require"
)

// browserClient is an HTTP client with a cookie jar that sends our Origin on
// every request, as the PWA in a browser does.
type browserClient struct {
	tb     testing.TB
	s      *server
	c      *http.Client
	origin string
}

func newClient(tb testing.TB, s *server) *browserClient {
	jar, err := cookiejar.New(nil)
	require.NoError(tb, err)
	c := s.client(tb)
	c.Jar = jar
	return &browserClient{tb: tb, s: s, c: c, origin: s.URL}
}

// do sends a JSON request and returns the status and body.
func (b *browserClient) do(method, path string, body any) (int, []byte) {
	b.tb.Helper()
	return b.doWith(method, path, body, "")
}

// doWith is do with an Authorization header.
func (b *browserClient) doWith(method, path string, body any, authorization string) (int, []byte) {
	b.tb.Helper()
	var r io.Reader
	if body != nil {
		switch v := body.(type) {
		case []byte:
			r = bytes.NewReader(v)
		default:
			data, err := json.Marshal(v)
			require.NoError(b.tb, err)
			r = bytes.NewReader(data)
		}
	}
	req, err := http.NewRequest(method, b.s.URL+path, r)
	require.NoError(b.tb, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if b.origin != "" {
		req.Header.Set("Origin", b.origin)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := b.c.Do(req)
	require.NoError(b.tb, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(b.tb, err)
	return resp.StatusCode, out
}

// login logs in and requires success.
func (b *browserClient) login(user, password string) {
	b.tb.Helper()
	status, out := b.do(http.MethodPost, "/api/v1/session", map[string]string{"user": user, "password": password})
	require.Equal(b.tb, http.StatusOK, status, string(out))
}

func admin(tb testing.TB, s *server) *browserClient {
	c := newClient(tb, s)
	c.login("admin", adminPassword)
	return c
}
