package offers

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"ratewise"
)

// Checkout financing: what a merchant's point-of-sale plans cost for one cart, with the
// disclosure each jurisdiction requires next to the figure. The figures are the same loan
// math as everywhere (CostOfLoan), so the message on the shop's page, the chat opened from it
// and the assistant's answer quote one set of numbers.

// Jurisdictions whose advertising rules a disclosure follows.
const (
	JurisdictionUS = "US" // Regulation Z §1026.24(d): trigger terms bring the full terms
	JurisdictionUK = "UK" // FCA CONC 3.5.5R: the representative example, representative APR
	JurisdictionEU = "EU" // CCD Art. 4 (CCD2 Art. 8 from 20 Nov 2026): standard information and the warning
)

// Rule versions name the text templates below; a template that changes gets a new version,
// so an impression's logged version says which wording the shopper saw.
const (
	RuleUS   = "us-regz-1026.24(d)/v1"
	RuleUK   = "uk-conc-3.5.5r/v1"
	RuleEU   = "eu-ccd-2008-48-art4/v1"
	RuleEU2  = "eu-ccd2-2023-2225-art8/v1"
	euWarned = "Attention! Borrowing money costs money."
)

// ccd2Applies is when the recast Consumer Credit Directive applies in the member states.
var ccd2Applies = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// Reasons a financing message is hidden (Financing.HiddenReason).
const (
	HiddenNoPlans      = "no_plans"      // the merchant has no point-of-sale plan at all
	HiddenCurrency     = "currency"      // none in the cart's currency
	HiddenBelowMinimum = "below_minimum" // the cart is below every plan's minimum
	HiddenAboveMaximum = "above_maximum" // the cart is above every plan's maximum
)

// Payment intervals of a plan.
const (
	EveryMonth    = "month"
	EveryTwoWeeks = "two_weeks" // pay-in-N: the first at checkout
)

// FinancingPlan is one plan for one cart amount.
type FinancingPlan struct {
	OfferID    int64
	ExternalID string
	Name       string
	TermMonths int
	Payments   int
	Interval   string
	// Payment is each instalment; LastPayment the final one (it absorbs the rounding).
	Payment, LastPayment decimal.Decimal
	// Rate is the nominal rate of interest; APR the Regulation Z APR for US plans and the
	// APRC for UK and EU ones — the figure the disclosure states.
	Rate, APR     decimal.Decimal
	Fees          decimal.Decimal
	TotalPayable  decimal.Decimal
	FinanceCharge decimal.Decimal // total payable minus the amount
	// RepresentativeExample is the offer's own (RepresentativeExample), as on its page.
	RepresentativeExample string
	// Disclosure is what must be shown next to this plan's figure, for this cart.
	Disclosure   string
	Jurisdiction string
	RuleVersion  string
}

// DisclosureHash is the SHA-256 of the disclosure text, as logged per impression.
func (p FinancingPlan) DisclosureHash() []byte {
	h := sha256.Sum256([]byte(p.Disclosure))
	return h[:]
}

// Financing is the financing message for one cart: its plans, cheapest instalment first
// within each kind (pay-in-N, then monthly by term), or why there is none.
type Financing struct {
	Amount   decimal.Decimal
	Currency string
	Locale   string
	Plans    []FinancingPlan
	// Headline is the message itself ("From $54.17/month"), empty when hidden.
	Headline string
	// HiddenReason is one of the Hidden… codes when Plans is empty; HiddenMessage says it in
	// words with the limits ("Financing is available from $35.00.").
	HiddenReason, HiddenMessage string
}

// maxCartAmount bounds a cart amount: far above any plan's maximum, far below numeric(14,2).
var maxCartAmount = decimal.NewFromInt(1_000_000_000)

// ParseCartAmount reads a cart amount: a positive decimal with at most two places.
func ParseCartAmount(s string) (decimal.Decimal, error) {
	d, err := parseDecimal(strings.TrimSpace(s))
	switch {
	case err != nil || s == "":
		return decimal.Zero, ratewise.Invalid("amount", "amount must be a decimal number such as \"1299.00\".")
	case !d.IsPositive():
		return decimal.Zero, ratewise.Invalid("amount", "amount must be more than zero.")
	case !d.Equal(d.Round(2)):
		return decimal.Zero, ratewise.Invalid("amount", "amount has at most two decimal places (cents).")
	case d.GreaterThan(maxCartAmount):
		return decimal.Zero, ratewise.Invalid("amount", "amount is too large.")
	}
	return d, nil
}

