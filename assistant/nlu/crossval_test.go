package nlu

import (
	"os"
	"testing"
)

// Floors for 5-fold cross-validation on the corpus, a little under what it measures: a change
// that makes understanding worse fails here. Run with NLU_REPORT=1 and -v to see the report
// and every mistake. Cross-validation flatters the rule lexicons, which were written with the
// original writer's lines in view, and lets every writer's habits into training; holding out
// whole writers (TestCrossValidationByWriter) is the nearer measure of new messages.
const (
	floorIntentAccuracy = 0.91
	floorSlotAccuracy   = 0.93
	floorSensitive      = 0.95
	maxFalseAlarms      = 0.03
	floorHumanRecall    = 0.93
	floorLanguage       = 0.98
)

func TestCrossValidation(t *testing.T) {
	if testing.Short() {
		t.Skip("trains five models")
	}
	ex, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	r, err := CrossValidate(ex, 5)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("NLU_REPORT") != "" {
		t.Logf("5-fold cross-validation on %d examples:\n%s", len(ex), r.Table())
		r.WriteMistakes(os.Stdout, 1000)
	}
	check := func(name string, got, floor float64) {
		t.Helper()
		if got < floor {
			t.Errorf("%s %.3f, want at least %.3f", name, got, floor)
		}
	}
	check("intent accuracy", r.IntentAccuracy().Rate(), floorIntentAccuracy)
	check("slot accuracy", r.Slots.Accuracy().Rate(), floorSlotAccuracy)
	check("sensitive recall", r.Sensitive.Rate(), floorSensitive)
	check("language accuracy", r.Lang.Accuracy().Rate(), floorLanguage)
	if fa := r.FalseAlarms.Rate(); fa > maxFalseAlarms {
		t.Errorf("false alarms %.3f, want at most %.3f", fa, maxFalseAlarms)
	}
	for _, l := range Languages {
		check("human recall "+l, r.HumanRecall(l).Rate(), floorHumanRecall)
	}
}
