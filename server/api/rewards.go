package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"scorecast/scoring/rewards"
	"scorecast/server/auth"
	"scorecast/server/httpx"
	"scorecast/server/projector"
	"scorecast/server/store"
)

// Recognition and rewards: every change (kudos, hiding one, a store item,
// a redemption and its review, a wallet adjustment, a spotlight) is a
// command in the stream, decided by the projector in stream order. A
// handler checks what it can first, publishes, waits for its sequence to
// be applied, and answers with the projector's decision.

// maxRewardsBody bounds a rewards request's body: an item with its words
// in five languages is the largest.
const maxRewardsBody = 16 << 10

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 128

// commandID is a command's id, which is also the id of what it makes (a
// kudos, a redemption) and the stream's Nats-Msg-Id: derived from the
// caller's Idempotency-Key when there is one, so a retry names the same
// command and the stream and the economy each take it once; random
// otherwise. The key is hashed with the org, the caller and the operation,
// so two people's keys never meet. It answers 400 for a malformed key.
func commandID(w http.ResponseWriter, r *http.Request, me auth.Identity, prefix string) (string, bool) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		tok, err := randomToken(12)
		if err != nil {
			httpx.Error(w, http.StatusInternalServerError, "internal error")
			return "", false
		}
		return prefix + "-" + tok, true
	}
	if len(key) > maxIdempotencyKey {
		httpx.Error(w, http.StatusBadRequest, fmt.Sprintf("Idempotency-Key is at most %d characters", maxIdempotencyKey))
		return "", false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			httpx.Error(w, http.StatusBadRequest, "Idempotency-Key is printable ASCII without spaces")
			return "", false
		}
	}
	sum := sha256.Sum256([]byte(me.Org + "\x00" + me.User + "\x00" + prefix + "\x00" + key))
	return prefix + "-" + hex.EncodeToString(sum[:12]), true
}

// refusalStatus is the status of a refusal's code: 422 for a command that
// is wrong in itself, 409 for one the state of the game refuses.
func refusalStatus(code string) int {
	switch code {
	case rewards.CodeInvalid, rewards.CodeUnknown, rewards.CodeSelf:
		return http.StatusUnprocessableEntity
	}
	return http.StatusConflict
}

// decide publishes a rewards command with id and waits for the projector's
// decision. On a refusal or a failure it answers itself and returns false.
// A retry names the same id: the stream drops it within its dedupe window
// (and answers the first one's sequence), and the decision, kept in memory
// and stored with its batch, is the first one's, also after a restart.
// done reports whether what the command makes exists already: a last
// resort for a decision that cannot be read.
func (h *handlers) decide(w http.ResponseWriter, r *http.Request, org, id string, cmd store.RewardsCommand, done func() bool) (projector.Decision, bool) {
	seq, _, err := h.cfg.Bus.PublishRewards(r.Context(), org, id, time.Now().UTC(), cmd)
	if err != nil {
		h.fail(w, err)
		return projector.Decision{}, false
	}
	if !h.applied(r.Context(), seq) {
		httpx.Error(w, http.StatusServiceUnavailable, "the request is stored but not decided yet; send it again with the same Idempotency-Key")
		return projector.Decision{}, false
	}
	d, ok := h.cfg.Projector.RewardsDecision(org, id)
	switch {
	case ok && d.Refusal != nil:
		httpx.Error(w, refusalStatus(d.Refusal.Code), d.Refusal.Message)
		return d, false
	case ok:
		return d, true
	case done != nil && done():
		return projector.Decision{Seq: seq, ID: cmd.ID}, true
	}
	h.cfg.Logger.Error("api: rewards command applied without a decision", "id", id, "seq", seq)
	httpx.Error(w, http.StatusInternalServerError, "internal error")
	return projector.Decision{}, false
}

// decodeOptional is decodeBody for a body that may be left out.
func decodeOptional(w http.ResponseWriter, r *http.Request, max int64, v any) bool {
	if r.Body == nil {
		return true
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		httpx.Error(w, http.StatusRequestEntityTooLarge, "body is over the limit of "+strconv.FormatInt(max, 10)+" bytes")
		return false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return true
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	return decodeBody(w, r, max, v)
}

// limitParam reads ?limit= between 1 and max, def when left out; it
// answers 400 and returns false for anything else.
func limitParam(w http.ResponseWriter, r *http.Request, def, max int) (int, bool) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		httpx.Error(w, http.StatusBadRequest, fmt.Sprintf("limit must be a whole number from 1 to %d", max))
		return 0, false
	}
	return n, true
}

// langOf is the language the caller reads: ?lang=, else their preference,
// else English. It answers 400 for a language the product has not.
func (h *handlers) langOf(w http.ResponseWriter, r *http.Request, me auth.Identity) (string, bool) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		if l := h.cfg.Projector.Person(me.Org, me.User).Language; l != "" {
			return l, true
		}
		return "en", true
	}
	for _, l := range rewards.Languages {
		if l == lang {
			return lang, true
		}
	}
	httpx.Error(w, http.StatusBadRequest, "lang is one of en, sv, de, fr, ru")
	return "", false
}
