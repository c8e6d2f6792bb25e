package app

import (
	"hash/fnv"
	"strings"
	"unicode"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// Face sizes, in CSS classes of people.css.
const (
	faceS  = "face-s"  // rows of lists and tables
	faceM  = "face-m"  // cards
	faceL  = "face-l"  // the agent's header, the TV
	faceXL = "face-xl" // the TV's podium and celebration
)

// teamPalette colours a team that has no colour of its own; chosen to keep
// white initials legible (contrast ≥ 4.5:1) on every entry.
var teamPalette = []string{"#2f6f4f", "#3b5ba5", "#8a4b9b", "#a34d2e", "#1f6f80", "#7a5c12", "#9b3b5a", "#4d5b6b"}

// teamColor is the team's colour when the server sent one, else a colour
// picked from its id, so one team keeps one colour on every screen.
func teamColor(team, color string) string {
	if color != "" {
		return color
	}
	if team == "" {
		return teamPalette[len(teamPalette)-1]
	}
	h := fnv.New32a()
	h.Write([]byte(team))
	return teamPalette[int(h.Sum32()%uint32(len(teamPalette)))]
}

// initials are the first letters of the first and last word of a name,
// upper-cased ("Hannah Schmidt" → "HS", "Olga" → "O").
func initials(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '.' })
	first := func(w string) string {
		for _, r := range w {
			return string(unicode.ToUpper(r))
		}
		return ""
	}
	switch len(words) {
	case 0:
		return "?"
	case 1:
		return first(words[0])
	default:
		return first(words[0]) + first(words[len(words)-1])
	}
}

// face draws a person: their photo when there is one, else their initials
// on a circle in their team's colour. It is decoration beside a name that
// is always written out, so screen readers skip it.
func face(name, photo, color, size string) goapp.UI {
	if photo != "" {
		return goapp.Img().Class("face", size).Src(photo).Alt("").Role("presentation").Aria("hidden", "true").
			Attr("loading", "lazy").Attr("decoding", "async")
	}
	return goapp.Span().Class("face", size).Aria("hidden", "true").
		Style("background-color", color).Text(initials(name))
}

// rowName is the name a board row shows: the person's or team's name, or
// a word for someone who chose to stay anonymous; never an id.
func rowName(lang string, e shared.LeaderboardEntry) string {
	switch {
	case e.Anonymous:
		return tr(lang, "people.anonymous")
	case e.Name != "":
		return e.Name
	case e.Agent == "" && e.Team != "":
		return tr(lang, "people.unnamed_team")
	default:
		return tr(lang, "people.unnamed_agent")
	}
}
