package app

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// recognitionPage is /recognition, for supervisors and admins: the
// redemption queue of their teams (approve, reject with a note; admins
// also mark approved ones fulfilled), the kudos of their teams with "hide",
// and the spotlight dialog fed by the data's candidates.
type recognitionPage struct {
	goapp.Compo

	lang    string
	mounted bool
	me      identity
	status  liveStatus
	words   glossary
	feed    orgFeed
	live    *liveFollower
	gen     int

	loaded      bool
	err         string
	redemptions []shared.Redemption
	kudosList   []shared.Kudos
	spots       []shared.Spotlight
	// people are the members of a supervisor's teams, for "give kudos".
	people   []kudosPerson
	feedSeen int // the newest org feed item the kudos list was read after

	// rejecting is the redemption whose note is being written; busy the
	// one being decided; rowErr a refusal, by redemption id.
	rejecting string
	note      string
	busy      string
	rowErr    map[string]string

	hide  hideForm
	spot  spotForm
	kudos kudosForm
}

// hideForm is the "hide this kudos" confirm dialog.
type hideForm struct {
	id, reason string
	busy       bool
	err        string
}

// spotForm is the spotlight dialog.
type spotForm struct {
	period     string
	candidates []shared.Candidate
	candErr    string
	agent      string
	title      string
	message    string
	busy       bool
	err        string
	ok         string
}

// recognitionPoll is how often the queue is read again: redemptions reach
// an agent's topic, not the supervisor's, so the queue asks.
const recognitionPoll = 10 * time.Second

func newRecognitionPage() goapp.Composer { return &recognitionPage{} }

func (c *recognitionPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.gen++
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	ctx.Page().SetTitle("%s · Scorecast", tr(c.lang, "rw.rec_title"))
	c.live = newLiveFollower()
	c.status = liveStatus{Conn: connConnecting}
	ctx.ObserveState(liveStatusKey, &c.status)
	observeGlossary(ctx, &c.words)
	whoAmI(ctx, func(ctx goapp.Context, me identity) {
		c.me = me
		if !c.staff() {
			return
		}
		// New kudos and spotlights come on org: the list is read again.
		ctx.ObserveState(liveKey(shared.TopicOrg), &c.feed).OnChange(func() {
			if len(c.feed.Ticker) > 0 && c.feed.Ticker[0].ID != c.feedSeen {
				c.feedSeen = c.feed.Ticker[0].ID
				c.readKudos(ctx)
				c.readSpots(ctx)
			}
		})
		c.live.follow(ctx, shared.TopicOrg)
		c.load(ctx)
		c.poll(ctx, c.gen)
	})
}

func (c *recognitionPage) OnDismount() {
	c.mounted = false
	c.gen++
	c.live.stop()
}

// staff: supervisors and admins.
func (c *recognitionPage) staff() bool { return c.me.Role == roleAdmin || c.me.Role == roleSupervisor }

func (c *recognitionPage) poll(ctx goapp.Context, gen int) {
	ctx.After(recognitionPoll, func(ctx goapp.Context) {
		if c.mounted && gen == c.gen {
			c.readQueue(ctx)
			c.poll(ctx, gen)
		}
	})
}

func (c *recognitionPage) load(ctx goapp.Context) {
	c.readQueue(ctx)
	c.readKudos(ctx)
	c.readSpots(ctx)
	c.readPeople(ctx)
}

// readPeople reads the members of the teams a supervisor looks after, so
// the kudos dialog lists them even where boards are private.
func (c *recognitionPage) readPeople(ctx goapp.Context) {
	teams := c.me.Teams
	ctx.Async(func() {
		var people []kudosPerson
		for _, team := range teams {
			var tm shared.TeamMembers
			if getJSON(ctx, "/api/v1/teams/"+url.PathEscape(team)+"/members", &tm) != nil {
				continue
			}
			for _, m := range tm.Members {
				people = append(people, kudosPerson{ID: m.ID, Name: m.Name, Photo: m.Photo, Team: team, Color: m.Color})
			}
		}
		ctx.Dispatch(func(goapp.Context) { c.people = people })
	})
}

