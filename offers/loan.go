package offers

import (
	"math"

	"github.com/shopspring/decimal"

	"ratewise"
)

// Precision of intermediate decimal results (digits after the point). Thirty digits keep
// every displayed cent exact even on 600-month terms; results are rounded once, at
// presentation, by Round2.
const precision = 30

var (
	one    = decimal.NewFromInt(1)
	twelve = decimal.NewFromInt(12)
)

// monthlyRate turns an annual percent into the monthly fraction a/12.
func monthlyRate(annualPct decimal.Decimal) decimal.Decimal {
	return annualPct.DivRound(hundred, precision).DivRound(twelve, precision)
}

// powInt is x^n for n ≥ 0 by repeated squaring, rounded to precision+8 digits at each step
// so the digits do not grow without bound (decimal's own Pow multiplies them exactly).
func powInt(x decimal.Decimal, n int) decimal.Decimal {
	result := one
	for n > 0 {
		if n&1 == 1 {
			result = result.Mul(x).Round(precision + 8)
		}
		n >>= 1
		if n > 0 {
			x = x.Mul(x).Round(precision + 8)
		}
	}
	return result
}

// Payment is the exact level monthly payment that repays principal over n months at annual
// rate annualPct (percent), payments at the end of each month:
// P·i / (1 − (1+i)^−n), or P/n at 0 %. It is not rounded; MonthlyPayment rounds it.
func Payment(principal, annualPct decimal.Decimal, n int) decimal.Decimal {
	if n <= 0 {
		return decimal.Zero
	}
	i := monthlyRate(annualPct)
	if i.IsZero() {
		return principal.DivRound(decimal.NewFromInt(int64(n)), precision)
	}
	f := powInt(one.Add(i), n) // (1+i)^n
	// P·i·f / (f − 1)
	return principal.Mul(i).Mul(f).DivRound(f.Sub(one), precision)
}

// MonthlyPayment is Payment rounded half-up to cents: what the borrower actually pays.
func MonthlyPayment(principal, annualPct decimal.Decimal, n int) decimal.Decimal {
	return Round2(Payment(principal, annualPct, n))
}

// RemainingBalance is the closed-form balance after k level payments of the exact payment:
// P(1+i)^k − PMT·((1+i)^k − 1)/i. Lenders' cent-rounded statements differ by a few cents;
// Schedule gives those.
func RemainingBalance(principal, annualPct decimal.Decimal, n, k int) decimal.Decimal {
	if k <= 0 {
		return principal
	}
	if k >= n {
		return decimal.Zero
	}
	pmt := Payment(principal, annualPct, n)
	i := monthlyRate(annualPct)
	if i.IsZero() {
		return principal.Sub(pmt.Mul(decimal.NewFromInt(int64(k))))
	}
	f := powInt(one.Add(i), k)
	return principal.Mul(f).Sub(pmt.Mul(f.Sub(one)).DivRound(i, precision))
}

// Period is one row of a cent-rounded amortization schedule.
type Period struct {
	Month     int
	Payment   decimal.Decimal
	Interest  decimal.Decimal
	Principal decimal.Decimal
	Balance   decimal.Decimal // after this payment
}

// Schedule is the cent-rounded amortization schedule lenders print: each month's interest is
// rounded half-up to cents, every payment is the rounded level payment, and the last payment
// absorbs the residue so the principal column sums to the principal exactly. (If the rounded
// payment is so far above the exact one that the loan is repaid early — tiny principals over
// very long terms — the schedule ends there.)
func Schedule(principal, annualPct decimal.Decimal, n int) []Period {
	if n <= 0 {
		return nil
	}
	var rows []Period
	amortize(Round2(principal), annualPct, MonthlyPayment(principal, annualPct, n), n, 0, decimal.Zero, func(p Period) {
		rows = append(rows, p)
	})
	return rows
}

// payoff is the outcome of paying a balance down month by month.
type payoff struct {
	Months        int
	Payment       decimal.Decimal // the level payment
	LastPayment   decimal.Decimal
	TotalPaid     decimal.Decimal
	TotalInterest decimal.Decimal
	FirstInterest decimal.Decimal
}

