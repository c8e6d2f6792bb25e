package webapp_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/server/webapp"
)

// wasm stands in for app.wasm: the handler only serves and hashes it.
var wasm = bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 not a real module "), 64)

// webDir writes a web folder as `make build` leaves it: app.wasm, its
// brotli and gzip variants when asked for, and a few static files.
func webDir(tb testing.TB, variants ...string) string {
	tb.Helper()
	dir := tb.TempDir()
	write := func(name string, data []byte) {
		tb.Helper()
		require.NoError(tb, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	write("app.wasm", wasm)
	for _, v := range variants {
		var buf bytes.Buffer
		var w io.WriteCloser
		switch v {
		case "br":
			w = brotli.NewWriter(&buf)
		case "gzip":
			w = gzip.NewWriter(&buf)
		default:
			tb.Fatalf("no variant %q", v)
		}
		_, err := w.Write(wasm)
		require.NoError(tb, err)
		require.NoError(tb, w.Close())
		write(map[string]string{"br": "app.wasm.br", "gzip": "app.wasm.gz"}[v], buf.Bytes())
	}
	write("app.css", []byte("body { color: white }"))
	write("icon-192.png", []byte("\x89PNG\r\n\x1a\n icon"))
	require.NoError(tb, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	write("sub/note.txt", []byte("a file below"))
	return dir
}

// serve runs the handler on a real HTTP server.
func serve(tb testing.TB, dir string) (*webapp.Handler, *httptest.Server) {
	tb.Helper()
	h, err := webapp.New(webapp.Config{Dir: dir})
	require.NoError(tb, err)
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return h, srv
}

// get fetches path with the Accept-Encoding given ("" sends none) and
// returns the answer with its body as sent, not decompressed.
func get(tb testing.TB, srv *httptest.Server, path, acceptEncoding string, header ...string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequestWithContext(tb.Context(), http.MethodGet, srv.URL+path, nil)
	require.NoError(tb, err)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(tb, err)
	return resp, body
}

// decode undoes the Content-Encoding of an answer.
func decode(tb testing.TB, encoding string, body []byte) []byte {
	tb.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch encoding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		require.NoError(tb, err)
		r = zr
	case "":
	default:
		tb.Fatalf("unexpected Content-Encoding %q", encoding)
	}
	out, err := io.ReadAll(r)
	require.NoError(tb, err)
	return out
}

func TestWasmIsServedPrecompressedAsTheClientAccepts(t *testing.T) {
	_, srv := serve(t, webDir(t, "br", "gzip"))
	for _, tc := range []struct {
		accept, want string
	}{
		{"gzip, deflate, br, zstd", "br"}, // Chromium's
		{"br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"BR;q=0.5", "br"},
		{"gzip;q=0", ""},
		{"deflate", ""},
		{"", ""},
	} {
		t.Run("accept "+tc.accept, func(t *testing.T) {
			resp, body := get(t, srv, "/web/app.wasm", tc.accept)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tc.want, resp.Header.Get("Content-Encoding"))
			assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
			assert.Equal(t, "Accept-Encoding", resp.Header.Get("Vary"), "caches keep one copy per encoding")
			assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"), "revalidated, so a new build is seen")
			assert.Equal(t, wasm, decode(t, tc.want, body))
			if tc.want != "" {
				assert.Less(t, len(body), len(wasm), "the compressed file is sent")
			}
		})
	}
}

// TestWasmFallsBackWhenAVariantIsMissing: a build that made only the gzip
// variant still serves a brotli client, with gzip.
func TestWasmFallsBackWhenAVariantIsMissing(t *testing.T) {
	_, srv := serve(t, webDir(t, "gzip"))
	resp, body := get(t, srv, "/web/app.wasm", "br, gzip")
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	assert.Equal(t, wasm, decode(t, "gzip", body))

	_, srv = serve(t, webDir(t))
	resp, body = get(t, srv, "/web/app.wasm", "br, gzip")
	assert.Empty(t, resp.Header.Get("Content-Encoding"))
	assert.Equal(t, wasm, body)
}

// TestWasmPaths: go-app asks for the wasm under several names, with and
// without the version prefix; all get the precompressed file.
func TestWasmPaths(t *testing.T) {
	h, srv := serve(t, webDir(t, "br"))
	for _, path := range []string{"/web/app.wasm", "/app.wasm", "/goapp.wasm", "/" + h.Version() + "/web/app.wasm"} {
		resp, body := get(t, srv, path, "br")
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, "br", resp.Header.Get("Content-Encoding"), path)
		assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"), path)
		assert.Equal(t, wasm, decode(t, "br", body), path)
	}
}

// TestWasmAnswersRevalidation: with no-cache, a browser asks again on every
// load; an unchanged wasm costs a 304, not megabytes.
func TestWasmAnswersRevalidation(t *testing.T) {
	_, srv := serve(t, webDir(t, "br"))
	resp, _ := get(t, srv, "/web/app.wasm", "br")
	modified := resp.Header.Get("Last-Modified")
	require.NotEmpty(t, modified)
	resp, body := get(t, srv, "/web/app.wasm", "br", "If-Modified-Since", modified)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)
	assert.Empty(t, body)
}

