// Package scheduler tells the engine what time it is. The engine has no
// clock: periods roll, streaks break and challenges end when a tick control
// message in the stream says the time has come. The scheduler publishes one
// tick per org at every slot boundary (every 15 minutes by default, which
// meets midnight in every time zone, including those at :30 and :45), with
// an id made of the org and the slot, so the stream drops a repeat and a
// replay sees the same ticks at the same places.
//
// Concurrency: Run is one goroutine; it holds no locks.
package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"scorecast/server/bus"
	"scorecast/server/store"
)

// Config configures the scheduler.
type Config struct {
	Bus   *bus.Bus     // required
	Store *store.Store // required, for the list of orgs
	// Every is the slot length; default 15 minutes.
	Every time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// After waits for the next slot, as time.After does (the default); a
	// test passes its own so that slots pass without real waits.
	After func(time.Duration) <-chan time.Time
	// Logger; default slog.Default().
	Logger *slog.Logger
}

// Run publishes the current slot's tick at once (a restart catches up), then
// one at every slot boundary, until ctx ends.
func Run(ctx context.Context, cfg Config) {
	if cfg.Every <= 0 {
		cfg.Every = 15 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	for {
		slot := cfg.Now().Truncate(cfg.Every)
		if err := tick(ctx, cfg, slot); err != nil && ctx.Err() == nil {
			cfg.Logger.Warn("scheduler: tick", "slot", slot, "err", err)
		}
		wait := slot.Add(cfg.Every).Sub(cfg.Now())
		select {
		case <-ctx.Done():
			return
		case <-cfg.After(wait):
		}
	}
}

func tick(ctx context.Context, cfg Config, slot time.Time) error {
	orgs, err := cfg.Store.Orgs()
	if err != nil {
		return err
	}
	for _, o := range orgs {
		c := bus.Control{ID: ID(o.ID, slot), Kind: bus.ControlTick, Time: slot.UTC()}
		if _, err := cfg.Bus.PublishControl(ctx, o.ID, c); err != nil {
			return fmt.Errorf("org %s: %w", o.ID, err)
		}
	}
	return nil
}

// ID is the idempotent id of an org's tick for a slot.
func ID(org string, slot time.Time) string {
	return fmt.Sprintf("tick-%s-%d", org, slot.Unix())
}
