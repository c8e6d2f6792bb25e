package main

import (
	"context"
	"fmt"
	"time"

	"scorecast/scoring"
	"scorecast/server/bus"
	"scorecast/server/demo"
	"scorecast/server/projector"
)

// demoRota puts a few days off, a sick day and a holiday into the demo
// floor's rota for the next two weeks, once, so a first look at the
// supervisor's rota card and an agent's flame shows them. It travels as a
// rota control message, as an upload would; a rota with days is left as it
// is.
func demoRota(ctx context.Context, b *bus.Bus, proj *projector.Projector) error {
	if days, err := proj.Rota(DefaultOrg, "", "", "", nil); err != nil || len(days) > 0 {
		return err
	}
	now := time.Now().UTC()
	today := now.Truncate(24 * time.Hour)
	ch := scoring.RotaChange{At: now}
	for ti, t := range demo.Teams() {
		for ai, a := range t.Agents {
			// Every third agent has something on the rota, spread over the
			// fortnight; the floor's first agent is off today.
			if (ti+ai)%3 != 0 {
				continue
			}
			kind := scoring.RotaKinds[(ti+ai)%len(scoring.RotaKinds)]
			off := (ti*5 + ai*2) % 14
			ch.Set = append(ch.Set, scoring.RotaDay{Agent: a.ID, Date: today.AddDate(0, 0, off).Format(time.DateOnly), Kind: kind})
			if kind == scoring.RotaHoliday {
				ch.Set = append(ch.Set, scoring.RotaDay{Agent: a.ID, Date: today.AddDate(0, 0, off+1).Format(time.DateOnly), Kind: kind})
			}
		}
	}
	if len(ch.Set) == 0 {
		return nil
	}
	seq, err := b.PublishControl(ctx, DefaultOrg, bus.Control{ID: "demo-rota-" + today.Format(time.DateOnly), Kind: bus.ControlRota, Time: now, Rota: &ch})
	if err != nil {
		return fmt.Errorf("bootstrap: demo rota: %w", err)
	}
	if err := proj.WaitApplied(ctx, seq); err != nil {
		return fmt.Errorf("bootstrap: waiting for the demo rota: %w", err)
	}
	return nil
}
