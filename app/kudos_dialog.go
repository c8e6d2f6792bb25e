package app

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// kudosDialogID is the native <dialog> of "give kudos"; one per page.
const kudosDialogID = "kudos-dialog"

// kudosPerson is someone kudos may go to.
type kudosPerson struct {
	ID, Name, Photo, Team, Color string
}

// kudosForm is the state of the "give kudos" dialog, kept by the page that
// shows it (the agent view, the supervisor's and the recognition page).
// Its body is always rendered: a close event handled after a quick reopen
// must never leave the browser an empty dialog.
type kudosForm struct {
	// people are the colleagues to pick from: the org's board (names
	// only of those who appear by name) and whoever the page knows.
	people  []kudosPerson
	loaded  bool
	query   string
	to      string
	value   string
	message string
	// values, allowance, remaining and period are the caller's, from
	// GET /api/v1/kudos.
	values    []string
	allowance int
	remaining int
	period    string
	// key is the Idempotency-Key of this opening: a double click, or a
	// retry after a lost answer, spends one kudos.
	key  string
	busy bool
	err  string
	// Sent is the last kudos' confirmation, shown on the page.
	Sent string
}

// open shows the dialog, with to picked when the page opened it from a
// colleague's row; known adds people the page has at hand.
func (f *kudosForm) open(ctx goapp.Context, me identity, to string, known ...kudosPerson) {
	f.key, f.err, f.Sent, f.busy = newIdemKey(), "", "", false
	f.to, f.message, f.query = to, "", ""
	f.addPeople(me, known)
	f.load(ctx, me)
	showDialog(ctx, kudosDialogID)
	if goapp.IsClient && to == "" {
		if el := goapp.Window().GetElementByID("kudos-search"); el.Truthy() {
			el.Call("focus")
		}
	}
}

// close closes the dialog; the browser's close event brings nothing else
// along, so a later open starts from a fresh key.
func (f *kudosForm) close() { closeDialog(kudosDialogID) }

// addPeople merges people in by id, leaving out the caller: kudos to
// oneself are refused anyway.
func (f *kudosForm) addPeople(me identity, ps []kudosPerson) {
	for _, p := range ps {
		if p.ID == "" || p.ID == me.User {
			continue
		}
		i := slices.IndexFunc(f.people, func(q kudosPerson) bool { return q.ID == p.ID })
		if i < 0 {
			f.people = append(f.people, p)
		} else if f.people[i].Name == "" {
			f.people[i] = p
		}
	}
	slices.SortFunc(f.people, func(a, b kudosPerson) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
}

// load reads the caller's allowance and the org's values, and the people
// on the org's all-time board. A private board leaves the people the page
// passed.
func (f *kudosForm) load(ctx goapp.Context, me identity) {
	ctx.Async(func() {
		var kl shared.KudosList
		kerr := getJSON(ctx, kudosAPI+"?from="+url.QueryEscape(me.User)+"&limit=1", &kl)
		var people []kudosPerson
		if !f.loaded {
			var lb shared.Leaderboard
			if getJSON(ctx, "/api/v1/leaderboards/"+shared.BoardAgents+"?period="+shared.PeriodAll+"&limit=500", &lb) == nil {
				for _, e := range lb.Entries {
					if !e.Anonymous && e.Agent != "" {
						people = append(people, kudosPerson{ID: e.Agent, Name: e.Name, Photo: e.Photo, Team: e.Team, Color: e.Color})
					}
				}
			}
		}
		ctx.Dispatch(func(goapp.Context) {
			f.loaded = true
			f.addPeople(me, people)
			if kerr != nil {
				f.err = kerr.Error()
				return
			}
			f.values, f.allowance, f.remaining, f.period = kl.Values, kl.Allowance, kl.Remaining, kl.Period
			if !slices.Contains(f.values, f.value) && len(f.values) > 0 {
				f.value = f.values[0]
			}
		})
	})
}

// matches are the people whose name holds the query, the picked one first.
func (f *kudosForm) matches() []kudosPerson {
	q := strings.ToLower(strings.TrimSpace(f.query))
	var out []kudosPerson
	for _, p := range f.people {
		if p.ID == f.to || q == "" || strings.Contains(strings.ToLower(p.Name), q) {
			out = append(out, p)
		}
	}
	return out
}

// person is the one picked.
func (f *kudosForm) person() (kudosPerson, bool) {
	i := slices.IndexFunc(f.people, func(p kudosPerson) bool { return p.ID == f.to })
	if i < 0 {
		return kudosPerson{}, false
	}
	return f.people[i], true
}

// send posts the kudos with this opening's key; the server's refusal
// stays in the dialog, in its own words.
func (f *kudosForm) send(ctx goapp.Context, lang string, done func(ctx goapp.Context, a shared.KudosAnswer)) {
	if f.busy {
		return
	}
	switch {
	case f.to == "":
		f.err = tr(lang, "rw.kudos_pick")
		return
	case f.value == "":
		f.err = tr(lang, "rw.kudos_value_pick")
		return
	case utf8.RuneCountInString(f.message) > kudosMessageMax:
		f.err = tr(lang, "rw.kudos_too_long", kudosMessageMax)
		return
	}
	f.busy, f.err = true, ""
	body := shared.KudosRequest{To: f.to, Value: f.value, Message: strings.TrimSpace(f.message)}
	key := f.key
	who, _ := f.person()
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, apiTimeout)
		defer cancel()
		var a shared.KudosAnswer
		err := apiCall{Method: http.MethodPost, Path: kudosAPI, JSON: body, IdemKey: key}.fetch(rctx, &a)
		ctx.Dispatch(func(ctx goapp.Context) {
			f.busy = false
			if err != nil {
				f.err = err.Error()
				return
			}
			f.remaining = a.Remaining
			f.Sent = tr(lang, "rw.kudos_sent", firstOf(who.Name, tr(lang, "people.unnamed_agent")))
			f.close()
			if done != nil {
				done(ctx, a)
			}
		})
	})
}

