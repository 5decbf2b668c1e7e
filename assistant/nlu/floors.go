package nlu

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// Floors are the least a split must measure: the package's tests and `ratewise eval` both
// check them, from here. FalseAlarms is a ceiling.
type Floors struct {
	Intent, Slots, Sensitive, FalseAlarms, Human, Language float64
}

// The floors of each split, named as the splits are (SplitCrossValidation is 5-fold
// cross-validation on the training corpus).
const (
	SplitCrossValidation = "train (5-fold cross-validation)"
	SplitHeldout         = "heldout"
)

// SplitFloors holds each split's floors; the comments say what each split measured.
var SplitFloors = map[string]Floors{
	// Cross-validation on the corpus, a little under what it measures: intent 93.0 %, slots
	// 93.5 %, sensitive recall 96.5 % with 2.8 % false alarms, human recall 95.4–97.1 %,
	// language 99.8 % on 10,993 messages by 19 writers (the earlier rounds' held-out splits and
	// four new writers' 2,202 lines included). A change that makes understanding worse fails.
	// It flatters the package: every writer's habits are in training. Holding out whole
	// writers is the nearer measure (`ratewise eval`), and only a split written after the last
	// change is an honest one.
	SplitCrossValidation: {Intent: 0.925, Slots: 0.93, Sensitive: 0.96, FalseAlarms: 0.03, Human: 0.95, Language: 0.99},
	// The held-out split (HeldoutPath) is written after the last change to the package, by
	// writers who see neither the package nor the other splits, and measured once. What the
	// product needs on messages nobody tuned on: intent ≥ 90 %, a request for a person
	// recognised ≥ 95 % in every language, sensitive situations ≥ 95 % with ≤ 2 % false
	// alarms, slots ≥ 90 %. The fifth round's split (636 messages by three more new writers:
	// terse people on a work break, long story-like messages that bury the request, carers
	// writing for someone else; 643 written, 7 repeating a line of train or a dev split
	// removed) measured, once, on 2026-11-30 after the fifth round: intent 78.1 %, slots
	// 89.7 %, sensitive recall 75.6 % (self-harm 51.5 %, fraud 63.2 %, vulnerability 65.6 %)
	// with 4.6 % false alarms, human recall en 75.8 %, es 89.7 %, fr 79.3 %, de 82.8 %, sv
	// 82.8 %, language 100 %. The fourth round's split, new when the fourth round was over,
	// had measured sensitive recall 74.1 % with 2.6 % false alarms: fixing each round's
	// held-out mistakes by kind raised the split it was studied on (dev4: 74.1 → 98.1 %) and
	// barely moved the next writers' figures. The floors below hold what was measured,
	// rounded down, until an approach that generalises replaces the round of fixes.
	SplitHeldout: {Intent: 0.78, Slots: 0.89, Sensitive: 0.75, FalseAlarms: 0.047, Human: 0.75, Language: 0.99},
}

// HeldoutPath is where the held-out split lives in the repository. It is test data, not
// embedded in the binary: `ratewise eval` reads it from the working directory when it is
// there (ReadHeldout), and the package's tests measure it when it is there.
const HeldoutPath = "assistant/nlu/corpus/heldout.jsonl"

// ReadHeldout reads the held-out split from path; ok is false when there is no such file.
func ReadHeldout(path string) (ex []Example, ok bool, err error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ex, err = ReadExamples(bytes.NewReader(b))
	return ex, true, err
}

// Below lists every figure of r under its floor in f, as sentences; nil when all hold.
func (r Report) Below(f Floors) []string {
	var out []string
	check := func(what string, got, floor float64) {
		if got < floor {
			out = append(out, fmt.Sprintf("%s %.1f%%, floor %.1f%%", what, 100*got, 100*floor))
		}
	}
	check("intent accuracy", r.IntentAccuracy().Rate(), f.Intent)
	check("slot accuracy", r.Slots.Accuracy().Rate(), f.Slots)
	check("sensitive recall", r.Sensitive.Rate(), f.Sensitive)
	check("language accuracy", r.Lang.Accuracy().Rate(), f.Language)
	if fa := r.FalseAlarms.Rate(); fa > f.FalseAlarms {
		out = append(out, fmt.Sprintf("false alarms %.1f%%, ceiling %.1f%%", 100*fa, 100*f.FalseAlarms))
	}
	for _, l := range Languages {
		if c := r.HumanRecall(l); c.Total > 0 {
			check("human recall "+l, c.Rate(), f.Human)
		}
	}
	return out
}

// WriteFloors writes the floors next to the figures they bound.
func (f Floors) WriteFloors(w io.Writer) {
	fmt.Fprintf(w, "floors: intent %.0f%%, slots %.0f%%, sensitive %.0f%%, false alarms at most %.1f%%, human recall %.0f%% in each language, language %.0f%%\n",
		100*f.Intent, 100*f.Slots, 100*f.Sensitive, 100*f.FalseAlarms, 100*f.Human, 100*f.Language)
}
