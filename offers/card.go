package offers

import (
	"context"
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
		RepresentativeAPR: o.RepresentativeAPR(), APR: opt.Cost.APR,
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

// DefaultCompareLimit is how many options CompareHolding returns when not told.
const DefaultCompareLimit = 20

// CompareHolding is CompareHoldingIn with no saved region: a consumer without a profile is
// taken to be in DefaultRegion.
func (s *Store) CompareHolding(ctx context.Context, h Holding, p *Profile, offerIDs []int64, limit int) (Comparison, error) {
	return s.CompareHoldingIn(ctx, h, p, "", offerIDs, limit)
}

// CompareHoldingIn loads the active candidates for h — offerIDs, or every offer of h's product
// type serving the consumer's region (HoldingRegion of p and savedRegion) in that region's
// currency — and compares them; limit keeps the best ones (0 means DefaultCompareLimit).
// Named offers that are of another type or missing are ENOTFOUND; named offers in more than
// one currency are EINVALID on offer_ids (the holding is in one currency).
func (s *Store) CompareHoldingIn(ctx context.Context, h Holding, p *Profile, savedRegion string, offerIDs []int64, limit int) (Comparison, error) {
	if limit <= 0 {
		limit = DefaultCompareLimit
	}
	f := OfferFilter{ProductType: h.ProductType}
	region := HoldingRegion(p, savedRegion)
	if len(offerIDs) > 0 {
		f = OfferFilter{IDs: offerIDs}
	} else {
		active := true
		f.Active = &active
		f.Region = region
	}
	candidates, err := s.offers(ctx, s.pool, f, false)
	if err != nil {
		return Comparison{}, err
	}
	currency := comparisonCurrency(region, candidates)
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
		// The consumer named these offers: they set the currency, which must be one.
		currency = candidates[0].Currency
		for _, o := range candidates[1:] {
			if o.Currency != currency {
				return Comparison{}, ratewise.Invalid("offer_ids", "Offers %d (%s) and %d (%s) are in different currencies; compare offers in your holding's currency.",
					candidates[0].ID, currency, o.ID, o.Currency)
			}
		}
	}
	return Compare(h, candidates, p, CompareOptions{Limit: limit, Now: s.now(), Currency: currency}), nil
}
