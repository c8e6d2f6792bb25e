package app

import "testing"

func TestPointerLine(t *testing.T) {
	doc := []byte(`{
  "timezone": "Europe/Stockholm",
  "point_rules": [
    {"id": "a", "on": "x"},
    {
      "id": "b",
      "when": "csat >",
      "points": 5
    }
  ],
  "levels": []
}`)
	for ptr, want := range map[string]int{
		"":                      1,
		"/timezone":             2,
		"/point_rules":          3,
		"/point_rules/0":        4,
		"/point_rules/1":        5,
		"/point_rules/1/when":   7,
		"/point_rules/1/nope":   5, // missing: the parent
		"/point_rules/7":        3,
		"/levels":               11,
		"/point_rules/1/points": 8,
	} {
		if got := pointerLine(doc, ptr); got != want {
			t.Errorf("pointerLine(%q) = %d, want %d", ptr, got, want)
		}
	}
	if got := pointerLine([]byte(`{not json`), "/a/b"); got != 1 {
		t.Errorf("bad JSON: line %d", got)
	}
}
