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
	"scorecast/server/auth"
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
		if err := createAdmin(st, log); err != nil {
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
	if err := demoLogins(st); err != nil {
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

// createAdmin creates the admin user of the default org with
// SCORECAST_ADMIN_PASSWORD, or with a generated password printed once.
func createAdmin(st *store.Store, log *slog.Logger) error {
	password := os.Getenv("SCORECAST_ADMIN_PASSWORD")
	if password == "" {
		var b [12]byte
		if _, err := rand.Read(b[:]); err != nil {
			return fmt.Errorf("admin password: %w", err)
		}
		password = base64.RawURLEncoding.EncodeToString(b[:])
		log.Warn("generated the admin password; it is shown only this once", "user", "admin", "password", password)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return st.PutUser(store.User{ID: "admin", Org: DefaultOrg, Name: "Administrator", Role: auth.RoleAdmin, PasswordHash: hash, Created: time.Now().UTC()})
}

// demoPassword is the password of every demo login; the demo is for a first
// look on one's own machine, never for a real floor.
const demoPassword = "demo"

// demoLogins gives the demo floor a supervisor per team and a login per
// agent, all with demoPassword.
func demoLogins(st *store.Store) error {
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	for _, t := range demo.Teams() {
		sup := store.User{ID: demo.SupervisorOf(t.ID), Org: DefaultOrg, Name: t.Name + " supervisor", Role: auth.RoleSupervisor, Team: t.ID, PasswordHash: hash, Created: now}
		if err := st.PutUser(sup); err != nil {
			return err
		}
		for _, a := range t.Agents {
			if err := st.PutUser(store.User{ID: a.ID, Org: DefaultOrg, Name: a.Name, Role: auth.RoleAgent, Team: t.ID, PasswordHash: hash, Created: now}); err != nil {
				return err
			}
		}
	}
	return nil
}
