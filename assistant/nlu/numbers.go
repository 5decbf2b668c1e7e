package nlu

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// A figure is one number in a message with what its neighbours say about it.
type figure struct {
	value    decimal.Decimal
	start    int    // index of its first token
	end      int    // index after its last token (suffix and unit included)
	currency string // ISO code of a symbol or word next to it
	curTok   string // that symbol or word, folded
	scaled   bool   // written with a multiplier ("18k", "3 grand", "2 miljoner")
	unit     string // "percent", "month", "year" or ""
	half     bool   // a term with "and a half" after it ("3 años y medio")
	period   string // PerMonth, PerQuarter or PerYear stated right after it
	left     bool   // a term or sum followed by "left", "to go", "restantes", "kvar"…
	original bool   // a sum said to be what was first borrowed ("original amount 24k")
	// role is set when the figure is not a quantity of the user's loan or policy at all:
	// rolePhoneNumber, roleTime, roleScore, roleFee or roleLost.
	role string
}

// Roles of figures that are no loan's amount, rate, term or payment.
const (
	rolePhoneNumber = "phone"
	roleTime        = "time"
	roleScore       = "score"
	roleFee         = "fee"    // "a $99 processing fee", "80 € Gebühr vorab", "if I pay 200 kr first"
	roleLost        = "lost"   // "scammed out of 2000", "900 € are missing", "400 € abgebucht"
	roleIncome      = "income" // "on a 65k salary", "I earn 3000 a month", "mein Gehalt ist 4000"
)

