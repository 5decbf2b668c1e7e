package nlu

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"ratewise"
)

func TestCorpusIsValid(t *testing.T) {
	ex, err := Corpus()
	if err != nil {
		t.Fatalf("the corpus does not load: %v", err)
	}
	checkLabels(t, "train", ex)
}

// checkLabels checks what the loader does not: no message twice (whatever its case and
// spacing) and the schema's rules that tie slots to intents.
func checkLabels(t *testing.T, file string, ex []Example) {
	t.Helper()
	seen := map[string]int{}
	for i, e := range ex {
		line := i + 1
		key := messageKey(e.Text)
		if prev, dup := seen[key]; dup {
			t.Errorf("%s line %d repeats line %d: %q", file, line, prev, e.Text)
		}
		seen[key] = line
		if e.Slots.OfferRef != "" && e.Intent != AskOffer {
			t.Errorf("%s line %d: offer_ref on a %s message: %q", file, line, e.Intent, e.Text)
		}
		if e.Slots.TermTopic != "" && e.Intent != ExplainTerm {
			t.Errorf("%s line %d: term_topic on a %s message: %q", file, line, e.Intent, e.Text)
		}
		if e.Slots.PremiumPeriod != "" && e.Slots.Premium == nil {
			t.Errorf("%s line %d: premium_period without a premium: %q", file, line, e.Text)
		}
		checkConventions(t, fmt.Sprintf("%s line %d", file, line), e)
	}
}

// checkConventions checks the labelling conventions of corpus/README.md that can be checked
// mechanically.
func checkConventions(t *testing.T, where string, e Example) {
	t.Helper()
	s := e.Slots
	switch e.Intent {
	case Greeting, Thanks, Affirm, Deny, OffTopic:
		if !s.IsZero() {
			t.Errorf("%s: slots on a %s message: %q", where, e.Intent, e.Text)
		}
	case AskOffer:
		if len(s.Values()) > 1 || (!s.IsZero() && s.OfferRef == "") {
			t.Errorf("%s: a question about an offer carries only offer_ref, not %v: %q", where, s.Values(), e.Text)
		}
	case ExplainTerm:
		if len(s.Values()) > 1 || (!s.IsZero() && s.TermTopic == "") {
			t.Errorf("%s: an explanation carries only term_topic, not %v: %q", where, s.Values(), e.Text)
		}
	case Fraud:
		if s.Amount != nil {
			t.Errorf("%s: a sum lost to fraud is no amount: %q", where, e.Text)
		}
	}
	if s.Currency != "" && s.Amount == nil && s.Payment == nil && s.Premium == nil {
		t.Errorf("%s: a currency without the sum it is the currency of: %q", where, e.Text)
	}
	if country, sub, ok := strings.Cut(s.Region, "-"); ok && country != "US" {
		t.Errorf("%s: region %s: only US states are labelled below the country (%s-%s is %s): %q", where, s.Region, country, sub, country, e.Text)
	}
	if strings.HasSuffix(s.OfferRef, " card") || strings.HasSuffix(s.OfferRef, " one") || strings.HasSuffix(s.OfferRef, " loan") {
		t.Errorf("%s: offer_ref %q ends with a word that is not part of the name: %q", where, s.OfferRef, e.Text)
	}
}

func TestCorpusCoverage(t *testing.T) {
	ex, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	byLang := map[string]int{}
	byLangIntent := map[string]int{}
	for _, e := range ex {
		byLang[e.Lang]++
		byLangIntent[e.Lang+" "+e.Intent]++
	}
	if len(ex) < 900 {
		t.Errorf("the corpus has %d messages, want at least 900", len(ex))
	}
	for _, l := range Languages {
		if byLang[l] < 120 {
			t.Errorf("%s has %d messages, want at least 120", l, byLang[l])
		}
		if l != "en" && byLang[l] >= byLang["en"] {
			t.Errorf("%s has %d messages, English %d: English should be the largest share", l, byLang[l], byLang["en"])
		}
		if n := byLangIntent[l+" "+Human]; n < 25 {
			t.Errorf("%s has %d requests for a person, want at least 25", l, n)
		}
		for _, in := range Intents {
			if byLangIntent[l+" "+in] == 0 {
				t.Errorf("%s has no %s message", l, in)
			}
		}
	}
}

// The messages quoted in the report that started this package are the test of understanding,
// not material to learn from: none of them may be in the corpus.
func TestCorpusLeavesOutTheReportedMessages(t *testing.T) {
	ex, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
	}
	in := map[string]bool{}
	for _, e := range ex {
		in[norm(e.Text)] = true
	}
	for _, c := range reportedMessages {
		if in[norm(c.text)] {
			t.Errorf("%q is in the corpus", c.text)
		}
	}
}

