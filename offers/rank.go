package offers

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

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

// cardPayment is what a card holder pays each month: their stated payment, else 3 % of the
// balance (at least 25), raised if needed so it always pays off.
func (h *Holding) cardPayment() decimal.Decimal {
	if h.MonthlyPayment != nil && h.MonthlyPayment.IsPositive() {
		return h.MonthlyPayment.Decimal
	}
	m := Round2(h.Balance.Mul(decimal.New(3, -2)))
	if m.LessThan(decimal.NewFromInt(25)) {
		m = decimal.NewFromInt(25)
	}
	interest := Round2(h.Balance.Mul(monthlyRate(h.APR.Decimal)))
	if floor := interest.Add(Round2(h.Balance.Div(hundred))); m.LessThan(floor) {
		m = floor
	}
	return m
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
// whether the offer's cover is worse (insurance). newPayment is the offer's monthly payment.
func eligibility(h Holding, o *Offer, p *Profile, now time.Time, newPayment decimal.Decimal) []string {
	_, reasons := checkEligibility(h, o, p, now, newPayment, true)
	return reasons
}

// checkEligibility decides eligibility; with explain it also says why not (the screening
// path skips the words, which cost more than the checks).
func checkEligibility(h Holding, o *Offer, p *Profile, now time.Time, newPayment decimal.Decimal, explain bool) (ok bool, reasons []string) {
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
		if o.MaxDTI.IsPositive() && p.AnnualIncome.IsPositive() && h.Kind == KindLoan {
			if newPayment.IsZero() {
				// Screening decided debt-to-income already.
			} else if dti := debtToIncome(h, p, newPayment); dti.GreaterThan(o.MaxDTI.Decimal) {
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

// evaluate costs offer o for holding h exactly.
func evaluate(h Holding, cur Cost, o *Offer, p *Profile, now time.Time) ranked {
	opt := Option{Offer: *o, Reasons: []string{}}
	var t tier
	switch {
	case o.ProductType.IsInsurance():
		premium := o.PremiumFor(p)
		opt.Cost = Cost{Kind: KindInsurance, AnnualPremium: Money{premium}, CoverageLimit: o.CoverageLimit,
			Deductible: o.Deductible, MonthlyPayment: Money{Round2(premium.Div(twelve))}}
		opt.NetSaving = Money{cur.AnnualPremium.Sub(premium)}
		opt.MonthlySaving = Money{Round2(opt.NetSaving.Div(twelve))}
		opt.Reasons = append(opt.Reasons, eligibility(h, o, p, now, decimal.Zero)...)
		if len(opt.Reasons) > 0 {
			t = tierIneligible
		}
		if cover := coverReasons(h, o); len(cover) > 0 {
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
		opt.MonthlySaving = Money{cardMonthlySaving(h, cur, po)}
		opt.BreakEvenMonth = cardBreakEven(h, o, rate, fee)
		opt.Reasons = append(opt.Reasons, eligibility(h, o, p, now, decimal.Zero)...)
		opt.Notes = append(opt.Notes, fmt.Sprintf("Estimated: paying %s a month, %s%% for %d months then %s%% (interest worked out monthly; card issuers use daily balances).",
			String2(h.cardPayment()), o.PromoAPR, o.PromoMonths, String2(rate)))
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
		opt.Reasons = append(opt.Reasons, eligibility(h, o, p, now, opt.Cost.MonthlyPayment.Decimal)...)
		if len(opt.Reasons) > 0 {
			t = tierIneligible
		}
	}
	opt.Eligible = t != tierIneligible
	return ranked{Option: opt, tier: t}
}

// premiumFinance is PremiumFinanceAPR; a test counts the calls.
var premiumFinance = PremiumFinanceAPR

// explain adds what does not affect the ranking and costs a schedule or a solve each — the
// refinance over every term, the notes — so Compare adds it to the options it returns only,
// not to every candidate it ranks.
func explain(h Holding, cur Cost, opt *Option) {
	o := &opt.Offer
	if opt.SameTerm != nil && len(o.TermsMonths) > 0 {
		termVariants(h, cur, opt)
	}
	if o.ProductType.IsInsurance() && o.MonthlyPremium.IsPositive() && h.PremiumFrequency == Monthly {
		premium := opt.Cost.AnnualPremium.Decimal
		yearly := o.MonthlyPremium.Mul(twelve)
		if !yearly.GreaterThan(premium) {
			return
		}
		note := fmt.Sprintf("Paying monthly costs %s a year (12 × %s) instead of %s paid at once", String2(yearly), o.MonthlyPremium, Money{premium})
		if _, aprc, err := premiumFinance(premium, o.MonthlyPremium.Decimal, 12); err == nil {
			note += fmt.Sprintf(", like borrowing at %s%% APR", String2(aprc))
		}
		opt.Notes = append(opt.Notes, note+".")
	}
}

// termVariants costs the refinance over each of the offer's terms. The same-term variant is
// the ranked one; every other that lowers the payment but saves less is CostsMore, and the
// lowest payment, when it is not the same term, is shown with a note if it costs more.
func termVariants(h Holding, cur Cost, opt *Option) {
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
	if lv.NetSaving.IsNegative() {
		opt.Notes = append(opt.Notes, fmt.Sprintf("Over %d months the payment drops to %s, but you would pay %s more in total than keeping your loan.",
			lv.TermMonths, lv.MonthlyPayment, Money{lv.NetSaving.Neg()}))
	} else {
		opt.Notes = append(opt.Notes, fmt.Sprintf("Over %d months the payment drops to %s, but you would save only %s in total instead of %s over %d months.",
			lv.TermMonths, lv.MonthlyPayment, lv.NetSaving, sv.NetSaving, sv.TermMonths))
	}
}

type refi struct {
	v         Variant
	cost      Cost
	breakEven *int
}

// refinance costs borrowing the balance from o at rate over term months, paying the fee and
// the old lender's penalty in cash: net saving = remaining old payments − (new payments +
// fee + penalty); break-even is the first month the monthly saving has covered those costs.
func refinance(h Holding, cur Cost, o *Offer, rate, fee, penalty decimal.Decimal, term int, withAPR bool) refi {
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
	r := refi{cost: cost, v: Variant{TermMonths: term, MonthlyPayment: cost.MonthlyPayment,
		MonthlySaving: Money{cur.MonthlyPayment.Sub(lc.MonthlyPayment)},
		NetSaving:     Money{cur.TotalPaid.Sub(lc.TotalPaid).Sub(upfront)}}}
	if s := r.v.MonthlySaving.Decimal; s.IsPositive() {
		m := int(upfront.Div(s).Ceil().IntPart())
		r.breakEven = &m
	}
	return r
}

// cardMonthlySaving is the interest the transfer saves in its first month.
func cardMonthlySaving(h Holding, cur Cost, po payoff) decimal.Decimal {
	curFirst := Round2(h.Balance.Mul(monthlyRate(h.APR.Decimal)))
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
	cur := CurrentCost(h)
	cmp := Comparison{Holding: h, Profile: p, Currency: opts.Currency, Current: cur, Options: []Option{}}
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
		r := evaluate(h, cur, o, p, now)
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
		explain(h, cur, &r.Option)
		cmp.Options = append(cmp.Options, r.Option)
	}
	return cmp
}

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
	ss := make([]screened, len(pool))
	for k, o := range pool {
		s := screened{o: o}
		rate := o.RateFor(p).InexactFloat64() / 1200
		var est, margin, pmt float64
		if insurance {
			// Insurance is exact and cheap: only the words are skipped here.
			est = cur.AnnualPremium.Sub(o.PremiumFor(p)).InexactFloat64()
			margin = 0.01
			switch {
			case !quickEligible(h, o, p, now, decimal.Zero):
				s.tier = tierIneligible
			case worseCover(h, o):
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
		}
		s.lo, s.hi = est-margin, est+margin
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

// screenEligibility reports whether the candidate is ineligible, for screening. Everything
// but debt-to-income is decided exactly; a float debt-to-income near the limit is decided
// with the exact payment.
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
	return !quickEligible(h, o, p, now, newPay)
}

// quickEligible is checkEligibility without the words and, where two amounts are clearly
// apart, with float comparisons instead of decimal ones (a float64 conversion keeps the
// order of numbers that differ by more than a few units in the last place). It falls back to
// the decimal check whenever a comparison is close, so it decides exactly as
// checkEligibility does.
func quickEligible(h Holding, o *Offer, p *Profile, now time.Time, newPay decimal.Decimal) bool {
	if !o.ActiveAt(now) {
		return false
	}
	close := false
	below := func(a, b decimal.Decimal) bool { // a < b
		fa, fb := a.InexactFloat64(), b.InexactFloat64()
		if math.Abs(fa-fb) <= 1e-9*math.Max(math.Abs(fb), 1) {
			close = true
			return false
		}
		return fa < fb
	}
	if p != nil {
		if p.Region != "" && !o.ServesRegion(p.Region) {
			return false
		}
		if o.MinCreditScore > 0 && p.CreditScore < o.MinCreditScore {
			return false
		}
		if o.MinIncome.IsPositive() && below(p.AnnualIncome.Decimal, o.MinIncome.Decimal) {
			return false
		}
		if o.MaxDTI.IsPositive() && p.AnnualIncome.IsPositive() && h.Kind == KindLoan && !newPay.IsZero() {
			close = true // rare: decided exactly below
		}
	}
	if h.Kind == KindLoan {
		if o.AmountMin.IsPositive() && below(h.Balance.Decimal, o.AmountMin.Decimal) {
			return false
		}
		if o.AmountMax.IsPositive() && below(o.AmountMax.Decimal, h.Balance.Decimal) {
			return false
		}
		if h.ProductType != CreditCard {
			if _, inRange := o.termFor(h.RemainingMonths); !inRange {
				return false
			}
		}
	}
	if close {
		ok, _ := checkEligibility(h, o, p, now, newPay, false)
		return ok
	}
	return true
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
