package assistant

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/offers"
	"ratewise/retrieval"
)

// Catalogue is what the tools need from offers; *offers.Store implements it.
type Catalogue interface {
	Holdings(ctx context.Context, userID int64) ([]offers.Holding, error)
	Holding(ctx context.Context, userID, id int64) (offers.Holding, error)
	Offers(ctx context.Context, f offers.OfferFilter) ([]offers.Offer, error)
	CompareHolding(ctx context.Context, h offers.Holding, p *offers.Profile, offerIDs []int64, limit int) (offers.Comparison, error)
}

// Searcher finds knowledge-base passages; *retrieval.Index implements it.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error)
}

// Tool names.
const (
	ToolGetHoldings     = "get_holdings"
	ToolSearchOffers    = "search_offers"
	ToolCompare         = "compare"
	ToolLookupKnowledge = "lookup_knowledge"
	ToolRequestHuman    = "request_human"
)

// maxCards is how many offer cards one comparison shows.
const maxCards = 3

var productEnum = `["personal_loan","auto_loan","mortgage","student_loan","credit_card","auto_insurance","home_insurance","renters_insurance","travel_insurance","life_insurance"]`

// toolSpecs are the tools as the model sees them.
var toolSpecs = []ToolSpec{
	{ToolGetHoldings, "List the user's saved loans and insurance policies (id, product type, provider, balance, APR, months left, payment or premium). Call this before comparing, unless the user gave the figures in the message.",
		json.RawMessage(`{"type":"object","properties":{},"additionalProperties":false}`)},
	{ToolSearchOffers, "Search the partner catalogue for active offers of a product type. With query (the features the user wants, in their words: \"no origination fee\", \"electric car\") offers are ranked by how well their descriptions match it; matched says how many did, and when none did a note says so and the cheapest are listed instead — never present those as matches. Without query, the cheapest come first. Returns each offer's representative APR (or premium), fees, terms and a representative example; with an amount it also returns the monthly payment for that amount.",
		json.RawMessage(`{"type":"object","properties":{"query":{"type":"string","description":"the features or purpose the user is looking for, in their words; omit for a plain cheapest-first list"},"product_type":{"type":"string","enum":` + productEnum + `},"amount":{"type":"string","description":"amount to borrow, decimal string such as \"5000.00\""},"term_months":{"type":"integer","minimum":1,"maximum":480},"limit":{"type":"integer","minimum":1,"maximum":10}},"required":["product_type"],"additionalProperties":false}`)},
	{ToolCompare, "Compare one of the user's loans or policies against partner offers and compute the exact monthly and net savings, fees included. Give holding_id for a saved holding, or holding with the figures the user stated. The user sees the resulting offer cards.",
		json.RawMessage(`{"type":"object","properties":{"holding_id":{"type":"integer"},"holding":{"type":"object","properties":{"product_type":{"type":"string","enum":` + productEnum + `},"balance":{"type":"string","description":"outstanding balance, e.g. \"15000.00\""},"apr":{"type":"string","description":"current APR in percent, e.g. \"9.90\""},"remaining_months":{"type":"integer","minimum":1,"maximum":480},"premium":{"type":"string","description":"annual premium, insurance only"}},"required":["product_type"]},"offer_ids":{"type":"array","items":{"type":"integer"}},"limit":{"type":"integer","minimum":1,"maximum":5}},"additionalProperties":false}`)},
	{ToolLookupKnowledge, "Find passages in the Ratewise knowledge base that explain a financial term or rule (APR, representative example, refinancing, deductibles…). Returns passages with their source to cite.",
		json.RawMessage(`{"type":"object","properties":{"query":{"type":"string"}},"required":["query"],"additionalProperties":false}`)},
	{ToolRequestHuman, "Hand the conversation to a human agent. Use when the user asks for a person, or for hardship, bereavement, fraud, complaints, legal questions or vulnerability.",
		json.RawMessage(`{"type":"object","properties":{"reason":{"type":"string","enum":["requested","hardship","bereavement","fraud","complaint","vulnerability","legal","frustration"]},"summary":{"type":"string","description":"one sentence for the agent"}},"required":["reason"],"additionalProperties":false}`)},
}

// toolResult is what one tool call produced: the JSON the model sees, and what the engine
// needs beside it.
type toolResult struct {
	JSON      json.RawMessage
	Cards     []offers.Card
	Citations []Citation
	Handoff   *Trigger // request_human
	Err       error    // the tool failed; JSON holds the error message for the model
	// Summary says in words what the tool found, from its result ("Compared 42 car-loan
	// offers; 3 are better than your car loan"); the tool.completed event carries it.
	Summary string
}

