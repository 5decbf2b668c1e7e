package offers

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The eligibility rules: what an offer asks of a consumer and of the loan it replaces, and
// how an insurance offer's cover compares with the policy's. The exact ranking and the
// float64 screening both decide with eligible, so they cannot disagree.

// eligible decides whether a consumer with profile p can take offer o for holding h at the
// moment now; with explain it also says why not, in the consumer's words (screening skips
// the words, which cost more than the checks). newPayment is the offer's monthly payment for
// the debt-to-income rule; zero skips that rule (the screening decided it already, or the
// product has no fixed payment).
func eligible(h Holding, o *Offer, p *Profile, now time.Time, newPayment decimal.Decimal, explain bool) (ok bool, reasons []string) {
	ok = true
	fail := func(format string, args ...any) {
		ok = false
		if explain {
			reasons = append(reasons, fmt.Sprintf(format, args...))
		}
	}
	if !o.ActiveAt(now) {
		fail("This offer is not available at the moment.")
	}
	if p != nil {
		if p.Region != "" && !o.ServesRegion(p.Region) {
			fail("Not available in %s (offered in %s).", p.Region, strings.Join(o.Regions, ", "))
		}
		if o.MinCreditScore > 0 && p.CreditScore < o.MinCreditScore {
			fail("Needs a credit score of at least %d (yours is %d).", o.MinCreditScore, p.CreditScore)
		}
		if o.MinIncome.IsPositive() && p.AnnualIncome.LessThan(o.MinIncome.Decimal) {
			fail("Needs an annual income of at least %s.", o.MinIncome)
		}
		if o.MaxDTI.IsPositive() && p.AnnualIncome.IsPositive() && h.Kind == KindLoan && !newPayment.IsZero() {
			if dti := debtToIncome(h, p, newPayment); dti.GreaterThan(o.MaxDTI.Decimal) {
				fail("Your debt-to-income ratio would be %s%%, above the lender's maximum of %s%%.", String2(dti), o.MaxDTI)
			}
		}
	}
	if h.Kind == KindLoan {
		amount := h.Balance.Decimal
		if o.AmountMin.IsPositive() && amount.LessThan(o.AmountMin.Decimal) {
			fail("Lends at least %s; your balance is %s.", o.AmountMin, h.Balance)
		}
		if o.AmountMax.IsPositive() && amount.GreaterThan(o.AmountMax.Decimal) {
			fail("Lends at most %s; your balance is %s.", o.AmountMax, h.Balance)
		}
		if h.ProductType != CreditCard {
			if _, inRange := o.termFor(h.RemainingMonths); !inRange {
				fail("Offers terms of %d–%d months; your loan has %d months left.",
					slices.Min(o.TermsMonths), slices.Max(o.TermsMonths), h.RemainingMonths)
			}
		}
	}
	return ok, reasons
}

// debtToIncome is monthly debt payments with this loan's payment replaced by the new one,
// over monthly income, in percent.
func debtToIncome(h Holding, p *Profile, newPayment decimal.Decimal) decimal.Decimal {
	old := decimal.Zero
	if h.MonthlyPayment != nil {
		old = h.MonthlyPayment.Decimal
	}
	debts := p.MonthlyDebtPayments.Sub(old)
	if debts.IsNegative() {
		debts = decimal.Zero
	}
	monthlyIncome := p.AnnualIncome.DivRound(twelve, precision)
	return debts.Add(newPayment).Mul(hundred).DivRound(monthlyIncome, 4)
}

// worseCover reports whether an insurance offer covers less than the holding.
func worseCover(h Holding, o *Offer) bool {
	return (h.CoverageLimit != nil && h.CoverageLimit.IsPositive() && o.CoverageLimit.LessThan(h.CoverageLimit.Decimal)) ||
		(h.Deductible != nil && o.Deductible.GreaterThan(h.Deductible.Decimal))
}

// coverReasons lists how an insurance offer's cover is worse than the holding's.
func coverReasons(h Holding, o *Offer) (reasons []string) {
	if h.CoverageLimit != nil && h.CoverageLimit.IsPositive() && o.CoverageLimit.LessThan(h.CoverageLimit.Decimal) {
		reasons = append(reasons, fmt.Sprintf("Lower cover: up to %s instead of your %s.", o.CoverageLimit, h.CoverageLimit))
	}
	if h.Deductible != nil && o.Deductible.GreaterThan(h.Deductible.Decimal) {
		reasons = append(reasons, fmt.Sprintf("Higher deductible: %s instead of your %s.", o.Deductible, h.Deductible))
	}
	return reasons
}

// tier orders options before net saving: like-for-like eligible offers, then eligible