// Words around a figure that give it one of those roles. Each list is of folded tokens.
var (
	// phoneCues shortly before a long number make it a phone number: "call me on 0612…".
	phoneCues = wordSet(`call ring phone number tel telephone mobile cell whatsapp reach llamar llamadme llamame llamenme telefono movil numero appeler appelez rappeler telephone portable numero anrufen ruf rufen nummer telefonnummer handy telefon handynummer ringa ring nummer mobil mobilnummer telefonnummer nas`)
	// timeBefore and timeAfter: "till 12", "hasta las 14h", "um 14 Uhr", "kl 14", "at 3pm".
	timeBefore        = wordSet(`till until til hasta vers bis um ab kl klockan innan`)
	timeBeforePhrases = [][]string{{"a", "las"}, {"jusqu'", "a"}, {"a", "partir", "de"}, {"after"}, {"before"}}
	timeAfter         = wordSet(`am pm h hs hrs uhr o'clock horas heures hs tim`)
	// scoreCues near a figure make it a credit score: "credit score is like 650", "Schufa 650".
	scoreCues = wordSet(`score scores scoring fico puntuacion puntaje schufa kreditbetyg kreditscore kreditvardighet rating`)
	// feeAfter and feeBefore: the figure is a charge, not the amount borrowed or owed.
	feeAfter  = wordSet(`fee fees charge charges frais gastos gestion tramitacion comision comisiones gebuhr gebuhren bearbeitung avgift avgiften provision`)
	feeBefore = wordSet(`fee fees frais gastos comision gebuhr avgift avgiften`)
	// upfrontAfter: money asked for before a loan is paid out ("if I pay 200 kr first").
	upfrontAfter = [][]string{{"first"}, {"upfront"}, {"up", "front"}, {"in", "advance"}, {"beforehand"}, {"vorab"}, {"im", "voraus"},
		{"vorher"}, {"forst"}, {"i", "forskott"}, {"por", "adelantado"}, {"por", "anticipado"}, {"antes"}, {"d'", "avance"}, {"a", "l'", "avance"}, {"en", "avance"}}
	// lostBefore and lostAfter: a sum taken, debited or lost, not a balance owed.
	lostBefore = [][]string{{"scammed", "out", "of"}, {"conned", "out", "of"}, {"cheated", "out", "of"}, {"lost"}, {"stole"},
		{"debited"}, {"withdrew"}, {"withdrawn"}, {"drained"}, {"faltan"}, {"falta"}, {"robaron"}, {"robado"}, {"quitaron"}, {"sacaron"},
		{"estafado"}, {"estafaron"}, {"cargaron"}, {"perdi"}, {"perdido"}, {"arnaquer", "de"}, {"arnaque", "de"}, {"escroque", "de"}, {"vole"}, {"voles"},
		{"preleve"}, {"preleves"}, {"debite"}, {"debites"}, {"perdu"}, {"betrogen", "um"}, {"abgebucht"}, {"gestohlen"}, {"verloren"}, {"abgehoben"},
		{"lurad", "pa"}, {"lurade", "mig", "pa"}, {"blev", "av", "med"}, {"forlorat"}, {"forlorade"}, {"stal"}, {"dragit"}, {"drog"}}
	// lostRightBefore count only right before the sum: "took 1200", not "took out 5000".
	lostRightBefore = wordSet(`took taken charged cobraron cargaron quitado quitaron pris tog`)
	lostAfter       = wordSet(`gone missing lost stolen taken debited withdrawn disappeared vanished faltan desaparecido desaparecieron robados robado disparu disparus voles preleves debites weg abgebucht abgehoben gestohlen verschwunden fehlen betrogen borta forsvunna forsvunnit stulna dragits dragna`)
	// incomeBefore and incomeAfter: what someone earns is no sum borrowed or owed.
	incomeBefore = [][]string{{"earn"}, {"earns"}, {"earning"}, {"salary", "of"}, {"salary", "is"}, {"income", "of"}, {"income", "is"}, {"gano"}, {"cobro"},
		{"sueldo", "de"}, {"sueldo", "es", "de"}, {"salario", "de"}, {"ingresos", "de"}, {"je", "gagne"}, {"gagne"}, {"salaire", "de"}, {"revenu", "de"},
		{"revenus", "de"}, {"verdiene"}, {"gehalt", "von"}, {"gehalt", "ist"}, {"einkommen", "von"}, {"tjanar"}, {"lon", "pa"}, {"inkomst", "pa"}}
	incomeAfter = wordSet(`salary salaire sueldo salario gehalt einkommen lon inkomst income`)
	// remainingCues and originalCues choose between two sums: what is left wins over what
	// was first borrowed ("original amount was 24k, about 13,400 left").
	remainingAfter  = wordSet(`left remaining outstanding owing restantes restante pendientes pendiente restant restants restent offen ubrig kvar aterstar`)
	remainingBefore = [][]string{{"still", "owe"}, {"owe"}, {"owing"}, {"left"}, {"remaining"}, {"outstanding"}, {"balance"}, {"quedan"}, {"queda"}, {"debo"},
		{"pendiente"}, {"reste"}, {"restent"}, {"restant"}, {"doit", "encore"}, {"noch"}, {"restschuld"}, {"offen"}, {"kvar"}, {"aterstar"}, {"skuld"}}
	originalBefore = [][]string{{"original"}, {"originally"}, {"initial"}, {"initially"}, {"borrowed"}, {"took", "out"}, {"started", "at"}, {"started", "with"},
		{"inicial"}, {"originalmente"}, {"pedi"}, {"initialement"}, {"initial"}, {"emprunte"}, {"ursprunglich"}, {"anfangs"}, {"aufgenommen"},
		{"ursprungligen"}, {"lanade"}, {"fran", "borjan"}}
)

// multipliers are the words and suffixes that scale the number before them.
var multipliers = map[string]int64{
	"k": 1000, "grand": 1000, "thousand": 1000, "hundred": 100, "mil": 1000, "mille": 1000, "tsd": 1000, "tausend": 1000, "tusen": 1000, "tkr": 1000,
	"lax": 1000, "lucas": 1000, "luca": 1000, "lakh": 100000, "lakhs": 100000, "crore": 10000000, "crores": 10000000, "palos": 1000000,
	"million": 1000000, "millions": 1000000, "millones": 1000000, "millon": 1000000, "millionen": 1000000,
	"miljon": 1000000, "miljoner": 1000000, "milj": 1000000, "mn": 1000000, "mio": 1000000,
}

