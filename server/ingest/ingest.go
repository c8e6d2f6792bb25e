package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/httpx"
	"scorecast/server/store"
	"scorecast/shared"
)

// Config configures the ingest handler.
type Config struct {
	Bus   *bus.Bus     // required
	Store *store.Store // required
	// MaxBody bounds the request body; default 1 MiB.
	MaxBody int64
	// MaxEvents bounds the events of one request; default 1000.
	MaxEvents int
	// Rate is the events per second a key may send when it names no rate of
	// its own; default 5000.
	Rate int
	// Now is the clock for "at most 5 minutes in the future"; default time.Now.
	Now func() time.Time
	// Logger; default slog.Default().
	Logger *slog.Logger
}

// Handler serves POST /api/v1/events.
type Handler struct {
	cfg   Config
	log   *slog.Logger
	limit *limiter
}

// New returns a Handler.
func New(cfg Config) *Handler {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxEvents <= 0 {
		cfg.MaxEvents = 1000
	}
	if cfg.Rate <= 0 {
		cfg.Rate = 5000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Handler{cfg: cfg, log: cfg.Logger, limit: newLimiter()}
}

// errTooMany is returned by split for a batch over MaxEvents.
var errTooMany = errors.New("too many events")

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key, err := h.authenticate(r)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="scorecast"`)
		httpx.Error(w, http.StatusUnauthorized, err.Error())
		return
	}
	ndjson, err := contentType(r)
	if err != nil {
		httpx.Error(w, http.StatusUnsupportedMediaType, err.Error())
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpx.Error(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body is over the limit of %d bytes", h.cfg.MaxBody))
			return
		}
		httpx.Error(w, http.StatusBadRequest, "could not read the body")
		return
	}
	items, err := split(body, ndjson, h.cfg.MaxEvents)
	if errors.Is(err, errTooMany) {
		httpx.Error(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("at most %d events per request", h.cfg.MaxEvents))
		return
	}
	if err != nil {
		httpx.Error(w, http.StatusBadRequest, err.Error())
		return
	}
	if len(items) == 0 {
		httpx.Error(w, http.StatusBadRequest, "no events in the body")
		return
	}
	rate := key.Rate
	if rate <= 0 {
		rate = h.cfg.Rate
	}
	if wait := h.limit.take(key.ID, len(items), float64(rate), h.cfg.Now()); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		httpx.Error(w, http.StatusTooManyRequests, fmt.Sprintf("this key may send %d events per second; retry later", rate))
		return
	}
	events, problems := parse(items, h.cfg.Now())
	if len(problems) == 0 {
		problems, err = h.checkRoster(key.Org, events)
		if err != nil {
			h.log.Error("ingest: roster", "org", key.Org, "err", err)
			httpx.Error(w, http.StatusServiceUnavailable, "the roster could not be read; retrying the same request is safe")
			return
		}
	}
	if len(problems) > 0 {
		httpx.JSON(w, http.StatusBadRequest, shared.Error{
			Error: fmt.Sprintf("%d of %d events are invalid; none was accepted", countItems(problems), len(items)),
			Items: problems,
		})
		return
	}
	res, err := h.store(r, key.Org, events)
	if err != nil {
		h.log.Error("ingest: store events", "org", key.Org, "err", err)
		httpx.Error(w, http.StatusServiceUnavailable, "the event stream did not acknowledge the events; retrying the same request is safe")
		return
	}
	httpx.JSON(w, http.StatusAccepted, res)
}

func (h *Handler) authenticate(r *http.Request) (store.IngestKey, error) {
	auth := r.Header.Get("Authorization")
	secret, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || secret == "" {
		return store.IngestKey{}, errors.New("an ingest key is required: Authorization: Bearer <key>")
	}
	key, err := h.cfg.Store.LookupIngestKey(strings.TrimSpace(secret))
	if err != nil {
		return store.IngestKey{}, errors.New("the ingest key is not valid")
	}
	return key, nil
}

func contentType(r *http.Request) (ndjson bool, err error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return false, errors.New("Content-Type must be application/json or application/x-ndjson")
	}
	switch mt {
	case "application/json":
		return false, nil
	case "application/x-ndjson", "application/ndjson":
		return true, nil
	}
	return false, fmt.Errorf("Content-Type %q is not supported: use application/json or application/x-ndjson", mt)
}

// split cuts a body into one raw JSON value per event, leaving their
// validation to scoring.ParseEvent.
func split(body []byte, ndjson bool, max int) ([][]byte, error) {
	if ndjson {
		var items [][]byte
		for rest := body; len(rest) > 0; {
			var line []byte
			line, rest, _ = bytes.Cut(rest, []byte{'\n'})
			line = bytes.TrimSpace(line)
			if len(line) == 0 {
				continue
			}
			if len(items) == max {
				return nil, errTooMany
			}
			items = append(items, line) // aliases body, which outlives the parsing
		}
		return items, nil
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return splitArray(trimmed, max)
	}
	if !json.Valid(trimmed) {
		return nil, errors.New("body is not valid JSON")
	}
	return [][]byte{trimmed}, nil
}

func parse(items [][]byte, now time.Time) ([]scoring.Event, []shared.ItemError) {
	events := make([]scoring.Event, 0, len(items))
	var problems []shared.ItemError
	for i, raw := range items {
		ev, errs := scoring.ParseEvent(raw, now)
		for _, e := range errs {
			problems = append(problems, shared.ItemError{Index: i, Field: e.Field, Message: e.Message})
		}
		events = append(events, ev)
	}
	return events, problems
}

func countItems(problems []shared.ItemError) int {
	n, last := 0, -1
	for _, p := range problems {
		if p.Index != last {
			n, last = n+1, p.Index
		}
	}
	return n
}

// store publishes the events that are new: repeated ids within the batch and
// ids applied long ago (older than the stream's dedupe window) count as
// duplicates without touching the stream.
func (h *Handler) store(r *http.Request, org string, events []scoring.Event) (shared.IngestResult, error) {
	var res shared.IngestResult
	ids := make([]string, 0, len(events))
	inBatch := map[string]bool{}
	for _, ev := range events {
		ids = append(ids, ev.ID)
	}
	seen, err := h.cfg.Store.Seen(org, ids)
	if err != nil {
		return res, err
	}
	msgs := make([]bus.Message, 0, len(events))
	for _, ev := range events {
		if seen[ev.ID] || inBatch[ev.ID] {
			res.Duplicates++
			continue
		}
		inBatch[ev.ID] = true
		data, err := json.Marshal(ev)
		if err != nil {
			return res, fmt.Errorf("encode event %s: %w", ev.ID, err)
		}
		msgs = append(msgs, bus.Message{Org: org, ID: ev.ID, Data: data})
	}
	pr, err := h.cfg.Bus.Publish(r.Context(), msgs)
	if err != nil {
		return res, err
	}
	res.Accepted = pr.Stored
	res.Duplicates += pr.Duplicates
	return res, nil
}

// checkRoster refuses events for agents not on a strict org's roster.
func (h *Handler) checkRoster(org string, events []scoring.Event) ([]shared.ItemError, error) {
	o, err := h.cfg.Store.Org(org)
	if err != nil || !o.StrictRoster {
		return nil, err
	}
	var problems []shared.ItemError
	known := map[string]bool{}
	for i, ev := range events {
		ok, seen := known[ev.Agent]
		if !seen {
			_, err := h.cfg.Store.Profile(org, ev.Agent)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
			ok = err == nil
			known[ev.Agent] = ok
		}
		if !ok {
			problems = append(problems, shared.ItemError{Index: i, Field: "agent", Message: fmt.Sprintf("%q is not on the roster, and this org's roster is strict", ev.Agent)})
		}
	}
	return problems, nil
}
