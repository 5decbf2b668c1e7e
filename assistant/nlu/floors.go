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
	// Cross-validation on the corpus, a little under what it measures: intent 92.8 %, slots
	// 93.6 %, sensitive recall 97.0 % with 4.0 % false alarms, human recall 94.6–97.9 %,
	// language 99.8 % on 14,934 messages by 32 writers (the earlier rounds' held-out splits
	// and eight new writers' lines included). Writers w, x, aa and ab wrote mostly hard cases —
	// look-alikes, formal and indirect requests for a person, arrears denied — which the
	// other folds learn from less well: with them the false alarms measured here went from
	// 2.8 % to 4.0 % and German human recall from 96.3 % to 94.6 %. A change that makes
	// understanding worse fails. It flatters the package: every writer's habits are in
	// training. Holding out whole writers is the nearer measure (`ratewise eval`), and only a
	// split written after the last change is an honest one.
	SplitCrossValidation: {Intent: 0.92, Slots: 0.93, Sensitive: 0.965, FalseAlarms: 0.042, Human: 0.94, Language: 0.99},
	// The held-out split (HeldoutPath) is written by writers who see neither the package nor
	// the corpus, never looked at before it is measured, and measured once after the last
	// change, with the demo catalogue's names as the product parses. Its floors are what the
	// product needs on messages nobody tuned on: intent ≥ 90 %, a request for a person
	// recognised ≥ 95 % in every language, sensitive situations ≥ 95 % with ≤ 2 % false
	// alarms, slots ≥ 90 %.
	//
	// Four rounds on 2026-11-30 each measured a new split once (the corpus README names their
	// writers). The sixth (808 messages): intent 95.7 %, slots 96.3 %, sensitive recall 97.2 %
	// with 1.9 % false alarms, human recall 92.9–100 %. The seventh (827): intent 94.6 %,
	// slots 92.8 %, sensitive 97.5 % with 3.2 % false alarms, human recall 94.6–100 %. The
	// eighth (864): intent 95.5 %, slots 97.1 %, sensitive 98.9 % with 2.5 % false alarms,
	// human recall 92.6–95.1 %. Each missed the human-recall floor in some language or the
	// false-alarm ceiling, and each was then folded into the corpus. The ninth, the split
	// here: 810 messages by writers ac (moving house or changing banks), ad (gig workers) and
	// ae (follow-ups in the middle of a conversation), written while the ninth round's last
	// changes were made and looked at by no one before it was measured; 843 written, 32
	// repeating a training line and 1 another of its lines removed. Measured once: intent
	// 97.2 %, slots 94.6 %, sensitive recall 98.8 % with 1.5 % false alarms, human recall en
	// 97.0 %, es 98.3 %, fr 96.6 %, de 96.6 %, sv 96.6 %, language 100 % — every floor met.
	// Its writers worked from the same brief as corpus writers p–x and aa–ab; holding out each
	// of p–s in turn measures intent 89.0–91.7 %, the more cautious figure for writers unlike any
	// in the corpus.
	SplitHeldout: {Intent: 0.90, Slots: 0.90, Sensitive: 0.95, FalseAlarms: 0.02, Human: 0.95, Language: 0.99},
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
