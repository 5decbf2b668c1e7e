package offers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"ratewise"
)

// maxChartPoints bounds a card's chart; long mortgages are sampled.
const maxChartPoints = 61

// NewCard builds the offer card of opt, one option of cmp. Its money figures are opt's, so a
// card always agrees with POST /api/v1/compare; the chart is cumulative cost by month:
// keeping the holding (level payments, the last one absorbing the residue) against switching
// (upfront costs at month 0, then the offer's payments). For insurance it runs over a year.
func NewCard(cmp Comparison, opt Option) Card {
	o := opt.Offer
	c := Card{
		OfferID: o.ID, Partner: o.PartnerName, Name: o.Name, ProductType: o.ProductType, Currency: o.Currency,
		RepresentativeAPR: o.RepresentativeAPR, APR: opt.Cost.APR,
		MonthlyPayment: opt.Cost.MonthlyPayment, MonthlySaving: opt.MonthlySaving, NetSaving: opt.NetSaving,
		BreakEvenMonth: opt.BreakEvenMonth, Fees: opt.Cost.Fees, Eligible: opt.Eligible,
		Reasons: opt.Reasons, Notes: opt.Notes, RepresentativeExample: RepresentativeExample(o), URL: o.URL,
	}
	if c.Reasons == nil {
		c.Reasons = []string{}
	}
	if o.ProductType.IsInsurance() {
		ap, cl, dd := opt.Cost.AnnualPremium, opt.Cost.CoverageLimit, opt.Cost.Deductible
		c.AnnualPremium, c.CoverageLimit, c.Deductible = &ap, &cl, &dd
		c.Chart = insuranceChart(cmp.Current, opt.Cost)
		return c
	}
	c.Chart = loanChart(cmp.Current, opt.Cost, opt.UpfrontCost.Decimal)
	return c
}

// cumulative is what a level-payment plan has cost by month m: upfront, then payment each
// month, the last month's payment being last.
func cumulative(c Cost, upfront decimal.Decimal, m int) decimal.Decimal {
	n := c.TermMonths
	if m > n {
		m = n
	}
	if m <= 0 {
		return upfront
	}
	if m < n {
		return upfront.Add(c.MonthlyPayment.Mul(decimal.NewFromInt(int64(m))))
	}
	return upfront.Add(c.MonthlyPayment.Mul(decimal.NewFromInt(int64(n - 1)))).Add(c.LastPayment.Decimal)
}

func loanChart(cur, off Cost, upfront decimal.Decimal) Chart {
	end := max(cur.TermMonths, off.TermMonths)
	months := chartMonths(end, cur.TermMonths, off.TermMonths)
	ch := Chart{Months: months, Current: make([]Money, len(months)), Offer: make([]Money, len(months))}
	for k, m := range months {
		ch.Current[k] = Money{cumulative(cur, decimal.Zero, m)}
		ch.Offer[k] = Money{cumulative(off, upfront, m)}
	}
	return ch
}

func insuranceChart(cur, off Cost) Chart {
	months := chartMonths(12)
	ch := Chart{Months: months, Current: make([]Money, len(months)), Offer: make([]Money, len(months))}
	for k, m := range months {
		f := decimal.NewFromInt(int64(m)).Div(twelve)
		ch.Current[k] = Money{Round2(cur.AnnualPremium.Mul(f))}
		ch.Offer[k] = Money{Round2(off.AnnualPremium.Mul(f))}
	}
	return ch
}

// chartMonths is 0..end, sampled evenly to at most maxChartPoints, always keeping the end
// of each plan so the totals show.
func chartMonths(end int, keep ...int) []int {
	step := max(1, (end+maxChartPoints-2)/(maxChartPoints-1))
	var ms []int
	for m := 0; m < end; m += step {
		ms = append(ms, m)
	}
	ms = append(ms, end)
	for _, k := range keep {
		if k > 0 && k < end && !slices.Contains(ms, k) {
			ms = append(ms, k)
		}
	}
	slices.Sort(ms)
	return ms
}

// currencySymbol is the prefix used in sentences.
func currencySymbol(cur string) string {
	switch cur {
	case "USD":
		return "$"
	case "GBP":
		return "£"
	case "EUR":
		return "€"
	}
	return cur + " "
}

func money(cur string, d decimal.Decimal) string {
	s := String2(d)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + currencySymbol(cur) + b.String() + "." + frac
}

