package nlu

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
)

// phrases is a large alternation of word patterns, matched fast. Go's regexp runs a big
// alternation through its slowest engine, and the lexicons here have hundreds of
// alternatives: as one regexp each, a message took over a millisecond. So each alternative is
// compiled on its own with the literals it cannot match without ("passed away"; one of "died",
// "passed"); a message runs only the alternatives whose literals it contains.
type phrases struct {
	alts []phrase
}

type phrase struct {
	re       *regexp.Regexp
	triggers []string // the text must contain one of these for re to match; nil: always try
	// bits of each trigger's first and last byte pair, checked against a text's pairs
	// before the slower substring search
	pairs [][2]uint16
}

// pairSet records which byte pairs a text contains, hashed into 4096 bits: a cheap first
// test that rules out most triggers without searching the text for them.
type pairSet [64]uint64

func pairBit(a, b byte) uint16 { return (uint16(a)*31 + uint16(b)) & 4095 }

func pairsOf(s string) *pairSet {
	var p pairSet
	for i := 0; i+1 < len(s); i++ {
		b := pairBit(s[i], s[i+1])
		p[b>>6] |= 1 << (b & 63)
	}
	return &p
}

func (p *pairSet) has(b uint16) bool { return p[b>>6]&(1<<(b&63)) != 0 }

// minTrigger is the shortest literal worth checking for: shorter ones are in every message.
const minTrigger = 3

// rx compiles a pattern over an analysis's flat text (folded, corrected tokens between single
// spaces) into phrases that match on word boundaries. Patterns are written folded: "préstamo"
// is "prestamo", "försäkring" "forsakring".
func rx(p string) *phrases {
	var ps phrases
	for _, alt := range splitTop(p) {
		if alt == "" {
			// An empty alternative matches every message: a lexicon with one is broken.
			panic("nlu: empty alternative in pattern " + p)
		}
		re := regexp.MustCompile(`\b(?:` + alt + `)\b`)
		var triggers []string
		if tree, err := syntax.Parse(alt, syntax.Perl); err == nil {
			triggers = required(tree.Simplify())
		}
		if shortest(triggers) < minTrigger {
			triggers = nil
		}
		var pairs [][2]uint16
		for _, t := range triggers {
			pairs = append(pairs, [2]uint16{pairBit(t[0], t[1]), pairBit(t[len(t)-2], t[len(t)-1])})
		}
		ps.alts = append(ps.alts, phrase{re: re, triggers: triggers, pairs: pairs})
	}
	return &ps
}

// splitTop splits a pattern at the "|" that are outside parentheses and character classes.
func splitTop(p string) []string {
	var out []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\':
			i++
		case class:
			if c == ']' {
				class = false
			}
		case c == '[':
			class = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return append(out, p[start:])
}

// required returns literals one of which every match of re contains, or nil if it found no
// such set worth checking.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase == 0 {
			return []string{string(re.Rune)}
		}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			r := required(s)
			if r == nil {
				return nil
			}
			out = append(out, r...)
		}
		return out
	case syntax.OpConcat:
		// Adjacent literals join into one longer literal; otherwise the child with the
		// fewest, longest literals is the cheapest to check.
		var best []string
		better := func(c []string) bool {
			if shortest(c) < minTrigger {
				return false
			}
			return best == nil || len(c) < len(best) || (len(c) == len(best) && shortest(c) > shortest(best))
		}
		run := ""
		for _, s := range re.Sub {
			if s.Op == syntax.OpLiteral && s.Flags&syntax.FoldCase == 0 {
				run += string(s.Rune)
				if c := []string{run}; better(c) {
					best = c
				}
				continue
			}
			run = ""
			if c := required(s); c != nil && better(c) {
				best = c
			}
		}
		return best
	}
	return nil
}

func shortest(xs []string) int {
	n := -1
	for _, x := range xs {
		if n < 0 || len(x) < n {
			n = len(x)
		}
	}
	return n
}

func (p *phrase) possible(s string, ps *pairSet) bool {
	if p.triggers == nil {
		return true
	}
	for i, t := range p.triggers {
		if ps.has(p.pairs[i][0]) && ps.has(p.pairs[i][1]) && strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// MatchString reports whether any alternative matches s.
func (ps *phrases) MatchString(s string) bool {
	pairs := pairsOf(s)
	for i := range ps.alts {
		if p := &ps.alts[i]; p.possible(s, pairs) && p.re.MatchString(s) {
			return true
		}
	}
	return false
}

// FindAllStringIndex returns every match of every alternative.
func (ps *phrases) FindAllStringIndex(s string) [][]int {
	var out [][]int
	pairs := pairsOf(s)
	for i := range ps.alts {
		if p := &ps.alts[i]; p.possible(s, pairs) {
			out = append(out, p.re.FindAllStringIndex(s, -1)...)
		}
	}
	return out
}

// FindStringIndex returns the earliest match, the longest of those that start there; nil if
// nothing matches.
func (ps *phrases) FindStringIndex(s string) []int {
	var best []int
	for _, m := range ps.FindAllStringIndex(s) {
		if best == nil || m[0] < best[0] || (m[0] == best[0] && m[1] > best[1]) {
			best = m
		}
	}
	return best
}

// FindString returns the text of FindStringIndex's match, "" if none.
func (ps *phrases) FindString(s string) string {
	if m := ps.FindStringIndex(s); m != nil {
		return s[m[0]:m[1]]
	}
	return ""
}

// ReplaceAllString replaces every match of every alternative with repl.
func (ps *phrases) ReplaceAllString(s, repl string) string {
	pairs := pairsOf(s)
	for i := range ps.alts {
		if p := &ps.alts[i]; p.possible(s, pairs) {
			if r := p.re.ReplaceAllString(s, repl); r != s {
				s, pairs = r, pairsOf(r)
			}
		}
	}
	return s
}

// literals returns the alternatives of a plain alternation of words, longest first, quoted
// for a pattern.
func literals(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = regexp.QuoteMeta(w)
	}
	slices.SortFunc(q, func(a, b string) int { return len(b) - len(a) })
	return strings.Join(q, "|")
}