// currencyWords maps currency symbols and words, folded, to ISO 4217 codes.
var currencyWords = map[string]string{
	"$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD", "dolar": "USD", "dolares": "USD",
	"£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP", "libras": "GBP", "libra": "GBP", "livres": "GBP", "livre": "GBP", "pfund": "GBP",
	"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
	"kr": "SEK", "sek": "SEK", "kronor": "SEK", "krona": "SEK", "tkr": "SEK", "spann": "SEK", "kronan": "SEK",
	"chf": "CHF", "franken": "CHF", "franc": "CHF", "francs": "CHF", "franco": "CHF", "francos": "CHF", "stutz": "CHF",
	"mxn": "MXN", "peso": "MXN", "pesos": "MXN", "cad": "CAD", "canadian": "CAD", "aud": "AUD", "nzd": "NZD",
	"balles": "EUR", "pavos": "EUR", "lax": "SEK", "piasses": "CAD", "piasse": "CAD", "piastres": "CAD",
	"₹": "INR", "inr": "INR", "rs": "INR", "rupee": "INR", "rupees": "INR", "₦": "NGN", "ngn": "NGN", "naira": "NGN",
	"nok": "NOK", "dkk": "DKK", "kroner": "NOK", "pln": "PLN", "zloty": "PLN", "zl": "PLN", "ars": "ARS", "cop": "COP", "clp": "CLP",
}

// localCurrency resolves a sign or word several countries use ("$", "pesos", "kr") by the
// region the message states: "$" in Canada is CAD, "kr" in Norway NOK.
var localCurrency = map[string]map[string]string{
	"$":       {"CA": "CAD", "AU": "AUD", "NZ": "NZD", "MX": "MXN", "AR": "ARS", "CO": "COP", "CL": "CLP"},
	"dollar":  {"CA": "CAD", "AU": "AUD", "NZ": "NZD"},
	"dollars": {"CA": "CAD", "AU": "AUD", "NZ": "NZD"},
	"dolares": {"CA": "CAD", "AU": "AUD"},
	"peso":    {"MX": "MXN", "AR": "ARS", "CO": "COP", "CL": "CLP"},
	"pesos":   {"MX": "MXN", "AR": "ARS", "CO": "COP", "CL": "CLP"},
	"balles":  {"CH": "CHF"},
	"kr":      {"NO": "NOK", "DK": "DKK"},
	"kroner":  {"DK": "DKK"},
	"kronor":  {},
}

// resolveCurrency returns the currency the word or sign tok names in region.
func resolveCurrency(tok, region string) string {
	if c, ok := localCurrency[tok][region]; ok {
		return c
	}
	if ambiguousCurrency[tok] {
		return ""
	}
	return currencyWords[tok]
}

// ambiguousCurrency are words several countries' currencies share with no one of them the
// obvious reading: without a country they name no currency ("50 mil pesos").
var ambiguousCurrency = map[string]bool{"peso": true, "pesos": true}

// Units that make a number a rate or a term. Words are folded ("años" is "anos", "år" is "ar").
var (
	percentWords = map[string]bool{"%": true, "percent": true, "pourcent": true, "prozent": true, "procent": true, "apr": true, "tae": true, "taeg": true}
	percentPairs = [][2]string{{"per", "cent"}, {"pour", "cent"}, {"por", "ciento"}}
	monthWords   = map[string]bool{"month": true, "months": true, "mths": true, "mnths": true, "mos": true, "meses": true, "mes": true, "mois": true, "monat": true, "monate": true, "monaten": true, "manader": true, "manad": true, "manaders": true, "man": true, "mnd": true}
	yearWords    = map[string]bool{"year": true, "years": true, "anos": true, "ano": true, "ans": true, "an": true, "annees": true, "jahr": true, "jahre": true, "jahren": true, "ar": true}
	leftWords    = map[string]bool{"left": true, "remaining": true, "restantes": true, "pendientes": true, "restant": true, "restants": true, "kvar": true, "rest": true, "remain": true, "outstanding": true}
	// leftBeforeTerm are the words that say the term after them is what remains.
	leftBeforeTerm = [][]string{{"quedan"}, {"me", "quedan"}, {"noch"}, {"il", "reste"}, {"reste"}, {"restan"}, {"still"}, {"aterstar"}}
)

