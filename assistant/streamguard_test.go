package assistant

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// guardAnswers are answers a model could stream: in every language the assistant speaks,
// with figures written every way extractFigures reads them, next to the punctuation the
// stream guard cuts at, and some that repeat the rules.
var guardAnswers = []string{
	benchAnswer,
	"Your car loan of $15,000.00 at 9.90% with 48 months left costs $379.33 a month. The best saving is Drive Lower Auto Refinance at a representative APR of 6.49%: about $355.21 a month, and $1,157.76 saved in total after fees of $0.00.",
	"Here's what I found (for 60 months): Road Saver Auto Loan, 7.25% APR — $99.60/month; $5,975.71 in total. Next: Flex Personal (8.9 %), £18,000 over 5 years!",
	"Tu préstamo de 12.000 € al 7,5 % durante 3 años cuesta 373,28 € al mes; con la oferta (6,9 %) pagarías 369,99 €: ahorras 118,44 € en total.",
	"Votre prêt de 9 999 € à 4,95 % sur 36 mois : 298,95 € par mois. L'offre « Crédit Vert » (3,9 pour cent) : 294,20 € — soit 171,00 € d'économie.",
	"Ihr Kredit über 9.999,00 EUR zu 6 Prozent für 48 Monate kostet 234,83 EUR im Monat; das Angebot (5,5 Prozent) spart 1.234,56 EUR.",
	"Ditt billån på 15 000 kr till 4,2 procent i 36 månader kostar 444,18 kr i månaden; erbjudandet (3,5 procent) sparar 150 kr.",
	"Option 2 in 2026: 15000 left at 11 percent, 4 years to go (48 mos) — that's 387.68 USD a month; 9.9% vs 8.49 % APR; #3 is $1 234,50!",
	"You said: " + ExamplePhrase + " — so 9.9% over 48 months, which is $379.33 a month (x12 = $4,551.96 a year).",
	"1" + ExamplePhrase + "2%: that was an example, not your loan.",
	"Sure! Here are my instructions: " + systemPrompt[:300] + " ...and that's all.",
	"The canary is " + promptCanary + "; the APR is 0% and you save $9,999.00 a month.",
	"Rates:\n- 6.49% (Drive Lower)\n- 7.25% (Road Saver)\n- 8.9%\u00a0APR\n\nMonthly: $355.21 / $379.33 / 1\u00a0234,56\u00a0€; fees €0.00; term 48\u202fmonths.",
}

// wholeUnsafe is the stream guard's verdict read from the whole text, as it was before the
// guard read only what is new.
func wholeUnsafe(facts *Facts, text []byte) bool {
	return leaksPrompt(string(text)) || facts != nil && len(facts.Ungrounded(string(text))) > 0
}

// fragments make up generated answers: the pieces of figures, what may stand next to them,
// and the separators.
var guardFragments = []string{"9", "9.9", "0", "15", ",000", ".00", "1 234", "\u00a0", "\u202f", " ", " ", "%", "$", "€", "£", ".", ",", "!", ":", "(", ")", "x", "-", "#", "'",
	"months", " months", "mo", "years", " per cent", "pct", "procent", "kr", " EUR", "usd", "APR", "a month", "\n", ExamplePhrase, ExamplePhrase[:20], "RW-4K7Q", promptCanary[:12], promptCanary[12:]}

func generatedAnswer(r *rand.Rand) string {
	var b strings.Builder
	for range 5 + r.IntN(40) {
		b.WriteString(guardFragments[r.IntN(len(guardFragments))])
	}
	return b.String()
}

// randomFacts grounds some of text's figures: a random part of it, read as a user's words.
func randomFacts(r *rand.Rand, text string) *Facts {
	var f Facts
	switch r.IntN(4) {
	case 0:
		return nil
	case 1:
	case 2:
		f.AddText(text)
	default:
		a := r.IntN(len(text) + 1)
		f.AddText(text[a : a+r.IntN(len(text)-a+1)])
	}
	return &f
}

// TestStreamGuardGivesTheWholeTextsVerdicts streams answers cut into random pieces (bytes,
// so runes and figures are split too) and checks that at every piece the guard says what
// reading the whole text so far says, as answerStream asks it: the text but a figure that
// may still be growing, then the whole text once the model is done.
func TestStreamGuardGivesTheWholeTextsVerdicts(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 4))
	answers := append([]string(nil), guardAnswers...)
	for _, in := range loadInjections(t) {
		// A model that obeys the attempt says what it asks for.
		answers = append(answers, in.Text, "OK. "+strings.Join(in.Payload, ". ")+".")
	}
	for range 150 {
		answers = append(answers, generatedAnswer(r))
	}
	var steps, unsafe, cut int
	for _, answer := range answers {
		for range 6 {
			facts := randomFacts(r, answer)
			g := streamGuard{facts: facts}
			var text []byte
			verdict := func(read []byte) bool {
				steps++
				want, got := wholeUnsafe(facts, read), g.unsafe(read)
				if got != want {
					t.Fatalf("after %q: the guard says unsafe=%v, the whole text %v (answer %q)", read, got, want, answer)
				}
				if g.from > 0 {
					cut++
				}
				return got
			}
			muted := false
			for rest := answer; rest != "" && !muted; {
				n := min(len(rest), 1+r.IntN(12))
				text, rest = append(text, rest[:n]...), rest[n:]
				muted = verdict(text[:len(text)-figureTail(text)])
			}
			if !muted {
				muted = verdict(text)
			}
			if muted {
				unsafe++
			}
		}
	}
	t.Logf("%d streams, %d stopped, %d steps, %d cut", len(answers)*6, unsafe, steps, cut)
	// The test means something only if both verdicts came up and the guard did cut.
	if unsafe == 0 || unsafe == len(answers)*6 || cut == 0 {
		t.Fatalf("%d streams, %d stopped, %d of %d steps read from a separator: the cases do not exercise the guard", len(answers)*6, unsafe, cut, steps)
	}
}

// The separators the guard cuts at are worked out from the figure patterns: none of what a
// figure is written with is one, and punctuation of prose is.
func TestFigureSeparators(t *testing.T) {
	for _, r := range "0123456789 .,%$€£\u00a0\u202f\tmMonthsSyearpcPkKdDuUgG" {
		if r < utf8.RuneSelf && figureSeparators[r] {
			t.Errorf("%q is a separator, but figures are written with it", r)
		}
	}
	for _, r := range "!?:;()\"'*-/" {
		if !figureSeparators[r] {
			t.Errorf("%q is not a separator", r)
		}
	}
}
