package offers

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
)

// Representative is the representative example of a credit offer as figures (FCA CONC 3.5.5R,
// CCD Art. 4): the assumed amount and duration, the nominal rate of interest, the fee, the
// repayments and the representative APR. The APR is computed here from the other figures by
// CostOfLoan, with fees, so the headline representative APR (Offer JSON, Card, the
// assistant's text) and the example are one number by construction.
type Representative struct {
	Amount     decimal.Decimal
	TermMonths int // 0 for credit cards (open-ended)
	Rate       decimal.Decimal
	Fee        decimal.Decimal
	// Payments: Months repayments of MonthlyPayment, the last LastPayment.
	Months         int
	MonthlyPayment decimal.Decimal
	LastPayment    decimal.Decimal
	TotalPayable   decimal.Decimal // repayments plus the fee
	// APR is the representative APR: Regulation Z (US) or APRC (UK/EU), fees included,
	// rounded half-up to two decimals, the precision it is shown with everywhere.
	APR decimal.Decimal
	OK  bool // false when the example cannot be computed (fees as large as the amount)
}

// representativeAmount is the credit amount a representative example assumes for o: a
// typical amount for the product, inside the offer's limits.
func representativeAmount(o *Offer) decimal.Decimal {
	amount := decimal.NewFromInt(10_000)
	switch o.ProductType {
	case AutoLoan:
		amount = decimal.NewFromInt(20_000)
	case Mortgage:
		amount = decimal.NewFromInt(200_000)
	case StudentLoan:
		amount = decimal.NewFromInt(30_000)
	case CreditCard:
		amount = decimal.NewFromInt(1_200) // CONC App 1.2 assumes a 1,200 credit limit
	}
	if o.PointOfSale {
		amount = decimal.NewFromInt(1_000)
	}
	if o.AmountMin.IsPositive() && amount.LessThan(o.AmountMin.Decimal) {
		amount = o.AmountMin.Decimal
	}
	if o.AmountMax.IsPositive() && amount.GreaterThan(o.AmountMax.Decimal) {
		amount = o.AmountMax.Decimal
	}
	return amount
}

// representativeTerm is the middle term the offer lends over (36 months if it lists none).
func representativeTerm(o *Offer) int {
	if len(o.TermsMonths) == 0 {
		return 36
	}
	ts := slices.Sorted(slices.Values(o.TermsMonths))
	return ts[len(ts)/2]
}

// Representative is o's representative example. For insurance it is the zero value.
func (o *Offer) Representative() Representative {
	return o.representativeAt(o.Rate.Decimal)
}

// representativeAt is the representative example of o with the nominal rate rate.
func (o *Offer) representativeAt(rate decimal.Decimal) Representative {
	if !o.ProductType.IsLoan() {
		return Representative{}
	}
	r := Representative{Amount: representativeAmount(o), Rate: rate}
	switch {
	case o.Instalments > 0:
		// Pay-in-N: interest-free, no fee.
		n := decimal.NewFromInt(int64(o.Instalments))
		r.Rate, r.Months = decimal.Zero, o.Instalments
		r.MonthlyPayment = Round2(r.Amount.Div(n))
		r.LastPayment = r.Amount.Sub(r.MonthlyPayment.Mul(n.Sub(one)))
		r.TotalPayable, r.APR, r.OK = r.Amount, decimal.Zero, true
		return r
	case o.ProductType == CreditCard:
		// No fee on purchases: the APR is the purchase rate (Regulation Z) or its annual
		// compounding (APRC), on the assumed credit limit.
		r.APR = rate
		if o.UsesAPRC() {
			r.APR = APRC(monthlyRate(rate))
		}
		r.APR, r.OK = r.APR.Round(2), true
		return r
	}
	r.TermMonths = representativeTerm(o)
	r.Fee = o.OriginationFee(r.Amount)
	lc, err := CostOfLoan(r.Amount, rate, r.Fee, r.TermMonths)
	if err != nil {
		return r
	}
	r.Months, r.MonthlyPayment, r.LastPayment = lc.Months, lc.MonthlyPayment, lc.LastPayment
	r.TotalPayable = lc.TotalPaid.Add(r.Fee)
	r.APR = lc.APR
	if o.UsesAPRC() {
		r.APR = lc.APRC
	}
	r.APR, r.OK = r.APR.Round(2), true
	return r
}