// periodAfter are the phrases that, right after a figure, say how often it is paid.
var periodAfter = []struct {
	words  []string
	period string
}{
	{[]string{"a", "month"}, PerMonth}, {[]string{"per", "month"}, PerMonth}, {[]string{"/", "month"}, PerMonth},
	{[]string{"each", "month"}, PerMonth}, {[]string{"every", "month"}, PerMonth}, {[]string{"monthly"}, PerMonth},
	{[]string{"pm"}, PerMonth}, {[]string{"/", "m"}, PerMonth}, {[]string{"/", "mo"}, PerMonth}, {[]string{"/", "mes"}, PerMonth},
	{[]string{"/", "mon"}, PerMonth}, {[]string{"/", "manad"}, PerMonth}, {[]string{"/", "yr"}, PerYear}, {[]string{"/", "ano"}, PerYear},
	{[]string{"/", "jahr"}, PerYear}, {[]string{"/", "ar"}, PerYear}, {[]string{"al", "mes"}, PerMonth}, {[]string{"por", "mes"}, PerMonth},
	{[]string{"cada", "mes"}, PerMonth}, {[]string{"mensual"}, PerMonth}, {[]string{"mensuales"}, PerMonth},
	{[]string{"par", "mois"}, PerMonth}, {[]string{"/", "mois"}, PerMonth}, {[]string{"mensuel"}, PerMonth}, {[]string{"mensuels"}, PerMonth},
	{[]string{"mensuellement"}, PerMonth}, {[]string{"im", "monat"}, PerMonth}, {[]string{"pro", "monat"}, PerMonth},
	{[]string{"monatlich"}, PerMonth}, {[]string{"/", "monat"}, PerMonth}, {[]string{"i", "manaden"}, PerMonth},
	{[]string{"per", "manad"}, PerMonth}, {[]string{"/", "man"}, PerMonth}, {[]string{"i", "man"}, PerMonth}, {[]string{"manadsvis"}, PerMonth},
	{[]string{"a", "quarter"}, PerQuarter}, {[]string{"per", "quarter"}, PerQuarter}, {[]string{"quarterly"}, PerQuarter},
	{[]string{"al", "trimestre"}, PerQuarter}, {[]string{"trimestral"}, PerQuarter}, {[]string{"par", "trimestre"}, PerQuarter},
	{[]string{"trimestriel"}, PerQuarter}, {[]string{"im", "quartal"}, PerQuarter}, {[]string{"pro", "quartal"}, PerQuarter},
	{[]string{"vierteljahrlich"}, PerQuarter}, {[]string{"per", "kvartal"}, PerQuarter}, {[]string{"i", "kvartalet"}, PerQuarter},
	{[]string{"a", "year"}, PerYear}, {[]string{"per", "year"}, PerYear}, {[]string{"for", "the", "year"}, PerYear}, {[]string{"/", "year"}, PerYear},
	{[]string{"each", "year"}, PerYear}, {[]string{"every", "year"}, PerYear}, {[]string{"annually"}, PerYear}, {[]string{"yearly"}, PerYear},
	{[]string{"p", "a"}, PerYear}, {[]string{"al", "ano"}, PerYear}, {[]string{"por", "ano"}, PerYear}, {[]string{"anual"}, PerYear},
	{[]string{"anuales"}, PerYear}, {[]string{"par", "an"}, PerYear}, {[]string{"/", "an"}, PerYear}, {[]string{"annuel"}, PerYear},
	{[]string{"annuels"}, PerYear}, {[]string{"annuelle"}, PerYear}, {[]string{"im", "jahr"}, PerYear}, {[]string{"pro", "jahr"}, PerYear},
	{[]string{"jahrlich"}, PerYear}, {[]string{"/", "jahr"}, PerYear}, {[]string{"om", "aret"}, PerYear}, {[]string{"per", "ar"}, PerYear},
	{[]string{"/", "ar"}, PerYear}, {[]string{"arligen"}, PerYear}, {[]string{"i", "aret"}, PerYear},
}

// numberWords are the small numbers people write as words before a term ("four years").
// Articles that double as "one" (un, ein, en) are left out: "en 6 meses" is not a term of one.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
	"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "diez": 10, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
	"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
	"zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "zwolf": 12, "zwanzig": 20, "dreissig": 30,
	"tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8, "nio": 9, "tio": 10, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "cien": 100,
	"quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "vierzig": 40, "funfzig": 50, "sechzig": 60, "hundert": 100,
	"fyrtio": 40, "femtio": 50, "sextio": 60, "hundra": 100,
	// Belgian and Swiss French: "septante-cinq mille" is 75,000.
	"septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}

