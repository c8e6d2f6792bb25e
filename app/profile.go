package app

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// profilePath is "My settings": how the signed-in person appears to others,
// their language and their photo.
const profilePath = "/me"

// photoTypes are the media types a photo may have, as the server takes
// them; the file input offers only these.
var photoTypes = []string{"image/png", "image/jpeg", "image/webp"}

// appearOptions are the three ways to appear, in the order they are shown.
var appearOptions = []string{shared.AppearByName, shared.AppearByInitials, shared.AppearHidden}

// profilePage is /me, for every signed-in person.
type profilePage struct {
	goapp.Compo

	lang    string
	me      identity
	loaded  bool
	loadErr string

	prefs   shared.Preferences
	saving  bool   // a preferences PUT is under way
	saveMsg string // "saved" or the failure, in words
	saveErr bool

	color  string // the person's team colour, for the preview and the face
	today  int64  // today's points, for the preview of an agent's row
	rank   int    // their rank on today's agents board; 0: none yet
	public bool   // the org's boards are public (agents see them)

	uploading bool
	photoMsg  string
	photoErr  bool
}

func newProfilePage() goapp.Composer { return &profilePage{public: true} }

func (c *profilePage) OnMount(ctx goapp.Context) {
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	ctx.Page().SetTitle(tr(c.lang, "people.settings_title") + " · Scorecast")
	whoAmI(ctx, func(ctx goapp.Context, me identity) {
		if me.Role == shared.RoleDisplay {
			ctx.Navigate(displayPath)
			return
		}
		c.me = me
		if me.Preferences != nil {
			c.prefs = *me.Preferences
		}
		if c.prefs.Boards == "" {
			c.prefs.Boards = shared.AppearByName
		}
		c.adoptAccountLang(ctx)
		c.color = teamColor(me.Team, "")
		c.loadMore(ctx)
	})
}

// adoptAccountLang speaks the language kept with the account on a device
// that has none chosen (no ?lang=, nothing stored): the account follows the
// person to a new phone.
func (c *profilePage) adoptAccountLang(ctx goapp.Context) {
	l := normLang(c.prefs.Language)
	if l == "" || l == c.lang {
		return
	}
	if u := ctx.Page().URL(); u != nil && u.Query().Get("lang") != "" {
		return
	}
	var stored string
	if err := ctx.LocalStorage().Get(langStorageKey, &stored); err == nil && normLang(stored) != "" {
		return
	}
	saveLang(ctx, l)
	c.lang = l
	ctx.Page().SetLang(l)
}