func TestVersionIsTheWasmsHash(t *testing.T) {
	dir := webDir(t)
	h, err := webapp.New(webapp.Config{Dir: dir})
	require.NoError(t, err)
	sum := sha256.Sum256(wasm)
	assert.Equal(t, hex.EncodeToString(sum[:])[:16], h.Version())

	// A new build is a new version, which the service worker's cache name
	// carries, so browsers drop the old files.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.wasm"), append(wasm, 1), 0o644))
	h2, err := webapp.New(webapp.Config{Dir: dir})
	require.NoError(t, err)
	assert.NotEqual(t, h.Version(), h2.Version())
	srv := httptest.NewServer(h2)
	defer srv.Close()
	resp, body := get(t, srv, "/app-worker.js", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), h2.Version())
	assert.NotContains(t, string(body), h.Version())
}

func TestNewFailsWithoutTheWasm(t *testing.T) {
	_, err := webapp.New(webapp.Config{Dir: filepath.Join(t.TempDir(), "no-such-dir")})
	require.ErrorIs(t, err, fs.ErrNotExist)

	dir := webDir(t)
	require.NoError(t, os.Remove(filepath.Join(dir, "app.wasm")))
	_, err = webapp.New(webapp.Config{Dir: dir})
	require.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "make build", "the error says what to do")
}

func TestDirDefaultsToWeb(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Rename(webDir(t), filepath.Join(dir, "web")))
	t.Chdir(dir)
	h, err := webapp.New(webapp.Config{})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	_, body := get(t, srv, "/web/app.wasm", "")
	assert.Equal(t, wasm, body)
}

// TestPages: the PWA's routes are pages, anything else is not found, and
// pages are revalidated against the build's version.
func TestPages(t *testing.T) {
	h, srv := serve(t, webDir(t))
	for _, path := range []string{"/", "/login", "/wallboard", "/display", "/supervisor", "/admin", "/agent/a-1"} {
		resp, body := get(t, srv, path, "")
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, "text/html", resp.Header.Get("Content-Type"), path)
		assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"), path)
		assert.Contains(t, string(body), "<title>Scorecast</title>", path)
		assert.Contains(t, resp.Header.Get("Etag"), h.Version(), path)
	}
	for _, path := range []string{"/agent", "/agent/a-1/more", "/nowhere"} {
		resp, _ := get(t, srv, path, "")
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, path)
	}

	resp, body := get(t, srv, "/manifest.webmanifest", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "application/manifest+json", resp.Header.Get("Content-Type"))
	assert.Contains(t, string(body), `"name":"Scorecast"`)
}

func TestStaticFiles(t *testing.T) {
	h, srv := serve(t, webDir(t))
	for _, path := range []string{"/web/app.css", "/" + h.Version() + "/web/app.css"} {
		resp, body := get(t, srv, path, "")
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, "text/css; charset=utf-8", resp.Header.Get("Content-Type"), path)
		assert.Equal(t, "body { color: white }", string(body), path)
	}
	resp, body := get(t, srv, "/web/sub/note.txt", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "a file below", string(body))

	resp, body = get(t, srv, "/favicon.ico", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "image/png", resp.Header.Get("Content-Type"))
	assert.Equal(t, "\x89PNG\r\n\x1a\n icon", string(body))

	// Nothing outside the web folder, and no directory listing.
	dir := webDir(t)
	require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.txt"), []byte("secret"), 0o644))
	_, srv = serve(t, dir)
	for _, path := range []string{"/web/", "/web/sub/", "/web/nothing.css", "/web/../secret.txt", "/web/%2e%2e/secret.txt"} {
		resp, body := get(t, srv, path, "")
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, "%s: %s", path, body)
		assert.NotContains(t, string(body), "app.wasm", path)
		assert.NotContains(t, string(body), "secret", path)
	}
}
