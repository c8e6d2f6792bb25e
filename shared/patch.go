package shared

import (
	"maps"
	"time"
)

// AgentPatch is an agent's view told as what changed since the view that
// the previous message on agent/<id> carried: every field that changed,
// with its new value, and nothing else. Values are absolute, never
// increments. An entry of a list or a map that changed carries its key and
// its changed fields; a list whose keys changed (an entry came, went or
// moved) or a map that lost a key comes whole instead.
//
// A message on agent/<id> that carries the agent's view (points, level,
// badge, streak, challenge, goal) carries it either whole (agent) or as a
// patch (patch). The first such message after any subscription to the
// topic carries the whole view, so a client that followed the topic without
// a gap, or resumed it with since, holds the view each patch was made
// against, and Base says which that is. A client whose snapshot is newer
// than a message (the message's at is at most the snapshot's) skips it, as
// it skips whole views.
//
// At 10,000 clients a whole view was 2.4 kB a frame. In one run of the load
// harness with the raw floor's frames padded from 0.3 to 2.4 kB (what
// e2e/load -raw-frame-bytes 2400 does), its p99 went from about 12 to 31
// ms: on this path, bytes cost more than frames.
type AgentPatch struct {
	At uint64 `json:"at"`
	// Base is the at of the view the patch was made against. A client
	// whose view has another at missed a message (one lost on the way
	// gets no seq of its own, so no gap shows): it takes a snapshot again.
	Base        uint64                                 `json:"base"`
	ID          *string                                `json:"id,omitempty"`
	Name        *string                                `json:"name,omitempty"`
	Team        *string                                `json:"team,omitempty"`
	TeamName    *string                                `json:"team_name,omitempty"`
	Points      *MapPatch[PeriodPoints, PeriodChange]  `json:"points,omitempty"`
	Level       *int                                   `json:"level,omitempty"`
	LevelName   *string                                `json:"level_name,omitempty"`
	XP          *int64                                 `json:"xp,omitempty"`
	LevelXP     *int64                                 `json:"level_xp,omitempty"`
	NextLevelXP *int64                                 `json:"next_level_xp,omitempty"`
	XPToNext    *int64                                 `json:"xp_to_next,omitempty"`
	Rank        *MapPatch[int, int]                    `json:"rank,omitempty"`
	Badges      *ListPatch[Badge, BadgeChange]         `json:"badges,omitempty"`
	Streaks     *ListPatch[Streak, StreakChange]       `json:"streaks,omitempty"`
	Challenges  *ListPatch[Challenge, ChallengeChange] `json:"challenges,omitempty"`
}

// MapPatch is a changed map: All is the whole new map when keys went away,
// otherwise Changed holds the change of each entry added or changed.
type MapPatch[V, C any] struct {
	All     map[string]V `json:"all,omitzero"`
	Changed map[string]C `json:"changed,omitempty"`
}

// ListPatch is a changed list of entries with keys (a badge's id, a
// challenge's id and instance): All is the whole new list when entries
// came, went or moved, otherwise Changed holds the change of each entry
// that changed, which names its entry by key.
type ListPatch[T, C any] struct {
	All     []T `json:"all,omitzero"`
	Changed []C `json:"changed,omitempty"`
}

// PeriodChange is what changed in a period's points.
type PeriodChange struct {
	Key        *string                 `json:"key,omitempty"`
	Points     *int64                  `json:"points,omitempty"`
	Categories *MapPatch[int64, int64] `json:"categories,omitempty"`
}

// BadgeChange is what changed in the badge with ID.
type BadgeChange struct {
	ID          string   `json:"id"`
	Name        *string  `json:"name,omitempty"`
	Description *string  `json:"description,omitempty"`
	Tier        *int     `json:"tier,omitempty"`
	TierName    *string  `json:"tier_name,omitempty"`
	Awards      *int     `json:"awards,omitempty"`
	Value       *float64 `json:"value,omitempty"`
	NextTier    *string  `json:"next_tier,omitempty"`
	NextMin     *float64 `json:"next_min,omitempty"`
}

