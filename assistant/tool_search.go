package assistant

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/offers"
	"ratewise/retrieval"
)

// shopKey marks a turn's context with the partner merchant whose widget opened its
// conversation (an int64 partner id).
type shopKey struct{}

// searchArgs are search_offers' arguments.
type searchArgs struct {
	Query       string `json:"query,omitempty" description:"the features or purpose the user is looking for, in their words; omit for a plain cheapest-first list"`
	ProductType string `json:"product_type" enum:"personal_loan,auto_loan,mortgage,student_loan,credit_card,auto_insurance,home_insurance,renters_insurance,travel_insurance,life_insurance"`
	Amount      string `json:"amount,omitempty" description:"amount to borrow, decimal string such as \"5000.00\""`
	TermMonths  int    `json:"term_months,omitempty" description:"loan term in months, 1 to 480"`
	Limit       int    `json:"limit,omitempty" description:"how many offers to list, 1 to 10 (default 5)"`
	Region      string `json:"region,omitempty" description:"ISO 3166 code of the market the user names (\"in the UK\", \"£\": GB); omit to use their saved region"`
	CreditScore int    `json:"credit_score,omitempty" description:"the user's credit score (300 to 850) when they state one: offers whose published minimum is above it are left out, and the result says how many and the lowest minimum"`
}

// offerSummary is an offer as search_offers returns it.
type offerSummary struct {
	ID                    int64           `json:"id"`
	Partner               string          `json:"partner"`
	Name                  string          `json:"name"`
	ProductType           string          `json:"product_type"`
	Currency              string          `json:"currency"`
	RepresentativeAPR     *offers.Percent `json:"representative_apr,omitempty"`
	APRMin                *offers.Percent `json:"apr_min,omitempty"`
	APRMax                *offers.Percent `json:"apr_max,omitempty"`
	OriginationFeePct     *offers.Percent `json:"origination_fee_percent,omitempty"`
	TermsMonths           []int           `json:"terms_months,omitempty"`
	AmountMin             *offers.Money   `json:"amount_min,omitempty"`
	AmountMax             *offers.Money   `json:"amount_max,omitempty"`
	AnnualPremium         *offers.Money   `json:"annual_premium,omitempty"`
	CoverageLimit         *offers.Money   `json:"coverage_limit,omitempty"`
	Deductible            *offers.Money   `json:"deductible,omitempty"`
	RepresentativeExample string          `json:"representative_example,omitempty"`
	FeeSummary            string          `json:"fee_summary,omitempty"`
	// For the amount asked: the schedule at the representative rate of interest over
	// TermMonths (offers.Offer.Quote).
	ForAmount *amountQuote `json:"for_amount,omitempty"`
	URL       string       `json:"url,omitempty"`
	// MinCreditScore is the lowest credit score the offer's published criteria accept.
	MinCreditScore int `json:"min_credit_score,omitempty"`
}

// amountQuote is offers.Quote as search_offers returns it: the payments and total of the
// cent-rounded schedule (principal and interest), the fee and the total with it, and the
// APR with the fee.
type amountQuote struct {
	Amount         offers.Money   `json:"amount"`
	TermMonths     int            `json:"term_months"`
	MonthlyPayment offers.Money   `json:"monthly_payment"`
	LastPayment    offers.Money   `json:"last_payment"`
	TotalPaid      offers.Money   `json:"total_paid"`
	Fee            offers.Money   `json:"fee"`
	TotalPayable   offers.Money   `json:"total_payable"`
	APR            offers.Percent `json:"apr"`
}

