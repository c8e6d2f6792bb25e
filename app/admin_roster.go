package app

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// rosterCSVExample shows the columns the import expects.
const rosterCSVExample = "id,name,role,team,password\na-25,Kim Berg,agent,t-north,change-me-please"

// rosterUser is a user as the roster shows them: the face is their photo,
// else their initials.
type rosterUser = shared.User

// rosterUsers is GET /api/v1/users.
type rosterUsers = shared.Users

// adminPhotoTypes are the image types the photo endpoint takes.
var adminPhotoTypes = []string{"image/png", "image/jpeg", "image/webp"}

// rosterPanel lists users in natural order with their team's name, finds
// them by name, id or team, edits one at a time (name, role, team,
// password, photo) and imports a CSV roster, dry run first.
type rosterPanel struct {
	goapp.Compo

	Lang   string
	users  []rosterUser
	teams  map[string]string // team id → name
	err    string
	csv    string
	busy   bool
	result *shared.RosterResult
	resErr string
	dry    bool
	query  string

	editing string // the user being edited
	form    shared.UserRequest
	saving  bool
	editErr string
	editOK  string
	photoAt map[string]string // the photo URL an upload answered, by user
}

func (c *rosterPanel) OnMount(ctx goapp.Context) {
	c.teams, c.photoAt = map[string]string{}, map[string]string{}
	c.load(ctx)
}

func (c *rosterPanel) load(ctx goapp.Context) {
	ctx.Async(func() {
		var out rosterUsers
		err := getJSON(ctx, "/api/v1/users", &out)
		ctx.Dispatch(func(ctx goapp.Context) {
			if err != nil {
				c.err = err.Error()
				return
			}
			sortUsers(out.Users)
			c.users, c.err = out.Users, ""
			c.loadTeams(ctx)
		})
	})
}

// sortUsers orders users by id in natural order (a-2 before a-10).
func sortUsers(us []rosterUser) {
	sort.SliceStable(us, func(i, j int) bool { return naturalLess(us[i].ID, us[j].ID) })
}

// loadTeams names every team the roster mentions; a team without a name
// (or one the server does not know yet) keeps its id.
func (c *rosterPanel) loadTeams(ctx goapp.Context) {
	for _, u := range c.users {
		id := u.Team
		if id == "" {
			continue
		}
		askTeamName(ctx, c.teams, id)
	}
}

// askTeamName fetches a team's name into names[id] once; until it arrives,
// or when the server does not know the team, names[id] stays "".
func askTeamName(ctx goapp.Context, names map[string]string, id string) {
	if _, asked := names[id]; asked {
		return
	}
	names[id] = ""
	ctx.Async(func() {
		var tv shared.TeamView
		if err := getJSON(ctx, "/api/v1/teams/"+url.PathEscape(id), &tv); err != nil {
			return
		}
		ctx.Dispatch(func(goapp.Context) { names[id] = tv.Name })
	})
}

// teamName is a team as people know it.
func (c *rosterPanel) teamName(id string) string {
	return firstOf(c.teams[id], id)
}

