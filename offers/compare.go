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
	// MonthsToClear is set when the loan is costed at the consumer's own payment, above both
	// schedules (refinance): the months it then takes to clear, Cost.TermMonths, where
	// SameTerm.TermMonths is the term it is lent over.
	MonthsToClear int `json:"months_to_clear,omitempty"`
	// Notes explain the figures ("a lower payment that costs more in total", "estimated").
	Notes []string `json:"notes,omitempty"`

	// Eligibility is EligibilityEligible, EligibilityIneligible or EligibilityUnknown.
	// Eligible stays true unless a rule is known to fail, as it always was, so the ranking
	// and older clients read it as before; only "eligible" here means the profile supports it.
	Eligibility string `json:"eligibility"`
	// Conditions say what would decide eligibility when it is unknown ("A credit score of at
	// least 660.").
	Conditions []string `json:"conditions,omitempty"`
	// RateBasis says where Rate comes from (RateBasisCreditScore and the others).
	RateBasis string `json:"rate_basis,omitempty"`
	// APRMin and APRMax are the APR, fees included, of this consumer's loan at the offer's
	// lowest and highest rates ("7.98–12.10 % APR depending on your credit"); absent when
	// the offer has one rate. For cards they are the purchase rates.
	APRMin *Percent `json:"apr_min,omitempty"`
	APRMax *Percent `json:"apr_max,omitempty"`
	// BalanceTransfer describes a credit-card offer as what it is (credit cards only).
	BalanceTransfer *BalanceTransfer `json:"balance_transfer,omitempty"`
}

// Where an option's rate comes from (Option.RateBasis).
const (
	// RateBasisCreditScore: the offer's rate band for the consumer's credit score.
	RateBasisCreditScore = "credit_score"
	// RateBasisRepresentative: the offer's rate depends on credit and the score is not known,
	// so the figures are at the representative rate; APRMin and APRMax give the range.
	RateBasisRepresentative = "representative"
	// RateBasisSingle: the offer has one rate for everyone.
	RateBasisSingle = "single"
)

// BalanceTransfer is a balance-transfer card offer measured against the consumer's card, at
// the consumer's own monthly payment: the promotional rate and period, the rate after it,
// the fee, how long the balance takes to clear either way and what is left when the
// promotion ends.
type BalanceTransfer struct {
	PromoMonths int     `json:"promo_months"`
	PromoRate   Percent `json:"promo_rate"`
	// RevertRate is the rate after the promotion, for this consumer (Option.Rate).
	RevertRate  Percent `json:"revert_rate"`
	TransferFee Money   `json:"transfer_fee"`
	// MonthlyPayment is what the consumer pays each month, on either card
	// (Comparison.PaymentBasis says whether they stated it).
	MonthlyPayment Money `json:"monthly_payment"`
	// MonthsToClear is how long the transferred balance, fee included, takes to pay off;
	// CurrentMonthsToClear how long the consumer's card does.
	MonthsToClear        int `json:"months_to_clear"`
	CurrentMonthsToClear int `json:"current_months_to_clear"`
	// BalanceAfterPromo is what is still owed when the promotion ends (0.00 when it is
	// cleared within it).
	BalanceAfterPromo Money `json:"balance_after_promo"`
}

// Comparison is a holding measured against candidate offers, best first: eligible before
// ineligible, then by net saving, ties by lower APR then lower fees.
type Comparison struct {
	Holding Holding  `json:"-"`
	Profile *Profile `json:"-"`
	// Currency is the one currency of the holding and of every option (CompareOptions.Currency;
	// "" when Compare was not told it).
	Currency string `json:"currency"`
	// Locale is the locale the comparison's words are written in (CompareOptions.Locale).
	Locale string `json:"locale"`
	// PaymentBasis says what monthly payment the holding's cost assumes (PaymentStated and
	// the others); empty for insurance.
	PaymentBasis string   `json:"payment_basis,omitempty"`
	Current      Cost     `json:"current"`
	Options      []Option `json:"options"`
}

// What the holding's monthly payment is (Comparison.PaymentBasis).
const (
	// PaymentStated: the payment the consumer gave, used as given.
	PaymentStated = "stated"
	// PaymentSchedule: no payment given; the level payment that repays the balance at the
	// rate in the months left.
	PaymentSchedule = "schedule"
	// PaymentAssumed: no payment given for a card; 3 % of the balance (at least 25), raised
	// if needed to pay it off.
	PaymentAssumed = "assumed"
)

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
	// Locale is the locale of the words (reasons, notes); empty means the profile's region's
	// (RegionLocale), else DefaultLocale.
	Locale string

	// premiumFinance, when set, replaces PremiumFinanceAPR: a test counts the solves.
	premiumFinance func(price, instalment decimal.Decimal, n int) (decimal.Decimal, decimal.Decimal, error)
}

// Chart is cumulative cost by month: Months[i] is the month, Current[i] what the holding has
// cost by then and Offer[i] what switching to the offer has cost by then (upfront costs at 0).
// Saving[i] is what switching has saved by month Months[i]: Current[i] − Offer[i] for loans
// and policies; for a card, the payments saved plus the difference in what is still owed
// (the transfer fee is owed from day one). It ends at the option's net saving, and first
// reaches zero at its break-even month.
type Chart struct {
	Months  []int   `json:"months"`
	Current []Money `json:"current"`
	Offer   []Money `json:"offer"`
	Saving  []Money `json:"saving"`
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

	// Title names the card, told apart from the other cards of the same comparison when
	// two offers share a name ("Keystone Auto Finance — Keystone New Auto Loan, 8.22% APR").
	Title string `json:"title"`
	// ProductLabel is the product's name in Locale ("car loan"), for the card and the chart.
	ProductLabel string `json:"product_label"`
	// Locale is the locale the card's words are written in, and the one to write its
	// figures in (offers.FormatMoney, Intl.NumberFormat).
	Locale string `json:"locale"`
	// Eligibility, Conditions, Rate, RateBasis, APRMin, APRMax and BalanceTransfer are the
	// option's. TermMonths is the term of the offer's loan (loans; absent for cards and
	// policies).
	Eligibility     string           `json:"eligibility"`
	Conditions      []string         `json:"conditions,omitempty"`
	Rate            *Percent         `json:"rate,omitempty"`
	RateBasis       string           `json:"rate_basis,omitempty"`
	APRMin          *Percent         `json:"apr_min,omitempty"`
	APRMax          *Percent         `json:"apr_max,omitempty"`
	TermMonths      int              `json:"term_months,omitempty"`
	BalanceTransfer *BalanceTransfer `json:"balance_transfer,omitempty"`
	// MonthsToClear and CurrentMonthsToClear are set when a loan is costed at the consumer's
	// own, larger payment (Option.MonthsToClear): the months each takes to clear at it.
	MonthsToClear        int `json:"months_to_clear,omitempty"`
	CurrentMonthsToClear int `json:"current_months_to_clear,omitempty"`
	// FeeLabel names Fees as the offer's fee summary does ("Origination fee"), and
	// FeeSummary is that summary (Offer.FeeSummary); both absent for insurance.
	FeeLabel   string `json:"fee_label,omitempty"`
	FeeSummary string `json:"fee_summary,omitempty"`
	// MonthlyPremium is the offer's instalment when paying monthly (insurance, when it has
	// one), and CoverNote says how its cover compares with the consumer's policy.
	MonthlyPremium *Money `json:"monthly_premium,omitempty"`
	CoverNote      string `json:"cover_note,omitempty"`
}
