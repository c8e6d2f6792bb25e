package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"scorecast/scoring"
	"scorecast/server/auth"
	"scorecast/server/bus"
	"scorecast/server/demo"
	"scorecast/server/projector"
	"scorecast/server/store"
)

// bootstrapWhenReady waits until the projection has caught up with the
// stream, then bootstraps. A projector that fails meanwhile ends runCtx
// (see run), which ends the wait.
func bootstrapWhenReady(ctx context.Context, st *store.Store, b *bus.Bus, proj *projector.Projector, withDemo bool, log *slog.Logger) (string, error) {
	if err := proj.WaitReady(ctx); err != nil {
		return "", fmt.Errorf("bootstrap: waiting for the projection: %w", err)
	}
	return bootstrap(ctx, st, b, proj, withDemo, log)
}

// DefaultOrg is the org created on first start.
const DefaultOrg = "default"

// bootstrap creates the default org with its admin and first ruleset on
// first start, and seeds the demo roster when asked. Both go into the
// stream as org changes that the projector applies, so that a replay, or a
// node with an empty store, rebuilds them; it waits until they are
// applied. It runs once the projection has caught up, so the store tells
// what the stream already holds. It also registers SCORECAST_INGEST_KEY and
// returns an ingest key the demo simulator can use.
func bootstrap(ctx context.Context, st *store.Store, b *bus.Bus, proj *projector.Projector, withDemo bool, log *slog.Logger) (string, error) {
	var changes []store.OrgChange
	_, err := st.Org(DefaultOrg)
	switch {
	case errors.Is(err, store.ErrNotFound):
		first, err := firstChange(log)
		if err != nil {
			return "", err
		}
		changes = append(changes, first)
	case err != nil:
		return "", err
	}
	if withDemo {
		if _, err := st.Profile(DefaultOrg, demo.Teams()[0].Agents[0].ID); errors.Is(err, store.ErrNotFound) {
			roster, err := demoRoster()
			if err != nil {
				return "", err
			}
			changes = append(changes, roster)
		} else if err != nil {
			return "", err
		}
	}
	for _, ch := range changes {
		seq, err := b.PublishChange(ctx, DefaultOrg, "", ch)
		if err != nil {
			return "", fmt.Errorf("bootstrap: %w", err)
		}
		if err := proj.WaitApplied(ctx, seq); err != nil {
			return "", fmt.Errorf("bootstrap: waiting for the projector: %w", err)
		}
	}
	if len(changes) > 0 && changes[0].Create {
		log.Info("created org", "org", DefaultOrg)
	}
	if withDemo {
		if err := demoRewards(ctx, b, proj); err != nil {
			return "", err
		}
		if err := demoRota(ctx, b, proj); err != nil {
			return "", err
		}
	}
	return ingestKeys(st, withDemo)
}

// demoRewards stocks the demo store, gives every demo agent welcome coins
// (an admin's adjustment), names an agent of the month and opens a quiz
// for a month, once: as
// commands in the stream, like an admin's and a supervisor's requests, so
// a replay rebuilds them. A store with items is left as it is.
func demoRewards(ctx context.Context, b *bus.Bus, proj *projector.Projector) error {
	if items, err := proj.StoreItems(DefaultOrg, "en", "", true); err != nil || len(items.Items) > 0 {
		return err
	}
	now := time.Now().UTC()
	var last uint64
	publish := func(id string, cmd store.RewardsCommand) error {
		seq, _, err := b.PublishRewards(ctx, DefaultOrg, id, now, cmd)
		if err != nil {
			return fmt.Errorf("bootstrap: demo rewards: %w", err)
		}
		last = seq
		return nil
	}
	for _, it := range demo.Items() {
		if err := publish("demo-item-"+it.ID, store.RewardsCommand{Op: store.OpItem, By: "admin", Role: auth.RoleAdmin, ID: it.ID, Item: &it}); err != nil {
			return err
		}
	}
	for _, t := range demo.Teams() {
		for _, a := range t.Agents {
			cmd := store.RewardsCommand{Op: store.OpAdjust, By: "admin", Role: auth.RoleAdmin, ID: "demo-welcome-" + a.ID, Agent: a.ID, Delta: demo.WelcomeCoins, Note: "welcome"}
			if err := publish(cmd.ID, cmd); err != nil {
				return err
			}
		}
	}
	sp := demo.Spotlight(proj.CurrentMonth(DefaultOrg))
	cmd := store.RewardsCommand{Op: store.OpSpotlight, By: demo.SupervisorOf("t-north"), Role: auth.RoleSupervisor, ID: sp.ID, Agent: sp.Agent, Spotlight: &sp}
	if err := publish(sp.ID, cmd); err != nil {
		return err
	}
	qz := demo.Quiz(now)
	if err := publish("demo-quiz-"+qz.ID, store.RewardsCommand{Op: store.OpQuiz, By: "admin", Role: auth.RoleAdmin, ID: qz.ID, Quiz: &qz}); err != nil {
		return err
	}
	if err := proj.WaitApplied(ctx, last); err != nil {
		return fmt.Errorf("bootstrap: waiting for the projector: %w", err)
	}
	return nil
}