// leftText is "2 of 3 left this week".
func (f *kudosForm) leftText(lang string) string {
	period := f.period
	if period == "" {
		period = shared.PeriodWeek
	}
	return trn(lang, "rw.kudos_left", int64(f.remaining), f.allowance, tr(lang, "rw.this_"+period))
}

// render draws the dialog.
func (f *kudosForm) render(lang string, g glossary, send func(ctx goapp.Context)) goapp.UI {
	people := f.matches()
	n := utf8.RuneCountInString(f.message)
	over := n > kudosMessageMax
	none := f.loaded && f.allowance > 0 && f.remaining <= 0
	return goapp.Dialog().ID(kudosDialogID).Class("floor-dialog", "kudos-dialog").Aria("labelledby", "kudos-title").Body(
		goapp.Form().ID("kudos-form").Class("form").
			OnSubmit(func(ctx goapp.Context, e goapp.Event) { e.PreventDefault(); send(ctx) }).
			Body(
				goapp.H2().ID("kudos-title").Text(tr(lang, "rw.kudos_give")),
				goapp.P().ID("kudos-left").Class("kudos-left").DataSet("remaining", f.remaining).DataSet("allowance", f.allowance).
					Text(f.leftText(lang)),
				goapp.Label().For("kudos-search").Text(tr(lang, "rw.kudos_to")),
				goapp.Input().ID("kudos-search").Type("search").Value(f.query).AutoComplete(false).
					Placeholder(tr(lang, "rw.kudos_search")).Aria("controls", "kudos-people").
					OnInput(func(ctx goapp.Context, e goapp.Event) { f.query = ctx.JSSrc().Get("value").String() }),
				goapp.Div().ID("kudos-people").Class("kudos-people").Role("radiogroup").Aria("label", tr(lang, "rw.kudos_to")).Body(
					goapp.If(len(people) == 0, func() goapp.UI {
						return goapp.P().Class("muted").Text(tr(lang, "rw.kudos_nobody"))
					}),
					goapp.Range(people).Slice(func(i int) goapp.UI {
						p := people[i]
						on := p.ID == f.to
						return goapp.Label().Class("kudos-person").DataSet("agent", p.ID).DataSet("on", boolAttr(on)).Body(
							goapp.Input().Type("radio").Name("kudos-to").Value(p.ID).Checked(on).
								OnChange(func(goapp.Context, goapp.Event) { f.to = p.ID; f.err = "" }),
							face(p.Name, p.Photo, teamColor(p.Team, p.Color), faceS),
							goapp.Span().Text(firstOf(p.Name, tr(lang, "people.unnamed_agent"))),
						)
					}),
				),
				goapp.FieldSet().Class("kudos-values").Body(
					goapp.Legend().Text(tr(lang, "rw.kudos_value")),
					goapp.Range(f.values).Slice(func(i int) goapp.UI {
						v := f.values[i]
						return goapp.Label().Class("chip").DataSet("value", v).Body(
							goapp.Input().Type("radio").Name("kudos-value").Value(v).Checked(v == f.value).
								OnChange(func(goapp.Context, goapp.Event) { f.value = v }),
							goapp.Span().Text(kudosValueName(g, lang, v)),
						)
					}),
				),
				goapp.Label().For("kudos-message").Text(tr(lang, "rw.kudos_message")),
				goapp.Textarea().ID("kudos-message").Rows(3).Text(f.message).
					Aria("describedby", "kudos-count").
					OnInput(func(ctx goapp.Context, e goapp.Event) { f.message = ctx.JSSrc().Get("value").String() }),
				goapp.P().ID("kudos-count").Class("small-print", "kudos-count").DataSet("over", boolAttr(over)).
					Aria("live", "polite").
					Text(strconv.Itoa(n)+" / "+strconv.Itoa(kudosMessageMax)),
				goapp.If(f.err != "", func() goapp.UI {
					return goapp.P().ID("kudos-error").Class("error").Role("alert").Text(f.err)
				}),
				goapp.Div().Class("floor-dialog-actions").Body(
					goapp.Button().ID("kudos-cancel").Class("btn", "btn-ghost").Type("button").
						OnClick(func(goapp.Context, goapp.Event) { f.close() }).
						Text(tr(lang, "floor.cancel")),
					goapp.Button().ID("kudos-send").Class("btn", "btn-primary").Type("submit").
						Disabled(f.busy || over || none).
						Text(tr(lang, "rw.kudos_send")),
				),
			),
	)
}
