package offers

import (
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
// rounded level payment, as disclosed. Fees ≥ principal is EUNPROCESSABLE on "upfront_fees";
// a principal so small that the monthly payment rounds to 0.00 is EUNPROCESSABLE on "principal".
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
	if !c.MonthlyPayment.IsPositive() {
		// Monthly payments of 0.00 and one final payment of everything is not the loan asked
		// about, fee or no fee.
		return c, errPaymentRoundsToZero
	}
	if !fees.IsPositive() {
		// No prepaid finance charge: the APR is the note rate (as the API promises), whatever cent the
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

// Limits of the rate solver.
const (
	// solveDigits is the working precision of the solver, in digits after the point.
	solveDigits = precision + 8
	// maxSolveSteps caps the iterations; Newton from a point below the root needs five or six.
	maxSolveSteps = 200
)

var (
	// solveTol: the solver stops when a step moves the monthly rate by less than this, far
	// below Regulation Z's 1/8 point tolerance (an APR error of 1.2·10⁻¹⁹ points).
	solveTol = decimal.New(1, -21)
	// maxMonthlyRate (10,000 % a month) is the divergence guard: payments that only such a
	// rate reproduces are refused rather than chased.
	maxMonthlyRate = decimal.NewFromInt(100)
	two            = decimal.NewFromInt(2)
)

// periodicRate solves amountFinanced = Σ payments·v^t for the monthly rate i (v = 1/(1+i)),
// where the first n−1 payments are payment and the last is last, in decimal only.
//
// F(i) = PV(i) − amountFinanced falls as i rises and is convex, so Newton's method started
// below the root climbs to it without ever overshooting; the solver keeps a bracket all the
// same and bisects whenever a step would leave it (a start above the root, a flat
// derivative), stops when a step is below solveTol, and gives up after maxSolveSteps or above
// maxMonthlyRate. An amount financed of zero or less is EUNPROCESSABLE.
func periodicRate(amountFinanced, payment, last decimal.Decimal, n int) (decimal.Decimal, error) {
	if n <= 0 {
		return decimal.Zero, ratewise.Invalid("term_months", "term_months must be at least 1.")
	}
	if !amountFinanced.IsPositive() {
		return decimal.Zero, ratewise.Unprocessable("upfront_fees", "The fees are as large as the amount borrowed, so nothing would be financed.")
	}
	if !last.IsPositive() || (n > 1 && !payment.IsPositive()) {
		return decimal.Zero, errPaymentRoundsToZero
	}
	if n == 1 {
		payment = last
	}
	nn, m := decimal.NewFromInt(int64(n)), decimal.NewFromInt(int64(n-1))
	total := payment.Mul(m).Add(last)
	switch total.Cmp(amountFinanced) {
	case 0:
		return decimal.Zero, nil
	case -1:
		return decimal.Zero, errNegativeRate
	}
	// f is F(i) and df its derivative: with w = v^(n−1) and the annuity factor
	// a = (1 − w)/i, PV = payment·a + last·w·v and
	// PV' = payment·((n−1)·w·v − a)/i − n·last·w·v².
	f := func(i decimal.Decimal) (f, df decimal.Decimal) {
		v := one.DivRound(one.Add(i), solveDigits)
		w := powInt(v, n-1)
		wv := w.Mul(v).Round(solveDigits)
		a := one.Sub(w).DivRound(i, solveDigits)
		f = payment.Mul(a).Add(last.Mul(wv)).Sub(amountFinanced).Round(solveDigits)
		df = payment.Mul(m.Mul(wv).Sub(a)).DivRound(i, solveDigits).Sub(nn.Mul(last).Mul(wv).Mul(v)).Round(solveDigits)
		return f, df
	}
	// Start below the root: the interest paid, total − amountFinanced, is at most i·n times
	// the amount financed while the balance only falls, so i ≥ (total − A)/(n·A).
	x := total.Sub(amountFinanced).DivRound(nn.Mul(amountFinanced), solveDigits)
	lo, hi := decimal.Zero, decimal.Zero // hi zero: no upper end found yet
	for k := 0; k < maxSolveSteps; k++ {
		fx, dfx := f(x)
		if fx.IsZero() {
			return x.Round(precision), nil
		}
		if fx.IsPositive() {
			lo = x
		} else {
			hi = x
		}
		var next decimal.Decimal
		if dfx.IsNegative() {
			step := fx.DivRound(dfx, solveDigits)
			if step.Abs().LessThan(solveTol) {
				return x.Sub(step).Round(precision), nil
			}
			next = x.Sub(step)
		}
		if !dfx.IsNegative() || next.LessThanOrEqual(lo) || (hi.IsPositive() && next.GreaterThanOrEqual(hi)) {
			if hi.IsPositive() {
				next = lo.Add(hi).DivRound(two, solveDigits)
			} else {
				next = x.Mul(two)
			}
		}
		if next.GreaterThan(maxMonthlyRate) {
			return decimal.Zero, ratewise.Unprocessable("upfront_fees", "No interest rate reproduces these payments.")
		}
		if next.Sub(x).Abs().LessThan(solveTol) || (hi.IsPositive() && hi.Sub(lo).LessThan(solveTol)) {
			return next.Round(precision), nil
		}
		x = next
	}
	return decimal.Zero, ratewise.Unprocessable("upfront_fees", "No interest rate reproduces these payments.")
}

// errPaymentRoundsToZero: the amount is so small for the term that the monthly payment is 0.00.
var errPaymentRoundsToZero = ratewise.Unprocessable("principal", "The monthly payment rounds to 0.00; the amount is too small for this term.")

// errNegativeRate: the payments repay less than the amount financed (a 0 % loan whose
// payment was rounded down, say), so the solved rate would be below zero.
var errNegativeRate = ratewise.Unprocessable("upfront_fees", "The payments do not even repay the amount financed.")

// PayingMonthly is what paying an annual premium as 12 monthly instalments costs: the 12
// together, what they cost over the premium paid at once (zero when nothing more), and that
// extra as a borrowing rate (the APRC of PremiumFinanceAPR; nil when they cost no more).
type PayingMonthly struct {
	Instalment Money    `json:"monthly_premium"`
	PerYear    Money    `json:"per_year"`
	Extra      Money    `json:"extra_per_year"`
	APR        *Percent `json:"apr,omitempty"`
}

// MonthlyPlan works out PayingMonthly for a premium of annual a year that the insurer also
// takes as 12 × monthly; false when it gives no monthly price.
func MonthlyPlan(annual, monthly decimal.Decimal) (PayingMonthly, bool) {
	return monthlyPlan(annual, monthly, PremiumFinanceAPR)
}

// monthlyPlan is MonthlyPlan with solve as the premium-finance solver (a test counts the solves).
func monthlyPlan(annual, monthly decimal.Decimal, solve func(price, instalment decimal.Decimal, n int) (decimal.Decimal, decimal.Decimal, error)) (PayingMonthly, bool) {
	if !monthly.IsPositive() || !annual.IsPositive() {
		return PayingMonthly{}, false
	}
	perYear := monthly.Mul(twelve)
	p := PayingMonthly{Instalment: Money{monthly}, PerYear: Money{perYear}, Extra: Money{decimal.Max(decimal.Zero, perYear.Sub(annual))}}
	if p.Extra.IsPositive() {
		if _, aprc, err := solve(annual, monthly, 12); err == nil {
			p.APR = &Percent{aprc.Round(2)}
		}
	}
	return p, true
}

// PremiumFinanceAPR is the cost of paying an annual premium by n equal instalments, the first
// at inception, instead of price up front (docs/finance.md 1.7): it solves
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
