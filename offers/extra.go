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
	if err := payable(h, extra, "extra_payment", "Paying extra each month"); err != nil {
		return Overpayment{}, err
	}
	return payAt(h, CurrentCost(h).MonthlyPayment.Add(extra), "extra_payment")
}

// PayInstead works out h paid at payment a month instead of what CurrentCost assumes: more,
// as PayExtra does, or less — then Extra, MonthsSaved and InterestSaved are negative: the
// balance takes longer to clear and costs more interest. A loan's payment may not fall below
// what repays it in the months left, nor a card's below what clears it
// (EINVALID on what_if_payment, as for a payment that is not positive with at most two
// decimals, or a holding that is not a loan or a card).
func PayInstead(h Holding, payment decimal.Decimal) (Overpayment, error) {
	if err := payable(h, payment, "what_if_payment", "A different monthly payment"); err != nil {
		return Overpayment{}, err
	}
	if h.ProductType != CreditCard && h.RemainingMonths > 0 {
		if least := MonthlyPayment(h.Balance.Decimal, h.APR.Decimal, h.RemainingMonths); payment.LessThan(least) {
			return Overpayment{}, ratewise.Invalid("what_if_payment", "A payment of %s a month does not repay %s at %s%% in the %d months left: that takes at least %s a month.",
				String2(payment), h.Balance, h.APR, h.RemainingMonths, String2(least))
		}
	}
	return payAt(h, payment, "what_if_payment")
}

// payable checks that h is a loan or a card and amount a positive amount of money.
func payable(h Holding, amount decimal.Decimal, field, what string) error {
	if h.Kind == KindInsurance || !h.ProductType.IsLoan() {
		return ratewise.Invalid(field, "%s applies to loans and credit cards, not to a %s.", what, h.ProductType.Label(DefaultLocale))
	}
	if !amount.IsPositive() || amount.Exponent() < -2 {
		return ratewise.Invalid(field, "%s must be a positive amount with at most two decimals, such as \"200.00\".", field)
	}
	return nil
}

// payAt is h paid at pay a month against CurrentCost(h).
func payAt(h Holding, pay decimal.Decimal, field string) (Overpayment, error) {
	now := CurrentCost(h)
	at := Money{pay}
	h.MonthlyPayment = &at
	if err := h.Validate(); err != nil {
		if ratewise.ErrorField(err) == "monthly_payment" {
			return Overpayment{}, ratewise.Invalid(field, "%s", ratewise.ErrorMessage(err))
		}
		return Overpayment{}, err
	}
	after := CurrentCost(h)
	return Overpayment{Extra: Money{pay.Sub(now.MonthlyPayment.Decimal)}, MonthlyPayment: at, TermMonths: after.TermMonths, TotalInterest: after.TotalInterest,
		MonthsSaved: now.TermMonths - after.TermMonths, InterestSaved: Money{now.TotalInterest.Sub(after.TotalInterest.Decimal)}}, nil
}
