package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"scorecast/shared"
)

// keyUse finds tr(lang, "key" ...) calls with a literal key.
var keyUse = regexp.MustCompile(`tr\((?:lang|c\.lang|c\.Lang), "([a-z_]+\.[a-z_]*)"`)

// dynamicKeys are the keys built at run time from a prefix and a value of
// the wire or the code; each must exist in every language.
var dynamicKeys = map[string][]string{
	"agent.points_":  {"day", "week", "month", "season"},
	"period.":        {"day", "week", "month", "season", "all"},
	"conn.":          {connConnecting, connLive, connReconnecting, connOffline},
	"admin.tab_":     adminTabs,
	"sim.col_":       simColumns,
	"flag.":          {"dropping", "quiet"},
	"role.":          {roleAdmin, roleSupervisor, roleAgent, "display"},
	"roster.action_": {"create", "update", "unchanged"},
	"board.":         {"teams", "agents"},
	"status.":        {"awarded", "started", "extended", "broken", "progress", "completed", "expired", "reached", "ended", "active", "lost", "frozen", "freeze_earned"},
	"nav.":           {"agents", "supervisor", "admin", "wall", "me", "logout", "label"},
	"rw.status_":     {redemptionPending, redemptionApproved, redemptionRejected, redemptionFulfilled},
	"rw.this_":       {"day", "week", "month"},
	"streaks.kind_":  {shared.RotaOff, shared.RotaSick, shared.RotaHoliday},
	"streaks.safe_":  {shared.RotaOff, shared.RotaSick, shared.RotaHoliday},
	"streaks.field_": {"agent", "date", "kind"},
	"streaks.err_":   rotaErrorCodes,
}

// TestEveryUsedKeyTranslated walks the sources for every key the views ask
// for, adds the keys built at run time, and checks each string table has
// them all: no view can show a raw key in any language.
func TestEveryUsedKeyTranslated(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], "_") && !strings.HasSuffix(m[1], ".") {
				used[m[1]] = true
			}
		}
	}
	for prefix, values := range dynamicKeys {
		for _, v := range values {
			used[prefix+v] = true
		}
	}
	if len(used) < 150 {
		t.Fatalf("found only %d keys: is the pattern still right?", len(used))
	}
	for _, l := range languages {
		for key := range used {
			if s, ok := messages[l.Code][key]; !ok || s == "" {
				t.Errorf("%s: no string for %q", l.Code, key)
			}
		}
	}
}
