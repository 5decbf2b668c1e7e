package assistant

import (
	"encoding/json"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

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
		if nameKeys[key] {
			return // a name is data: neither "Acme 0% Bank" nor "9999.00" grounds a claim
		}
		if d, err := decimal.NewFromString(x); err == nil {
			f.addKeyed(key, d)
			return
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
	f.addFigures(extractFigures(text, true))
}

func (f *Facts) addFigures(figures []figure) {
	for _, c := range figures {
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
	// Every turn reads the user's earlier messages again; each is read once.
	if v, ok := userFigures.Load(text); ok {
		f.addFigures(v.([]figure))
		return
	}
	figures := extractFigures(text, true)
	if userFiguresCount.Add(1) > maxInjectionSeen {
		userFigures.Clear()
		userFiguresCount.Store(0)
	}
	userFigures.Store(text, figures)
	f.addFigures(figures)
}

// userFigures remembers the figures of users' messages, for as many messages as
// injectionSeen, before it starts again. The figures are only read, never changed.
var (
	userFigures      sync.Map // text → []figure
	userFiguresCount atomic.Int64
)

// figure is one rate, money amount or term found in text.
type figure struct {
	kind  string // rate, money, term
	value decimal.Decimal
	text  string
	// places is the number of decimals written, for rounding tolerance.
	places int32
}

// A money claim needs a currency mark, thousands separators or cents; bare integers in prose
// ("option 2", "in 2026") are not claims. Amounts are read as the assistant's languages write
// them: 1,234.56 · 1.234,56 · 1 234,56 · 9.999 €.
var claimMoneyRe = regexp.MustCompile(`(?i)([$€£]\s?)?(\d{1,3}(?:[.,\x{00A0}\x{202F} ]\d{3})+(?:[.,]\d{1,2})?|\d+[.,]\d{2}\b|\d+)(\s?(?:usd|eur|gbp|sek|kr|dollars?|euros?|pounds?|kronor)\b|[\x{00A0}\x{202F} ]?[$€£])?`)

// centsRe is the decimal part written at the end of an amount.
var centsRe = regexp.MustCompile(`[.,](\d{1,2})$`)

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
	// Thousands and millions written short ("18k", "$1.5m") are the figure they mean, in what
	// grounds a claim and in a claim.
	for _, m := range shortMoneyRe.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > 0 && (isLetter(text[m[0]-1]) || text[m[0]-1] >= '0' && text[m[0]-1] <= '9' || text[m[0]-1] == '.' || text[m[0]-1] == ',') {
			continue
		}
		d, err := decimal.NewFromString(strings.ReplaceAll(text[m[4]:m[5]], ",", "."))
		if err != nil {
			continue
		}
		scale := decimal.NewFromInt(1_000)
		if c := text[m[6]]; c == 'm' || c == 'M' {
			scale = decimal.NewFromInt(1_000_000)
		}
		out = append(out, figure{"money", d.Mul(scale), text[m[0]:m[1]], 0})
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
		structured := strings.ContainsAny(num, ", .\u00a0\u202f")
		d, ok := parseAmount(num)
		if !ok {
			continue
		}
		if !hasMark && !structured && !(lenient && d.GreaterThanOrEqual(decimal.NewFromInt(100))) {
			continue
		}
		p := int32(0)
		if c := centsRe.FindStringSubmatch(num); c != nil {
			p = int32(len(c[1]))
		}
		out = append(out, figure{"money", d, strings.TrimSpace(text[m[0]:m[1]]), p})
	}
	return out
}

// shortMoneyRe is an amount in thousands or millions written short: 18k, $1.5m, 12 K.
var shortMoneyRe = regexp.MustCompile(`([$€£]\s?)?(\d{1,4}(?:[.,]\d{1,3})?)\s?([kKmM])\b`)

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
	if !strings.ContainsAny(text, "0123456789") {
		return nil // every figure pattern starts with a digit (\d is ASCII)
	}
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

