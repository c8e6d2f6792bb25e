// Package webapp serves the PWA: go-app's handler for pages, and the static
// files under /web/, with app.wasm precompressed (brotli, gzip) at build time.
//
// Concurrency: the handler is safe for concurrent use; it reads the wasm's
// size and hash once at New.
package webapp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	pwa "scorecast/app"
)

// Config configures the web app.
type Config struct {
	// Dir is the web folder holding app.wasm, app.wasm.br, app.wasm.gz and
	// the static assets; default "web".
	Dir string
}

// Handler serves pages and static files.
type Handler struct {
	dir     string
	pages   *app.Handler
	static  http.Handler
	version string
}

// New reads app.wasm once, for its size and version, and builds the handler.
// A missing app.wasm is an error: `make build` produces it.
func New(cfg Config) (*Handler, error) {
	if cfg.Dir == "" {
		cfg.Dir = "web"
	}
	wasm := filepath.Join(cfg.Dir, "app.wasm")
	f, err := os.Open(wasm)
	if err != nil {
		return nil, fmt.Errorf("webapp: %w (run `make build` first)", err)
	}
	defer f.Close()
	h := sha256.New()
	size, err := io.Copy(h, f)
	if err != nil {
		return nil, fmt.Errorf("webapp: read %s: %w", wasm, err)
	}
	version := hex.EncodeToString(h.Sum(nil))[:16]
	pwa.Routes()
	return &Handler{
		dir:     cfg.Dir,
		pages:   pwa.Handler(version, int(size)),
		static:  http.StripPrefix("/web/", http.FileServer(http.Dir(cfg.Dir))),
		version: version,
	}, nil
}

// Version is the build's version, a hash of app.wasm.
func (h *Handler) Version() string { return h.version }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/"+h.version)
	switch {
	case path == "/web/app.wasm" || path == "/app.wasm" || path == "/goapp.wasm":
		h.serveWasm(w, r)
	case path == "/favicon.ico":
		w.Header().Set("Content-Type", "image/png")
		http.ServeFile(w, r, filepath.Join(h.dir, "icon-192.png"))
	case strings.HasPrefix(path, "/web/"):
		if strings.HasSuffix(path, "/") {
			http.NotFound(w, r) // no directory listings
			return
		}
		r2 := *r
		u := *r.URL
		u.Path = path
		r2.URL = &u
		h.static.ServeHTTP(w, &r2)
	default:
		h.pages.ServeHTTP(w, r)
	}
}

// serveWasm serves the precompressed variant the browser accepts.
func (h *Handler) serveWasm(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/wasm")
	w.Header().Set("Vary", "Accept-Encoding")
	w.Header().Set("Cache-Control", "no-cache")
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsEncoding(accept, enc.token) {
			continue
		}
		name := filepath.Join(h.dir, "app.wasm"+enc.ext)
		if _, err := os.Stat(name); err != nil {
			continue
		}
		w.Header().Set("Content-Encoding", enc.token)
		http.ServeFile(w, r, name)
		return
	}
	http.ServeFile(w, r, filepath.Join(h.dir, "app.wasm"))
}

func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), token) {
			return !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") || strings.Contains(params, "q=0.")
		}
	}
	return false
}
