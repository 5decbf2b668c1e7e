package offers

import (
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// The float64 screening of Compare. Only the functions and the type in this file may use
// floats (TestNoFloatOutsideScreening): they pick the candidates worth costing exactly and
// never produce a figure anyone sees.

// screened is a candidate's float64 estimate: its tier (exact: eligibility compares integers
// and decimals) and an interval that surely contains its exact net saving.
type screened struct {
	o      *Offer
	tier   tier
	lo, hi float64
}

// screen keeps the candidates that could be in the top limit. A candidate is dropped only
// when at least limit others are surely better: in a better tier, or in the same tier with a
// lower bound above its upper bound.
func screen(h Holding, cur Cost, pool []*Offer, p *Profile, now time.Time, limit int) []*Offer {
	bal := h.Balance.InexactFloat64()
	curTotal := cur.TotalPaid.InexactFloat64()
	penalty := 0.0
	if h.PrepaymentPenalty != nil {
		penalty = h.PrepaymentPenalty.InexactFloat64()
	}
	card := h.ProductType == CreditCard
	insurance := h.ProductType.IsInsurance()
	var cardPay float64
	if card {
		cardPay = h.cardPayment().InexactFloat64()
	}
	over, overpaid := h.overpayment()
	overPay := over.InexactFloat64()
	ss := make([]screened, len(pool))
	for k, o := range pool {
		s := screened{o: o}
		rate := o.RateFor(p).InexactFloat64() / 1200
		var est, margin, pmt float64
		if insurance {
			// Insurance is exact and cheap: only the words are skipped here.
			est = cur.AnnualPremium.Sub(o.PremiumFor(p)).InexactFloat64()
			margin = 0.01
			if ok, _ := eligible(h, o, p, now, decimal.Zero, false, ""); !ok {
				s.tier = tierIneligible
			} else if worseCover(h, o) {
				s.tier = tierWorseCover
			}
			s.lo, s.hi = est-margin, est+margin
			ss[k] = s
			continue
		}
		if card {
			fee := math.Max(math.Round(bal*o.TransferFeePct.InexactFloat64())/100, o.TransferFeeMin.InexactFloat64())
			total, months := simulateFloat(bal+fee, rate, o.PromoAPR.InexactFloat64()/1200, o.PromoMonths, cardPay)
			est = curTotal - total
			// Each month's interest is rounded to a cent in the exact run; the error compounds.
			margin = 0.01*float64(months)*math.Pow(1+rate, float64(months)) + 1e-9*math.Abs(total) + 0.05
		} else {
			term, _ := o.termFor(h.RemainingMonths)
			n := float64(term)
			if rate == 0 {
				pmt = bal / n
			} else {
				pmt = bal * rate / (1 - math.Pow(1+rate, -n))
			}
			fee := bal*o.OriginationFeePct.InexactFloat64()/100 + o.OriginationFeeFlat.InexactFloat64()
			if m := o.OriginationFeeMin.InexactFloat64(); m > 0 && fee < m {
				fee = m
			}
			if m := o.OriginationFeeMax.InexactFloat64(); m > 0 && fee > m {
				fee = m
			}
			est = curTotal - (pmt*n + fee + penalty)
			// The exact schedule rounds the payment and each month's interest to cents; the
			// difference compounds at most like an annuity of 1.1 cents a month.
			growth := n
			if rate > 0 {
				growth = (math.Pow(1+rate, n) - 1) / rate
			}
			margin = 0.011*growth*(1+rate) + 0.01 + 1e-9*(math.Abs(pmt*n)+math.Abs(curTotal)) + 0.02
			s.lo, s.hi = est-margin, est+margin
			// Costed at the consumer's larger payment (refinance) when it is above the
			// offer's own; near the cent where the exact costing decides, either may apply,
			// so the interval covers both.
			if overpaid && overPay > pmt-0.02 && fee < bal && !o.PrepaymentPenaltyPct.IsPositive() {
				total, months := simulateFloat(bal, rate, 0, 0, overPay)
				est2 := curTotal - (total + fee + penalty)
				margin2 := 0.01*float64(months)*math.Pow(1+rate, float64(months)) + 1e-9*math.Abs(total) + 0.05
				if overPay > pmt+0.02 {
					s.lo, s.hi = est2-margin2, est2+margin2
				} else {
					s.lo, s.hi = math.Min(s.lo, est2-margin2), math.Max(s.hi, est2+margin2)
				}
			}
		}
		if card {
			s.lo, s.hi = est-margin, est+margin
		}
		if reasons := screenEligibility(h, o, p, now, pmt); reasons {
			s.tier = tierIneligible
		}
		ss[k] = s
	}
	// The limit-th best by (tier, lower bound) is the bar.
	order := slices.Clone(ss)
	slices.SortFunc(order, func(a, b screened) int {
		if a.tier != b.tier {
			return int(a.tier - b.tier)
		}
		switch {
		case a.lo > b.lo:
			return -1
		case a.lo < b.lo:
			return 1
		}
		return 0
	})
	bar := order[limit-1]
	kept := make([]*Offer, 0, limit*2)
	for _, s := range ss {
		if s.tier < bar.tier || (s.tier == bar.tier && s.hi >= bar.lo) {
			kept = append(kept, s.o)
		}
	}
	return kept
}

// screenEligibility reports whether the candidate is ineligible, for screening: by the rules
// of eligible, with debt-to-income first estimated in float64 from the screening payment pmt
// and decided exactly (with the exact payment) only when the estimate is near the limit.
func screenEligibility(h Holding, o *Offer, p *Profile, now time.Time, pmt float64) bool {
	newPay := decimal.Zero
	if p != nil && o.MaxDTI.IsPositive() && p.AnnualIncome.IsPositive() && h.Kind == KindLoan {
		old := 0.0
		if h.MonthlyPayment != nil {
			old = h.MonthlyPayment.InexactFloat64()
		}
		dti := (math.Max(p.MonthlyDebtPayments.InexactFloat64()-old, 0) + pmt) * 1200 / p.AnnualIncome.InexactFloat64()
		max := o.MaxDTI.InexactFloat64()
		switch {
		case math.Abs(dti-max) < 0.01:
			term, _ := o.termFor(h.RemainingMonths)
			newPay = MonthlyPayment(h.Balance.Decimal, o.RateFor(p), term)
		case dti > max:
			return true
		}
		// Clearly below the limit: any payment below it decides the same way.
	}
	ok, _ := eligible(h, o, p, now, newPay, false, "")
	return !ok
}

// simulateFloat is the card simulation in float64, for screening only.
func simulateFloat(bal, rate, promo float64, promoMonths int, pay float64) (total float64, months int) {
	for m := 1; m <= maxCardMonths; m++ {
		r := rate
		if m <= promoMonths {
			r = promo
		}
		interest := bal * r
		if m == maxCardMonths || bal+interest <= pay {
			return total + bal + interest, m
		}
		total += pay
		bal += interest - pay
	}
	return total, maxCardMonths
}