// StreakChange is what changed in the streak with ID.
type StreakChange struct {
	ID      string  `json:"id"`
	Name    *string `json:"name,omitempty"`
	Current *int    `json:"current,omitempty"`
	Best    *int    `json:"best,omitempty"`
}

// ChallengeChange is what changed in the challenge with ID and Instance.
type ChallengeChange struct {
	ID          string     `json:"id"`
	Instance    string     `json:"instance,omitempty"`
	Name        *string    `json:"name,omitempty"`
	Description *string    `json:"description,omitempty"`
	Progress    *float64   `json:"progress,omitempty"`
	Target      *float64   `json:"target,omitempty"`
	Adaptive    *bool      `json:"adaptive,omitempty"`
	Status      *string    `json:"status,omitempty"`
	Deadline    *time.Time `json:"deadline,omitempty"`
	Reward      *string    `json:"reward,omitempty"`
	Team        *string    `json:"team,omitempty"`
}

// DiffAgentView is the patch that turns old into new.
func DiffAgentView(old, new *AgentView) AgentPatch {
	if old == new {
		// A view against itself (a second message of a batch on one
		// agent's topic): nothing changed, and walking it finds nothing.
		return AgentPatch{At: new.At, Base: old.At}
	}
	return AgentPatch{
		At:          new.At,
		Base:        old.At,
		ID:          changed(old.ID, new.ID),
		Name:        changed(old.Name, new.Name),
		Team:        changed(old.Team, new.Team),
		TeamName:    changed(old.TeamName, new.TeamName),
		Points:      diffMap(old.Points, new.Points, diffPeriod),
		Level:       changed(old.Level, new.Level),
		LevelName:   changed(old.LevelName, new.LevelName),
		XP:          changed(old.XP, new.XP),
		LevelXP:     changed(old.LevelXP, new.LevelXP),
		NextLevelXP: changed(old.NextLevelXP, new.NextLevelXP),
		XPToNext:    changed(old.XPToNext, new.XPToNext),
		Rank:        diffMap(old.Rank, new.Rank, diffValue[int]),
		Badges:      diffList(old.Badges, new.Badges, Badge.key, diffBadge),
		Streaks:     diffList(old.Streaks, new.Streaks, Streak.key, diffStreak),
		Challenges:  diffList(old.Challenges, new.Challenges, Challenge.key, diffChallenge),
	}
}

// Apply changes v as p says and reports true, or reports false and leaves
// v as it is when v is not the view p was made against (see Base).
func (v *AgentView) Apply(p AgentPatch) bool {
	if v.At != p.Base {
		return false
	}
	v.At = p.At
	set(&v.ID, p.ID)
	set(&v.Name, p.Name)
	set(&v.Team, p.Team)
	set(&v.TeamName, p.TeamName)
	v.Points = applyMap(v.Points, p.Points, applyPeriod)
	set(&v.Level, p.Level)
	set(&v.LevelName, p.LevelName)
	set(&v.XP, p.XP)
	set(&v.LevelXP, p.LevelXP)
	set(&v.NextLevelXP, p.NextLevelXP)
	set(&v.XPToNext, p.XPToNext)
	v.Rank = applyMap(v.Rank, p.Rank, applyValue[int])
	v.Badges = applyList(v.Badges, p.Badges, Badge.key, BadgeChange.key, applyBadge)
	v.Streaks = applyList(v.Streaks, p.Streaks, Streak.key, StreakChange.key, applyStreak)
	v.Challenges = applyList(v.Challenges, p.Challenges, Challenge.key, ChallengeChange.key, applyChallenge)
	return true
}

func diffPeriod(old, new PeriodPoints) (PeriodChange, bool) {
	c := PeriodChange{Key: changed(old.Key, new.Key), Points: changed(old.Points, new.Points),
		Categories: diffMap(old.Categories, new.Categories, diffValue[int64])}
	return c, c.Key != nil || c.Points != nil || c.Categories != nil
}

