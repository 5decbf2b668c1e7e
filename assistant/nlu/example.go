package nlu

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/offers"
)

// Premium periods.
const (
	PerMonth   = "monthly"
	PerQuarter = "quarterly"
	PerYear    = "annual"
)

// Slot names, as labelled in the corpus and reported by Evaluate.
const (
	SlotProduct       = "product"
	SlotAmount        = "amount"
	SlotCurrency      = "currency"
	SlotRate          = "rate"
	SlotTermMonths    = "term_months"
	SlotPayment       = "payment"
	SlotPremium       = "premium"
	SlotPremiumPeriod = "premium_period"
	SlotRegion        = "region"
	SlotOfferRef      = "offer_ref"
	SlotTermTopic     = "term_topic"
)

// SlotNames lists every slot, in the order reports show them.
var SlotNames = []string{
	SlotProduct, SlotAmount, SlotCurrency, SlotRate, SlotTermMonths, SlotPayment, SlotPremium,
	SlotPremiumPeriod, SlotRegion, SlotOfferRef, SlotTermTopic,
}

// Limits on what a labelled example may hold. They only guard the loader against a broken
// file; real messages are far shorter.
const (
	// MaxExampleText is the longest text, in characters, a labelled example may have.
	MaxExampleText = 2000
	// MaxTermMonths is the longest term a slot may hold (50 years).
	MaxTermMonths = 600
	// MaxOfferRef is the longest offer reference, in characters.
	MaxOfferRef = 80
)

// Slots are what a message states. A zero field was not stated.
type Slots struct {
	Product       offers.ProductType
	Amount        *decimal.Decimal // a balance owed or an amount to borrow
	Currency      string           // ISO 4217, only when stated by symbol or word
	Rate          *decimal.Decimal // percent: 9.9 means 9.9 %
	TermMonths    int              // term or months left
	Payment       *decimal.Decimal // a monthly payment the user makes
	Premium       *decimal.Decimal // an insurance premium the user pays
	PremiumPeriod string           // PerMonth, PerQuarter or PerYear, with Premium
	Region        string           // ISO 3166: "GB", "US", "US-TX", "ES"
	OfferRef      string           // "1", "2", "3", "cheapest" or a name as written; AskOffer only
	TermTopic     string           // a short English key of a concept; ExplainTerm only
}

// Values returns the stated slots as strings keyed by slot name, numbers in their shortest
// exact form: the form the corpus labels them in.
func (s Slots) Values() map[string]string {
	m := map[string]string{}
	put := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	dec := func(d *decimal.Decimal) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	put(SlotProduct, string(s.Product))
	put(SlotAmount, dec(s.Amount))
	put(SlotCurrency, s.Currency)
	put(SlotRate, dec(s.Rate))
	if s.TermMonths != 0 {
		put(SlotTermMonths, fmt.Sprint(s.TermMonths))
	}
	put(SlotPayment, dec(s.Payment))
	put(SlotPremium, dec(s.Premium))
	put(SlotPremiumPeriod, s.PremiumPeriod)
	put(SlotRegion, s.Region)
	put(SlotOfferRef, s.OfferRef)
	put(SlotTermTopic, s.TermTopic)
	return m
}

// IsZero reports whether no slot is stated.
func (s Slots) IsZero() bool { return len(s.Values()) == 0 }

// MarshalJSON writes the stated slots in the corpus format: numbers as decimal strings,
// term_months as an integer.
func (s Slots) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	for k, v := range s.Values() {
		m[k] = v
	}
	if s.TermMonths != 0 {
		m[SlotTermMonths] = s.TermMonths
	}
	return json.Marshal(m)
}

var (
	decimalRe  = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)
	regionRe   = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)
	topicRe    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// UnmarshalJSON reads slots in the corpus format and refuses unknown slot names and values
// that do not have the slot's format.
func (s *Slots) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return ratewise.Invalid("slots", "Slots must be a JSON object: %v.", err)
	}
	var out Slots
	for k, v := range raw {
		if k == SlotTermMonths {
			var n int
			if err := json.Unmarshal(v, &n); err != nil || n < 1 || n > MaxTermMonths {
				return ratewise.Invalid(k, "term_months must be a whole number of months from 1 to %d, not %s.", MaxTermMonths, v)
			}
			out.TermMonths = n
			continue
		}
		var str string
		if err := json.Unmarshal(v, &str); err != nil {
			return ratewise.Invalid(k, "Slot %q must be a string, not %s.", k, v)
		}
		if err := out.set(k, str); err != nil {
			return err
		}
	}
	*s = out
	return nil
}

