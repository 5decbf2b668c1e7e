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
// compiled on its own with the literals it cannot match without ("talk … human": one of
// "talk", "speak"…, and one of "human", "person"…); one pass over a message finds which of
// a lexicon's literals it contains, and only the alternatives whose literals are all there
// run.
type phrases struct {
	alts []phrase
	// lits are the literals of every alternative's clauses, numbered; those of two bytes or
	// more are listed by the bucket of their first two bytes (lits[start[b]:start[b+1]]),
	// single bytes apart.
	lits   []literal
	start  []uint16
	single []literal
}

type phrase struct {
	re *regexp.Regexp
	// clauses: for re to match, the text must contain, for every clause, one of the
	// clause's literals (numbered in phrases.lits). None: always try.
	clauses [][]uint16
}

type literal struct {
	text string
	id   uint16
}

// pairBuckets is how many buckets literals are listed in by their first two bytes.
const pairBuckets = 512

func pairBucket(a, b byte) int { return (int(a)*31 + int(b)) & (pairBuckets - 1) }

// maxClauses bounds the clauses kept for one alternative: the most selective are kept.
const maxClauses = 6

// rx compiles a pattern over an analysis's flat text (folded, corrected tokens between single
// spaces) into phrases that match on word boundaries. Patterns are written folded: "préstamo"
// is "prestamo", "försäkring" "forsakring".
func rx(p string) *phrases {
	var ps phrases
	ids := map[string]uint16{}
	for _, alt := range splitTop(p) {
		if alt == "" {
			// An empty alternative matches every message: a lexicon with one is broken.
			panic("nlu: empty alternative in pattern " + p)
		}
		re := regexp.MustCompile(`\b(?:` + alt + `)\b`)
		var clauses [][]string
		if tree, err := syntax.Parse(alt, syntax.Perl); err == nil {
			clauses = required(tree.Simplify())
		}
		var ph phrase
		for _, c := range clauses {
			var nums []uint16
			for _, l := range c {
				id, ok := ids[l]
				if !ok {
					if len(ids) == 1<<16-1 {
						panic("nlu: too many literals in pattern " + p)
					}
					id = uint16(len(ids))
					ids[l] = id
				}
				nums = append(nums, id)
			}
			ph.clauses = append(ph.clauses, nums)
		}
		ph.re = re
		ps.alts = append(ps.alts, ph)
	}
	ps.start = make([]uint16, pairBuckets+1)
	for l, id := range ids {
		if len(l) == 1 {
			ps.single = append(ps.single, literal{l, id})
		} else {
			ps.lits = append(ps.lits, literal{l, id})
		}
	}
	slices.SortFunc(ps.single, func(a, b literal) int { return int(a.id) - int(b.id) })
	slices.SortFunc(ps.lits, func(a, b literal) int {
		if x, y := pairBucket(a.text[0], a.text[1]), pairBucket(b.text[0], b.text[1]); x != y {
			return x - y
		}
		return int(a.id) - int(b.id)
	})
	for _, l := range ps.lits {
		ps.start[pairBucket(l.text[0], l.text[1])+1]++
	}
	for b := range pairBuckets {
		ps.start[b+1] += ps.start[b]
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

// maxExact bounds the strings an expression is spelled out as ("(car|auto) loans?" is four).
const maxExact = 16

// shape is what a pattern tells about the text it matches: exact, when not nil, is every
// string it can match; clauses are sets of literals one of each of which every match
// contains.
type shape struct {
	exact   []string
	clauses [][]string
}

// required returns clauses of literals that every match of re contains one of each, or nil
// when it knows none.
func required(re *syntax.Regexp) [][]string {
	s := shapeOf(re)
	clauses := s.clauses
	if c := asClause(s.exact); c != nil {
		clauses = append(clauses, c)
	}
	// The clauses whose shortest literal is longest rule out the most texts.
	slices.SortStableFunc(clauses, func(a, b []string) int { return shortest(b) - shortest(a) })
	if len(clauses) > maxClauses {
		clauses = clauses[:maxClauses]
	}
	return clauses
}

// asClause is exact as a clause: nil when it is unknown or holds the empty string, which
// every text contains.
func asClause(exact []string) []string {
	if exact == nil || slices.Contains(exact, "") {
		return nil
	}
	return exact
}

func shapeOf(re *syntax.Regexp) shape {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return shape{}
		}
		return shape{exact: []string{string(re.Rune)}}
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return shape{exact: []string{""}}
	case syntax.OpCharClass:
		// A few plain characters: "advis[oe]r".
		var exact []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Flags&syntax.FoldCase != 0 || re.Rune[i+1]-re.Rune[i] > 4 || re.Rune[i+1] >= 0x80 {
				return shape{}
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				exact = append(exact, string(r))
			}
		}
		if len(exact) == 0 || len(exact) > 4 {
			return shape{}
		}
		return shape{exact: exact}
	case syntax.OpCapture:
		return shapeOf(re.Sub[0])
	case syntax.OpQuest:
		s := shapeOf(re.Sub[0])
		if s.exact != nil && len(s.exact) < maxExact {
			return shape{exact: append(slices.Clone(s.exact), "")}
		}
		return shape{}
	case syntax.OpPlus:
		return shape{clauses: required(re.Sub[0])}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return shape{clauses: required(re.Sub[0])}
		}
		return shape{}
	case syntax.OpConcat:
		// Runs of parts spelled out are spelled out together ("ta(lk|ke)" is "talk" or
		// "take"); the whole is exact only if every part is and the run never had to be cut.
		var out shape
		run, exact := []string{""}, true
		flush := func() {
			if c := asClause(run); c != nil {
				out.clauses = append(out.clauses, c)
			}
			run, exact = []string{""}, false
		}
		for _, sub := range re.Sub {
			s := shapeOf(sub)
			out.clauses = append(out.clauses, s.clauses...)
			if s.exact == nil {
				flush()
				continue
			}
			if len(run)*len(s.exact) > maxExact {
				flush()
			}
			run = cross(run, s.exact)
		}
		if exact && len(out.clauses) == 0 {
			return shape{exact: run}
		}
		flush()
		return out
	case syntax.OpAlternate:
		var exact, clause []string
		exactOK, clauseOK := true, true
		for _, sub := range re.Sub {
			s := shapeOf(sub)
			if s.exact == nil {
				exactOK = false
			} else {
				exact = append(exact, s.exact...)
			}
			best := asClause(s.exact)
			for _, c := range s.clauses {
				if best == nil || shortest(c) > shortest(best) {
					best = c
				}
			}
			if best == nil {
				clauseOK = false
			}
			clause = append(clause, best...)
		}
		if exactOK && len(exact) <= maxExact {
			return shape{exact: exact}
		}
		if clauseOK {
			return shape{clauses: [][]string{clause}}
		}
	}
	return shape{}
}

