package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"time"

	"scorecast/scoring/rewards"
	"scorecast/server/store"
)

// Items are the demo store's catalogue: what contact-centre agents say
// they value (time off, training, a say in the rota) beside small treats.
func Items() []rewards.Item {
	words := func(en, sv, de, fr, ru string) map[string]string {
		return map[string]string{"en": en, "sv": sv, "de": de, "fr": fr, "ru": ru}
	}
	return []rewards.Item{
		{ID: "day-off", Cost: 400, Stock: 10, NeedsApproval: true,
			Names:        words("A day off", "En ledig dag", "Ein freier Tag", "Un jour de congé", "Выходной день"),
			Descriptions: words("A paid day off, agreed with your supervisor", "En betald ledig dag, i samråd med din chef", "Ein bezahlter freier Tag, mit deiner Leitung abgestimmt", "Un jour de congé payé, convenu avec votre responsable", "Оплачиваемый выходной по согласованию с руководителем")},
		{ID: "training-course", Cost: 250, Stock: rewards.Unlimited,
			Names:        words("Training course", "Utbildning", "Weiterbildung", "Formation", "Учебный курс"),
			Descriptions: words("A course of your choice from the learning catalogue", "En kurs du väljer i utbildningskatalogen", "Ein Kurs deiner Wahl aus dem Lernkatalog", "Une formation de votre choix au catalogue", "Курс на выбор из каталога обучения")},
		{ID: "coffee-voucher", Cost: 60, Stock: rewards.Unlimited,
			Names:        words("Coffee voucher", "Kaffekupong", "Kaffeegutschein", "Bon café", "Купон на кофе"),
			Descriptions: words("A coffee and a pastry at the corner café", "Kaffe och bulle på hörnkaféet", "Kaffee und Gebäck im Eckcafé", "Un café et une viennoiserie au café du coin", "Кофе с выпечкой в кафе за углом")},
		{ID: "team-lunch", Cost: 300, Stock: rewards.Unlimited, TeamBudget: 900,
			Names:        words("Team lunch", "Teamlunch", "Teamessen", "Déjeuner d'équipe", "Командный обед"),
			Descriptions: words("Lunch out with your team; three per team a month", "Lunch ute med teamet; tre per team och månad", "Mittagessen mit dem Team; drei pro Team im Monat", "Un déjeuner avec l'équipe ; trois par équipe et par mois", "Обед с командой; три на команду в месяц")},
		{ID: "choose-shift", Cost: 200, Stock: 5, NeedsApproval: true,
			Names:        words("Choose your shift", "Välj ditt pass", "Schicht wählen", "Choisir son horaire", "Выбор смены"),
			Descriptions: words("Pick your shift for one week of the next rota", "Välj ditt pass en vecka i nästa schema", "Wähle deine Schicht für eine Woche im nächsten Dienstplan", "Choisissez votre horaire une semaine du prochain planning", "Выберите смену на неделю в следующем графике")},
		{ID: "book", Cost: 120, Stock: 20,
			Names:        words("A book", "En bok", "Ein Buch", "Un livre", "Книга"),
			Descriptions: words("Any book up to 25 euros", "Valfri bok upp till 25 euro", "Ein Buch deiner Wahl bis 25 Euro", "Un livre au choix jusqu'à 25 euros", "Любая книга до 25 евро")},
	}
}

// WelcomeCoins are the coins each demo agent starts with.
const WelcomeCoins = 150

// Spotlight is the demo's agent of the month.
func Spotlight(period string) store.Spotlight {
	return store.Spotlight{ID: "demo-spotlight-" + period, Agent: "a-3", Title: "Agent of the month",
		Message: "For turning the hardest calls of the month into happy customers", Period: period}
}

// kudosMessages are what demo colleagues write.
var kudosMessages = []string{
	"Thanks for covering my queue!",
	"You saved that escalation, brilliant.",
	"Great tip on the billing macro.",
	"Always calm on the hardest calls.",
	"Thanks for helping the new starter.",
	"",
}

// kudosGiver gives kudos through the real API as demo agents, who log in
// with the demo password; their allowance holds, so most weeks' later
// tries are refused, which is the point.
type kudosGiver struct {
	cfg      Config
	sessions map[string]*http.Client
	values   []string
}

func newKudosGiver(cfg Config) *kudosGiver {
	return &kudosGiver{cfg: cfg, sessions: map[string]*http.Client{}}
}

// give sends one kudos from a random agent to a random colleague.
func (g *kudosGiver) give(ctx context.Context, rng *rand.Rand, agents []store.Profile) error {
	if g.cfg.Password == "" || len(agents) < 2 {
		return nil
	}
	from := agents[rng.IntN(len(agents))]
	to := agents[rng.IntN(len(agents))]
	for to.ID == from.ID {
		to = agents[rng.IntN(len(agents))]
	}
	c, err := g.session(ctx, from.ID)
	if err != nil {
		return err
	}
	if len(g.values) == 0 {
		var list struct {
			Values []string `json:"values"`
		}
		if err := g.call(ctx, c, http.MethodGet, "/api/v1/kudos?limit=1", nil, &list); err != nil {
			return err
		}
		if g.values = list.Values; len(g.values) == 0 {
			return nil // the ruleset gives no kudos
		}
	}
	body := map[string]string{"to": to.ID, "value": g.values[rng.IntN(len(g.values))], "message": kudosMessages[rng.IntN(len(kudosMessages))]}
	err = g.call(ctx, c, http.MethodPost, "/api/v1/kudos", body, nil)
	if err != nil && errorStatus(err) == http.StatusConflict {
		return nil // the giver's allowance is used: as on a real floor
	}
	return err
}

func (g *kudosGiver) session(ctx context.Context, user string) (*http.Client, error) {
	if c, ok := g.sessions[user]; ok {
		return c, nil
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	if err := g.call(ctx, c, http.MethodPost, "/api/v1/session", map[string]string{"user": user, "password": g.cfg.Password}, nil); err != nil {
		return nil, fmt.Errorf("demo: log in as %s: %w", user, err)
	}
	g.sessions[user] = c
	return c, nil
}

type statusError int

func (e statusError) Error() string { return fmt.Sprintf("status %d", int(e)) }

func errorStatus(err error) int {
	if s, ok := err.(statusError); ok {
		return int(s)
	}
	return 0
}

func (g *kudosGiver) call(ctx context.Context, c *http.Client, method, path string, body, out any) error {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, g.cfg.URL+path, bytes.NewReader(data))
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", g.cfg.URL)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return statusError(resp.StatusCode)
	}
	if out != nil {
		return json.NewDecoder(resp.Body).Decode(out)
	}
	return nil
}
