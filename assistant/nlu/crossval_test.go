package nlu

import (
	"os"
	"testing"
)

// 5-fold cross-validation on the corpus must hold its floors (SplitFloors): a change that
// makes understanding worse fails here. Run with NLU_REPORT=1 and -v to see the report and
// every mistake.
func TestCrossValidation(t *testing.T) {
	t.Parallel()
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
	for _, miss := range r.Below(SplitFloors[SplitCrossValidation]) {
		t.Error(miss)
	}
}
