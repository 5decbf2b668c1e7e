package offers

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// tier orders options before net saving: like-for-like eligible offers, then eligible
// offers with worse cover, then ineligible ones.
type tier int

const (
	tierEligible tier = iota
	tierWorseCover
	tierIneligible
)

// ranked is an option with what ranking needs.
type ranked struct {
	Option
	tier tier
}

// evaluate costs offer o for holding h exactly; loc is the locale of its words.
func evaluate(h Holding, cur current, o *Offer, p *Profile, now time.Time, loc string) ranked {
	opt := Option{Offer: *o, Reasons: []string{}}
	m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, loc) }
	var t tier
	switch {
	case o.ProductType.IsInsurance():
		premium := o.PremiumFor(p)
		opt.Cost = Cost{Kind: KindInsurance, AnnualPremium: Money{premium}, CoverageLimit: o.CoverageLimit,
			Deductible: o.Deductible, MonthlyPayment: Money{Round2(premium.Div(twelve))}}
		opt.NetSaving = Money{cur.AnnualPremium.Sub(premium)}
		opt.MonthlySaving = Money{Round2(opt.NetSaving.Div(twelve))}
		_, why := eligible(h, o, p, now, decimal.Zero, true, loc)
		opt.Reasons = append(opt.Reasons, why...)
		if len(opt.Reasons) > 0 {
			t = tierIneligible
		}
		if cover := coverReasons(h, o, loc); len(cover) > 0 {
			opt.Reasons = append(opt.Reasons, cover...)
			if t == tierEligible {
				t = tierWorseCover
			}
			opt.Notes = append(opt.Notes, "Cheaper partly because it covers less; compare the cover before switching.")
		}
	case o.ProductType == CreditCard:
		rate := o.RateFor(p)
		fee := o.TransferFee(h.Balance.Decimal)
		po := amortize(h.Balance.Add(fee), rate, h.cardPayment(), maxCardMonths, o.PromoMonths, o.PromoAPR.Decimal, nil)
		opt.Rate = Percent{rate}
		opt.Cost = loanCostFrom(po, rate, fee, true)
		opt.NetSaving = Money{cur.TotalPaid.Sub(po.TotalPaid)}
		opt.MonthlySaving = Money{cardMonthlySaving(h, cur.Cost, po)}
		opt.BreakEvenMonth = cardBreakEven(h, o, rate, fee)
		_, why := eligible(h, o, p, now, decimal.Zero, true, loc)
		opt.Reasons = append(opt.Reasons, why...)
		opt.Notes = append(opt.Notes, fmt.Sprintf("Estimated: paying %s a month, %s for %d months then %s (interest worked out monthly; card issuers use daily balances).",
			m(h.cardPayment()), FormatPercent(o.PromoAPR.Decimal, loc), o.PromoMonths, FormatPercent(rate, loc)))
		if len(opt.Reasons) > 0 {
			t = tierIneligible
		}
	default:
		rate := o.RateFor(p)
		penalty := decimal.Zero
		if h.PrepaymentPenalty != nil {
			penalty = h.PrepaymentPenalty.Decimal
		}
		fee := o.OriginationFee(h.Balance.Decimal)
		opt.Rate = Percent{rate}
		opt.UpfrontCost = Money{fee.Add(penalty)}
		term, _ := o.termFor(h.RemainingMonths)
		same := refinance(h, cur, o, rate, fee, penalty, term, true)
		opt.Cost = same.cost
		opt.MonthlySaving, opt.NetSaving, opt.BreakEvenMonth = same.v.MonthlySaving, same.v.NetSaving, same.breakEven
		sv := same.v
		opt.SameTerm = &sv
		if same.samePayment {
			opt.MonthsToClear = opt.Cost.TermMonths
			opt.Notes = append(opt.Notes, fmt.Sprintf("Costed at the %s a month you pay now: its own payment is %s over %d months, and paying %s clears it in %d.",
				m(opt.Cost.MonthlyPayment.Decimal), m(same.scheduled), term, m(opt.Cost.MonthlyPayment.Decimal), opt.Cost.TermMonths))
		}
		_, why := eligible(h, o, p, now, same.scheduled, true, loc)
		opt.Reasons = append(opt.Reasons, why...)
		if len(opt.Reasons) > 0 {
			t = tierIneligible
		}
	}
	opt.Eligible = t != tierIneligible
	switch {
	case !opt.Eligible:
		opt.Eligibility = EligibilityIneligible
	default:
		if opt.Conditions = undecided(o, p, loc); len(opt.Conditions) > 0 {
			opt.Eligibility = EligibilityUnknown
		} else {
			opt.Eligibility = EligibilityEligible
		}
	}
	if o.ProductType.IsLoan() {
		opt.RateBasis = rateBasis(o, p)
	}
	return ranked{Option: opt, tier: t}
}