// moreWords may stand between a number and its unit: "3 more years".
var moreWords = wordSet(`more further extra additional another weitere ytterligare`)

// wordNumber reads a number written as a word, alone or joined to a thousand
// ("zwanzigtausend", "tjugotusen"); 0 if t is none.
func wordNumber(t string) int64 {
	if n, ok := numberWords[t]; ok {
		return int64(n)
	}
	for _, k := range []string{"tausend", "tusen"} {
		if head, ok := strings.CutSuffix(t, k); ok && head != "" {
			if n, ok := numberWords[head]; ok {
				return int64(n) * 1000
			}
		}
	}
	return 0
}

// Words around "3 months" that make it a time rather than a term.
var (
	notTermAfter  = map[string]bool{"behind": true, "late": true, "overdue": true, "ago": true, "sedan": true, "efter": true, "retraso": true, "retard": true, "ruckstand": true}
	notTermBefore = map[string]bool{"hace": true, "vor": true, "last": true, "past": true, "ultimos": true, "derniers": true, "letzten": true, "senaste": true, "seit": true, "since": true, "depuis": true, "behind": true, "missed": true}
	// Months missed, not left: "ligger efter med två månader", "tres meses sin pagar".
	notTermBeforePhrases = [][]string{{"efter", "med"}, {"behind", "by"}, {"retard", "de"}, {"atrasado"}, {"atrasada"}, {"ruckstand", "mit"}}
	notTermAfterPhrases  = [][]string{{"sin", "pagar"}, {"sans", "payer"}, {"de", "atraso"}, {"im", "verzug"}, {"nicht", "bezahlt"}, {"utan", "att", "betala"}}
	// installmentsBefore: "en 10 fois", "in 12 Raten", "en 12 cuotas": a term asked for.
	installmentsBefore = wordSet(`en in i auf sur over a`)
	installmentsAfter  = wordSet(`fois raten monatsraten cuotas mensualidades plazos mensualites echeances installments instalments delbetalningar avbetalningar`)
	// halfAfter: "3 años y medio", "two and a half years".
	halfAfter = [][]string{{"y", "medio"}, {"and", "a", "half"}, {"et", "demi"}, {"et", "demie"}, {"och", "ett", "halvt"}, {"och", "en", "halv"}, {"einhalb"}}
	// "il y a 2 ans": two years ago.
	agoBefore = [][]string{{"il", "y", "a"}, {"y", "a"}}
	// installmentWords count months when they are what is left: "30 mensualités restantes",
	// "noch 30 Raten", "30 payments to go".
	installmentWords = wordSet(`payments installments instalments repayments mensualites echeances cuotas mensualidades plazos letras raten monatsraten avbetalningar betalningar inbetalningar`)
)

// at returns toks[i], or "" outside toks.
func at(toks []string, i int) string {
	if i < 0 || i >= len(toks) {
		return ""
	}
	return toks[i]
}

// yearCues before a four-digit number make it a calendar year, not money.
var yearCues = map[string]bool{"in": true, "since": true, "from": true, "en": true, "desde": true, "depuis": true, "seit": true, "sedan": true, "ar": true, "year": true}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isNumeric(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return false
		}
	}
	return true
}

// parseNumber reads a number written with either decimal mark and any thousands separator:
// "18,000", "18.000", "1,299.99", "1.299,99", "9,9", "9.9". A lone separator followed by
// exactly three digits is a thousands separator ("18.000" is eighteen thousand), unless
// rate is set: "3.125 %" is a rate, and rates are never in the thousands.
func parseNumber(s string, rate bool) (decimal.Decimal, bool) {
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	var intPart, frac string
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec := max(lastDot, lastComma)
		intPart, frac = s[:dec], s[dec+1:]
	case lastDot >= 0 || lastComma >= 0:
		sep := byte('.')
		if lastComma >= 0 {
			sep = ','
		}
		groups := strings.Split(s, string(sep))
		thousands := !rate && len(groups[0]) <= 3 && len(groups[0]) > 0 && groups[0] != "0"
		for _, g := range groups[1:] {
			if len(g) != 3 {
				thousands = false
			}
		}
		if thousands {
			intPart = s
		} else if len(groups) == 2 {
			intPart, frac = groups[0], groups[1]
		} else {
			return decimal.Decimal{}, false
		}
	default:
		intPart = s
	}
	intPart = strings.NewReplacer(".", "", ",", "").Replace(intPart)
	if !isDigits(intPart) || (frac != "" && !isDigits(frac)) {
		return decimal.Decimal{}, false
	}
	if frac != "" {
		intPart += "." + frac
	}
	d, err := decimal.NewFromString(intPart)
	return d, err == nil
}

