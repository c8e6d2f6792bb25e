package app

import "testing"

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{
		"Hannah Schmidt": "HS", "olga": "O", "": "?", "Anna-Lena Berg": "AB",
		"Иван Петров": "ИП", "  Camille   de la Martin ": "CM", "J. R. R. Tolkien": "JT",
	} {
		if got := initials(in); got != want {
			t.Errorf("initials(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTeamColorIsStableAndPrefersTheServers(t *testing.T) {
	if teamColor("harbor", "") != teamColor("harbor", "") {
		t.Fatal("one team, two colours")
	}
	if got := teamColor("harbor", "#123456"); got != "#123456" {
		t.Fatalf("server colour ignored: %s", got)
	}
	if teamColor("", "") == "" {
		t.Fatal("no colour for no team")
	}
}
