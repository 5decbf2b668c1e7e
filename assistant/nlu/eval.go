package nlu

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"ratewise"
)

// Report measures a model against labelled examples.
//
// Definitions:
//   - Intent accuracy: the share of examples whose predicted intent is the labelled one.
//   - Per-intent precision: of the examples predicted as the intent, the share labelled so;
//     recall: of the examples labelled with the intent, the share predicted so.
//   - Slot accuracy: of all labelled slots, the share Parse returned with exactly the labelled
//     value (numbers compared as decimals, so "18000" equals "18000.00"; offer_ref compared
//     without regard to case; everything else as written). A slot Parse returns that the label
//     does not have is spurious: it does not lower slot accuracy but is counted in Spurious and
//     lowers slot precision (correct slots over returned slots). The headline figures (Slots)
//     cover the slots a caller acts on, HeadlineSlots: term_topic is an open vocabulary of
//     concept keys that two labellers name differently ("debt_after_death", "death_and_debt"),
//     so it is listed in SlotsByName and in Mistakes but counted in neither headline figure.
//   - Human recall per language: of the examples labelled human, the share predicted human.
//   - Sensitive recall ("routed as sensitive"): of the examples labelled with a sensitive
//     intent, the share predicted as any sensitive intent, which is what decides that a person
//     sees it at once. Sensitive exact accuracy: the share predicted as exactly the labelled one.
//   - False-alarm rate: of the ordinary examples (labelled neither sensitive, nor human, nor
//     complaint), the share predicted as one of those, which would put someone in front of a
//     person who did not ask.
//   - Language accuracy: of the examples Parse gives a language for, the share with the
//     labelled one; Undetected counts those it gives none for.
type Report struct {
	Examples       int
	IntentCorrect  int
	Intents        []IntentStat // in the order of Intents, only those labelled or predicted
	Slots          SlotStat     // over HeadlineSlots only
	SlotsByName    []SlotCount  // in the order of SlotNames, only those labelled or returned
	HumanByLang    []LangCount  // in the order of Languages, only languages with human examples
	Sensitive      Count        // labelled sensitive: Hit = predicted any sensitive intent
	SensitiveExact Count        // labelled sensitive: Hit = predicted exactly the labelled one
	FalseAlarms    Count        // ordinary examples: Hit = predicted sensitive, human or complaint
	Lang           LangStat
	Mistakes       []Mistake // every example with a wrong intent or a wrong, missing or spurious slot
}

// HeadlineSlots are the slots the headline slot accuracy and precision count: every slot but
// term_topic (see Report).
var HeadlineSlots = []string{
	SlotProduct, SlotAmount, SlotCurrency, SlotRate, SlotTermMonths, SlotPayment, SlotPremium,
	SlotPremiumPeriod, SlotRegion, SlotOfferRef,
}

// Count is a number of hits out of a total.
type Count struct{ Hit, Total int }

// Rate is Hit/Total, or 0 when there is nothing to count.
func (c Count) Rate() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Hit) / float64(c.Total)
}

func (c Count) String() string {
	if c.Total == 0 {
		return "–"
	}
	return fmt.Sprintf("%5.1f%% (%d/%d)", 100*c.Rate(), c.Hit, c.Total)
}

// IntentStat is one intent's precision and recall.
type IntentStat struct {
	Intent    string
	Labelled  int // examples labelled with it
	Predicted int // examples predicted as it
	Correct   int // both
}

// Precision is Correct/Predicted.
func (s IntentStat) Precision() Count { return Count{s.Correct, s.Predicted} }

// Recall is Correct/Labelled.
func (s IntentStat) Recall() Count { return Count{s.Correct, s.Labelled} }

// SlotStat counts slots over all examples.
type SlotStat struct {
	Labelled int // slots in the labels
	Returned int // slots Parse returned
	Correct  int // returned with the labelled value
	Spurious int // returned but not labelled
}

// Accuracy is Correct/Labelled.
func (s SlotStat) Accuracy() Count { return Count{s.Correct, s.Labelled} }