// loadMore reads what the preview needs beside the identity: the org's
// settings (are boards public) and, for an agent, their view (team colour,
// today's points).
func (c *profilePage) loadMore(ctx goapp.Context) {
	me := c.me
	ctx.Async(func() {
		var org shared.Org
		orgErr := getJSON(ctx, "/api/v1/org", &org)
		var v shared.AgentView
		var viewErr error
		if me.Role == roleAgent {
			viewErr = getJSON(ctx, "/api/v1/agents/"+url.PathEscape(me.User), &v)
		}
		ctx.Dispatch(func(goapp.Context) {
			c.loaded = true
			if orgErr == nil {
				c.public = org.PublicBoards
			}
			if viewErr == nil && me.Role == roleAgent {
				c.color = teamColor(v.Team, v.Color)
				c.today = v.Points[shared.PeriodDay].Points
				c.rank = v.Rank[shared.BoardAgents+"/"+shared.PeriodDay]
			}
			if err := firstErr(orgErr, viewErr); err != nil {
				c.loadErr = err.Error()
			}
		})
	})
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// choose saves a new way to appear, at once: a radio choice needs no save
// button, and the preview already shows what it means.
func (c *profilePage) choose(ctx goapp.Context, boards string) {
	if boards == c.prefs.Boards && !c.saveErr {
		return
	}
	next := c.prefs
	next.Boards = boards
	c.savePrefs(ctx, next)
}

// savePrefs PUTs the preferences; on failure the choice shown goes back
// to what the server has.
func (c *profilePage) savePrefs(ctx goapp.Context, next shared.Preferences) {
	before := c.prefs
	c.prefs, c.saving, c.saveMsg, c.saveErr = next, true, tr(c.lang, "people.saving"), false
	ctx.Async(func() {
		var out shared.Preferences
		err := sendJSON(ctx, http.MethodPut, "/api/v1/me/preferences", next, &out)
		ctx.Dispatch(func(goapp.Context) {
			c.saving = false
			if err != nil {
				c.prefs, c.saveErr = before, true
				c.saveMsg = tr(c.lang, "people.save_failed", err.Error())
				return
			}
			c.prefs, c.saveMsg = out, tr(c.lang, "people.saved")
		})
	})
}

// pickLang switches the page's language, keeps it on this device and with
// the account; "" goes back to the browser's.
func (c *profilePage) pickLang(ctx goapp.Context, code string) {
	saveLang(ctx, code)
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	setDocumentLang(c.lang)
	next := c.prefs
	next.Language = code
	c.savePrefs(ctx, next)
}

// pickPhoto checks the chosen file (type and size, as the server will)
// and uploads it; the server checks again, and decodes it.
func (c *profilePage) pickPhoto(ctx goapp.Context) {
	input := ctx.JSSrc()
	files := input.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	file := files.Index(0)
	input.Set("value", "") // the same file may be chosen again after an error
	size, typ := file.Get("size").Int(), file.Get("type").String()
	if msg := photoProblem(c.lang, typ, size); msg != "" {
		c.photoMsg, c.photoErr = msg, true
		return
	}
	c.uploading, c.photoMsg, c.photoErr = true, tr(c.lang, "people.photo_uploading"), false
	var then, fail goapp.Func
	release := func() { then.Release(); fail.Release() }
	then = goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
		defer release()
		arr := goapp.Window().Get("Uint8Array").New(args[0])
		data := make([]byte, arr.Length())
		goapp.CopyBytesToGo(data, arr)
		ctx.Dispatch(func(ctx goapp.Context) { c.upload(ctx, data, typ) })
		return nil
	})
	fail = goapp.FuncOf(func(goapp.Value, []goapp.Value) any {
		defer release()
		ctx.Dispatch(func(goapp.Context) {
			c.uploading, c.photoErr = false, true
			c.photoMsg = tr(c.lang, "people.photo_unreadable")
		})
		return nil
	})
	file.Call("arrayBuffer").Call("then", then, fail)
}

// photoProblem is what is wrong with a file of that media type and size
// for a photo, in words; "" when nothing.
func photoProblem(lang, typ string, size int) string {
	known := false
	for _, t := range photoTypes {
		known = known || t == typ
	}
	switch {
	case !known:
		return tr(lang, "people.photo_type")
	case size > shared.MaxPhotoBytes:
		return tr(lang, "people.photo_too_big", fileSize(lang, size))
	case size == 0:
		return tr(lang, "people.photo_unreadable")
	}
	return ""
}

// fileSize is a byte count in KiB or MiB, in the reader's numbers.
func fileSize(lang string, n int) string {
	if n >= 1<<20 {
		return formatFloat1(lang, float64(n)/(1<<20)) + " MiB"
	}
	return formatInt(lang, int64((n+1023)/1024)) + " KiB"
}