// rateBasis says where the rate RateFor gives p comes from.
func rateBasis(o *Offer, p *Profile) string {
	switch {
	case p != nil && len(o.RateBands) > 0:
		return RateBasisCreditScore
	case len(o.RateBands) == 0 && o.RateMin.Equal(o.RateMax.Decimal):
		return RateBasisSingle
	}
	return RateBasisRepresentative
}

// explain adds what does not affect the ranking and costs a schedule or a solve each — the
// refinance over every term, the notes — so Compare adds it to the options it returns only,
// not to every candidate it ranks.
func explain(h Holding, cur current, opt *Option, opts CompareOptions, loc string) {
	o := &opt.Offer
	if opt.SameTerm != nil && len(o.TermsMonths) > 0 {
		termVariants(h, cur, opt, loc)
	}
	if o.ProductType.IsLoan() && !o.RateMin.Equal(o.RateMax.Decimal) {
		lo, hi := aprAt(h, opt, o.RateMin.Decimal), aprAt(h, opt, o.RateMax.Decimal)
		opt.APRMin, opt.APRMax = &lo, &hi
	}
	if o.ProductType == CreditCard {
		opt.BalanceTransfer = balanceTransfer(h, cur.Cost, opt)
	}
	if o.ProductType.IsInsurance() && o.MonthlyPremium.IsPositive() && h.PremiumFrequency == Monthly {
		premium := opt.Cost.AnnualPremium.Decimal
		solve := PremiumFinanceAPR
		if opts.premiumFinance != nil {
			solve = opts.premiumFinance
		}
		plan, ok := monthlyPlan(premium, o.MonthlyPremium.Decimal, solve)
		if !ok || !plan.Extra.IsPositive() {
			return
		}
		m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, loc) }
		note := fmt.Sprintf("Paying monthly costs %s a year (12 × %s) instead of %s paid at once", m(plan.PerYear.Decimal), m(o.MonthlyPremium.Decimal), m(premium))
		if plan.APR != nil {
			note += fmt.Sprintf(", like borrowing at %s APR", FormatPercent(plan.APR.Decimal, loc))
		}
		opt.Notes = append(opt.Notes, note+".")
	}
}

// termVariants costs the refinance over each of the offer's terms. The same-term variant is
// the ranked one; every other that lowers the payment but saves less is CostsMore, and the
// lowest payment, when it is not the same term, is shown with a note if it costs more.
func termVariants(h Holding, cur current, opt *Option, loc string) {
	o := &opt.Offer
	penalty := decimal.Zero
	if h.PrepaymentPenalty != nil {
		penalty = h.PrepaymentPenalty.Decimal
	}
	sv := *opt.SameTerm
	terms := slices.Sorted(slices.Values(o.TermsMonths))
	terms = slices.Compact(terms)
	opt.Terms = make([]Variant, 0, len(terms))
	low := -1
	for _, n := range terms {
		v := sv
		if n != sv.TermMonths {
			v = refinance(h, cur, o, opt.Rate.Decimal, opt.Cost.Fees.Decimal, penalty, n, false).v
			v.CostsMore = v.MonthlyPayment.LessThan(sv.MonthlyPayment.Decimal) && v.NetSaving.LessThan(sv.NetSaving.Decimal)
		}
		opt.Terms = append(opt.Terms, v)
		if k := len(opt.Terms) - 1; low < 0 || v.MonthlyPayment.LessThan(opt.Terms[low].MonthlyPayment.Decimal) {
			low = k
		}
	}
	lv := opt.Terms[low]
	if lv.TermMonths == sv.TermMonths || !lv.MonthlyPayment.LessThan(sv.MonthlyPayment.Decimal) {
		return
	}
	opt.LowestPayment = &lv
	if !lv.CostsMore {
		return
	}
	m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, loc) }
	if lv.NetSaving.IsNegative() {
		opt.Notes = append(opt.Notes, fmt.Sprintf("Over %d months the payment drops to %s, but you would pay %s more in total than keeping your %s.",
			lv.TermMonths, m(lv.MonthlyPayment.Decimal), m(lv.NetSaving.Neg()), h.ProductType.Label(loc)))
	} else {
		opt.Notes = append(opt.Notes, fmt.Sprintf("Over %d months the payment drops to %s, but you would save only %s in total instead of %s over %d months.",
			lv.TermMonths, m(lv.MonthlyPayment.Decimal), m(lv.NetSaving.Decimal), m(sv.NetSaving.Decimal), sv.TermMonths))
	}
}