// Precision is Correct/Returned.
func (s SlotStat) Precision() Count { return Count{s.Correct, s.Returned} }

// SlotCount is SlotStat for one slot.
type SlotCount struct {
	Slot string
	SlotStat
}

// LangCount is a count for one language.
type LangCount struct {
	Lang string
	Count
}

// LangStat measures language identification.
type LangStat struct {
	Detected   int // examples Parse gave a language for
	Correct    int // … the labelled one
	Undetected int // examples Parse gave no language for
}

// Accuracy is Correct/Detected.
func (s LangStat) Accuracy() Count { return Count{s.Correct, s.Detected} }

// Mistake is one example Parse got wrong in some way.
type Mistake struct {
	Example
	Got   Result
	Slots []string // "rate: want 9.9, got 9", "region: want —, got GB"
}

// IntentAccuracy is the share of examples with the labelled intent.
func (r Report) IntentAccuracy() Count { return Count{r.IntentCorrect, r.Examples} }

// HumanRecall returns the human-request recall for lang.
func (r Report) HumanRecall(lang string) Count {
	for _, c := range r.HumanByLang {
		if c.Lang == lang {
			return c.Count
		}
	}
	return Count{}
}

// Evaluate measures the model trained on the embedded corpus against examples, parsing each
// with opts.
func Evaluate(examples []Example, opts ...Option) (Report, error) {
	m, err := Default()
	if err != nil {
		return Report{}, err
	}
	return m.Evaluate(examples, opts...), nil
}

// Evaluate measures m against examples, parsing each with opts.
func (m *Model) Evaluate(examples []Example, opts ...Option) Report {
	results := make([]Result, len(examples))
	for i, e := range examples {
		results[i] = m.Parse(e.Text, opts...)
	}
	return report(examples, results)
}

// CrossValidate splits examples into k folds, stratified by intent and assigned by a hash of
// the text (so the split is deterministic and independent of file order), trains on k-1 folds
// and parses the remaining one, k times, and reports on every example as predicted by the
// model that did not see it.
func CrossValidate(examples []Example, k int) (Report, error) {
	if k < 2 || k > len(examples) {
		return Report{}, ratewise.Invalid("k", "Cross-validation needs from 2 to %d folds, not %d.", len(examples), k)
	}
	results, err := holdOut(examples, folds(examples, k), k)
	if err != nil {
		return Report{}, err
	}
	return report(examples, results), nil
}

// OriginalWriter names the writer of the examples that name none: the corpus's first.
const OriginalWriter = "original"

// WriterOf returns who wrote e: its Writer, or OriginalWriter.
func WriterOf(e Example) string {
	if e.Writer == "" {
		return OriginalWriter
	}
	return e.Writer
}

// WriterReport is the report on one writer's examples.
type WriterReport struct {
	Writer string
	Report
}

// CrossValidateByWriter holds out each writer in turn: it trains on every other writer's
// examples and parses the held-out writer's. Each writer has habits of their own (wordings,
// typos, topics), so this is the corpus's nearest measure of messages written by someone the
// model never read, where k-fold cross-validation lets every writer's habits into training.
// It reports on each writer, in order of first appearance, and on all examples together.
func CrossValidateByWriter(examples []Example) ([]WriterReport, Report, error) {
	var writers []string
	for _, e := range examples {
		if w := WriterOf(e); !slices.Contains(writers, w) {
			writers = append(writers, w)
		}
	}
	if len(writers) < 2 {
		return nil, Report{}, ratewise.Invalid("examples", "Holding out writers needs at least two writers, not %d.", len(writers))
	}
	fold := make([]int, len(examples))
	for i, e := range examples {
		fold[i] = slices.Index(writers, WriterOf(e))
	}
	results, err := holdOut(examples, fold, len(writers))
	if err != nil {
		return nil, Report{}, err
	}
	out := make([]WriterReport, len(writers))
	for f, w := range writers {
		var ex []Example
		var res []Result
		for i := range examples {
			if fold[i] == f {
				ex, res = append(ex, examples[i]), append(res, results[i])
			}
		}
		out[f] = WriterReport{w, report(ex, res)}
	}
	return out, report(examples, results), nil
}