// formatFloat1 is x with one decimal, with the reader's decimal mark.
func formatFloat1(lang string, x float64) string {
	s := fmt.Sprintf("%.1f", x)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func (c *profilePage) upload(ctx goapp.Context, data []byte, typ string) {
	ctx.Async(func() {
		var out shared.PhotoSet
		err := apiCall{Method: http.MethodPut, Path: "/api/v1/me/photo", Raw: data, ContentType: typ}.fetch(ctx, &out)
		ctx.Dispatch(func(goapp.Context) {
			c.uploading = false
			if err != nil {
				c.photoMsg, c.photoErr = photoRefusal(c.lang, err), true
				return
			}
			c.me.Photo, c.photoMsg, c.photoErr = out.Photo, tr(c.lang, "people.photo_saved"), false
		})
	})
}

// photoRefusal is the server's refusal of a photo, in the reader's words.
func photoRefusal(lang string, err error) string {
	switch statusOf(err) {
	case http.StatusRequestEntityTooLarge:
		return tr(lang, "people.photo_too_big", fileSize(lang, shared.MaxPhotoBytes+1))
	case http.StatusUnsupportedMediaType:
		return tr(lang, "people.photo_type")
	case http.StatusBadRequest:
		return tr(lang, "people.photo_unreadable")
	}
	return tr(lang, "people.photo_failed", err.Error())
}

func (c *profilePage) removePhoto(ctx goapp.Context) {
	c.uploading, c.photoMsg, c.photoErr = true, tr(c.lang, "people.saving"), false
	ctx.Async(func() {
		err := apiCall{Method: http.MethodDelete, Path: "/api/v1/me/photo"}.fetch(ctx, nil)
		ctx.Dispatch(func(goapp.Context) {
			c.uploading = false
			if err != nil {
				c.photoMsg, c.photoErr = tr(c.lang, "people.photo_failed", err.Error()), true
				return
			}
			c.me.Photo, c.photoMsg = "", tr(c.lang, "people.photo_removed")
		})
	})
}

func (c *profilePage) Render() goapp.UI {
	lang := c.lang
	return goapp.Div().Class("page", "profile-page").Body(
		topBar(lang, navBar(lang, c.me, profilePath)),
		newPWAStatus(lang),
		goapp.Main().ID("profile").Class("profile").DataSet("mounted", boolAttr(c.loaded)).Body(
			goapp.H1().Class("profile-title").Text(tr(lang, "people.settings_title")),
			goapp.If(c.loadErr != "", func() goapp.UI {
				return goapp.P().Class("error").Role("alert").Text(tr(lang, "people.load_failed", c.loadErr))
			}),
			c.renderAppear(),
			c.renderPhoto(),
			c.renderLanguage(),
		),
	)
}

// renderAppear is the consent: three radios, with the row others see.
func (c *profilePage) renderAppear() goapp.UI {
	lang := c.lang
	return goapp.Section().ID("appear").Class("card", "profile-card").Aria("labelledby", "appear-title").Body(
		goapp.H2().ID("appear-title").Text(tr(lang, "people.appear_title")),
		goapp.P().Class("muted", "profile-lead").Text(tr(lang, "people.appear_lead")),
		goapp.If(!c.public, func() goapp.UI {
			return goapp.P().ID("boards-private").Class("profile-note").Text(tr(lang, "people.boards_private"))
		}),
		goapp.Div().Class("profile-appear").Body(
			goapp.Div().Class("appear-options").Role("radiogroup").Aria("labelledby", "appear-title").Body(
				goapp.Range(appearOptions).Slice(func(i int) goapp.UI {
					opt := appearOptions[i]
					id := "appear-" + opt
					return goapp.Label().Class("appear-option").For(id).DataSet("checked", boolAttr(c.prefs.Boards == opt)).Body(
						goapp.Input().Type("radio").ID(id).Name("appear").Value(opt).
							Checked(c.prefs.Boards == opt).Disabled(!c.loaded).
							Aria("describedby", id+"-hint").
							OnChange(func(ctx goapp.Context, e goapp.Event) { c.choose(ctx, opt) }),
						goapp.Span().Class("appear-text").Body(
							goapp.Span().Class("appear-label").Text(tr(lang, "people.appear_"+opt)),
							goapp.Span().ID(id+"-hint").Class("appear-hint").Text(tr(lang, "people.appear_"+opt+"_hint")),
						),
					)
				}),
			),
			c.renderPreview(),
		),
		goapp.P().ID("appear-status").Class("profile-status").Role("status").
			DataSet("state", c.saveState()).Text(c.saveMsg),
	)
}

func (c *profilePage) saveState() string {
	switch {
	case c.saving:
		return "saving"
	case c.saveErr:
		return "error"
	case c.saveMsg != "":
		return "saved"
	}
	return ""
}

// renderPreview is the person's row as others see it on a board.
func (c *profilePage) renderPreview() goapp.UI {
	lang := c.lang
	name, photo, color := displayName(c.me), c.me.Photo, c.color
	switch c.prefs.Boards {
	case shared.AppearByInitials:
		name, photo = initialsName(name), ""
	case shared.AppearHidden:
		name, photo, color = tr(lang, "people.anonymous"), "", teamColor("", "")
	}
	faceName := name
	if c.prefs.Boards == shared.AppearHidden {
		faceName = "?"
	}
	return goapp.Figure().Class("appear-preview").Body(
		goapp.FigCaption().Class("appear-preview-label").Text(tr(lang, "people.preview")),
		goapp.Div().ID("appear-preview").Class("preview-row").DataSet("appear", c.prefs.Boards).Body(
			goapp.Span().Class("row-rank", "num").Text(rankText(c.rank)),
			face(faceName, photo, color, faceM),
			goapp.Span().Class("preview-name").Text(name),
			goapp.If(c.me.Role == roleAgent, func() goapp.UI {
				return goapp.Span().Class("row-points", "num").Text(formatInt(lang, c.today))
			}),
		),
	)
}

// initialsName is a name as "H. S.", as the server writes it on boards
// (projection.Initials): the first letters of the first and last words,
// a hyphenated word being one.
func initialsName(name string) string {
	words := strings.Fields(name)
	if len(words) > 2 {
		words = []string{words[0], words[len(words)-1]}
	}
	parts := make([]string, 0, len(words))
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		parts = append(parts, string(unicode.ToUpper(r))+".")
	}
	return strings.Join(parts, " ")
}

