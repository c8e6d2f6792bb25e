package app

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// A TV at /display pairs itself (shows a code an admin enters), keeps its
// display token in LocalStorage, and then rotates slides for ever. It never
// needs a click: every failure path ends in a retry or a new pairing code.

const (
	displayTokenKey = "scorecast.display"
	pairPollEvery   = 2 * time.Second
	pairRetryAfter  = 5 * time.Second
	defaultRotate   = 12 * time.Second
	// outdatedReload is how long a TV shows that it is out of date before
	// it reloads itself: long enough for the service worker to fetch the
	// new version.
	outdatedReload = 10 * time.Second
)

// displayCreds is what a paired TV keeps.
type displayCreds struct {
	Token string `json:"token"`
	Name  string `json:"name"`
}

// displayTopics turns a display's bindings into live topics: a board bound
// without a period shows its day; every team's view; the org feed.
func displayTopics(boards, teams []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, b := range boards {
		board, period, ok := strings.Cut(b, "/")
		if !ok {
			period = shared.PeriodDay
		}
		add(shared.BoardTopic(board, period))
	}
	for _, t := range teams {
		add(shared.TeamTopic(t))
	}
	add(shared.TopicOrg)
	return out
}

// liveURLToken is the socket address with a display token.
func liveURLToken(page *url.URL, token string) string {
	u, err := url.Parse(liveURL(page))
	if err != nil {
		return liveURL(page)
	}
	u.RawQuery = url.Values{"token": {token}}.Encode()
	return u.String()
}

// displayPage is /display.
type displayPage struct {
	goapp.Compo

	lang     string
	mounted  bool
	rotate   time.Duration
	creds    displayCreds
	pairing  shared.PairingStart
	pairErr  string
	st       displayState
	live     *liveFollower
	gen      int  // bumps on every (re)start, so stale timers and polls stop
	checking bool // a token check is under way

	g       glossary              // the ruleset's names, in every language
	moves   map[string]*rankMoves // board topic -> its rows' recent moves
	calm    map[string]*calmBoard // board topic -> the board as shown
	now     time.Time             // of the last tick: the clock, moves' minute
	slideAt time.Time             // when the slide on screen came up
	still   bool                  // the viewer asked for reduced motion
	ticks   int                   // bumps on mount and dismount: one tick loop at a time
	cel     celebrations          // the takeover on an achievement, queued
	chime   bool                  // the org wants a chime with each one
}

func newDisplayPage() goapp.Composer { return &displayPage{} }

func (c *displayPage) OnMount(ctx goapp.Context) {
	c.mounted = true
	c.lang = loadLang(ctx)
	ctx.Page().SetLang(c.lang)
	c.rotate = defaultRotate
	c.now, c.slideAt = time.Now(), time.Now()
	c.still = reducedMotion()
	c.cel = celebrations{since: time.Now()}
	q := ctx.Page().URL().Query()
	if s, err := strconv.ParseFloat(q.Get("rotate"), 64); err == nil && s >= 1 {
		c.rotate = time.Duration(s * float64(time.Second))
	}
	if !goapp.IsClient {
		return
	}
	c.live = newLiveFollower()
	observeGlossary(ctx, &c.g)
	c.ticks++
	c.tick(ctx, c.ticks)
	ctx.ObserveState(liveStatusKey, &c.st.Status).OnChange(func() { c.onStatus(ctx) })
	var creds displayCreds
	if err := ctx.LocalStorage().Get(displayTokenKey, &creds); err == nil && creds.Token != "" {
		c.start(ctx, creds)
		return
	}
	c.pair(ctx)
}

func (c *displayPage) OnDismount() {
	c.mounted = false
	c.gen++
	c.ticks++
	if c.live != nil {
		c.live.stop()
	}
}

// pair asks for a code and polls until an admin enters it.
func (c *displayPage) pair(ctx goapp.Context) {
	c.live.stop()
	c.gen++
	gen := c.gen
	c.creds, c.pairing, c.pairErr = displayCreds{}, shared.PairingStart{}, ""
	c.st = displayState{Status: c.st.Status}
	ctx.Async(func() {
		var p shared.PairingStart
		err := apiCall{Method: http.MethodPost, Path: "/api/v1/displays/pairing"}.fetch(ctx, &p)
		ctx.Dispatch(func(ctx goapp.Context) {
			if gen != c.gen {
				return
			}
			if err != nil {
				c.pairErr = err.Error()
				ctx.After(pairRetryAfter, func(ctx goapp.Context) {
					if gen == c.gen {
						c.pair(ctx)
					}
				})
				return
			}
			c.pairing = p
			c.poll(ctx, gen)
		})
	})
}

