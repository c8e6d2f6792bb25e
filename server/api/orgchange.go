package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"scorecast/server/auth"
	"scorecast/server/bus"
	"scorecast/server/httpx"
	"scorecast/server/store"
)

// applyWait is how long a change waits for the projector before the
// answer says it is stored but not yet shown.
const applyWait = 10 * time.Second

// publishChange stores an org change in the stream, where the projector
// applies it in order with the events, and waits until it has. applied is
// false when the projector did not reach it within applyWait: the change is
// durable and will show, so the caller answers 202.
func (h *handlers) publishChange(ctx context.Context, org string, ch store.OrgChange) (applied bool, err error) {
	return h.publishChangeAs(ctx, org, "", ch)
}

// publishChangeAs is publishChange with the control message's id, which
// the stream deduplicates for a while.
func (h *handlers) publishChangeAs(ctx context.Context, org, id string, ch store.OrgChange) (applied bool, err error) {
	seq, err := h.cfg.Bus.PublishChange(ctx, org, id, ch)
	if err != nil {
		return false, fmt.Errorf("publish org change: %w", err)
	}
	return h.applied(ctx, seq), nil
}

// applied waits up to applyWait for the projector to apply seq, and
// reports whether it did.
func (h *handlers) applied(ctx context.Context, seq uint64) bool {
	wait, cancel := context.WithTimeout(ctx, applyWait)
	defer cancel()
	return h.cfg.Projector.WaitApplied(wait, seq) == nil
}

// failChange answers a change that could not be published: 413 for one
// over the stream's message limit, else as h.fail.
func (h *handlers) failChange(w http.ResponseWriter, err error) {
	if errors.Is(err, bus.ErrTooBig) {
		httpx.Error(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the change is over %d MiB as stored; send it in smaller parts (a roster in several files)", bus.MaxControlBytes>>20))
		return
	}
	h.fail(w, err)
}

// appliedStatus is 200 for a change the projector applied, 202 for one
// stored in the stream but not shown yet.
func appliedStatus(applied bool) int {
	if applied {
		return http.StatusOK
	}
	return http.StatusAccepted
}

// userRecord is u as it is stored over old (isNew: there is no old): the
// old password unless a new one is given, hashed here so that the stream
// carries only the hash, and the creation time. An agent gets a roster
// record too, so their name shows at once.
func userRecord(u, old store.User, isNew bool, password string, now time.Time) (store.User, *store.Profile, error) {
	u.PasswordHash, u.Created = old.PasswordHash, old.Created
	if isNew {
		u.Created = now
	}
	if password != "" {
		hash, err := auth.HashPassword(password)
		if err != nil {
			return u, nil, err
		}
		u.PasswordHash = hash
	}
	if u.Role != auth.RoleAgent {
		return u, nil, nil
	}
	return u, &store.Profile{ID: u.ID, Name: u.Name, Team: u.Team}, nil
}

// addUser adds a user and their roster record, if any, to a change.
func addUser(ch *store.OrgChange, u store.User, pr *store.Profile) {
	ch.Users = append(ch.Users, u)
	if pr != nil {
		ch.Profiles = append(ch.Profiles, *pr)
	}
}
