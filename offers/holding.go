package offers

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"ratewise"
)

// HoldingKind is "loan" or "insurance".
type HoldingKind string

const (
	KindLoan      HoldingKind = "loan"
	KindInsurance HoldingKind = "insurance"
)

// Premium frequencies of an insurance holding.
const (
	Monthly   = "monthly"
	Quarterly = "quarterly"
	Annual    = "annual"
)

// Holding is a consumer's existing loan, card or policy (the API's Holding). For loans Balance,
// APR and RemainingMonths describe what is left; MonthlyPayment, if given, is what the
// consumer actually pays (otherwise the amortizing payment is assumed). For credit cards
// RemainingMonths may be 0 and MonthlyPayment is the consumer's usual payment. For insurance
// Premium is paid PremiumFrequency.
type Holding struct {
	ID              int64       `json:"id"`
	UserID          int64       `json:"user_id,omitempty"`
	Kind            HoldingKind `json:"kind"`
	ProductType     ProductType `json:"product_type"`
	Provider        string      `json:"provider"`
	Balance         Money       `json:"balance"`
	APR             Percent     `json:"apr"`
	RemainingMonths int         `json:"remaining_months"`
	MonthlyPayment  *Money      `json:"monthly_payment,omitempty"`
	// PrepaymentPenalty is the amount the current lender charges to repay early.
	PrepaymentPenalty *Money    `json:"prepayment_penalty,omitempty"`
	Premium           *Money    `json:"premium,omitempty"`
	PremiumFrequency  string    `json:"premium_frequency,omitempty"`
	CoverageLimit     *Money    `json:"coverage_limit,omitempty"`
	Deductible        *Money    `json:"deductible,omitempty"`
	RenewalDate       *Date     `json:"renewal_date,omitempty"`
	CreatedAt         time.Time `json:"created_at,omitzero"`
	UpdatedAt         time.Time `json:"updated_at,omitzero"`
}

// Limits that keep the math meaningful and the numbers sane.
var (
	maxAmount     = decimal.NewFromInt(1_000_000_000)
	maxRate       = decimal.NewFromInt(100) // a rate must be below 100 %
	maxTermMonths = 600
)

// Validate checks a holding as a consumer would enter it. Errors are EINVALID with the JSON
// field name. Kind defaults from the product type when empty.
func (h *Holding) Validate() error {
	h.Provider = strings.TrimSpace(h.Provider)
	if !h.ProductType.Valid() {
		if h.ProductType == "" {
			return ratewise.Invalid("product_type", "Say what kind of product this is (product_type).")
		}
		_, err := ParseProductType(string(h.ProductType))
		return err
	}
	if h.Kind == "" {
		h.Kind = h.ProductType.Kind()
	}
	if h.Kind != KindLoan && h.Kind != KindInsurance {
		return ratewise.Invalid("kind", "kind must be \"loan\" or \"insurance\".")
	}
	if h.Kind != h.ProductType.Kind() {
		return ratewise.Invalid("kind", "A %s is kind %q, not %q.", h.ProductType, h.ProductType.Kind(), h.Kind)
	}
	if len(h.Provider) > 200 {
		return ratewise.Invalid("provider", "The provider name is too long (at most 200 characters).")
	}
	if err := nonNegative("balance", h.Balance.Decimal); err != nil {
		return err
	}
	if err := checkRate("apr", h.APR.Decimal); err != nil {
		return err
	}
	if h.RemainingMonths < 0 || h.RemainingMonths > maxTermMonths {
		return ratewise.Invalid("remaining_months", "remaining_months must be between 0 and %d.", maxTermMonths)
	}
	for _, f := range []struct {
		name string
		m    *Money
	}{{"monthly_payment", h.MonthlyPayment}, {"prepayment_penalty", h.PrepaymentPenalty}, {"premium", h.Premium},
		{"coverage_limit", h.CoverageLimit}, {"deductible", h.Deductible}} {
		if f.m != nil {
			if err := nonNegative(f.name, f.m.Decimal); err != nil {
				return err
			}
		}
	}
	switch h.Kind {
	case KindLoan:
		if !h.Balance.IsPositive() {
			return ratewise.Invalid("balance", "A loan needs its outstanding balance, above zero.")
		}
		if h.ProductType != CreditCard && h.RemainingMonths == 0 {
			return ratewise.Invalid("remaining_months", "A loan needs the number of monthly payments left, at least 1.")
		}
		if h.MonthlyPayment != nil && !h.MonthlyPayment.IsPositive() {
			return ratewise.Invalid("monthly_payment", "monthly_payment must be above zero.")
		}
		if h.MonthlyPayment != nil {
			if err := h.checkPayment(); err != nil {
				return err
			}
		}
	case KindInsurance:
		if h.Premium == nil || !h.Premium.IsPositive() {
			return ratewise.Invalid("premium", "A policy needs its premium, above zero.")
		}
		switch h.PremiumFrequency {
		case "":
			h.PremiumFrequency = Annual
		case Monthly, Quarterly, Annual:
		default:
			return ratewise.Invalid("premium_frequency", "premium_frequency must be monthly, quarterly or annual.")
		}
	}
	return nil
}