func applyPeriod(p *PeriodPoints, c PeriodChange) {
	set(&p.Key, c.Key)
	set(&p.Points, c.Points)
	p.Categories = applyMap(p.Categories, c.Categories, applyValue[int64])
}

func (b Badge) key() string       { return b.ID }
func (c BadgeChange) key() string { return c.ID }

func diffBadge(old, new Badge) (BadgeChange, bool) {
	if old == new {
		return BadgeChange{}, false
	}
	return BadgeChange{ID: new.ID, Name: changed(old.Name, new.Name), Description: changed(old.Description, new.Description),
		Tier: changed(old.Tier, new.Tier), TierName: changed(old.TierName, new.TierName), Awards: changed(old.Awards, new.Awards),
		Value: changed(old.Value, new.Value), NextTier: changed(old.NextTier, new.NextTier), NextMin: changed(old.NextMin, new.NextMin)}, true
}

func applyBadge(b *Badge, c BadgeChange) {
	set(&b.Name, c.Name)
	set(&b.Description, c.Description)
	set(&b.Tier, c.Tier)
	set(&b.TierName, c.TierName)
	set(&b.Awards, c.Awards)
	set(&b.Value, c.Value)
	set(&b.NextTier, c.NextTier)
	set(&b.NextMin, c.NextMin)
}

func (s Streak) key() string       { return s.ID }
func (c StreakChange) key() string { return c.ID }

func diffStreak(old, new Streak) (StreakChange, bool) {
	if old == new {
		return StreakChange{}, false
	}
	return StreakChange{ID: new.ID, Name: changed(old.Name, new.Name), Current: changed(old.Current, new.Current),
		Best: changed(old.Best, new.Best)}, true
}

func applyStreak(s *Streak, c StreakChange) {
	set(&s.Name, c.Name)
	set(&s.Current, c.Current)
	set(&s.Best, c.Best)
}

func (c Challenge) key() string       { return c.ID + "/" + c.Instance }
func (c ChallengeChange) key() string { return c.ID + "/" + c.Instance }

func diffChallenge(old, new Challenge) (ChallengeChange, bool) {
	c := ChallengeChange{ID: new.ID, Instance: new.Instance, Name: changed(old.Name, new.Name),
		Description: changed(old.Description, new.Description), Progress: changed(old.Progress, new.Progress),
		Target: changed(old.Target, new.Target), Adaptive: changed(old.Adaptive, new.Adaptive), Status: changed(old.Status, new.Status),
		Reward: changed(old.Reward, new.Reward), Team: changed(old.Team, new.Team)}
	if !old.Deadline.Equal(new.Deadline) {
		c.Deadline = &new.Deadline
	}
	return c, c.Name != nil || c.Description != nil || c.Progress != nil || c.Target != nil || c.Adaptive != nil ||
		c.Status != nil || c.Deadline != nil || c.Reward != nil || c.Team != nil
}

func applyChallenge(ch *Challenge, c ChallengeChange) {
	set(&ch.Name, c.Name)
	set(&ch.Description, c.Description)
	set(&ch.Progress, c.Progress)
	set(&ch.Target, c.Target)
	set(&ch.Adaptive, c.Adaptive)
	set(&ch.Status, c.Status)
	set(&ch.Deadline, c.Deadline)
	set(&ch.Reward, c.Reward)
	set(&ch.Team, c.Team)
}

func changed[T comparable](old, new T) *T {
	if old == new {
		return nil
	}
	return &new
}

func set[T any](field *T, to *T) {
	if to != nil {
		*field = *to
	}
}

func diffValue[V comparable](old, new V) (V, bool) { return new, old != new }
func applyValue[V any](v *V, to V)                 { *v = to }

func diffMap[V, C any](old, new map[string]V, diff func(old, new V) (C, bool)) *MapPatch[V, C] {
	for k := range old {
		if _, ok := new[k]; !ok {
			// A key went away: the whole map says so with no more rules.
			if new == nil {
				new = map[string]V{}
			}
			return &MapPatch[V, C]{All: new}
		}
	}
	var p MapPatch[V, C]
	for k, v := range new {
		ov, ok := old[k]
		if !ok {
			var zero V
			ov = zero
		}
		if c, differs := diff(ov, v); differs || !ok {
			if p.Changed == nil {
				p.Changed = map[string]C{}
			}
			p.Changed[k] = c
		}
	}
	if p.Changed == nil {
		return nil
	}
	return &p
}