// matches is the search: every word of the query in the name, id, team's
// name or id, or role, ignoring case.
func (c *rosterPanel) matches(u rosterUser) bool {
	hay := strings.ToLower(strings.Join([]string{u.ID, u.Name, u.Team, c.teamName(u.Team), tr(c.Lang, "role."+u.Role)}, " "))
	for _, w := range strings.Fields(strings.ToLower(c.query)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// toggleEdit opens the editor of user id, or closes it when it is open.
func (c *rosterPanel) toggleEdit(ctx goapp.Context, id string) {
	if c.editing == id {
		c.editing = ""
		return
	}
	for _, u := range c.users {
		if u.ID == id {
			c.startEdit(ctx, u)
		}
	}
}

func (c *rosterPanel) startEdit(ctx goapp.Context, u rosterUser) {
	c.editing, c.editErr, c.editOK = u.ID, "", ""
	c.form = shared.UserRequest{Name: u.Name, Role: u.Role, Team: u.Team}
	ctx.Defer(func(goapp.Context) {
		if el := goapp.Window().GetElementByID("edit-name"); el.Truthy() {
			el.Call("focus")
		}
	})
}

// save sends the edited user; an empty password keeps theirs.
func (c *rosterPanel) save(ctx goapp.Context, e goapp.Event) {
	e.PreventDefault()
	if c.saving {
		return
	}
	id, req, lang := c.editing, c.form, c.Lang
	req.Name, req.Team = strings.TrimSpace(req.Name), strings.TrimSpace(req.Team)
	if req.Password != "" && len(req.Password) < 8 {
		c.editErr = tr(lang, "admin.password_short")
		return
	}
	c.saving, c.editErr, c.editOK = true, "", ""
	ctx.Async(func() {
		err := sendJSON(ctx, http.MethodPut, "/api/v1/users/"+url.PathEscape(id), req, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.saving = false
			if err != nil {
				c.editErr = err.Error()
				return
			}
			c.editOK = tr(lang, "admin.saved", req.Name)
			c.form.Password = ""
			c.load(ctx)
		})
	})
}

// uploadPhoto sends the chosen file as the user's photo, after checking
// its type and size here, so a wrong file is refused before it travels.
func (c *rosterPanel) uploadPhoto(ctx goapp.Context, id string, file goapp.Value) {
	lang := c.Lang
	typ, size := file.Get("type").String(), file.Get("size").Int()
	if !slices.Contains(adminPhotoTypes, typ) {
		c.editErr = tr(lang, "admin.photo_type")
		return
	}
	if size > shared.MaxPhotoBytes {
		c.editErr = tr(lang, "admin.photo_size", shared.MaxPhotoBytes>>10)
		return
	}
	c.saving, c.editErr, c.editOK = true, "", ""
	file.Call("arrayBuffer").Then(func(buf goapp.Value) {
		data := make([]byte, size)
		goapp.CopyBytesToGo(data, goapp.Window().Get("Uint8Array").New(buf))
		ctx.Async(func() {
			// The answer is the photo's URL (shared.PhotoSet), versioned, so
			// the new face shows at once and caches for good.
			var set struct {
				Photo string `json:"photo"`
			}
			err := apiCall{Method: http.MethodPut, Path: "/api/v1/users/" + url.PathEscape(id) + "/photo", Raw: data, ContentType: typ}.fetch(ctx, &set)
			ctx.Dispatch(func(ctx goapp.Context) {
				c.saving = false
				if err != nil {
					if s := statusOf(err); s == http.StatusNotFound || s == http.StatusMethodNotAllowed {
						c.editErr = tr(lang, "admin.photo_unavailable")
					} else {
						c.editErr = err.Error()
					}
					return
				}
				c.photoAt[id] = set.Photo
				c.editOK = tr(lang, "admin.photo_saved")
				c.load(ctx)
			})
		})
	})
}

// photoOf is the user's photo URL: the one an upload in this page just
// answered, else the roster's.
func (c *rosterPanel) photoOf(u rosterUser) string {
	return firstOf(c.photoAt[u.ID], u.Photo)
}

func (c *rosterPanel) Render() goapp.UI {
	lang := c.Lang
	var shown []rosterUser
	for _, u := range c.users {
		if c.matches(u) {
			shown = append(shown, u)
		}
	}
	teamIDs := make([]string, 0, len(c.teams))
	for id := range c.teams {
		teamIDs = append(teamIDs, id)
	}
	sort.Slice(teamIDs, func(i, j int) bool { return naturalLess(teamIDs[i], teamIDs[j]) })
	return goapp.Div().ID("roster").Class("admin-panel").Body(
		goapp.Section().Class("card").Body(
			goapp.Div().Class("section-head").Body(
				goapp.H2().Text(tr(lang, "roster.users", len(c.users))),
				goapp.Div().Class("search").Body(
					goapp.Label().For("roster-search").Class("visually-hidden").Text(tr(lang, "admin.search")),
					goapp.Input().ID("roster-search").Type("search").Placeholder(tr(lang, "admin.search")).Value(c.query).
						OnInput(func(ctx goapp.Context, e goapp.Event) { c.query = ctx.JSSrc().Get("value").String() }),
				),
			),
			goapp.If(c.err != "", func() goapp.UI { return goapp.P().Class("error").Text(c.err) }),
			goapp.If(c.query != "", func() goapp.UI {
				return goapp.P().ID("roster-count").Class("muted").Role("status").Text(tr(lang, "admin.found", len(shown), len(c.users)))
			}),
			goapp.Div().Class("table-wrap").TabIndex(0).Body(goapp.Table().ID("users-table").Class("table", "cards-on-phone").Body(
				goapp.THead().Body(goapp.Tr().Body(
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_name")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_id")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_role")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_team")),
					goapp.Th().Scope("col").Body(goapp.Span().Class("visually-hidden").Text(tr(lang, "admin.edit"))),
				)),
				goapp.TBody().Body(goapp.Range(shown).Slice(func(i int) goapp.UI {
					u := shown[i]
					return goapp.Tr().DataSet("user", u.ID).DataSet("editing", boolAttr(c.editing == u.ID)).Body(
						goapp.Td().Class("who").Body(goapp.Div().Class("who-in").Body(
							face(u.Name, c.photoOf(u), teamColor(u.Team, ""), faceS),
							goapp.Span().Class("who-name").Text(u.Name),
						)),
						goapp.Td().Attr("data-label", tr(lang, "roster.col_id")).Body(goapp.Code().Text(u.ID)),
						goapp.Td().Attr("data-label", tr(lang, "roster.col_role")).Text(tr(lang, "role."+u.Role)),
						goapp.Td().Attr("data-label", tr(lang, "roster.col_team")).DataSet("team", u.Team).Text(c.teamName(u.Team)),
						goapp.Td().Class("row-actions").Body(
							goapp.Button().ID("edit-"+u.ID).Class("btn").Type("button").Aria("label", tr(lang, "admin.edit")+": "+u.Name).
								Aria("expanded", boolAttr(c.editing == u.ID)).DataSet("user", u.ID).
								OnClick(func(ctx goapp.Context, e goapp.Event) { c.toggleEdit(ctx, dataOf(ctx, "user")) }).
								Text(tr(lang, "admin.edit")),
						),
					)
				})),
			)),
			goapp.If(c.editing != "", func() goapp.UI { return c.renderEditor(lang, teamIDs) }),
		),
		goapp.Section().Class("card").Body(
			goapp.H2().Text(tr(lang, "roster.import")),
			goapp.P().Class("muted").Text(tr(lang, "roster.help")),
			goapp.Label().For("roster-csv").Class("visually-hidden").Text(tr(lang, "roster.import")),
			goapp.Textarea().ID("roster-csv").Class("editor", "editor-small").Rows(8).Spellcheck(false).
				Placeholder(rosterCSVExample).
				OnInput(func(ctx goapp.Context, e goapp.Event) { c.csv = ctx.JSSrc().Get("value").String() }).
				Text(c.csv),
			goapp.Div().Class("actions").Body(
				goapp.Button().ID("roster-dry").Class("btn").Type("button").Disabled(c.busy).
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.send(ctx, true) }).Text(tr(lang, "roster.dry")),
				goapp.Button().ID("roster-apply").Class("btn", "btn-primary").Type("button").
					Disabled(c.busy || c.result == nil || !c.dry || len(c.result.Errors) > 0).
					OnClick(func(ctx goapp.Context, e goapp.Event) { c.send(ctx, false) }).Text(tr(lang, "roster.apply")),
			),
			goapp.If(c.resErr != "", func() goapp.UI { return goapp.P().ID("roster-error").Class("error").Role("alert").Text(c.resErr) }),
			goapp.If(c.result != nil, func() goapp.UI { return c.renderResult(lang) }),
		),
	)
}

