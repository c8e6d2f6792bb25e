package shared

import (
	"maps"
	"slices"
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
// it skips whole views. A patch is a fraction of a whole view's bytes, and
// on this path bytes cost more than frames (see docs).
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
	Photo       *string                                `json:"photo,omitempty"`
	Color       *string                                `json:"color,omitempty"`
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
	BestDay     *PersonalBest                          `json:"best_day,omitempty"`
	BestWeek    *PersonalBest                          `json:"best_week,omitempty"`
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
	// Freezes and MaxFreezes are Streak's.
	Freezes    *int `json:"freezes,omitempty"`
	MaxFreezes *int `json:"max_freezes,omitempty"`
}

// ChallengeChange is what changed in the challenge with ID and Instance.
type ChallengeChange struct {
	ID          string        `json:"id"`
	Instance    string        `json:"instance,omitempty"`
	Name        *string       `json:"name,omitempty"`
	Description *string       `json:"description,omitempty"`
	Progress    *float64      `json:"progress,omitempty"`
	Target      *float64      `json:"target,omitempty"`
	Adaptive    *bool         `json:"adaptive,omitempty"`
	Status      *string       `json:"status,omitempty"`
	Deadline    *time.Time    `json:"deadline,omitempty"`
	Reward      *string       `json:"reward,omitempty"`
	Team        *string       `json:"team,omitempty"`
	Coop        *[]CoopMember `json:"coop,omitempty"` // whole when any member's part changed; [] when none is left
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
	set(&v.Photo, p.Photo)
	set(&v.Color, p.Color)
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
	set(&v.BestDay, p.BestDay)
	set(&v.BestWeek, p.BestWeek)
	return true
}

func applyPeriod(p *PeriodPoints, c PeriodChange) {
	set(&p.Key, c.Key)
	set(&p.Points, c.Points)
	p.Categories = applyMap(p.Categories, c.Categories, applyValue[int64])
}

func (b Badge) key() string       { return b.ID }
func (c BadgeChange) key() string { return c.ID }

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

func applyStreak(s *Streak, c StreakChange) {
	set(&s.Name, c.Name)
	set(&s.Current, c.Current)
	set(&s.Best, c.Best)
	set(&s.Freezes, c.Freezes)
	set(&s.MaxFreezes, c.MaxFreezes)
}

func (c Challenge) key() string       { return c.ID + "/" + c.Instance }
func (c ChallengeChange) key() string { return c.ID + "/" + c.Instance }

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
	if c.Coop != nil {
		ch.Coop = nil
		if len(*c.Coop) > 0 {
			ch.Coop = slices.Clone(*c.Coop)
		}
	}
}

func set[T any](field *T, to *T) {
	if to != nil {
		*field = *to
	}
}

func applyValue[V any](v *V, to V) { *v = to }

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
	for k := range dst {
		if _, ok := src[k]; !ok {
			delete(dst, k)
		}
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