// readSpots reads the spotlights, past ones too: they are kept.
func (c *recognitionPage) readSpots(ctx goapp.Context) {
	ctx.Async(func() {
		var a shared.SpotlightsAnswer
		err := getJSON(ctx, spotlightsAPI, &a)
		ctx.Dispatch(func(goapp.Context) {
			if err == nil {
				c.spots = a.Spotlights
			}
		})
	})
}

// readQueue reads the redemptions the caller may decide: pending ones,
// and approved ones for admins to fulfil.
func (c *recognitionPage) readQueue(ctx goapp.Context) {
	ctx.Async(func() {
		var a shared.RedemptionsAnswer
		err := getJSON(ctx, redemptionsAPI, &a)
		ctx.Dispatch(func(goapp.Context) {
			c.loaded = true
			if err != nil {
				c.err = err.Error()
				return
			}
			c.err, c.redemptions = "", a.Redemptions
		})
	})
}

func (c *recognitionPage) readKudos(ctx goapp.Context) {
	ctx.Async(func() {
		var kl shared.KudosList
		err := getJSON(ctx, kudosAPI+"?limit=30", &kl)
		ctx.Dispatch(func(goapp.Context) {
			if err == nil {
				c.kudosList = teamsKudos(c.me, kl.Kudos)
			}
		})
	})
}

// queue is what waits for a decision: pending ones, then (admins) the
// approved ones to fulfil.
func (c *recognitionPage) queue() (pending, approved, decided []shared.Redemption) {
	for _, r := range c.redemptions {
		switch r.Status {
		case redemptionPending:
			pending = append(pending, r)
		case redemptionApproved:
			approved = append(approved, r)
			if c.me.Role != roleAdmin {
				decided = append(decided, r)
			}
		default:
			decided = append(decided, r)
		}
	}
	if c.me.Role != roleAdmin {
		approved = nil
	}
	return pending, approved, decided
}

// decide approves, rejects (with the note) or fulfils a redemption.
func (c *recognitionPage) decide(ctx goapp.Context, id, action, note string) {
	if c.busy != "" {
		return
	}
	c.busy = id
	if c.rowErr == nil {
		c.rowErr = map[string]string{}
	}
	delete(c.rowErr, id)
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, apiTimeout)
		defer cancel()
		var r shared.Redemption
		err := sendJSON(rctx, http.MethodPost, redemptionsAPI+"/"+url.PathEscape(id)+"/"+action, shared.ReviewRequest{Note: strings.TrimSpace(note)}, &r)
		ctx.Dispatch(func(ctx goapp.Context) {
			c.busy = ""
			if err != nil {
				c.rowErr[id] = err.Error()
				return
			}
			if r.ID != "" {
				c.redemptions = upsertRedemption(c.redemptions, r)
			}
			c.rejecting, c.note = "", ""
			c.readQueue(ctx)
		})
	})
}

// openHide asks for a reason before a kudos is hidden.
func (c *recognitionPage) openHide(ctx goapp.Context, id string) {
	c.hide = hideForm{id: id}
	showDialog(ctx, "hide-dialog")
}

func (c *recognitionPage) sendHide(ctx goapp.Context) {
	f := &c.hide
	if f.busy || f.id == "" {
		return
	}
	f.busy, f.err = true, ""
	id, body := f.id, shared.HideKudos{Reason: strings.TrimSpace(f.reason)}
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, apiTimeout)
		defer cancel()
		err := sendJSON(rctx, http.MethodPost, kudosAPI+"/"+url.PathEscape(id)+"/hide", body, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			f.busy = false
			if err != nil {
				f.err = err.Error()
				return
			}
			closeDialog("hide-dialog")
			c.readKudos(ctx)
		})
	})
}

