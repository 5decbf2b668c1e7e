package nlu

import "testing"

// The kinds of message the fourth held-out split (now dev4) showed the package missing, each
// in words of the tests' own: signs of self-harm said without naming it, sensitive situations
// told as stories, a person asked for in the ways people ask at a counter, and the slots such
// messages carry.

func TestIndirectSignsOfSelfHarm(t *testing.T) {
	for _, text := range []string{
		"the pills are lined up on my bedside table, does the loan die with me",
		"I'm standing on the edge of the car park roof, sorry for writing",
		"does the insurance pay out if it's not an accident but my own choice? asking for me",
		"tengo las pastillas guardadas en el cajón desde hace un mes, ya da igual la deuda",
		"estoy sentada en el borde de la azotea y no sé qué hacer con lo que debo",
		"j'ai écrit des lettres d'adieu cette nuit, fermez mon compte",
		"Die Tabletten liegen bereit, ich wollte nur wissen, ob meine Eltern für den Kredit haften",
		"zahlt die Risikolebensversicherung, wenn ich es selbst mache?",
		"jag har skrivit avskedsbrev till min familj, vad händer med lånet",
	} {
		t.Run(text, func(t *testing.T) {
			wantIntent(t, text, SelfHarm)
		})
	}
	// Look-alikes: a policy's clause, a car that died.
	for _, text := range []string{
		"what's the suicide clause in a life insurance policy?",
		"c'est quoi la clause de suicide d'une assurance décès ?",
		"my car died on the way to work, I need a loan for another",
	} {
		t.Run("not "+text, func(t *testing.T) {
			if got := Parse(text); IsSensitive(got.Intent) {
				t.Errorf("%q: %s (rule %q), want an ordinary intent", text, got.Intent, got.Rule)
			}
		})
	}
}

func TestSituationsToldAsStories(t *testing.T) {
	tests := []struct{ text, want string }{
		{"my best friend died last week and I'd co-signed her car loan", Bereavement},
		{"se murió mi tía y yo era avalista de su préstamo", Bereavement},
		{"ma tante nous a quittés et j'étais caution de son prêt", Bereavement},
		{"mein Onkel ist letzte Woche gestorben und ich bin Bürge für seinen Kredit", Bereavement},
		{"min kompis dog i somras och jag gick i borgen för hans lån", Bereavement},
		{"my overdraft is maxed out and the direct debits keep bouncing", Hardship},
		{"el banco me devolvió los recibos y estoy en números rojos", Hardship},
		{"mon découvert est au maximum et les prélèvements sont rejetés", Hardship},
		{"mein Dispo ist ausgereizt und die Lastschriften platzen", Hardship},
		{"kontot är på minus och autogirona studsar", Hardship},
		{"someone is using my name to open store cards I never applied for", Fraud},
		{"ein Mann gab sich am Telefon als Polizist aus und ich habe Geld auf ein sicheres Konto überwiesen", Fraud},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			wantIntent(t, tt.text, tt.want)
		})
	}
	// Saying one is not in the situation and asking about a term is no crisis.
	for _, text := range []string{"I'm not unemployed, but what is a payment holiday?", "Ich bin nicht arbeitslos, aber was ist eine Ratenpause?", "Je n'ai pas perdu mon travail, mais c'est quoi un report d'échéances ?"} {
		t.Run("not "+text, func(t *testing.T) {
			wantNoHandoff(t, text)
		})
	}
}

func TestAPersonAskedForAtTheCounter(t *testing.T) {
	for _, text := range []string{
		"can someone visit me at home to explain the policy?",
		"is anyone still there at this hour?",
		"could someone from your firm call on me next week? I don't use computers",
		"hello? is anybody there at all?",
		"I'd like to speak to your manager, nothing's wrong, it's just a question",
		"quiero una cita en la oficina con un asesor",
		"où puis-je rencontrer un de vos conseillers en face à face ?",
		"gibt es einen Termin vor Ort mit einem Berater?",
		"var kan jag träffa en av era rådgivare öga mot öga?",
		"jag vill prata med er chef, inget klagomål",
	} {
		t.Run(text, func(t *testing.T) {
			wantIntent(t, text, Human)
		})
	}
}

func TestSlotsNewWritersState(t *testing.T) {
	tests := []struct {
		text string
		want map[string]string
	}{
		// A city names its country or US state; where someone comes from names none.
		{"how much is renters insurance in Seattle", slots("region", "US-WA")},
		{"mortgage of 140k in Leicester at 5.2%", slots("region", "GB")},
		{"Festhypothek 300'000 Franken in Luzern", slots("region", "CH")},
		{"hipoteca de 150.000 € en Alicante", slots("region", "ES")},
		{"I'm from Poland and live in Leeds, mortgage of 120k at 4.9%", slots("region", "GB")},
		{"ich komme aus Italien, wie funktioniert ein Ratenkredit?", slots("region", "")},
		// A premium's period said apart from the figure.
		{"travel insurance for the whole year costs me 120 euros", slots("premium", "120", "premium_period", "annual")},
		{"el seguro del coche me sale 40€/mes", slots("premium", "40", "premium_period", "monthly")},
		// A shown offer by its place; ordinal words that point at none.
		{"what's the fee on #2", slots("offer_ref", "2")},
		{"la 2 tiene comisión de apertura?", slots("offer_ref", "2")},
		{"gibt es bei der 3 eine Gebühr?", slots("offer_ref", "3")},
		{"es la tercera vez que pregunto por mi préstamo", slots("offer_ref", "")},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := extract(t, tt.text)
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%q: %s = %q, want %q (all: %v)", tt.text, k, got[k], v, got)
				}
			}
		})
	}
}
