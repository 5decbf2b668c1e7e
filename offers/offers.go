// Package offers is Ratewise's catalogue and its finance: partners and their loan and insurance
// offers, consumers' holdings, exact loan and insurance math, comparison and ranking, catalogue
// import, and the PostgreSQL store for all of it. Every figure the assistant states comes from
// here. It knows nothing of HTTP or language models and must not import web or assistant.
//
// Money and rates are exact decimals (shopspring/decimal). The one exception is the screening
// path of Compare, which may use float64 closed forms to pick candidates; every figure that is
// shown, stored, returned or used to break a tie is recomputed exactly (see compare.go).
package offers

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"ratewise"
)

// ProductType is one of the ten product types of the API (ProductType in web/openapi.json).
type ProductType string

const (
	PersonalLoan     ProductType = "personal_loan"
	AutoLoan         ProductType = "auto_loan"
	Mortgage         ProductType = "mortgage"
	StudentLoan      ProductType = "student_loan"
	CreditCard       ProductType = "credit_card"
	AutoInsurance    ProductType = "auto_insurance"
	HomeInsurance    ProductType = "home_insurance"
	RentersInsurance ProductType = "renters_insurance"
	TravelInsurance  ProductType = "travel_insurance"
	LifeInsurance    ProductType = "life_insurance"
)

// ProductTypes lists every product type, loans first.
var ProductTypes = []ProductType{
	PersonalLoan, AutoLoan, Mortgage, StudentLoan, CreditCard,
	AutoInsurance, HomeInsurance, RentersInsurance, TravelInsurance, LifeInsurance,
}

// ParseProductType returns the product type named s, or an EINVALID error on field "product_type".
func ParseProductType(s string) (ProductType, error) {
	t := ProductType(strings.TrimSpace(s))
	if !t.Valid() {
		return "", ratewise.Invalid("product_type", "Unknown product type %q; use one of %s.", s, productTypeList())
	}
	return t, nil
}

// Valid reports whether t is one of the ten product types.
func (t ProductType) Valid() bool { return slices.Contains(ProductTypes, t) }

// IsLoan reports whether t is credit (loans, mortgages and credit cards).
func (t ProductType) IsLoan() bool {
	switch t {
	case PersonalLoan, AutoLoan, Mortgage, StudentLoan, CreditCard:
		return true
	}
	return false
}

// IsInsurance reports whether t is an insurance product.
func (t ProductType) IsInsurance() bool { return t.Valid() && !t.IsLoan() }

// Kind returns the holding kind that goes with t: KindLoan or KindInsurance.
func (t ProductType) Kind() HoldingKind {
	if t.IsInsurance() {
		return KindInsurance
	}
	return KindLoan
}

func productTypeList() string {
	s := make([]string, len(ProductTypes))
	for i, t := range ProductTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// PartnerKind says what a partner does.
type PartnerKind string

const (
	PartnerLender   PartnerKind = "lender"
	PartnerInsurer  PartnerKind = "insurer"
	PartnerMerchant PartnerKind = "merchant"
)

// Partner is a lender, insurer or merchant that publishes offers.
type Partner struct {
	ID      int64       `json:"id"`
	Name    string      `json:"name"`
	Kind    PartnerKind `json:"kind"`
	Regions []string    `json:"regions"`
	URL     string      `json:"url,omitempty"`
}

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

// OfferFilter selects offers. Zero fields do not filter.
type OfferFilter struct {
	IDs         []int64
	ProductType ProductType
	// Region is an ISO 3166 code; "US-CA" finds offers for "US-CA" and for "US".
	Region    string
	Query     string // a search box: any word matched against name, description and terms; or part of the partner or offer name
	PartnerID int64
	// Active, when set, keeps only offers whose active window contains now (true) or not (false).
	Active *bool
	Limit  int // default 50, at most 500; Store.Offers ignores it when IDs are given
	Offset int
}
