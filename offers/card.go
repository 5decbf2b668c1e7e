package offers

import (
	"context"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"ratewise"
)

// maxChartPoints bounds a card's chart; long mortgages are sampled.
const maxChartPoints = 61

// NewCard builds the offer card of opt, one option of cmp. Its money figures are opt's, so a
// card always agrees with POST /api/v1/compare; the chart is cumulative cost by month:
// keeping the holding (level payments, the last one absorbing the residue) against switching
// (upfront costs at month 0, then the offer's payments), and the saving between them. For
// insurance it runs over a year. Its Title is the offer's name; NewCards tells twins apart.
func NewCard(cmp Comparison, opt Option) Card {
	o := opt.Offer
	loc := cmp.Locale
	if loc == "" {
		loc = DefaultLocale
	}
	c := Card{
		OfferID: o.ID, Partner: o.PartnerName, Name: o.Name, ProductType: o.ProductType, Currency: o.Currency,
		RepresentativeAPR: o.RepresentativeAPR(), APR: opt.Cost.APR,
		MonthlyPayment: opt.Cost.MonthlyPayment, MonthlySaving: opt.MonthlySaving, NetSaving: opt.NetSaving,
		BreakEvenMonth: opt.BreakEvenMonth, Fees: opt.Cost.Fees, Eligible: opt.Eligible,
		Reasons: opt.Reasons, Notes: opt.Notes, RepresentativeExample: RepresentativeExample(o), URL: o.URL,
		Title: cardTitle(o), ProductLabel: o.ProductType.Label(loc), Locale: loc,
		Eligibility: opt.Eligibility, Conditions: opt.Conditions,
	}
	if c.Reasons == nil {
		c.Reasons = []string{}
	}
	if o.ProductType.IsInsurance() {
		ap, cl, dd := opt.Cost.AnnualPremium, opt.Cost.CoverageLimit, opt.Cost.Deductible
		c.AnnualPremium, c.CoverageLimit, c.Deductible = &ap, &cl, &dd
		c.MonthlyPremium = nonZeroMoney(o.MonthlyPremium)
		c.CoverNote = coverNote(cmp.Holding, &o, loc)
		c.Chart = insuranceChart(cmp.Current, opt.Cost)
		return c
	}
	rate := opt.Rate
	c.Rate, c.RateBasis, c.APRMin, c.APRMax, c.BalanceTransfer = &rate, opt.RateBasis, opt.APRMin, opt.APRMax, opt.BalanceTransfer
	c.FeeSummary = o.FeeSummary(loc)
	c.FeeLabel = capitalize(feeName)
	if o.ProductType == CreditCard {
		c.FeeLabel = "Balance transfer fee"
		c.Chart = cardChart(cmp.Holding, cmp.Current, opt)
		return c
	}
	c.TermMonths = opt.Cost.TermMonths
	if opt.MonthsToClear > 0 && opt.SameTerm != nil {
		c.TermMonths, c.MonthsToClear, c.CurrentMonthsToClear = opt.SameTerm.TermMonths, opt.MonthsToClear, cmp.Current.TermMonths
	}
	c.Chart = loanChart(cmp.Current, opt.Cost, opt.UpfrontCost.Decimal, opt.BreakEvenMonth)
	return c
}

// NewCards builds the cards of cmp's first n options (all when n ≤ 0), in the comparison's
// order, and tells apart cards that would share a title: by term, else by APR, else by fee,
// else by the offer's number, so each card and its "Offer details" link has its own name.
func NewCards(cmp Comparison, n int) []Card {
	if n <= 0 || n > len(cmp.Options) {
		n = len(cmp.Options)
	}
	cards := make([]Card, n)
	for i := range cards {
		cards[i] = NewCard(cmp, cmp.Options[i])
	}
	distinguish(cards)
	return cards
}

// cardTitle is "Partner — Offer name", or the name alone when no partner is known.
func cardTitle(o Offer) string {
	if o.PartnerName == "" {
		return o.Name
	}
	return o.PartnerName + " — " + o.Name
}

