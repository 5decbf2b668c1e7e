package nlu

import (
	"strings"
	"unicode"
)

// fold lower-cases s, folds accents and ligatures to plain Latin letters and typographic
// quotes to ASCII, so "Préstamo", "prestamo" and "PRÉSTAMO" read alike and a user who types
// without accents is not a different user.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldMap = func() map[rune]string {
	m := map[rune]string{
		'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o",
		'‘': "'", '’': "'", '´': "'", '`': "'", '“': `"`, '”': `"`, '«': `"`, '»': `"`,
		'\u00a0': " ", '\u202f': " ", '–': "-", '—': "-",
	}
	for base, accented := range map[string]string{
		"a": "àáâãäåā", "c": "çćč", "e": "èéêëēė", "i": "ìíîïī", "n": "ñń",
		"o": "òóôõöō", "u": "ùúûüū", "y": "ýÿ", "s": "šś", "z": "žź",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// symbols are the characters that carry meaning next to numbers and names; each becomes a
// token of its own. Every other non-word character separates tokens.
const symbols = "$£€₹₦%@/#&+ºª"

// elisions are the French articles and pronouns written against the next word ("l'assurance",
// "j'ai", "qu'un"): they are split off so the word is the same word as without them.
var elisions = map[string]bool{"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true, "qu": true, "jusqu": true, "lorsqu": true, "puisqu": true}

// tokenize splits folded text into tokens: runs of letters, runs of digits (keeping a decimal
// point, comma or apostrophe that sits between two characters of the run) and single symbols.
// A run of digits followed by letters is two tokens ("48mo", "18k"), so units and suffixes are
// words of their own.
func tokenize(s string) []string {
	var out []string
	rs := []rune(s)
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for i, r := range rs {
		var prev, next rune
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case unicode.IsLetter(r):
			if len(cur) > 0 && unicode.IsDigit(cur[len(cur)-1]) {
				flush()
			}
			cur = append(cur, r)
		case unicode.IsDigit(r):
			if len(cur) > 0 && unicode.IsLetter(cur[len(cur)-1]) {
				flush()
			}
			cur = append(cur, r)
		case r == '\'' && len(cur) > 0 && unicode.IsLetter(prev) && unicode.IsLetter(next):
			if elisions[string(cur)] {
				cur = append(cur, r)
				flush()
				continue
			}
			cur = append(cur, r)
		case (r == '.' || r == ',') && len(cur) > 0 && unicode.IsDigit(prev) && unicode.IsDigit(next):
			cur = append(cur, r)
		case strings.ContainsRune(symbols, r):
			flush()
			out = append(out, string(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// spelling maps misspellings and chat abbreviations seen in real messages to the word meant.
// Only words that cannot be anything else in a money conversation belong here.
var spelling = map[string]string{
	"lon": "loan", "laon": "loan", "loab": "loan", "lone": "loan", "loann": "loan", "lons": "loans", "lones": "loans",
	"morgage": "mortgage", "mortage": "mortgage", "morgtage": "mortgage", "mortgauge": "mortgage", "mortgag": "mortgage", "morgages": "mortgages", "mortages": "mortgages",
	"insurence": "insurance", "insurace": "insurance", "insurnace": "insurance", "insuranse": "insurance", "insurrance": "insurance", "insureance": "insurance", "insuance": "insurance",
	"percnt": "percent", "prcnt": "percent", "pecent": "percent", "percnet": "percent", "precent": "percent", "persent": "percent", "pct": "percent", "perc": "percent",
	"mnths": "months", "mths": "months", "mnth": "month", "mos": "months", "monts": "months", "montsh": "months", "moths": "months", "mo": "month", "mons": "months",
	"yrs": "years", "yr": "year", "yeras": "years", "yaers": "years",
	"beter": "better", "bettr": "better", "btter": "better",
	"cheeper": "cheaper", "cheper": "cheaper", "chaeper": "cheaper",
	"hav": "have", "hve": "have", "ive": "i've", "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "isnt": "isn't",
	"studnet": "student", "stundent": "student", "studen": "student",
	"agnet": "agent", "agnt": "agent", "humn": "human", "hooman": "human", "huamn": "human", "humna": "human", "peson": "person", "perosn": "person",
	"u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "pleas": "please", "plez": "please", "thx": "thanks", "ty": "thanks",
	"crad": "card", "credt": "credit", "creidt": "credit", "cedit": "credit",
	"refinace": "refinance", "refinanse": "refinance", "intrest": "interest", "interst": "interest", "ballance": "balance", "balence": "balance",
	"tranfer": "transfer", "transfere": "transfer", "paymnet": "payment", "paymet": "payment", "payement": "payment", "premuim": "premium", "premiun": "premium",
	"compair": "compare", "comapre": "compare", "compre": "compare", "cpmpare": "compare",
}

// fuzzyTargets are the long domain words a one-letter slip is corrected to. Short words are
// left out on purpose: "letter" is one edit from "better" and means something else.
var fuzzyTargets = []string{
	"mortgage", "insurance", "percent", "interest", "refinance", "balance", "transfer",
	"payment", "payments", "premium", "student", "compare", "representative", "someone",
	"advisor", "adviser", "months", "cheaper",
}

// correct returns the word a folded token stands for.
func correct(w string) string {
	if c, ok := spelling[w]; ok {
		return c
	}
	if len(w) < 6 {
		return w
	}
	for _, t := range fuzzyTargets {
		// A plural or singular of a target is a word, not a slip.
		if w == t || w == t+"s" || w+"s" == t {
			return w
		}
	}
	for _, t := range fuzzyTargets {
		if oneEdit(w, t) {
			return t
		}
	}
	return w
}

// oneEdit reports whether a and b differ by one insertion, deletion, substitution or
// transposition of adjacent letters.
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// analysis is a message as the classifier and the slot rules read it.
type analysis struct {
	raw  string   // as written
	lang string   // as detected, "" if unsure
	toks []string // folded, corrected tokens
	flat string   // toks joined by single spaces, with a space at each end so every
	// pattern can anchor on " word " without caring where in the message it is
}

// analyse folds text, tokenizes it and, unless lang is a language other than English,
// corrects its words: the corrections are English ("lon" is a loan in English and a salary,
// "lön", in Swedish).
func analyse(text, lang string) analysis {
	toks := tokenize(fold(text))
	if lang == "" || lang == "en" {
		for i, w := range toks {
			toks[i] = correct(w)
		}
	}
	toks = joinTerms(toks)
	return analysis{raw: text, lang: lang, toks: toks, flat: " " + strings.Join(toks, " ") + " "}
}

// terms are names of one thing written in several words, read as one token: "person to
// person" lending is a product, and its "person" is nobody to talk to.
var terms = []struct {
	words []string
	token string
}{
	{[]string{"person", "to", "person"}, "p2p"}, {[]string{"peer", "to", "peer"}, "p2p"},
	{[]string{"entre", "particulares"}, "p2p"}, {[]string{"entre", "particuliers"}, "p2p"},
	{[]string{"von", "privat", "an", "privat"}, "p2p"}, {[]string{"mellan", "privatpersoner"}, "p2p"},
}

func joinTerms(toks []string) []string {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		matched := false
		for _, t := range terms {
			if hasAt(toks, i, t.words) {
				out = append(out, t.token)
				i += len(t.words) - 1
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, toks[i])
		}
	}
	return out
}