// RepresentativeAPR is the offer's representative APR: the APR of its representative example,
// fees included (zero for insurance).
func (o *Offer) RepresentativeAPR() Percent {
	return Percent{o.Representative().APR}
}

// APRRange is the APR, fees included, of the representative amount and term at the offer's
// lowest and highest nominal rates: the "APR from … to …" a promotion may state next to the
// representative APR (zero for insurance).
func (o *Offer) APRRange() (lo, hi Percent) {
	return Percent{o.representativeAt(o.RateMin.Decimal).APR}, Percent{o.representativeAt(o.RateMax.Decimal).APR}
}

// RepresentativeExample is the FCA CONC 3.5.5R style representative example of a credit
// offer in words: the credit amount, the rate of interest (fixed), the fee, the
// representative APR (APRC for UK/EU offers), the duration, each repayment and the total
// amount payable — the figures of o.Representative(). For insurance it states premium, cover
// and excess.
func RepresentativeExample(o Offer) string {
	loc := o.OfferLocale()
	m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, loc) }
	pct := func(d decimal.Decimal) string { return FormatPercent(d, loc) }
	if o.ProductType.IsInsurance() {
		s := fmt.Sprintf("Annual premium %s", m(o.AnnualPremium.Decimal))
		if o.MonthlyPremium.IsPositive() {
			s += fmt.Sprintf(" (or 12 monthly payments of %s, %s a year)", m(o.MonthlyPremium.Decimal), m(o.MonthlyPremium.Mul(twelve)))
		}
		return s + fmt.Sprintf("; cover up to %s; deductible %s. Your premium depends on your circumstances.",
			m(o.CoverageLimit.Decimal), m(o.Deductible.Decimal))
	}
	r := o.Representative()
	apr := pct(r.APR)
	switch {
	case !r.OK:
		return fmt.Sprintf("Rate of interest %s p.a. plus fees; no representative example can be given for this offer.", pct(r.Rate))
	case o.Instalments > 0:
		s := fmt.Sprintf("Representative example: a purchase of %s paid in %d interest-free instalments of %s every two weeks, the first at checkout",
			m(r.Amount), r.Months, m(r.MonthlyPayment))
		if !r.LastPayment.Equal(r.MonthlyPayment) {
			s += fmt.Sprintf(" (the last %s)", m(r.LastPayment))
		}
		return s + fmt.Sprintf(". Rate of interest %s p.a. Representative %s APR. Total amount payable %s. Missed payments may incur fees.", pct(decimal.Zero), apr, m(r.TotalPayable))
	case o.ProductType == CreditCard:
		s := fmt.Sprintf("Representative example: when you spend %s at a purchase rate of %s p.a. (variable), your representative rate is %s APR (variable).",
			m(r.Amount), pct(r.Rate), apr)
		if o.PromoMonths > 0 {
			s += fmt.Sprintf(" Balance transfers: %s for %d months, then %s p.a.; balance transfer fee %s", pct(o.PromoAPR.Decimal), o.PromoMonths, pct(r.Rate), pct(o.TransferFeePct.Decimal))
			if o.TransferFeeMin.IsPositive() {
				s += fmt.Sprintf(" (minimum %s)", m(o.TransferFeeMin.Decimal))
			}
			s += "."
		}
		return s
	}
	s := fmt.Sprintf("Representative example: borrowing %s over %d months at a rate of interest of %s p.a. (fixed)", m(r.Amount), r.TermMonths, pct(r.Rate))
	if r.Fee.IsPositive() {
		s += fmt.Sprintf(" with an %s of %s", feeName, m(r.Fee))
	}
	s += fmt.Sprintf(". Representative %s APR. %d monthly repayments of %s", apr, r.Months, m(r.MonthlyPayment))
	if !r.LastPayment.Equal(r.MonthlyPayment) {
		s += fmt.Sprintf(" (the last %s)", m(r.LastPayment))
	}
	return s + fmt.Sprintf("; total amount payable %s.", m(r.TotalPayable))
}
