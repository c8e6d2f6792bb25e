package app

import (
	"net/http"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// A TV takes the whole screen for a few seconds when someone levels up,
// earns a badge, wins a challenge or a team reaches a goal: their face,
// what they did in words, confetti. Several at once wait their turn.

const (
	// celebrateFor is how long one celebration holds the screen.
	celebrateFor = 7 * time.Second
	// celebrateGap is the pause between two, so the slides show through
	// on a busy floor: at most one celebration every 15 seconds.
	celebrateGap = 8 * time.Second
	// maxCelebrations is how many may wait; older ones give way to newer
	// ones (they are in the ticker anyway), so a burst never holds the
	// screen for minutes.
	maxCelebrations = 3
	// confettiPieces is how many pieces of confetti fall.
	confettiPieces = 56
)

// celebrations is the queue of the TV's takeovers. It is plain data: the
// page feeds it the org feed's items and shows its current one.
type celebrations struct {
	since   time.Time    // items applied before this (the page's start) are old news
	seen    int          // the newest feed item id already queued
	queue   []tickerItem // waiting, oldest first
	current *tickerItem  // on screen
	shown   int          // count of celebrations shown, to restart the CSS animations
	resting bool         // in the gap after one
}

// add queues the feed's items that are new since the last call. The feed
// is newest first; a feed that starts over (its ids restart) is read anew.
func (q *celebrations) add(feed []tickerItem) {
	if len(feed) > 0 && feed[0].ID < q.seen {
		q.seen = 0
	}
	var fresh []tickerItem
	for _, it := range feed {
		if it.ID <= q.seen {
			break
		}
		if it.At.Before(q.since) || it.Kind == shared.KindKudos {
			continue // kudos are news for the ticker, not a takeover
		}
		fresh = append(fresh, it)
	}
	if len(feed) > 0 {
		q.seen = max(q.seen, feed[0].ID)
	}
	for i := len(fresh) - 1; i >= 0; i-- {
		q.queue = append(q.queue, fresh[i])
	}
	if len(q.queue) > maxCelebrations {
		q.queue = q.queue[len(q.queue)-maxCelebrations:]
	}
}

// next puts the oldest waiting celebration on screen; false when none
// waits or one is already showing or resting.
func (q *celebrations) next() bool {
	if q.current != nil || q.resting || len(q.queue) == 0 {
		return false
	}
	it := q.queue[0]
	q.queue = q.queue[1:]
	q.current = &it
	q.shown++
	return true
}

// celebrate shows the next celebration, if any, and schedules its end
// and the one after it.
func (c *displayPage) celebrate(ctx goapp.Context) {
	if !c.cel.next() {
		return
	}
	if c.chime {
		playChime()
	}
	shown := c.cel.shown
	ctx.After(celebrateFor, func(ctx goapp.Context) {
		if c.cel.shown != shown {
			return
		}
		c.cel.current, c.cel.resting = nil, true
		ctx.After(celebrateGap, func(ctx goapp.Context) {
			c.cel.resting = false
			if c.mounted && c.creds.Token != "" {
				// The display may have restarted meanwhile: its
				// current generation takes the queue on.
				c.celebrate(ctx)
			}
		})
	})
}

// readOrg asks the org's settings whether the TVs chime; without an answer
// they stay quiet, the default.
func (c *displayPage) readOrg(ctx goapp.Context, gen int) {
	token := c.creds.Token
	ctx.Async(func() {
		var org shared.Org
		err := apiCall{Method: http.MethodGet, Path: "/api/v1/org", Token: token}.fetch(ctx, &org)
		ctx.Dispatch(func(ctx goapp.Context) {
			if gen != c.gen {
				return
			}
			if err != nil {
				goapp.Log("scorecast: reading the org's chime setting:", err)
				return
			}
			c.chime = org.TVChime
		})
	})
}

// playChime plays two soft rising notes with the Web Audio API: no sound
// file to fetch. A browser that refuses audio without a click stays silent.
func playChime() {
	if !goapp.IsClient {
		return
	}
	ctor := goapp.Window().Get("AudioContext")
	if !ctor.Truthy() {
		ctor = goapp.Window().Get("webkitAudioContext")
	}
	if !ctor.Truthy() {
		return
	}
	ac := ctor.New()
	ac.Call("resume")
	t0 := ac.Get("currentTime").Float()
	for i, f := range []float64{659.25, 987.77} { // E5, then B5
		start := t0 + float64(i)*0.18
		osc := ac.Call("createOscillator")
		gain := ac.Call("createGain")
		osc.Set("type", "sine")
		osc.Get("frequency").Call("setValueAtTime", f, start)
		g := gain.Get("gain")
		g.Call("setValueAtTime", 0.0001, start)
		g.Call("exponentialRampToValueAtTime", 0.25, start+0.02)
		g.Call("exponentialRampToValueAtTime", 0.0001, start+0.9)
		osc.Call("connect", gain)
		gain.Call("connect", ac.Get("destination"))
		osc.Call("start", start)
		osc.Call("stop", start+1)
	}
	// Let the context go once the notes are over.
	goapp.Window().Call("setTimeout", goapp.FuncOf(func(goapp.Value, []goapp.Value) any {
		ac.Call("close")
		return nil
	}), 1500)
}

// celebrationHead is the big line of a celebration, by kind.
func celebrationHead(lang string, it tickerItem) string {
	switch it.Kind {
	case shared.KindLevel:
		return tr(lang, "tv.cel_level", it.Level)
	case shared.KindBadge:
		return tr(lang, "tv.cel_badge")
	case shared.KindChallenge:
		return tr(lang, "tv.cel_challenge")
	case shared.KindSpotlight:
		return tr(lang, "rw.cel_spot", spotlightPeriodText(lang, it.Ref))
	}
	return tr(lang, "tv.cel_goal")
}

// renderCelebration draws the takeover on screen, if any.
func (c *displayPage) renderCelebration(lang string) goapp.UI {
	it := c.cel.current
	if it == nil {
		return nil
	}
	who := tickerWho(lang, *it)
	var pic goapp.UI
	if e, ok := c.st.personOf(it.AgentID); ok && !e.Anonymous {
		pic = face(who, photoWithToken(e.Photo, c.creds.Token), teamColor(e.Team, e.Color), faceXL)
	} else if it.Who != "" {
		team := it.TeamID
		pic = face(who, "", teamColor(team, c.st.colorOf(team)), faceXL)
	} else {
		pic = goapp.Span().Class("face", faceXL, "tv-cel-star").Aria("hidden", "true").Text("★")
	}
	// Alternate between two copies of the animations, so a celebration
	// that follows another in the same element starts them over.
	run := "a"
	if c.cel.shown%2 == 0 {
		run = "b"
	}
	return goapp.Div().ID("tv-celebration").Class("tv-cel", "run-"+run).
		DataSet("kind", it.Kind).
		Role("status").Aria("live", "polite").
		Body(
			goapp.Div().Class("tv-confetti").Aria("hidden", "true").Body(
				goapp.Range(make([]struct{}, confettiPieces)).Slice(func(i int) goapp.UI {
					// Spread by small primes: looks scattered, renders the
					// same every time (no randomness to test around).
					return goapp.I().Class("tv-bit", "c"+strconv.Itoa(i%5)).
						Style("left", strconv.Itoa((i*37+11)%100)+"%").
						Style("animation-delay", strconv.FormatFloat(-float64(i*53%31)/10, 'f', 1, 64)+"s"). // some already on their way
						Style("animation-duration", strconv.FormatFloat(2.6+float64(i*29%13)/10, 'f', 1, 64)+"s").
						Style("--turn", strconv.Itoa(i*97%720-360)+"deg")
				}),
			),
			goapp.Div().Class("tv-cel-card").Body(
				goapp.P().Class("tv-cel-head").Text(celebrationHead(lang, *it)),
				goapp.Div().Class("tv-cel-face").Body(pic),
				goapp.P().ID("tv-cel-who").Class("tv-cel-who").Text(who),
				goapp.P().ID("tv-cel-what").Class("tv-cel-what").Text(tickerWhat(lang, c.g, *it)),
				goapp.If(it.Message != "", func() goapp.UI {
					return goapp.P().ID("tv-cel-msg").Class("tv-cel-msg").Text(it.Message)
				}),
			),
		)
}
