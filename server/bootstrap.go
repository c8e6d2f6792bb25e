package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"scorecast/scoring"
	"scorecast/server/demo"
	"scorecast/server/store"
)

// DefaultOrg is the org created on first start.
const DefaultOrg = "default"

// bootstrap creates the default org and its first ruleset on an empty data
// dir, registers SCORECAST_INGEST_KEY, and seeds the demo roster. It returns
// an ingest key the demo simulator can use.
func bootstrap(st *store.Store, withDemo bool, log *slog.Logger) (string, error) {
	_, err := st.Org(DefaultOrg)
	if errors.Is(err, store.ErrNotFound) {
		now := time.Now().UTC()
		if err := st.PutOrg(store.Org{ID: DefaultOrg, Name: "Default", Created: now}); err != nil {
			return "", err
		}
		rs := scoring.DefaultRuleset()
		if _, err := scoring.Compile(rs); err != nil {
			return "", fmt.Errorf("the default ruleset does not compile: %w", err)
		}
		if err := st.PutRuleset(DefaultOrg, store.RulesetVersion{Version: 1, Published: now, By: "system", Ruleset: rs}); err != nil {
			return "", err
		}
		log.Info("created org", "org", DefaultOrg)
	} else if err != nil {
		return "", err
	}
	key := os.Getenv("SCORECAST_INGEST_KEY")
	if key != "" {
		if err := st.PutIngestKey(key, store.IngestKey{ID: "env", Org: DefaultOrg, Name: "SCORECAST_INGEST_KEY", Created: time.Now().UTC()}); err != nil {
			return "", err
		}
	}
	if !withDemo {
		return key, nil
	}
	if err := demo.Seed(st, DefaultOrg); err != nil {
		return "", err
	}
	if key == "" {
		var b [24]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", fmt.Errorf("demo key: %w", err)
		}
		key = "demo_" + base64.RawURLEncoding.EncodeToString(b[:])
		if err := st.PutIngestKey(key, store.IngestKey{ID: "demo", Org: DefaultOrg, Name: "demo simulator", Created: time.Now().UTC()}); err != nil {
			return "", err
		}
	}
	return key, nil
}
