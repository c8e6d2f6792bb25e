package app

import (
	"net/url"
	"strings"
	"testing"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestLoginHrefAndSafeNext(t *testing.T) {
	u, _ := url.Parse("http://x/agent/a-1?lang=sv")
	if got := loginHref(u); got != "/login?next=%2Fagent%2Fa-1%3Flang%3Dsv" {
		t.Errorf("loginHref %q", got)
	}
	root, _ := url.Parse("http://x/")
	if got := loginHref(root); got != "/login" {
		t.Errorf("loginHref / %q", got)
	}
	for in, want := range map[string]string{
		"/agent/a-1": "/agent/a-1", "//evil.example/": "", "https://evil.example": "", "/\\evil": "", "/login?next=/x": "", "": "",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
	if homeOf(identity{Role: roleAgent, User: "a-1"}) != "/agent/a-1" || homeOf(identity{Role: roleSupervisor}) != supervisorPath || homeOf(identity{Role: roleAdmin}) != adminPath {
		t.Error("homeOf")
	}
}

func TestTimeLeftAndDates(t *testing.T) {
	if got := timeLeft("en", 50*60*1e9); got != "50 min left" {
		t.Errorf("%q", got)
	}
	if got := timeLeft("de", 26*3600*1e9); got != "noch 1 T. 2 Std." {
		t.Errorf("%q", got)
	}
	if got := formatFloat("fr", 2.5); got != "2,5" {
		t.Errorf("%q", got)
	}
}
