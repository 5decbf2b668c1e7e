package nlu

import (
	"os"
	"strings"
	"testing"
	"unicode"
)

// The development splits were written apart from the package, each measured once as
// held-out and then used to find the kinds of mistakes to fix (corpus/dev.jsonl after the
// first round, corpus/dev2.jsonl after the second). They are seen data now: the floors below,
// a little under what they measure, stop a change from undoing those fixes, but only a split
// written after the last change says how the package does on new messages. Run with
// NLU_REPORT=1 and -v to see each report and every mistake.
type floors struct {
	intent, slots, sensitive, falseAlarms, human, language float64
}

// Dev measures intent 98.9 %, slots 99.7 %, sensitive 100 %, false alarms 0 %, human recall
// 100 % in every language. With 10 to 16 requests for a person per language, the human floor
// allows one miss in a language.
var devFloors = floors{intent: 0.97, slots: 0.98, sensitive: 0.97, falseAlarms: 0.012, human: 0.9, language: 0.99}

// Dev2 measured intent 91.1 %, slots 97.0 %, sensitive 88.4 %, false alarms 3.1 % and human
// recall 84–92 % when it was new; trained on the merged corpus it measures intent 94.9 %,
// slots 97.0 %, sensitive 94.6 %, false alarms 3.1 %, human recall 96–100 %. With 25 to 28
// requests for a person per language, the human floor allows one miss in a language.
var dev2Floors = floors{intent: 0.93, slots: 0.96, sensitive: 0.93, falseAlarms: 0.035, human: 0.95, language: 0.99}

// The held-out split (corpus/heldout.jsonl) was written by writers who saw neither the
// package nor the other splits, and evaluated once, after the third round of training. As
// written it had 755 messages; 123 short ones ("hej", "nope") were also in train or a dev
// split and were removed, and 18 labels were brought to corpus/README.md's conventions (no
// sum lost to fraud, an explanation carries only its topic, a question about an offer only
// the offer, regions below a country only for US states). On the 632 left the same model
// measured intent 91.5 %, slots 87.9 % (term_topic apart), sensitive recall 93.2 % with 3.3 %
// false alarms, human recall en 96.2 %, es 100 %, fr 100 %, de 91.3 %, sv 95.5 %, language
// 99.8 %. The floors are those measurements rounded down: they hold what was measured, not
// what the product wants (intent ≥ 90 %, human ≥ 95 % in each language, sensitive ≥ 95 % with
// ≤ 2 % false alarms, slots ≥ 90 %; docs/assistant.md keeps the gap). Once a change has been
// tuned while looking at its mistakes, this split is seen data like the dev splits.
var heldoutFloors = floors{intent: 0.91, slots: 0.87, sensitive: 0.93, falseAlarms: 0.034, human: 0.91, language: 0.99}

// heldoutSet reads the held-out split; it is test data only and not embedded in the binary.
func heldoutSet(t *testing.T) []Example {
	t.Helper()
	f, err := os.Open("corpus/heldout.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := ReadExamples(f)
	if err != nil {
		t.Fatalf("the held-out split does not load: %v", err)
	}
	return ex
}

func TestHeldoutSetIsValid(t *testing.T) {
	ex := heldoutSet(t)
	checkLabels(t, "heldout", ex)
	if len(ex) != 632 {
		t.Errorf("heldout has %d messages; it is kept whole", len(ex))
	}
}

func TestHeldoutSplitFloors(t *testing.T) {
	checkFloors(t, "heldout", heldoutSet(t), heldoutFloors)
}

func TestDevSetIsValid(t *testing.T) {
	dev, err := DevSet()
	if err != nil {
		t.Fatalf("the dev split does not load: %v", err)
	}
	checkLabels(t, "dev", dev)
}

func TestDev2SetIsValid(t *testing.T) {
	dev2, err := Dev2Set()
	if err != nil {
		t.Fatalf("the dev2 split does not load: %v", err)
	}
	checkLabels(t, "dev2", dev2)
	if len(dev2) != 606 {
		t.Errorf("dev2 has %d messages; it was written with 606 and is kept whole", len(dev2))
	}
}

// Nothing of a development split may be learnt, and no message may count in both splits: no
// message is in two of the files, whatever its case, accents, punctuation and spacing.
func TestSplitsAreDisjoint(t *testing.T) {
	train, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	dev, err := DevSet()
	if err != nil {
		t.Fatal(err)
	}
	dev2, err := Dev2Set()
	if err != nil {
		t.Fatal(err)
	}
	splits := []struct {
		name string
		ex   []Example
	}{{"train", train}, {"dev", dev}, {"dev2", dev2}, {"heldout", heldoutSet(t)}}
	for i, a := range splits {
		in := map[string]int{}
		for n, e := range a.ex {
			in[messageKey(e.Text)] = n + 1
		}
		for _, b := range splits[i+1:] {
			for n, e := range b.ex {
				if m, ok := in[messageKey(e.Text)]; ok {
					t.Errorf("%s line %d is %s line %d: %q", b.name, n+1, a.name, m, e.Text)
				}
			}
		}
	}
}

func TestMessageKey(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"compara mis préstamos", "Compara mis prestamos"},
		{"no, gracias", "no gracias"},
		{"Hello there!", "hello   there"},
		{"c'est quoi le TAEG ?", "c'est quoi le taeg"},
	} {
		if messageKey(tt.a) != messageKey(tt.b) {
			t.Errorf("%q and %q are one message: keys %q, %q", tt.a, tt.b, messageKey(tt.a), messageKey(tt.b))
		}
	}
	if messageKey("no thanks") == messageKey("no thanks, bye") {
		t.Error("two messages share a key")
	}
}

// messageKey is a message compared without regard to case, accents, punctuation or spacing.
func messageKey(s string) string {
	return strings.Join(strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

func TestDevSplitFloors(t *testing.T) {
	dev, err := DevSet()
	if err != nil {
		t.Fatal(err)
	}
	checkFloors(t, "dev", dev, devFloors)
}

func TestDev2SplitFloors(t *testing.T) {
	dev2, err := Dev2Set()
	if err != nil {
		t.Fatal(err)
	}
	checkFloors(t, "dev2", dev2, dev2Floors)
}

func checkFloors(t *testing.T, name string, ex []Example, f floors) {
	t.Helper()
	r, err := Evaluate(ex)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("NLU_REPORT") != "" {
		t.Logf("%s split, %d examples:\n%s", name, len(ex), r.Table())
		r.WriteMistakes(os.Stdout, 1000)
	}
	check := func(what string, got, floor float64) {
		t.Helper()
		if got < floor {
			t.Errorf("%s: %s %.3f, want at least %.3f", name, what, got, floor)
		}
	}
	check("intent accuracy", r.IntentAccuracy().Rate(), f.intent)
	check("slot accuracy", r.Slots.Accuracy().Rate(), f.slots)
	check("sensitive recall", r.Sensitive.Rate(), f.sensitive)
	check("language accuracy", r.Lang.Accuracy().Rate(), f.language)
	if fa := r.FalseAlarms.Rate(); fa > f.falseAlarms {
		t.Errorf("%s: false alarms %.3f, want at most %.3f", name, fa, f.falseAlarms)
	}
	for _, l := range Languages {
		check("human recall "+l, r.HumanRecall(l).Rate(), f.human)
	}
}