// hasAt reports whether toks holds phrase at index i.
func hasAt(toks []string, i int, phrase []string) bool {
	if i < 0 || i+len(phrase) > len(toks) {
		return false
	}
	return slices.Equal(toks[i:i+len(phrase)], phrase)
}

// percentAt returns how many tokens at i say "percent", 0 if none do.
func percentAt(toks []string, i int) int {
	if i < len(toks) && percentWords[toks[i]] {
		return 1
	}
	for _, p := range percentPairs {
		if hasAt(toks, i, p[:]) {
			return 2
		}
	}
	return 0
}

// figures finds the numbers of a message and reads their units, currencies and periods.
func figures(toks []string) []figure {
	var out []figure
	// lastEnd is where the previous figure ends: a currency word right after one figure is
	// its own ("9,000 pounds, 14.9 percent"), not the next one's prefix.
	lastEnd := 0
	for i := 0; i < len(toks); i++ {
		if len(out) > 0 {
			lastEnd = out[len(out)-1].end
		}
		t := toks[i]
		start := i
		var f figure
		n := wordNumber(t)
		if u := wordNumber(at(toks, i+1)); n >= 20 && n < 100 && n%10 == 0 && u > 0 && u < 10 {
			// "nonante-cinq", "twenty five": tens and a unit are one number.
			n += u
			i++
		}
		_, scaledWord := multipliers[at(toks, i+1)]
		if isNumeric(t) && phoneStart(toks, i) {
			// A phone number: it and the groups of digits that follow it.
			j := i + 1
			for j < len(toks) && isDigits(toks[j]) {
				j++
			}
			out = append(out, figure{start: i, end: j, role: rolePhoneNumber})
			i = j - 1
			continue
		}
		switch {
		case isNumeric(t):
			raw := t
			// "18 000", "2 500 000": space-separated thousands.
			if isDigits(t) && len(t) <= 3 {
				for i+1 < len(toks) && len(toks[i+1]) == 3 && isDigits(toks[i+1]) {
					raw += toks[i+1]
					i++
				}
			}
			rate := percentAt(toks, i+1) > 0
			v, ok := parseNumber(raw, rate)
			if !ok {
				continue
			}
			f.value = v
		case n > 0 && (monthWords[at(toks, i+1)] || yearWords[at(toks, i+1)] || scaledWord || n >= 1000 || halfThenUnit(toks, i+1) > 0 ||
			(moreWords[at(toks, i+1)] && (monthWords[at(toks, i+2)] || yearWords[at(toks, i+2)]))):
			// "four years", "twenty thousand", "two grand", "zwanzigtausend".
			f.value = decimal.NewFromInt(n)
			f.scaled = n >= 1000
		default:
			continue
		}
		f.start = start
		j := i + 1
		if j < len(toks) {
			if m, ok := multipliers[toks[j]]; ok {
				f.value = f.value.Mul(decimal.NewFromInt(m))
				f.scaled = true
				if c, ok := currencyWords[toks[j]]; ok {
					f.currency, f.curTok = c, toks[j]
				}
				j++
			}
		}
		if start > 0 && start-1 >= lastEnd {
			if c, ok := currencyWords[toks[start-1]]; ok && f.currency == "" {
				f.currency, f.curTok = c, toks[start-1]
			}
		}
		if (at(toks, j) == "de" || at(toks, j) == "d'") && currencyWords[at(toks, j+1)] != "" && f.currency == "" {
			// "2 millones de pesos", "3 millions d'euros".
			j++
		}
		if j < len(toks) {
			if c, ok := currencyWords[toks[j]]; ok && f.currency == "" {
				f.currency, f.curTok = c, toks[j]
				j++
				if toks[j-1] == "canadian" && (at(toks, j) == "dollars" || at(toks, j) == "dollar") {
					j++
				}
			}
		}
		if n := halfThenUnit(toks, j); n > 0 && f.currency == "" && !f.scaled {
			// "two and a half years".
			f.half = true
			j += n
		}
		left := func(k int) bool { return leftWords[at(toks, k)] || hasAt(toks, k, []string{"to", "go"}) }
		more := false
		if f.currency == "" && !f.scaled && moreWords[at(toks, j)] && (monthWords[at(toks, j+1)] || yearWords[at(toks, j+1)]) {
			// "3 more years": what is left.
			j++
			more = true
		}
		switch {
		case f.currency == "" && !f.scaled && percentAt(toks, j) > 0:
			f.unit = "percent"
			j += percentAt(toks, j)
		case f.currency == "" && !f.scaled && j < len(toks) && monthWords[toks[j]]:
			f.unit = "month"
			j++
		case f.currency == "" && !f.scaled && j < len(toks) && yearWords[toks[j]] && !hasAt(toks, j+1, []string{"old"}):
			f.unit = "year"
			j++
		case f.currency == "" && !f.scaled && f.value.IsInteger() && installmentWords[at(toks, j)] && (left(j+1) || left(j+2) || leftBefore(toks, start)):
			f.unit = "month"
			j++
		case f.currency == "" && !f.scaled && f.value.IsInteger() && f.value.IntPart() <= 120 && installmentsAfter[at(toks, j)] && installmentsBefore[at(toks, start-1)]:
			f.unit = "month"
			j++
		}
		if f.unit == "year" || f.unit == "month" {
			for _, p := range halfAfter {
				if hasAt(toks, j, p) {
					f.half = true
					j += len(p)
					break
				}
			}
		}
		ago := endsAt(toks, start, agoBefore)
		missed := endsAt(toks, start, notTermBeforePhrases) || slices.ContainsFunc(notTermAfterPhrases, func(p []string) bool { return hasAt(toks, j, p) })
		if (f.unit == "month" || f.unit == "year") && (notTermAfter[at(toks, j)] || notTermAfter[at(toks, j+1)] || notTermBefore[at(toks, start-1)] || ago || missed) {
			// "three months behind", "hace 3 meses": a time, not a term.
			f.unit = "time"
		}
		if f.unit == "month" || f.unit == "year" {
			f.left = more || left(j) || left(j+1) || leftBefore(toks, start)
		} else if more {
			j--
		}
		if f.unit == "" {
			for _, p := range periodAfter {
				k := j
				for k < len(toks) && currencyWords[toks[k]] != "" {
					k++
				}
				if hasAt(toks, k, p.words) {
					f.period = p.period
					j = k + len(p.words)
					break
				}
			}
		}
		f.end = j
		if f.unit == "" {
			f.role = role(toks, f)
			f.original = anyWithin(toks, start, 3, originalBefore)
			f.left = !f.original && (remainingAfter[at(toks, j)] || remainingAfter[at(toks, j+1)] || anyWithin(toks, start, 3, remainingBefore))
		}
		out = append(out, f)
		i = j - 1
	}
	return out
}

