package demo

import (
	"time"

	"scorecast/scoring/quiz"
)

// Quiz is the demo floor's open quiz, a month from now: three questions a
// contact centre would ask of its people, in the five languages.
func Quiz(now time.Time) quiz.Quiz {
	w := func(en, sv, de, fr, ru string) quiz.Words {
		return quiz.Words{"en": en, "sv": sv, "de": de, "fr": fr, "ru": ru}
	}
	return quiz.Quiz{ID: "security-basics", From: now.Add(-time.Hour), To: now.AddDate(0, 1, 0),
		Title: w("Security basics", "Säkerhet i grunden", "Sicherheit: die Grundlagen", "Les bases de la sécurité", "Основы безопасности"),
		Questions: []quiz.Question{
			{Text: w("A caller asks you to read out their account's one-time code. What do you do?",
				"En uppringare ber dig läsa upp kontots engångskod. Vad gör du?",
				"Ein Anrufer bittet dich, den Einmalcode seines Kontos vorzulesen. Was tust du?",
				"Un appelant vous demande de lui lire le code à usage unique de son compte. Que faites-vous ?",
				"Звонящий просит продиктовать одноразовый код его аккаунта. Что вы сделаете?"),
				Choices: []quiz.Words{
					w("Read it out: it is their account", "Läser upp den: det är hans konto", "Ihn vorlesen: es ist sein Konto", "Je le lis : c'est son compte", "Продиктую: это его аккаунт"),
					w("Never read it out; verify the caller another way", "Läser aldrig upp den; verifierar på annat sätt", "Nie vorlesen; den Anrufer anders prüfen", "Je ne le lis jamais ; je vérifie autrement", "Никогда не диктую; проверяю звонящего иначе"),
					w("Send it by email instead", "Skickar den med e-post i stället", "Ihn stattdessen per E-Mail senden", "Je l'envoie plutôt par e-mail", "Отправлю по почте"),
				}, Correct: 1,
				Explanation: w("One-time codes prove who holds the phone; whoever asks for one is the one to doubt.",
					"Engångskoder visar vem som har telefonen; den som ber om en är den att tvivla på.",
					"Einmalcodes zeigen, wer das Telefon hat; wer danach fragt, ist verdächtig.",
					"Un code à usage unique prouve qui détient le téléphone : celui qui le demande est suspect.",
					"Одноразовый код подтверждает владельца телефона; тот, кто его просит, и вызывает сомнение.")},
			{Text: w("Which of these is a sign of phishing?", "Vilket av detta tyder på nätfiske?", "Was davon deutet auf Phishing hin?",
				"Lequel de ces signes trahit un hameçonnage ?", "Что из этого — признак фишинга?"),
				Choices: []quiz.Words{
					w("A sender you know, on the usual address", "En känd avsändare på den vanliga adressen", "Ein bekannter Absender mit der üblichen Adresse", "Un expéditeur connu, à l'adresse habituelle", "Знакомый отправитель с обычного адреса"),
					w("Urgency and a link to log in", "Brådska och en länk för att logga in", "Zeitdruck und ein Link zum Anmelden", "L'urgence et un lien pour se connecter", "Срочность и ссылка для входа"),
				}, Correct: 1,
				Explanation: w("Pressure to act now plus a login link is the classic lure.", "Press att agera nu plus en inloggningslänk är det klassiska betet.",
					"Druck, sofort zu handeln, plus ein Anmeldelink ist der klassische Köder.", "La pression d'agir vite et un lien de connexion : l'appât classique.",
					"Давление «срочно» и ссылка для входа — классическая приманка.")},
			{Text: w("Who may know your password?", "Vem får veta ditt lösenord?", "Wer darf dein Passwort kennen?", "Qui peut connaître votre mot de passe ?", "Кто может знать ваш пароль?"),
				Choices: []quiz.Words{
					w("Nobody", "Ingen", "Niemand", "Personne", "Никто"),
					w("IT support", "IT-supporten", "Der IT-Support", "Le support informatique", "Техподдержка"),
					w("My team leader", "Min gruppledare", "Meine Teamleitung", "Mon chef d'équipe", "Мой руководитель"),
				}, Correct: 0,
				Explanation: w("Nobody, not even IT: they can reset it without knowing it.", "Ingen, inte ens IT: de kan återställa det utan att känna till det.",
					"Niemand, auch nicht die IT: sie kann es zurücksetzen, ohne es zu kennen.", "Personne, pas même l'informatique : elle peut le réinitialiser sans le connaître.",
					"Никто, даже IT: пароль можно сбросить, не зная его.")},
		}}
}