// cross returns every string of a followed by one of b.
func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
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

// present is the set of a phrases' literals a text contains.
type present []uint64

// scan returns the literals of ps that s contains, using buf when it is large enough.
func (ps *phrases) scan(s string, buf present) present {
	n := (len(ps.lits) + len(ps.single) + 63) / 64
	var seen present
	if n <= len(buf) {
		seen = buf[:n]
		clear(seen)
	} else {
		seen = make(present, n)
	}
	for _, l := range ps.single {
		if strings.IndexByte(s, l.text[0]) >= 0 {
			seen[l.id>>6] |= 1 << (l.id & 63)
		}
	}
	if len(ps.lits) > 0 {
		for i := 0; i+1 < len(s); i++ {
			b := pairBucket(s[i], s[i+1])
			for _, l := range ps.lits[ps.start[b]:ps.start[b+1]] {
				if strings.HasPrefix(s[i:], l.text) {
					seen[l.id>>6] |= 1 << (l.id & 63)
				}
			}
		}
	}
	return seen
}

func (p *phrase) possible(seen present) bool {
	for _, c := range p.clauses {
		ok := false
		for _, id := range c {
			if seen[id>>6]&(1<<(id&63)) != 0 {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// scanBuf is a scan's set on the stack for lexicons of up to this many literals by 64.
const scanBuf = 48

// MatchString reports whether any alternative matches s.
func (ps *phrases) MatchString(s string) bool {
	var buf [scanBuf]uint64
	seen := ps.scan(s, buf[:])
	for i := range ps.alts {
		if p := &ps.alts[i]; p.possible(seen) && p.re.MatchString(s) {
			return true
		}
	}
	return false
}

// FindAllStringIndex returns every match of every alternative.
func (ps *phrases) FindAllStringIndex(s string) [][]int {
	var out [][]int
	var buf [scanBuf]uint64
	seen := ps.scan(s, buf[:])
	for i := range ps.alts {
		if p := &ps.alts[i]; p.possible(seen) {
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
	var buf [scanBuf]uint64
	seen := ps.scan(s, buf[:])
	for i := range ps.alts {
		if p := &ps.alts[i]; p.possible(seen) {
			if r := p.re.ReplaceAllString(s, repl); r != s {
				s, seen = r, ps.scan(r, buf[:])
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
