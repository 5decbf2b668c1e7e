package assistant

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// Entities are the figures and product a user message states.
type Entities struct {
	Amount     *decimal.Decimal // money, in the user's currency
	Rate       *decimal.Decimal // percent, 9.9 means 9.9 %
	TermMonths int
	Product    string // one of the API's product types, "" when none is named
	// Payment is a monthly payment the user states ("paying $455 a month"); it is not the
	// Amount.
	Payment *decimal.Decimal
	// CreditScore is a credit score the user states ("my credit score is 650"); for a band
	// ("640–699") its lower end, which is the band a lender puts them in.
	CreditScore int
}

var (
	// A rate: 9.9%, 9,9 %, 9.9 percent, 9.9 pct, and the same words in the other languages; the
	// space before the sign may be a no-break one, as the other languages write it.
	rateRe = regexp.MustCompile(`(?i)(\d{1,2}(?:[.,]\d{1,3})?)[\s\x{00A0}\x{202F}]*(?:%|percent\b|per\s?cent\b|pct\b|procent\b|por\s?ciento\b|pour\s?cent\b|prozent\b)`)
	// A term: 48 months, 4 years, 36 mo, and other languages.
	termRe = regexp.MustCompile(`(?i)(\d{1,3})\s*(months?|mos?\b|mths?\b|meses|mois|monate?n?|månader|månad|years?|yrs?\b|años|ans\b|jahre?n?|år\b)`)
	// A monthly payment: "paying $455 a month", "payments of 455/month", "$455 per month".
	paymentRe = regexp.MustCompile(`(?i)(?:(?:paying|pay|payments?\s+(?:is|are|of)?)\s*)?([$€£]\s?)?(\d{1,3}(?:[ ,.\x{00A0}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(\s?(?:usd|eur|gbp|sek|kr|dollars?|euros?|pounds?|kronor)\b)?\s*(?:a|per|each|every|/)\s*(?:month|mo)\b`)
	// A credit score: "credit score is 650", "my score is around 700", "FICO 640-699", and the
	// other languages' words ("mein Kreditscore ist 700", "mi puntuación es 680").
	creditScoreRe = regexp.MustCompile(`(?i)\b(?:credit\s+score|score|fico|kreditscore|schufa(?:-score)?|puntuaci[oó]n(?:\s+de\s+cr[eé]dito)?|puntaje|cote\s+de\s+cr[eé]dit|kreditbetyg|kreditpo[aä]ng)\b[^0-9]{0,24}?(\d{3})(?:\s*[-–]\s*(\d{3}))?\b`)
	// An amount: $15,000 · 15000 · 15k · 15 000 · 15.000 € · 1,234.56 · 12 500 kr.
	amountRe = regexp.MustCompile(`(?i)([$€£]\s?)?(\d{1,3}(?:[ ,.\x{00A0}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(\s?[km]\b)?(\s?(?:usd|eur|gbp|sek|kr|dollars?|euros?|pounds?|kronor)\b|\s?[€£])?`)
)

// productSynonyms map words to product types. Insurance comes first so that "car insurance"
// is not read as a car loan.
var productSynonyms = []struct {
	product string
	words   []string
}{
	{"auto_insurance", []string{"car insurance", "auto insurance", "motor insurance", "vehicle insurance", "bilförsäkring", "seguro de coche", "seguro de auto", "assurance auto", "kfz-versicherung", "autoversicherung"}},
	{"renters_insurance", []string{"renters insurance", "renter's insurance", "tenant insurance", "tenants insurance", "contents insurance"}},
	{"home_insurance", []string{"home insurance", "homeowners insurance", "homeowner's insurance", "house insurance", "hemförsäkring", "villaförsäkring", "seguro de hogar", "assurance habitation", "hausratversicherung", "wohngebäudeversicherung"}},
	{"travel_insurance", []string{"travel insurance", "reseförsäkring", "seguro de viaje", "assurance voyage", "reiseversicherung"}},
	{"life_insurance", []string{"life insurance", "term life", "livförsäkring", "seguro de vida", "assurance vie", "lebensversicherung"}},
	{"auto_loan", []string{"car loan", "auto loan", "vehicle loan", "car finance", "car financing", "auto financing", "billån", "préstamo de coche", "préstamo para coche", "préstamo de auto", "crédit auto", "autokredit", "car payment"}},
	{"mortgage", []string{"mortgage", "home loan", "house loan", "bolån", "hipoteca", "prêt immobilier", "hypothèque", "hypothek", "baufinanzierung", "refinance my house", "refinance my home"}},
	{"student_loan", []string{"student loan", "student debt", "studielån", "csn", "préstamo estudiantil", "prêt étudiant", "studienkredit"}},
	{"credit_card", []string{"credit card", "balance transfer", "card debt", "kreditkort", "tarjeta de crédito", "carte de crédit", "kreditkarte"}},
	{"personal_loan", []string{"personal loan", "privatlån", "blancolån", "préstamo personal", "prêt personnel", "privatkredit", "ratenkredit", "consolidation loan", "debt consolidation"}},
}

