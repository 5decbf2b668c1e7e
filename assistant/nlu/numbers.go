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
	scaled   bool   // written with a multiplier ("18k", "3 grand", "2 miljoner")
	unit     string // "percent", "month", "year" or ""
	period   string // PerMonth, PerQuarter or PerYear stated right after it
	left     bool   // a term followed by "left", "to go", "restantes", "kvar"…
}

// multipliers are the words and suffixes that scale the number before them.
var multipliers = map[string]int64{
	"k": 1000, "grand": 1000, "mil": 1000, "mille": 1000, "tsd": 1000, "tausend": 1000, "tusen": 1000, "tkr": 1000,
	"million": 1000000, "millions": 1000000, "millones": 1000000, "millon": 1000000, "millionen": 1000000,
	"miljon": 1000000, "miljoner": 1000000, "mn": 1000000, "mio": 1000000,
}

// currencyWords maps currency symbols and words, folded, to ISO 4217 codes.
var currencyWords = map[string]string{
	"$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD", "dolar": "USD", "dolares": "USD",
	"£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP", "libras": "GBP", "libra": "GBP", "livres": "GBP", "livre": "GBP", "pfund": "GBP",
	"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
	"kr": "SEK", "sek": "SEK", "kronor": "SEK", "krona": "SEK", "tkr": "SEK",
}

// Units that make a number a rate or a term. Words are folded ("años" is "anos", "år" is "ar").
var (
	percentWords = map[string]bool{"%": true, "percent": true, "pourcent": true, "prozent": true, "procent": true, "apr": true, "tae": true, "taeg": true}
	percentPairs = [][2]string{{"per", "cent"}, {"pour", "cent"}, {"por", "ciento"}}
	monthWords   = map[string]bool{"month": true, "months": true, "meses": true, "mes": true, "mois": true, "monat": true, "monate": true, "monaten": true, "manader": true, "manad": true, "manaders": true}
	yearWords    = map[string]bool{"year": true, "years": true, "anos": true, "ano": true, "ans": true, "an": true, "annees": true, "jahr": true, "jahre": true, "jahren": true, "ar": true}
	leftWords    = map[string]bool{"left": true, "remaining": true, "restantes": true, "pendientes": true, "restant": true, "restants": true, "kvar": true, "rest": true, "remain": true, "outstanding": true}
	// leftBefore are the words that say the term after them is what remains.
	leftBefore = [][]string{{"quedan"}, {"me", "quedan"}, {"noch"}, {"il", "reste"}, {"reste"}, {"restan"}}
)

// periodAfter are the phrases that, right after a figure, say how often it is paid.
var periodAfter = []struct {
	words  []string
	period string
}{
	{[]string{"a", "month"}, PerMonth}, {[]string{"per", "month"}, PerMonth}, {[]string{"/", "month"}, PerMonth},
	{[]string{"each", "month"}, PerMonth}, {[]string{"every", "month"}, PerMonth}, {[]string{"monthly"}, PerMonth},
	{[]string{"pm"}, PerMonth}, {[]string{"/", "m"}, PerMonth}, {[]string{"al", "mes"}, PerMonth}, {[]string{"por", "mes"}, PerMonth},
	{[]string{"cada", "mes"}, PerMonth}, {[]string{"mensual"}, PerMonth}, {[]string{"mensuales"}, PerMonth},
	{[]string{"par", "mois"}, PerMonth}, {[]string{"/", "mois"}, PerMonth}, {[]string{"mensuel"}, PerMonth}, {[]string{"mensuels"}, PerMonth},
	{[]string{"mensuellement"}, PerMonth}, {[]string{"im", "monat"}, PerMonth}, {[]string{"pro", "monat"}, PerMonth},
	{[]string{"monatlich"}, PerMonth}, {[]string{"/", "monat"}, PerMonth}, {[]string{"i", "manaden"}, PerMonth},
	{[]string{"per", "manad"}, PerMonth}, {[]string{"/", "man"}, PerMonth}, {[]string{"i", "man"}, PerMonth}, {[]string{"manadsvis"}, PerMonth},
	{[]string{"a", "quarter"}, PerQuarter}, {[]string{"per", "quarter"}, PerQuarter}, {[]string{"quarterly"}, PerQuarter},
	{[]string{"al", "trimestre"}, PerQuarter}, {[]string{"trimestral"}, PerQuarter}, {[]string{"par", "trimestre"}, PerQuarter},
	{[]string{"trimestriel"}, PerQuarter}, {[]string{"im", "quartal"}, PerQuarter}, {[]string{"pro", "quartal"}, PerQuarter},
	{[]string{"vierteljahrlich"}, PerQuarter}, {[]string{"per", "kvartal"}, PerQuarter}, {[]string{"i", "kvartalet"}, PerQuarter},
	{[]string{"a", "year"}, PerYear}, {[]string{"per", "year"}, PerYear}, {[]string{"/", "year"}, PerYear},
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
	"tva": 2, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8, "nio": 9, "tio": 10, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30,
}

// Words around "3 months" that make it a time rather than a term.
var (
	notTermAfter  = map[string]bool{"behind": true, "late": true, "overdue": true, "ago": true, "sedan": true, "efter": true, "retraso": true, "retard": true, "ruckstand": true}
	notTermBefore = map[string]bool{"hace": true, "vor": true, "last": true, "past": true, "ultimos": true, "derniers": true, "letzten": true, "senaste": true, "seit": true}
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
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		start := i
		var f figure
		n, isWord := numberWords[t]
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
		case isWord && i+1 < len(toks) && (monthWords[toks[i+1]] || yearWords[toks[i+1]]):
			f.value = decimal.NewFromInt(int64(n))
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
					f.currency = c
				}
				j++
			}
		}
		if start > 0 {
			if c, ok := currencyWords[toks[start-1]]; ok && f.currency == "" {
				f.currency = c
			}
		}
		if j < len(toks) {
			if c, ok := currencyWords[toks[j]]; ok && f.currency == "" {
				f.currency = c
				j++
			}
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
		}
		if (f.unit == "month" || f.unit == "year") && (notTermAfter[at(toks, j)] || notTermAfter[at(toks, j+1)] || notTermBefore[at(toks, start-1)]) {
			// "three months behind", "hace 3 meses": a time, not a term.
			f.unit = "time"
		}
		if f.unit == "month" || f.unit == "year" {
			for k := j; k < len(toks) && k <= j+1; k++ {
				if leftWords[toks[k]] || hasAt(toks, k, []string{"to", "go"}) {
					f.left = true
				}
			}
			for _, p := range leftBefore {
				if hasAt(toks, start-len(p), p) {
					f.left = true
				}
			}
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
		out = append(out, f)
		i = j - 1
	}
	return out
}

// termMonths is the term a figure with a month or year unit states.
func (f figure) termMonths() int {
	m := f.value
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