// holdOut trains k models, model f on the examples outside fold f, and returns every
// example's result from the model that did not see it. The models train side by side, as
// many at a time as there are processors.
func holdOut(examples []Example, fold []int, k int) ([]Result, error) {
	results := make([]Result, len(examples))
	errs := make([]error, k)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for f := range k {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var train []Example
			for i, e := range examples {
				if fold[i] != f {
					train = append(train, e)
				}
			}
			m, err := Train(train)
			if err != nil {
				errs[f] = err
				return
			}
			for i, e := range examples {
				if fold[i] == f {
					results[i] = m.Parse(e.Text)
				}
			}
		}()
	}
	wg.Wait()
	return results, errors.Join(errs...)
}

// folds assigns each example a fold: within each intent, examples are ordered by the hash of
// their text and dealt round-robin, so every fold has its share of every intent.
func folds(examples []Example, k int) []int {
	byIntent := map[string][]int{}
	for i, e := range examples {
		byIntent[e.Intent] = append(byIntent[e.Intent], i)
	}
	hash := func(s string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(s))
		return h.Sum64()
	}
	out := make([]int, len(examples))
	for _, intent := range Intents {
		idx := byIntent[intent]
		slices.SortFunc(idx, func(a, b int) int {
			ha, hb := hash(examples[a].Text), hash(examples[b].Text)
			switch {
			case ha < hb:
				return -1
			case ha > hb:
				return 1
			}
			return a - b
		})
		for n, i := range idx {
			out[i] = n % k
		}
	}
	return out
}

func report(examples []Example, results []Result) Report {
	r := Report{Examples: len(examples)}
	intents := map[string]*IntentStat{}
	stat := func(intent string) *IntentStat {
		if intents[intent] == nil {
			intents[intent] = &IntentStat{Intent: intent}
		}
		return intents[intent]
	}
	slots := map[string]*SlotStat{}
	slot := func(name string) *SlotStat {
		if slots[name] == nil {
			slots[name] = &SlotStat{}
		}
		return slots[name]
	}
	human := map[string]*Count{}
	for i, e := range examples {
		got := results[i]
		stat(e.Intent).Labelled++
		stat(got.Intent).Predicted++
		ok := got.Intent == e.Intent
		if ok {
			r.IntentCorrect++
			stat(e.Intent).Correct++
		}
		if e.Intent == Human {
			if human[e.Lang] == nil {
				human[e.Lang] = &Count{}
			}
			human[e.Lang].Total++
			if ok {
				human[e.Lang].Hit++
			}
		}
		switch {
		case IsSensitive(e.Intent):
			r.Sensitive.Total++
			r.SensitiveExact.Total++
			if IsSensitive(got.Intent) {
				r.Sensitive.Hit++
			}
			if ok {
				r.SensitiveExact.Hit++
			}
		case !IsHandoff(e.Intent):
			r.FalseAlarms.Total++
			if IsHandoff(got.Intent) {
				r.FalseAlarms.Hit++
			}
		}
		switch {
		case got.Lang == "":
			r.Lang.Undetected++
		case got.Lang == e.Lang:
			r.Lang.Detected++
			r.Lang.Correct++
		default:
			r.Lang.Detected++
		}

		want, have := e.Slots.Values(), got.Slots.Values()
		var diffs []string
		for _, name := range SlotNames {
			w, inWant := want[name]
			h, inHave := have[name]
			// The headline counts only HeadlineSlots; the rest count for their own row.
			head := &r.Slots
			if !slices.Contains(HeadlineSlots, name) {
				head = &SlotStat{}
			}
			if inWant {
				head.Labelled++
				slot(name).Labelled++
			}
			if inHave {
				head.Returned++
				slot(name).Returned++
			}
			switch {
			case inWant && inHave && sameSlot(name, w, h):
				head.Correct++
				slot(name).Correct++
			case inHave && !inWant:
				head.Spurious++
				slot(name).Spurious++
				diffs = append(diffs, fmt.Sprintf("%s: want —, got %s", name, h))
			case inWant:
				diffs = append(diffs, fmt.Sprintf("%s: want %s, got %s", name, w, orDash(h)))
			}
		}
		if !ok || len(diffs) > 0 {
			r.Mistakes = append(r.Mistakes, Mistake{Example: e, Got: got, Slots: diffs})
		}
	}
	for _, in := range Intents {
		if s := intents[in]; s != nil {
			r.Intents = append(r.Intents, *s)
		}
	}
	for _, name := range SlotNames {
		if s := slots[name]; s != nil {
			r.SlotsByName = append(r.SlotsByName, SlotCount{name, *s})
		}
	}
	for _, l := range Languages {
		if c := human[l]; c != nil {
			r.HumanByLang = append(r.HumanByLang, LangCount{l, *c})
		}
	}
	return r
}