func TestReadExamplesRefusesBadLines(t *testing.T) {
	good := `{"text": "my car loan is 18000 at 9.9%", "lang": "en", "intent": "compare_holding", "slots": {"product": "auto_loan", "amount": "18000", "rate": "9.9"}}`
	tests := []struct {
		name  string
		line  string
		field string
	}{
		{"not JSON", `{"text": "hi", "lang": "en"`, "line"},
		{"unknown intent", `{"text": "hi", "lang": "en", "intent": "hello"}`, "line"},
		{"unknown language", `{"text": "hi", "lang": "it", "intent": "greeting"}`, "line"},
		{"no language", `{"text": "hi", "intent": "greeting"}`, "line"},
		{"empty text", `{"text": " ", "lang": "en", "intent": "greeting"}`, "line"},
		{"unknown field", `{"text": "hi", "lang": "en", "intent": "greeting", "intnet": "x"}`, "line"},
		{"unknown slot", `{"text": "18k", "lang": "en", "intent": "financing", "slots": {"price": "18000"}}`, "line"},
		{"amount with separators", `{"text": "18,000", "lang": "en", "intent": "financing", "slots": {"amount": "18,000"}}`, "line"},
		{"amount as a number", `{"text": "18000", "lang": "en", "intent": "financing", "slots": {"amount": 18000}}`, "line"},
		{"negative rate", `{"text": "-2%", "lang": "en", "intent": "compare_holding", "slots": {"rate": "-2"}}`, "line"},
		{"term as a string", `{"text": "48 months", "lang": "en", "intent": "financing", "slots": {"term_months": "48"}}`, "line"},
		{"term of zero", `{"text": "0 months", "lang": "en", "intent": "financing", "slots": {"term_months": 0}}`, "line"},
		{"unknown product", `{"text": "boat loan", "lang": "en", "intent": "find_offers", "slots": {"product": "boat_loan"}}`, "line"},
		{"currency in words", `{"text": "500 euros", "lang": "en", "intent": "financing", "slots": {"currency": "euros"}}`, "line"},
		{"region in words", `{"text": "in the UK", "lang": "en", "intent": "find_offers", "slots": {"region": "UK land"}}`, "line"},
		{"unknown period", `{"text": "95 a week", "lang": "en", "intent": "compare_holding", "slots": {"premium": "95", "premium_period": "weekly"}}`, "line"},
		{"topic with spaces", `{"text": "what is APR", "lang": "en", "intent": "explain_term", "slots": {"term_topic": "annual rate"}}`, "line"},
		{"two objects on a line", `{"text": "hi", "lang": "en", "intent": "greeting"} {"text": "yo", "lang": "en", "intent": "greeting"}`, "line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := good + "\n\n" + tt.line + "\n" + good + "\n"
			_, err := ReadExamples(strings.NewReader(input))
			if err == nil {
				t.Fatalf("ReadExamples accepted %s", tt.line)
			}
			if ratewise.ErrorCode(err) != ratewise.EINVALID || ratewise.ErrorField(err) != tt.field {
				t.Errorf("error %v: want an invalid %q error", err, tt.field)
			}
			if !strings.Contains(ratewise.ErrorMessage(err), "Line 3") {
				t.Errorf("error %q does not name line 3", ratewise.ErrorMessage(err))
			}
		})
	}
	t.Run("good lines", func(t *testing.T) {
		ex, err := ReadExamples(strings.NewReader(good + "\n" + good))
		if err != nil {
			t.Fatal(err)
		}
		if len(ex) != 2 {
			t.Fatalf("got %d examples, want 2", len(ex))
		}
		got := ex[0].Slots.Values()
		want := map[string]string{"product": "auto_loan", "amount": "18000", "rate": "9.9"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("slots %v, want %v", got, want)
		}
	})
}

func TestSlotsJSONRoundTrip(t *testing.T) {
	line := `{"text":"x","lang":"en","intent":"compare_holding","slots":{"amount":"1299.99","premium":"95","premium_period":"monthly","product":"home_insurance","region":"US-TX","term_months":48}}`
	ex, err := ReadExamples(strings.NewReader(line))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ex[0].Slots.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"amount":"1299.99","premium":"95","premium_period":"monthly","product":"home_insurance","region":"US-TX","term_months":48}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	if n := len(ex[0].Slots.Values()); n != 6 {
		t.Errorf("got %d slots, want 6", n)
	}
}
