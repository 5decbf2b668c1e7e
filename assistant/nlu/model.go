package nlu

import (
	"cmp"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"ratewise"
)

// Model is a trained understanding: the intent classifier, the language identifier and the
// vocabulary the slot rules consult. It is immutable once trained and safe for concurrent use.
type Model struct {
	clf   *classifier
	lang  *langModel
	vocab map[string]bool // folded words the corpus uses as ordinary words, not as names
}

// MaxParseText is the number of characters of a message Parse reads; a longer message is
// understood from its beginning. It bounds the work of one Parse.
const MaxParseText = 4000

// Result is what Parse understood of one message.
type Result struct {
	Intent string `json:"intent"`
	// Confidence is the classifier's probability for Intent, or 1 when a rule decided (see
	// Rule). A caller that would rather ask than guess compares it, or the gap between the
	// first two Scores, with a threshold of its own.
	Confidence float64 `json:"confidence"`
	// Lang is the message's language (one of Languages), or "" when the message is too short
	// or too mixed to tell: the caller then keeps the conversation's language.
	Lang  string `json:"lang"`
	Slots Slots  `json:"slots"`
	// Scores holds the classifier's probability for every intent, best first. Rules do not
	// change them.
	Scores []Score `json:"scores"`
	// Rule is "" when the classifier decided, RuleSafety when a sensitive-situation phrase
	// overrode it, RuleHuman when an explicit request for a person did, RuleSmallTalk when
	// the message is nothing but a greeting, thanks, yes or no.
	Rule string `json:"rule,omitempty"`
}

// Score is the classifier's probability for one intent.
type Score struct {
	Intent string  `json:"intent"`
	P      float64 `json:"p"`
}

// Rules that can override the classifier.
const (
	RuleSafety    = "safety"
	RuleHuman     = "human"
	RuleSmallTalk = "small_talk"
)

// Train learns a model from labelled examples. It is deterministic: the same examples in the
// same order give the same model.
func Train(examples []Example) (*Model, error) {
	if len(examples) == 0 {
		return nil, ratewise.Invalid("examples", "There is nothing to learn from.")
	}
	m := &Model{lang: trainLang(examples), vocab: vocabulary(examples)}
	feats := make([]bag, len(examples))
	labels := make([]string, len(examples))
	for i, e := range examples {
		if err := e.Validate(); err != nil {
			return nil, err
		}
		a := analyse(e.Text, e.Lang)
		feats[i] = m.features(a)
		labels[i] = e.Intent
	}
	m.clf = trainClassifier(feats, labels)
	return m, nil
}

// vocabulary collects the folded words the examples write in lower case: a word that only
// ever appears capitalised mid-sentence ("Harborline") is a name, not vocabulary. A word that
// the labels capitalise in offer names at least as often as the texts write it in lower case
// is a name written carelessly ("the harborline one"), not vocabulary; "Pay in 3" leaves
// "pay" an ordinary word.
func vocabulary(examples []Example) map[string]bool {
	lower := map[string]int{}
	for _, e := range examples {
		for _, w := range tokenize(e.Text) {
			if r := []rune(w); len(r) > 0 && !unicode.IsUpper(r[0]) {
				lower[fold(w)]++
			}
		}
	}
	named := map[string]int{}
	for _, e := range examples {
		for _, w := range tokenize(e.Slots.OfferRef) {
			if r := []rune(w); len(r) > 0 && unicode.IsUpper(r[0]) {
				named[fold(w)]++
			}
		}
	}
	v := map[string]bool{}
	for w, n := range lower {
		if n > named[w] {
			v[w] = true
		}
	}
	return v
}

func (m *Model) features(a analysis) bag {
	s, c := slotsOf(a, m.vocab, nil)
	safety, topic := safetyNet(a)
	c.topic, c.declined = topic, declinesPerson(a)
	return features(a, s, c, safety, humanRequest(a), smallTalkIntent(a))
}

// Parse understands one message. Sensitive situations win over everything else and a plain
// request for a person over any finance question; otherwise the classifier decides. Options
// add what the caller knows, such as the names of the catalogue's offers (WithNames).
func (m *Model) Parse(text string, opts ...Option) Result {
	var o parseOptions
	for _, opt := range opts {
		opt(&o)
	}
	if utf8.RuneCountInString(text) > MaxParseText {
		text = string([]rune(text)[:MaxParseText])
	}
	lang, _ := m.lang.detect(text)
	a := analyse(text, lang)
	slots, c := slotsOf(a, m.vocab, o.names)
	safety, topic := safetyNet(a)
	c.topic, c.declined = topic, declinesPerson(a)
	human, small := humanRequest(a), smallTalkIntent(a)
	p := m.clf.predict(features(a, slots, c, safety, human, small))

	r := Result{Lang: lang, Scores: make([]Score, len(p))}
	for i, c := range m.clf.classes {
		r.Scores[i] = Score{c, p[i]}
	}
	slices.SortStableFunc(r.Scores, func(a, b Score) int { return cmp.Compare(b.P, a.P) })
	// Staff of a named partner ("can I see an adviser at Harborline?", "will someone from
	// Thistle call me?") are part of a question about that offer: the classifier, which sees
	// both the name and the request, decides.
	// So are a shown offer's own advisers ("does the first one let you speak to an
	// advisor?", "ingår det personlig rådgivning i det tredje?").
	ordinal := ordinalRef(slots.OfferRef)
	humanRule := human && !c.named && !ordinal
	r.Intent, r.Confidence, r.Rule = decide(r.Scores, idioms.MatchString(a.flat), safety, humanRule, small, c.topic, c.declined, ordinal)
	if r.Intent == Complaint && r.Rule == "" && humanRule && noGrievance.MatchString(a.flat) {
		// "I want your supervisor, not to complain": a manager asked for without a grievance
		// is a request for a person.
		r.Intent, r.Confidence, r.Rule = Human, 1, RuleHuman
	}
	r.Slots = slots.forIntent(r.Intent, a, m.vocab)
	return r
}

