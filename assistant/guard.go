package assistant

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Facts are the figures an answer may state: those in this turn's tool results and in the
// user's own messages, typed so a fee of 0.00 cannot ground a claim of "0 % APR".
type Facts struct {
	rates []decimal.Decimal
	money []decimal.Decimal
	terms []int
}

// AddJSON adds the figures of a tool result. Keys say what a number is: *apr*/*rate* are
// rates, *month*/*term* are terms, other numbers are money; strings of prose (a representative
// example, a passage) are read like text.
func (f *Facts) AddJSON(raw []byte) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return
	}
	f.walk("", v)
}

func (f *Facts) walk(key string, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, vv := range x {
			if k == "chart" || k == "id" || strings.HasSuffix(k, "_id") {
				continue
			}
			f.walk(strings.ToLower(k), vv)
		}
	case []any:
		for _, vv := range x {
			f.walk(key, vv)
		}
	case float64:
		f.addKeyed(key, decimal.NewFromFloat(x))
	case string:
		if d, err := decimal.NewFromString(x); err == nil {
			f.addKeyed(key, d)
			return
		}
		if nameKeys[key] {
			return // a name is data: "Acme 0% Bank" grounds no 0 % claim
		}
		if strings.ContainsAny(x, "0123456789") && !looksLikeInjection(x) {
			f.AddText(x)
		}
	}
}

// nameKeys hold names — typed by consumers, or by partners — whose figures ground nothing.
var nameKeys = map[string]bool{"provider": true, "name": true, "partner": true, "title": true, "first_name": true, "external_id": true, "url": true}

func (f *Facts) addKeyed(key string, d decimal.Decimal) {
	switch {
	case strings.Contains(key, "apr") || strings.Contains(key, "rate"):
		f.rates = append(f.rates, d)
	case strings.Contains(key, "monthly"):
		f.money = append(f.money, d, d.Abs())
	case strings.Contains(key, "month") || strings.Contains(key, "term"):
		if d.IsInteger() {
			f.terms = append(f.terms, int(d.IntPart()))
		}
	default:
		// Prose says "5.94 more", not "-5.94".
		f.money = append(f.money, d, d.Abs())
	}
}

// AddText adds the figures stated in text (a user's message, a passage).
func (f *Facts) AddText(text string) {
	for _, c := range extractFigures(text, true) {
		switch c.kind {
		case "rate":
			f.rates = append(f.rates, c.value)
		case "money":
			f.money = append(f.money, c.value)
		case "term":
			f.terms = append(f.terms, int(c.value.IntPart()))
		}
	}
}

// AddUserText adds a user's message unless it tries to instruct the assistant: figures from an
// injection attempt ground nothing.
func (f *Facts) AddUserText(text string) {
	if looksLikeInjection(text) {
		return
	}
	f.AddText(text)
}

// figure is one rate, money amount or term found in text.
type figure struct {
	kind  string // rate, money, term
	value decimal.Decimal
	text  string
	// places is the number of decimals written, for rounding tolerance.
	places int32
}

// A money claim needs a currency mark, thousands separators or cents; bare integers in prose
// ("option 2", "in 2026") are not claims.
var claimMoneyRe = regexp.MustCompile(`(?i)([$€£]\s?)?(\d{1,3}(?:[,\x{00A0} ]\d{3})+(?:\.\d{1,2})?|\d+\.\d{2}\b|\d+)(\s?(?:usd|eur|gbp|sek|kr|dollars?|euros?|pounds?|kronor)\b)?`)