// renderEditor is the form of the user being edited.
func (c *rosterPanel) renderEditor(lang string, teamIDs []string) goapp.UI {
	var u rosterUser
	for _, x := range c.users {
		if x.ID == c.editing {
			u = x
		}
	}
	roles := []string{roleAgent, roleSupervisor, roleAdmin}
	return goapp.Form().ID("user-editor").Class("user-editor").DataSet("user", c.editing).OnSubmit(c.save).
		Aria("label", tr(lang, "admin.edit_user", u.Name)).Body(
		goapp.Div().Class("editor-head").Body(
			face(u.Name, c.photoOf(u), teamColor(u.Team, ""), faceL),
			goapp.Div().Body(
				goapp.H3().Text(tr(lang, "admin.edit_user", u.Name)),
				goapp.Code().Class("muted").Text(u.ID),
			),
		),
		goapp.Div().Class("fields").Body(
			goapp.Div().Class("field").Body(
				goapp.Label().For("edit-name").Text(tr(lang, "roster.col_name")),
				goapp.Input().ID("edit-name").Type("text").Required(true).MaxLength(100).Value(c.form.Name).
					OnInput(func(ctx goapp.Context, e goapp.Event) { c.form.Name = ctx.JSSrc().Get("value").String() }),
			),
			goapp.Div().Class("field").Body(
				goapp.Label().For("edit-role").Text(tr(lang, "roster.col_role")),
				goapp.Select().ID("edit-role").OnChange(func(ctx goapp.Context, e goapp.Event) {
					c.form.Role = ctx.JSSrc().Get("value").String()
				}).Body(goapp.Range(roles).Slice(func(i int) goapp.UI {
					return goapp.Option().Value(roles[i]).Selected(roles[i] == c.form.Role).Text(tr(lang, "role."+roles[i]))
				})),
			),
			goapp.Div().Class("field").Body(
				goapp.Label().For("edit-team").Text(tr(lang, "roster.col_team")),
				goapp.Select().ID("edit-team").OnChange(func(ctx goapp.Context, e goapp.Event) {
					c.form.Team = ctx.JSSrc().Get("value").String()
				}).Body(
					goapp.Option().Value("").Selected(c.form.Team == "").Text(tr(lang, "admin.no_team")),
					goapp.Range(teamIDs).Slice(func(i int) goapp.UI {
						id := teamIDs[i]
						return goapp.Option().Value(id).Selected(id == c.form.Team).Text(c.teamName(id))
					}),
				),
			),
			goapp.Div().Class("field").Body(
				goapp.Label().For("edit-password").Text(tr(lang, "admin.new_password")),
				goapp.Input().ID("edit-password").Type("password").Attr("autocomplete", "new-password").Attr("minlength", 8).MaxLength(200).Value(c.form.Password).
					Aria("describedby", "edit-password-help").
					OnInput(func(ctx goapp.Context, e goapp.Event) { c.form.Password = ctx.JSSrc().Get("value").String() }),
				goapp.Small().ID("edit-password-help").Class("muted").Text(tr(lang, "admin.password_help")),
			),
			goapp.Div().Class("field").Body(
				goapp.Label().For("edit-photo").Text(tr(lang, "admin.photo")),
				goapp.Input().ID("edit-photo").Type("file").Accept(strings.Join(adminPhotoTypes, ",")).Disabled(c.saving).
					Aria("describedby", "edit-photo-help").
					OnChange(func(ctx goapp.Context, e goapp.Event) {
						if files := ctx.JSSrc().Get("files"); files.Truthy() && files.Length() > 0 {
							c.uploadPhoto(ctx, c.editing, files.Index(0))
						}
					}),
				goapp.Small().ID("edit-photo-help").Class("muted").Text(tr(lang, "admin.photo_help", shared.MaxPhotoBytes>>10)),
			),
		),
		goapp.Div().Class("actions").Body(
			goapp.Button().ID("edit-save").Class("btn", "btn-primary").Type("submit").Disabled(c.saving).Text(tr(lang, "admin.save")),
			goapp.Button().ID("edit-close").Class("btn").Type("button").
				OnClick(func(ctx goapp.Context, e goapp.Event) { c.editing = "" }).Text(tr(lang, "admin.close")),
		),
		goapp.If(c.editErr != "", func() goapp.UI { return goapp.P().ID("edit-error").Class("error").Role("alert").Text(c.editErr) }),
		goapp.If(c.editOK != "", func() goapp.UI { return goapp.P().ID("edit-ok").Class("ok").Role("status").Text(c.editOK) }),
	)
}

