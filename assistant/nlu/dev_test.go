package nlu

import (
	"os"
	"strings"
	"testing"
)

// The development split (corpus/dev.jsonl) was written apart from the package, measured once
// as held-out and then used to find the kinds of mistakes to fix. It is seen data now: these
// floors, a little under what it measures (intent 99.0 %, slots 99.7 %, sensitive 100 %,
// false alarms 0.4 %, human recall 100 % in every language, language 99.8 %), stop a change
// from undoing those fixes, but only a split written after the last change says how the
// package does on new messages. With 13 to 18 requests for a person per language, the human
// floor allows one miss in a language. Run with NLU_REPORT=1 and -v to see the report and
// every mistake.
const (
	devFloorIntentAccuracy = 0.97
	devFloorSlotAccuracy   = 0.98
	devFloorSensitive      = 0.97
	devMaxFalseAlarms      = 0.012
	devFloorHumanRecall    = 0.92
	devFloorLanguage       = 0.99
)

func TestDevSetIsValid(t *testing.T) {
	dev, err := DevSet()
	if err != nil {
		t.Fatalf("the dev split does not load: %v", err)
	}
	checkLabels(t, "dev", dev)
}

// Nothing of the dev split may be learnt: no message is in both files, whatever its case and
// spacing.
func TestDevSetIsDisjointFromTheCorpus(t *testing.T) {
	train, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	dev, err := DevSet()
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]int{}
	for i, e := range train {
		in[normText(e.Text)] = i + 1
	}
	for i, e := range dev {
		if n, ok := in[normText(e.Text)]; ok {
			t.Errorf("dev line %d is train line %d: %q", i+1, n, e.Text)
		}
	}
}

// normText is a message compared without regard to case or spacing.
func normText(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func TestDevSplitFloors(t *testing.T) {
	dev, err := DevSet()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(dev)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("NLU_REPORT") != "" {
		t.Logf("dev split, %d examples:\n%s", len(dev), r.Table())
		r.WriteMistakes(os.Stdout, 1000)
	}
	check := func(name string, got, floor float64) {
		t.Helper()
		if got < floor {
			t.Errorf("%s %.3f, want at least %.3f", name, got, floor)
		}
	}
	check("intent accuracy", r.IntentAccuracy().Rate(), devFloorIntentAccuracy)
	check("slot accuracy", r.Slots.Accuracy().Rate(), devFloorSlotAccuracy)
	check("sensitive recall", r.Sensitive.Rate(), devFloorSensitive)
	check("language accuracy", r.Lang.Accuracy().Rate(), devFloorLanguage)
	if fa := r.FalseAlarms.Rate(); fa > devMaxFalseAlarms {
		t.Errorf("false alarms %.3f, want at most %.3f", fa, devMaxFalseAlarms)
	}
	for _, l := range Languages {
		check("human recall "+l, r.HumanRecall(l).Rate(), devFloorHumanRecall)
	}
}