func (c *displayPage) poll(ctx goapp.Context, gen int) {
	ctx.After(pairPollEvery, func(ctx goapp.Context) {
		if gen != c.gen {
			return
		}
		poll := c.pairing.Poll
		ctx.Async(func() {
			var p shared.PairingStatus
			err := getJSON(ctx, "/api/v1/displays/pairing/"+url.PathEscape(poll), &p)
			ctx.Dispatch(func(ctx goapp.Context) {
				if gen != c.gen {
					return
				}
				switch {
				case statusOf(err) == http.StatusNotFound:
					c.pair(ctx) // expired, or the server restarted: a new code
				case err != nil:
					c.pairErr = err.Error()
					c.poll(ctx, gen)
				case p.Status == shared.PairingPaired && p.Token != "":
					creds := displayCreds{Token: p.Token, Name: p.Name}
					if err := ctx.LocalStorage().Set(displayTokenKey, creds); err != nil {
						goapp.Log("scorecast: keeping the display token:", err)
					}
					c.start(ctx, creds)
				default:
					c.pairErr = ""
					c.poll(ctx, gen)
				}
			})
		})
	})
}

// start reads what the display is bound to and opens its live client. A
// 401 means the display was revoked: pair again.
func (c *displayPage) start(ctx goapp.Context, creds displayCreds) {
	c.live.stop()
	c.gen++
	gen := c.gen
	c.creds = creds
	c.st = displayState{Status: c.st.Status, Conn: connConnecting, Teams: map[string]*teamState{}}
	ctx.Async(func() {
		var me shared.Identity
		err := apiCall{Path: "/api/v1/me", Token: creds.Token}.fetch(ctx, &me)
		ctx.Dispatch(func(ctx goapp.Context) {
			if gen != c.gen {
				return
			}
			switch {
			case statusOf(err) == http.StatusUnauthorized:
				c.forget(ctx)
				return
			case err != nil:
				// The server is away: show the stale marker and try again.
				c.st.setConn(connReconnecting, time.Now())
				ctx.After(pairRetryAfter, func(ctx goapp.Context) {
					if gen == c.gen {
						c.start(ctx, creds)
					}
				})
				return
			}
			if me.Name != "" {
				c.creds.Name = me.Name
			}
			c.st.Bind(me.Boards, me.Teams)
			c.follow(ctx, gen, me)
			c.next(ctx, gen)
		})
	})
}

// follow observes the states of the topics the display is bound to and
// follows them on a socket that carries its token.
func (c *displayPage) follow(ctx goapp.Context, gen int, me shared.Identity) {
	while := func() bool { return gen == c.gen }
	c.moves = make(map[string]*rankMoves, len(c.st.Boards))
	c.calm = make(map[string]*calmBoard, len(c.st.Boards))
	for t, b := range c.st.Boards {
		c.moves[t] = &rankMoves{}
		ctx.ObserveState(liveKey(t), b).While(while).OnChange(func() { c.settleBoard(t, time.Now()) })
	}
	for t, ts := range c.st.Teams {
		ctx.ObserveState(liveKey(t), ts).While(while)
	}
	ctx.ObserveState(liveKey(shared.TopicOrg), &c.st.Feed).While(while).OnChange(func() {
		c.cel.add(c.st.Feed.Ticker)
		c.celebrate(ctx)
	})
	c.readOrg(ctx, gen)
	c.readLeague(ctx, gen) // league.go; again every few slides
	c.live.followAt(ctx, liveURLToken(ctx.Page().URL(), c.creds.Token), displayTopics(me.Boards, me.Teams)...)
}

// forget drops a revoked token and shows a new pairing code.
func (c *displayPage) forget(ctx goapp.Context) {
	ctx.LocalStorage().Del(displayTokenKey)
	c.pair(ctx)
}