// aprAt is the APR, fees included, of the consumer's option at the nominal rate rate: the
// same balance, term and fee (APRC for UK/EU offers); for a card, the rate itself, as its
// Cost.APR is.
func aprAt(h Holding, opt *Option, rate decimal.Decimal) Percent {
	o := &opt.Offer
	if o.ProductType == CreditCard {
		return Percent{rate}
	}
	lc, err := CostOfLoan(h.Balance.Decimal, rate, opt.Cost.Fees.Decimal, opt.Cost.TermMonths)
	if err != nil {
		return Percent{rate}
	}
	if o.UsesAPRC() {
		return Percent{lc.APRC.Round(4)}
	}
	return Percent{lc.APR.Round(4)}
}

// balanceTransfer describes a card offer at the consumer's payment: the promotion, the fee,
// the months to clear either card and what is owed when the promotion ends.
func balanceTransfer(h Holding, cur Cost, opt *Option) *BalanceTransfer {
	o := &opt.Offer
	bt := &BalanceTransfer{PromoMonths: o.PromoMonths, PromoRate: o.PromoAPR, RevertRate: opt.Rate, TransferFee: opt.Cost.Fees,
		MonthlyPayment: Money{h.cardPayment()}, MonthsToClear: opt.Cost.TermMonths, CurrentMonthsToClear: cur.TermMonths}
	if o.PromoMonths > 0 {
		amortize(h.Balance.Add(opt.Cost.Fees.Decimal), opt.Rate.Decimal, h.cardPayment(), maxCardMonths, o.PromoMonths, o.PromoAPR.Decimal, func(p Period) {
			if p.Month == o.PromoMonths {
				bt.BalanceAfterPromo = Money{p.Balance}
			}
		})
	}
	return bt
}

// less is the ranking: eligible like-for-like first, then by net saving (higher first), ties
// by lower APR, then lower fees, then offer id so the order is total.
func less(a, b *ranked) bool {
	if a.tier != b.tier {
		return a.tier < b.tier
	}
	if c := a.NetSaving.Cmp(b.NetSaving.Decimal); c != 0 {
		return c > 0
	}
	if c := a.Cost.APR.Cmp(b.Cost.APR.Decimal); c != 0 {
		return c < 0
	}
	if c := a.Cost.Fees.Cmp(b.Cost.Fees.Decimal); c != 0 {
		return c < 0
	}
	return a.Offer.ID < b.Offer.ID
}

// Compare measures holding h against candidates for a consumer with profile p (nil: no
// personal eligibility, representative rates) and ranks them: eligible like-for-like first,
// then by net saving, ties by lower APR then lower fees. Ineligible offers are kept, with
// their reasons. Candidates of another product type, point-of-sale plans (checkout
// financing, not refinancing) and, when opts.Currency is set, offers in another currency are
// not candidates and are skipped.
//
// With a Limit and without Exact, loans and cards are first screened with float64 closed
// forms: each candidate gets a bound on its exact net saving, and only candidates that could
// reach the top Limit are costed exactly. The bound is wider than any float or cent-rounding
// error, so the result equals the all-decimal ranking (TestScreeningKeepsExactRanking).
func Compare(h Holding, candidates []Offer, p *Profile, opts CompareOptions) Comparison {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if h.Kind == "" {
		h.Kind = h.ProductType.Kind()
	}
	c := currentOf(h)
	cur := c.Cost
	loc := opts.Locale
	if loc == "" {
		loc = DefaultLocale
		if p != nil {
			loc = RegionLocale(p.Region)
		}
	}
	cmp := Comparison{Holding: h, Profile: p, Currency: opts.Currency, Locale: loc, PaymentBasis: h.PaymentBasis(), Current: cur, Options: []Option{}}
	pool := make([]*Offer, 0, len(candidates))
	for i := range candidates {
		o := &candidates[i]
		if o.ProductType != h.ProductType || o.PointOfSale || (opts.Currency != "" && o.Currency != opts.Currency) {
			continue
		}
		pool = append(pool, o)
	}
	if opts.Limit > 0 && !opts.Exact && len(pool) > opts.Limit {
		pool = screen(h, cur, pool, p, now, opts.Limit)
	}
	rs := make([]*ranked, len(pool))
	for i, o := range pool {
		r := evaluate(h, c, o, p, now, loc)
		rs[i] = &r
	}
	slices.SortFunc(rs, func(a, b *ranked) int {
		if less(a, b) {
			return -1
		}
		if less(b, a) {
			return 1
		}
		return 0
	})
	if opts.Limit > 0 && len(rs) > opts.Limit {
		rs = rs[:opts.Limit]
	}
	for _, r := range rs {
		explain(h, c, &r.Option, opts, loc)
		cmp.Options = append(cmp.Options, r.Option)
	}
	return cmp
}