// ExtractEntities reads the amount, rate, term and product of a message. Figures it cannot
// read with confidence are left out: the planner asks rather than guesses.
func ExtractEntities(text string) Entities {
	var e Entities
	lower := strings.ToLower(text)
	for _, ps := range productSynonyms {
		for _, w := range ps.words {
			if strings.Contains(lower, w) {
				e.Product = ps.product
				break
			}
		}
		if e.Product != "" {
			break
		}
	}
	if e.Product == "" {
		e.Product = looseProduct(lower)
	}

	used := make([]bool, len(text))
	mark := func(a, b int) {
		for i := a; i < b; i++ {
			used[i] = true
		}
	}
	if m := creditScoreRe.FindStringSubmatchIndex(text); m != nil {
		if n, _ := strconv.Atoi(text[m[2]:m[3]]); n >= 300 && n <= 850 {
			e.CreditScore = n
			mark(m[0], m[1])
		}
	}
	if m := paymentRe.FindStringSubmatchIndex(text); m != nil {
		if d, ok := parseAmount(text[m[4]:m[5]]); ok && d.IsPositive() {
			e.Payment = &d
			mark(m[0], m[1])
		}
	}
	if m := rateRe.FindStringSubmatchIndex(text); m != nil {
		if d, err := decimal.NewFromString(strings.ReplaceAll(text[m[2]:m[3]], ",", ".")); err == nil {
			e.Rate = &d
		}
		mark(m[0], m[1])
	}
	for _, m := range termRe.FindAllStringSubmatchIndex(text, -1) {
		n, _ := strconv.Atoi(text[m[2]:m[3]])
		unit := strings.ToLower(text[m[4]:m[5]])
		if isYears(unit) {
			n *= 12
		}
		if e.TermMonths == 0 && n > 0 && n <= 600 {
			e.TermMonths = n
		}
		mark(m[0], m[1])
	}
	for _, m := range amountRe.FindAllStringSubmatchIndex(text, -1) {
		if used[m[4]] {
			continue
		}
		// A number glued to a letter or a percent sign is part of something else.
		if m[1] < len(text) && (text[m[1]] == '%' || isLetter(text[m[1]])) {
			continue
		}
		if m[0] > 0 && isLetter(text[m[0]-1]) {
			continue
		}
		d, ok := parseAmount(text[m[4]:m[5]])
		if !ok {
			continue
		}
		hasCurrency := m[2] >= 0 || m[8] >= 0
		if m[6] >= 0 {
			switch strings.ToLower(strings.TrimSpace(text[m[6]:m[7]])) {
			case "k":
				d = d.Mul(decimal.NewFromInt(1000))
			case "m":
				d = d.Mul(decimal.NewFromInt(1000000))
			}
			hasCurrency = true
		}
		// Bare small numbers ("2 cars", "option 3") are not amounts.
		if !hasCurrency && d.LessThan(decimal.NewFromInt(100)) {
			continue
		}
		e.Amount = &d
		break
	}
	return e
}

var coverRe = regexp.MustCompile(`\bcover(age)?\b`)

// looseProduct catches a product named by one word ("my car", "a loan").
func looseProduct(lower string) string {
	hasAny := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(lower, w) {
				return true
			}
		}
		return false
	}
	insurance := hasAny("insurance", "policy", "premium", "försäkring", "seguro", "assurance", "versicherung") || coverRe.MatchString(lower)
	switch {
	case insurance && hasAny("car", "auto", "vehicle"):
		return "auto_insurance"
	case insurance && hasAny("travel", "trip"):
		return "travel_insurance"
	case insurance && hasAny("rent", "apartment", "flat"):
		return "renters_insurance"
	case insurance && hasAny("home", "house"):
		return "home_insurance"
	case insurance && hasAny("life"):
		return "life_insurance"
	case hasAny("car", "auto", "vehicle", "bil ") && hasAny("loan", "lån", "préstamo", "prêt", "kredit", "financ"):
		return "auto_loan"
	}
	return ""
}