// amortize pays payment each month on balance, with interest at annualPct (promoPct for the
// first promoMonths) rounded half-up to cents each month; the payment in month maxMonths, or
// the first one that would overpay, clears the balance. each, if not nil, sees every row.
func amortize(balance, annualPct, payment decimal.Decimal, maxMonths, promoMonths int, promoPct decimal.Decimal, each func(Period)) payoff {
	if b, ok := cents(balance); ok {
		if pay, ok := cents(payment); ok {
			if a, ok := rateUnits(annualPct); ok {
				if ap, ok := rateUnits(promoPct); ok {
					return amortizeCents(b, a, pay, maxMonths, promoMonths, ap, each)
				}
			}
		}
	}
	i, ip := monthlyRate(annualPct), monthlyRate(promoPct)
	out := payoff{Payment: payment}
	bal := balance
	for m := 1; m <= maxMonths; m++ {
		rate := i
		if m <= promoMonths {
			rate = ip
		}
		interest := Round2(bal.Mul(rate))
		pay := payment
		if m == maxMonths || bal.Add(interest).LessThanOrEqual(payment) {
			pay = bal.Add(interest)
		}
		princ := pay.Sub(interest)
		bal = bal.Sub(princ)
		if m == 1 {
			out.FirstInterest = interest
		}
		out.Months = m
		out.LastPayment = pay
		out.TotalPaid = out.TotalPaid.Add(pay)
		out.TotalInterest = out.TotalInterest.Add(interest)
		if each != nil {
			each(Period{Month: m, Payment: pay, Interest: interest, Principal: princ, Balance: bal})
		}
		if bal.IsZero() {
			break
		}
	}
	return out
}

// Exact integer amortization. A rate in percent with at most four decimals is A/10^4 %, so a
// month's interest on b cents is b·A/12,000,000 cents: an exact rational, rounded half-up
// with integers. Balances up to 10^11 cents and rates below 100 % keep b·A below 10^17, far
// inside int64. This is the same computation as the decimal loop, only exact and fast.
const (
	rateScale      = 10_000     // rate units per percent
	monthlyDivisor = 12_000_000 // 12 months · 100 (percent) · rateScale
	maxCents       = 100_000_000_000
)

// cents returns d in cents if it is a whole number of cents in range.
func cents(d decimal.Decimal) (int64, bool) {
	c := d.Shift(2)
	if !c.IsInteger() || c.IsNegative() || c.GreaterThan(decimal.NewFromInt(maxCents)) {
		return 0, false
	}
	return c.IntPart(), true
}

// rateUnits returns a percent rate in 1/10,000 of a percent if it has at most four decimals.
func rateUnits(d decimal.Decimal) (int64, bool) {
	u := d.Shift(4)
	if !u.IsInteger() || u.IsNegative() || u.GreaterThanOrEqual(decimal.NewFromInt(100*rateScale)) {
		return 0, false
	}
	return u.IntPart(), true
}

func amortizeCents(bal, a, pay int64, maxMonths, promoMonths int, ap int64, each func(Period)) payoff {
	var total, interestSum, last, first int64
	months := 0
	for m := 1; m <= maxMonths; m++ {
		rate := a
		if m <= promoMonths {
			rate = ap
		}
		interest := (bal*rate + monthlyDivisor/2) / monthlyDivisor
		p := pay
		if m == maxMonths || bal+interest <= pay {
			p = bal + interest
		}
		princ := p - interest
		bal -= princ
		if m == 1 {
			first = interest
		}
		months, last = m, p
		total += p
		interestSum += interest
		if each != nil {
			each(Period{Month: m, Payment: decimal.New(p, -2), Interest: decimal.New(interest, -2),
				Principal: decimal.New(princ, -2), Balance: decimal.New(bal, -2)})
		}
		if bal == 0 {
			break
		}
	}
	return payoff{Months: months, Payment: decimal.New(pay, -2), LastPayment: decimal.New(last, -2),
		TotalPaid: decimal.New(total, -2), TotalInterest: decimal.New(interestSum, -2), FirstInterest: decimal.New(first, -2)}
}

// LoanCost summarises a loan of principal at annualPct over n months with upfront fees
// (prepaid finance charges deducted from the amount financed).
type LoanCost struct {
	MonthlyPayment decimal.Decimal // rounded level payment
	LastPayment    decimal.Decimal // the schedule's final payment
	TotalInterest  decimal.Decimal // sum of the schedule's interest column
	TotalPaid      decimal.Decimal // principal + total interest (fees excluded)
	APR            decimal.Decimal // percent, Regulation Z (nominal 12·i), including fees
	APRC           decimal.Decimal // percent, EU/UK ((1+i)^12 − 1), including fees
	Months         int             // payments in the schedule (n, fewer only for degenerate tiny loans)
}

