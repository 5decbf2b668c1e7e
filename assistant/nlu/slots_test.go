package nlu

import (
	"testing"
)

// extract runs the slot rules on text as Parse does before it knows the intent.
func extract(t *testing.T, text string) map[string]string {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	lang, _ := m.Detect(text)
	s, _ := slotsOf(analyse(text, lang), m.vocab, nil)
	return s.Values()
}

func TestSlotValues(t *testing.T) {
	tests := []struct {
		text string
		want map[string]string // the slots under test; others may be present
	}{
		// Amounts and currencies.
		{"i owe 18000 on it", slots("amount", "18000")},
		{"18k left", slots("amount", "18000")},
		{"1.9k", slots("amount", "1900")},
		{"$18,000 balance", slots("amount", "18000", "currency", "USD")},
		{"18.000 € pendientes", slots("amount", "18000", "currency", "EUR")},
		{"£3,000 on my card", slots("amount", "3000", "currency", "GBP")},
		{"18 000 kr kvar", slots("amount", "18000", "currency", "SEK")},
		{"2 500 000 kr", slots("amount", "2500000", "currency", "SEK")},
		{"a 1,299.99 bike", slots("amount", "1299.99")},
		{"1.299,99 €", slots("amount", "1299.99", "currency", "EUR")},
		{"3 grand", slots("amount", "3000")},
		{"twenty thousand for a car", slots("amount", "20000")},
		{"two grand", slots("amount", "2000")},
		{"quince mil euros", slots("amount", "15000", "currency", "EUR")},
		{"zwanzigtausend Euro", slots("amount", "20000", "currency", "EUR")},
		{"tjugo tusen kronor", slots("amount", "20000", "currency", "SEK")},
		{"Hypothek von 2,5 Mio. Franken", slots("amount", "2500000", "currency", "CHF")},
		{"3000 dollars", slots("amount", "3000", "currency", "USD")},
		{"500 euros", slots("amount", "500", "currency", "EUR")},
		{"2,5 miljoner", slots("amount", "2500000")},
		{"18 mil euros", slots("amount", "18000", "currency", "EUR")},
		// Rates.
		{"at 9.9%", slots("rate", "9.9")},
		{"9.9 percnt", slots("rate", "9.9")},
		{"9,9 %", slots("rate", "9.9")},
		{"8,5 por ciento", slots("rate", "8.5")},
		{"7 prozent", slots("rate", "7")},
		{"6.9 apr", slots("rate", "6.9")},
		{"the rate is 6.5", slots("rate", "6.5")},
		{"3100 at 21.9", slots("amount", "3100", "rate", "21.9")},
		// Terms.
		{"48 mnths", slots("term_months", "48")},
		{"48mo", slots("term_months", "48")},
		{"4 years", slots("term_months", "48")},
		{"5 yrs left", slots("term_months", "60")},
		{"four years to go", slots("term_months", "48")},
		{"3.5 years", slots("term_months", "42")},
		{"me quedan 3 años", slots("term_months", "36")},
		{"il reste 30 mois", slots("term_months", "30")},
		{"noch 20 jahre", slots("term_months", "240")},
		{"48 månader kvar", slots("term_months", "48")},
		{"3 more years on it", slots("term_months", "36")},
		{"a 15 year mortgage with 11 years left", slots("term_months", "132")},
		{"three months behind on my loan", slots()},
		{"89 years old", slots()},
		{"il reste 24 échéances sur mon crédit", slots("term_months", "24")},
		{"30 cuotas pendientes", slots("term_months", "30")},
		{"noch 18 Raten", slots("term_months", "18")},
		{"12 payments to go on the car", slots("term_months", "12")},
		{"3 payments on my statement I never made", slots("term_months", "")},
		{"j'ai signé il y a 3 ans, taux 4 %", slots("term_months", "", "rate", "4")},
		{"je l'ai depuis 2 ans", slots("term_months", "")},
		{"had it since 2021, 9000 to go", slots("term_months", "", "amount", "9000")},
		// Figures that are nobody's loan: phone numbers, times, credit scores, fees, sums lost.
		{"call me on 0612 345 678 about my loan", slots("amount", "")},
		{"my number is +44 7700 900123", slots("amount", "")},
		{"ring me, 555 123 4567", slots("amount", "")},
		{"llamadme al 634 221 908 por lo del préstamo", slots("amount", "")},
		{"I'm free after 5, my loan is 8000", slots("amount", "8000", "rate", "")},
		{"I'm at the office until 6 so call later", slots("rate", "")},
		{"ab 17 Uhr bin ich erreichbar", slots("rate", "", "amount", "")},
		{"joignable jusqu'à 18h", slots("rate", "", "amount", "")},
		{"my credit score is about 710, can I get a car loan", slots("amount", "")},
		{"mit einem Schufa-Score von 720", slots("amount", "")},
		{"kreditbetyg 650", slots("amount", "")},
		{"they want a £150 arrangement fee before paying out the £3,000 loan", slots("amount", "3000", "currency", "GBP")},
		{"pay 300 upfront to get a 10k loan", slots("amount", "10000")},
		{"piden 60 € de comisión por adelantado", slots("amount", "", "currency", "")},
		{"scammed out of $2,000", slots("amount", "", "currency", "")},
		{"someone took 1200 from my account", slots("amount", "")},
		{"I took out 5000 last year", slots("amount", "5000")},
		{"me han quitado 600 euros de la cuenta", slots("amount", "", "currency", "")},
		{"400 kr har dragits från mitt konto", slots("amount", "", "currency", "")},
		{"plötzlich 250 € abgebucht", slots("amount", "", "currency", "")},
		{"I originally borrowed 20k and have 12,500 left now", slots("amount", "12500")},
		{"12k left of the 20k I took out", slots("amount", "12000")},
		{"the original balance was 30000 and I still owe 21000", slots("amount", "21000")},
		// Payment, balance, premium.
		{"i pay 455 a month on my car loan", slots("payment", "455")},
		{"paying $612/mo on a personal loan", slots("payment", "612", "currency", "USD")},
		{"pago 320 € al mes por el préstamo del coche", slots("payment", "320", "currency", "EUR")},
		{"je paie 280 € par mois pour mon crédit voiture", slots("payment", "280", "currency", "EUR")},
		{"ich zahle 310 € im monat für meinen autokredit", slots("payment", "310", "currency", "EUR")},
		{"jag betalar 3 200 kr i månaden på billånet", slots("payment", "3200", "currency", "SEK")},
		{"ma mensualité est de 1 100 €", slots("payment", "1100", "currency", "EUR")},
		{"my car insurance is 95 a month", slots("premium", "95", "premium_period", "monthly")},
		{"I pay 1400 a year for home insurance", slots("premium", "1400", "premium_period", "annual")},
		{"89 a quarter for renters insurance", slots("premium", "89", "premium_period", "quarterly")},
		{"travel insurance annual policy 160 pounds", slots("premium", "160", "premium_period", "annual", "currency", "GBP")},
		{"pago 600 euros al año por el seguro de hogar", slots("premium", "600", "premium_period", "annual", "currency", "EUR")},
		{"je paye 420 euros par an pour l'assurance habitation", slots("premium", "420", "premium_period", "annual", "currency", "EUR")},
		{"lebensversicherung 35 euro monatlich", slots("premium", "35", "premium_period", "monthly", "currency", "EUR")},
		{"jag betalar 2 400 kr om året för hemförsäkringen", slots("premium", "2400", "premium_period", "annual", "currency", "SEK")},
		// Regions.
		{"mortgages in the UK", slots("region", "GB")},
		{"a flat in london", slots("region", "GB")},
		{"my house in Texas", slots("region", "US-TX")},
		{"car insurance in new york", slots("region", "US-NY")},
		{"cards in the US", slots("region", "US")},
		{"hipotecas en España", slots("region", "ES")},
		{"assurance habitation en france", slots("region", "FR")},
		{"in deutschland", slots("region", "DE")},
		{"i sverige", slots("region", "SE")},
		{"assurance auto au Québec", slots("region", "CA")},
		{"un crédit conso en Belgique", slots("region", "BE")},
		{"wir wohnen in Österreich", slots("region", "AT")},
		{"Hypothek in der Schweiz", slots("region", "CH")},
		{"vivo en México", slots("region", "MX")},
		{"a car loan in new mexico", slots("region", "US-NM")},
		{"jag bor i Norge", slots("region", "NO")},
		{"car insurance in Glasgow", slots("region", "GB")},
		{"seguros en Andalucía", slots("region", "ES")},
		{"assurance à Bordeaux", slots("region", "FR")},
		{"Versicherung in Bayern", slots("region", "DE")},
		{"bolån i Skåne", slots("region", "SE")},
		// Currencies a region or a word resolves.
		{"15'000 Franken zu 8 %", slots("amount", "15000", "currency", "CHF")},
		{"80 000 pesos en Monterrey", slots("amount", "80000", "currency", "MXN", "region", "MX")},
		{"un préstamo de 2 millones de pesos en Colombia", slots("currency", "COP", "region", "CO")},
		{"$12,000 car loan in Ontario", slots("amount", "12000", "currency", "CAD", "region", "CA")},
		{"5000 dollars canadiens", slots("amount", "5000", "currency", "CAD", "region", "CA")},
		{"lån på 90 000 kr i Norge", slots("amount", "90000", "currency", "NOK", "region", "NO")},
		{"betalar 300 spänn i månaden för hemförsäkringen", slots("premium", "300", "currency", "SEK", "premium_period", "monthly")},
		// Products, with typos and in five languages.
		{"car lon", slots("product", "auto_loan")},
		{"my morgage", slots("product", "mortgage")},
		{"home loan", slots("product", "mortgage")},
		{"balance transfer card", slots("product", "credit_card")},
		{"9k on my Visa", slots("product", "credit_card")},
		{"kan du visa mina lån", slots("product", "")},
		{"house insurance", slots("product", "home_insurance")},
		{"car insurence", slots("product", "auto_insurance")},
		{"tenant insurance", slots("product", "renters_insurance")},
		{"life cover", slots("product", "life_insurance")},
		{"préstamo de coche", slots("product", "auto_loan")},
		{"tarjeta de crédito", slots("product", "credit_card")},
		{"seguro de hogar", slots("product", "home_insurance")},
		{"prêt immobilier", slots("product", "mortgage")},
		{"crédit conso", slots("product", "personal_loan")},
		{"assurance voyage", slots("product", "travel_insurance")},
		{"Autokredit", slots("product", "auto_loan")},
		{"Hausratversicherung", slots("product", "renters_insurance")},
		{"Kfz-Versicherung", slots("product", "auto_insurance")},
		{"billån", slots("product", "auto_loan")},
		{"studielån", slots("product", "student_loan")},
		{"livförsäkring", slots("product", "life_insurance")},
		{"hemförsäkring för hyresrätten", slots("product", "renters_insurance")},
		{"my loan", slots()},
		{"remortgaging next year", slots("product", "mortgage")},
		{"finance on a used Corolla", slots("product", "auto_loan")},
		{"lån till en begagnad Audi", slots("product", "auto_loan")},
		{"Kredit für einen Gebrauchtwagen", slots("product", "auto_loan")},
		{"hire purchase on a van", slots("product", "auto_loan")},
		{"préstamos para coches eléctricos", slots("product", "auto_loan")},
		{"hire purchase on a sofa", slots("product", "")},
		{"let's focus on my loan", slots("product", "")},
		// Which shown offer.
		{"the top one", slots("offer_ref", "1")},
		{"the first", slots("offer_ref", "1")},
		{"la primera", slots("offer_ref", "1")},
		{"den första", slots("offer_ref", "1")},
		{"the second one", slots("offer_ref", "2")},
		{"number 3", slots("offer_ref", "3")},
		{"the cheapest", slots("offer_ref", "cheapest")},
		{"la moins chère", slots("offer_ref", "cheapest")},
		{"is the Harborline one fixed", slots("offer_ref", "Harborline")},
		{"tell me about the Summit Ridge loan", slots("offer_ref", "Summit Ridge")},
		{"is the Thistle & Oak card good", slots("offer_ref", "Thistle & Oak")},
		{"is the harborline loan fixed", slots("offer_ref", "harborline")},
		{"hat die Northwind-Karte Gebühren", slots("offer_ref", "Northwind")},
		{"vad kostar Pennine-försäkringen", slots("offer_ref", "Pennine")},
		{"et le Brightpath, il est à taux fixe ?", slots("offer_ref", "Brightpath")},
		{"is the Keystone 60-Month Loan fixed at 6%", slots("offer_ref", "Keystone 60-Month Loan", "term_months", "", "rate", "6")},
		{"qué significa TIN", slots("term_topic", "interest_rate", "offer_ref", "")},
		// Finance terms.
		{"what is APR", slots("term_topic", "apr")},
		{"what is a prepayment penalty", slots("term_topic", "prepayment_penalty")},
		{"how does a balance transfer affect my credit score", slots("term_topic", "balance_transfer")},
		{"qué es la comisión por amortización anticipada", slots("term_topic", "prepayment_penalty")},
		{"was ist eine vorfälligkeitsentschädigung", slots("term_topic", "prepayment_penalty")},
		{"what happens to my loan if i die", slots("term_topic", "debt_after_death")},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := extract(t, tt.text)
			if len(tt.want) == 0 {
				for _, k := range []string{SlotAmount, SlotRate, SlotTermMonths, SlotProduct, SlotOfferRef, SlotTermTopic} {
					if v, ok := got[k]; ok {
						t.Errorf("%q: %s = %s, want none", tt.text, k, v)
					}
				}
			}
			for k, v := range tt.want {
				if got[k] != v { // "" wants the slot absent
					t.Errorf("%q: %s = %q, want %q (all: %v)", tt.text, k, got[k], v, got)
				}
			}
		})
	}
}

