package nlu

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// A parseCase is a message and what Parse must make of it. want lists the slots that must be
// there and nothing else; intents lists the acceptable intents (the first is the expected one).
type parseCase struct {
	text    string
	intents []string
	want    map[string]string
}

func check(t *testing.T, c parseCase) {
	t.Helper()
	got := Parse(c.text)
	ok := false
	for _, in := range c.intents {
		ok = ok || got.Intent == in
	}
	if !ok {
		t.Errorf("%q: intent %s (%.2f, rule %q), want %s; scores %v", c.text, got.Intent, got.Confidence, got.Rule, strings.Join(c.intents, " or "), got.Scores[:3])
	}
	want := c.want
	if want == nil {
		want = map[string]string{}
	}
	if have := got.Slots.Values(); !reflect.DeepEqual(have, want) {
		t.Errorf("%q: slots %v, want %v", c.text, have, want)
	}
}

func one(intent string) []string { return []string{intent} }

func slots(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// reportedMessages are the messages quoted in the report on the old planner; each must now be
// understood. They are kept out of the corpus (see TestCorpusLeavesOutTheReportedMessages).
var reportedMessages = []parseCase{
	{"what's the catch with the top one?", one(AskOffer), slots("offer_ref", "1")},
	{"compare my loans", one(CompareSaved), nil},
	{"compare my car loan", one(CompareHolding), slots("product", "auto_loan")},
	{"is there a prepayment penalty on the Harborline loan?", one(AskOffer), slots("offer_ref", "Harborline")},
	{"which one would you pick for me?", one(AskOffer), nil},
	{"i hav a car lon 18000 at 9.9 percnt 48 mnths can i do beter", one(CompareHolding), slots("product", "auto_loan", "amount", "18000", "rate", "9.9", "term_months", "48")},
	{"my car loan is 18000 with 48 months left", one(CompareHolding), slots("product", "auto_loan", "amount", "18000", "term_months", "48")},
	{"I have a credit card balance of £3,000 at 24.9%. Can I move it to a balance transfer card?", one(CompareHolding), slots("product", "credit_card", "amount", "3000", "currency", "GBP", "rate", "24.9")},
	{"What balance transfer cards do you have in the UK?", one(FindOffers), slots("product", "credit_card", "region", "GB")},
	{"and home insurance, I pay 1400 a year for my house in Texas", one(CompareHolding), slots("product", "home_insurance", "premium", "1400", "premium_period", "annual", "region", "US-TX")},
	{"human", one(Human), nil},
	{"agent", one(Human), nil},
	{"get me a real person", one(Human), nil},
	{"Can someone call me?", one(Human), nil},
	{"I think someone stole my identity and took out a loan in my name", one(Fraud), nil},
	{"Someone called pretending to be my bank and I gave them my card number", one(Fraud), nil},
	{"There are payments on my card I never made", one(Fraud), nil},
	{"my card was stolen", one(Fraud), nil},
	{"I was diagnosed with cancer and may not be able to work", one(Vulnerability), nil},
	{"I feel like I can't go on with all this debt", one(SelfHarm), nil},
	{"My car died and I need a loan for a new one", []string{Financing, FindOffers}, slots("product", "auto_loan")},
	{"How do I protect myself from loan scams?", one(ExplainTerm), slots("term_topic", "scam_protection")},
	{"how do I avoid loan scams?", one(ExplainTerm), slots("term_topic", "scam_protection")},
	{"yes", one(Affirm), nil},
}

// The schema's own examples.
var schemaExamples = []parseCase{
	{"can any of my loans be cheaper?", one(CompareSaved), nil},
	{"check all my stuff for better deals", one(CompareSaved), nil},
	{"do you have used car loans?", one(FindOffers), slots("product", "auto_loan")},
	{"show me travel insurance", one(FindOffers), slots("product", "travel_insurance")},
	{"what fees does the second one have?", one(AskOffer), slots("offer_ref", "2")},
	{"am I eligible for the cheapest?", one(AskOffer), slots("offer_ref", "cheapest")},
	{"what is APR?", one(ExplainTerm), slots("term_topic", "apr")},
	{"how does a balance transfer work?", one(ExplainTerm), slots("term_topic", "balance_transfer")},
	{"qué es la TAE", one(ExplainTerm), slots("term_topic", "apr")},
	{"I need 1200 for a laptop, what would the monthly be?", one(Financing), slots("amount", "1200")},
	{"can I spread 2500 over 12 months", one(Financing), slots("amount", "2500", "term_months", "12")},
	{"what loans do I have?", one(ListHoldings), nil},
	{"show my policies", one(ListHoldings), nil},
	{"quiero hablar con alguien", one(Human), nil},
	{"I lost my job and can't make my payments", one(Hardship), nil},
	{"my husband passed away and the loan is in his name", one(Bereavement), nil},
	{"I want to make a formal complaint", one(Complaint), nil},
	{"yes please", one(Affirm), nil},
	{"sí", one(Affirm), nil},
	{"ja gärna", one(Affirm), nil},
	{"ok do it", one(Affirm), nil},
	{"no thanks", one(Deny), nil},
	{"nein", one(Deny), nil},
	{"not now", one(Deny), nil},
	{"what's the weather", one(OffTopic), nil},
	{"write me a poem", one(OffTopic), nil},
	{"what happens to a loan when someone dies?", one(ExplainTerm), slots("term_topic", "debt_after_death")},
}

func TestReportedMessages(t *testing.T) {
	for _, c := range reportedMessages {
		t.Run(c.text, func(t *testing.T) { check(t, c) })
	}
}

func TestSchemaExamples(t *testing.T) {
	for _, c := range schemaExamples {
		t.Run(c.text, func(t *testing.T) { check(t, c) })
	}
}

// Discussing death, fraud or hardship, or using them as a figure of speech, is not a crisis
// and must not put anyone in front of a person.
func TestHardNegativesAreNotSensitive(t *testing.T) {
	for _, text := range []string{
		"How do I protect myself from loan scams?",
		"how do I avoid loan scams?",
		"My car died and I need a loan for a new one",
		"my car died",
		"what happens to my loan if I die",
		"what happens to a mortgage if the borrower dies?",
		"is debt consolidation a scam?",
		"I'm dying to know the best rate",
		"I'm dying to know the best rate for a car loan",
		"how can I tell if a lender is a scam",
		"what should I do to keep my card safe from fraud",
		"what is identity theft protection",
		"does life insurance pay out if you die abroad",
		"my phone died halfway through the application",
		"this heat is killing me",
		"these fees are killing me, is there a cheaper card",
		"can someone with bad credit get a car loan?",
		"my bank gives me 11.5% on a 6000 loan, can someone beat that?",
		"what happens if you miss a payment",
		"what is a payment holiday",
		"¿cómo evito las estafas con préstamos?",
		"me muero por saber cuál es la mejor hipoteca",
		"se me murió el coche y necesito un préstamo para otro",
		"comment éviter les arnaques au crédit ?",
		"ma voiture est morte, il me faut un crédit pour une autre",
		"wie schütze ich mich vor kreditbetrug",
		"mein auto ist kaputt, ich brauche einen kredit für ein neues",
		"was passiert mit meinem kredit wenn ich sterbe",
		"hur skyddar jag mig mot lånebedrägerier",
		"bilen har dött och jag behöver ett lån till en ny",
		"jag dör av nyfikenhet, vilket bolån är bäst",
		"what's the point of a balance transfer card",
		"is there no way to pay it off early?",
		"I have trouble understanding APR",
		"à quoi bon une assurance emprunteur ?",
		"wozu noch eine Reiseversicherung?",
		"vad är poängen med betalskydd",
		"my wife took out a credit card, can we compare it",
		"what's the operation fee on a mortgage",
		"la operación de crédito tiene comisión?",
		"ich tu mich schwer mit der Entscheidung zwischen zwei Krediten",
	} {
		t.Run(text, func(t *testing.T) {
			got := Parse(text)
			if IsHandoff(got.Intent) {
				t.Errorf("%q: %s (%.2f, rule %q), want an ordinary intent", text, got.Intent, got.Confidence, got.Rule)
			}
		})
	}
}

func TestSensitiveSituationsInEveryLanguage(t *testing.T) {
	tests := []struct {
		lang, text, want string
	}{
		{"en", "I lost my job and I can't pay my car loan this month", Hardship},
		{"en", "there's a loan on my credit report that I never took out", Fraud},
		{"en", "my mum passed away last week and she had a mortgage", Bereavement},
		{"en", "I've just been diagnosed with MS and I'm scared about money", Vulnerability},
		{"en", "honestly i just want it all to end", SelfHarm},
		{"en", "i don't want to be here anymore", SelfHarm},
		{"es", "me han despedido y no puedo pagar la hipoteca", Hardship},
		{"es", "me han robado la tarjeta", Fraud},
		{"es", "mi marido falleció y el préstamo está a su nombre", Bereavement},
		{"es", "tengo una enfermedad grave", Vulnerability},
		{"es", "ya no quiero vivir", SelfHarm},
		{"fr", "je suis au chômage et je ne peux plus payer mon crédit", Hardship},
		{"fr", "quelqu'un a pris un crédit à mon nom", Fraud},
		{"fr", "ma mère est décédée et elle avait un prêt", Bereavement},
		{"fr", "je suis gravement malade", Vulnerability},
		{"fr", "je pense à mettre fin à mes jours", SelfHarm},
		{"de", "ich habe meinen job verloren und kann die raten nicht mehr zahlen", Hardship},
		{"de", "meine karte wurde gestohlen", Fraud},
		{"de", "mein vater ist gestorben und hatte einen kredit", Bereavement},
		{"de", "ich habe krebs", Vulnerability},
		{"de", "ich will nicht mehr leben", SelfHarm},
		{"sv", "jag har förlorat jobbet och kan inte betala lånet", Hardship},
		{"sv", "någon har tagit ett lån i mitt namn", Fraud},
		{"sv", "min pappa har gått bort och hade skulder", Bereavement},
		{"sv", "jag har fått en allvarlig sjukdom", Vulnerability},
		{"sv", "jag vill inte leva längre", SelfHarm},
		// Abuse and financial control, even with credit in the victim's name, is vulnerability.
		{"en", "my husband keeps all of my wages and made me take out a loan for him", Vulnerability},
		{"en", "my ex controls our accounts and opened a card in my name, I'm scared of him", Vulnerability},
		{"es", "mi pareja controla todo el dinero y sacó un préstamo a mi nombre", Vulnerability},
		{"fr", "mon conjoint garde tout mon salaire et j'ai peur de lui", Vulnerability},
		{"de", "meine Freundin verwaltet mein ganzes Geld und droht mir", Vulnerability},
		{"sv", "min sambo tar alla mina pengar och jag är rädd för honom", Vulnerability},
		// Illness, surgery, a stroke, difficulty with numbers.
		{"en", "I'm recovering from heart surgery and off work for months", Vulnerability},
		{"es", "me van a operar de la cadera y estaré de baja", Vulnerability},
		{"fr", "je viens d'être opérée et je suis en arrêt maladie", Vulnerability},
		{"de", "nach meinem Herzinfarkt tue ich mich schwer mit Formularen", Vulnerability},
		{"sv", "jag har haft en stroke och har svårt med siffror nu", Vulnerability},
		// Indirect hopelessness.
		{"en", "honestly what's the point of it all, I can't see a way out", SelfHarm},
		{"es", "ya nada tiene sentido, no veo salida", SelfHarm},
		{"fr", "à quoi bon continuer, je ne vois plus d'issue", SelfHarm},
		{"de", "ich sehe keinen Ausweg mehr, wozu das alles", SelfHarm},
		{"sv", "jag ser ingen utväg, vad är poängen", SelfHarm},
		{"fr", "mon père vient de mourir et il avait un crédit", Bereavement},
		{"fr", "mon entreprise a fait faillite, je n'ai plus de revenus", Hardship},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.text, func(t *testing.T) {
			got := Parse(tt.text)
			if got.Intent != tt.want {
				t.Errorf("%q: %s (%.2f, rule %q), want %s", tt.text, got.Intent, got.Confidence, got.Rule, tt.want)
			}
		})
	}
}

