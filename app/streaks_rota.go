package app

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// rotaDays is how far ahead the supervisor's rota card looks.
const rotaDays = 14

// rotaCSVExample shows the columns a rota upload takes.
const rotaCSVExample = "agent,date,kind\na-17,2026-12-24,holiday\na-18,2026-12-21,off"

// rotaMaxFile bounds a rota file read into the page, as the server does.
const rotaMaxFile = 1 << 20

// rotaPanel is the supervisor's (or admin's) rota of a team: its days off,
// sick and on holiday for the next two weeks, and an upload of a CSV
// (agent,date,kind) with what it accepted or, line by line, refused. Such
// days never break a streak.
type rotaPanel struct {
	goapp.Compo

	Lang    string
	Team    string
	Members []string // the team's agent ids; the rota shows theirs

	days    []shared.RotaDay
	loadErr string
	csv     string
	busy    bool
	lines   int // lines being uploaded
	result  *shared.RotaAnswer
	sendErr string
	gen     int
	loaded  string // the team last read for
}

func (c *rotaPanel) OnMount(ctx goapp.Context) {
	c.loaded = c.Team
	c.load(ctx)
}

// OnUpdate reads again when the team changed, not when its members' views
// move.
func (c *rotaPanel) OnUpdate(ctx goapp.Context) {
	if c.Team != c.loaded {
		c.loaded, c.result, c.sendErr = c.Team, nil, ""
		c.load(ctx)
	}
}

// memberIDs are the ids of a team's members.
func memberIDs(ms []shared.MemberView) []string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

// rotaRange is today and the last day the card shows, as dates.
func rotaRange(now time.Time) (string, string) {
	return now.Format(time.DateOnly), now.AddDate(0, 0, rotaDays-1).Format(time.DateOnly)
}

func (c *rotaPanel) load(ctx goapp.Context) {
	c.gen++
	gen := c.gen
	from, to := rotaRange(timeNow())
	ctx.Async(func() {
		var l shared.RotaList
		err := getJSON(ctx, "/api/v1/rota?"+url.Values{"from": {from}, "to": {to}}.Encode(), &l)
		ctx.Dispatch(func(goapp.Context) {
			if gen != c.gen {
				return
			}
			if err != nil {
				c.loadErr = err.Error()
				return
			}
			c.days, c.loadErr = l.Days, ""
		})
	})
}

// shown is the team's days, by date then name.
func (c *rotaPanel) shown() []shared.RotaDay {
	var out []shared.RotaDay
	for _, d := range c.days {
		if len(c.Members) == 0 || slices.Contains(c.Members, d.Agent) {
			out = append(out, d)
		}
	}
	return out
}

// pickFile reads the chosen CSV file into the text area, where it can be
// checked before it is sent.
func (c *rotaPanel) pickFile(ctx goapp.Context, e goapp.Event) {
	files := ctx.JSSrc().Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	file := files.Index(0)
	if file.Get("size").Int() > rotaMaxFile {
		c.sendErr = tr(c.Lang, "streaks.file_big", rotaMaxFile>>10)
		return
	}
	file.Call("text").Then(func(v goapp.Value) {
		text := v.String()
		ctx.Dispatch(func(goapp.Context) { c.csv, c.result, c.sendErr = text, nil, "" })
	})
}

// upload sends the CSV; the answer says how many lines were taken or lists
// each refused one (then nothing changed).
func (c *rotaPanel) upload(ctx goapp.Context, e goapp.Event) {
	e.PreventDefault()
	body := strings.TrimSpace(c.csv)
	if body == "" || c.busy {
		return
	}
	c.busy, c.result, c.sendErr = true, nil, ""
	c.lines = max(strings.Count(body, "\n"), 1)
	ctx.Async(func() {
		var ans shared.RotaAnswer
		err := apiCall{Method: http.MethodPut, Path: "/api/v1/rota", Raw: []byte(body + "\n"), ContentType: "text/csv"}.fetch(ctx, &ans)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			var ae *apiError
			switch {
			case err == nil:
				c.result, c.csv = &ans, ""
				// A text area's text is its first value only: the sent
				// lines are cleared in the element itself.
				if el := goapp.Window().GetElementByID("rota-csv"); el.Truthy() {
					el.Set("value", "")
				}
				c.load(ctx)
			case errors.As(err, &ae) && ae.Status == http.StatusUnprocessableEntity && decodeJSON(ae.Body, &ans) == nil:
				c.result = &ans
			default:
				c.sendErr = err.Error()
			}
		})
	})
}