// extractFigures finds rates, terms and money in text. lenient also reads bare numbers of 100
// or more as money, which suits a user's own words ("I owe 15000").
func extractFigures(text string, lenient bool) []figure {
	var out []figure
	used := make([]bool, len(text)+1)
	mark := func(a, b int) {
		for i := a; i < b; i++ {
			used[i] = true
		}
	}
	for _, m := range rateRe.FindAllStringSubmatchIndex(text, -1) {
		s := strings.ReplaceAll(text[m[2]:m[3]], ",", ".")
		if d, err := decimal.NewFromString(s); err == nil {
			out = append(out, figure{"rate", d, text[m[0]:m[1]], places(s)})
		}
		mark(m[0], m[1])
	}
	for _, m := range termRe.FindAllStringSubmatchIndex(text, -1) {
		n, _ := strconv.Atoi(text[m[2]:m[3]])
		if isYears(strings.ToLower(text[m[4]:m[5]])) {
			n *= 12
		}
		out = append(out, figure{"term", decimal.NewFromInt(int64(n)), text[m[0]:m[1]], 0})
		mark(m[0], m[1])
	}
	for _, m := range claimMoneyRe.FindAllStringSubmatchIndex(text, -1) {
		if used[m[4]] {
			continue
		}
		if m[0] > 0 && (isLetter(text[m[0]-1]) || text[m[0]-1] == '#') {
			continue
		}
		if m[1] < len(text) && (isLetter(text[m[1]]) || text[m[1]] == '%') {
			continue
		}
		num := text[m[4]:m[5]]
		hasMark := m[2] >= 0 || m[6] >= 0
		structured := strings.ContainsAny(num, ", \u00a0") || strings.Contains(num, ".")
		d, ok := parseAmount(num)
		if !ok {
			continue
		}
		if !hasMark && !structured && !(lenient && d.GreaterThanOrEqual(decimal.NewFromInt(100))) {
			continue
		}
		p := int32(0)
		if i := strings.LastIndex(num, "."); i >= 0 && len(num)-i-1 <= 2 {
			p = int32(len(num) - i - 1)
		}
		out = append(out, figure{"money", d, strings.TrimSpace(text[m[0]:m[1]]), p})
	}
	return out
}

func places(s string) int32 {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return int32(len(s) - i - 1)
	}
	return 0
}

// Ungrounded returns the figures in text that no fact supports. A figure matches a fact of its
// kind when the fact, rounded to the places written, equals it (9.9 % matches 9.90, $1,234
// matches 1234.00); a term in years matches the same number of months.
func (f *Facts) Ungrounded(text string) []string {
	var bad []string
	text = strings.ReplaceAll(text, ExamplePhrase, "")
	for _, c := range extractFigures(text, false) {
		if !f.supports(c) {
			bad = append(bad, c.text)
		}
	}
	return bad
}

func (f *Facts) supports(c figure) bool {
	match := func(facts []decimal.Decimal) bool {
		for _, v := range facts {
			if v.Round(c.places).Equal(c.value) || v.Sub(c.value).Abs().LessThanOrEqual(decimal.New(5, -3)) {
				return true
			}
		}
		return false
	}
	switch c.kind {
	case "rate":
		return match(f.rates)
	case "money":
		return match(f.money)
	case "term":
		n := int(c.value.IntPart())
		for _, t := range f.terms {
			if t == n {
				return true
			}
		}
	}
	return false
}

// injectionRe spots text that tries to give the assistant instructions. Such text is answered
// like any other message, but its figures ground nothing and it never changes tools or rules.
var injectionRe = regexp.MustCompile(`(?i)(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+|above\s+|earlier\s+)*(instructions?|rules?|prompts?|guidelines|directions)|system\s+prompt|you\s+are\s+now|new\s+instructions|developer\s+mode|jailbreak|pretend\s+(to\s+be|you)|(say|tell\s+(me|them)|state|claim|answer)\s+(that\s+)?(the\s+)?(apr|rate|interest)\s+(is|=)|olvida\s+(las\s+)?instrucciones|ignora\s+(las\s+)?instrucciones|ignorez?\s+(les\s+)?instructions|ignoriere\s+(alle\s+)?(vorherigen\s+)?anweisungen|ignorera\s+(alla\s+)?(tidigare\s+)?instruktioner`)

func looksLikeInjection(text string) bool { return injectionRe.MatchString(text) }
