package offers

import (
	"encoding/json"
	"time"
)

// offerJSON is the API's Offer shape (web/openapi.json). Loan fields are omitted for
// insurance offers and insurance fields for loans, so no product shows a meaningless "0.00".
type offerJSON struct {
	ID          int64          `json:"id"`
	Partner     partnerRefJSON `json:"partner"`
	ExternalID  string         `json:"external_id"`
	ProductType ProductType    `json:"product_type"`
	Name        string         `json:"name"`
	Currency    string         `json:"currency"`
	Regions     []string       `json:"regions"`

	// The APRs include fees and are computed (disclosure.go); the rates are the nominal
	// rates of interest the catalogue holds.
	RepresentativeAPR     *Percent       `json:"representative_apr,omitempty"`
	APRMin                *Percent       `json:"apr_min,omitempty"`
	APRMax                *Percent       `json:"apr_max,omitempty"`
	Rate                  *Percent       `json:"rate,omitempty"`
	RateMin               *Percent       `json:"rate_min,omitempty"`
	RateMax               *Percent       `json:"rate_max,omitempty"`
	RepresentativeExample string         `json:"representative_example,omitempty"`
	RateBands             []rateBandJSON `json:"rate_bands,omitempty"`
	TermsMonths           []int          `json:"terms_months"`
	OriginationFee        *Percent       `json:"origination_fee,omitempty"`
	OriginationFeeFlat    *Money         `json:"origination_fee_flat,omitempty"`
	OriginationFeeMin     *Money         `json:"origination_fee_min,omitempty"`
	OriginationFeeMax     *Money         `json:"origination_fee_max,omitempty"`
	PrepaymentPenaltyPct  *Percent       `json:"prepayment_penalty,omitempty"`
	AmountMin             *Money         `json:"amount_min,omitempty"`
	AmountMax             *Money         `json:"amount_max,omitempty"`
	PromoMonths           int            `json:"promo_months,omitempty"`
	PromoAPR              *Percent       `json:"promo_apr,omitempty"`
	TransferFee           *Percent       `json:"transfer_fee,omitempty"`
	TransferFeeMin        *Money         `json:"transfer_fee_min,omitempty"`
	PointOfSale           bool           `json:"point_of_sale,omitempty"`
	Instalments           int            `json:"instalments,omitempty"`

	AnnualPremium  *Money        `json:"annual_premium,omitempty"`
	PremiumBands   []PremiumBand `json:"premium_bands,omitempty"`
	MonthlyPremium *Money        `json:"monthly_premium,omitempty"`
	CoverageLimit  *Money        `json:"coverage_limit,omitempty"`
	Deductible     *Money        `json:"deductible,omitempty"`
	Features       []string      `json:"features,omitempty"`
	Exclusions     []string      `json:"exclusions,omitempty"`

	// The offer in words, in Locale: the product's name, its fees and who can apply.
	ProductLabel string   `json:"product_label"`
	Locale       string   `json:"locale"`
	FeeSummary   string   `json:"fee_summary,omitempty"`
	Requirements []string `json:"requirements,omitempty"`

	Description    string   `json:"description"`
	Terms          string   `json:"terms,omitempty"`
	URL            string   `json:"url"`
	MinCreditScore int      `json:"min_credit_score,omitempty"`
	MinIncome      *Money   `json:"min_income,omitempty"`
	MaxDTI         *Percent `json:"max_dti,omitempty"`
	ActiveFrom     any      `json:"active_from,omitempty"`
	ActiveUntil    any      `json:"active_until,omitempty"`
	// Available says whether the offer can be taken now: a withdrawn or expired offer is
	// still shown (a past answer links to it) but must say that it ended.
	Available bool `json:"available"`
}

// rateBandJSON is a rate band with the APR it gives the representative example.
type rateBandJSON struct {
	MinScore int     `json:"min_score"`
	Rate     Percent `json:"rate"`
	APR      Percent `json:"apr"`
}

type partnerRefJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func nonZeroMoney(m Money) *Money {
	if m.IsZero() {
		return nil
	}
	return &m
}

func nonZeroPercent(p Percent) *Percent {
	if p.IsZero() {
		return nil
	}
	return &p
}

// MarshalJSON writes the API's Offer shape: ids as numbers, money and rates as strings
// with two decimals.
func (o Offer) MarshalJSON() ([]byte, error) {
	j := offerJSON{
		ID: o.ID, Partner: partnerRefJSON{ID: o.PartnerID, Name: o.PartnerName},
		ExternalID: o.ExternalID, ProductType: o.ProductType, Name: o.Name, Currency: o.Currency,
		Regions: o.Regions, TermsMonths: o.TermsMonths,
		Description: o.Description, Terms: o.Terms, URL: o.URL,
		MinCreditScore: o.MinCreditScore, MinIncome: nonZeroMoney(o.MinIncome), MaxDTI: nonZeroPercent(o.MaxDTI),
	}
	if j.Regions == nil {
		j.Regions = []string{}
	}
	if j.TermsMonths == nil {
		j.TermsMonths = []int{}
	}
	if o.ActiveFrom != nil {
		j.ActiveFrom = o.ActiveFrom
	}
	if o.ActiveUntil != nil {
		j.ActiveUntil = o.ActiveUntil
	}
	j.Available = o.ActiveAt(time.Now())
	j.RepresentativeExample = RepresentativeExample(o)
	loc := o.OfferLocale()
	j.ProductLabel, j.Locale, j.FeeSummary, j.Requirements = o.ProductType.Label(loc), loc, o.FeeSummary(loc), o.Requirements(loc)
	if o.ProductType.IsInsurance() {
		ap, cl, dd := o.AnnualPremium, o.CoverageLimit, o.Deductible
		j.AnnualPremium, j.CoverageLimit, j.Deductible = &ap, &cl, &dd
		j.PremiumBands, j.MonthlyPremium = o.PremiumBands, nonZeroMoney(o.MonthlyPremium)
		j.Features, j.Exclusions = o.Features, o.Exclusions
	} else if o.ProductType.IsLoan() {
		rep := o.RepresentativeAPR()
		lo, hi := o.APRRange()
		rate, rmin, rmax, fee, amin, amax := o.Rate, o.RateMin, o.RateMax, o.OriginationFeePct, o.AmountMin, o.AmountMax
		j.RepresentativeAPR, j.APRMin, j.APRMax, j.OriginationFee, j.AmountMin, j.AmountMax = &rep, &lo, &hi, &fee, &amin, &amax
		j.Rate, j.RateMin, j.RateMax = &rate, &rmin, &rmax
		for _, b := range o.RateBands {
			j.RateBands = append(j.RateBands, rateBandJSON{MinScore: b.MinScore, Rate: b.Rate, APR: Percent{o.representativeAt(b.Rate.Decimal).APR}})
		}
		j.OriginationFeeFlat, j.OriginationFeeMin, j.OriginationFeeMax = nonZeroMoney(o.OriginationFeeFlat), nonZeroMoney(o.OriginationFeeMin), nonZeroMoney(o.OriginationFeeMax)
		j.PrepaymentPenaltyPct = nonZeroPercent(o.PrepaymentPenaltyPct)
		j.PromoMonths, j.PromoAPR = o.PromoMonths, nonZeroPercent(o.PromoAPR)
		if o.PromoMonths > 0 {
			pa := o.PromoAPR
			j.PromoAPR = &pa
		}
		j.TransferFee, j.TransferFeeMin = nonZeroPercent(o.TransferFeePct), nonZeroMoney(o.TransferFeeMin)
		j.PointOfSale, j.Instalments = o.PointOfSale, o.Instalments
	}
	return json.Marshal(j)
}
