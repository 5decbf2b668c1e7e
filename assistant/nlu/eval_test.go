package nlu

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"ratewise"
)

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// The report's figures follow their documented definitions, computed here by hand.
func TestReportDefinitions(t *testing.T) {
	examples := []Example{
		{Text: "a", Lang: "en", Intent: CompareHolding, Slots: Slots{Product: "auto_loan", Amount: dec("18000"), Rate: dec("9.9")}},
		{Text: "b", Lang: "en", Intent: Human},
		{Text: "c", Lang: "es", Intent: Human},
		{Text: "d", Lang: "es", Intent: Fraud},
		{Text: "e", Lang: "fr", Intent: SelfHarm},
		{Text: "f", Lang: "fr", Intent: ExplainTerm, Slots: Slots{TermTopic: "scam_protection"}},
		{Text: "g", Lang: "de", Intent: Greeting},
		{Text: "h", Lang: "sv", Intent: AskOffer, Slots: Slots{OfferRef: "Harborline"}},
		{Text: "i", Lang: "en", Intent: ExplainTerm, Slots: Slots{TermTopic: "apr"}},
	}
	results := []Result{
		{Intent: CompareHolding, Lang: "en", Slots: Slots{Product: "auto_loan", Amount: dec("18000.00"), Rate: dec("9"), Region: "GB"}},
		{Intent: Human, Lang: "en"},
		{Intent: FindOffers, Lang: ""},
		{Intent: Hardship, Lang: "es"}, // routed as sensitive, wrong category
		{Intent: SelfHarm, Lang: "de"}, // right intent, wrong language
		{Intent: Fraud, Lang: "fr"},    // a false alarm on an ordinary question
		{Intent: Greeting, Lang: "de"},
		{Intent: AskOffer, Lang: "sv", Slots: Slots{OfferRef: "harborline"}},
		{Intent: ExplainTerm, Lang: "en", Slots: Slots{TermTopic: "interest_rate"}}, // only term_topic wrong
	}
	r := report(examples, results)

	if got := r.IntentAccuracy(); got != (Count{6, 9}) {
		t.Errorf("intent accuracy %v, want 6/9", got)
	}
	// Headline slots leave term_topic out. Labelled: product, amount, rate, offer_ref = 4.
	// Correct: product, amount (18000 = 18000.00), offer_ref (case-insensitive) = 3. Returned:
	// product, amount, rate, region, offer_ref = 5; spurious: region = 1.
	if got, want := r.Slots, (SlotStat{Labelled: 4, Returned: 5, Correct: 3, Spurious: 1}); got != want {
		t.Errorf("slots %+v, want %+v", got, want)
	}
	// term_topic has its own row: labelled twice, returned once, never right.
	var topic *SlotCount
	for i := range r.SlotsByName {
		if r.SlotsByName[i].Slot == SlotTermTopic {
			topic = &r.SlotsByName[i]
		}
	}
	if topic == nil || topic.SlotStat != (SlotStat{Labelled: 2, Returned: 1, Correct: 0, Spurious: 0}) {
		t.Errorf("term_topic row %+v, want labelled 2, returned 1, correct 0", topic)
	}
	if got := r.HumanRecall("en"); got != (Count{1, 1}) {
		t.Errorf("human recall en %v, want 1/1", got)
	}
	if got := r.HumanRecall("es"); got != (Count{0, 1}) {
		t.Errorf("human recall es %v, want 0/1", got)
	}
	if got := r.Sensitive; got != (Count{2, 2}) {
		t.Errorf("sensitive routed %v, want 2/2", got)
	}
	if got := r.SensitiveExact; got != (Count{1, 2}) {
		t.Errorf("sensitive exact %v, want 1/2", got)
	}
	// Ordinary: compare_holding, explain_term twice, greeting, ask_offer = 5; one predicted fraud.
	if got := r.FalseAlarms; got != (Count{1, 5}) {
		t.Errorf("false alarms %v, want 1/5", got)
	}
	if got, want := r.Lang, (LangStat{Detected: 8, Correct: 7, Undetected: 1}); got != want {
		t.Errorf("language %+v, want %+v", got, want)
	}
	for _, s := range r.Intents {
		if s.Intent == Hardship && (s.Precision() != Count{0, 1} || s.Labelled != 0) {
			t.Errorf("hardship %+v: want predicted once, never labelled", s)
		}
		if s.Intent == Human && (s.Precision() != Count{1, 1} || s.Recall() != Count{1, 2}) {
			t.Errorf("human precision %v recall %v, want 1/1 and 1/2", s.Precision(), s.Recall())
		}
	}
	if len(r.Mistakes) != 5 {
		t.Errorf("%d mistakes, want 5 (a: rate and region; c; d; f; i: term_topic)", len(r.Mistakes))
	}
	table := r.Table()
	for _, want := range []string{"intent accuracy", "66.7% (6/9)", "slot accuracy", "75.0% (3/4)", "false alarms", "human recall es", "compare_holding", "offer_ref", "not in the headline"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
	var b strings.Builder
	r.WriteMistakes(&b, 1)
	if !strings.Contains(b.String(), "rate: want 9.9, got 9") || !strings.Contains(b.String(), "… 4 more") {
		t.Errorf("mistakes:\n%s", b.String())
	}
}

func TestCrossValidateRefusesBadFolds(t *testing.T) {
	ex := []Example{{Text: "hi", Lang: "en", Intent: Greeting}, {Text: "yo", Lang: "en", Intent: Greeting}}
	for _, k := range []int{0, 1, 3} {
		if _, err := CrossValidate(ex, k); ratewise.ErrorCode(err) != ratewise.EINVALID {
			t.Errorf("k=%d: error %v, want invalid", k, err)
		}
	}
}

func TestFoldsAreStratifiedAndStable(t *testing.T) {
	ex, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	a, b := folds(ex, 5), folds(ex, 5)
	per := map[string][5]int{}
	for i, e := range ex {
		if a[i] != b[i] {
			t.Fatalf("example %d is in fold %d, then %d", i, a[i], b[i])
		}
		c := per[e.Intent]
		c[a[i]]++
		per[e.Intent] = c
	}
	for intent, c := range per {
		lo, hi := c[0], c[0]
		for _, n := range c {
			lo, hi = min(lo, n), max(hi, n)
		}
		if hi-lo > 1 {
			t.Errorf("%s is spread %v over the folds", intent, c)
		}
	}
}