// Slots that do not belong to the intent Parse settles on are dropped.
func TestSlotsFollowTheIntent(t *testing.T) {
	tests := []struct {
		text   string
		absent string
	}{
		{"what's the capital of France", SlotRegion},
		{"whats 15 times 17", SlotAmount},
		{"who do i complain to about Harborline", SlotOfferRef},
		{"my card was stolen", SlotProduct},
		{"go through my loans and see what can be refinanced", SlotTermTopic},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := Parse(tt.text)
			if v, ok := got.Slots.Values()[tt.absent]; ok {
				t.Errorf("%q (%s): %s = %s, want none", tt.text, got.Intent, tt.absent, v)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		rate bool
		want string
		ok   bool
	}{
		{"18000", false, "18000", true},
		{"18,000", false, "18000", true},
		{"18.000", false, "18000", true},
		{"1,299.99", false, "1299.99", true},
		{"1.299,99", false, "1299.99", true},
		{"9,9", false, "9.9", true},
		{"9.9", false, "9.9", true},
		{"0.500", false, "0.5", true},
		{"3.125", true, "3.125", true},
		{"1,2,3", false, "", false},
		{"1.2.3.4", false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseNumber(tt.in, tt.rate)
			if ok != tt.ok || (ok && got.String() != tt.want) {
				t.Errorf("parseNumber(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// Every term_topic the corpus labels is one Parse can return.
func TestTermTopicsMatchTheCorpus(t *testing.T) {
	ex, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, k := range TermTopics() {
		known[k] = true
	}
	labelled := map[string]bool{}
	for _, e := range ex {
		if k := e.Slots.TermTopic; k != "" {
			labelled[k] = true
			if !known[k] {
				t.Errorf("the corpus labels term_topic %q, which Parse never returns: %q", k, e.Text)
			}
		}
	}
	for k := range known {
		if !labelled[k] {
			t.Logf("term_topic %q is never labelled in the corpus", k)
		}
	}
}
