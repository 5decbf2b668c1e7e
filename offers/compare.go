package offers

import (
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"
)

// Cost is what a product costs over its life. For loans: the level monthly payment, the
// interest over the remaining (or new) term, what is paid in total (principal + interest,
// fees excluded), the APR including fees, the fees and the term. For insurance: the annualized
// premium, coverage limit and deductible. JSON follows the API's two Cost shapes (LoanCost, InsuranceCost).
type Cost struct {
	Kind HoldingKind `json:"-"`

	MonthlyPayment Money   `json:"monthly_payment"`
	TotalInterest  Money   `json:"total_interest"`
	TotalPaid      Money   `json:"total_paid"`
	APR            Percent `json:"apr"`
	Fees           Money   `json:"fees"`
	TermMonths     int     `json:"term_months"`
	// LastPayment is the final payment of the cent-rounded schedule (it absorbs the residue).
	LastPayment Money `json:"last_payment"`
	// Estimated marks figures from a simulation (credit cards), not a contract schedule.
	Estimated bool `json:"estimated,omitempty"`

	AnnualPremium Money `json:"annual_premium"`
	CoverageLimit Money `json:"coverage_limit"`
	Deductible    Money `json:"deductible"`
}

type loanCostJSON struct {
	MonthlyPayment Money   `json:"monthly_payment"`
	TotalInterest  Money   `json:"total_interest"`
	TotalPaid      Money   `json:"total_paid"`
	APR            Percent `json:"apr"`
	Fees           Money   `json:"fees"`
	TermMonths     int     `json:"term_months"`
	LastPayment    Money   `json:"last_payment"`
	Estimated      bool    `json:"estimated,omitempty"`
}

type insuranceCostJSON struct {
	AnnualPremium Money `json:"annual_premium"`
	CoverageLimit Money `json:"coverage_limit"`
	Deductible    Money `json:"deductible"`
	// MonthlyPayment is the annual premium spread over 12 months, for charts and cards.
	MonthlyPayment Money `json:"monthly_payment"`
}

// MarshalJSON writes the loan or the insurance Cost shape of the API, by Kind.
func (c Cost) MarshalJSON() ([]byte, error) {
	if c.Kind == KindInsurance {
		return json.Marshal(insuranceCostJSON{c.AnnualPremium, c.CoverageLimit, c.Deductible, c.MonthlyPayment})
	}
	return json.Marshal(loanCostJSON{c.MonthlyPayment, c.TotalInterest, c.TotalPaid, c.APR, c.Fees, c.TermMonths, c.LastPayment, c.Estimated})
}

// Variant is one way of taking a refinance offer: a term and what it does to the payments.
type Variant struct {
	TermMonths     int   `json:"term_months"`
	MonthlyPayment Money `json:"monthly_payment"`
	MonthlySaving  Money `json:"monthly_saving"`
	NetSaving      Money `json:"net_saving"`
	// CostsMore is true when this variant lowers the monthly payment but costs more in total.
	CostsMore bool `json:"costs_more"`
}

// Option is one candidate offer measured against a holding. Money figures are exact.
// NetSaving = what the holding still costs − (what the offer costs + upfront costs); for
// insurance it is the annual premium saved. BreakEvenMonth is the first month in which the
// cumulative saving covers the upfront costs (nil when it never does).
type Option struct {
	Offer    Offer    `json:"offer"`
	Eligible bool     `json:"eligible"`
	Reasons  []string `json:"reasons"`
	Cost     Cost     `json:"cost"`
	// Rate is the nominal rate of interest this consumer would get (from the credit bands,
	// else the representative one); Cost.APR is the APR with fees.
	Rate           Percent `json:"rate"`
	MonthlySaving  Money   `json:"monthly_saving"`
	NetSaving      Money   `json:"net_saving"`
	BreakEvenMonth *int    `json:"break_even_month"`
	// UpfrontCost is what switching costs on day one: origination or transfer fee plus the
	// current lender's prepayment penalty.
	UpfrontCost Money `json:"upfront_cost"`
	// SameTerm and LowestPayment are the two refinance variants shown (loans with terms):
	// the term nearest the months left, and the lowest monthly payment when another term
	// gives it. Terms is the refinance over every term the offer lends for, shortest first.
	SameTerm      *Variant  `json:"same_term,omitempty"`
	LowestPayment *Variant  `json:"lowest_payment,omitempty"`
	Terms         []Variant `json:"terms,omitempty"`
	// Notes explain the figures ("a lower payment that costs more in total", "estimated").
	Notes []string `json:"notes,omitempty"`
}

// Comparison is a holding measured against candidate offers, best first: eligible before
// ineligible, then by net saving, ties by lower APR then lower fees.
type Comparison struct {
	Holding Holding  `json:"-"`
	Profile *Profile `json:"-"`
	// Currency is the one currency of the holding and of every option (CompareOptions.Currency;
	// "" when Compare was not told it).
	Currency string   `json:"currency"`
	Current  Cost     `json:"current"`
	Options  []Option `json:"options"`
}

// CompareOptions tunes Compare.
type CompareOptions struct {
	// Limit keeps the best Limit options (0 = all).
	Limit int
	// Exact disables the float64 screening: every candidate is costed in decimal. Used by
	// the test that proves screening does not change the ranking.
	Exact bool
	// Now is the moment for active windows; zero means time.Now().
	Now time.Time
	// Currency, when set, is the holding's currency: offers in any other are not candidates,
	// as a saving across currencies means nothing.
	Currency string

	// premiumFinance, when set, replaces PremiumFinanceAPR: a test counts the solves.
	premiumFinance func(price, instalment decimal.Decimal, n int) (decimal.Decimal, decimal.Decimal, error)
}

// Chart is cumulative cost by month: Months[i] is the month, Current[i] what the holding has
// cost by then and Offer[i] what switching to the offer has cost by then (upfront costs at 0).
type Chart struct {
	Months  []int   `json:"months"`
	Current []Money `json:"current"`
	Offer   []Money `json:"offer"`
}

// Card is an offer card (the API's Card), built from one Option of a Comparison so its figures
// are those of POST /api/v1/compare.
type Card struct {
	OfferID               int64       `json:"offer_id"`
	Partner               string      `json:"partner"`
	Name                  string      `json:"name"`
	ProductType           ProductType `json:"product_type"`
	Currency              string      `json:"currency"`
	RepresentativeAPR     Percent     `json:"representative_apr"`
	APR                   Percent     `json:"apr"`
	MonthlyPayment        Money       `json:"monthly_payment"`
	MonthlySaving         Money       `json:"monthly_saving"`
	NetSaving             Money       `json:"net_saving"`
	BreakEvenMonth        *int        `json:"break_even_month"`
	Fees                  Money       `json:"fees"`
	Eligible              bool        `json:"eligible"`
	Reasons               []string    `json:"reasons"`
	Notes                 []string    `json:"notes,omitempty"`
	RepresentativeExample string      `json:"representative_example"`
	Chart                 Chart       `json:"chart"`
	URL                   string      `json:"url,omitempty"`
	// Insurance cards also carry the annual premium and cover.
	AnnualPremium *Money `json:"annual_premium,omitempty"`
	CoverageLimit *Money `json:"coverage_limit,omitempty"`
	Deductible    *Money `json:"deductible,omitempty"`
}