// CostOfLoan computes the schedule figures and both APRs. The APRs are solved from the
// rounded level payment, as disclosed. Fees ≥ principal is EUNPROCESSABLE on "upfront_fees".
func CostOfLoan(principal, annualPct, fees decimal.Decimal, n int) (LoanCost, error) {
	var c LoanCost
	if n <= 0 {
		return c, ratewise.Invalid("term_months", "term_months must be at least 1.")
	}
	po := amortize(Round2(principal), annualPct, MonthlyPayment(principal, annualPct, n), n, 0, decimal.Zero, nil)
	c.MonthlyPayment, c.LastPayment, c.TotalInterest, c.TotalPaid, c.Months = po.Payment, po.LastPayment, po.TotalInterest, po.TotalPaid, po.Months
	if po.Months == 1 {
		c.MonthlyPayment = c.LastPayment
	}
	if !fees.IsPositive() {
		// No prepaid finance charge: the APR is the note rate (API.md), whatever cent the
		// level payment was rounded by.
		c.APR = annualPct
		c.APRC = APRC(monthlyRate(annualPct))
		return c, nil
	}
	i, err := PeriodicRate(principal.Sub(fees), c.MonthlyPayment, n)
	if err == errNegativeRate {
		// The level payment was rounded down so far that only the schedule's larger last
		// payment repays the loan: solve on the schedule's own flows.
		i, err = periodicRate(principal.Sub(fees), c.MonthlyPayment, c.LastPayment, c.Months)
	}
	if err != nil {
		return c, err
	}
	c.APR = NominalAPR(i)
	c.APRC = APRC(i)
	return c, nil
}

// NominalAPR is the Regulation Z APR in percent for a monthly periodic rate: 12·i·100.
func NominalAPR(i decimal.Decimal) decimal.Decimal { return i.Mul(twelve).Mul(hundred) }

// APRC is the EU/UK annual percentage rate of charge in percent for a monthly periodic rate:
// ((1+i)^12 − 1)·100.
func APRC(i decimal.Decimal) decimal.Decimal {
	return powInt(one.Add(i), 12).Sub(one).Mul(hundred).Round(precision)
}

// APR is the Regulation Z Appendix J APR in percent of a loan of principal repaid by n level
// payments of payment, with fees prepaid (deducted from the amount financed).
func APR(principal, fees, payment decimal.Decimal, n int) (decimal.Decimal, error) {
	i, err := PeriodicRate(principal.Sub(fees), payment, n)
	if err != nil {
		return decimal.Zero, err
	}
	return NominalAPR(i), nil
}

// PeriodicRate solves Appendix J's actuarial equation for n level end-of-month payments:
// amountFinanced = payment·(1 − (1+i)^−n)/i. See periodicRate.
func PeriodicRate(amountFinanced, payment decimal.Decimal, n int) (decimal.Decimal, error) {
	return periodicRate(amountFinanced, payment, payment, n)
}