func (t *Tools) searchOffers(ctx context.Context, userID int64, a searchArgs) (pendingCall, error) {
	pt, err := parseProduct(a.ProductType)
	if err != nil {
		return pendingCall{}, err
	}
	var amount *decimal.Decimal
	if a.Amount != "" {
		d, err := decimal.NewFromString(strings.TrimSpace(a.Amount))
		if err != nil || !d.IsPositive() {
			return pendingCall{}, ratewise.Invalid("amount", "amount must be a positive decimal string such as \"5000.00\".")
		}
		amount = &d
	}
	if a.TermMonths < 0 || a.TermMonths > 480 {
		return pendingCall{}, ratewise.Invalid("term_months", "term_months must be from 1 to 480.")
	}
	if a.Limit <= 0 || a.Limit > 10 {
		a.Limit = 5
	}
	if a.CreditScore != 0 && (a.CreditScore < 300 || a.CreditScore > 850) {
		return pendingCall{}, ratewise.Invalid("credit_score", "credit_score must be from 300 to 850.")
	}
	query, ok := toolQuery(a.Query)
	if !ok {
		return pendingCall{}, ratewise.Invalid("query", "query must be at most %d characters.", retrieval.MaxQueryLen)
	}
	_, region, err := t.where(ctx, userID, a.Region)
	if err != nil {
		return pendingCall{}, err
	}
	// The candidates come from the catalogue, filtered by product type, the user's region (so
	// one currency) and the active window; a text search only ranks and narrows them.
	list, err := t.activeOffers(ctx, pt, region)
	if err != nil {
		return pendingCall{}, err
	}
	// A merchant's checkout plan (pay in 4, 0 % for 6 months at its till) pays for a
	// purchase in that shop and nothing else: it is no answer to "I need money for rent", and
	// comparisons leave it out for the same reason. In a chat opened from a shop's widget,
	// that shop's own plans are what its shopper can use, and they stay.
	shop, _ := ctx.Value(shopKey{}).(int64)
	list = slices.DeleteFunc(list, func(o offers.Offer) bool { return o.PointOfSale && (shop == 0 || o.PartnerID != shop) })
	// With a score stated, an offer whose published minimum is above it is not listed; the
	// result says how many were left out and the lowest minimum among them.
	var belowMinimum, lowestMinimum int
	if a.CreditScore > 0 {
		list = slices.DeleteFunc(list, func(o offers.Offer) bool {
			if o.MinCreditScore <= a.CreditScore {
				return false
			}
			belowMinimum++
			if lowestMinimum == 0 || o.MinCreditScore < lowestMinimum {
				lowestMinimum = o.MinCreditScore
			}
			return true
		})
	}
	label := "Searching " + offerWords(len(list), pt)
	if query != "" && t.Search != nil { // without an index the text is not searched: the label does not pretend
		label += " for “" + truncate(query, 60) + "”"
	}
	label += "…"
	lends := func(o offers.Offer) bool {
		return amount == nil || !pt.IsLoan() || !((o.AmountMin.IsPositive() && amount.LessThan(o.AmountMin.Decimal)) ||
			(o.AmountMax.IsPositive() && amount.GreaterThan(o.AmountMax.Decimal)))
	}
	return pendingCall{Label: label, exec: func(ctx context.Context) (toolResult, error) {
		res := searchResult{ProductType: pt, Locale: offers.RegionLocale(region), Offers: []offerSummary{},
			CreditScore: a.CreditScore, AboveScore: belowMinimum, LowestMinimum: lowestMinimum}
		var matches []offers.Offer
		searched := false
		if query != "" && len(list) > 0 {
			res.Query = query
			if matches, searched, err = t.textMatches(ctx, query, pt, region, list); err != nil {
				return toolResult{}, err
			}
		}
		var out []offerSummary
		if searched {
			for _, o := range matches {
				if lends(o) {
					out = append(out, summarizeOffer(o, pt, amount, a.TermMonths))
				}
			}
			n := len(out)
			res.Matched = &n
		}
		if len(out) == 0 {
			// No query, nothing matched, or no index: today's listing, cheapest first — with a
			// note when a query was asked, so no answer presents these as matches.
			for _, o := range list {
				if lends(o) {
					out = append(out, summarizeOffer(o, pt, amount, a.TermMonths))
				}
			}
			sortOffers(out, pt.IsLoan())
			switch {
			case query != "" && searched:
				what := pt.Label(res.Locale)
				res.Note = fmt.Sprintf("No active %s offer matched “%s”. The offers listed are the cheapest %s offers instead; none of them is known to have what was asked.", what, query, what)
			case query != "" && len(list) > 0:
				res.Note = "Searching the offers' descriptions is unavailable right now. The offers listed are the cheapest instead; none of them is known to have what was asked."
			}
		}
		lending := len(out)
		if len(out) > a.Limit {
			out = out[:a.Limit]
		}
		res.Offers = out
		r, err := jsonResult(res)
		switch {
		case res.Matched != nil && *res.Matched > 0:
			r.Summary = "Found " + plural(*res.Matched, "matching offer", "matching offers")
			if amount != nil && pt.IsLoan() {
				r.Summary += " that lend " + offers.FormatMoney(*amount, currencyOf(list, region), res.Locale)
			}
		case query != "" && searched:
			r.Summary = "No " + pt.Label(res.Locale) + " offer matched “" + truncate(query, 60) + "”; listed the cheapest instead"
		default:
			r.Summary = "Searched " + offerWords(len(list), pt)
		}
		if amount != nil && pt.IsLoan() && (res.Matched == nil || *res.Matched == 0) {
			r.Summary += fmt.Sprintf("; %d lend %s", lending, offers.FormatMoney(*amount, currencyOf(list, region), res.Locale))
		}
		return r, err
	}}, nil
}

