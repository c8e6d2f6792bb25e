package shared

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestAgentPatchTurnsOldIntoNew: for views changed the ways the projector
// changes them (points, ranks, badge values, challenges coming and going)
// and for unrelated views, the old view with the patch applied, both as a
// client decodes them from JSON, encodes exactly as the new view.
func TestAgentPatchTurnsOldIntoNew(t *testing.T) {
	for seed := range uint64(2000) {
		old, new := randomPair(rand.New(rand.NewPCG(seed, 7)), seed)
		got := applyOverJSON(t, old, DiffAgentView(&old, &new))
		if want := encode(t, new); encode(t, got) != want {
			t.Fatalf("seed %d: old + patch\n%s\nwant\n%s\npatch %s", seed, encode(t, got), want, encode(t, DiffAgentView(&old, &new)))
		}
	}
}

// TestAgentPatchIsSmall: a points event's patch carries what moved, not the
// badges' and challenges' names and descriptions.
func TestAgentPatchIsSmall(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	old := randomView(r)
	new := cloneView(old)
	new.XP += 30
	new.At++
	pp := new.Points["day"]
	pp.Points += 30
	new.Points["day"] = pp
	new.Badges[0].Value++
	patch := encode(t, DiffAgentView(&old, &new))
	if full := encode(t, new); len(patch)*3 > len(full) {
		t.Fatalf("patch is %d B against %d B for the whole view: %s", len(patch), len(full), patch)
	}
	if empty := encode(t, DiffAgentView(&new, &new)); empty != fmt.Sprintf(`{"at":%d,"base":%d}`, new.At, new.At) {
		t.Fatalf("a patch between equal views is %s", empty)
	}
}

// A patch applies only to the view it was made against: a client that
// missed a message finds out instead of going wrong for good.
func TestAgentPatchNeedsItsBase(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	a := randomView(r)
	b := mutate(r, a)
	c := mutate(r, b)
	missed := cloneView(a)
	if missed.Apply(DiffAgentView(&b, &c)) {
		t.Fatal("a patch against b applied to a")
	}
	if encode(t, missed) != encode(t, a) {
		t.Fatal("a refused patch changed the view")
	}
	dup := cloneView(c)
	if !dup.Apply(DiffAgentView(&c, &c)) || dup.At != c.At {
		t.Fatal("an empty patch against the view did not apply")
	}
}

// randomPair is a view and, one seed in ten, an unrelated view, otherwise
// the view changed as a batch changes it.
func randomPair(r *rand.Rand, seed uint64) (old, new AgentView) {
	old = randomView(r)
	if seed%10 == 0 {
		return old, randomView(r)
	}
	return old, mutate(r, old)
}

func applyOverJSON(t *testing.T, old AgentView, p AgentPatch) AgentView {
	t.Helper()
	var v AgentView
	var q AgentPatch
	if err := json.Unmarshal([]byte(encode(t, old)), &v); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(encode(t, p)), &q); err != nil {
		t.Fatal(err)
	}
	if !v.Apply(q) {
		t.Fatalf("a patch made against %s does not apply to it", encode(t, old))
	}
	return v
}

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func randomView(r *rand.Rand) AgentView {
	v := AgentView{
		ID: pick(r, "a-1", "a-2"), Name: pick(r, "Ann", "Bo", ""), Team: pick(r, "t-1", ""), TeamName: pick(r, "Blue", ""),
		Photo: pick(r, "/api/v1/photos/o/a-1?v=1", ""), Color: pick(r, "#336699", ""),
		Points: map[string]PeriodPoints{}, Level: r.IntN(5), LevelName: pick(r, "Rookie", "Pro"),
		XP: r.Int64N(1000), LevelXP: r.Int64N(100), NextLevelXP: r.Int64N(2000), XPToNext: r.Int64N(100),
		Rank: map[string]int{}, Badges: []Badge{}, Streaks: []Streak{}, Challenges: []Challenge{}, At: r.Uint64N(1000),
	}
	for _, p := range []string{"day", "week", "month", "all"} {
		if r.IntN(5) > 0 {
			v.Points[p] = randomPeriod(r, p)
		}
	}
	if r.IntN(2) == 0 {
		v.BestDay = PersonalBest{Key: pick(r, "2026-11-24", "2026-11-25"), Points: r.Int64N(500)}
		v.BestWeek = PersonalBest{Key: "2026-W48", Points: v.BestDay.Points + r.Int64N(500)}
	}
	for _, b := range []string{"agents/day", "agents/week", "quality/all"} {
		if r.IntN(3) > 0 {
			v.Rank[b] = 1 + r.IntN(50)
		}
	}
	for i := range r.IntN(6) {
		v.Badges = append(v.Badges, Badge{ID: fmt.Sprint("b", i), Name: "Badge", Description: "Something done well",
			Tier: r.IntN(3), TierName: pick(r, "", "Bronze"), Value: float64(r.IntN(20)), NextTier: "Silver", NextMin: 10})
	}
	for i := range r.IntN(3) {
		v.Streaks = append(v.Streaks, Streak{ID: fmt.Sprint("s", i), Name: "Streak", Current: r.IntN(4), Best: r.IntN(9), Freezes: r.IntN(3), MaxFreezes: 2 * r.IntN(2)})
	}
	for i := range r.IntN(4) {
		v.Challenges = append(v.Challenges, randomChallenge(r, i))
	}
	if len(v.Challenges) > 0 && r.IntN(3) == 0 {
		// A launched challenge listed for the team and for the agent: two
		// entries with one key.
		c := v.Challenges[0]
		c.Progress++
		v.Challenges = append(v.Challenges, c)
	}
	return v
}