func (c *profilePage) renderPhoto() goapp.UI {
	lang := c.lang
	hasPhoto := c.me.Photo != ""
	return goapp.Section().ID("photo").Class("card", "profile-card").Aria("labelledby", "photo-title").Aria("busy", boolAttr(c.uploading)).Body(
		goapp.H2().ID("photo-title").Text(tr(lang, "people.photo_title")),
		goapp.Div().Class("photo-row").Body(
			goapp.Div().ID("photo-current").Class("photo-current").DataSet("photo", boolAttr(hasPhoto)).Body(
				face(displayName(c.me), c.me.Photo, c.color, faceL),
			),
			goapp.Div().Class("photo-controls").Body(
				goapp.P().Class("muted", "profile-lead").Text(tr(lang, "people.photo_lead")),
				goapp.If(!hasPhoto, func() goapp.UI {
					return goapp.P().Class("muted").Text(tr(lang, "people.photo_none"))
				}),
				goapp.Div().Class("photo-buttons").Body(
					// The input itself is the control (visually hidden, not
					// display:none), so it keeps keyboard focus and its label.
					goapp.Input().Type("file").ID("photo-input").Class("visually-hidden", "photo-input").
						Accept("%s", strings.Join(photoTypes, ",")).Disabled(c.uploading || !c.loaded).
						OnChange(func(ctx goapp.Context, e goapp.Event) { c.pickPhoto(ctx) }),
					goapp.Label().For("photo-input").Class("btn", "btn-primary", "photo-choose").
						DataSet("disabled", boolAttr(c.uploading || !c.loaded)).
						Text(tr(lang, "people.photo_choose")),
					goapp.If(hasPhoto, func() goapp.UI {
						return goapp.Button().ID("photo-remove").Class("btn", "btn-danger").Type("button").
							Disabled(c.uploading).
							OnClick(func(ctx goapp.Context, e goapp.Event) { c.removePhoto(ctx) }).
							Text(tr(lang, "people.photo_remove"))
					}),
				),
				goapp.P().ID("photo-status").Class("profile-status").
					Role(photoRole(c.photoErr)).DataSet("state", photoState(c.uploading, c.photoErr, c.photoMsg)).
					Text(c.photoMsg),
			),
		),
	)
}

func photoRole(isErr bool) string {
	if isErr {
		return "alert"
	}
	return "status"
}

func photoState(busy, isErr bool, msg string) string {
	switch {
	case busy:
		return "busy"
	case isErr:
		return "error"
	case msg != "":
		return "done"
	}
	return ""
}

func (c *profilePage) renderLanguage() goapp.UI {
	lang := c.lang
	chosen := normLang(c.prefs.Language)
	return goapp.Section().ID("language").Class("card", "profile-card").Aria("labelledby", "language-title").Body(
		goapp.H2().ID("language-title").Text(tr(lang, "people.lang_title")),
		goapp.P().Class("muted", "profile-lead").Text(tr(lang, "people.lang_lead")),
		goapp.Select().ID("profile-lang").Class("profile-lang").Aria("labelledby", "language-title").
			Disabled(!c.loaded).
			OnChange(func(ctx goapp.Context, e goapp.Event) {
				c.pickLang(ctx, normLang(ctx.JSSrc().Get("value").String()))
			}).
			Body(
				goapp.Option().Value("").Selected(chosen == "").Text(tr(lang, "people.lang_auto")),
				goapp.Range(languages).Slice(func(i int) goapp.UI {
					return goapp.Option().Value(languages[i].Code).Selected(languages[i].Code == chosen).
						Lang(languages[i].Code).Text(languages[i].Name)
				}),
			),
	)
}

// ariaPage is aria-current's value for a link: "page" for the page shown,
// else "false" (which says nothing).
func ariaPage(current bool) string {
	if current {
		return "page"
	}
	return "false"
}