// searchResult is what search_offers returns to the model. Matched is set when the query's
// text was searched: how many offers matched it (and lend the amount). When it is 0, or the
// text could not be searched, Offers is the cheapest-first listing and Note says so.
type searchResult struct {
	ProductType offers.ProductType `json:"product_type"`
	// Locale is the locale to write the offers' figures in (each offer has its currency).
	Locale  string         `json:"locale"`
	Query   string         `json:"query,omitempty"`
	Matched *int           `json:"matched,omitempty"`
	Note    string         `json:"note,omitempty"`
	Offers  []offerSummary `json:"offers"`
	// CreditScore is the score the offers were listed for; AboveScore how many offers were
	// left out because their published minimum is above it, and LowestMinimum the lowest of
	// those minimums.
	CreditScore   int `json:"credit_score,omitempty"`
	AboveScore    int `json:"above_score,omitempty"`
	LowestMinimum int `json:"lowest_minimum,omitempty"`
}

// keywordSearcher is implemented by *retrieval.Index: the keyword half alone, which tells
// which offers share a word with the query. The hybrid search always returns the nearest
// vectors, related or not, so it cannot say by itself that nothing matched.
type keywordSearcher interface {
	KeywordSearch(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error)
}

// textMatches ranks the active offers of list by the hybrid search for query: the offers whose
// passages share a word with the query (the keyword half), in the hybrid search's order, at
// most retrieval.MaxLimit of them. Every offer returned is one of list, so every figure comes
// from the catalogue, never from passage text. ok is false when the text could not be searched
// (no index): the caller lists the catalogue and says so.
func (t *Tools) textMatches(ctx context.Context, query string, pt offers.ProductType, region string, list []offers.Offer) (matches []offers.Offer, ok bool, err error) {
	if t.Search == nil {
		return nil, false, nil
	}
	q := retrieval.Query{Text: query, Kind: retrieval.KindOffer, ProductType: string(pt), Region: region, ActiveOnly: true, Limit: retrieval.MaxLimit}
	hits, err := t.Search.Search(ctx, q)
	if err != nil {
		return nil, false, err
	}
	var related map[int64]bool
	if ks, isIndex := t.Search.(keywordSearcher); isIndex {
		kw, err := ks.KeywordSearch(ctx, q)
		if err != nil {
			return nil, false, err
		}
		related = make(map[int64]bool, len(kw))
		for _, h := range kw {
			related[h.OfferID] = true
		}
	}
	byID := make(map[int64]offers.Offer, len(list))
	for _, o := range list {
		byID[o.ID] = o
	}
	seen := map[int64]bool{}
	score := map[int64]float64{}
	for _, h := range hits {
		o, inCatalogue := byID[h.OfferID]
		if h.Source != retrieval.KindOffer || !inCatalogue || seen[h.OfferID] || (related != nil && !related[h.OfferID]) {
			continue // a stale passage, another region's offer, or one that shares no word
		}
		seen[h.OfferID] = true
		score[h.OfferID] = h.Score
		matches = append(matches, o)
	}
	// Offers the search cannot tell apart (the same text, so the same score) keep the order a
	// listing has: cheapest first.
	slices.SortStableFunc(matches, func(a, b offers.Offer) int {
		if c := cmp.Compare(score[b.ID], score[a.ID]); c != 0 {
			return c
		}
		if pt.IsLoan() {
			return a.RepresentativeAPR().Cmp(b.RepresentativeAPR().Decimal)
		}
		return a.AnnualPremium.Cmp(b.AnnualPremium.Decimal)
	})
	return matches, true, nil
}