// Tools runs the model's tools for one user.
type Tools struct {
	Catalogue Catalogue
	Search    Searcher
	// Profile returns the user's saved comparison profile (nil when incomplete) and region
	// ("" when not saved), so the assistant compares what POST /api/v1/compare compares.
	Profile func(ctx context.Context, userID int64) (*offers.Profile, string, error)
}

// where returns the user's profile and the region whose offers they can take, by the same
// rule as POST /api/v1/compare (offers.HoldingRegion): offers of other regions are in other
// currencies and cannot replace their loan.
func (t *Tools) where(ctx context.Context, userID int64) (*offers.Profile, string, error) {
	if t.Profile == nil {
		return nil, offers.HoldingRegion(nil, ""), nil
	}
	p, saved, err := t.Profile(ctx, userID)
	if err != nil {
		return nil, "", err
	}
	return p, offers.HoldingRegion(p, saved), nil
}

// pendingCall is a tool call whose arguments are checked and whose inputs are loaded: Label says
// in words what it is doing, with real counts ("Comparing 42 car-loan offers…"), before the
// work is done by exec.
type pendingCall struct {
	Label string
	exec  func(ctx context.Context) (toolResult, error)
	err   error // the call is refused before running; exec is nil
}

// start checks a call and loads what its label counts. It never fails: a refused call runs
// as an error result.
func (t *Tools) start(ctx context.Context, userID int64, call ToolCall) pendingCall {
	p, err := t.prepare(ctx, userID, call)
	if err != nil {
		return pendingCall{Label: genericLabel(call.Name), err: err}
	}
	return p
}

// Run executes the call. A tool error becomes a message to the model, never a crash of the
// turn; Summary then says the step failed.
func (p pendingCall) Run(ctx context.Context) toolResult {
	err := p.err
	var r toolResult
	if err == nil {
		r, err = p.exec(ctx)
	}
	if err != nil {
		msg := ratewise.ErrorMessage(err)
		if ratewise.ErrorCode(err) == ratewise.EINTERNAL {
			msg = "The tool failed; try again later or answer without it."
		}
		b, _ := json.Marshal(map[string]string{"error": msg})
		return toolResult{JSON: b, Err: err, Summary: "That step did not work"}
	}
	return r
}

// genericLabel is the progress text of a call refused before it ran.
func genericLabel(name string) string {
	switch name {
	case ToolGetHoldings:
		return "Reading your saved loans and policies…"
	case ToolSearchOffers:
		return "Searching our partners' offers…"
	case ToolCompare:
		return "Comparing offers…"
	case ToolLookupKnowledge:
		return "Searching our guides…"
	case ToolRequestHuman:
		return "Asking for a person…"
	}
	return "Working on it…"
}

func decodeArgs(raw string, v any) error {
	if strings.TrimSpace(raw) == "" {
		raw = "{}"
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return ratewise.Invalid("arguments", "The arguments are not valid JSON for this tool: %v.", err)
	}
	return nil
}

type searchArgs struct {
	Query       string `json:"query"`
	ProductType string `json:"product_type"`
	Amount      string `json:"amount"`
	TermMonths  int    `json:"term_months"`
	Limit       int    `json:"limit"`
}

type compareArgs struct {
	HoldingID *int64 `json:"holding_id"`
	Holding   *struct {
		ProductType     string `json:"product_type"`
		Balance         string `json:"balance"`
		APR             string `json:"apr"`
		RemainingMonths int    `json:"remaining_months"`
		Premium         string `json:"premium"`
	} `json:"holding"`
	OfferIDs []int64 `json:"offer_ids"`
	Limit    int     `json:"limit"`
}

type knowledgeArgs struct {
	Query string `json:"query"`
}

type humanArgs struct {
	Reason  string `json:"reason"`
	Summary string `json:"summary"`
}