// firstChange creates the default org: its settings, the default ruleset,
// and the admin with SCORECAST_ADMIN_PASSWORD, or with a generated password
// logged once.
func firstChange(log *slog.Logger) (store.OrgChange, error) {
	now := time.Now().UTC()
	rs := scoring.DefaultRuleset()
	if _, err := scoring.Compile(rs); err != nil {
		return store.OrgChange{}, fmt.Errorf("the default ruleset does not compile: %w", err)
	}
	password := os.Getenv("SCORECAST_ADMIN_PASSWORD")
	if password == "" {
		var b [12]byte
		if _, err := rand.Read(b[:]); err != nil {
			return store.OrgChange{}, fmt.Errorf("admin password: %w", err)
		}
		password = base64.RawURLEncoding.EncodeToString(b[:])
		log.Warn("generated the admin password; it is shown only this once", "user", "admin", "password", password)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return store.OrgChange{}, err
	}
	return store.OrgChange{
		Create:   true,
		Settings: &store.Org{ID: DefaultOrg, Name: "Default", Created: now},
		Users:    []store.User{{ID: "admin", Org: DefaultOrg, Name: "Administrator", Role: auth.RoleAdmin, PasswordHash: hash, Created: now}},
		Ruleset:  &store.RulesetVersion{Version: 1, Published: now, By: "system", Ruleset: rs},
	}, nil
}

// demoPassword is the password of every demo login; the demo is for a first
// look on one's own machine, never for a real floor.
const demoPassword = "demo"

// demoRoster is the demo floor: its teams, each with a supervisor, and a
// login per agent, all with demoPassword.
func demoRoster() (store.OrgChange, error) {
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		return store.OrgChange{}, err
	}
	now := time.Now().UTC()
	var ch store.OrgChange
	for _, t := range demo.Teams() {
		sup := demo.SupervisorOf(t.ID)
		ch.Teams = append(ch.Teams, store.TeamProfile{ID: t.ID, Name: t.Name, Supervisors: []string{sup}})
		ch.Users = append(ch.Users, store.User{ID: sup, Org: DefaultOrg, Name: t.Name + " supervisor", Role: auth.RoleSupervisor, Team: t.ID, PasswordHash: hash, Created: now})
		for _, a := range t.Agents {
			ch.Users = append(ch.Users, store.User{ID: a.ID, Org: DefaultOrg, Name: a.Name, Role: auth.RoleAgent, Team: t.ID, PasswordHash: hash, Created: now})
			ch.Profiles = append(ch.Profiles, a)
		}
	}
	return ch, nil
}

// ingestKeys registers SCORECAST_INGEST_KEY, and with the demo a key of
// its own when that is not set. Keys are secrets kept in the store only;
// they shape no score.
func ingestKeys(st *store.Store, withDemo bool) (string, error) {
	key := os.Getenv("SCORECAST_INGEST_KEY")
	if key != "" {
		if err := st.PutIngestKey(key, store.IngestKey{ID: "env", Org: DefaultOrg, Name: "SCORECAST_INGEST_KEY", Created: time.Now().UTC()}); err != nil {
			return "", err
		}
	}
	if !withDemo || key != "" {
		return key, nil
	}
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("demo key: %w", err)
	}
	key = "demo_" + base64.RawURLEncoding.EncodeToString(b[:])
	if err := st.PutIngestKey(key, store.IngestKey{ID: "demo", Org: DefaultOrg, Name: "demo simulator", Created: time.Now().UTC()}); err != nil {
		return "", err
	}
	return key, nil
}