// decide settles the intent from the classifier's scores (best first) and what the rules
// found: a sensitive-situation lexicon, an explicit request for a person, small talk, the
// situation a lexicon found only in a topic frame, and whether the message uses death or
// killing as a figure of speech.
func decide(scores []Score, idiom bool, safety string, human bool, small, topic string, declined, ordinal bool) (intent string, confidence float64, rule string) {
	top := scores[0]
	bestOther := func(skip func(string) bool) Score {
		for _, s := range scores {
			if !skip(s.Intent) {
				return s
			}
		}
		return top
	}
	if IsSensitive(top.Intent) && safety == "" && idiom {
		// "My car died", "I'm dying to know": take the best reading that is not a crisis.
		top = bestOther(IsSensitive)
	}
	if isSmallTalk(top.Intent) && small == "" && top.P < smallTalkGate {
		// "purple elephants dancing" read as a weak "yes" or "thanks" is neither: a yes
		// would accept an offer of a person. A message nothing else fits is off-topic.
		top = Score{OffTopic, 0}
		for _, s := range scores {
			if s.Intent == OffTopic {
				top = s
			}
		}
	}
	if top.Intent == Human && declined && safety == "" {
		// "No, I don't need to speak to anyone": a person turned down is no request for one.
		top = bestOther(func(in string) bool { return in == Human })
	}
	gate := handoffGate
	if IsSensitive(top.Intent) && top.Intent != topic {
		// A crisis gets the lower bar, unless the lexicon found this very situation only in
		// a topic frame ("what if I can't pay?", "not behind on any of them"): then a weak
		// guess of it is held to the bar of any handoff. Self-harm is never a topic.
		gate = sensitiveGate
	} else if ordinal {
		// A message that points at a shown offer ("does the second one come with an
		// adviser?") asks about that offer unless the classifier is sure it asks for us.
		gate = ordinalHandoffGate
	}
	if IsHandoff(top.Intent) && safety == "" && !human && top.P < gate {
		top = bestOther(IsHandoff)
	}
	switch {
	case safety == SelfHarm && top.Intent != SelfHarm:
		return SelfHarm, 1, RuleSafety
	case safety == Vulnerability && (top.Intent == Fraud || top.Intent == Hardship):
		// Illness or abuse said in so many words explains the money trouble or the
		// "fraud" (credit a controlling partner took out in the victim's name): the person
		// needs care first.
		return Vulnerability, 1, RuleSafety
	case IsSensitive(top.Intent):
	case safety != "":
		return safety, 1, RuleSafety
	case top.Intent == Human || top.Intent == Complaint:
	case human:
		return Human, 1, RuleHuman
	case small != "" && top.Intent != small:
		return small, 1, RuleSmallTalk
	}
	return top.Intent, top.P, ""
}

// Detect returns the language of text (one of Languages) and the identifier's posterior for
// it, or "" when the text is too short or mixed to tell.
func (m *Model) Detect(text string) (string, float64) { return m.lang.detect(text) }

// A guess of the classifier alone that a message needs a person (no lexicon or request
// phrase behind it) is acted on only from these probabilities up; below, the best other
// reading is taken. Cross-validation showed such weak guesses were mostly ordinary questions.
// Sensitive situations get the lower bar: missing one costs more than a needless handoff.
const (
	handoffGate        = 0.3
	sensitiveGate      = 0.15
	ordinalHandoffGate = 0.6
)

// smallTalkGate: a classifier guess of a yes, no, thanks or greeting that no small-talk word
// supports is taken from this probability up; below it, the message is off-topic.
const smallTalkGate = 0.3

func isSmallTalk(intent string) bool {
	return intent == Affirm || intent == Deny || intent == Thanks || intent == Greeting
}

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model trained on the embedded corpus. It is trained once, at first use,
// or read from the directory SetModelDir names when a model trained by this code from this
// corpus is kept there.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		ex, err := Corpus()
		if err != nil {
			defaultErr = err
			return
		}
		if modelDir == "" {
			defaultModel, defaultErr = Train(ex)
			return
		}
		defaultModel, _, defaultErr = loadOrTrain(modelDir, ex)
	})
	return defaultModel, defaultErr
}

// Parse understands text with the model trained on the embedded corpus. The corpus is part of
// the binary and checked by the package's tests, so failing to train on it is a build defect
// and panics.
func Parse(text string, opts ...Option) Result {
	m, err := Default()
	if err != nil {
		panic("nlu: the embedded corpus does not train: " + err.Error())
	}
	return m.Parse(text, opts...)
}

// ordinalRef reports whether ref is a position in the last list shown or "cheapest", rather
// than a name.
func ordinalRef(ref string) bool {
	return ref == "1" || ref == "2" || ref == "3" || ref == "cheapest"
}
