package nlu

import "testing"

// The kinds of message the third development split showed the package getting wrong, each in
// words of the tests' own: a rule or a slot reading that must hold for new writers too.

func TestFiguresWrittenInEverydayWays(t *testing.T) {
	tests := []struct {
		text string
		want map[string]string // "" wants the slot absent
	}{
		// A currency word after one figure is not the next figure's.
		{"personal loan, 7,500 pounds, 12.9 percent, 2 years left", slots("amount", "7500", "currency", "GBP", "rate", "12.9")},
		{"prêt auto 9000 euros, 4,9%, 20 mois restants", slots("amount", "9000", "rate", "4.9")},
		{"Kredit 12.000 €, 5,4 % effektiv", slots("amount", "12000", "rate", "5.4")},
		{"billån 80 000 kr, 7,25 % ränta", slots("amount", "80000", "rate", "7.25")},
		// A small figure said to be fixed or variable, or after "al", is a rate.
		{"my mortgage is 3.7 fixed with 150k to go", slots("rate", "3.7", "amount", "150000")},
		{"hipoteca de 90 mil al 3.2", slots("rate", "3.2")},
		// Months behind are no term; instalments asked for are.
		{"I'm behind 4 months on my car loan", slots("term_months", "")},
		{"dos meses sin pagar la tarjeta", slots("term_months", "")},
		{"vi ligger efter med tre månader på lånet", slots("term_months", "")},
		{"un vélo à 900 € en 3 fois", slots("term_months", "3")},
		{"eine Küche für 6.000 € in 24 Raten", slots("term_months", "24")},
		{"en tv för 8 000 kr på 12 mån", slots("term_months", "12")},
		{"quedan 2 años y medio", slots("term_months", "30")},
		{"another two and a half years to go", slots("term_months", "30")},
		// Belgian and Swiss tens, abbreviated millions, tens and units in words.
		{"il me reste septante-deux mille euros", slots("amount", "72000")},
		{"un crédit de nonante mille francs", slots("amount", "90000", "currency", "CHF")},
		{"bolån på 2,2 milj", slots("amount", "2200000")},
		{"thirty five thousand on the card", slots("amount", "35000")},
		// What someone earns is no amount.
		{"could I borrow for a flat on a 48k salary?", slots("amount", "")},
		{"je gagne 2500 euros par mois, je peux emprunter combien ?", slots("amount", "")},
		// "me faltan 24 meses" is a term still to pay, not money missing.
		{"préstamo de 5000 al 9, me faltan 24 meses", slots("rate", "9", "term_months", "24")},
		// A US city and its state's code.
		{"renters insurance for my place in Denver CO", slots("region", "US-CO")},
		{"car insurance in Tampa, FL", slots("region", "US-FL")},
		// Products people name in their own way.
		{"two-wheeler loan of 60,000 rupees", slots("product", "auto_loan")},
		{"persnal loan rates?", slots("product", "personal_loan")},
		{"mon hypothèque est à 4 %", slots("product", "mortgage")},
		{"un crédit hypothécaire de 200 000 $", slots("product", "mortgage")},
		{"bostadslånet ligger på 4 %", slots("product", "mortgage")},
		{"crédito automotriz al 12 %", slots("product", "auto_loan")},
		{"meine Eigenheimversicherung kostet zu viel", slots("product", "home_insurance")},
		{"reseförsäkrng till Spanien", slots("product", "travel_insurance")},
		// "hypothetically" is no mortgage.
		{"hypothetically, what does an APR of 30 % mean", slots("product", "")},
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

// Where a crisis happened is not the market of a holding.
func TestNoRegionOnACrisis(t *testing.T) {
	for _, text := range []string{"someone used my card at a shop in Texas and I never went there", "me han clonado la tarjeta y hay compras en Barcelona"} {
		got := Parse(text)
		if !IsSensitive(got.Intent) || got.Slots.Region != "" {
			t.Errorf("%q: %s, region %q; want a sensitive intent and no region", text, got.Intent, got.Slots.Region)
		}
	}
}

func TestSituationsTheLexiconsMissed(t *testing.T) {
	tests := []struct {
		lang, text, want string
	}{
		// Lost cards and wallets.
		{"en", "I've lost my bank card somewhere in town", Fraud},
		{"es", "he perdido la cartera con las tarjetas", Fraud},
		{"fr", "j'ai perdu ma carte en rentrant du travail", Fraud},
		{"de", "ich habe gestern meine EC-Karte verloren", Fraud},
		{"sv", "jag har tappat bort betalkortet", Fraud},
		// Money stuck on an investment site, a vanished seller, phishing answered.
		{"en", "the crypto platform won't let me withdraw my savings anymore", Fraud},
		{"es", "una plataforma de trading no me deja retirar mi dinero", Fraud},
		{"fr", "impossible de retirer mes gains sur cette plateforme de trading", Fraud},
		{"de", "die Trading-App lässt mich nicht mein Geld auszahlen", Fraud},
		{"sv", "säljaren har försvunnit och svarar inte", Fraud},
		{"de", "auf eine Phishing-Mail geklickt und jetzt sind 900 € weg", Fraud},
		// A child or partner lost; an estate.
		{"de", "wir haben unser Baby verloren und ich schaffe die Unterlagen nicht", Bereavement},
		{"sv", "vi har förlorat vårt barn och jag orkar inte med lånen", Bereavement},
		{"es", "hemos perdido a nuestra hija y no puedo con los papeles", Bereavement},
		{"fr", "nous avons perdu notre fils, je ne sais pas quoi faire du crédit", Bereavement},
		{"en", "I'm the executor for my aunt and she left a credit card debt", Bereavement},
		// Self-harm put as a question about insurance.
		{"en", "would the policy still pay if I took my own life", SelfHarm},
		{"sv", "får familjen pengar om jag tar mitt liv?", SelfHarm},
		{"de", "was zahlt die Versicherung, wenn ich mir das Leben nehme", SelfHarm},
		// Hardship said in other words.
		{"sv", "har blivit permitterad och klarar inte räntan", Hardship},
		{"fr", "mon commerce a fermé et je peux plus rembourser", Hardship},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.text, func(t *testing.T) {
			wantIntent(t, tt.text, tt.want)
		})
	}
	// Topics, not events.
	for _, text := range []string{"was ist eigentlich Identitätsdiebstahl?", "¿el robo de identidad lo cubre el seguro de hogar?", "c'est quoi l'usurpation d'identité exactement ?",
		"vad gör ett inkassoföretag?", "was machen Inkassofirmen eigentlich?", "how do debt collectors work?", "is there no way to pay it off early?"} {
		t.Run("not "+text, func(t *testing.T) {
			wantNoHandoff(t, text)
		})
	}
}

func TestAPersonTurnedDownIsNoRequest(t *testing.T) {
	for _, text := range []string{
		"no, I don't need anyone to call me",
		"no need to transfer me, thanks",
		"no, no necesito hablar con nadie",
		"non, pas besoin de me rappeler",
		"nein, ich brauche keinen Rückruf",
		"nej, jag behöver inte prata med någon",
	} {
		t.Run(text, func(t *testing.T) {
			if got := Parse(text); got.Intent == Human {
				t.Errorf("%q: human (%.2f, rule %q), want a reply that turns a person down", text, got.Confidence, got.Rule)
			}
		})
	}
	// Turning a machine down asks for a person.
	for _, text := range []string{"no quiero hablar con una máquina", "jag vill inte prata med en bot", "don't transfer me to a bot, I want a person"} {
		t.Run(text, func(t *testing.T) {
			wantIntent(t, text, Human)
		})
	}
}

func TestPersonWordsThatAskForNoOne(t *testing.T) {
	for _, text := range []string{
		"Call me Priya. Do you have any car insurance?",
		"call me old-fashioned but 7% on a mortgage seems high",
		"Llámame Toni. ¿Tenéis seguros de coche?",
		"I'm a human, not an accountant: what is an APR?",
	} {
		t.Run(text, func(t *testing.T) {
			if got := Parse(text); got.Intent == Human {
				t.Errorf("%q: human (rule %q), want the question it asks", text, got.Rule)
			}
		})
	}
	for _, text := range []string{"call me Monday please", "call me back", "are there any real people working there?", "finns det folk som jobbar där?", "ist da jemand, der kein Computer ist?"} {
		t.Run(text, func(t *testing.T) {
			wantIntent(t, text, Human)
		})
	}
}

// wantIntent fails t unless text is understood as want.
func wantIntent(t *testing.T, text, want string, opts ...Option) {
	t.Helper()
	if got := Parse(text, opts...); got.Intent != want {
		t.Errorf("%q: %s (%.2f, rule %q), want %s", text, got.Intent, got.Confidence, got.Rule, want)
	}
}

// wantNoHandoff fails t if text is understood as anything that hands the conversation off.
func wantNoHandoff(t *testing.T, text string) {
	t.Helper()
	if got := Parse(text); IsHandoff(got.Intent) {
		t.Errorf("%q: %s (rule %q), want an ordinary intent", text, got.Intent, got.Rule)
	}
}