// representativeAmount is the credit amount a representative example assumes for o: a
// typical amount for the product, inside the offer's limits.
func representativeAmount(o Offer) decimal.Decimal {
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

// RepresentativeExample is the FCA CONC 3.5.5R style representative example of a credit
// offer: the credit amount, the rate of interest (fixed), the fees, the representative APR
// (APRC for UK/EU offers), the duration, each repayment and the total amount payable, all
// computed by the same math as comparisons. For insurance it states premium, cover and
// excess; for pay-in-N plans the instalments.
func RepresentativeExample(o Offer) string {
	cur := o.Currency
	if o.ProductType.IsInsurance() {
		s := fmt.Sprintf("Annual premium %s", money(cur, o.AnnualPremium.Decimal))
		if o.MonthlyPremium.IsPositive() {
			s += fmt.Sprintf(" (or 12 monthly payments of %s, %s a year)", money(cur, o.MonthlyPremium.Decimal), money(cur, o.MonthlyPremium.Mul(twelve)))
		}
		return s + fmt.Sprintf("; cover up to %s; deductible %s. Your premium depends on your circumstances.",
			money(cur, o.CoverageLimit.Decimal), money(cur, o.Deductible.Decimal))
	}
	amount := representativeAmount(o)
	if o.Instalments > 0 {
		each := Round2(amount.Div(decimal.NewFromInt(int64(o.Instalments))))
		last := amount.Sub(each.Mul(decimal.NewFromInt(int64(o.Instalments - 1))))
		s := fmt.Sprintf("Representative example: a purchase of %s paid in %d interest-free instalments of %s every two weeks, the first at checkout",
			money(cur, amount), o.Instalments, money(cur, each))
		if !last.Equal(each) {
			s += fmt.Sprintf(" (the last %s)", money(cur, last))
		}
		return s + fmt.Sprintf(". Rate of interest 0.00%% p.a. Representative 0.0%% APR. Total amount payable %s. Missed payments may incur fees.", money(cur, amount))
	}
	if o.ProductType == CreditCard {
		rate := o.RepresentativeAPR.Decimal
		s := fmt.Sprintf("Representative example: when you spend %s at a purchase rate of %s%% p.a. (variable), your representative rate is %s%% APR (variable).",
			money(cur, amount), String2(rate), String2(rate))
		if o.PromoMonths > 0 {
			s += fmt.Sprintf(" Balance transfers: %s%% for %d months, then %s%%; transfer fee %s%%", String2(o.PromoAPR.Decimal), o.PromoMonths, String2(rate), String2(o.TransferFeePct.Decimal))
			if o.TransferFeeMin.IsPositive() {
				s += fmt.Sprintf(" (minimum %s)", money(cur, o.TransferFeeMin.Decimal))
			}
			s += "."
		}
		return s
	}
	term := 0
	if len(o.TermsMonths) > 0 {
		ts := slices.Sorted(slices.Values(o.TermsMonths))
		term = ts[len(ts)/2]
	} else {
		term = 36
	}
	rate := o.RepresentativeAPR.Decimal
	fee := o.OriginationFee(amount)
	lc, err := CostOfLoan(amount, rate, fee, term)
	if err != nil {
		return fmt.Sprintf("Representative %s%% APR.", String2(rate))
	}
	apr, label := lc.APR, "APR"
	if o.UsesAPRC() {
		// CCD Annex I: at least one decimal, rounded half-up.
		apr, label = lc.APRC.Round(1), "APR"
	}
	total := lc.TotalPaid.Add(fee)
	s := fmt.Sprintf("Representative example: borrowing %s over %d months at a fixed rate of interest of %s%% p.a.", money(cur, amount), term, String2(rate))
	if fee.IsPositive() {
		s += fmt.Sprintf(" with an arrangement fee of %s", money(cur, fee))
	}
	aprText := String2(apr)
	if o.UsesAPRC() {
		aprText = apr.StringFixed(1)
	}
	s += fmt.Sprintf(". Representative %s%% %s. %d monthly repayments of %s", aprText, label, lc.Months, money(cur, lc.MonthlyPayment))
	if !lc.LastPayment.Equal(lc.MonthlyPayment) {
		s += fmt.Sprintf(" (the last %s)", money(cur, lc.LastPayment))
	}
	s += fmt.Sprintf("; total amount payable %s.", money(cur, total))
	return s
}

// DefaultCompareLimit is how many options CompareHolding returns when not told.
const DefaultCompareLimit = 20

// CompareHolding loads the active candidates for h — offerIDs, or every offer of h's product
// type serving the profile's region — and compares them; limit keeps the best ones (0 means
// DefaultCompareLimit). Named offers that are of another type or missing are ENOTFOUND.
func (s *Store) CompareHolding(ctx context.Context, h Holding, p *Profile, offerIDs []int64, limit int) (Comparison, error) {
	if limit <= 0 {
		limit = DefaultCompareLimit
	}
	f := OfferFilter{ProductType: h.ProductType}
	if len(offerIDs) > 0 {
		f = OfferFilter{IDs: offerIDs}
	} else {
		active := true
		f.Active = &active
		if p != nil {
			f.Region = p.Region
		}
	}
	candidates, err := s.offers(ctx, s.pool, f, false)
	if err != nil {
		return Comparison{}, err
	}
	if len(offerIDs) > 0 {
		found := map[int64]bool{}
		for _, o := range candidates {
			found[o.ID] = true
		}
		for _, id := range offerIDs {
			if !found[id] {
				return Comparison{}, notFoundOffer(id)
			}
		}
		for _, o := range candidates {
			if o.ProductType != h.ProductType {
				return Comparison{}, ratewise.Invalid("offer_ids", "Offer %d is a %s offer; it cannot replace a %s.", o.ID, o.ProductType, h.ProductType)
			}
		}
	}
	return Compare(h, candidates, p, CompareOptions{Limit: limit, Now: s.now()}), nil
}