// ParseCurrency reads an ISO 4217 code (three capital letters).
func ParseCurrency(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if len(c) != 3 || !isUpperAlpha(c) {
		return "", ratewise.Invalid("currency", "currency must be a three-letter ISO 4217 code such as USD.")
	}
	return c, nil
}

// jurisdiction is the advertising regime an offer's plans are disclosed under: its first
// region's country.
func (o *Offer) jurisdiction() string {
	for _, r := range o.Regions {
		country, _, _ := strings.Cut(r, "-")
		switch {
		case country == "GB" || country == "UK":
			return JurisdictionUK
		case aprcCountries[country]:
			return JurisdictionEU
		}
	}
	return JurisdictionUS
}

// FinancingFor builds the financing message for amount in currency from a merchant's
// point-of-sale offers (others are skipped), written in locale ("" writes each plan in its
// offer's locale), as of now (which EU rule applies).
func FinancingFor(candidates []Offer, amount decimal.Decimal, currency, locale string, now time.Time) Financing {
	f := Financing{Amount: Round2(amount), Currency: currency, Locale: locale}
	var pos, inCurrency []Offer
	for _, o := range candidates {
		if o.PointOfSale && o.ProductType.IsLoan() {
			pos = append(pos, o)
			if o.Currency == currency {
				inCurrency = append(inCurrency, o)
			}
		}
	}
	var lowest, highest decimal.Decimal
	for i, o := range inCurrency {
		if i == 0 || o.AmountMin.LessThan(lowest) {
			lowest = o.AmountMin.Decimal
		}
		if o.AmountMax.IsPositive() && (highest.IsZero() || o.AmountMax.GreaterThan(highest)) {
			highest = o.AmountMax.Decimal
		}
		if o.AmountMin.IsPositive() && amount.LessThan(o.AmountMin.Decimal) || o.AmountMax.IsPositive() && amount.GreaterThan(o.AmountMax.Decimal) {
			continue
		}
		f.Plans = append(f.Plans, o.plansFor(f.Amount, locale, now)...)
	}
	slices.SortStableFunc(f.Plans, func(a, b FinancingPlan) int {
		if (a.Interval == EveryTwoWeeks) != (b.Interval == EveryTwoWeeks) {
			if a.Interval == EveryTwoWeeks {
				return -1
			}
			return 1
		}
		return a.TermMonths - b.TermMonths
	})
	loc := locale
	if loc == "" {
		loc = DefaultLocale
		if len(inCurrency) > 0 {
			loc = inCurrency[0].OfferLocale()
		}
	}
	m := func(d decimal.Decimal) string { return FormatMoney(d, currency, loc) }
	switch {
	case len(f.Plans) > 0:
		f.Headline = headline(f.Plans, m)
	case len(pos) == 0:
		f.HiddenReason, f.HiddenMessage = HiddenNoPlans, "This shop offers no financing."
	case len(inCurrency) == 0:
		f.HiddenReason, f.HiddenMessage = HiddenCurrency, fmt.Sprintf("Financing is not offered in %s.", currency)
	case amount.LessThan(lowest):
		f.HiddenReason, f.HiddenMessage = HiddenBelowMinimum, fmt.Sprintf("Financing is available from %s.", m(lowest))
	default:
		f.HiddenReason, f.HiddenMessage = HiddenAboveMaximum, fmt.Sprintf("Financing is available up to %s.", m(highest))
	}
	return f
}

// headline is the message for plans: the lowest monthly payment, or, with only pay-in-N
// plans, the instalments.
func headline(plans []FinancingPlan, m func(decimal.Decimal) string) string {
	var best *FinancingPlan
	for i := range plans {
		p := &plans[i]
		if p.Interval == EveryMonth && (best == nil || p.Payment.LessThan(best.Payment)) {
			best = p
		}
	}
	if best != nil {
		return fmt.Sprintf("From %s/month", m(best.Payment))
	}
	p := plans[0]
	return fmt.Sprintf("Or %d interest-free payments of %s", p.Payments, m(p.Payment))
}

