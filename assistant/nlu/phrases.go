package nlu

import (
	"math/bits"
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
	// Literals of three bytes or more are listed by a hash of their first three
	// (long[start[h]:start[h+1]]), shorter ones apart; nlits counts both.
	long  []literal
	start []uint16
	short []literal
	nlits int
	// keyed lists, for each literal, the alternatives whose first clause holds it
	// (keyed[keyStart[id]:keyStart[id+1]]); always marks those with no clause.
	keyed    []uint16
	keyStart []uint16
	always   []uint64
}

type phrase struct {
	re *regexp.Regexp
	// clauses: for re to match, the text must contain, for every clause, one of the
	// clause's literals (numbered in phrases.long and short), the most selective first.
	// None: always try.
	clauses [][]uint16
}

type literal struct {
	text string
	id   uint16
}

func triHash(s string, mask int) int {
	return (int(s[0])*961 + int(s[1])*31 + int(s[2])) & mask
}

// maxClauses bounds the clauses kept for one alternative: the most selective are kept.
const maxClauses = 6

// rx compiles a pattern over an analysis's flat text (folded, corrected tokens between single
// spaces) into phrases that match on word boundaries. Patterns are written folded: "préstamo"
// is "prestamo", "försäkring" "forsakring".
func rx(p string) *phrases {
	var alts []alternative
	for _, alt := range splitTop(p) {
		if alt == "" {
			// An empty alternative matches every message: a lexicon with one is broken.
			panic("nlu: empty alternative in pattern " + p)
		}
		a := alternative{re: regexp.MustCompile(`\b(?:` + alt + `)\b`)}
		if tree, err := syntax.Parse(alt, syntax.Perl); err == nil {
			a.clauses = required(tree.Simplify())
		}
		alts = append(alts, a)
	}
	return build(alts)
}

// alternative is one alternative of a lexicon with its clauses written out.
type alternative struct {
	re      *regexp.Regexp
	clauses [][]string
}

// alternatives returns ps's alternatives with their clauses written out.
func (ps *phrases) alternatives() []alternative {
	text := make([]string, ps.nlits)
	for _, l := range append(slices.Clone(ps.long), ps.short...) {
		text[l.id] = l.text
	}
	out := make([]alternative, len(ps.alts))
	for i, p := range ps.alts {
		out[i].re = p.re
		for _, c := range p.clauses {
			lits := make([]string, len(c))
			for j, id := range c {
				lits[j] = text[id]
			}
			out[i].clauses = append(out[i].clauses, lits)
		}
	}
	return out
}

