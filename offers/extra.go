package offers

import (
	"github.com/shopspring/decimal"

	"ratewise"
)

// Overpayment is what paying more each month does to a loan or a card kept as it is: the
// payment with the extra, the months it then takes to clear the balance and the interest
// paid in them, and how many months and how much interest that saves against CurrentCost.
type Overpayment struct {
	Extra          Money `json:"extra"`
	MonthlyPayment Money `json:"monthly_payment"`
	TermMonths     int   `json:"term_months"`
	TotalInterest  Money `json:"total_interest"`
	MonthsSaved    int   `json:"months_saved"`
	InterestSaved  Money `json:"interest_saved"`
}

// PayExtra works out h paid at extra a month more than CurrentCost assumes (its stated,
// scheduled or, for a card, assumed payment), on the same cent-rounded schedule. It does not
// know the lender's charge for repaying early, if any. extra must be positive and h a loan or
// a card (EINVALID on extra_payment).
func PayExtra(h Holding, extra decimal.Decimal) (Overpayment, error) {
	if h.Kind == KindInsurance || !h.ProductType.IsLoan() {
		return Overpayment{}, ratewise.Invalid("extra_payment", "Paying extra each month applies to loans and credit cards, not to a %s.", h.ProductType.Label(DefaultLocale))
	}
	if !extra.IsPositive() || extra.Exponent() < -2 {
		return Overpayment{}, ratewise.Invalid("extra_payment", "extra_payment must be a positive amount with at most two decimals, such as \"200.00\".")
	}
	now := CurrentCost(h)
	pay := Money{now.MonthlyPayment.Add(extra)}
	h.MonthlyPayment = &pay
	after := CurrentCost(h)
	return Overpayment{Extra: Money{extra}, MonthlyPayment: pay, TermMonths: after.TermMonths, TotalInterest: after.TotalInterest,
		MonthsSaved: now.TermMonths - after.TermMonths, InterestSaved: Money{now.TotalInterest.Sub(after.TotalInterest.Decimal)}}, nil
}
