package offers

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Pricing: what an offer charges a consumer, what a holding still costs if kept, and what
// switching costs. Every figure here is exact decimal.

// RateFor is the nominal annual rate of interest (percent) the offer quotes a consumer with
// profile p: the rate of the best credit band the score reaches, RateMax below every band,
// and the representative rate when there is no profile or no bands. Fees come on top.
func (o *Offer) RateFor(p *Profile) decimal.Decimal {
	if p == nil || len(o.RateBands) == 0 {
		return o.Rate.Decimal
	}
	best, found := RateBand{}, false
	for _, b := range o.RateBands {
		if p.CreditScore >= b.MinScore && (!found || b.MinScore > best.MinScore) {
			best, found = b, true
		}
	}
	if !found {
		return o.RateMax.Decimal
	}
	return best.Rate.Decimal
}

// PremiumFor is the annual premium the offer quotes a consumer with profile p (credit bands
// as for RateFor; the base premium without a profile or bands).
func (o *Offer) PremiumFor(p *Profile) decimal.Decimal {
	if p == nil || len(o.PremiumBands) == 0 {
		return o.AnnualPremium.Decimal
	}
	best, found := PremiumBand{}, false
	for _, b := range o.PremiumBands {
		if p.CreditScore >= b.MinScore && (!found || b.MinScore > best.MinScore) {
			best, found = b, true
		}
	}
	if !found {
		return o.AnnualPremium.Decimal
	}
	return best.AnnualPremium.Decimal
}

// OriginationFee is the fee on amount: the percentage (rounded to cents) plus the flat part,
// clamped to the minimum and maximum where they are set.
func (o *Offer) OriginationFee(amount decimal.Decimal) decimal.Decimal {
	fee := Round2(amount.Mul(o.OriginationFeePct.Fraction())).Add(o.OriginationFeeFlat.Decimal)
	if o.OriginationFeeMin.IsPositive() && fee.LessThan(o.OriginationFeeMin.Decimal) {
		fee = o.OriginationFeeMin.Decimal
	}
	if o.OriginationFeeMax.IsPositive() && fee.GreaterThan(o.OriginationFeeMax.Decimal) {
		fee = o.OriginationFeeMax.Decimal
	}
	return fee
}

// TransferFee is the balance-transfer fee on amount: the percentage (rounded to cents), at
// least TransferFeeMin.
func (o *Offer) TransferFee(amount decimal.Decimal) decimal.Decimal {
	fee := Round2(amount.Mul(o.TransferFeePct.Fraction()))
	if fee.LessThan(o.TransferFeeMin.Decimal) {
		fee = o.TransferFeeMin.Decimal
	}
	return fee
}

// termFor picks the refinance term for n remaining months: n itself when the offer lends
// over that many months (or lists no terms), else the nearest term it offers, and whether n
// was within the offer's range.
func (o *Offer) termFor(n int) (int, bool) {
	if len(o.TermsMonths) == 0 {
		return n, true
	}
	lo, hi := slices.Min(o.TermsMonths), slices.Max(o.TermsMonths)
	switch {
	case n < lo:
		return lo, false
	case n > hi:
		return hi, false
	}
	return n, true
}

// AnnualPremium is a holding's premium over a year: 12 monthly, 4 quarterly or 1 annual
// payment (docs/finance.md 1.7).
func (h *Holding) AnnualPremium() decimal.Decimal {
	if h.Premium == nil {
		return decimal.Zero
	}
	switch h.PremiumFrequency {
	case Monthly:
		return h.Premium.Mul(twelve)
	case Quarterly:
		return h.Premium.Mul(decimal.NewFromInt(4))
	}
	return h.Premium.Decimal
}

// PaymentBasis says what monthly payment CurrentCost assumes for h: the one stated, the
// schedule's, or (cards) an assumed one; "" for insurance.
func (h *Holding) PaymentBasis() string {
	switch {
	case h.Kind == KindInsurance || h.ProductType.IsInsurance():
		return ""
	case h.MonthlyPayment != nil && h.MonthlyPayment.IsPositive():
		return PaymentStated
	case h.ProductType == CreditCard:
		return PaymentAssumed
	}
	return PaymentSchedule
}

// AssumedCardPaymentPct is the share of a card's balance, in percent, assumed paid each month
// when its holder gives no payment (PaymentAssumed).
const AssumedCardPaymentPct = 3

// cardPayment is what a card holder pays each month: their stated payment, else
// AssumedCardPaymentPct of the balance (at least 25), raised if needed so it always pays off.
func (h *Holding) cardPayment() decimal.Decimal {
	if h.MonthlyPayment != nil && h.MonthlyPayment.IsPositive() {
		return h.MonthlyPayment.Decimal
	}
	m := Round2(h.Balance.Mul(decimal.New(AssumedCardPaymentPct, -2)))
	if m.LessThan(decimal.NewFromInt(25)) {
		m = decimal.NewFromInt(25)
	}
	interest := monthInterest(h.Balance.Decimal, h.APR.Decimal)
	if floor := interest.Add(Round2(h.Balance.Div(hundred))); m.LessThan(floor) {
		m = floor
	}
	return m
}

