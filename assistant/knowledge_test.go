package assistant

import (
	"strings"
	"testing"

	"ratewise/retrieval"
)

// TestKnowledgeAnswersCiteTheRightArticle runs term questions against the shipped articles
// indexed with the local embedder: the answer is the right guide's opening in plain text, and
// the message cites that guide alone.
func TestKnowledgeAnswersCiteTheRightArticle(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	tests := []struct {
		question, slug, says string
	}{
		{"what is an APR?", "apr-vs-interest-rate", "The APR (annual percentage rate) is the interest rate plus the upfront fees"},
		{"what's a prepayment penalty?", "prepayment-penalties", "A prepayment penalty (early repayment charge, early payoff fee) is a fee"},
		{"how does a balance transfer work?", "balance-transfers-and-promo-periods", "A balance transfer moves debt from one credit card to another card"},
		// The guides are in English: a question in another language finds the guide of the
		// concept it names ("TAEG", "TAE", "effektiver Jahreszins" are the APR).
		{"c'est quoi le TAEG ?", "apr-vs-interest-rate", "The APR (annual percentage rate) is the interest rate plus the upfront fees"},
		{"¿qué es la TAE?", "apr-vs-interest-rate", "The APR (annual percentage rate) is the interest rate plus the upfront fees"},
		{"was ist der effektive Jahreszins?", "apr-vs-interest-rate", "The APR (annual percentage rate) is the interest rate plus the upfront fees"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans := onlyReply(t, f.say(t, tt.question))
			if len(ans.Citations) != 1 {
				t.Errorf("%q: citations %+v, want the one guide the answer uses", tt.question, ans.Citations)
				return
			}
			c := ans.Citations[0]
			want, err := retrieval.ArticleBySlug(tt.slug)
			if err != nil {
				t.Fatal(err)
			}
			if c.Slug != tt.slug || c.Title != want.Title || c.URL != "/kb/"+tt.slug || c.Source != retrieval.KindKB {
				t.Errorf("%q: cited %+v, want %s %q at /kb/%s", tt.question, c, tt.slug, want.Title, tt.slug)
			}
			if !strings.Contains(ans.Text, tt.says) || !strings.Contains(ans.Text, "/kb/"+tt.slug) {
				t.Errorf("%q: answer %q, want the guide's opening (%q) and its link", tt.question, ans.Text, tt.says)
			}
			// Readable: no Markdown left, and short.
			for _, mark := range []string{"**", "## ", "](", "- "} {
				if strings.Contains(ans.Text, mark) {
					t.Errorf("%q: answer has Markdown %q: %s", tt.question, mark, ans.Text)
				}
			}
			if n := len([]rune(ans.Text)); n > maxLead+len(want.Title)+80 {
				t.Errorf("%q: answer is %d characters, want a short extract: %s", tt.question, n, ans.Text)
			}
			if len(ans.Flags) != 0 {
				t.Errorf("%q: flags %v, want a grounded answer", tt.question, ans.Flags)
			}
		})
	}
}
