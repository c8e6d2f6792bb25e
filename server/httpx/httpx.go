// Package httpx holds the JSON answer helpers that every HTTP handler of the
// server shares, so that every error has the same shape: {"error": "..."}.
package httpx

import (
	"encoding/json"
	"net/http"

	"scorecast/shared"
)

// JSON writes v as the JSON body with status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Error writes {"error": msg} with status.
func Error(w http.ResponseWriter, status int, msg string) {
	JSON(w, status, shared.Error{Error: msg})
}