// openSpot opens the spotlight dialog on this month's candidates.
func (c *recognitionPage) openSpot(ctx goapp.Context) {
	c.spot = spotForm{period: monthKey(time.Now()), title: tr(c.lang, "rw.spot_default_title")}
	c.readCandidates(ctx)
	showDialog(ctx, "spot-dialog")
}

func (c *recognitionPage) readCandidates(ctx goapp.Context) {
	f := &c.spot
	period := f.period
	ctx.Async(func() {
		var a shared.CandidatesAnswer
		err := getJSON(ctx, spotlightsAPI+"/candidates?period="+url.QueryEscape(period), &a)
		ctx.Dispatch(func(goapp.Context) {
			if f.period != period {
				return
			}
			if err != nil {
				f.candErr = err.Error()
				return
			}
			f.candErr, f.candidates = "", a.Candidates
			if f.agent == "" && len(a.Candidates) > 0 {
				f.agent = a.Candidates[0].Agent
			}
		})
	})
}

func (c *recognitionPage) sendSpot(ctx goapp.Context) {
	f := &c.spot
	if f.busy {
		return
	}
	if f.agent == "" {
		f.err = tr(c.lang, "rw.spot_pick")
		return
	}
	f.busy, f.err = true, ""
	body := shared.SpotlightRequest{Agent: f.agent, Title: strings.TrimSpace(f.title), Message: strings.TrimSpace(f.message), Period: f.period}
	name := f.agent
	for _, cd := range f.candidates {
		if cd.Agent == f.agent && cd.Name != "" {
			name = cd.Name
		}
	}
	lang := c.lang
	ctx.Async(func() {
		rctx, cancel := context.WithTimeout(ctx, apiTimeout)
		defer cancel()
		err := sendJSON(rctx, http.MethodPost, spotlightsAPI, body, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			f.busy = false
			if err != nil {
				f.err = err.Error()
				return
			}
			f.ok = tr(lang, "rw.spot_sent", name)
			closeDialog("spot-dialog")
			c.readSpots(ctx)
		})
	})
}

// openKudos opens "give kudos" with the people the page knows.
func (c *recognitionPage) openKudos(ctx goapp.Context) {
	known := append([]kudosPerson(nil), c.people...)
	for _, k := range c.kudosList {
		known = append(known, kudosPerson{ID: k.To, Name: k.ToName, Team: k.Team}, kudosPerson{ID: k.From, Name: k.FromName})
	}
	for _, cd := range c.spot.candidates {
		known = append(known, kudosPerson{ID: cd.Agent, Name: cd.Name, Team: cd.Team})
	}
	c.kudos.open(ctx, c.me, "", known...)
}

func (c *recognitionPage) pickLang(ctx goapp.Context, lang string) {
	c.lang = lang
	saveLang(ctx, lang)
	ctx.Page().SetLang(lang)
}

// showDialog opens a native dialog as a modal, at once: its body is
// always rendered, so it is there by the time anyone clicks. (A deferred
// call could run after a later update, the one that closes it.)
func showDialog(_ goapp.Context, id string) {
	if !goapp.IsClient {
		return
	}
	if d := goapp.Window().GetElementByID(id); d.Truthy() && !d.Get("open").Bool() {
		d.Call("showModal")
	}
}

// closeDialog closes a native dialog.
func closeDialog(id string) {
	if !goapp.IsClient {
		return
	}
	if d := goapp.Window().GetElementByID(id); d.Truthy() && d.Get("open").Bool() {
		d.Call("close")
	}
}

// teamsKudos are the kudos a supervisor looks after: those to people of
// the teams they supervise. An admin looks after all.
func teamsKudos(me identity, ks []shared.Kudos) []shared.Kudos {
	if me.Role != roleSupervisor {
		return ks
	}
	var out []shared.Kudos
	for _, k := range ks {
		if slices.Contains(me.Teams, k.Team) {
			out = append(out, k)
		}
	}
	return out
}