// monthInterest is a month's interest on balance at annualPct, rounded half-up to cents as
// each month of the schedules is (amortize): balance·annualPct/1,200 divided exactly, so an
// exact half cent rounds up. Multiplying by the monthly rate instead would round the rate to
// 30 digits first and land an exact half cent just below it (600.00 at 19.99 %: 9.995 → 9.99).
func monthInterest(balance, annualPct decimal.Decimal) decimal.Decimal {
	return balance.Mul(annualPct).DivRound(decimal.NewFromInt(1200), 2)
}

// maxCardMonths caps a credit-card simulation (50 years).
const maxCardMonths = 600

// CurrentCost is what the holding still costs if kept: the rest of its cent-rounded schedule
// (at the consumer's own payment when given), a card paid at the consumer's payment until
// clear, or a policy's annualized premium.
func CurrentCost(h Holding) Cost {
	switch {
	case h.Kind == KindInsurance || h.ProductType.IsInsurance():
		c := Cost{Kind: KindInsurance, AnnualPremium: Money{h.AnnualPremium()}}
		c.MonthlyPayment = Money{Round2(c.AnnualPremium.Div(twelve))}
		if h.CoverageLimit != nil {
			c.CoverageLimit = *h.CoverageLimit
		}
		if h.Deductible != nil {
			c.Deductible = *h.Deductible
		}
		return c
	case h.ProductType == CreditCard:
		po := amortize(h.Balance.Decimal, h.APR.Decimal, h.cardPayment(), maxCardMonths, 0, decimal.Zero, nil)
		return loanCostFrom(po, h.APR.Decimal, decimal.Zero, true)
	default:
		pmt := MonthlyPayment(h.Balance.Decimal, h.APR.Decimal, h.RemainingMonths)
		if h.MonthlyPayment != nil && h.MonthlyPayment.IsPositive() {
			pmt = h.MonthlyPayment.Decimal
		}
		po := amortize(h.Balance.Decimal, h.APR.Decimal, pmt, h.RemainingMonths, 0, decimal.Zero, nil)
		return loanCostFrom(po, h.APR.Decimal, decimal.Zero, false)
	}
}

func loanCostFrom(po payoff, apr, fees decimal.Decimal, estimated bool) Cost {
	pmt := po.Payment
	if po.Months == 1 {
		pmt = po.LastPayment
	}
	return Cost{Kind: KindLoan, MonthlyPayment: Money{pmt}, LastPayment: Money{po.LastPayment},
		TotalInterest: Money{po.TotalInterest}, TotalPaid: Money{po.TotalPaid}, APR: Percent{apr},
		Fees: Money{fees}, TermMonths: po.Months, Estimated: estimated}
}

// eligibility lists why a consumer with profile p cannot take offer o for holding h, and

type refi struct {
	v         Variant
	cost      Cost
	breakEven *int
	// scheduled is the offer's own payment over the term, which its lender's checks (debt to
	// income) see, whatever the consumer chooses to pay.
	scheduled decimal.Decimal
	// samePayment is true when the refinance is costed at the consumer's own, larger payment
	// (overpayment).
	samePayment bool
}

// current is what a holding costs if kept (CurrentCost), with what refinance needs of it worked
// out once for all the offers a comparison costs: the payment its holder makes beyond the
// schedule, if any (overpayment).
type current struct {
	Cost
	over     decimal.Decimal
	overpaid bool
}

// currentOf is h's current cost for a comparison.
func currentOf(h Holding) current {
	c := current{Cost: CurrentCost(h)}
	c.over, c.overpaid = h.overpayment()
	return c
}

// overpayment is the payment a loan's holder says they make when it is more than the rest of
// the schedule needs: they repay it faster than the contract asks, and would a new loan too.
func (h *Holding) overpayment() (decimal.Decimal, bool) {
	if h.PaymentBasis() != PaymentStated || h.ProductType == CreditCard {
		return decimal.Zero, false
	}
	pay := h.MonthlyPayment.Decimal
	return pay, pay.GreaterThan(MonthlyPayment(h.Balance.Decimal, h.APR.Decimal, h.RemainingMonths))
}