// injectionRe spots text that tries to give the assistant instructions, in the languages it
// speaks. Such text is answered like any other message, but its figures ground nothing, it
// raises no handoff's priority, and from data (a guide, an offer's terms) it is not served at all.
var injectionRe = regexp.MustCompile(`(?i)` +
	`(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+|above\s+|earlier\s+)*(instructions?|rules?|prompts?|guidelines|directions)` +
	`|system\s+prompt|systemprompt|prompt\s+(del\s+sistema|syst[eè]me)|you\s+are\s+now|new\s+instructions|developer\s+mode|jailbreak|pretend\s+(to\s+be|you)` +
	`|(say|tell\s+(me|them|the\s+user)|state|claim|answer)\s+(that\s+)?(the\s+)?(apr|rate|interest)\s+(is|=)` +
	`|(tell|say\s+to)\s+the\s+user|system\s+(note|message)|^\s*system\s*:|(note|instructions?)\s+(to|for)\s+the\s+(ai\s+)?assistant` +
	`|role[-\s]?play|let.s\s+play\s+a\s+game|vamos\s+a\s+jugar|actúa\s+como|joue[zs]?\s+le\s+rôle|imagine\s+que\s+tu\s+es|stell\s+dir\s+vor,?\s+du\s+bist|spiel\s+die\s+rolle|låtsas\s+att\s+du\s+är|du\s+är\s+nu\b` +
	`|(front|top|head)\s+of\s+the\s+queue|(crisis|highest|maximum)\s+priority|prioridad\s+de\s+crisis` +
	`|olvida\s+(las\s+|tus\s+)?(instrucciones|reglas)|ignora\s+(las\s+)?instrucciones|nota\s+(del\s+sistema|para\s+el\s+asistente)` +
	`|ignorez?\s+(les\s+)?instructions|oublie[zs]?\s+(tes\s+|vos\s+)?(r[eè]gles|instructions)|note\s+(à|pour)\s+l.assistant` +
	`|ignoriere\s+(alle\s+)?(vorherigen\s+)?(anweisungen|regeln)|vergiss\s+(deine\s+)?(regeln|anweisungen)|systemhinweis|hinweis\s+an\s+den\s+assistenten` +
	`|ignorera\s+(alla\s+)?(tidigare\s+)?instruktioner|glöm\s+(dina\s+)?(regler|instruktioner)|systemmeddelande|till\s+assistenten|utvecklarläge`)

// disguise undoes the usual ways of hiding an instruction from a pattern: invisible
// characters between letters, look-alike Greek and Cyrillic letters, and digits for letters.
var (
	homoglyphs = strings.NewReplacer("а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "у", "y", "х", "x", "і", "i", "ј", "j", "ѕ", "s",
		"А", "A", "В", "B", "Е", "E", "К", "K", "М", "M", "Н", "H", "О", "O", "Р", "P", "С", "C", "Т", "T", "Х", "X", "І", "I",
		"Α", "A", "Β", "B", "Ε", "E", "Ζ", "Z", "Η", "H", "Ι", "I", "Κ", "K", "Μ", "M", "Ν", "N", "Ο", "O", "Ρ", "P", "Τ", "T", "Υ", "Y", "Χ", "X",
		"ο", "o", "ι", "i", "α", "a", "ε", "e", "ν", "v", "ρ", "p")
	leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s")
)

func looksLikeInjection(text string) bool {
	// Every turn reads the whole history again; each message is scanned once.
	if v, ok := injectionSeen.Load(text); ok {
		return v.(bool)
	}
	found := scanInjection(text)
	if injectionSeenCount.Add(1) > maxInjectionSeen {
		injectionSeen.Clear()
		injectionSeenCount.Store(0)
	}
	injectionSeen.Store(text, found)
	return found
}

// injectionSeen remembers looksLikeInjection's answers, at most maxInjectionSeen of them
// (a message is at most 4,000 characters) before it starts again.
var (
	injectionSeen      sync.Map // text → bool
	injectionSeenCount atomic.Int64
)

const maxInjectionSeen = 2000

func scanInjection(text string) bool {
	if injectionRe.MatchString(text) {
		return true
	}
	plain := homoglyphs.Replace(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1 // zero-width spaces and joiners, soft hyphens, direction marks
		}
		return r
	}, text))
	return injectionRe.MatchString(plain) || injectionRe.MatchString(leet.Replace(plain))
}

// promptWindow is the length, in bytes, of the runs of the rules that leaksPrompt looks for:
// long enough that an answer in its own words never repeats one, short enough that a partial
// echo is caught.
const promptWindow = 40

// promptRuns are the runs of the rules' text, every promptWindow/2 bytes, that an answer must
// not contain: a set, so that a text is read once, one window at a time, not once per run.
var promptRuns = func() map[string]bool {
	runs := map[string]bool{}
	for _, line := range strings.Split(systemPrompt, "\n") {
		line = strings.TrimSpace(line)
		for i := 0; i+promptWindow <= len(line); i += promptWindow / 2 {
			runs[line[i:i+promptWindow]] = true
		}
	}
	return runs
}()