// set stores the labelled value v of slot k after checking its format.
func (s *Slots) set(k, v string) error {
	num := func(dst **decimal.Decimal) error {
		if !decimalRe.MatchString(v) {
			return ratewise.Invalid(k, "Slot %q must be a decimal without separators or sign, like \"18000\" or \"9.9\", not %q.", k, v)
		}
		d, err := decimal.NewFromString(v)
		if err != nil {
			return ratewise.Invalid(k, "Slot %q is not a decimal: %q.", k, v)
		}
		*dst = &d
		return nil
	}
	switch k {
	case SlotProduct:
		if !offers.ProductType(v).Valid() {
			return ratewise.Invalid(k, "Unknown product %q.", v)
		}
		s.Product = offers.ProductType(v)
	case SlotAmount:
		return num(&s.Amount)
	case SlotRate:
		return num(&s.Rate)
	case SlotPayment:
		return num(&s.Payment)
	case SlotPremium:
		return num(&s.Premium)
	case SlotCurrency:
		if !currencyRe.MatchString(v) {
			return ratewise.Invalid(k, "currency must be an ISO 4217 code like \"USD\", not %q.", v)
		}
		s.Currency = v
	case SlotPremiumPeriod:
		if v != PerMonth && v != PerQuarter && v != PerYear {
			return ratewise.Invalid(k, "premium_period must be monthly, quarterly or annual, not %q.", v)
		}
		s.PremiumPeriod = v
	case SlotRegion:
		if !regionRe.MatchString(v) {
			return ratewise.Invalid(k, "region must be an ISO 3166 code like \"GB\" or \"US-TX\", not %q.", v)
		}
		s.Region = v
	case SlotOfferRef:
		if strings.TrimSpace(v) == "" || utf8.RuneCountInString(v) > MaxOfferRef {
			return ratewise.Invalid(k, "offer_ref must be a position, \"cheapest\" or a name of at most %d characters, not %q.", MaxOfferRef, v)
		}
		s.OfferRef = v
	case SlotTermTopic:
		if !topicRe.MatchString(v) {
			return ratewise.Invalid(k, "term_topic must be a lower-case key like \"apr\", not %q.", v)
		}
		s.TermTopic = v
	default:
		return ratewise.Invalid(k, "Unknown slot %q.", k)
	}
	return nil
}

// Example is one labelled message.
type Example struct {
	Text   string `json:"text"`
	Lang   string `json:"lang"`
	Intent string `json:"intent"`
	Slots  Slots  `json:"slots,omitzero"`
	Note   string `json:"note,omitempty"`
	// Writer names who wrote the message when it is not the corpus's first writer: the
	// corpus mixes writers with different habits, and validating on one writer's messages
	// with a model trained on the others' (CrossValidateByWriter) is the closest the corpus
	// comes to messages nobody tuned on.
	Writer string `json:"writer,omitempty"`
}

// Validate checks what a labelled line must hold: a text, a known language and intent (slot
// formats are checked when the slots are read).
func (e Example) Validate() error {
	switch {
	case strings.TrimSpace(e.Text) == "":
		return ratewise.Invalid("text", "The text is empty.")
	case utf8.RuneCountInString(e.Text) > MaxExampleText:
		return ratewise.Invalid("text", "The text is longer than %d characters.", MaxExampleText)
	case !slices.Contains(Languages, e.Lang):
		return ratewise.Invalid("lang", "Unknown language %q; use one of %s.", e.Lang, strings.Join(Languages, ", "))
	case !ValidIntent(e.Intent):
		return ratewise.Invalid("intent", "Unknown intent %q.", e.Intent)
	}
	return nil
}

// ReadExamples reads labelled examples, one JSON object a line (blank lines are skipped), and
// refuses the whole input at the first line that is not valid, naming the line.
func ReadExamples(r io.Reader) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var out []Example
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e Example
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return nil, lineError(n, err)
		}
		if dec.More() {
			return nil, lineError(n, fmt.Errorf("more than one JSON value"))
		}
		if err := e.Validate(); err != nil {
			return nil, lineError(n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, ratewise.Wrap(ratewise.EINVALID, err, "The examples could not be read.")
	}
	return out, nil
}

func lineError(n int, err error) error {
	msg := err.Error()
	var e *ratewise.Error
	if errors.As(err, &e) {
		msg = e.Message
	}
	return ratewise.Invalid("line", "Line %d: %s", n, msg)
}

//go:embed corpus/train.jsonl
var trainingCorpus []byte

// Corpus returns the labelled training corpus the package learns from: every labelled message
// but the held-out split's, the earlier rounds' held-out splits included (each was measured
// once and then studied, so it is more use to learn from than to measure with).
func Corpus() ([]Example, error) { return ReadExamples(bytes.NewReader(trainingCorpus)) }