// distinguish appends to the titles of cards that share one what tells them apart.
func distinguish(cards []Card) {
	groups := map[string][]int{}
	for i, c := range cards {
		groups[c.Title] = append(groups[c.Title], i)
	}
	features := []func(c Card) string{
		func(c Card) string {
			if c.TermMonths == 0 {
				return ""
			}
			return fmt.Sprintf("%d months", c.TermMonths)
		},
		func(c Card) string {
			if c.ProductType.IsInsurance() {
				return FormatMoney(deref(c.AnnualPremium), c.Currency, c.Locale) + " a year"
			}
			return FormatPercent(c.APR.Decimal, c.Locale) + " APR"
		},
		func(c Card) string {
			if c.ProductType.IsInsurance() {
				return FormatMoney(deref(c.Deductible), c.Currency, c.Locale) + " deductible"
			}
			return FormatMoney(c.Fees.Decimal, c.Currency, c.Locale) + " in fees"
		},
	}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		var suffix func(c Card) string
		for _, f := range features {
			seen := map[string]bool{}
			for _, i := range idx {
				seen[f(cards[i])] = true
			}
			if len(seen) == len(idx) && !seen[""] {
				suffix = f
				break
			}
		}
		if suffix == nil {
			suffix = func(c Card) string { return fmt.Sprintf("offer %d", c.OfferID) }
		}
		for _, i := range idx {
			cards[i].Title += ", " + suffix(cards[i])
		}
	}
}

func deref(m *Money) decimal.Decimal {
	if m == nil {
		return decimal.Zero
	}
	return m.Decimal
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

func loanChart(cur, off Cost, upfront decimal.Decimal, breakEven *int) Chart {
	end := max(cur.TermMonths, off.TermMonths)
	months := chartMonths(end, cur.TermMonths, off.TermMonths, deref0(breakEven))
	ch := newChart(months)
	for k, m := range months {
		ch.Current[k] = Money{cumulative(cur, decimal.Zero, m)}
		ch.Offer[k] = Money{cumulative(off, upfront, m)}
		ch.Saving[k] = Money{ch.Current[k].Sub(ch.Offer[k].Decimal)}
	}
	return ch
}

// cardChart charts a balance transfer: cumulative payments either way, and the saving as
// payments saved plus the difference in what is still owed, so the fee (added to the
// transferred balance) counts from month 0 and the break-even month is where it turns
// positive.
func cardChart(h Holding, cur Cost, opt Option) Chart {
	o := &opt.Offer
	pay := h.cardPayment()
	owed := func(balance, rate decimal.Decimal, promoMonths int, promo decimal.Decimal) []decimal.Decimal {
		bal := []decimal.Decimal{balance}
		amortize(balance, rate, pay, maxCardMonths, promoMonths, promo, func(p Period) { bal = append(bal, p.Balance) })
		return bal
	}
	keep := owed(h.Balance.Decimal, h.APR.Decimal, 0, decimal.Zero)
	move := owed(h.Balance.Add(opt.Cost.Fees.Decimal), opt.Rate.Decimal, o.PromoMonths, o.PromoAPR.Decimal)
	at := func(bal []decimal.Decimal, m int) decimal.Decimal {
		if m < len(bal) {
			return bal[m]
		}
		return decimal.Zero
	}
	end := max(cur.TermMonths, opt.Cost.TermMonths)
	months := chartMonths(end, cur.TermMonths, opt.Cost.TermMonths, o.PromoMonths, deref0(opt.BreakEvenMonth))
	ch := newChart(months)
	for k, m := range months {
		ch.Current[k] = Money{cumulative(cur, decimal.Zero, m)}
		ch.Offer[k] = Money{cumulative(opt.Cost, decimal.Zero, m)}
		ch.Saving[k] = Money{ch.Current[k].Add(at(keep, m)).Sub(ch.Offer[k].Add(at(move, m)))}
	}
	return ch
}

func insuranceChart(cur, off Cost) Chart {
	months := chartMonths(12)
	ch := newChart(months)
	for k, m := range months {
		f := decimal.NewFromInt(int64(m)).Div(twelve)
		ch.Current[k] = Money{Round2(cur.AnnualPremium.Mul(f))}
		ch.Offer[k] = Money{Round2(off.AnnualPremium.Mul(f))}
		ch.Saving[k] = Money{ch.Current[k].Sub(ch.Offer[k].Decimal)}
	}
	return ch
}

func newChart(months []int) Chart {
	n := len(months)
	return Chart{Months: months, Current: make([]Money, n), Offer: make([]Money, n), Saving: make([]Money, n)}
}

func deref0(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// chartMonths is 0..end, sampled evenly to at most maxChartPoints, always keeping the end
// of each plan (so the totals show) and the other months in keep (the break-even month)
// that fall inside.
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
	return Compare(h, candidates, p, CompareOptions{Limit: limit, Now: s.now(), Currency: currency, Locale: RegionLocale(region)}), nil
}
