package assistant

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Seeds: below and in testdata/fuzz/<name>; `go test -run '^$' -fuzz <name> ./assistant/`
// runs one longer (docs/fuzzing.md).

// digitsOf is the significant digits of s: its digits without leading or trailing zeros.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), "0")
}

// The grounding guard reads every figure from the text itself: each one it finds is written
// there with the same digits (a term in years counts twelve months a year), a text's own
// figures ground it, and a name's figures ground nothing.
func FuzzGuardFigures(f *testing.F) {
	for _, s := range []string{
		"You can get 3.1% APR over 48 months, paying $1,234.56 a month.",
		"Ahorra 1 234,50 € al 9,9 % durante 5 años",
		"Sie sparen 9.999,00 EUR bei 0 Prozent",
		"spara 12 500 kr, 4,95 procent, 36 månader",
		"option 2 in 2026, 15000 left, £18,000",
		plantedProvider,
		"1" + ExamplePhrase + "2%",
		"$\u00a01\u00a0000.5", "99.999%", "0.0000001%", "100 years", "999 months", "$", "%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, lenient := range []bool{false, true} {
			for _, c := range extractFigures(text, lenient) {
				if !strings.Contains(text, c.text) {
					t.Fatalf("figure %q is not in the text", c.text)
				}
				if c.value.IsNegative() {
					t.Fatalf("figure %q reads as %s", c.text, c.value)
				}
				switch c.kind {
				case "rate", "money":
					if digitsOf(c.text) != digitsOf(c.value.String()) {
						t.Fatalf("%s %q reads as %s", c.kind, c.text, c.value)
					}
				case "term":
					n, _ := strconv.Atoi(strings.TrimLeft(digitsPrefix(c.text), "0"))
					if v := c.value.IntPart(); v != int64(n) && v != int64(n)*12 {
						t.Fatalf("term %q reads as %d months", c.text, v)
					}
				default:
					t.Fatalf("figure %q of kind %q", c.text, c.kind)
				}
			}
		}
		if !strings.Contains(text, ExamplePhrase) {
			var own Facts
			own.AddText(text)
			if bad := own.Ungrounded(text); len(bad) > 0 {
				t.Fatalf("the text's own figures do not ground it: %q", bad)
			}
		}
		var named Facts
		raw, _ := json.Marshal(map[string]any{"holdings": []any{map[string]any{"provider": text, "name": text}}, "partner": text, "title": text})
		named.AddJSON(raw)
		if got, want := len(named.Ungrounded(text)), len(extractFigures(strings.ReplaceAll(text, ExamplePhrase, ""), false)); got != want {
			t.Fatalf("names grounded %d of the %d figures in %q", want-got, want, text)
		}
		// A name the assistant quotes carries no figure, fits the cap, and stays as it is when
		// quoted again.
		q := quoteName(text)
		if len(extractFigures(q, false)) > 0 || len([]rune(q)) > MaxQuotedName || quoteName(q) != q {
			t.Fatalf("quoteName(%q) = %q", text, q)
		}
	})
}

func digitsPrefix(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return ""
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return s[i:j]
}

// Entity extraction never panics and states only what the text says: a rate written in it, a
// term of 1 to 600 months, a credit score in the scale, no negative amount.
func FuzzExtractEntities(f *testing.F) {
	for _, s := range []string{
		"my car loan is 15,000 at 9.9% with 48 months left",
		"I pay $455 a month, credit score 640–699, 4 years to go",
		"préstamo personal de 12.000 € al 7,5 % por 3 años",
		"Kredit 18k, 6 Prozent, 600 Monate", "15 000 kr billån 4,2 procent", "score 9999", "1.2.3.4%", "$.5k",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e := ExtractEntities(text)
		if e.Rate != nil && (e.Rate.IsNegative() || !strings.Contains(digitsOf(text), strings.Trim(digitsOf(e.Rate.String()), "0"))) {
			t.Fatalf("rate %s from %q", e.Rate, text)
		}
		if e.TermMonths < 0 || e.TermMonths > 600 {
			t.Fatalf("term %d from %q", e.TermMonths, text)
		}
		if e.CreditScore != 0 && (e.CreditScore < 300 || e.CreditScore > 850) {
			t.Fatalf("credit score %d from %q", e.CreditScore, text)
		}
		for name, d := range map[string]*decimal.Decimal{"amount": e.Amount, "payment": e.Payment} {
			if d != nil && d.IsNegative() {
				t.Fatalf("%s %s from %q", name, d, text)
			}
		}
	})
}