func randomPeriod(r *rand.Rand, period string) PeriodPoints {
	p := PeriodPoints{Key: pick(r, period, period+"-1"), Points: r.Int64N(500)}
	if r.IntN(2) == 0 {
		p.Categories = map[string]int64{"quality": r.Int64N(300)}
		if r.IntN(2) == 0 {
			p.Categories["speed"] = r.Int64N(300)
		}
	}
	return p
}

func randomChallenge(r *rand.Rand, i int) Challenge {
	c := Challenge{ID: fmt.Sprint("c", i), Instance: pick(r, "2026-11-27", "2026-W48", ""), Name: "Challenge",
		Progress: float64(r.IntN(5)), Target: 5, Status: pick(r, "active", "completed"),
		Deadline: time.Date(2026, 11, 27+r.IntN(3), 23, 0, 0, 0, time.UTC), Reward: "25 points"}
	if r.IntN(3) == 0 { // a co-op quest
		c.Coop = []CoopMember{{ID: "a-1", Name: "Ann", Color: "#3366cc", Share: float64(r.IntN(3))},
			{ID: "a-2", Name: "Bo", Photo: "/p/a-2", Share: float64(r.IntN(3))}}
	}
	return c
}

// mutate changes a copy of v the ways a batch of events or the clock does.
func mutate(r *rand.Rand, v AgentView) AgentView {
	n := cloneView(v)
	n.At += 1 + r.Uint64N(5)
	for range r.IntN(6) {
		switch r.IntN(10) {
		case 0:
			n.XP += r.Int64N(50)
			n.XPToNext = r.Int64N(100)
		case 1:
			n.Points["day"] = randomPeriod(r, "day")
			if d := n.Points["day"]; d.Points > n.BestDay.Points {
				n.BestDay = PersonalBest{Key: d.Key, Points: d.Points}
			}
		case 2:
			delete(n.Points, pick(r, "day", "week", "month", "all"))
		case 3:
			n.Rank[pick(r, "agents/day", "agents/week", "quality/all")] = 1 + r.IntN(50)
		case 4:
			delete(n.Rank, pick(r, "agents/day", "agents/week", "quality/all"))
		case 5:
			if len(n.Badges) > 0 {
				n.Badges[r.IntN(len(n.Badges))].Value++
			}
		case 6:
			if len(n.Challenges) > 0 {
				n.Challenges = slices.Delete(n.Challenges, 0, 1) // one ended
			} else {
				n.Challenges = append(n.Challenges, randomChallenge(r, 9))
			}
		case 7:
			if len(n.Streaks) > 0 {
				n.Streaks[0].Current = r.IntN(4)
				n.Streaks[0].Freezes = r.IntN(3)
			}
		case 9:
			if len(n.Challenges) > 0 {
				c := &n.Challenges[len(n.Challenges)-1]
				c.Progress++
				if len(c.Coop) > 0 { // a partner's event: their part moves with the bar
					c.Coop = slices.Clone(c.Coop)
					c.Coop[r.IntN(len(c.Coop))].Share++
				}
			}
		case 8:
			n.Level++
			n.LevelName = pick(r, "Pro", "Expert")
			n.Name = pick(r, "Ann", "Anna")
		}
	}
	return n
}

func cloneView(v AgentView) AgentView {
	var c AgentView
	b, _ := json.Marshal(v)
	_ = json.Unmarshal(b, &c)
	return c
}

func pick(r *rand.Rand, s ...string) string { return s[r.IntN(len(s))] }