func build(alts []alternative) *phrases {
	var ps phrases
	ids := map[string]uint16{}
	for _, a := range alts {
		ph := phrase{re: a.re}
		for _, c := range a.clauses {
			var nums []uint16
			for _, l := range c {
				id, ok := ids[l]
				if !ok {
					if len(ids) == 1<<16-1 {
						panic("nlu: too many literals in a lexicon")
					}
					id = uint16(len(ids))
					ids[l] = id
				}
				nums = append(nums, id)
			}
			ph.clauses = append(ph.clauses, nums)
		}
		ps.alts = append(ps.alts, ph)
	}
	if len(ps.alts) >= 1<<16 {
		panic("nlu: too many alternatives in a lexicon")
	}
	ps.nlits = len(ids)
	for l, id := range ids {
		if len(l) < 3 {
			ps.short = append(ps.short, literal{l, id})
		} else {
			ps.long = append(ps.long, literal{l, id})
		}
	}
	buckets := 8
	for buckets < 2*len(ps.long) {
		buckets *= 2
	}
	mask := buckets - 1
	byID := func(a, b literal) int { return int(a.id) - int(b.id) }
	slices.SortFunc(ps.short, byID)
	slices.SortFunc(ps.long, func(a, b literal) int {
		if x, y := triHash(a.text, mask), triHash(b.text, mask); x != y {
			return x - y
		}
		return byID(a, b)
	})
	ps.start = make([]uint16, buckets+1)
	for _, l := range ps.long {
		ps.start[triHash(l.text, mask)+1]++
	}
	for b := range buckets {
		ps.start[b+1] += ps.start[b]
	}
	ps.keyStart = make([]uint16, ps.nlits+1)
	ps.always = make([]uint64, (len(ps.alts)+63)/64)
	for i, a := range ps.alts {
		if len(a.clauses) == 0 {
			ps.always[i>>6] |= 1 << (i & 63)
			continue
		}
		for _, id := range a.clauses[0] {
			ps.keyStart[id+1]++
		}
	}
	for id := range ps.nlits {
		ps.keyStart[id+1] += ps.keyStart[id]
	}
	ps.keyed = make([]uint16, ps.keyStart[ps.nlits])
	next := slices.Clone(ps.keyStart)
	for i, a := range ps.alts {
		if len(a.clauses) > 0 {
			for _, id := range a.clauses[0] {
				ps.keyed[next[id]] = uint16(i)
				next[id]++
			}
		}
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

// candidates are what one pass over a text found: the literals it contains and the
// alternatives whose first clause it satisfies.
type candidates struct {
	seen, alts []uint64
}

// scanBuf is how many 64-bit words of literals and of alternatives a scan keeps on the
// stack; larger lexicons allocate.
const scanBuf = 64

// scan finds the literals of ps in s, and the alternatives worth running, in buf when it is
// large enough.
func (ps *phrases) scan(s string, buf *[2][scanBuf]uint64) candidates {
	var c candidates
	if n := (ps.nlits + 63) / 64; n <= scanBuf {
		c.seen = buf[0][:n]
		clear(c.seen)
	} else {
		c.seen = make([]uint64, n)
	}
	if n := len(ps.always); n <= scanBuf {
		c.alts = buf[1][:n]
		copy(c.alts, ps.always)
	} else {
		c.alts = slices.Clone(ps.always)
	}
	found := func(id uint16) {
		if c.seen[id>>6]&(1<<(id&63)) != 0 {
			return
		}
		c.seen[id>>6] |= 1 << (id & 63)
		for _, a := range ps.keyed[ps.keyStart[id]:ps.keyStart[id+1]] {
			c.alts[a>>6] |= 1 << (a & 63)
		}
	}
	for _, l := range ps.short {
		if strings.Contains(s, l.text) {
			found(l.id)
		}
	}
	if len(ps.long) > 0 {
		mask := len(ps.start) - 2
		for i := 0; i+2 < len(s); i++ {
			h := triHash(s[i:], mask)
			for _, l := range ps.long[ps.start[h]:ps.start[h+1]] {
				if strings.HasPrefix(s[i:], l.text) {
					found(l.id)
				}
			}
		}
	}
	return c
}

// each calls f with every alternative worth running on the scanned text, in order, until f
// returns false.
func (ps *phrases) each(c candidates, f func(i int, p *phrase) bool) {
	for w, word := range c.alts {
		for word != 0 {
			i := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			if p := &ps.alts[i]; p.possible(c.seen) && !f(i, p) {
				return
			}
		}
	}
}

func (p *phrase) possible(seen []uint64) bool {
	for _, c := range p.clauses[min(1, len(p.clauses)):] {
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

// MatchString reports whether any alternative matches s.
func (ps *phrases) MatchString(s string) bool {
	var buf [2][scanBuf]uint64
	matched := false
	ps.each(ps.scan(s, &buf), func(_ int, p *phrase) bool {
		matched = p.re.MatchString(s)
		return !matched
	})
	return matched
}

// FindAllStringIndex returns every match of every alternative.
func (ps *phrases) FindAllStringIndex(s string) [][]int {
	var out [][]int
	var buf [2][scanBuf]uint64
	ps.each(ps.scan(s, &buf), func(_ int, p *phrase) bool {
		out = append(out, p.re.FindAllStringIndex(s, -1)...)
		return true
	})
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

// ReplaceAllString replaces every match of every alternative with repl, alternative after
// alternative.
func (ps *phrases) ReplaceAllString(s, repl string) string {
	var buf [2][scanBuf]uint64
	c := ps.scan(s, &buf)
	for i := range ps.alts {
		if c.alts[i>>6]&(1<<(i&63)) == 0 || !ps.alts[i].possible(c.seen) {
			continue
		}
		if r := ps.alts[i].re.ReplaceAllString(s, repl); r != s {
			s = r
			c = ps.scan(s, &buf)
		}
	}
	return s
}

// lexiconSet is several lexicons read together: one scan of a text serves them all, and each
// match is reported with the lexicon it belongs to, lexicons and their alternatives in order.
// The lexicons' regexps are shared, not compiled again.
type lexiconSet struct {
	all   *phrases
	owner []int // the lexicon each alternative of all belongs to
	n     int
}

func mergeLexicons(lexicons []*phrases) *lexiconSet {
	var alts []alternative
	var owner []int
	for i, l := range lexicons {
		for _, a := range l.alternatives() {
			alts = append(alts, a)
			owner = append(owner, i)
		}
	}
	return &lexiconSet{all: build(alts), owner: owner, n: len(lexicons)}
}

// findAll calls f with every match of every lexicon in s, as each lexicon's
// FindAllStringIndex lists them, lexicon after lexicon.
func (ls *lexiconSet) findAll(s string, f func(lexicon int, m []int)) {
	var buf [2][scanBuf]uint64
	ps := ls.all
	ps.each(ps.scan(s, &buf), func(a int, p *phrase) bool {
		i := ls.owner[a]
		for _, m := range p.re.FindAllStringIndex(s, -1) {
			f(i, m)
		}
		return true
	})
}

// first returns each lexicon's FindStringIndex of s.
func (ls *lexiconSet) first(s string) [][]int {
	out := make([][]int, ls.n)
	ls.findAll(s, func(i int, m []int) {
		if best := out[i]; best == nil || m[0] < best[0] || (m[0] == best[0] && m[1] > best[1]) {
			out[i] = m
		}
	})
	return out
}

// matching returns which lexicons match s.
func (ls *lexiconSet) matching(s string) []bool {
	out := make([]bool, ls.n)
	var buf [2][scanBuf]uint64
	ps := ls.all
	ps.each(ps.scan(s, &buf), func(a int, p *phrase) bool {
		if i := ls.owner[a]; !out[i] {
			out[i] = p.re.MatchString(s)
		}
		return true
	})
	return out
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
