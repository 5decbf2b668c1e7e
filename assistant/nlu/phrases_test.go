package nlu

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// lexicons are the package's phrase sets a test checks the literal filter of.
func lexicons() []*phrases {
	out := []*phrases{humanRe, declinedRe, general, whatIf, prevent, insuredAgainst, policyTerms, politeness,
		ourNumber, noGrievance, notAPerson, idioms, vehicleCue, loanCue, insuranceCue, carBought, deathCue, debtCue}
	for _, r := range safetyRules {
		out = append(out, r.re)
	}
	for _, r := range productRules {
		out = append(out, r.re)
	}
	for _, r := range topicRules {
		out = append(out, r.re)
	}
	for _, r := range countries {
		out = append(out, r.re)
	}
	for _, r := range ordinalRules {
		out = append(out, r.re)
	}
	return out
}

// The literals a lexicon requires only save work: on every sampled corpus message, matching,
// finding and replacing give what running every alternative's regexp gives.
func TestPhrasesFilterLosesNoMatch(t *testing.T) {
	ex, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{" ", " a ", " cc ", "uk", " talk to a human ", " can someone call me ", " 3 "}
	for i, e := range ex {
		if i%150 == 0 {
			a := analyse(e.Text, "")
			texts = append(texts, a.flat, strings.TrimSpace(a.flat))
		}
	}
	// Replacing is what the lexicons of false persons and policy terms are used for.
	replacing := []*phrases{politeness, notAPerson, policyTerms}
	for li, ps := range lexicons() {
		for _, s := range texts {
			var all [][]int
			match := false
			replaced := s
			for _, p := range ps.alts {
				match = match || p.re.MatchString(s)
				all = append(all, p.re.FindAllStringIndex(s, -1)...)
				if slices.Contains(replacing, ps) {
					replaced = p.re.ReplaceAllString(replaced, " ")
				}
			}
			if got := ps.ReplaceAllString(s, " "); slices.Contains(replacing, ps) && got != replaced {
				t.Fatalf("lexicon %d: ReplaceAllString(%q) = %q; every alternative says %q", li, s, got, replaced)
			}
			if got := ps.MatchString(s); got != match {
				t.Fatalf("lexicon %d: MatchString(%q) = %v; every alternative says %v", li, s, got, match)
			}
			if got := ps.FindAllStringIndex(s); !reflect.DeepEqual(got, all) {
				t.Fatalf("lexicon %d: FindAllStringIndex(%q) = %v; every alternative says %v", li, s, got, all)
			}
		}
	}
}

// What an alternative requires: every literal of a clause is one the pattern can match with,
// and a message without them is ruled out.
func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		alt  string
		want [][]string
	}{
		{`ta(lk|ke) me`, [][]string{{"talk me", "take me"}}},
		{`(talk|speak)( \S+){0,4} (human|person)`, [][]string{{" person", " human"}, {"speak", "talk"}}},
		{`advis[oe]rs?`, [][]string{{"advisor", "adviser", "advisors", "advisers"}}},
		{`cc`, [][]string{{"cc"}}},
		{`\w*betrug\w*`, [][]string{{"betrug"}}},
		{`(no|#) ?3`, [][]string{{"no3", "no 3", "#3", "# 3"}}},
		{`(eine )?op (am|an der) \S+`, [][]string{{"eine op am ", "eine op an der ", "op am ", "op an der "}}},
		{`\S+ \S+`, [][]string{{" "}}},
		{`\S+`, nil},
	}
	for _, tt := range tests {
		ps := rx(tt.alt)
		var got [][]string
		for _, c := range ps.alts[0].clauses {
			var lits []string
			for _, id := range c {
				for _, l := range append(slices.Clone(ps.long), ps.short...) {
					if l.id == id {
						lits = append(lits, l.text)
					}
				}
			}
			slices.Sort(lits)
			got = append(got, lits)
		}
		for _, c := range tt.want {
			slices.Sort(c)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("rx(%q) requires %q; want %q", tt.alt, got, tt.want)
		}
	}
}

// Lexicons read together find what each finds alone, in the same order.
func TestLexiconSetsFindWhatEachLexiconFinds(t *testing.T) {
	ex, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{" ", " my car loan and home insurance in spain ", " the second one ", " what is apr "}
	for i, e := range ex {
		if i%100 == 0 {
			texts = append(texts, analyse(e.Text, "").flat)
		}
	}
	sets := []struct {
		set      *lexiconSet
		lexicons []*phrases
	}{
		{productLexicons, lexiconsOf(productRules, func(r productRule) *phrases { return r.re })},
		{countryLexicons, lexiconsOf(countries, func(c country) *phrases { return c.re })},
		{ordinalLexicons, lexiconsOf(ordinalRules, func(r ordinalRule) *phrases { return r.re })},
		{topicLexicons, lexiconsOf(topicRules, func(r topicRule) *phrases { return r.re })},
		{safetyLexicons, lexiconsOf(safetyRules, func(r safetyRule) *phrases { return r.re })},
	}
	for si, set := range sets {
		for _, s := range texts {
			type found struct {
				lexicon int
				m       []int
			}
			var want, got []found
			var wantMatching []bool
			var wantFirst [][]int
			for i, l := range set.lexicons {
				for _, m := range l.FindAllStringIndex(s) {
					want = append(want, found{i, m})
				}
				wantMatching = append(wantMatching, l.MatchString(s))
				wantFirst = append(wantFirst, l.FindStringIndex(s))
			}
			set.set.findAll(s, func(i int, m []int) { got = append(got, found{i, m}) })
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("set %d: findAll(%q) = %v; the lexicons one by one find %v", si, s, got, want)
			}
			if got := set.set.matching(s); !reflect.DeepEqual(got, wantMatching) {
				t.Fatalf("set %d: matching(%q) = %v; want %v", si, s, got, wantMatching)
			}
			if got := set.set.first(s); !reflect.DeepEqual(got, wantFirst) {
				t.Fatalf("set %d: first(%q) = %v; want %v", si, s, got, wantFirst)
			}
		}
	}
}