// A sensitive situation wins over everything else in the message, and an explicit request for
// a person wins over a finance question.
func TestPrecedence(t *testing.T) {
	tests := []struct{ text, want string }{
		{"i'm struggling financially, can i talk to someone about my loan", Hardship},
		{"get me a human, my card was stolen", Fraud},
		{"my husband died, compare my car loan please", Bereavement},
		{"i want to end it all, just compare my loans", SelfHarm},
		{"can i speak to a person about my car loan of 15000 at 9%", Human},
		{"i'd rather talk this through with an adviser, my loan is 12k at 11%", Human},
		{"quiero hablar con un asesor sobre mi hipoteca", Human},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := Parse(tt.text); got.Intent != tt.want {
				t.Errorf("%q: %s (rule %q), want %s", tt.text, got.Intent, got.Rule, tt.want)
			}
		})
	}
}

func TestHumanRequestsInEveryLanguage(t *testing.T) {
	requests := map[string][]string{
		"en": {"human", "agent", "humannn!!", "hooman pls", "real person please", "can I talk to someone", "I want to speak to a human", "put me through to an adviser", "call me back please", "is there a person I can chat to?"},
		"es": {"humano", "agente por favor", "quiero hablar con una persona", "¿me puede llamar alguien?", "pásame con un asesor", "necesito hablar con un humano"},
		"fr": {"humain", "un conseiller svp", "je veux parler à quelqu'un", "rappelez-moi s'il vous plaît", "passez-moi un conseiller", "je veux parler à une vraie personne"},
		"de": {"mensch", "berater bitte", "ich will mit einem menschen sprechen", "können sie mich zurückrufen?", "verbinden sie mich mit einem mitarbeiter", "ich möchte mit jemandem reden"},
		"sv": {"människa", "handläggare tack", "jag vill prata med en människa", "kan någon ringa mig?", "koppla mig till en rådgivare", "jag vill prata med en riktig person"},
	}
	for _, lang := range Languages {
		for _, text := range requests[lang] {
			t.Run(lang+" "+text, func(t *testing.T) {
				if got := Parse(text); got.Intent != Human {
					t.Errorf("%q: %s (%.2f, rule %q), want human", text, got.Intent, got.Confidence, got.Rule)
				}
			})
		}
	}
	// Indirect requests: a callback, a person on the other end, a way out of the bot, going
	// through it with a person.
	indirect := map[string][]string{
		"en": {"could somebody give me a ring this afternoon", "can one of you phone me back after lunch", "is there an actual person on this chat", "am I talking to a robot? I'd like a human", "let me out of this chatbot", "fed up with this bot", "I'd prefer to sort this out with a real adviser", "I want to go over my options with someone from your team", "a flesh and blood advisor please"},
		"es": {"¿me podrían llamar esta tarde?", "llamadme cuando podáis", "prefiero que me atienda una persona", "sácame de este chat", "quiero verlo con un asesor antes de decidir", "¿hay alguien de verdad al otro lado?", "quisiera recibir una llamada de un gestor"},
		"fr": {"pouvez-vous me rappeler demain ?", "j'aimerais qu'on me rappelle", "un être humain svp", "sortez-moi de ce robot", "je préfère voir ça avec un conseiller", "y a-t-il quelqu'un de réel ?", "appelez-moi en fin de journée"},
		"de": {"können Sie mich morgen zurückrufen?", "ruft mich bitte an", "hol mich raus aus diesem Chat", "ich würde das lieber mit einem Berater klären", "ist da ein Mensch?", "ich hätte gern einen Rückruf", "kann mich jemand anrufen"},
		"sv": {"ring upp mig imorgon", "kan ni ringa mig efter lunch", "ta mig ut ur chatten", "vill snacka med nån på riktigt", "finns det en människa här", "jag vill gå igenom det här med en rådgivare", "jag vill bli uppringd"},
	}
	for _, lang := range Languages {
		for _, text := range indirect[lang] {
			t.Run(lang+" indirect "+text, func(t *testing.T) {
				if got := Parse(text); got.Intent != Human {
					t.Errorf("%q: %s (%.2f, rule %q), want human", text, got.Intent, got.Confidence, got.Rule)
				}
			})
		}
	}
	// Words about people that do not ask for one.
	for _, text := range []string{"my insurance agent said I was overpaying", "can someone with a 600 credit score get a mortgage?", "what's a personal loan",
		"is this a person to person loan", "the collectors call me every day", "a man called me pretending to be from my bank", "das Inkassobüro ruft mich ständig an", "rappelle-moi mes contrats", "tu peux me rappeler quels prêts j'ai ajoutés ?", "me llamaron diciendo que eran del banco"} {
		t.Run("not "+text, func(t *testing.T) {
			if got := Parse(text); got.Intent == Human {
				t.Errorf("%q: human (rule %q), want something else", text, got.Rule)
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"my car loan is 18000 at 9.9%", "en"},
		{"tengo un préstamo de coche de 18.000 €", "es"},
		{"j'ai un crédit auto de 18 000 €", "fr"},
		{"ich habe einen autokredit über 18.000 €", "de"},
		{"jag har ett billån på 180 000 kr", "sv"},
		{"quiero hablar con alguien", "es"},
		{"hola", "es"},
		{"merci beaucoup", "fr"},
		{"danke", "de"},
		{"tack så mycket", "sv"},
		// Too short or shared by several languages: the caller keeps the conversation's.
		{"ok", ""},
		{"no", ""},
		{"ja", ""},
		{"18000", ""},
		{"?", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := Parse(tt.text).Lang; got != tt.want {
				t.Errorf("%q: language %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// The empty message and messages of only symbols or numbers must not panic and must not be
// taken for a crisis.
func TestDegenerateMessages(t *testing.T) {
	long := strings.Repeat("so i was thinking about my car and whether the loan on it is a good one or not and ", 40)
	for _, text := range []string{"", " ", "?", "!!!", "18000", "€", "🙂", long} {
		t.Run(fmt.Sprintf("%.20q", text), func(t *testing.T) {
			got := Parse(text)
			if got.Intent == "" || len(got.Scores) != len(Intents) {
				t.Fatalf("%q: intent %q with %d scores", text, got.Intent, len(got.Scores))
			}
			if IsHandoff(got.Intent) {
				t.Errorf("%q: %s, want an ordinary intent", text, got.Intent)
			}
		})
	}
}

func TestResultScores(t *testing.T) {
	got := Parse("what's the catch with the second one")
	var sum float64
	for i, s := range got.Scores {
		sum += s.P
		if i > 0 && s.P > got.Scores[i-1].P {
			t.Errorf("scores are not sorted: %v", got.Scores)
		}
	}
	if sum < 0.999 || sum > 1.001 {
		t.Errorf("scores sum to %f, want 1", sum)
	}
	if got.Rule == "" && got.Confidence != got.Scores[0].P {
		t.Errorf("confidence %f is not the top score %f", got.Confidence, got.Scores[0].P)
	}
}

// Training twice on the same corpus gives the same model, bit for bit: the default model
// (trained at its first use, or read where an earlier run kept it) and one trained now.
func TestTrainingIsDeterministic(t *testing.T) {
	t.Parallel()
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	_, b, _, err := trainOverBroken(t)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"compare my car loan", "hola", "I feel lost", "is the first one fixed?", "jag vill prata med någon"} {
		ra, rb := a.Parse(text), b.Parse(text)
		if !reflect.DeepEqual(ra, rb) {
			t.Errorf("%q: two trainings disagree: %+v vs %+v", text, ra, rb)
		}
	}
}

func TestTrainRefusesNothing(t *testing.T) {
	if _, err := Train(nil); err == nil {
		t.Error("Train(nil) succeeded")
	}
	if _, err := Train([]Example{{Text: "hi", Lang: "xx", Intent: Greeting}}); err == nil {
		t.Error("Train accepted an example in an unknown language")
	}
}

func TestDecide(t *testing.T) {
	scores := func(pairs ...any) []Score {
		var s []Score
		for i := 0; i+1 < len(pairs); i += 2 {
			s = append(s, Score{pairs[i].(string), pairs[i+1].(float64)})
		}
		return s
	}
	tests := []struct {
		name     string
		scores   []Score
		idiom    bool
		safety   string
		human    bool
		small    string
		want     string
		wantRule string
		declined bool
		ordinal  bool
		topic    string
	}{
		{"the classifier decides", scores(FindOffers, 0.7, CompareHolding, 0.2), false, "", false, "", FindOffers, "", false, false, ""},
		{"a self-harm phrase wins over any reading", scores(Fraud, 0.9, SelfHarm, 0.05), false, SelfHarm, false, "", SelfHarm, RuleSafety, false, false, ""},
		{"a sensitive reading of the classifier stands", scores(Hardship, 0.6, Fraud, 0.3), false, Fraud, true, "", Hardship, "", false, false, ""},
		{"a lexicon makes an ordinary reading sensitive", scores(CompareHolding, 0.8), false, Bereavement, false, "", Bereavement, RuleSafety, false, false, ""},
		{"illness or abuse in so many words wins over a reading of fraud", scores(Fraud, 0.9), false, Vulnerability, false, "", Vulnerability, RuleSafety, false, false, ""},
		{"… and over one of hardship", scores(Hardship, 0.7), false, Vulnerability, false, "", Vulnerability, RuleSafety, false, false, ""},
		{"… but not over a reading of bereavement", scores(Bereavement, 0.7), false, Vulnerability, false, "", Bereavement, "", false, false, ""},
		{"a sensitive phrase wins over a request for a person", scores(Human, 0.9), false, Hardship, true, "", Hardship, RuleSafety, false, false, ""},
		{"a request for a person wins over a finance question", scores(CompareHolding, 0.9), false, "", true, "", Human, RuleHuman, false, false, ""},
		{"a complaint stays a complaint", scores(Complaint, 0.6, Human, 0.3), false, "", true, "", Complaint, "", false, false, ""},
		{"an idiom is not a crisis", scores(Bereavement, 0.5, Financing, 0.3), true, "", false, "", Financing, "", false, false, ""},
		{"an idiom does not hide a lexicon hit", scores(SelfHarm, 0.5), true, SelfHarm, false, "", SelfHarm, "", false, false, ""},
		{"a weak guess of a person is not acted on", scores(Human, 0.25, AskOffer, 0.2), false, "", false, "", AskOffer, "", false, false, ""},
		{"a weak guess of a crisis is", scores(Fraud, 0.2, AskOffer, 0.19), false, "", false, "", Fraud, "", false, false, ""},
		{"a very weak guess of a crisis is not", scores(Fraud, 0.12, AskOffer, 0.11), false, "", false, "", AskOffer, "", false, false, ""},
		{"small talk by lookup", scores(Affirm, 0.5, Deny, 0.4), false, "", false, Deny, Deny, RuleSmallTalk, false, false, ""},
		{"small talk does not override a person", scores(Human, 0.6), false, "", false, Deny, Human, "", false, false, ""},
		{"a person turned down is no request for one", scores(Human, 0.7, Deny, 0.2), false, "", false, "", Deny, "", true, false, ""},
		{"… but a crisis still is one", scores(Human, 0.7, Deny, 0.2), false, Fraud, false, "", Fraud, RuleSafety, true, false, ""},
		{"a weak guess of small talk with no small-talk word is off-topic", scores(Affirm, 0.18, OffTopic, 0.15, Thanks, 0.1), false, "", false, "", OffTopic, "", false, false, ""},
		{"… a firmer one stands", scores(Thanks, 0.6, OffTopic, 0.2), false, "", false, "", Thanks, "", false, false, ""},
		{"a guess of a person about a shown offer needs to be sure", scores(Human, 0.55, AskOffer, 0.4), false, "", false, "", AskOffer, "", false, true, ""},
		{"… and is acted on when it is", scores(Human, 0.7, AskOffer, 0.2), false, "", false, "", Human, "", false, true, ""},
		{"a weak guess of a situation the lexicon found only in a topic frame is not acted on", scores(Hardship, 0.26, FindOffers, 0.2), false, "", false, "", FindOffers, "", false, false, Hardship},
		{"… a firmer one is", scores(Hardship, 0.5, FindOffers, 0.2), false, "", false, "", Hardship, "", false, false, Hardship},
		{"… and a weak guess of another crisis keeps the crisis bar", scores(Fraud, 0.2, FindOffers, 0.19), false, "", false, "", Fraud, "", false, false, Hardship},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, rule := decide(tt.scores, tt.idiom, tt.safety, tt.human, tt.small, tt.topic, tt.declined, tt.ordinal)
			if got != tt.want || rule != tt.wantRule {
				t.Errorf("got %s (rule %q), want %s (rule %q)", got, rule, tt.want, tt.wantRule)
			}
		})
	}
}

// A hypothetical, a definition or a question "in general" names a crisis or a call without
// reporting one or asking for one; a sentence that reports one still counts, and self-harm
// counts however it is put.
func TestTopicFrames(t *testing.T) {
	ordinary := []string{
		"what happens if I can't pay my car loan next month?",
		"what does it mean to be in arrears",
		"hypothetically, what if someone used my card without permission?",
		"can debt collectors phone me at work? just asking in general",
		"¿qué pasa si no puedo pagar una cuota?",
		"¿qué significa estar en concurso de acreedores?",
		"que se passe-t-il si je ne peux pas rembourser une mensualité ?",
		"c'est quoi le surendettement ?",
		"was passiert, wenn ich die Rate nicht zahlen kann?",
		"was bedeutet Privatinsolvenz?",
		"vad händer om jag inte kan betala lånet en månad?",
		"vad betyder betalningsanmärkning?",
		"do you have critical illness insurance for serious illness?",
		"vous avez une assurance contre les maladies graves ?",
		"har ni försäkring mot allvarlig sjukdom?",
	}
	for _, text := range ordinary {
		t.Run(text, func(t *testing.T) {
			if got := Parse(text); IsHandoff(got.Intent) {
				t.Errorf("%q: %s (%.2f, rule %q), want an ordinary intent", text, got.Intent, got.Confidence, got.Rule)
			}
		})
	}
	reports := []struct{ text, want string }{
		{"What happens if I can't pay? I lost my job last week.", Hardship},
		{"what if I just ended it all", SelfHarm},
		{"¿Qué pasa ahora? Me han robado la tarjeta.", Fraud},
		{"Was passiert jetzt? Ich habe meinen Job verloren und kann nicht zahlen.", Hardship},
	}
	for _, tt := range reports {
		t.Run(tt.text, func(t *testing.T) {
			if got := Parse(tt.text); got.Intent != tt.want {
				t.Errorf("%q: %s (%.2f, rule %q), want %s", tt.text, got.Intent, got.Confidence, got.Rule, tt.want)
			}
		})
	}
}

// "Is anyone there?" asks for a person in every language.
func TestAnyoneThere(t *testing.T) {
	for _, text := range []string{"is anybody there?", "¿hay alguien ahí?", "il y a quelqu'un ?", "ist da jemand?", "är det någon där?"} {
		t.Run(text, func(t *testing.T) {
			if got := Parse(text); got.Intent != Human {
				t.Errorf("%q: %s (%.2f, rule %q), want human", text, got.Intent, got.Confidence, got.Rule)
			}
		})
	}
}

// An empty alternative would match every message; a lexicon with one must not compile.
func TestEmptyAlternativePanics(t *testing.T) {
	for _, p := range []string{`a||b`, `a|`, `|a`} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("rx(%q) compiled", p)
				}
			}()
			rx(p)
		}()
	}
}

