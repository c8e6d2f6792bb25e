package shared

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// DiffAgentView is the patch that turns old into new: what AppendAgentPatch
// writes, decoded. For views JSON cannot carry it is a patch of At and Base
// alone.
func DiffAgentView(old, new *AgentView) AgentPatch {
	p := AgentPatch{At: new.At, Base: old.At}
	if raw, err := AppendAgentPatch(nil, old, new); err == nil {
		_ = json.Unmarshal(raw, &p) // what it writes always decodes
	}
	return p
}

// AppendAgentPatch appends to b the AgentPatch that turns old into new, as
// JSON, without building it: the hub sends a patch with most frames on an
// agent's topic, and building one (a pointer per changed field, a map per
// changed period) to encode it by reflection cost more. It is the
// one diff of views; DiffAgentView decodes what it writes. An entry list or
// map that comes whole (a challenge started or ended) goes through
// encoding/json, as it is rare. A value JSON cannot carry (NaN, a year past
// 9999) is an error, as it is for encoding/json, and leaves b as it was.
func AppendAgentPatch(b []byte, old, new *AgentView) ([]byte, error) {
	w := patchWriter{b: b}
	w.b = append(w.b, `{"at":`...)
	w.b = strconv.AppendUint(w.b, new.At, 10)
	w.b = append(w.b, `,"base":`...)
	w.b = strconv.AppendUint(w.b, old.At, 10)
	if old == new { // a view against itself: nothing to walk
		return append(w.b, '}'), nil
	}
	w.str("id", old.ID, new.ID)
	w.str("name", old.Name, new.Name)
	w.str("team", old.Team, new.Team)
	w.str("team_name", old.TeamName, new.TeamName)
	w.str("photo", old.Photo, new.Photo)
	w.str("color", old.Color, new.Color)
	w.points(old.Points, new.Points)
	w.int("level", int64(old.Level), int64(new.Level))
	w.str("level_name", old.LevelName, new.LevelName)
	w.int("xp", old.XP, new.XP)
	w.int("level_xp", old.LevelXP, new.LevelXP)
	w.int("next_level_xp", old.NextLevelXP, new.NextLevelXP)
	w.int("xp_to_next", old.XPToNext, new.XPToNext)
	appendCountsPatch(&w, "rank", old.Rank, new.Rank)
	appendListPatch(&w, "badges", old.Badges, new.Badges, sameBadge, (*patchWriter).badge)
	appendListPatch(&w, "streaks", old.Streaks, new.Streaks, sameStreak, (*patchWriter).streak)
	appendListPatch(&w, "challenges", old.Challenges, new.Challenges, sameChallenge, (*patchWriter).challenge)
	w.best("best_day", old.BestDay, new.BestDay)
	w.best("best_week", old.BestWeek, new.BestWeek)
	w.b = append(w.b, '}')
	if w.err != nil {
		return b, w.err
	}
	return w.b, nil
}

// patchWriter appends an object's members, each after a comma: every
// object it writes starts with a member that is always there ("at", "id"),
// except a period's change (see period).
type patchWriter struct {
	b   []byte
	err error
}

var errNotJSON = errors.New("shared: a patch value JSON cannot carry")

func (w *patchWriter) member(name string) {
	w.b = append(w.b, ',', '"')
	w.b = append(w.b, name...)
	w.b = append(w.b, '"', ':')
}

func (w *patchWriter) str(name, old, new string) {
	if old != new {
		w.member(name)
		w.b = AppendJSONString(w.b, new)
	}
}

func (w *patchWriter) int(name string, old, new int64) {
	if old != new {
		w.member(name)
		w.b = strconv.AppendInt(w.b, new, 10)
	}
}

func (w *patchWriter) float(name string, old, new float64) {
	if old != new {
		w.member(name)
		w.appendFloat(new)
	}
}

func (w *patchWriter) bool(name string, old, new bool) {
	if old != new {
		w.member(name)
		w.b = strconv.AppendBool(w.b, new)
	}
}

// appendFloat is encoding/json's float64 encoding.
func (w *patchWriter) appendFloat(f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		w.err = errNotJSON
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	w.b = strconv.AppendFloat(w.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json writes it.
		if n := len(w.b); n >= 4 && w.b[n-4] == 'e' && w.b[n-3] == '-' && w.b[n-2] == '0' {
			w.b[n-2] = w.b[n-1]
			w.b = w.b[:n-1]
		}
	}
}

