package retrieval

import (
	"context"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitAtHeadingsWithOverlap(t *testing.T) {
	t.Parallel()
	body := "Intro line.\n\n## Fees\nOrigination fees are taken from the loan. They raise the APR.\n\n### Late fees\nLate fees apply after 15 days.\n\n## Example\n```\n# not a heading\n```\nA worked example."
	got := Split(body)
	want := []struct{ heading, starts string }{
		{"", "Intro line."},
		{"Fees", "… Intro line.\n\nOrigination fees"},
		{"Fees › Late fees", "… They raise the APR.\n\nLate fees apply"},
		{"Example", "… Late fees apply after 15 days.\n\n```\n# not a heading"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d chunks %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].Ord != i || got[i].Heading != w.heading || !strings.HasPrefix(got[i].Text, w.starts) {
			t.Errorf("chunk %d = %+v, want heading %q starting %q", i, got[i], w.heading, w.starts)
		}
	}
}

func TestSplitCutsLongSectionsNearTheTarget(t *testing.T) {
	t.Parallel()
	para := strings.Repeat("Refinancing replaces your loan with a new one at a lower rate. ", 6)
	body := "## Long\n" + strings.Repeat(para+"\n\n", 12) + strings.Repeat("word ", 400)
	chunks := Split(body)
	if len(chunks) < 4 {
		t.Fatalf("a %d-character section gave %d chunks", len(body), len(chunks))
	}
	var total int
	for i, c := range chunks {
		n := utf8.RuneCountInString(c.Text)
		total += n
		if n > maxChunk+overlapChars+10 {
			t.Errorf("chunk %d has %d characters, more than %d", i, n, maxChunk+overlapChars)
		}
		if c.Heading != "Long" {
			t.Errorf("chunk %d heading %q", i, c.Heading)
		}
	}
	if total < len(body)-20 {
		t.Errorf("chunks hold %d characters of %d: text was lost", total, len(body))
	}
}

func TestTokensMapSynonymsAndForms(t *testing.T) {
	t.Parallel()
	tests := []struct{ a, b string }{
		{"car insurance", "auto insurance"},
		{"annual percentage rate", "APR"},
		{"refinancing my mortgages", "refinance mortgage"},
		{"early repayment charge", "prepayment penalty"},
		{"renting", "tenants"},
	}
	for _, tt := range tests {
		t.Run(tt.a, func(t *testing.T) {
			if a, b := strings.Join(Tokens(tt.a), " "), strings.Join(Tokens(tt.b), " "); a != b {
				t.Errorf("Tokens(%q) = %q, Tokens(%q) = %q; want the same", tt.a, a, tt.b, b)
			}
		})
	}
}

func cosine(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestLocalEmbedderIsNormalisedDeterministicAndMeaningful(t *testing.T) {
	t.Parallel()
	e := NewLocalEmbedder(384)
	corpus := []string{"Auto insurance covers collisions and theft of your car.", "Life insurance pays your beneficiaries.",
		"A mortgage is a loan secured on your home.", "Travel insurance covers trip cancellation."}
	e.UseVocabulary(e.Learn(corpus))
	ctx := context.Background()
	vs, err := e.Embed(ctx, append(corpus, "vehicle insurance", "mortage on my house", ""))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs[:len(vs)-1] {
		if n := math.Sqrt(cosine(v, v)); math.Abs(n-1) > 1e-4 {
			t.Errorf("vector %d has norm %f", i, n)
		}
	}
	if n := cosine(vs[len(vs)-1], vs[len(vs)-1]); n != 0 {
		t.Errorf("empty text has norm %f, want a zero vector", n)
	}
	again, _ := e.Embed(ctx, []string{corpus[0]})
	if cosine(again[0], vs[0]) < 0.99999 {
		t.Error("embedding the same text twice differs")
	}
	if car, life := cosine(vs[4], vs[0]), cosine(vs[4], vs[1]); car <= life {
		t.Errorf("'vehicle insurance' is closer to life (%f) than to car insurance (%f)", life, car)
	}
	if mort, travel := cosine(vs[5], vs[2]), cosine(vs[5], vs[3]); mort <= travel {
		t.Errorf("misspelt 'mortage' is closer to travel (%f) than to mortgage (%f)", travel, mort)
	}
}

// A long run of characters with no space or sentence end is still cut into chunks of the
// usual size, inside the "word" when it must be.
func TestSplitCapsChunksWithoutWords(t *testing.T) {
	t.Parallel()
	body := "## Dump\n" + strings.Repeat("x", 200_000) + " tail " + strings.Repeat("é", 5000)
	chunks := Split(body)
	if len(chunks) < 200_000/maxChunk {
		t.Fatalf("%d chunks for 205,000 characters", len(chunks))
	}
	limit := maxChunk + overlapChars + 4 // the piece, the overlap and its "… " and blank line
	for _, c := range chunks {
		if n := utf8.RuneCountInString(c.Text); n > limit {
			t.Fatalf("chunk %d has %d characters, want at most %d", c.Ord, n, limit)
		}
	}
}

// A list's items are sentences of their own in a snippet: they used to run into one another
// ("…each month move the balance to…"), and a snippet starts at the item a query matches.
func TestSnippetReadsListItemsAsSentences(t *testing.T) {
	body := "Ways to pay less interest.\n\n- pay more than the minimum, by a fixed amount each month\n" +
		"- move the balance to a [0 % balance transfer card](/kb/balance-transfers-and-promo-periods)\n" +
		"1. replace it with a lower-rate **loan**\n2. Ask first: is there a fee?"
	got := Snippet(body, "", 400)
	want := "Ways to pay less interest. Pay more than the minimum, by a fixed amount each month. Move the balance to a 0 % balance transfer card. Replace it with a lower-rate loan. Ask first: is there a fee?"
	if got != want {
		t.Errorf("Snippet =\n%q\nwant\n%q", got, want)
	}
	if got := Snippet(body, "balance transfer card", 400); !strings.HasPrefix(got, "Move the balance to a 0 % balance transfer card.") {
		t.Errorf("Snippet for a query = %q, want it to start at the item that matches", got)
	}
}