// halfThenUnit returns the length of a "and a half" phrase at toks[i] that a month or year
// word follows ("two and a half years"), 0 if there is none.
func halfThenUnit(toks []string, i int) int {
	for _, p := range halfAfter {
		if hasAt(toks, i, p) && (monthWords[at(toks, i+len(p))] || yearWords[at(toks, i+len(p))]) {
			return len(p)
		}
	}
	return 0
}

func leftBefore(toks []string, start int) bool { return endsAt(toks, start, leftBeforeTerm) }

// endsAt reports whether one of phrases ends right before toks[i].
func endsAt(toks []string, i int, phrases [][]string) bool {
	for _, p := range phrases {
		if hasAt(toks, i-len(p), p) {
			return true
		}
	}
	return false
}

// anyWithin reports whether one of phrases ends within n tokens before start, with no other
// number in between.
func anyWithin(toks []string, start, n int, phrases [][]string) bool {
	for end := start; end >= 0 && end >= start-n; end-- {
		if end < start && isNumeric(toks[end]) {
			return false
		}
		if endsAt(toks, end, phrases) {
			return true
		}
	}
	return false
}

// phoneStart reports whether the number at toks[i] begins a phone number: it follows a "+",
// starts with a 0 and more digits ("070", "0612"), or is a long run of digit groups right
// after a word for calling ("llamar al 612 345 678").
func phoneStart(toks []string, i int) bool {
	t := toks[i]
	if !isDigits(t) {
		return false
	}
	if at(toks, i-1) == "+" || (len(t) >= 2 && t[0] == '0') {
		return true
	}
	digits := len(t)
	for k := i + 1; k < len(toks) && isDigits(toks[k]); k++ {
		digits += len(toks[k])
	}
	if digits >= 9 {
		return true
	}
	if digits < 6 {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if phoneCues[toks[k]] {
			return true
		}
	}
	return false
}

