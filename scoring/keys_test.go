package scoring

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestPeriodKeysCachedByDay: the period keys of instants asked for in any
// order, across midnights and clock changes (including ones at midnight and
// a day a zone skipped), are those of the instant's own local date.
func TestPeriodKeysCachedByDay(t *testing.T) {
	zones := []string{"UTC", "Europe/Stockholm", "America/Sao_Paulo", "America/Havana", "Pacific/Apia", "Asia/Tehran", "Australia/Lord_Howe"}
	starts := []time.Time{
		time.Date(2011, 12, 28, 0, 0, 0, 0, time.UTC), // Apia skipped 30 Dec 2011
		time.Date(2018, 11, 2, 0, 0, 0, 0, time.UTC),  // Sao Paulo's last midnight DST start
		time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 23, 0, 0, 0, 0, time.UTC),
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Fatal(err)
		}
		e := &Engine{loc: loc}
		for _, start := range starts {
			for range 3000 {
				at := start.Add(time.Duration(r.Int64N(int64(5 * 24 * time.Hour))))
				if r.IntN(4) == 0 { // often the instants around a midnight
					at = at.Truncate(time.Hour).Add(time.Duration(r.IntN(3)-1) * time.Second)
				}
				local := at.In(loc)
				y, m, d := local.Date()
				wy, w := local.ISOWeek()
				want := [numPeriods]string{dayKey(y, m, d), weekKey(wy, w), monthKey(y, m), "", PeriodAll}
				if got := e.keys(at); got.k != want || !got.local.Equal(at) {
					t.Fatalf("%s %s: keys %v, want %v", z, at.Format(time.RFC3339Nano), got.k, want)
				}
			}
		}
	}
}

// A past day asked for (a challenge's start, an insight's history) does not
// evict the day cached, which is asked for next; a later day replaces it.
func TestPeriodKeysCacheKeepsTheLatestDay(t *testing.T) {
	e := &Engine{loc: time.UTC}
	today := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	e.keys(today)
	e.keys(today.AddDate(0, 0, -4))
	if c := e.day.Load(); c == nil || c.k[pDay] != "2026-11-27" {
		t.Fatalf("cached %v after a past day, want 2026-11-27", c)
	}
	e.keys(today.AddDate(0, 0, 1))
	if c := e.day.Load(); c == nil || c.k[pDay] != "2026-11-28" {
		t.Fatalf("cached %v after the next day, want 2026-11-28", c)
	}
}