// plansFor is the offer's plans for amount: one per term it lends over, or its pay-in-N plan.
func (o *Offer) plansFor(amount decimal.Decimal, locale string, now time.Time) []FinancingPlan {
	if locale == "" {
		locale = o.OfferLocale()
	}
	base := FinancingPlan{OfferID: o.ID, ExternalID: o.ExternalID, Name: o.Name, Jurisdiction: o.jurisdiction(),
		RepresentativeExample: RepresentativeExample(*o)}
	if o.Instalments > 0 {
		p := base
		n := decimal.NewFromInt(int64(o.Instalments))
		p.Payments, p.Interval = o.Instalments, EveryTwoWeeks
		if len(o.TermsMonths) > 0 {
			p.TermMonths = slices.Max(o.TermsMonths)
		}
		p.Payment = Round2(amount.Div(n))
		p.LastPayment = amount.Sub(p.Payment.Mul(n.Sub(one)))
		p.TotalPayable = amount
		p.disclose(o, amount, locale, now)
		return []FinancingPlan{p}
	}
	terms := o.TermsMonths
	if len(terms) == 0 {
		terms = []int{representativeTerm(o)}
	}
	var out []FinancingPlan
	for _, t := range terms {
		p := base
		p.Fees = o.OriginationFee(amount)
		lc, err := CostOfLoan(amount, o.Rate.Decimal, p.Fees, t)
		if err != nil {
			continue // a cart too small for this term (payments round to nothing)
		}
		p.TermMonths, p.Payments, p.Interval = t, lc.Months, EveryMonth
		p.Payment, p.LastPayment, p.Rate = lc.MonthlyPayment, lc.LastPayment, o.Rate.Decimal
		p.APR = lc.APR
		if o.UsesAPRC() {
			p.APR = lc.APRC
		}
		p.APR = p.APR.Round(2)
		p.TotalPayable = lc.TotalPaid.Add(p.Fees)
		p.FinanceCharge = p.TotalPayable.Sub(amount)
		p.disclose(o, amount, locale, now)
		out = append(out, p)
	}
	return out
}

// disclose writes the plan's disclosure under its jurisdiction's rule.
func (p *FinancingPlan) disclose(o *Offer, amount decimal.Decimal, locale string, now time.Time) {
	m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, locale) }
	pct := func(d decimal.Decimal) string { return FormatPercent(d, locale) }
	last := ""
	if !p.LastPayment.Equal(p.Payment) {
		last = fmt.Sprintf(" (the last %s)", m(p.LastPayment))
	}
	schedule := fmt.Sprintf("%d monthly payments of %s%s", p.Payments, m(p.Payment), last)
	if p.Interval == EveryTwoWeeks {
		schedule = fmt.Sprintf("%d interest-free payments of %s%s every two weeks, the first at checkout", p.Payments, m(p.Payment), last)
	}
	fee := ""
	if p.Fees.IsPositive() {
		fee = fmt.Sprintf(", %s %s", feeName, m(p.Fees))
	}
	switch p.Jurisdiction {
	case JurisdictionUK:
		p.RuleVersion = RuleUK
		p.Disclosure = fmt.Sprintf("Representative example: cash price %s, deposit %s, total amount of credit %s; %s; rate of interest %s p.a. (fixed)%s; representative %s APR; total amount payable %s.",
			m(amount), m(decimal.Zero), m(amount), schedule, pct(p.Rate), fee, pct(p.APR), m(p.TotalPayable))
	case JurisdictionEU:
		p.RuleVersion = RuleEU
		if !now.Before(ccd2Applies) {
			p.RuleVersion = RuleEU2
		}
		p.Disclosure = fmt.Sprintf("Standard information: borrowing rate %s (fixed)%s; total amount of credit %s; APRC %s; duration %d months; cash price %s, advance payment %s; %s; total amount payable %s. %s",
			pct(p.Rate), fee, m(amount), pct(p.APR), p.TermMonths, m(amount), m(decimal.Zero), schedule, m(p.TotalPayable), euWarned)
	default:
		p.RuleVersion = RuleUS
		p.Disclosure = fmt.Sprintf("%s: no down payment; %s; %s Annual Percentage Rate (APR)%s; amount financed %s; finance charge %s; total of payments %s.",
			p.Name, schedule, pct(p.APR), fee, m(amount.Sub(p.Fees)), m(p.FinanceCharge), m(p.TotalPayable))
	}
	if p.Interval == EveryTwoWeeks {
		p.Disclosure += " Missed payments may incur fees."
	}
	p.Disclosure += " Subject to status and approval."
}
