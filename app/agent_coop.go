package app

import (
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// A co-op quest (a challenge with Coop members) is drawn as its own card:
// one bar the members fill together, each member's part a segment in
// their colour, and beneath it their faces with their parts, "You 12 ·
// Ann 9 · target 30". The server keeps the parts; the card only draws them,
// so a partner's event moves it as soon as their view arrives.

// coopColors gives each member a colour of their own: their team's, unless
// a member before them has it already (two partners on one team), then one
// of the palette nobody has yet. In member order, so every screen agrees.
func coopColors(members []shared.CoopMember) []string {
	out := make([]string, len(members))
	used := map[string]bool{}
	for i, m := range members {
		c := teamColor(m.ID, m.Color)
		if used[c] {
			for _, p := range teamPalette {
				if !used[p] {
					c = p
					break
				}
			}
		}
		used[c] = true
		out[i] = c
	}
	return out
}

// coopName is how the card names a member: "You" for the viewer.
func coopName(lang, me string, m shared.CoopMember) string {
	switch {
	case m.ID == me:
		return tr(lang, "coop.you")
	case m.Name != "":
		return m.Name
	}
	return tr(lang, "people.unnamed_agent")
}

// coopLine is the card's sentence of parts: the viewer first, then the
// partners in member order, then the target.
func coopLine(lang, me string, ch shared.Challenge) string {
	parts := make([]string, 0, len(ch.Coop)+1)
	for _, m := range ch.Coop {
		if m.ID == me {
			parts = append(parts, coopName(lang, me, m)+" "+formatFloat(lang, m.Share))
		}
	}
	for _, m := range ch.Coop {
		if m.ID != me {
			parts = append(parts, coopName(lang, me, m)+" "+formatFloat(lang, m.Share))
		}
	}
	parts = append(parts, tr(lang, "coop.target", formatFloat(lang, ch.Target)))
	return strings.Join(parts, " · ")
}

// coopItem draws a co-op quest for the viewer me ("" on a supervisor's
// screen, where nobody is "you"). name and reward are already in lang.
func coopItem(lang, me, name, reward string, ch shared.Challenge, now time.Time) goapp.UI {
	colors := coopColors(ch.Coop)
	total := max(ch.Target, ch.Progress, 1)
	status := tr(lang, "coop.tag")
	if ch.Status == "completed" {
		status = tr(lang, "coop.done")
	}
	return goapp.Li().Class("challenge", "coop").DataSet("challenge", ch.ID).DataSet("instance", ch.Instance).
		DataSet("status", ch.Status).Body(
		goapp.Div().Class("challenge-head").Body(
			goapp.Span().Class("challenge-name").Text(name),
			goapp.Span().Class("num", "coop-total").Text(formatFloat(lang, ch.Progress)+" / "+formatFloat(lang, ch.Target)),
		),
		// One progress bar for assistive technology, the group's; the
		// segments inside it are its picture, and the line below says each
		// part in words.
		goapp.Div().Class("bar", "coop-bar").Role("progressbar").
			Aria("valuemin", 0).Aria("valuemax", 100).Aria("valuenow", int(share(int64(ch.Progress), int64(ch.Target)))).
			Aria("label", tr(lang, "coop.bar", name)).
			Body(goapp.Range(ch.Coop).Slice(func(i int) goapp.UI {
				m := ch.Coop[i]
				w := min(m.Share/total*100, 100)
				return goapp.Div().Class("coop-seg").DataSet("member", m.ID).
					Style("width", pct(w)).Style("background-color", colors[i])
			})),
		goapp.P().Class("coop-line").Aria("live", "polite").Text(coopLine(lang, me, ch)),
		goapp.Ul().Class("coop-members").Body(goapp.Range(ch.Coop).Slice(func(i int) goapp.UI {
			m := ch.Coop[i]
			who := coopName(lang, me, m)
			return goapp.Li().Class("coop-member").DataSet("member", m.ID).Body(
				face(m.Name, m.Photo, colors[i], faceS),
				goapp.Span().Class("coop-swatch").Aria("hidden", "true").Style("background-color", colors[i]),
				goapp.Span().Class("coop-who").Text(who),
				goapp.Span().Class("num", "coop-share").Text(formatFloat(lang, m.Share)),
			)
		})),
		goapp.Div().Class("challenge-meta", "muted").Body(
			goapp.Span().Class("tag", "coop-tag").Text(status),
			goapp.If(reward != "", func() goapp.UI { return goapp.Span().Text(tr(lang, "coop.reward_each", reward)) }),
			goapp.If(!ch.Deadline.IsZero(), func() goapp.UI {
				return goapp.Span().Class("time-left").Text(timeLeft(lang, ch.Deadline.Sub(now)))
			}),
		),
	)
}