// feeWord reports whether a folded token names a charge, compounds included
// ("Vorabgebühr", "uppläggningsavgift").
func feeWord(t string) bool {
	return feeAfter[t] || strings.HasSuffix(t, "gebuhr") || strings.HasSuffix(t, "gebuhren") || strings.HasSuffix(t, "avgift") || strings.HasSuffix(t, "avgiften")
}

// role returns what a figure without a unit is when it is not a quantity of the user's loan
// or policy: a time, a credit score, a fee or a sum lost; "" otherwise.
func role(toks []string, f figure) string {
	before := func(k int) string { return at(toks, f.start-k) }
	small := f.currency == "" && !f.scaled && f.value.IsInteger() && f.value.IntPart() <= 24
	switch {
	case small && (timeBefore[before(1)] || timeAfter[at(toks, f.end)] || endsAt(toks, f.start, timeBeforePhrases)):
		return roleTime
	case f.currency == "" && !f.scaled && (scoreCues[before(1)] || scoreCues[before(2)] || scoreCues[before(3)] || scoreCues[before(4)] || scoreCues[at(toks, f.end)] || scoreCues[at(toks, f.end+1)]):
		return roleScore
	case feeWord(at(toks, f.end)) || feeWord(at(toks, f.end+1)) || feeWord(at(toks, f.end+2)) && !isNumeric(at(toks, f.end+1)):
		return roleFee
	case feeBefore[before(1)] || feeBefore[before(2)] && !isNumeric(before(1)):
		return roleFee
	}
	for k := f.end; k < len(toks) && k <= f.end+2; k++ {
		for _, p := range upfrontAfter {
			if hasAt(toks, k, p) {
				return roleFee
			}
		}
	}
	adjacent := f.start
	if currencyWords[before(1)] != "" {
		adjacent--
	}
	if incomeAfter[at(toks, f.end)] || anyWithin(toks, f.start, 2, incomeBefore) {
		return roleIncome
	}
	// A word of loss followed by a number is about that number: "al 14.5, me faltan 36
	// meses" is a term still to pay.
	lost := func(k int) bool { return lostAfter[at(toks, k)] && !isNumeric(at(toks, k+1)) }
	if lost(f.end) || lost(f.end+1) || lost(f.end+2) || anyWithin(toks, f.start, 2, lostBefore) || lostRightBefore[at(toks, adjacent-1)] {
		return roleLost
	}
	return ""
}

// termMonths is the term a figure with a month or year unit states.
func (f figure) termMonths() int {
	m := f.value
	if f.half {
		m = m.Add(decimal.NewFromFloat(0.5))
	}
	if f.unit == "year" {
		m = m.Mul(decimal.NewFromInt(12))
	}
	return int(m.Round(0).IntPart())
}

// isCalendarYear reports whether f is a year like 2019 in "since 2019".
func (f figure) isCalendarYear(toks []string) bool {
	if f.currency != "" || f.scaled || f.unit != "" || !f.value.IsInteger() {
		return false
	}
	y := f.value.IntPart()
	return y >= 1950 && y <= 2100 && f.start > 0 && yearCues[toks[f.start-1]]
}