// periodicRate solves amountFinanced = Σ payments·v^t for the monthly rate i (v = 1/(1+i)),
// where the first n−1 payments are payment and the last is last. It brackets the root with
// float64 bisection (the present value falls as i rises, so the bracket cannot be lost, and
// a rate above 10,000 % a month is refused rather than chased) and then narrows the bracket
// in decimal below 1e-22, far beyond Regulation Z's 1/8 point tolerance. An amount financed
// of zero or less is EUNPROCESSABLE.
func periodicRate(amountFinanced, payment, last decimal.Decimal, n int) (decimal.Decimal, error) {
	if n <= 0 {
		return decimal.Zero, ratewise.Invalid("term_months", "term_months must be at least 1.")
	}
	if !amountFinanced.IsPositive() {
		return decimal.Zero, ratewise.Unprocessable("upfront_fees", "The fees are as large as the amount borrowed, so nothing would be financed.")
	}
	if !last.IsPositive() || (n > 1 && !payment.IsPositive()) {
		return decimal.Zero, ratewise.Unprocessable("principal", "The payment rounds to zero; the amount is too small for this term.")
	}
	if n == 1 {
		payment = last
	}
	total := payment.Mul(decimal.NewFromInt(int64(n - 1))).Add(last)
	switch total.Cmp(amountFinanced) {
	case 0:
		return decimal.Zero, nil
	case -1:
		return decimal.Zero, errNegativeRate
	}
	// Present value of the payments at monthly rate i.
	pv := func(i decimal.Decimal) decimal.Decimal {
		v := one.DivRound(one.Add(i), precision+8)
		vn1 := powInt(v, n-1)
		level := payment.Mul(one.Sub(vn1)).DivRound(i, precision+8)
		return level.Add(last.Mul(vn1).Mul(v)).Round(precision + 8)
	}
	a, p, l := amountFinanced.InexactFloat64(), payment.InexactFloat64(), last.InexactFloat64()
	pvf := func(i float64) float64 {
		vn1 := math.Pow(1+i, -float64(n-1))
		return p*(1-vn1)/i + l*vn1/(1+i)
	}
	lo, hi := 0.0, 0.01
	for pvf(hi) > a {
		lo, hi = hi, hi*2
		if hi > 100 {
			return decimal.Zero, ratewise.Unprocessable("upfront_fees", "No interest rate reproduces these payments.")
		}
	}
	for k := 0; k < 200 && hi-lo > 1e-15*hi; k++ {
		mid := (lo + hi) / 2
		if pvf(mid) > a {
			lo = mid
		} else {
			hi = mid
		}
	}
	// One Newton step in decimal from the float root (with the float derivative: each step
	// gains about fifteen digits), then prove the result by bracketing it within 1e-22.
	root := (lo + hi) / 2
	x := decimal.NewFromFloat(root)
	if dpv := pvPrime(root, p, l, n); dpv < 0 {
		x = x.Sub(pv(x).Sub(amountFinanced).DivRound(decimal.NewFromFloat(dpv), precision+8))
		eps := decimal.New(5, -23)
		if x.GreaterThan(eps) && pv(x.Sub(eps)).GreaterThanOrEqual(amountFinanced) && pv(x.Add(eps)).LessThanOrEqual(amountFinanced) {
			return x.Round(precision), nil
		}
	}
	// Decimal bracket around the float root, widened until it really brackets (float error).
	mid := decimal.NewFromFloat(root)
	width := decimal.New(1, -12)
	var dlo, dhi decimal.Decimal
	for k := 0; ; k++ {
		dlo, dhi = mid.Sub(width), mid.Add(width)
		if !dlo.IsPositive() {
			dlo = decimal.New(1, -40)
		}
		if pv(dlo).GreaterThanOrEqual(amountFinanced) && pv(dhi).LessThanOrEqual(amountFinanced) {
			break
		}
		if k == 30 {
			return decimal.Zero, ratewise.Unprocessable("upfront_fees", "No interest rate reproduces these payments.")
		}
		width = width.Mul(decimal.NewFromInt(16))
	}
	eps := decimal.New(1, -22)
	two := decimal.NewFromInt(2)
	for k := 0; k < 200 && dhi.Sub(dlo).GreaterThan(eps); k++ {
		m := dlo.Add(dhi).DivRound(two, precision+8)
		if pv(m).GreaterThan(amountFinanced) {
			dlo = m
		} else {
			dhi = m
		}
	}
	return dlo.Add(dhi).DivRound(two, precision), nil
}

// pvPrime is the derivative of the present value of the payments with respect to the
// monthly rate, in float64 (only a Newton step's direction and scale depend on it).
func pvPrime(i, p, l float64, n int) float64 {
	const h = 1e-7
	f := func(i float64) float64 {
		vn1 := math.Pow(1+i, -float64(n-1))
		return p*(1-vn1)/i + l*vn1/(1+i)
	}
	return (f(i+h*i) - f(i-h*i)) / (2 * h * i)
}

// errNegativeRate: the payments repay less than the amount financed (a 0 % loan whose
// payment was rounded down, say), so the solved rate would be below zero.
var errNegativeRate = ratewise.Unprocessable("upfront_fees", "The payments do not even repay the amount financed.")

// PremiumFinanceAPR is the cost of paying an annual premium by n equal instalments, the first
// at inception, instead of price up front (FINANCE.md 1.7): it solves
// price − instalment = Σ instalment·v^k for k = 1…n−1 and returns the nominal APR (12·i) and
// the APRC ((1+i)^12 − 1), both in percent. Instalments that cost no more than the price
// have a zero rate.
func PremiumFinanceAPR(price, instalment decimal.Decimal, n int) (nominal, aprc decimal.Decimal, err error) {
	if n < 2 {
		return decimal.Zero, decimal.Zero, nil
	}
	total := instalment.Mul(decimal.NewFromInt(int64(n)))
	if total.LessThanOrEqual(price) {
		return decimal.Zero, decimal.Zero, nil
	}
	i, err := PeriodicRate(price.Sub(instalment), instalment, n-1)
	if err != nil {
		return decimal.Zero, decimal.Zero, err
	}
	return NominalAPR(i), APRC(i), nil
}