// checkPayment refuses a stated monthly payment that cannot repay the loan: one at or below a
// month's interest never reduces the balance (cards and loans), and for a loan with a term
// one whose last payment, in month remaining_months, would have to be more than twice the
// payment means the balance, rate, months left and payment do not describe one loan (a
// few cents a month of lender rounding stay well inside that). A payment above the schedule
// one is accepted: the loan is repaid early. EUNPROCESSABLE on "monthly_payment".
func (h *Holding) checkPayment() error {
	pay := h.MonthlyPayment.Decimal
	interest := h.Balance.Mul(monthlyRate(h.APR.Decimal))
	if h.APR.IsPositive() && pay.LessThanOrEqual(interest) {
		return ratewise.Unprocessable("monthly_payment", "A payment of %s does not cover the monthly interest (%s) on a balance of %s at %s%%, so the balance would never be paid off.",
			h.MonthlyPayment, String2(interest), h.Balance, h.APR)
	}
	if h.ProductType == CreditCard {
		return nil
	}
	po := amortize(h.Balance.Decimal, h.APR.Decimal, pay, h.RemainingMonths, 0, decimal.Zero, nil)
	if po.LastPayment.GreaterThan(pay.Mul(two)) {
		return ratewise.Unprocessable("monthly_payment", "A payment of %s a month does not repay %s at %s%% in %d months: the last payment would be %s. Repaying it in %d months takes %s a month; check the balance, rate, months left and payment.",
			h.MonthlyPayment, h.Balance, h.APR, h.RemainingMonths, String2(po.LastPayment), h.RemainingMonths, String2(MonthlyPayment(h.Balance.Decimal, h.APR.Decimal, h.RemainingMonths)))
	}
	return nil
}

func nonNegative(field string, d decimal.Decimal) error {
	if d.IsNegative() {
		return ratewise.Invalid(field, "%s must not be negative.", field)
	}
	if d.GreaterThan(maxAmount) {
		return ratewise.Invalid(field, "%s is implausibly large.", field)
	}
	if !d.Equal(d.Round(2)) {
		return ratewise.Invalid(field, "%s has more than two decimal places.", field)
	}
	return nil
}

func checkRate(field string, d decimal.Decimal) error {
	if d.IsNegative() {
		return ratewise.Invalid(field, "%s must not be negative.", field)
	}
	if d.GreaterThanOrEqual(maxRate) {
		return ratewise.Invalid(field, "%s is a percentage per year and must be below 100.", field)
	}
	if !d.Equal(d.Round(4)) {
		return ratewise.Invalid(field, "%s has more than four decimal places.", field)
	}
	return nil
}

// HoldingUpdate changes the fields that are set (non-nil) and leaves absent ones as they are.
// In JSON an optional field sent as null (`"prepayment_penalty": null`) is removed: Clear
// lists those; a required field sent as null is refused by Apply.
type HoldingUpdate struct {
	Provider          *string  `json:"provider"`
	Balance           *Money   `json:"balance"`
	APR               *Percent `json:"apr"`
	RemainingMonths   *int     `json:"remaining_months"`
	MonthlyPayment    *Money   `json:"monthly_payment"`
	PrepaymentPenalty *Money   `json:"prepayment_penalty"`
	Premium           *Money   `json:"premium"`
	PremiumFrequency  *string  `json:"premium_frequency"`
	CoverageLimit     *Money   `json:"coverage_limit"`
	Deductible        *Money   `json:"deductible"`
	RenewalDate       *Date    `json:"renewal_date"`
	// Clear names the fields to remove, by their JSON names.
	Clear []string `json:"-"`
}

// UnmarshalJSON decodes an update and notes which fields were sent as null, which a nil
// pointer alone cannot tell from absent.
func (u *HoldingUpdate) UnmarshalJSON(data []byte) error {
	type plain HoldingUpdate
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	p.Clear = nil
	for k, v := range raw {
		if string(v) == "null" {
			p.Clear = append(p.Clear, strings.ToLower(k))
		}
	}
	slices.Sort(p.Clear)
	*u = HoldingUpdate(p)
	return nil
}

// Apply returns h with the update's set fields changed and its cleared ones removed,
// validated. Clearing a required field is EINVALID on that field.
func (u HoldingUpdate) Apply(h Holding) (Holding, error) {
	for _, f := range u.Clear {
		switch f {
		case "monthly_payment":
			h.MonthlyPayment = nil
		case "prepayment_penalty":
			h.PrepaymentPenalty = nil
		case "premium":
			h.Premium = nil
		case "coverage_limit":
			h.CoverageLimit = nil
		case "deductible":
			h.Deductible = nil
		case "renewal_date":
			h.RenewalDate = nil
		case "provider", "balance", "apr", "remaining_months", "premium_frequency":
			return h, ratewise.Invalid(f, "%s is required and cannot be removed; send a value instead.", f)
		}
	}
	if u.Provider != nil {
		h.Provider = *u.Provider
	}
	if u.Balance != nil {
		h.Balance = *u.Balance
	}
	if u.APR != nil {
		h.APR = *u.APR
	}
	if u.RemainingMonths != nil {
		h.RemainingMonths = *u.RemainingMonths
	}
	if u.MonthlyPayment != nil {
		h.MonthlyPayment = u.MonthlyPayment
	}
	if u.PrepaymentPenalty != nil {
		h.PrepaymentPenalty = u.PrepaymentPenalty
	}
	if u.Premium != nil {
		h.Premium = u.Premium
	}
	if u.PremiumFrequency != nil {
		h.PremiumFrequency = *u.PremiumFrequency
	}
	if u.CoverageLimit != nil {
		h.CoverageLimit = u.CoverageLimit
	}
	if u.Deductible != nil {
		h.Deductible = u.Deductible
	}
	if u.RenewalDate != nil {
		h.RenewalDate = u.RenewalDate
	}
	return h, h.Validate()
}

// Date is a calendar date; JSON "2006-01-02" (an RFC 3339 time is accepted on input).
type Date struct{ time.Time }

func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.Format(time.DateOnly)) }

func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "non-string", Type: dateType}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	if err != nil {
		return &json.UnmarshalTypeError{Value: "string that is not a date (YYYY-MM-DD)", Type: dateType}
	}
	d.Time = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return nil
}
