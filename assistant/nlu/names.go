package nlu

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Names are the partner and offer names of a catalogue ("Harborline Bank", "Lark 30-Month
// Balance Transfer Card"), for Parse to recognise as offer references in any language, case
// and position, where the rules for capitalised words cannot: "le Kingsbridge", "lånet från
// harborline", "das Summit-Angebot". The catalogue changes at run time, so the names are the
// caller's to give (WithNames); by default Parse knows none.
//
// A name is also known by its shorter forms: without the words that say what kind of company
// it is ("Harborline" for "Harborline Bank", "Summit Ridge" for "Summit Ridge Credit Union")
// and by its first word when that word is long enough to be distinctive ("Thistle" for
// "Thistle & Oak Bank", "Lark" for "Lark 30-Month Balance Transfer Card"). A name or short
// form made only of everyday words ("Pay in 4", "Summit") counts only when written with a
// capital.
type Names struct {
	keys []*nameKey // longest first
}

type nameKey struct {
	toks []string // folded tokens

	// The pattern that finds the name as written, whatever the case and the separators, is
	// compiled when a message first holds the name's words: most names of a catalogue are
	// never written in a given process's messages, and compiling every pattern (several
	// copies of two Unicode classes each) cost 56 ms for the demo catalogue's 134 names at
	// each refresh, where a lookup costs microseconds (BenchmarkNewNames).
	once sync.Once
	re   *regexp.Regexp
}

// pattern is the key's compiled pattern; safe for concurrent use.
func (k *nameKey) pattern() *regexp.Regexp {
	k.once.Do(func() {
		parts := make([]string, len(k.toks))
		for i, t := range k.toks {
			parts[i] = regexp.QuoteMeta(t)
		}
		// Between the words of a name anything but letters and digits may stand: spaces,
		// "&", hyphens, apostrophes.
		k.re = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(` + strings.Join(parts, `[^\p{L}\p{N}]{1,5}(?:and |y |et |und |och )?`) + `)(?:$|[^\p{L}\p{N}])`)
	})
	return k.re
}

// companyWords say what kind of company a partner is; they are left out of its short forms.
var companyWords = wordSet(`bank banks building society credit union finance financial lending loans home co card cards services insurance assurance mutual life cover student motor auto group plc ltd inc llc`)

// minNameWord is the shortest first word that is a short form of a name on its own.
const minNameWord = 4

// NewNames prepares names for WithNames. Blank names are ignored; the result is immutable
// and safe for concurrent use.
func NewNames(names ...string) *Names {
	seen := map[string]bool{}
	n := &Names{}
	add := func(toks []string) {
		key := strings.Join(toks, " ")
		if len(toks) == 0 || seen[key] {
			return
		}
		seen[key] = true
		n.keys = append(n.keys, &nameKey{toks: toks})
	}
	for _, name := range names {
		toks := nameTokens(name)
		add(toks)
		short := toks
		for len(short) > 1 && companyWords[short[len(short)-1]] {
			short = short[:len(short)-1]
		}
		add(short)
		if len(toks) > 1 && len(toks[0]) >= minNameWord && unicode.IsLetter(rune(toks[0][0])) && !companyWords[toks[0]] {
			add(toks[:1])
		}
	}
	slices.SortStableFunc(n.keys, func(a, b *nameKey) int { return len(b.toks) - len(a.toks) })
	return n
}

// nameTokens are a name's folded tokens without the "&" and "+" that join its words.
func nameTokens(name string) []string {
	var out []string
	for _, t := range tokenize(fold(name)) {
		if t != "&" && t != "+" && t != "/" {
			out = append(out, t)
		}
	}
	return out
}

// find returns the earliest, then longest, name in a message as the message writes it, and
// the span of tokens it covers; "" if none. A one-word form that the corpus uses as an
// ordinary word must be capitalised in raw.
func (n *Names) find(a analysis, vocab map[string]bool) (string, int, int) {
	if n == nil {
		return "", 0, 0
	}
	bestAt, bestLen, bestRef := len(a.toks), 0, ""
	for _, k := range n.keys {
		for i := 0; i < len(a.toks) && i <= bestAt; i++ {
			end := matchName(a.toks, i, k.toks)
			if end < 0 || (i == bestAt && end-i <= bestLen) {
				continue
			}
			written := k.pattern().FindStringSubmatch(a.raw)
			if written == nil {
				// Written with letters the pattern does not see as the same (accents): the
				// name as the catalogue spells it.
				written = []string{"", strings.Join(k.toks, " ")}
			}
			if everyday(k.toks, vocab) && !hasUpper(written[1]) {
				continue
			}
			bestAt, bestLen, bestRef = i, end-i, written[1]
			break
		}
	}
	if bestRef == "" {
		return "", 0, 0
	}
	return bestRef, bestAt, bestAt + bestLen
}

// everyday reports whether a name is made only of words the corpus uses as ordinary words
// and numbers ("Pay in 4", "Summit"): such a name must be written with a capital.
func everyday(toks []string, vocab map[string]bool) bool {
	for _, t := range toks {
		if !vocab[t] && !isNumeric(t) {
			return false
		}
	}
	return true
}

func hasUpper(s string) bool { return strings.IndexFunc(s, unicode.IsUpper) >= 0 }

// joiners may stand between the words of a name: "Thistle & Oak", "Thistle and Oak".
var joiners = wordSet(`& + / and y et und och`)

// matchName returns the end of the name key in toks starting at i, or -1.
func matchName(toks []string, i int, key []string) int {
	for n, k := range key {
		if n > 0 {
			for i < len(toks) && joiners[toks[i]] {
				i++
			}
		}
		// A name's last word may take a genitive s: "Wayfarers kundtjänst", "Thistles
		// Hotline".
		last := n == len(key)-1
		if i >= len(toks) || (toks[i] != k && !(last && !strings.HasSuffix(k, "s") && toks[i] == k+"s")) {
			return -1
		}
		i++
	}
	return i
}

// An Option changes how Parse reads a message.
type Option func(*parseOptions)

type parseOptions struct {
	names *Names
}

// WithNames makes Parse recognise the partner and offer names in names (see Names).
func WithNames(names *Names) Option {
	return func(o *parseOptions) { o.names = names }
}
