package app

import (
	"slices"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// The launch dialog's co-op choice: with an agent challenge picked, the
// supervisor launches it for the team (each agent their own) or as a
// co-op quest for 2 to 6 partners they pick, who then share one target.
// Picked partners stay picked when the supervisor shows another of their
// teams, so a quest can pair people across teams and shifts.

// coopChoice is the dialog's state of a co-op quest.
type coopChoice struct {
	On     bool
	Picked []shared.CoopMember // in the order picked; Share unused
}

func (f *coopChoice) picked(id string) bool {
	return slices.ContainsFunc(f.Picked, func(m shared.CoopMember) bool { return m.ID == id })
}

// toggle picks or unpicks the team member id, at most CoopMaxMembers.
func (c *supervisorPage) toggleCoop(id string, on bool) {
	f := &c.launch.coop
	f.Picked = slices.DeleteFunc(f.Picked, func(m shared.CoopMember) bool { return m.ID == id })
	if !on || len(f.Picked) >= shared.CoopMaxMembers {
		return
	}
	for _, m := range c.members.Members {
		if m.ID == id {
			f.Picked = append(f.Picked, shared.CoopMember{ID: m.ID, Name: m.Name, Photo: m.Photo, Color: m.Color})
		}
	}
}

// coopRequest turns the launch into a co-op quest's, or says in lang why
// it cannot be one yet.
func (c *supervisorPage) coopRequest(lang string, body *shared.LaunchRequest) string {
	f := &c.launch.coop
	if !f.On {
		return ""
	}
	if t, ok := c.template(); ok && t.Scope != "agent" {
		return tr(lang, "coop.team_only")
	}
	if n := len(f.Picked); n < shared.CoopMinMembers || n > shared.CoopMaxMembers {
		return tr(lang, "coop.need")
	}
	body.Coop, body.Team, body.Agents = true, "", make([]string, 0, len(f.Picked))
	for _, m := range f.Picked {
		body.Agents = append(body.Agents, m.ID)
	}
	return ""
}

// coopPreview is the preview of a co-op quest: the picked partners at 0.
func (c *supervisorPage) coopPreview(ch shared.Challenge) shared.Challenge {
	if !c.launch.coop.On || len(c.launch.coop.Picked) == 0 {
		return ch
	}
	ch.Team = ""
	ch.Coop = slices.Clone(c.launch.coop.Picked)
	return ch
}

// renderCoopChoice is the dialog's "who takes part" for an agent template.
func (c *supervisorPage) renderCoopChoice(lang string, t challengeTemplate) goapp.UI {
	f := &c.launch.coop
	if t.Scope != "agent" {
		return goapp.Text("")
	}
	kind := func(id, label string, coop bool) goapp.UI {
		return goapp.Label().Class("check").For(id).Body(
			goapp.Input().ID(id).Type("radio").Name("launch-kind").Checked(f.On == coop).DataSet("coop", coop).
				OnChange(func(ctx goapp.Context, e goapp.Event) {
					f.On = ctx.JSSrc().Get("dataset").Get("coop").String() == "true"
					c.launch.Err = ""
				}),
			goapp.Span().Text(label),
		)
	}
	// The team shown first, then partners picked on another team.
	var others []shared.CoopMember
	for _, m := range f.Picked {
		if !slices.ContainsFunc(c.members.Members, func(v shared.MemberView) bool { return v.ID == m.ID }) {
			others = append(others, m)
		}
	}
	full := len(f.Picked) >= shared.CoopMaxMembers
	member := func(id, name, photo, color string) goapp.UI {
		on := f.picked(id)
		box := "coop-pick-" + id
		return goapp.Li().Body(goapp.Label().Class("check", "coop-pick").For(box).Body(
			goapp.Input().ID(box).Type("checkbox").Checked(on).Disabled(full && !on).DataSet("member", id).
				OnChange(func(ctx goapp.Context, e goapp.Event) {
					src := ctx.JSSrc()
					c.toggleCoop(src.Get("dataset").Get("member").String(), src.Get("checked").Bool())
					c.launch.Err = ""
				}),
			face(name, photo, teamColor(c.team, color), faceS),
			goapp.Span().Text(name),
		))
	}
	return goapp.Div().ID("launch-coop").Body(
		goapp.FieldSet().Class("coop-kind").Body(
			goapp.Legend().Text(tr(lang, "coop.kind")),
			kind("launch-kind-team", tr(lang, "coop.kind_team"), false),
			kind("launch-kind-coop", tr(lang, "coop.kind_coop"), true),
		),
		goapp.If(f.On, func() goapp.UI {
			return goapp.FieldSet().ID("coop-members").Class("coop-picker").Body(
				goapp.Legend().Text(tr(lang, "coop.pick")),
				goapp.P().Class("muted").Text(tr(lang, "coop.hint")),
				goapp.Ul().Class("coop-pick-list").Body(
					goapp.Range(c.members.Members).Slice(func(i int) goapp.UI {
						m := c.members.Members[i]
						return member(m.ID, m.Name, m.Photo, m.Color)
					}),
					goapp.Range(others).Slice(func(i int) goapp.UI {
						m := others[i]
						return member(m.ID, m.Name, m.Photo, m.Color)
					}),
				),
				goapp.P().ID("coop-count").Class("muted").Aria("live", "polite").
					Text(tr(lang, "coop.picked", len(f.Picked))),
			)
		}),
	)
}