// A request put together from a word for a person, a verb of contacting, helping or looking,
// and a word that asks, in any order; not when the person is someone with a trait, someone
// in a clause of its own, or when the message asks for an explanation.
func TestComposedRequests(t *testing.T) {
	requests := map[string][]string{
		"en": {"could a member of your team look at my numbers?", "would an expert be able to check this for me"},
		"es": {"¿podría revisarlo algún asesor vuestro?", "quiero que un gestor lo mire conmigo"},
		"fr": {"un spécialiste pourrait-il regarder mon crédit ?", "je voudrais qu'un conseiller m'aide à choisir"},
		"de": {"könnte ein Experte sich meinen Kredit ansehen?", "ich möchte, dass mir ein Berater hilft"},
		"sv": {"kan en specialist titta på mitt lån?", "jag vill att en rådgivare hjälper mig att välja"},
	}
	for _, lang := range Languages {
		for _, text := range requests[lang] {
			t.Run(lang+" "+text, func(t *testing.T) {
				if !composedRequest(tokenize(fold(text)), lang) {
					t.Errorf("%q is not read as a request for a person", text)
				}
			})
		}
	}
	for _, c := range []struct{ lang, text string }{
		{"en", "can someone with a low income get a card?"},
		{"en", "could you check if anyone else has a better rate"},
		{"en", "can anyone apply for the balance transfer cards?"},
		{"en", "can someone explain what APR means"},
		{"en", "can you check if my personal loan is competitive?"},
		{"es", "¿alguien con nómina baja puede tener tarjeta?"},
		{"de", "kann jemand mit kleinem Einkommen eine Kreditkarte bekommen?"},
		{"sv", "kan någon med låg inkomst få ett kreditkort?"},
	} {
		t.Run("not "+c.text, func(t *testing.T) {
			if composedRequest(tokenize(fold(c.text)), c.lang) {
				t.Errorf("%q is read as a request for a person", c.text)
			}
		})
	}
}