// leaksPrompt reports whether text repeats the rules: their canary, or any promptWindow bytes
// of them word for word. A model that does was told to by someone; the answer is replaced.
func leaksPrompt(text string) bool {
	if strings.Contains(text, promptCanary) {
		return true
	}
	for i := 0; i+promptWindow <= len(text); i++ {
		if promptRuns[text[i:i+promptWindow]] {
			return true
		}
	}
	return false
}

// streamGuard gives unsafe's verdict on an answer that grows a piece at a time, reading only
// what is new: the whole text again at every token cost a streamed answer time quadratic in
// its length. Its verdicts are exactly those of the whole text, as long as every text it is
// given starts with the one before (the answer so far) and facts do not change; reset starts
// it afresh.
//
// For the rules it reads from promptOverlap bytes before the end of what it read last: a run
// that was not in the shorter text must end in the new part. For figures it reads from the
// last separator it has passed, a character that no figure pattern can take in and the
// example phrase does not hold: no figure spans one, and what a figure is on one side does
// not depend on the other, so the figures before it were read, and grounded, already.
type streamGuard struct {
	facts *Facts
	read  int // length of the text last read
	from  int // where figures are read from: 0 or a separator's index
}

func (g *streamGuard) reset() { g.read, g.from = 0, 0 }

// unsafe reports unsafe's verdict on text, the answer so far.
func (g *streamGuard) unsafe(text []byte) bool {
	if len(text) < g.read {
		g.reset() // not a continuation: read it whole
	}
	if leaksPrompt(string(text[max(0, g.read-promptOverlap):])) {
		return true
	}
	g.read = len(text)
	if g.facts == nil {
		return false
	}
	if len(g.facts.Ungrounded(string(text[g.from:]))) > 0 {
		return true
	}
	for i := len(text) - 1; i > g.from; i-- {
		if text[i] < utf8.RuneSelf && figureSeparators[text[i]] {
			g.from = i
			break
		}
	}
	return false
}

// promptOverlap is how much of the text already read a run of the rules may start in.
var promptOverlap = max(promptWindow, len(promptCanary)) - 1

// figureSeparators are the ASCII characters that no pattern extractFigures uses can match
// (in any case) and the example phrase does not contain. They are worked out from the
// patterns themselves, so a pattern that changes cannot leave a stale list behind.
var figureSeparators = func() [utf8.RuneSelf]bool {
	var taken [utf8.RuneSelf]bool
	for _, re := range []*regexp.Regexp{rateRe, termRe, claimMoneyRe} {
		markTaken(re, &taken)
	}
	for _, b := range []byte(ExamplePhrase) {
		if b < utf8.RuneSelf {
			taken[b] = true
		}
	}
	var sep [utf8.RuneSelf]bool
	for b := range sep {
		sep[b] = !taken[b]
	}
	return sep
}()

// markTaken marks the ASCII characters any part of re can match, counting every case of a
// letter: it errs towards marking too many, which only makes separators rarer.
func markTaken(re *regexp.Regexp, taken *[utf8.RuneSelf]bool) {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		panic(err) // it compiled already
	}
	var walk func(n *syntax.Regexp)
	walk = func(n *syntax.Regexp) {
		switch n.Op {
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			for b := range taken {
				taken[b] = true
			}
		case syntax.OpLiteral:
			for _, r := range n.Rune {
				for b := range taken {
					if sameLetter(rune(b), r) {
						taken[b] = true
					}
				}
			}
		case syntax.OpCharClass:
			for i := 0; i+1 < len(n.Rune); i += 2 {
				for b := range taken {
					for f := rune(b); ; {
						if f >= n.Rune[i] && f <= n.Rune[i+1] {
							taken[b] = true
						}
						if f = unicode.SimpleFold(f); f == rune(b) {
							break
						}
					}
				}
			}
		}
		for _, sub := range n.Sub {
			walk(sub)
		}
	}
	walk(tree)
}

// sameLetter reports whether a and b are the same character in some case.
func sameLetter(a, b rune) bool {
	for f := a; ; {
		if f == b {
			return true
		}
		if f = unicode.SimpleFold(f); f == a {
			return false
		}
	}
}
