package app

import (
	"net/url"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/shared"
)

// streakSafety is what keeps the agent's streak safe, under the flame: the
// freezes held (❄ ×2), each of which covers a missed day by itself, and on
// a rota day (off, sick, holiday) that the day cannot break the streak. A
// streak without freezes on a working day shows nothing.
func streakSafety(lang string, s shared.Streak, rotaKind string) goapp.UI {
	return goapp.Div().Class("streak-safety").Body(
		goapp.If(s.MaxFreezes > 0, func() goapp.UI {
			label := trn(lang, "streaks.freezes_held", int64(s.Freezes), s.MaxFreezes)
			return goapp.Span().ID("streak-freezes").Class("freeze-chip").DataSet("freezes", s.Freezes).
				DataSet("empty", boolAttr(s.Freezes == 0)).Title(tr(lang, "streaks.freeze_hint")).Body(
				goapp.Span().Aria("hidden", "true").Text("❄ ×"+formatInt(lang, int64(s.Freezes))),
				goapp.Span().Class("visually-hidden").Text(label),
			)
		}),
		goapp.If(rotaKind != "", func() goapp.UI {
			return goapp.Span().ID("streak-safe").Class("rota-chip", "streak-safe").DataSet("kind", rotaKind).
				Text(tr(lang, "streaks.safe_"+rotaKind))
		}),
	)
}

// readRotaToday reads whether day is a rota day of the agent shown, for the
// flame's "day off — streak safe". A refusal (a colleague's page) or an
// older server leaves it a working day.
func (c *agentPage) readRotaToday(ctx goapp.Context, id, day string) {
	ctx.Async(func() {
		var l shared.RotaList
		q := url.Values{"agent": {id}, "from": {day}, "to": {day}}
		err := getJSON(ctx, "/api/v1/rota?"+q.Encode(), &l)
		ctx.Dispatch(func(goapp.Context) {
			if c.id != id || c.trendDay != day {
				return
			}
			c.rotaToday = ""
			if err == nil && len(l.Days) > 0 {
				c.rotaToday = l.Days[0].Kind
			}
		})
	})
}

// guideFreezes says, in the guide, how a streak's freezes are earned and
// that rota days never break it.
func guideFreezes(lang string, s shared.GuideStreak, unit string) goapp.UI {
	return goapp.Div().Class("guide-freezes").Body(
		goapp.If(s.FreezeEvery > 0, func() goapp.UI {
			return goapp.P().Class("muted").Text(trn(lang, "streaks.guide_freezes_"+unit, int64(s.FreezeEvery), s.FreezesHeld))
		}),
		goapp.If(unit == "day", func() goapp.UI {
			return goapp.P().Class("muted").Text(tr(lang, "streaks.guide_rota"))
		}),
	)
}
