package app

import (
	"fmt"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Languages the PWA speaks, in the order the language switch lists them.
var languages = []struct{ Code, Name string }{
	{"en", "English"},
	{"sv", "Svenska"},
	{"de", "Deutsch"},
	{"fr", "Français"},
	{"ru", "Русский"},
}

const defaultLang = "en"

// langStorageKey is the LocalStorage key that keeps the chosen language.
const langStorageKey = "scorecast.lang"

// messages holds every user-visible string by language, then key. Values are
// fmt formats; every language must use the same verbs in the same order as
// English (i18n_test.go checks it).
var messages = map[string]map[string]string{
	"en": {
		"app.tagline":        "Scorecast — live points for your contact centre",
		"app.intro":          "Agents earn points for the work they already do: resolved tickets, happy customers, quality reviews and training. Everything updates live.",
		"app.language":       "Language",
		"nav.home":           "Home",
		"nav.wallboard":      "Open the wallboard",
		"home.agents":        "Agents",
		"home.loading":       "Loading agents…",
		"home.empty":         "No agents yet. They appear with their first event.",
		"home.error":         "Could not load the agents: %s",
		"conn.live":          "live",
		"conn.connecting":    "connecting…",
		"conn.reconnecting":  "reconnecting…",
		"conn.offline":       "offline",
		"agent.loading":      "Waiting for your numbers…",
		"agent.points_day":   "points today",
		"agent.points_week":  "points this week",
		"agent.level":        "Level",
		"agent.xp_to_next":   "%s XP to level %d",
		"agent.top_level":    "Top level reached",
		"agent.xp":           "%s XP",
		"agent.rank":         "Rank today",
		"agent.rank_hint":    "among all agents",
		"agent.categories":   "Today by category",
		"agent.challenges":   "Challenges",
		"agent.badges":       "Badges",
		"agent.no_team":      "No team",
		"agent.notifs":       "Notifications",
		"agent.level_up":     "Level %d — %s!",
		"agent.level_up_sub": "Well done. Keep it going.",
		"agent.dismiss":      "Close",
		"toast.points":       "%s %s — %s",
		"wall.teams":         "Teams today",
		"wall.agents":        "Top agents today",
		"wall.waiting":       "Waiting for the first numbers…",
		"wall.stale":         "stale since %s",
		"wall.no_entries":    "No points yet today",
		"wall.pts":           "pts",
		"error.live":         "Live update error: %s",
	},
	"sv": {
		"app.tagline":        "Scorecast — livepoäng för ert kundcenter",
		"app.intro":          "Agenter får poäng för arbetet de redan gör: lösta ärenden, nöjda kunder, kvalitetsgranskningar och utbildning. Allt uppdateras live.",
		"app.language":       "Språk",
		"nav.home":           "Start",
		"nav.wallboard":      "Öppna väggtavlan",
		"home.agents":        "Agenter",
		"home.loading":       "Hämtar agenter…",
		"home.empty":         "Inga agenter än. De dyker upp med sin första händelse.",
		"home.error":         "Kunde inte hämta agenterna: %s",
		"conn.live":          "live",
		"conn.connecting":    "ansluter…",
		"conn.reconnecting":  "återansluter…",
		"conn.offline":       "frånkopplad",
		"agent.loading":      "Väntar på dina siffror…",
		"agent.points_day":   "poäng idag",
		"agent.points_week":  "poäng denna vecka",
		"agent.level":        "Nivå",
		"agent.xp_to_next":   "%s XP till nivå %d",
		"agent.top_level":    "Högsta nivån nådd",
		"agent.xp":           "%s XP",
		"agent.rank":         "Placering idag",
		"agent.rank_hint":    "bland alla agenter",
		"agent.categories":   "Idag per kategori",
		"agent.challenges":   "Utmaningar",
		"agent.badges":       "Märken",
		"agent.no_team":      "Inget team",
		"agent.notifs":       "Aviseringar",
		"agent.level_up":     "Nivå %d — %s!",
		"agent.level_up_sub": "Snyggt jobbat. Fortsätt så.",
		"agent.dismiss":      "Stäng",
		"toast.points":       "%s %s — %s",
		"wall.teams":         "Team idag",
		"wall.agents":        "Bästa agenter idag",
		"wall.waiting":       "Väntar på de första siffrorna…",
		"wall.stale":         "inaktuell sedan %s",
		"wall.no_entries":    "Inga poäng än idag",
		"wall.pts":           "p",
		"error.live":         "Fel i liveuppdateringen: %s",
	},
	"de": {
		"app.tagline":        "Scorecast — Live-Punkte für Ihr Contact Center",
		"app.intro":          "Agents sammeln Punkte für die Arbeit, die sie ohnehin leisten: gelöste Tickets, zufriedene Kunden, Qualitätsprüfungen und Schulungen. Alles aktualisiert sich live.",
		"app.language":       "Sprache",
		"nav.home":           "Start",
		"nav.wallboard":      "Wallboard öffnen",
		"home.agents":        "Agents",
		"home.loading":       "Agents werden geladen…",
		"home.empty":         "Noch keine Agents. Sie erscheinen mit ihrem ersten Ereignis.",
		"home.error":         "Agents konnten nicht geladen werden: %s",
		"conn.live":          "live",
		"conn.connecting":    "verbinde…",
		"conn.reconnecting":  "verbinde erneut…",
		"conn.offline":       "offline",
		"agent.loading":      "Warte auf deine Zahlen…",
		"agent.points_day":   "Punkte heute",
		"agent.points_week":  "Punkte diese Woche",
		"agent.level":        "Level",
		"agent.xp_to_next":   "%s XP bis Level %d",
		"agent.top_level":    "Höchstes Level erreicht",
		"agent.xp":           "%s XP",
		"agent.rank":         "Platz heute",
		"agent.rank_hint":    "unter allen Agents",
		"agent.categories":   "Heute nach Kategorie",
		"agent.challenges":   "Challenges",
		"agent.badges":       "Abzeichen",
		"agent.no_team":      "Kein Team",
		"agent.notifs":       "Benachrichtigungen",
		"agent.level_up":     "Level %d — %s!",
		"agent.level_up_sub": "Stark. Weiter so.",
		"agent.dismiss":      "Schließen",
		"toast.points":       "%s %s — %s",
		"wall.teams":         "Teams heute",
		"wall.agents":        "Top-Agents heute",
		"wall.waiting":       "Warte auf die ersten Zahlen…",
		"wall.stale":         "veraltet seit %s",
		"wall.no_entries":    "Heute noch keine Punkte",
		"wall.pts":           "Pkt.",
		"error.live":         "Fehler bei der Live-Aktualisierung: %s",
	},
	"fr": {
		"app.tagline":        "Scorecast — des points en direct pour votre centre de contact",
		"app.intro":          "Les conseillers gagnent des points pour le travail qu’ils font déjà : tickets résolus, clients satisfaits, évaluations qualité et formations. Tout se met à jour en direct.",
		"app.language":       "Langue",
		"nav.home":           "Accueil",
		"nav.wallboard":      "Ouvrir le tableau mural",
		"home.agents":        "Conseillers",
		"home.loading":       "Chargement des conseillers…",
		"home.empty":         "Aucun conseiller pour l’instant. Ils apparaissent avec leur premier événement.",
		"home.error":         "Impossible de charger les conseillers : %s",
		"conn.live":          "en direct",
		"conn.connecting":    "connexion…",
		"conn.reconnecting":  "reconnexion…",
		"conn.offline":       "hors ligne",
		"agent.loading":      "En attente de vos chiffres…",
		"agent.points_day":   "points aujourd’hui",
		"agent.points_week":  "points cette semaine",
		"agent.level":        "Niveau",
		"agent.xp_to_next":   "%s XP avant le niveau %d",
		"agent.top_level":    "Niveau maximal atteint",
		"agent.xp":           "%s XP",
		"agent.rank":         "Rang aujourd’hui",
		"agent.rank_hint":    "parmi tous les conseillers",
		"agent.categories":   "Aujourd’hui par catégorie",
		"agent.challenges":   "Défis",
		"agent.badges":       "Badges",
		"agent.no_team":      "Sans équipe",
		"agent.notifs":       "Notifications",
		"agent.level_up":     "Niveau %d — %s !",
		"agent.level_up_sub": "Bravo, continuez ainsi.",
		"agent.dismiss":      "Fermer",
		"toast.points":       "%s %s — %s",
		"wall.teams":         "Équipes aujourd’hui",
		"wall.agents":        "Meilleurs conseillers aujourd’hui",
		"wall.waiting":       "En attente des premiers chiffres…",
		"wall.stale":         "figé depuis %s",
		"wall.no_entries":    "Pas encore de points aujourd’hui",
		"wall.pts":           "pts",
		"error.live":         "Erreur de mise à jour en direct : %s",
	},
	"ru": {
		"app.tagline":        "Scorecast — живые очки для вашего контакт-центра",
		"app.intro":          "Операторы получают очки за ту работу, которую они и так делают: решённые обращения, довольные клиенты, проверки качества и обучение. Всё обновляется в реальном времени.",
		"app.language":       "Язык",
		"nav.home":           "Главная",
		"nav.wallboard":      "Открыть табло",
		"home.agents":        "Операторы",
		"home.loading":       "Загрузка операторов…",
		"home.empty":         "Операторов пока нет. Они появятся с первым событием.",
		"home.error":         "Не удалось загрузить операторов: %s",
		"conn.live":          "онлайн",
		"conn.connecting":    "подключение…",
		"conn.reconnecting":  "переподключение…",
		"conn.offline":       "нет связи",
		"agent.loading":      "Ждём ваши показатели…",
		"agent.points_day":   "очков сегодня",
		"agent.points_week":  "очков за неделю",
		"agent.level":        "Уровень",
		"agent.xp_to_next":   "%s XP до уровня %d",
		"agent.top_level":    "Достигнут высший уровень",
		"agent.xp":           "%s XP",
		"agent.rank":         "Место сегодня",
		"agent.rank_hint":    "среди всех операторов",
		"agent.categories":   "Сегодня по категориям",
		"agent.challenges":   "Задания",
		"agent.badges":       "Значки",
		"agent.no_team":      "Без команды",
		"agent.notifs":       "Уведомления",
		"agent.level_up":     "Уровень %d — %s!",
		"agent.level_up_sub": "Отлично! Так держать.",
		"agent.dismiss":      "Закрыть",
		"toast.points":       "%s %s — %s",
		"wall.teams":         "Команды сегодня",
		"wall.agents":        "Лучшие операторы сегодня",
		"wall.waiting":       "Ждём первые показатели…",
		"wall.stale":         "устарело с %s",
		"wall.no_entries":    "Сегодня очков пока нет",
		"wall.pts":           "оч.",
		"error.live":         "Ошибка живого обновления: %s",
	},
}

// tr returns the string for key in lang, formatted with args. It falls back
// to English, then to the key itself, so a missing entry is visible but
// never breaks a view.
func tr(lang, key string, args ...any) string {
	s, ok := messages[lang][key]
	if !ok {
		s, ok = messages[defaultLang][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// normLang maps a BCP 47 tag such as "sv-SE" or "de" to a supported
// language code, or "" when none fits.
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if tag == "nb" || tag == "nn" || tag == "no" {
		return "" // Norwegian readers would get English; Swedish is no safe guess
	}
	if _, ok := messages[tag]; ok {
		return tag
	}
	return ""
}

// loadLang picks the language: ?lang= in the page's address (for TVs that
// have no keyboard), else the stored choice, else the browser's preferred
// languages, else English. It only reads.
func loadLang(ctx goapp.Context) string {
	if u := ctx.Page().URL(); u != nil {
		if l := normLang(u.Query().Get("lang")); l != "" {
			return l
		}
	}
	var stored string
	if err := ctx.LocalStorage().Get(langStorageKey, &stored); err == nil {
		if l := normLang(stored); l != "" {
			return l
		}
	}
	if goapp.IsClient {
		nav := goapp.Window().Get("navigator")
		if langs := nav.Get("languages"); langs.Truthy() {
			for i := 0; i < langs.Length(); i++ {
				if l := normLang(langs.Index(i).String()); l != "" {
					return l
				}
			}
		}
		if l := nav.Get("language"); l.Truthy() {
			if l := normLang(l.String()); l != "" {
				return l
			}
		}
	}
	return defaultLang
}

// saveLang keeps the chosen language and sets the document's lang attribute.
func saveLang(ctx goapp.Context, lang string) {
	if err := ctx.LocalStorage().Set(langStorageKey, lang); err != nil {
		goapp.Log("scorecast: saving language:", err)
	}
	setDocumentLang(lang)
}

func setDocumentLang(lang string) {
	if goapp.IsClient {
		goapp.Window().Get("document").Get("documentElement").Set("lang", lang)
	}
}

// langSelect renders the keyboard-accessible language switch. onPick runs on
// the UI goroutine with the chosen code.
func langSelect(lang string, onPick func(ctx goapp.Context, lang string)) goapp.UI {
	return goapp.Label().Class("lang").Body(
		goapp.Span().Class("visually-hidden").Text(tr(lang, "app.language")),
		goapp.Select().
			ID("lang").
			Aria("label", tr(lang, "app.language")).
			OnChange(func(ctx goapp.Context, e goapp.Event) {
				if l := normLang(ctx.JSSrc().Get("value").String()); l != "" {
					onPick(ctx, l)
				}
			}).
			Body(goapp.Range(languages).Slice(func(i int) goapp.UI {
				return goapp.Option().
					Value(languages[i].Code).
					Selected(languages[i].Code == lang).
					Lang(languages[i].Code).
					Text(languages[i].Name)
			})),
	)
}