func (t *Tools) prepare(ctx context.Context, userID int64, call ToolCall) (pendingCall, error) {
	switch call.Name {
	case ToolGetHoldings:
		var a struct{}
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return pendingCall{Label: genericLabel(ToolGetHoldings), exec: func(ctx context.Context) (toolResult, error) {
			hs, err := t.Catalogue.Holdings(ctx, userID)
			if err != nil {
				return toolResult{}, err
			}
			if hs == nil {
				hs = []offers.Holding{}
			}
			r, err := jsonResult(map[string]any{"holdings": hs})
			r.Summary = "Found " + plural(len(hs), "saved loan or policy", "saved loans and policies")
			return r, err
		}}, nil
	case ToolSearchOffers:
		var a searchArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return t.searchOffers(ctx, userID, a)
	case ToolCompare:
		var a compareArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return t.compare(ctx, userID, a)
	case ToolLookupKnowledge:
		var a knowledgeArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return t.lookup(a)
	case ToolRequestHuman:
		var a humanArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		cat := a.Reason
		prio := PrioritySensitive
		switch cat {
		case ReasonRequested, "":
			cat, prio = ReasonTool, PriorityNormal
		case ReasonFrustration:
			prio = PriorityElevated
		case ReasonHardship, ReasonBereavement, ReasonFraud, ReasonComplaint, ReasonVulnerability, ReasonLegal:
		default:
			return pendingCall{}, ratewise.Invalid("reason", "Unknown reason %q.", a.Reason)
		}
		return pendingCall{Label: genericLabel(ToolRequestHuman), exec: func(context.Context) (toolResult, error) {
			r, err := jsonResult(map[string]any{"handoff": "started", "reason": cat})
			r.Handoff = &Trigger{Category: cat, Priority: prio, Language: "en", Match: truncate(a.Summary, 200)}
			r.Summary = "Asked for a person"
			return r, err
		}}, nil
	}
	return pendingCall{}, ratewise.Invalid("name", "There is no tool named %q.", call.Name)
}

// activeOffers returns every active offer of a product type serving region — the candidates a
// comparison considers — page by page, so the count in a label is the whole catalogue's.
func (t *Tools) activeOffers(ctx context.Context, pt offers.ProductType, region string) ([]offers.Offer, error) {
	active := true
	var all []offers.Offer
	for {
		page, err := t.Catalogue.Offers(ctx, offers.OfferFilter{ProductType: pt, Region: region, Active: &active, Limit: offers.MaxOfferLimit, Offset: len(all)})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < offers.MaxOfferLimit {
			return all, nil
		}
	}
}

// offerWords is "42 car-loan offers".
func offerWords(n int, pt offers.ProductType) string {
	w := strings.ReplaceAll(productWords(string(pt)), " ", "-")
	return plural(n, w+" offer", w+" offers")
}

func jsonResult(v any) (toolResult, error) {
	b, err := json.Marshal(v)
	return toolResult{JSON: b}, err
}

func parseProduct(s string) (offers.ProductType, error) {
	pt, err := offers.ParseProductType(s)
	if err != nil {
		return "", ratewise.Invalid("product_type", "product_type must be one of %s.", productEnum)
	}
	return pt, nil
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
	// For the amount asked: the monthly payment at the representative rate of interest over TermMonths.
	ForAmount *amountQuote `json:"for_amount,omitempty"`
	URL       string       `json:"url,omitempty"`
}

type amountQuote struct {
	Amount         offers.Money `json:"amount"`
	TermMonths     int          `json:"term_months"`
	MonthlyPayment offers.Money `json:"monthly_payment"`
	TotalPaid      offers.Money `json:"total_paid"`
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
	query := strings.Join(strings.Fields(a.Query), " ")
	if utf8.RuneCountInString(query) > retrieval.MaxQueryLen {
		return pendingCall{}, ratewise.Invalid("query", "query must be at most %d characters.", retrieval.MaxQueryLen)
	}
	_, region, err := t.where(ctx, userID)
	if err != nil {
		return pendingCall{}, err
	}
	// The candidates come from the catalogue, filtered by product type, the user's region (so
	// one currency) and the active window; a text search only ranks and narrows them.
	list, err := t.activeOffers(ctx, pt, region)
	if err != nil {
		return pendingCall{}, err
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
		res := searchResult{ProductType: pt, Offers: []offerSummary{}}
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
				res.Note = fmt.Sprintf("No active %s offer matched “%s”. The offers listed are the cheapest %s offers instead; none of them is known to have what was asked.", productWords(string(pt)), query, productWords(string(pt)))
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
				r.Summary += " that lend " + money(amount.StringFixed(2), currencyOf(list))
			}
		case query != "" && searched:
			r.Summary = "No " + productWords(string(pt)) + " offer matched “" + truncate(query, 60) + "”; listed the cheapest instead"
		default:
			r.Summary = "Searched " + offerWords(len(list), pt)
		}
		if amount != nil && pt.IsLoan() && (res.Matched == nil || *res.Matched == 0) {
			r.Summary += fmt.Sprintf("; %d lend %s", lending, money(amount.StringFixed(2), currencyOf(list)))
		}
		return r, err
	}}, nil
}