// refinance costs borrowing the balance from o at rate over term months, paying the fee and
// the old lender's penalty in cash: net saving = remaining old payments − (new payments +
// fee + penalty); break-even is the first month the monthly saving has covered those costs.
//
// When the consumer pays more than their schedule needs (overpayment), the old loan's cost is
// that payment until it is cleared, so the new one is costed at the same payment too, when its
// own is lower and it charges nothing for paying early: the same money each month, the saving
// in the interest and the months it no longer runs. Costing it at its lower contract payment
// instead compared a faster plan with a slower one, and every cheaper offer seemed to cost
// more (docs/finance.md, "A payment above the schedule"). Its break-even is then the first
// month from which the cumulative payments, fee and penalty included, are no more than
// keeping the loan: the month it is cleared, or later.
func refinance(h Holding, cur current, o *Offer, rate, fee, penalty decimal.Decimal, term int, withAPR bool) refi {
	var lc LoanCost
	var err error
	if withAPR {
		lc, err = CostOfLoan(h.Balance.Decimal, rate, fee, term)
	} else {
		// A variant shows payments and savings only; its APR is not needed.
		lc, err = CostOfLoan(h.Balance.Decimal, rate, decimal.Zero, term)
	}
	apr := lc.APR
	if o.UsesAPRC() {
		apr = lc.APRC
	}
	if err != nil {
		// Only a fee as large as the balance, or a balance too small to have a payment over
		// this term, gets here; the figures are still the schedule's. Keep the note rate and
		// let the saving speak.
		apr = rate
	}
	cost := Cost{Kind: KindLoan, MonthlyPayment: Money{lc.MonthlyPayment}, LastPayment: Money{lc.LastPayment},
		TotalInterest: Money{lc.TotalInterest}, TotalPaid: Money{lc.TotalPaid}, APR: Percent{apr.Round(4)},
		Fees: Money{fee}, TermMonths: lc.Months}
	upfront := fee.Add(penalty)
	r := refi{cost: cost, scheduled: lc.MonthlyPayment}
	if cur.overpaid && err == nil && cur.over.GreaterThan(lc.MonthlyPayment) && !o.PrepaymentPenaltyPct.IsPositive() {
		po := amortize(h.Balance.Decimal, rate, cur.over, term, 0, decimal.Zero, nil)
		r.cost = loanCostFrom(po, cost.APR.Decimal, fee, false)
		r.samePayment = true
	}
	r.v = Variant{TermMonths: term, MonthlyPayment: r.cost.MonthlyPayment,
		MonthlySaving: Money{cur.MonthlyPayment.Sub(r.cost.MonthlyPayment.Decimal)},
		NetSaving:     Money{cur.TotalPaid.Sub(r.cost.TotalPaid.Decimal).Sub(upfront)}}
	switch s := r.v.MonthlySaving.Decimal; {
	case r.samePayment && upfront.IsZero():
		r.breakEven = new(int) // nothing to pay back, as ceil(0 / saving) below
	case r.samePayment && r.v.NetSaving.IsPositive():
		for m := 1; m <= max(cur.TermMonths, r.cost.TermMonths); m++ {
			if cumulative(r.cost, upfront, m).LessThanOrEqual(cumulative(cur.Cost, decimal.Zero, m)) {
				r.breakEven = &m
				break
			}
		}
	case s.IsPositive():
		m := int(upfront.Div(s).Ceil().IntPart())
		r.breakEven = &m
	}
	return r
}

// cardMonthlySaving is the interest the transfer saves in its first month.
func cardMonthlySaving(h Holding, cur Cost, po payoff) decimal.Decimal {
	curFirst := monthInterest(h.Balance.Decimal, h.APR.Decimal)
	return curFirst.Sub(po.FirstInterest)
}

// cardBreakEven is the first month in which the transferred balance (fee included) is no
// higher than the card's would have been: the fee has been earned back in interest.
func cardBreakEven(h Holding, o *Offer, rate, fee decimal.Decimal) *int {
	pay := h.cardPayment()
	var keep []decimal.Decimal
	amortize(h.Balance.Decimal, h.APR.Decimal, pay, maxCardMonths, 0, decimal.Zero, func(p Period) { keep = append(keep, p.Balance) })
	var be *int
	amortize(h.Balance.Add(fee), rate, pay, maxCardMonths, o.PromoMonths, o.PromoAPR.Decimal, func(p Period) {
		if be != nil {
			return
		}
		old := decimal.Zero
		if p.Month <= len(keep) {
			old = keep[p.Month-1]
		}
		if p.Balance.LessThanOrEqual(old) && (p.Month < len(keep) || p.Balance.IsZero()) {
			m := p.Month
			be = &m
		}
	})
	return be
}

// Quote is what borrowing an amount from an offer costs over a term, at its representative
// rate of interest: the cent-rounded schedule's payments and total, the fee, and the APR
// with the fee (APRC for UK/EU offers).
type Quote struct {
	Amount         Money
	TermMonths     int
	MonthlyPayment Money
	LastPayment    Money
	// TotalPaid is the schedule's principal plus interest; TotalPayable adds the fee.
	TotalPaid    Money
	Fee          Money
	TotalPayable Money
	APR          Percent
}

// Quote costs borrowing amount over term months from o. EUNPROCESSABLE when the fee is as
// large as the amount or the payment rounds to nothing (CostOfLoan).
func (o *Offer) Quote(amount decimal.Decimal, term int) (Quote, error) {
	fee := o.OriginationFee(amount)
	lc, err := CostOfLoan(amount, o.Rate.Decimal, fee, term)
	if err != nil {
		return Quote{}, err
	}
	apr := lc.APR
	if o.UsesAPRC() {
		apr = lc.APRC
	}
	return Quote{Amount: Money{amount}, TermMonths: lc.Months, MonthlyPayment: Money{lc.MonthlyPayment}, LastPayment: Money{lc.LastPayment},
		TotalPaid: Money{lc.TotalPaid}, Fee: Money{fee}, TotalPayable: Money{lc.TotalPaid.Add(fee)}, APR: Percent{apr.Round(2)}}, nil
}