// remove takes the clicked day out of the rota. The day is read from the
// button's data set: go-app keeps an element's first handler, so a closure
// over a chip would act on whoever sat there first.
func (c *rotaPanel) remove(ctx goapp.Context, e goapp.Event) {
	src := ctx.JSSrc()
	agent, date := src.Get("dataset").Get("agent").String(), src.Get("dataset").Get("date").String()
	if agent == "" || date == "" || c.busy {
		return
	}
	c.busy, c.result, c.sendErr = true, nil, ""
	ctx.Async(func() {
		err := apiCall{Method: http.MethodDelete, Path: "/api/v1/rota/" + url.PathEscape(agent) + "/" + url.PathEscape(date)}.fetch(ctx, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			if err != nil && statusOf(err) != http.StatusNotFound {
				c.sendErr = err.Error()
			}
			c.load(ctx)
		})
	})
}

func (c *rotaPanel) Render() goapp.UI {
	lang := c.Lang
	days := c.shown()
	return goapp.Section().ID("rota").Class("card", "rota-card").Body(
		goapp.H2().Text(tr(lang, "streaks.rota_title")),
		goapp.P().Class("muted").Text(tr(lang, "streaks.rota_intro")),
		goapp.If(c.loadErr != "", func() goapp.UI { return goapp.P().Class("error").Role("alert").Text(c.loadErr) }),
		goapp.If(len(days) == 0 && c.loadErr == "", func() goapp.UI {
			return goapp.P().ID("rota-empty").Class("muted").Text(tr(lang, "streaks.rota_empty"))
		}).Else(func() goapp.UI { return c.renderDays(lang, days) }),
		c.renderUpload(lang),
	)
}

// renderDays lists the two weeks' rota days, a line per date.
func (c *rotaPanel) renderDays(lang string, days []shared.RotaDay) goapp.UI {
	var dates []string
	for _, d := range days {
		if len(dates) == 0 || dates[len(dates)-1] != d.Date {
			dates = append(dates, d.Date)
		}
	}
	return goapp.Ul().ID("rota-days").Class("rota-days").Body(goapp.Range(dates).Slice(func(i int) goapp.UI {
		date := dates[i]
		var of []shared.RotaDay
		for _, d := range days {
			if d.Date == date {
				of = append(of, d)
			}
		}
		return goapp.Li().Class("rota-day").DataSet("date", date).Body(
			goapp.Span().Class("rota-date").Text(agentDayText(lang, date)),
			goapp.Span().Class("rota-people").Body(goapp.Range(of).Slice(func(j int) goapp.UI {
				d := of[j]
				name := d.Name
				if name == "" {
					name = d.Agent
				}
				return goapp.Span().Class("rota-chip").DataSet("agent", d.Agent).DataSet("kind", d.Kind).Body(
					goapp.Text(name+" · "+tr(lang, "streaks.kind_"+d.Kind)),
					goapp.Button().Class("rota-remove").Type("button").DataSet("agent", d.Agent).DataSet("date", d.Date).
						Aria("label", tr(lang, "streaks.remove", name, agentDayText(lang, d.Date))).
						Title(tr(lang, "streaks.remove", name, agentDayText(lang, d.Date))).
						Disabled(c.busy).OnClick(c.remove).Text("×"),
				)
			})),
		)
	}))
}