func sameSlot(name, want, got string) bool {
	switch name {
	case SlotAmount, SlotRate, SlotPayment, SlotPremium, SlotTermMonths:
		w, err1 := decimal.NewFromString(want)
		g, err2 := decimal.NewFromString(got)
		return err1 == nil && err2 == nil && w.Equal(g)
	case SlotOfferRef:
		return strings.EqualFold(want, got)
	}
	return want == got
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Table renders the report as plain text: the headline figures, then per intent, per slot and
// per language.
func (r Report) Table() string {
	var b strings.Builder
	r.WriteTable(&b)
	return b.String()
}

// WriteTable writes Table's text to w.
func (r Report) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "examples\t%d\n", r.Examples)
	fmt.Fprintf(tw, "intent accuracy\t%s\n", r.IntentAccuracy())
	fmt.Fprintf(tw, "slot accuracy\t%s\t(term_topic apart)\n", r.Slots.Accuracy())
	fmt.Fprintf(tw, "slot precision\t%s\tspurious slots: %d\n", r.Slots.Precision(), r.Slots.Spurious)
	fmt.Fprintf(tw, "sensitive recall (routed)\t%s\n", r.Sensitive)
	fmt.Fprintf(tw, "sensitive exact accuracy\t%s\n", r.SensitiveExact)
	fmt.Fprintf(tw, "false alarms on ordinary\t%s\n", r.FalseAlarms)
	for _, h := range r.HumanByLang {
		fmt.Fprintf(tw, "human recall %s\t%s\n", h.Lang, h.Count)
	}
	fmt.Fprintf(tw, "language accuracy\t%s\tundetected: %d\n", r.Lang.Accuracy(), r.Lang.Undetected)
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "intent\tlabelled\tprecision\trecall")
	for _, s := range r.Intents {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", s.Intent, s.Labelled, s.Precision(), s.Recall())
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "slot\tlabelled\taccuracy\tprecision\tspurious")
	for _, s := range r.SlotsByName {
		note := ""
		if !slices.Contains(HeadlineSlots, s.Slot) {
			note = "\t(not in the headline slot figures)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d%s\n", s.Slot, s.Labelled, s.Accuracy(), s.Precision(), s.Spurious, note)
	}
	tw.Flush()
}

// WriteMistakes writes up to n of the report's mistakes, one a line, for a person to read.
func (r Report) WriteMistakes(w io.Writer, n int) {
	for i, m := range r.Mistakes {
		if i == n {
			fmt.Fprintf(w, "… %d more\n", len(r.Mistakes)-n)
			return
		}
		intent := m.Intent
		if m.Got.Intent != m.Intent {
			intent = fmt.Sprintf("want %s, got %s (%.2f)", m.Intent, m.Got.Intent, m.Got.Confidence)
		}
		fmt.Fprintf(w, "[%s] %q: %s", m.Lang, m.Text, intent)
		if len(m.Slots) > 0 {
			fmt.Fprintf(w, "; %s", strings.Join(m.Slots, "; "))
		}
		fmt.Fprintln(w)
	}
}