func (c *rosterPanel) renderResult(lang string) goapp.UI {
	r := c.result
	head := tr(lang, "roster.dry_result", len(r.Changes), len(r.Errors))
	if r.Applied {
		head = tr(lang, "roster.applied", len(r.Changes))
	}
	return goapp.Div().ID("roster-result").DataSet("applied", boolAttr(r.Applied)).Body(
		goapp.P().Class("ok").Role("status").Text(head),
		goapp.If(len(r.Errors) > 0, func() goapp.UI {
			return goapp.Ul().ID("roster-errors").Class("problems").Body(goapp.Range(r.Errors).Slice(func(i int) goapp.UI {
				e := r.Errors[i]
				return goapp.Li().Class("problem").DataSet("line", e.Line).Body(
					goapp.Strong().Text(tr(lang, "rules.line", e.Line)+" "),
					goapp.Span().Text(e.Message),
				)
			}))
		}),
		goapp.If(len(r.Changes) > 0, func() goapp.UI {
			return goapp.Table().ID("roster-changes").Class("table").Body(
				goapp.THead().Body(goapp.Tr().Body(
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_id")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_action")),
					goapp.Th().Scope("col").Text(tr(lang, "roster.col_fields")),
				)),
				goapp.TBody().Body(goapp.Range(r.Changes).Slice(func(i int) goapp.UI {
					ch := r.Changes[i]
					return goapp.Tr().DataSet("action", ch.Action).Body(
						goapp.Td().Text(ch.ID),
						goapp.Td().Text(tr(lang, "roster.action_"+ch.Action)),
						goapp.Td().Text(strings.Join(ch.Fields, ", ")),
					)
				})),
			)
		}),
	)
}

// send posts the CSV; dryRun asks only what would change.
func (c *rosterPanel) send(ctx goapp.Context, dryRun bool) {
	if c.busy || strings.TrimSpace(c.csv) == "" {
		return
	}
	c.busy, c.resErr, c.result, c.dry = true, "", nil, dryRun
	path := "/api/v1/roster?dry_run=false"
	if dryRun {
		path = "/api/v1/roster?dry_run=true"
	}
	body := []byte(c.csv)
	lang := c.Lang
	ctx.Async(func() {
		var res shared.RosterResult
		err := apiCall{Method: http.MethodPost, Path: path, Raw: body, ContentType: "text/csv"}.fetch(ctx, &res)
		var ae *apiError
		if errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusUnprocessableEntity) {
			// A refused roster answers its errors by line in the body.
			if decodeJSON(ae.Body, &res) == nil && len(res.Errors) > 0 {
				err = nil
			}
		}
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = false
			switch {
			case statusOf(err) == http.StatusNotFound || statusOf(err) == http.StatusMethodNotAllowed:
				c.resErr = tr(lang, "roster.unavailable")
			case err != nil:
				c.resErr = err.Error()
			default:
				c.result = &res
				if res.Applied {
					c.load(ctx)
				}
			}
		})
	})
}