// offerQueryNoise are the words of asking for an offer that say nothing about which offer: grammar,
// asking, price words (the listing is cheapest first anyway) and the products' own names.
var offerQueryNoise = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the this that these those it its there here is are am was be been do does did
		can could would should will may might to for of on in at by from with and or but so if about any some all
		one ones what which who how where when why i im ive id ill whats dont cant wont youre youve weve theyre thats lets me my mine we our us you your get got getting have has had
		want wants wanted need needs needed like looking look find search show see give tell please help just also
		really over under up per good best better cheaper cheapest cheap lowest low lower rate rates apr interest
		deal deals offer offers option options quote quotes product products partner partners loan loans borrow
		borrowing lend lender lenders finance financing buy buying pay paying afford money cash insurance insurer
		insurers policy policies cover coverage premium premiums car cars auto vehicle vehicles personal student
		credit card cards home house mortgage mortgages travel life renters renter hi hello hey thanks ratewise
		compare comparing compared refinance refinancing transfer move moving balance balances month months year years
		uk us usa america american britain british england scotland wales ireland gb texas california florida york
		state states country market region left owe owing currently now today
		payment payments repayment repayments instalment instalments installment installments cost costs total price prices
		thinking think considering planning plan around about approximately roughly maybe soon going gonna interested too well much many spread out`) {
		m[w] = true
	}
	return m
}()

// OfferQuery is what a message asks of an offer beyond what the planner reads from it already:
// the words left once its figures (a credit score among them), the product's names and the
// words of asking are removed
// ("do you have used car loans?" → "used"). "" when nothing is left: the planner then asks for a
// plain listing, cheapest first.
func OfferQuery(text string) string {
	for _, re := range []*regexp.Regexp{creditScoreRe, rateRe, termRe, amountRe} {
		text = re.ReplaceAllString(text, " ")
	}
	lower := strings.ToLower(text)
	for _, ps := range productSynonyms {
		for _, w := range ps.words {
			lower = strings.ReplaceAll(lower, w, " ")
		}
	}
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	var kept []string
	for _, w := range words {
		w = strings.Trim(w, "'")
		if len([]rune(w)) < 2 || offerQueryNoise[w] || offerQueryNoise[strings.TrimSuffix(w, "'s")] || offerQueryNoise[strings.ReplaceAll(w, "'", "")] || slices.Contains(kept, w) {
			continue
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

func isYears(unit string) bool {
	for _, p := range []string{"year", "yr", "año", "an", "jahr", "år"} {
		if strings.HasPrefix(unit, p) {
			return true
		}
	}
	return false
}

func isLetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }

// parseAmount reads 15,000 · 15 000 · 15.000 · 1,234.56 · 1.234,56 as a decimal.
func parseAmount(s string) (decimal.Decimal, bool) {
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, " ", "")
	lastDot, lastComma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	dec := -1 // index of the decimal separator, if any
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec = max(lastDot, lastComma)
	case lastDot >= 0 && len(s)-lastDot-1 <= 2 && strings.Count(s, ".") == 1:
		dec = lastDot
	case lastComma >= 0 && len(s)-lastComma-1 <= 2 && strings.Count(s, ",") == 1:
		dec = lastComma
	}
	var intPart, frac string
	if dec >= 0 {
		intPart, frac = s[:dec], s[dec+1:]
	} else {
		intPart = s
	}
	if strings.HasPrefix(intPart, "0") && strings.ContainsAny(intPart, ".,") {
		return decimal.Decimal{}, false // "0.001" has three decimals; a thousand is not written so
	}
	intPart = strings.NewReplacer(",", "", ".", "").Replace(intPart)
	if frac != "" {
		intPart += "." + frac
	}
	d, err := decimal.NewFromString(intPart)
	return d, err == nil
}

func decStr(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// onlyFigures reports whether text is an amount or a term and little else ("3 years", "over
// 36 months", "10000", "what about 5k?"): after a search it changes what was searched for,
// where the understanding reads a comparison of a loan with nothing else said.
func onlyFigures(text string) bool {
	t := text
	for _, re := range []*regexp.Regexp{termRe, amountRe} {
		t = re.ReplaceAllString(t, " ")
	}
	if t == text {
		return false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !refineWords[w] {
			return false
		}
	}
	return true
}

var refineWords = map[string]bool{"over": true, "for": true, "in": true, "and": true, "what": true, "about": true, "how": true,
	"then": true, "instead": true, "please": true, "ok": true, "okay": true, "maybe": true, "say": true, "make": true, "it": true,
	"a": true, "en": true, "sur": true, "pour": true, "por": true, "y": true, "et": true, "und": true, "auf": true, "och": true, "pa": true, "på": true}