// whole appends a map or list that comes whole: {"all":v}.
func (w *patchWriter) whole(name string, v any) {
	w.member(name)
	all, err := json.Marshal(v)
	if err != nil {
		w.err = err
		return
	}
	w.b = append(w.b, `{"all":`...)
	w.b = append(w.b, all...)
	w.b = append(w.b, '}')
}

// sortedKeys appends m's keys to buf in order, as encoding/json sorts them.
func sortedKeys[V any](buf []string, m map[string]V) []string {
	for k := range m {
		buf = append(buf, k)
	}
	slices.Sort(buf)
	return buf
}

// lostKey reports whether old has a key new has not: the map then comes
// whole.
func lostKey[V any](old, new map[string]V) bool {
	for k := range old {
		if _, ok := new[k]; !ok {
			return true
		}
	}
	return false
}

// points writes the change of the points by period: the whole map when a
// period went away, otherwise each period added or changed.
func (w *patchWriter) points(old, new map[string]PeriodPoints) {
	if lostKey(old, new) {
		if new == nil {
			new = map[string]PeriodPoints{}
		}
		w.whole("points", new)
		return
	}
	var buf [8]string
	open := false
	for _, k := range sortedKeys(buf[:0], new) {
		o, had := old[k]
		n := new[k]
		if had && o.Key == n.Key && o.Points == n.Points && !countsDiffer(o.Categories, n.Categories) {
			continue
		}
		if open {
			w.b = append(w.b, ',')
		} else {
			w.member("points")
			w.b = append(w.b, `{"changed":{`...)
			open = true
		}
		w.b = AppendJSONString(w.b, k)
		w.b = append(w.b, ':')
		w.period(o, n)
	}
	if open {
		w.b = append(w.b, '}', '}')
	}
}

// period is a period's change. Its members are all optional: the first
// one's comma becomes the object's brace.
func (w *patchWriter) period(old, new PeriodPoints) {
	start := len(w.b)
	w.str("key", old.Key, new.Key)
	w.int("points", old.Points, new.Points)
	appendCountsPatch(w, "categories", old.Categories, new.Categories)
	if len(w.b) == start {
		w.b = append(w.b, '{', '}')
		return
	}
	w.b[start] = '{'
	w.b = append(w.b, '}')
}

// countsDiffer reports whether a map of counts has a change to write.
func countsDiffer[V int | int64](old, new map[string]V) bool {
	if lostKey(old, new) {
		return true
	}
	for k, v := range new {
		if ov, ok := old[k]; !ok || ov != v {
			return true
		}
	}
	return false
}

// appendCountsPatch writes the change of a map of counts: a
// period's categories, the ranks.
func appendCountsPatch[V int | int64](w *patchWriter, name string, old, new map[string]V) {
	if lostKey(old, new) {
		if new == nil {
			new = map[string]V{}
		}
		w.whole(name, new)
		return
	}
	var buf [8]string
	open := false
	for _, k := range sortedKeys(buf[:0], new) {
		v := new[k]
		if ov, ok := old[k]; ok && ov == v {
			continue
		}
		if open {
			w.b = append(w.b, ',')
		} else {
			w.member(name)
			w.b = append(w.b, `{"changed":{`...)
			open = true
		}
		w.b = AppendJSONString(w.b, k)
		w.b = append(w.b, ':')
		w.b = strconv.AppendInt(w.b, int64(v), 10)
	}
	if open {
		w.b = append(w.b, '}', '}')
	}
}

// appendListPatch writes a list's change: entries changed in place go as changes,
// appended by change; a list whose keys changed goes whole. sameKey says
// whether two entries have one key, as their key methods would, without
// making the keys.
func appendListPatch[T any](w *patchWriter, name string, old, new []T, sameKey func(a, b *T) bool, change func(w *patchWriter, old, new *T) bool) {
	if len(old) != len(new) {
		appendWholeList(w, name, new)
		return
	}
	for i := range new {
		if !sameKey(&old[i], &new[i]) {
			appendWholeList(w, name, new)
			return
		}
		for j := range i {
			if sameKey(&new[j], &new[i]) {
				// A key twice: a change by key could land on the wrong
				// one of two entries.
				appendWholeList(w, name, new)
				return
			}
		}
	}
	open := false
	for i := range new {
		mark := len(w.b)
		if open {
			w.b = append(w.b, ',')
		} else {
			w.member(name)
			w.b = append(w.b, `{"changed":[`...)
		}
		if change(w, &old[i], &new[i]) {
			open = true
		} else {
			w.b = w.b[:mark]
		}
	}
	if open {
		w.b = append(w.b, ']', '}')
	}
}