// renderUpload is the CSV upload: a file or pasted text, the send button,
// and the outcome.
func (c *rotaPanel) renderUpload(lang string) goapp.UI {
	return goapp.Form().ID("rota-form").Class("rota-form").OnSubmit(c.upload).Body(
		goapp.H3().Text(tr(lang, "streaks.upload_title")),
		goapp.Label().For("rota-file").Text(tr(lang, "streaks.upload_file")),
		goapp.Input().ID("rota-file").Type("file").Accept(".csv,text/csv").OnChange(c.pickFile),
		goapp.Label().For("rota-csv").Text(tr(lang, "streaks.upload_text")),
		goapp.Textarea().ID("rota-csv").Class("editor", "editor-small").Rows(5).Spellcheck(false).
			Placeholder(rotaCSVExample).Text(c.csv).
			OnInput(func(ctx goapp.Context, e goapp.Event) { c.csv = ctx.JSSrc().Get("value").String() }),
		goapp.Button().ID("rota-upload").Class("btn", "btn-primary").Type("submit").Disabled(c.busy).
			Text(tr(lang, "streaks.upload")),
		goapp.Div().ID("rota-status").Role("status").Aria("live", "polite").Body(
			goapp.If(c.busy, func() goapp.UI {
				return goapp.P().Class("loading").Text(trn(lang, "streaks.uploading", int64(c.lines)))
			}),
			goapp.If(c.sendErr != "", func() goapp.UI { return goapp.P().Class("error").Text(c.sendErr) }),
			goapp.If(c.result != nil, func() goapp.UI { return c.renderResult(lang, c.result) }),
		),
	)
}

// renderResult says what an upload did: every line taken, or which lines
// were refused and why, with nothing changed.
func (c *rotaPanel) renderResult(lang string, r *shared.RotaAnswer) goapp.UI {
	if len(r.Errors) == 0 {
		return goapp.P().ID("rota-result").Class("ok").DataSet("accepted", r.Accepted).
			Text(trn(lang, "streaks.accepted", int64(r.Accepted)))
	}
	return goapp.Div().ID("rota-result").Class("rota-refused").DataSet("refused", r.Refused).Body(
		goapp.P().Class("error").Text(tr(lang, "streaks.refused", r.Refused, r.Lines)),
		goapp.Ul().ID("rota-errors").Class("rota-errors").Body(goapp.Range(r.Errors).Slice(func(i int) goapp.UI {
			e := r.Errors[i]
			where := tr(lang, "streaks.line", e.Line)
			if e.Field != "" {
				where += " · " + tr(lang, "streaks.field_"+e.Field)
			}
			return goapp.Li().DataSet("line", e.Line).DataSet("code", e.Code).Body(
				goapp.Strong().Text(where),
				goapp.Text(" "+rotaLineText(lang, e)),
			)
		})),
	)
}

// rotaErrorCodes are the line error codes the PWA words itself.
var rotaErrorCodes = []string{shared.RotaBadAgent, shared.RotaBadDate, shared.RotaTooOld, shared.RotaTooFar, shared.RotaBadKind,
	shared.RotaUnknown, shared.RotaNotYourTeam, shared.RotaRepeat, shared.RotaFields, shared.RotaBadCSV}

// rotaLineText words a refused line in lang by its code; a code this build
// does not know keeps the server's English.
func rotaLineText(lang string, e shared.RotaLineError) string {
	switch {
	case e.Code == shared.RotaTooOld:
		return tr(lang, "streaks.err_"+e.Code, shared.RotaKeepDays)
	case e.Code == shared.RotaTooFar:
		return tr(lang, "streaks.err_"+e.Code, shared.RotaAheadDays)
	case e.Code == shared.RotaRepeat:
		return tr(lang, "streaks.err_"+e.Code, e.Other)
	case e.Code == shared.RotaBadCSV:
		return tr(lang, "streaks.err_"+e.Code) + " (" + e.Message + ")"
	case slices.Contains(rotaErrorCodes, e.Code):
		return tr(lang, "streaks.err_"+e.Code)
	}
	return e.Message
}
