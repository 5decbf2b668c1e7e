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

// Eligibility says whether a consumer looks able to take an offer (Option.Eligibility).
const (
	// EligibilityEligible: the profile meets every rule the offer sets.
	EligibilityEligible = "eligible"
	// EligibilityIneligible: a rule is not met; Option.Reasons say which.
	EligibilityIneligible = "ineligible"
	// EligibilityUnknown: no rule is known to fail, but the profile cannot decide some (no
	// credit score, or no income); Option.Conditions say what would decide it.
	EligibilityUnknown = "unknown"
)

// eligible decides whether a consumer with profile p can take offer o for holding h at the
// moment now; with explain it also says why not, in the consumer's words and locale (screening
// skips the words, which cost more than the checks). newPayment is the offer's monthly payment
// for the debt-to-income rule; zero skips that rule (the screening decided it already, or the
// product has no fixed payment). A rule the profile cannot decide (an income rule without
// an income) does not fail here: undecided lists it.
func eligible(h Holding, o *Offer, p *Profile, now time.Time, newPayment decimal.Decimal, explain bool, loc string) (ok bool, reasons []string) {
	ok = true
	fail := func(format string, args ...any) {
		ok = false
		if explain {
			reasons = append(reasons, fmt.Sprintf(format, args...))
		}
	}
	m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, loc) }
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
		if o.MinIncome.IsPositive() && !p.IncomeUnknown && p.AnnualIncome.LessThan(o.MinIncome.Decimal) {
			fail("Needs an annual income of at least %s.", m(o.MinIncome.Decimal))
		}
		if o.MaxDTI.IsPositive() && !p.IncomeUnknown && p.AnnualIncome.IsPositive() && h.Kind == KindLoan && !newPayment.IsZero() {
			if dti := debtToIncome(h, p, newPayment); dti.GreaterThan(o.MaxDTI.Decimal) {
				fail("Your debt-to-income ratio would be %s, above the lender's maximum of %s.", FormatPercent(dti, loc), FormatPercent(o.MaxDTI.Decimal, loc))
			}
		}
	}
	if h.Kind == KindLoan {
		amount := h.Balance.Decimal
		if o.AmountMin.IsPositive() && amount.LessThan(o.AmountMin.Decimal) {
			fail("Lends at least %s; your balance is %s.", m(o.AmountMin.Decimal), m(h.Balance.Decimal))
		}
		if o.AmountMax.IsPositive() && amount.GreaterThan(o.AmountMax.Decimal) {
			fail("Lends at most %s; your balance is %s.", m(o.AmountMax.Decimal), m(h.Balance.Decimal))
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

// undecided lists what would decide eligibility when the profile cannot: with no profile,
// every rule the offer sets on the consumer (or that the provider decides after its own
// checks, when it sets none); with a score but no income, the income rules. Empty when the
// profile decides everything.
func undecided(o *Offer, p *Profile, loc string) []string {
	switch {
	case p == nil:
		if rs := o.requirements(loc, true, true); len(rs) > 0 {
			return rs
		}
		if o.ProductType.IsInsurance() {
			return []string{"The insurer decides after its own checks."}
		}
		return []string{"The lender decides after checking your credit."}
	case p.IncomeUnknown:
		return o.requirements(loc, false, true)
	}
	return nil
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
func coverReasons(h Holding, o *Offer, loc string) (reasons []string) {
	m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, loc) }
	if h.CoverageLimit != nil && h.CoverageLimit.IsPositive() && o.CoverageLimit.LessThan(h.CoverageLimit.Decimal) {
		reasons = append(reasons, fmt.Sprintf("Lower cover: up to %s instead of your %s.", m(o.CoverageLimit.Decimal), m(h.CoverageLimit.Decimal)))
	}
	if h.Deductible != nil && o.Deductible.GreaterThan(h.Deductible.Decimal) {
		reasons = append(reasons, fmt.Sprintf("Higher deductible: %s instead of your %s.", m(o.Deductible.Decimal), m(h.Deductible.Decimal)))
	}
	return reasons
}

// coverNote says in words how an insurance offer's cover compares with the holding's: the
// limit and the deductible, each against the policy's when it is known.
func coverNote(h Holding, o *Offer, loc string) string {
	m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, loc) }
	limit := "Covers up to " + m(o.CoverageLimit.Decimal)
	switch {
	case h.CoverageLimit == nil || !h.CoverageLimit.IsPositive():
		limit += " (your policy's limit is not saved, so compare it yourself)"
	case o.CoverageLimit.GreaterThan(h.CoverageLimit.Decimal):
		limit += fmt.Sprintf(", %s more than your policy", m(o.CoverageLimit.Sub(h.CoverageLimit.Decimal)))
	case o.CoverageLimit.LessThan(h.CoverageLimit.Decimal):
		limit += fmt.Sprintf(", %s less than your policy", m(h.CoverageLimit.Sub(o.CoverageLimit.Decimal)))
	default:
		limit += ", the same as your policy"
	}
	ded := "a deductible of " + m(o.Deductible.Decimal)
	switch {
	case h.Deductible == nil:
		ded += " (yours is not saved)"
	case o.Deductible.GreaterThan(h.Deductible.Decimal):
		ded += fmt.Sprintf(", %s more than yours", m(o.Deductible.Sub(h.Deductible.Decimal)))
	case o.Deductible.LessThan(h.Deductible.Decimal):
		ded += fmt.Sprintf(", %s less than yours", m(h.Deductible.Sub(o.Deductible.Decimal)))
	default:
		ded += ", the same as yours"
	}
	return limit + "; " + ded + "."
}

// tier orders options before net saving: like-for-like eligible offers, then eligible