func applyMap[V, C any](m map[string]V, p *MapPatch[V, C], apply func(*V, C)) map[string]V {
	switch {
	case p == nil:
		return m
	case p.All != nil:
		return maps.Clone(p.All)
	}
	if m == nil {
		m = make(map[string]V, len(p.Changed))
	}
	for k, c := range p.Changed {
		v := m[k]
		apply(&v, c)
		m[k] = v
	}
	return m
}

func diffList[T, C any](old, new []T, key func(T) string, diff func(old, new T) (C, bool)) *ListPatch[T, C] {
	if len(old) != len(new) {
		return wholeList[T, C](new)
	}
	var p ListPatch[T, C]
	seen := make(map[string]bool, len(new))
	for i := range new {
		k := key(new[i])
		if key(old[i]) != k || seen[k] {
			// Moved, or a key twice: a change by key could land on the
			// wrong one of two entries.
			return wholeList[T, C](new)
		}
		seen[k] = true
		if c, differs := diff(old[i], new[i]); differs {
			p.Changed = append(p.Changed, c)
		}
	}
	if p.Changed == nil {
		return nil
	}
	return &p
}

func wholeList[T, C any](l []T) *ListPatch[T, C] {
	if l == nil {
		l = []T{}
	}
	return &ListPatch[T, C]{All: l}
}

func applyList[T, C any](l []T, p *ListPatch[T, C], key func(T) string, changeKey func(C) string, apply func(*T, C)) []T {
	switch {
	case p == nil:
		return l
	case p.All != nil:
		return append([]T{}, p.All...)
	}
	for _, c := range p.Changed {
		for i := range l {
			if key(l[i]) == changeKey(c) {
				apply(&l[i], c)
				break
			}
		}
	}
	return l
}

// CopyAgentView copies v into kept, reusing kept's maps and lists, and
// returns it (a new view when kept is nil): the base of the next patch must
// not share memory with a view its maker builds the next one into.
func CopyAgentView(kept, v *AgentView) *AgentView {
	if kept == nil {
		kept = &AgentView{}
	}
	points, rank := kept.Points, kept.Rank
	badges, streaks, challenges := kept.Badges, kept.Streaks, kept.Challenges
	*kept = *v
	kept.Points = copyPoints(points, v.Points)
	kept.Rank = copyMap(rank, v.Rank)
	kept.Badges = copyList(badges, v.Badges)
	kept.Streaks = copyList(streaks, v.Streaks)
	kept.Challenges = copyList(challenges, v.Challenges)
	return kept
}

func copyPoints(dst, src map[string]PeriodPoints) map[string]PeriodPoints {
	if src == nil {
		return nil
	}
	if dst == nil {
		dst = make(map[string]PeriodPoints, len(src))
	}
	for k, old := range dst {
		if _, ok := src[k]; !ok {
			delete(dst, k)
			continue
		}
		dst[k] = PeriodPoints{Categories: old.Categories}
	}
	for k, p := range src {
		p.Categories = copyMap(dst[k].Categories, p.Categories)
		dst[k] = p
	}
	return dst
}

// copyMap returns src's entries in dst's memory; nil for a nil src, so
// that the copy encodes as the original does.
func copyMap[V any](dst, src map[string]V) map[string]V {
	if src == nil {
		return nil
	}
	if dst == nil {
		dst = make(map[string]V, len(src))
	}
	clear(dst)
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

// copyList returns src's entries in dst's memory; nil for a nil src.
func copyList[T any](dst, src []T) []T {
	if src == nil {
		return nil
	}
	if dst == nil {
		dst = make([]T, 0, len(src))
	}
	return append(dst[:0], src...)
}
