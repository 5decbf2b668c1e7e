package offers

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"ratewise"
)

// RateBand is the nominal annual rate of interest a lender quotes for credit scores at or
// above MinScore (fees come on top: the APR of a band is computed, never stored).
type RateBand struct {
	MinScore int     `json:"min_score"`
	Rate     Percent `json:"rate"`
}

// UnmarshalJSON also reads bands stored before the rate was named "rate" (key "apr", which
// always held the nominal rate), so an un-reseeded database keeps its bands.
func (b *RateBand) UnmarshalJSON(data []byte) error {
	var v struct {
		MinScore int      `json:"min_score"`
		Rate     *Percent `json:"rate"`
		APR      *Percent `json:"apr"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	b.MinScore = v.MinScore
	switch {
	case v.Rate != nil:
		b.Rate = *v.Rate
	case v.APR != nil:
		b.Rate = *v.APR
	default:
		b.Rate = Percent{}
	}
	return nil
}

// PremiumBand is the annual premium an insurer quotes for credit scores at or above MinScore
// (a stand-in for its rating factors).
type PremiumBand struct {
	MinScore      int   `json:"min_score"`
	AnnualPremium Money `json:"annual_premium"`
}

// Offer is one product a partner publishes. Loan fields are zero for insurance and the other
// way round. Rates are percent; fees are charged on the amount borrowed.
type Offer struct {
	ID          int64       `json:"id"`
	PartnerID   int64       `json:"-"`
	PartnerName string      `json:"-"`
	ExternalID  string      `json:"external_id"`
	ProductType ProductType `json:"product_type"`
	Name        string      `json:"name"`
	Currency    string      `json:"currency"`
	Regions     []string    `json:"regions"`
	// Active window; a nil bound is open. An offer outside its window is not offered.
	ActiveFrom  *time.Time `json:"active_from,omitempty"`
	ActiveUntil *time.Time `json:"active_until,omitempty"`

	// Loans and cards. The catalogue holds nominal annual rates of interest, the rates that
	// payments are computed with: Rate is the representative one (the rate of the
	// representative example), RateMin and RateMax the range, RateBands the rate by credit
	// score. No APR is stored: the representative APR and the APR range are computed from
	// these rates plus fees by Representative and APRRange (disclosure.go), so a promotion's
	// APR and its representative example cannot disagree (CONC 3.5.5R, CCD Art. 4).
	Rate      Percent    `json:"rate"`
	RateMin   Percent    `json:"rate_min"`
	RateMax   Percent    `json:"rate_max"`
	RateBands []RateBand `json:"rate_bands,omitempty"` // best (highest MinScore) first
	// Origination fee: OriginationFeePct of the amount plus OriginationFeeFlat, then clamped
	// to [OriginationFeeMin, OriginationFeeMax] where those are non-zero.
	OriginationFeePct    Percent `json:"origination_fee"`
	OriginationFeeFlat   Money   `json:"origination_fee_flat"`
	OriginationFeeMin    Money   `json:"origination_fee_min"`
	OriginationFeeMax    Money   `json:"origination_fee_max"`
	PrepaymentPenaltyPct Percent `json:"prepayment_penalty"` // of the balance repaid early
	AmountMin            Money   `json:"amount_min"`
	AmountMax            Money   `json:"amount_max"`
	TermsMonths          []int   `json:"terms_months"`
	// Balance-transfer promotion (credit cards): PromoAPR for PromoMonths, then the APR.
	PromoMonths    int     `json:"promo_months,omitempty"`
	PromoAPR       Percent `json:"promo_apr"`
	TransferFeePct Percent `json:"transfer_fee"`
	TransferFeeMin Money   `json:"transfer_fee_min"`
	// Point-of-sale financing at a merchant's checkout. Instalments > 0 is a pay-in-N plan:
	// N equal interest-free payments, the first at checkout, then every two weeks.
	PointOfSale bool `json:"point_of_sale,omitempty"`
	Instalments int  `json:"instalments,omitempty"`

	// Insurance.
	AnnualPremium Money         `json:"annual_premium"`
	PremiumBands  []PremiumBand `json:"premium_bands,omitempty"`
	// MonthlyPremium, if non-zero, is the instalment when paying monthly (12 per year).
	MonthlyPremium Money    `json:"monthly_premium"`
	CoverageLimit  Money    `json:"coverage_limit"`
	Deductible     Money    `json:"deductible"`
	Features       []string `json:"features,omitempty"`
	Exclusions     []string `json:"exclusions,omitempty"`

	// Text that retrieval indexes.
	Description string `json:"description"`
	Terms       string `json:"terms,omitempty"`
	URL         string `json:"url"`

	// Eligibility; zero means no requirement.
	MinCreditScore int     `json:"min_credit_score,omitempty"`
	MinIncome      Money   `json:"min_income"`
	MaxDTI         Percent `json:"max_dti"` // monthly debt payments / monthly income, percent

	UpdatedAt time.Time `json:"updated_at"`
}

// ServesRegion reports whether the offer is available in region: an offer for a country
// serves all its subdivisions ("US" serves "US-CA"), and a country query matches offers for any
// of its subdivisions.
func (o *Offer) ServesRegion(region string) bool {
	if region == "" {
		return true
	}
	for _, r := range o.Regions {
		if regionMatches(r, region) {
			return true
		}
	}
	return false
}

// regionMatches reports whether an offer region serves a wanted region.
func regionMatches(offer, want string) bool {
	offer, want = strings.ToUpper(offer), strings.ToUpper(want)
	if offer == want {
		return true
	}
	// "US" serves "US-CA"; a query for "US" finds "US-CA" offers too.
	return strings.HasPrefix(want, offer+"-") || strings.HasPrefix(offer, want+"-")
}

// ActiveAt reports whether t is inside the offer's active window.
func (o *Offer) ActiveAt(t time.Time) bool {
	if o.ActiveFrom != nil && t.Before(*o.ActiveFrom) {
		return false
	}
	if o.ActiveUntil != nil && !t.Before(*o.ActiveUntil) {
		return false
	}
	return true
}

// UsesAPRC reports whether the offer is disclosed with the EU/UK APRC (annual compounding)
// rather than the US Regulation Z nominal APR.
func (o *Offer) UsesAPRC() bool {
	for _, r := range o.Regions {
		if isAPRCRegion(r) {
			return true
		}
	}
	return false
}

// aprcCountries are the UK and EU countries, where the CCD/CONC APRC applies.
var aprcCountries = map[string]bool{
	"GB": true, "UK": true, "IE": true, "FR": true, "DE": true, "ES": true, "IT": true, "NL": true,
	"BE": true, "PT": true, "AT": true, "FI": true, "SE": true, "DK": true, "PL": true, "CZ": true,
	"GR": true, "LU": true, "SK": true, "SI": true, "EE": true, "LV": true, "LT": true, "HU": true,
	"RO": true, "BG": true, "HR": true, "CY": true, "MT": true, "EU": true,
}

func isAPRCRegion(r string) bool {
	country, _, _ := strings.Cut(strings.ToUpper(r), "-")
	return aprcCountries[country]
}

// Limits of an offer's values.
var (
	maxOfferMoney  = decimal.NewFromInt(1_000_000_000_000)
	maxPromoMonths = 120
	maxInstalments = 52
)

// Validate checks the offer as a partner publishes it. It reports every problem, not only the
// first: each is an EINVALID *ratewise.Error on the field of the catalogue format that holds
// the value ("origination_fee", not OriginationFeePct), and errors.Join holds them all. It
// also normalises what has one right form: the currency and regions in upper case, the
// terms sorted without repeats, rate_min and rate_max equal to rate when neither is given,
// and empty lists rather than nil.
func (o *Offer) Validate() error {
	_, err := o.validate()
	return err
}

// validate is Validate, returning also the representative example of a valid loan (zero
// otherwise), which costs an APR solve the import would otherwise repeat.
func (o *Offer) validate() (rep Representative, err error) {
	var errs []error
	fail := func(field, format string, args ...any) {
		errs = append(errs, ratewise.Invalid(field, format, args...))
	}
	if o.ExternalID = strings.TrimSpace(o.ExternalID); o.ExternalID == "" {
		fail("external_id", "required")
	} else if len(o.ExternalID) > 100 {
		fail("external_id", "longer than 100 characters")
	}
	if !o.ProductType.Valid() {
		fail("product_type", "%q is not one of %s", o.ProductType, productTypeList())
	}
	if o.Name = strings.TrimSpace(o.Name); o.Name == "" {
		fail("name", "required")
	}
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	if len(o.Currency) != 3 || !isUpperAlpha(o.Currency) {
		fail("currency", "must be a three-letter ISO 4217 code such as USD or GBP")
	}
	if len(o.Regions) == 0 {
		fail("regions", "required: at least one ISO 3166 code such as US, US-CA or GB")
	}
	for i, r := range o.Regions {
		o.Regions[i] = strings.ToUpper(strings.TrimSpace(r))
		if !validRegion(o.Regions[i]) {
			fail("regions", "%q is not an ISO 3166 code such as US, US-CA or GB", r)
		}
	}
	if o.ActiveFrom != nil && o.ActiveUntil != nil && !o.ActiveUntil.After(*o.ActiveFrom) {
		fail("active_until", "must be after active_from")
	}
	for _, f := range []struct {
		field  string
		v      decimal.Decimal
		isRate bool
	}{
		{"rate", o.Rate.Decimal, true}, {"rate_min", o.RateMin.Decimal, true}, {"rate_max", o.RateMax.Decimal, true},
		{"origination_fee", o.OriginationFeePct.Decimal, true}, {"origination_fee_flat", o.OriginationFeeFlat.Decimal, false},
		{"origination_fee_min", o.OriginationFeeMin.Decimal, false}, {"origination_fee_max", o.OriginationFeeMax.Decimal, false},
		{"prepayment_penalty", o.PrepaymentPenaltyPct.Decimal, true}, {"amount_min", o.AmountMin.Decimal, false},
		{"amount_max", o.AmountMax.Decimal, false}, {"promo_apr", o.PromoAPR.Decimal, true},
		{"transfer_fee", o.TransferFeePct.Decimal, true}, {"transfer_fee_min", o.TransferFeeMin.Decimal, false},
		{"annual_premium", o.AnnualPremium.Decimal, false}, {"monthly_premium", o.MonthlyPremium.Decimal, false},
		{"coverage_limit", o.CoverageLimit.Decimal, false}, {"deductible", o.Deductible.Decimal, false},
		{"min_income", o.MinIncome.Decimal, false}, {"max_dti", o.MaxDTI.Decimal, true},
	} {
		for _, msg := range decimalProblems(f.v, f.isRate) {
			fail(f.field, "%s", msg)
		}
	}
	for _, b := range o.RateBands {
		if !validBand(b.MinScore, b.Rate.Decimal) {
			fail("rate_bands", "%q is not a band min_score:value with a score of 300–850", bandText(b.MinScore, b.Rate.Decimal))
		}
	}
	for _, b := range o.PremiumBands {
		if !validBand(b.MinScore, b.AnnualPremium.Decimal) {
			fail("premium_bands", "%q is not a band min_score:value with a score of 300–850", bandText(b.MinScore, b.AnnualPremium.Decimal))
		}
	}
	slices.SortFunc(o.RateBands, func(a, b RateBand) int { return b.MinScore - a.MinScore })
	slices.SortFunc(o.PremiumBands, func(a, b PremiumBand) int { return b.MinScore - a.MinScore })
	terms := o.TermsMonths[:0:0]
	for _, n := range o.TermsMonths {
		if n < 1 || n > maxTermMonths {
			fail("terms_months", "%q is not a term of 1–%d months", strconv.Itoa(n), maxTermMonths)
			continue
		}
		terms = append(terms, n)
	}
	slices.Sort(terms)
	o.TermsMonths = slices.Compact(terms)
	if o.PromoMonths < 0 || o.PromoMonths > maxPromoMonths {
		fail("promo_months", "must be between 0 and %d", maxPromoMonths)
	}
	if o.Instalments < 0 || o.Instalments > maxInstalments {
		fail("instalments", "must be between 0 and %d", maxInstalments)
	}
	if len(o.Description) > 10_000 || len(o.Terms) > 50_000 {
		fail("description", "description or terms text is too long")
	}
	if o.URL = strings.TrimSpace(o.URL); o.URL != "" {
		if u, err := url.Parse(o.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fail("url", "%q is not an http(s) URL", o.URL)
		}
	}
	switch s := o.MinCreditScore; {
	case s < 0 || s > 850:
		fail("min_credit_score", "must be between 0 and 850")
	case s != 0 && s < 300:
		fail("min_credit_score", "must be 0 (none) or 300–850")
	}
	switch {
	case o.ProductType.IsInsurance():
		if !o.AnnualPremium.IsPositive() && len(o.PremiumBands) == 0 {
			fail("annual_premium", "required for insurance and above zero")
		}
	case o.ProductType.IsLoan():
		if o.Instalments > 0 && !o.Rate.IsZero() {
			// A pay-in-N plan is interest-free by definition.
			fail("rate", "a pay-in-%d plan is interest-free: use 0", o.Instalments)
		}
		if o.RateMin.IsZero() && o.RateMax.IsZero() {
			o.RateMin, o.RateMax = o.Rate, o.Rate
		}
		if o.RateMin.GreaterThan(o.Rate.Decimal) || o.Rate.GreaterThan(o.RateMax.Decimal) {
			fail("rate", "must lie between rate_min (%s) and rate_max (%s)", o.RateMin, o.RateMax)
		}
		if o.ProductType != CreditCard && len(o.TermsMonths) == 0 && o.Instalments == 0 {
			fail("terms_months", "required for loans: the terms offered, in months")
		}
		if o.AmountMax.IsPositive() && o.AmountMin.GreaterThan(o.AmountMax.Decimal) {
			fail("amount_min", "must not exceed amount_max")
		}
		if o.OriginationFeeMax.IsPositive() && o.OriginationFeeMin.GreaterThan(o.OriginationFeeMax.Decimal) {
			fail("origination_fee_min", "must not exceed origination_fee_max")
		}
		// The representative example is what every promotion of the offer must show; an offer
		// without one cannot be published. Its figures are meaningless until the rest is valid.
		if len(errs) == 0 {
			if rep = o.Representative(); !rep.OK {
				fail("origination_fee", "the fee on the representative amount (%s) is as large as the amount: no APR can be computed", String2(rep.Amount))
			}
		}
	}
	o.fillLists()
	return rep, errors.Join(errs...)
}

// fillLists makes every nil list of the offer an empty one: the offers table holds no NULL
// lists, and JSON shows [] rather than null.
func (o *Offer) fillLists() {
	for _, l := range []*[]string{&o.Regions, &o.Features, &o.Exclusions} {
		if *l == nil {
			*l = []string{}
		}
	}
	if o.TermsMonths == nil {
		o.TermsMonths = []int{}
	}
	if o.RateBands == nil {
		o.RateBands = []RateBand{}
	}
	if o.PremiumBands == nil {
		o.PremiumBands = []PremiumBand{}
	}
}

// decimalProblems says what is wrong with an amount (isRate false: at most cents, below a
// trillion) or a rate in percent (at most four places, below 100 %).
func decimalProblems(d decimal.Decimal, isRate bool) (problems []string) {
	limit, places := maxOfferMoney, int32(2)
	if isRate {
		limit, places = maxRate, 4
	}
	if d.IsNegative() {
		problems = append(problems, "must not be negative")
	}
	if d.GreaterThanOrEqual(limit) {
		problems = append(problems, fmt.Sprintf("must be below %s", limit))
	}
	if !d.Equal(d.Round(places)) {
		problems = append(problems, fmt.Sprintf("has more than %d decimal places", places))
	}
	return problems
}

// validBand reports whether a credit band's score is one a credit score can be and its value
// (a rate or a premium) is not negative.
func validBand(minScore int, v decimal.Decimal) bool {
	return minScore >= 300 && minScore <= 850 && !v.IsNegative()
}

func bandText(minScore int, v decimal.Decimal) string {
	return strconv.Itoa(minScore) + ":" + v.String()
}
