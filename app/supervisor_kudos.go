package app

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The supervisor's share of recognition: "give kudos" from the agent shown
// in the drill-down, to them, with the team's members to pick from.

// openKudos opens the kudos dialog on the agent picked in the scorecard.
func (c *supervisorPage) openKudos(ctx goapp.Context) {
	known := make([]kudosPerson, 0, len(c.members.Members))
	for _, m := range c.members.Members {
		known = append(known, kudosPerson{ID: m.ID, Name: m.Name, Photo: m.Photo, Team: c.team, Color: m.Color})
	}
	c.kudos.open(ctx, c.me, c.selected, known...)
}

// kudosButton is the drill-down's "give kudos", for supervisors (admins
// run the programme, they do not play in it).
func (c *supervisorPage) kudosButton(lang string) goapp.UI {
	if !mayGiveKudos(c.me) {
		return nil
	}
	return goapp.Button().ID("drill-kudos").Class("btn").Type("button").Aria("haspopup", "dialog").
		OnClick(func(ctx goapp.Context, e goapp.Event) { c.openKudos(ctx) }).
		Text(tr(lang, "rw.kudos_give"))
}

// renderKudos is the dialog and, once sent, its confirmation.
func (c *supervisorPage) renderKudos(lang string) goapp.UI {
	return c.kudos.render(lang, c.words, func(ctx goapp.Context) { c.kudos.send(ctx, lang, nil) })
}