// onStatus follows the connection: a revoked token pairs again, another
// 45xx starts over in a while, a server that speaks another protocol
// reloads the page (a TV has no one to click), and a lost connection
// checks the token.
func (c *displayPage) onStatus(ctx goapp.Context) {
	if c.creds.Token == "" {
		return
	}
	s := c.st.Status
	switch {
	case s.Outdated:
		ctx.After(outdatedReload, func(ctx goapp.Context) { ctx.Reload() })
	case s.Conn == connOffline && s.Code == shared.CloseUnauthorized:
		c.forget(ctx)
		return
	case s.Conn == connOffline:
		creds, gen := c.creds, c.gen
		ctx.After(time.Minute, func(ctx goapp.Context) {
			if gen == c.gen {
				c.start(ctx, creds)
			}
		})
	case s.Conn == connReconnecting:
		c.checkToken(ctx)
	}
	c.st.setConn(s.Conn, time.Now())
}

// checkToken asks whether the token still works when the socket drops: a
// revoked display is refused at the upgrade (401), which the socket cannot
// tell apart from a network failure.
func (c *displayPage) checkToken(ctx goapp.Context) {
	if c.checking {
		return
	}
	c.checking = true
	gen, token := c.gen, c.creds.Token
	ctx.Async(func() {
		err := apiCall{Path: "/api/v1/me", Token: token}.fetch(ctx, nil)
		ctx.Dispatch(func(ctx goapp.Context) {
			if gen != c.gen {
				c.checking = false
				return
			}
			if statusOf(err) == http.StatusUnauthorized {
				c.checking = false
				c.forget(ctx)
				return
			}
			// While the server is away, ask again now and then.
			ctx.After(pairRetryAfter, func(ctx goapp.Context) {
				c.checking = false
				if gen == c.gen && c.st.Conn == connReconnecting {
					c.checkToken(ctx)
				}
			})
		})
	})
}

// tick redraws the page every second for as long as it is mounted: the
// clock, the slide-progress line under reduced motion, and ▲n/▼n that
// have had their minute.
func (c *displayPage) tick(ctx goapp.Context, ticks int) {
	ctx.After(time.Second, func(ctx goapp.Context) {
		if ticks != c.ticks {
			return
		}
		c.now = time.Now()
		for t, cb := range c.calm {
			if cb.pending {
				c.settleBoard(t, c.now)
			}
		}
		c.tick(ctx, ticks)
	})
}

// next moves to the next slide every c.rotate.
func (c *displayPage) next(ctx goapp.Context, gen int) {
	ctx.After(c.rotate, func(ctx goapp.Context) {
		if gen != c.gen {
			return
		}
		c.st.advance()
		c.slideAt = time.Now()
		if c.st.Slide%leagueReadEvery == 0 {
			c.readLeague(ctx, gen)
		}
		c.next(ctx, gen)
	})
}

func (c *displayPage) Render() goapp.UI {
	lang := c.lang
	if c.creds.Token == "" {
		return c.renderPairing(lang)
	}
	return c.renderWall(lang)
}

func (c *displayPage) renderPairing(lang string) goapp.UI {
	code := c.pairing.Code
	return goapp.Div().ID("display").Class("display", "display-pairing").
		DataSet("mounted", boolAttr(c.mounted && code != "")).
		DataSet("state", "pairing").
		Body(
			goapp.Div().Class("pair-card").Body(
				goapp.Div().Class("wall-brand").Body(
					// Decoration: go-app drops an empty alt, so the role says
					// so (aria-hidden beside it would void the role).
					goapp.Img().Src("/web/icon.svg").Alt("").Role("presentation").Class("wall-logo"),
					goapp.Span().Text("Scorecast"),
				),
				goapp.H1().Text(tr(lang, "display.pair_title")),
				goapp.P().ID("pair-code").Class("pair-code").Aria("live", "polite").Text(spaced(code)),
				goapp.P().Class("pair-help").Text(tr(lang, "display.pair_help")),
				goapp.If(c.pairErr != "", func() goapp.UI {
					return goapp.P().Class("pair-error").Role("status").Text(tr(lang, "display.pair_error", c.pairErr))
				}),
			),
		)
}

// spaced writes a pairing code with thin gaps so it reads letter by letter.
func spaced(code string) string {
	if code == "" {
		return "······"
	}
	return strings.Join(strings.Split(code, ""), "\u2009")
}
