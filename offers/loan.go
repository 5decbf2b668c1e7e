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
// absorbs the residue so the principal column sums to the principal exactly.
func Schedule(principal, annualPct decimal.Decimal, n int) []Period {
	if n <= 0 {
		return nil
	}
	pmt := MonthlyPayment(principal, annualPct, n)
	i := monthlyRate(annualPct)
	bal := Round2(principal)
	rows := make([]Period, 0, n)
	for m := 1; m <= n; m++ {
		interest := Round2(bal.Mul(i))
		pay := pmt
		if m == n {
			pay = bal.Add(interest)
		}
		princ := pay.Sub(interest)
		bal = bal.Sub(princ)
		rows = append(rows, Period{Month: m, Payment: pay, Interest: interest, Principal: princ, Balance: bal})
	}
	return rows
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
}

// CostOfLoan computes the schedule figures and both APRs. The APRs are solved from the
// rounded level payment, as disclosed. Fees ≥ principal is EUNPROCESSABLE on "upfront_fees".
func CostOfLoan(principal, annualPct, fees decimal.Decimal, n int) (LoanCost, error) {
	rows := Schedule(principal, annualPct, n)
	var c LoanCost
	if len(rows) == 0 {
		return c, ratewise.Invalid("term_months", "term_months must be at least 1.")
	}
	c.MonthlyPayment = rows[0].Payment
	c.LastPayment = rows[len(rows)-1].Payment
	for _, r := range rows {
		c.TotalInterest = c.TotalInterest.Add(r.Interest)
	}
	c.TotalPaid = Round2(principal).Add(c.TotalInterest)
	if n == 1 {
		c.MonthlyPayment = c.LastPayment
	}
	i, err := PeriodicRate(principal.Sub(fees), c.MonthlyPayment, n)
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
// amountFinanced = payment·(1 − (1+i)^−n)/i. It brackets the root with float64 bisection
// (the present value falls as i rises, so the bracket cannot be lost) and then narrows the
// bracket in decimal until it is below 1e-22, so the result is exact far beyond the 1/8
// point tolerance of Regulation Z. An amount financed of zero or less is EUNPROCESSABLE.
func PeriodicRate(amountFinanced, payment decimal.Decimal, n int) (decimal.Decimal, error) {
	if n <= 0 {
		return decimal.Zero, ratewise.Invalid("term_months", "term_months must be at least 1.")
	}
	if !amountFinanced.IsPositive() {
		return decimal.Zero, ratewise.Unprocessable("upfront_fees", "The fees are as large as the amount borrowed, so nothing would be financed.")
	}
	if !payment.IsPositive() {
		return decimal.Zero, ratewise.Unprocessable("principal", "The payment rounds to zero; the amount is too small for this term.")
	}
	nd := decimal.NewFromInt(int64(n))
	total := payment.Mul(nd)
	switch total.Cmp(amountFinanced) {
	case 0:
		return decimal.Zero, nil
	case -1:
		// Payments below the amount financed mean a negative rate; the math allows it, the
		// disclosure does not make sense, so say so.
		return decimal.Zero, ratewise.Unprocessable("upfront_fees", "The payments do not even repay the amount financed.")
	}
	pv := func(i decimal.Decimal) decimal.Decimal { // present value of the payments
		return payment.Mul(one.Sub(one.DivRound(powInt(one.Add(i), n), precision+8))).DivRound(i, precision+8)
	}
	// float64 bracketing: the root lies in (0, hi]; widen hi until pv(hi) < amount.
	a, p := amountFinanced.InexactFloat64(), payment.InexactFloat64()
	pvf := func(i float64) float64 { return p * (1 - math.Pow(1+i, -float64(n))) / i }
	lo, hi := 0.0, 0.01
	for pvf(hi) > a {
		lo, hi = hi, hi*2
		if hi > 100 { // more than 10,000 % a month: the input is not a loan
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
	// Decimal bracket around the float root; widen until it really brackets (float error).
	mid := decimal.NewFromFloat((lo + hi) / 2)
	width := decimal.New(1, -12)
	dlo, dhi := mid.Sub(width), mid.Add(width)
	for k := 0; ; k++ {
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
		dlo, dhi = mid.Sub(width), mid.Add(width)
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
