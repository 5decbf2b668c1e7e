package nlu

import (
	"os"
	"strings"
	"testing"
	"unicode"
)

// The held-out split is written apart from the package, after its last change, by writers who
// saw neither the package nor the corpus, and measured once. The earlier rounds' held-out
// splits were studied after their measurement and are training lines now (Corpus). Run with
// NLU_REPORT=1 and -v to see the report and every mistake.

// heldoutSet reads the held-out split; it is test data only and not embedded in the binary.
// Between rounds the split is written apart from the repository and added after the last
// change, so until then there is none and ok is false.
func heldoutSet(t *testing.T) (ex []Example, ok bool) {
	t.Helper()
	ex, ok, err := ReadHeldout(heldoutFile)
	if err != nil {
		t.Fatalf("the held-out split does not load: %v", err)
	}
	return ex, ok
}

// heldoutFile is HeldoutPath seen from the package's directory, where its tests run.
const heldoutFile = "corpus/heldout.jsonl"

func TestHeldoutPathIsThePackagesFile(t *testing.T) {
	if HeldoutPath != "assistant/nlu/"+heldoutFile {
		t.Errorf("HeldoutPath %q is not the file the tests read, %s", HeldoutPath, heldoutFile)
	}
}

func TestHeldoutSetIsValid(t *testing.T) {
	ex, ok := heldoutSet(t)
	if !ok {
		t.Skipf("no held-out split at %s yet: it is added after the last change to the package", heldoutFile)
	}
	checkLabels(t, "heldout", ex)
}

func TestHeldoutSplitFloors(t *testing.T) {
	ex, ok := heldoutSet(t)
	if !ok {
		t.Skipf("no held-out split at %s yet: it is added after the last change to the package, and measured once", heldoutFile)
	}
	// Measured as users meet the package: the product gives Parse the catalogue's names with
	// every message (WithNames).
	checkFloors(t, SplitHeldout, ex, WithNames(demoNames(t)))
}

// Nothing of the held-out split may be learnt: none of its messages is a training line,
// whatever its case, accents, punctuation and spacing.
func TestSplitsAreDisjoint(t *testing.T) {
	held, ok := heldoutSet(t)
	if !ok {
		t.Skipf("no held-out split at %s yet", heldoutFile)
	}
	train, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]int{}
	for n, e := range train {
		in[messageKey(e.Text)] = n + 1
	}
	for n, e := range held {
		if m, ok := in[messageKey(e.Text)]; ok {
			t.Errorf("heldout line %d is train line %d: %q", n+1, m, e.Text)
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

func checkFloors(t *testing.T, name string, ex []Example, opts ...Option) {
	t.Helper()
	r, err := Evaluate(ex, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("NLU_REPORT") != "" {
		t.Logf("%s split, %d examples:\n%s", name, len(ex), r.Table())
		r.WriteMistakes(os.Stdout, 1000)
	}
	for _, miss := range r.Below(SplitFloors[name]) {
		t.Errorf("%s: %s", name, miss)
	}
}