// searchResult is what search_offers returns to the model. Matched is set when the query's
// text was searched: how many offers matched it (and lend the amount). When it is 0, or the
// text could not be searched, Offers is the cheapest-first listing and Note says so.
type searchResult struct {
	ProductType offers.ProductType `json:"product_type"`
	Query       string             `json:"query,omitempty"`
	Matched     *int               `json:"matched,omitempty"`
	Note        string             `json:"note,omitempty"`
	Offers      []offerSummary     `json:"offers"`
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

// currencyOf is the currency of a list of offers, for a summary ("USD" when empty).
func currencyOf(list []offers.Offer) string {
	if len(list) > 0 && list[0].Currency != "" {
		return list[0].Currency
	}
	return "USD"
}

func summarizeOffer(o offers.Offer, pt offers.ProductType, amount *decimal.Decimal, termMonths int) offerSummary {
	s := offerSummary{ID: o.ID, Partner: o.PartnerName, Name: o.Name, ProductType: string(o.ProductType),
		Currency: o.Currency, RepresentativeExample: offers.RepresentativeExample(o), URL: o.URL}
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
		pay := offers.MonthlyPayment(*amount, o.Rate.Decimal, term) // the nominal rate of interest
		s.ForAmount = &amountQuote{Amount: offers.NewMoney(*amount), TermMonths: term,
			MonthlyPayment: offers.NewMoney(pay.Round(2)), TotalPaid: offers.NewMoney(pay.Round(2).Mul(decimal.NewFromInt(int64(term))))}
	}
	return s
}