func sameBadge(a, b *Badge) bool   { return a.ID == b.ID }
func sameStreak(a, b *Streak) bool { return a.ID == b.ID }

// sameChallenge is Challenge.key's equality; concatenations compared at
// once are made on the stack.
func sameChallenge(a, b *Challenge) bool {
	return a.ID+"/"+a.Instance == b.ID+"/"+b.Instance
}

func appendWholeList[T any](w *patchWriter, name string, l []T) {
	if l == nil {
		l = []T{}
	}
	w.whole(name, l)
}

// badge appends a badge's change, if any.
func (w *patchWriter) badge(old, new *Badge) bool {
	if *old == *new {
		return false
	}
	w.b = append(w.b, `{"id":`...)
	w.b = AppendJSONString(w.b, new.ID)
	w.str("name", old.Name, new.Name)
	w.str("description", old.Description, new.Description)
	w.int("tier", int64(old.Tier), int64(new.Tier))
	w.str("tier_name", old.TierName, new.TierName)
	w.int("awards", int64(old.Awards), int64(new.Awards))
	w.float("value", old.Value, new.Value)
	w.str("next_tier", old.NextTier, new.NextTier)
	w.float("next_min", old.NextMin, new.NextMin)
	w.b = append(w.b, '}')
	return true
}

// streak appends a streak's change, if any.
func (w *patchWriter) streak(old, new *Streak) bool {
	if *old == *new {
		return false
	}
	w.b = append(w.b, `{"id":`...)
	w.b = AppendJSONString(w.b, new.ID)
	w.str("name", old.Name, new.Name)
	w.int("current", int64(old.Current), int64(new.Current))
	w.int("best", int64(old.Best), int64(new.Best))
	w.int("freezes", int64(old.Freezes), int64(new.Freezes))
	w.int("max_freezes", int64(old.MaxFreezes), int64(new.MaxFreezes))
	w.b = append(w.b, '}')
	return true
}

// challenge appends a challenge's change, if any.
func (w *patchWriter) challenge(old, new *Challenge) bool {
	deadline := !old.Deadline.Equal(new.Deadline)
	if old.Name == new.Name && old.Description == new.Description && old.Progress == new.Progress && old.Target == new.Target &&
		old.Adaptive == new.Adaptive && old.Status == new.Status && !deadline && old.Reward == new.Reward && old.Team == new.Team &&
		slices.Equal(old.Coop, new.Coop) {
		return false
	}
	w.b = append(w.b, `{"id":`...)
	w.b = AppendJSONString(w.b, new.ID)
	w.str("instance", "", new.Instance)
	w.str("name", old.Name, new.Name)
	w.str("description", old.Description, new.Description)
	w.float("progress", old.Progress, new.Progress)
	w.float("target", old.Target, new.Target)
	w.bool("adaptive", old.Adaptive, new.Adaptive)
	w.str("status", old.Status, new.Status)
	if deadline {
		w.member("deadline")
		d, err := new.Deadline.MarshalJSON()
		if err != nil {
			w.err = err
		}
		w.b = append(w.b, d...)
	}
	w.str("reward", old.Reward, new.Reward)
	w.str("team", old.Team, new.Team)
	if !slices.Equal(old.Coop, new.Coop) { // [] when it is no co-op quest any more
		// Whole: a handful of members, and a part that changed moves the
		// progress with it.
		w.member("coop")
		coop := new.Coop
		if coop == nil {
			coop = []CoopMember{}
		}
		all, err := json.Marshal(coop)
		if err != nil {
			w.err = err
		}
		w.b = append(w.b, all...)
	}
	w.b = append(w.b, '}')
	return true
}

// AppendJSONString appends s quoted as encoding/json does; plain ASCII
// (every topic, kind and id the server makes) is copied, anything else goes
// through encoding/json.
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// best writes a personal best whole when it changed: its two fields change
// together (a new record is a new period or more points in the same one).
func (w *patchWriter) best(name string, old, new PersonalBest) {
	if old == new {
		return
	}
	w.member(name)
	w.b = append(w.b, `{"key":`...)
	w.b = AppendJSONString(w.b, new.Key)
	w.b = append(w.b, `,"points":`...)
	w.b = strconv.AppendInt(w.b, new.Points, 10)
	w.b = append(w.b, '}')
}