// currencyOf is the currency of a list of offers, for a summary (the region's when empty).
func currencyOf(list []offers.Offer, region string) string {
	if len(list) > 0 && list[0].Currency != "" {
		return list[0].Currency
	}
	return offers.RegionCurrency(region)
}

func summarizeOffer(o offers.Offer, pt offers.ProductType, amount *decimal.Decimal, termMonths int) offerSummary {
	s := offerSummary{ID: o.ID, Partner: o.PartnerName, Name: o.Name, ProductType: string(o.ProductType),
		Currency: o.Currency, RepresentativeExample: offers.RepresentativeExample(o), FeeSummary: o.FeeSummary(o.OfferLocale()), URL: o.URL,
		MinCreditScore: o.MinCreditScore}
	if !pt.IsLoan() {
		s.AnnualPremium, s.CoverageLimit, s.Deductible = &o.AnnualPremium, &o.CoverageLimit, &o.Deductible
		return s
	}
	rep := o.RepresentativeAPR() // computed with fees: the figure of the representative example
	lo, hi := o.APRRange()
	s.RepresentativeAPR, s.APRMin, s.APRMax = &rep, &lo, &hi
	s.OriginationFeePct, s.TermsMonths = &o.OriginationFeePct, o.TermsMonths
	s.AmountMin, s.AmountMax = &o.AmountMin, &o.AmountMax
	if amount != nil && len(o.TermsMonths) > 0 {
		term := o.TermsMonths[len(o.TermsMonths)-1]
		for _, n := range o.TermsMonths {
			if n == termMonths {
				term = n
			}
		}
		// A fee as large as the amount, or an amount too small for a payment, has no quote.
		if q, err := o.Quote(*amount, term); err == nil {
			s.ForAmount = &amountQuote{Amount: q.Amount, TermMonths: q.TermMonths, MonthlyPayment: q.MonthlyPayment, LastPayment: q.LastPayment,
				TotalPaid: q.TotalPaid, Fee: q.Fee, TotalPayable: q.TotalPayable, APR: q.APR}
		}
	}
	return s
}

func sortOffers(s []offerSummary, loan bool) {
	less := func(a, b offerSummary) bool {
		if loan && a.ForAmount != nil && b.ForAmount != nil {
			// Priced for the amount asked: by what borrowing it costs with each, fees
			// included (the APR of that schedule), not by the example's representative APR.
			if c := a.ForAmount.APR.Cmp(b.ForAmount.APR.Decimal); c != 0 {
				return c < 0
			}
			return a.ForAmount.TotalPayable.LessThan(b.ForAmount.TotalPayable.Decimal)
		}
		if loan {
			return a.RepresentativeAPR.LessThan(b.RepresentativeAPR.Decimal)
		}
		return a.AnnualPremium.LessThan(b.AnnualPremium.Decimal)
	}
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && less(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