func sortOffers(s []offerSummary, loan bool) {
	less := func(a, b offerSummary) bool {
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

// compareResult is what compare returns to the model (cards without their charts, which only
// the client needs).
type compareResult struct {
	Holding offers.Holding `json:"holding"`
	Current offers.Cost    `json:"current"`
	Cards   []cardForModel `json:"cards"`
}

type cardForModel struct {
	offers.Card
	Chart *struct{} `json:"chart,omitempty"`
}

func (t *Tools) compare(ctx context.Context, userID int64, a compareArgs) (pendingCall, error) {
	var h offers.Holding
	switch {
	case a.HoldingID != nil:
		var err error
		if h, err = t.Catalogue.Holding(ctx, userID, *a.HoldingID); err != nil {
			return pendingCall{}, err
		}
	case a.Holding != nil:
		var err error
		if h, err = statedHolding(a); err != nil {
			return pendingCall{}, err
		}
	default:
		return pendingCall{}, ratewise.Invalid("holding_id", "Give holding_id or holding.")
	}
	limit := a.Limit
	if limit <= 0 || limit > maxCards {
		limit = maxCards
	}
	// The candidates are loaded here so the label counts exactly the offers compared: the
	// comparison runs on these ids and no others.
	profile, region, err := t.where(ctx, userID)
	if err != nil {
		return pendingCall{}, err
	}
	ids := slices.Compact(slices.Sorted(slices.Values(a.OfferIDs)))
	if len(ids) == 0 {
		list, err := t.activeOffers(ctx, h.ProductType, region)
		if err != nil {
			return pendingCall{}, err
		}
		for _, o := range list {
			ids = append(ids, o.ID)
		}
	}
	what := productWords(string(h.ProductType))
	label := fmt.Sprintf("Comparing %s with your %s…", offerWords(len(ids), h.ProductType), what)
	return pendingCall{Label: label, exec: func(ctx context.Context) (toolResult, error) {
		res := compareResult{Holding: h, Cards: []cardForModel{}}
		var cards []offers.Card
		better := 0
		if len(ids) > 0 {
			// Every candidate is ranked so the summary can count the ones that save money; the
			// cards are the best few.
			cmp, err := t.Catalogue.CompareHolding(ctx, h, profile, ids, len(ids))
			if err != nil {
				return toolResult{}, err
			}
			res.Current = cmp.Current
			for _, opt := range cmp.Options {
				if opt.Eligible && opt.NetSaving.IsPositive() {
					better++
				}
				if len(cards) < limit {
					c := offers.NewCard(cmp, opt)
					cards = append(cards, c)
					res.Cards = append(res.Cards, cardForModel{Card: c})
				}
			}
		} else {
			res.Current = offers.Compare(h, nil, profile, offers.CompareOptions{}).Current
		}
		r, err := jsonResult(res)
		r.Cards = cards
		r.Summary = fmt.Sprintf("Compared %s; %s", offerWords(len(ids), h.ProductType), betterWords(better, what))
		return r, err
	}}, nil
}

// betterWords is "3 are better than your car loan".
func betterWords(n int, what string) string {
	switch n {
	case 0:
		return "none is better than your " + what
	case 1:
		return "1 is better than your " + what
	}
	return fmt.Sprintf("%d are better than your %s", n, what)
}

// statedHolding is the holding the user described in the message.
func statedHolding(a compareArgs) (offers.Holding, error) {
	pt, err := parseProduct(a.Holding.ProductType)
	if err != nil {
		return offers.Holding{}, err
	}
	h := offers.Holding{Kind: pt.Kind(), ProductType: pt, Provider: "current provider", RemainingMonths: a.Holding.RemainingMonths}
	dec := func(field, s string) (decimal.Decimal, error) {
		d, err := decimal.NewFromString(strings.TrimSpace(strings.TrimSuffix(s, "%")))
		if err != nil {
			return d, ratewise.Invalid(field, "holding.%s must be a decimal string such as \"15000.00\".", field)
		}
		return d, nil
	}
	if pt.IsLoan() {
		if a.Holding.Balance == "" || a.Holding.APR == "" || a.Holding.RemainingMonths <= 0 {
			return h, ratewise.Invalid("holding", "For a loan, give balance, apr and remaining_months.")
		}
		b, err := dec("balance", a.Holding.Balance)
		if err != nil {
			return h, err
		}
		r, err := dec("apr", a.Holding.APR)
		if err != nil {
			return h, err
		}
		h.Balance, h.APR = offers.NewMoney(b), offers.NewPercent(r)
	} else {
		if a.Holding.Premium == "" {
			return h, ratewise.Invalid("holding", "For insurance, give the annual premium.")
		}
		p, err := dec("premium", a.Holding.Premium)
		if err != nil {
			return h, err
		}
		pm := offers.NewMoney(p)
		h.Premium, h.PremiumFrequency = &pm, "annual"
	}
	return h, h.Validate()
}

type passage struct {
	Title   string `json:"title"`
	Heading string `json:"heading,omitempty"`
	Snippet string `json:"snippet"`
	// Lead is the opening of the best article — its short answer — as plain text: what a
	// "what is …?" question wants, where Snippet is the part that matched the query's words.
	Lead   string `json:"lead,omitempty"`
	Source string `json:"source"`
	URL    string `json:"url"`
}

// articleReader is implemented by *retrieval.Index: it gives a whole article for its lead.
type articleReader interface {
	Article(ctx context.Context, slug string) (retrieval.StoredArticle, error)
}

// maxLead bounds an article's lead, in characters.
const maxLead = 320

// articleLead returns the opening of an article's first section with text, as plain text.
func articleLead(body string) string {
	for _, c := range retrieval.Split(body) {
		if lead := retrieval.Snippet(c.Text, "", maxLead); len(lead) > 40 {
			return lead
		}
	}
	return ""
}

func (t *Tools) lookup(a knowledgeArgs) (pendingCall, error) {
	q := strings.TrimSpace(a.Query)
	if q == "" || len(q) > retrieval.MaxQueryLen {
		return pendingCall{}, ratewise.Invalid("query", "query must be 1 to %d characters.", retrieval.MaxQueryLen)
	}
	if t.Search == nil {
		return pendingCall{}, ratewise.Errorf(ratewise.EUNAVAILABLE, "The knowledge base is not available.")
	}
	return pendingCall{Label: genericLabel(ToolLookupKnowledge), exec: func(ctx context.Context) (toolResult, error) {
		hits, err := t.Search.Search(ctx, retrieval.Query{Text: q, Kind: retrieval.KindKB, Limit: 3})
		if err != nil {
			return toolResult{}, err
		}
		ps := []passage{}
		var cites []Citation
		seen := map[string]bool{}
		for i, h := range hits {
			p := passage{Title: h.Title, Heading: h.Heading, Snippet: h.Snippet, Source: h.Source, URL: h.URL()}
			if ar, ok := t.Search.(articleReader); ok && i == 0 && h.Source == retrieval.KindKB {
				if a, err := ar.Article(ctx, h.Slug); err == nil {
					p.Lead = articleLead(a.Body)
				}
			}
			ps = append(ps, p)
			if !seen[h.Key] {
				seen[h.Key] = true
				cites = append(cites, Citation{Source: h.Source, Slug: h.Slug, OfferID: h.OfferID, Title: h.Title, URL: h.URL()})
			}
		}
		r, err := jsonResult(map[string]any{"passages": ps})
		r.Citations = cites
		r.Summary = "Found " + plural(len(ps), "passage", "passages") + " in our guides"
		if len(ps) > 0 {
			r.Summary += "; best match: “" + ps[0].Title + "”"
		}
		return r, err
	}}, nil
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
