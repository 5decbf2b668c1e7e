package assistant

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"

	"ratewise/offers"
	"ratewise/retrieval"
)

// offerIndexer returns a function that makes ix's offer passages match the catalogue in pool,
// as serve's sync does: each offer's description, terms, features and exclusions under its
// partner's and its own name.
func offerIndexer(pool *pgxpool.Pool, ix *retrieval.Index) func(context.Context) error {
	return func(ctx context.Context) error {
		list, err := offers.NewStore(pool).Offers(ctx, offers.OfferFilter{Limit: offers.MaxOfferLimit})
		if err != nil {
			return err
		}
		now := time.Now()
		var docs []retrieval.Document
		for _, o := range list {
			docs = append(docs, OfferPassage(o, now))
		}
		_, _, err = ix.Sync(ctx, retrieval.KindOffer, docs)
		return err
	}
}

// searchFixture is a planner conversation on the demo catalogue with the shipped articles and
// the catalogue's offer passages indexed with the local embedder. Before indexing, edit may
// change the catalogue.
func searchFixture(t *testing.T, edit func(ctx context.Context, f *fixture)) *fixture {
	t.Helper()
	ctx := context.Background()
	f := newFixtureOn(t, demoPool(t), nil)
	ix := localIndex(f.pool)
	if edit != nil {
		edit(ctx, f)
		if err := offerIndexer(f.pool, ix)(ctx); err != nil {
			t.Fatal(err)
		}
	}
	f.eng.Tools.Search = ix
	return f
}

// activeIDs returns the ids of the active offers of a product type in a region, cheapest first.
func activeIDs(t *testing.T, f *fixture, pt offers.ProductType, region string) []offers.Offer {
	t.Helper()
	list, err := f.eng.Tools.activeOffers(context.Background(), pt, region)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// runSearch runs search_offers as a model would call it and returns its label, its result and
// its summary.
func runSearch(t *testing.T, f *fixture, args map[string]any) (string, searchResult, string) {
	t.Helper()
	b, _ := json.Marshal(args)
	p := f.eng.Tools.start(context.Background(), f.userID, ToolCall{ID: "t1", Name: ToolSearchOffers, Arguments: string(b)})
	r := p.Run(context.Background())
	if r.Err != nil {
		t.Fatalf("search_offers(%s): %v", b, r.Err)
	}
	var res searchResult
	if err := json.Unmarshal(r.JSON, &res); err != nil {
		t.Fatalf("search_offers(%s) = %s: %v", b, r.JSON, err)
	}
	return p.Label, res, r.Summary
}

func ids(os []offerSummary) []int64 {
	var out []int64
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

const solarPhrase = "Includes a free home charger for solar-powered electric vehicles."

// putPhrase appends solarPhrase to the description of the dearest active offer of pt in region
// (so cheapest-first would list it last) and returns that offer.
func putPhrase(t *testing.T, ctx context.Context, f *fixture, pt offers.ProductType, region string) offers.Offer {
	t.Helper()
	list := activeIDs(t, f, pt, region)
	if len(list) < 3 {
		t.Fatalf("the demo catalogue has %d active %s offers in %s; the test needs several", len(list), pt, region)
	}
	summaries := make([]offerSummary, len(list))
	for i, o := range list {
		summaries[i] = summarizeOffer(o, pt, nil, 0)
	}
	sortOffers(summaries, pt.IsLoan())
	target := summaries[len(summaries)-1].ID
	if _, err := f.pool.Exec(ctx, `UPDATE offers SET description = description || ' ' || $2 WHERE id = $1`, target, solarPhrase); err != nil {
		t.Fatal(err)
	}
	o, err := offers.NewStore(f.pool).Offer(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestSearchOffersRanksByTheQueryText: words that appear in one offer's description bring that
// offer first, even though it is the dearest, and only offers of the asked product type in the
// user's region (so in one currency) come back; the same words in another region's or another
// product's offer do not leak in.
func TestSearchOffersRanksByTheQueryText(t *testing.T) {
	t.Parallel()
	var usCar, gbCar, usPersonal offers.Offer
	f := searchFixture(t, func(ctx context.Context, f *fixture) {
		usCar = putPhrase(t, ctx, f, offers.AutoLoan, "US")
		gbCar = putPhrase(t, ctx, f, offers.AutoLoan, "GB")
		usPersonal = putPhrase(t, ctx, f, offers.PersonalLoan, "US")
	})
	usCars := activeIDs(t, f, offers.AutoLoan, "US")

	label, res, summary := runSearch(t, f, map[string]any{"product_type": "auto_loan", "query": "solar electric vehicles"})
	if len(res.Offers) == 0 || res.Offers[0].ID != usCar.ID {
		t.Fatalf("offers %v, want %d (%s, the one whose description has the words) first", ids(res.Offers), usCar.ID, usCar.Name)
	}
	for _, o := range res.Offers {
		if o.ProductType != "auto_loan" || o.Currency != "USD" || o.ID == gbCar.ID || o.ID == usPersonal.ID {
			t.Errorf("offer %d %s %s %s for a US car-loan search", o.ID, o.Name, o.ProductType, o.Currency)
		}
	}
	if res.Matched == nil || *res.Matched < 1 || *res.Matched > len(usCars) || res.Note != "" {
		t.Errorf("matched %v, note %q; want between 1 and %d matches and no note", res.Matched, res.Note, len(usCars))
	}
	if want := "Searching " + offerWords(len(usCars), offers.AutoLoan) + " for “solar electric vehicles”…"; label != want {
		t.Errorf("label %q, want %q", label, want)
	}
	if want := "Found " + plural(*res.Matched, "matching offer", "matching offers"); summary != want {
		t.Errorf("summary %q, want %q", summary, want)
	}

	// A user who saved a GB region gets the GB offer first, in pounds only.
	f.eng.Tools.Profile = func(context.Context, int64) (*offers.Profile, string, error) { return nil, "GB", nil }
	_, res, _ = runSearch(t, f, map[string]any{"product_type": "auto_loan", "query": "solar electric vehicles"})
	if len(res.Offers) == 0 || res.Offers[0].ID != gbCar.ID {
		t.Fatalf("GB user: offers %v, want %d first", ids(res.Offers), gbCar.ID)
	}
	for _, o := range res.Offers {
		if o.Currency != "GBP" || o.ProductType != "auto_loan" {
			t.Errorf("GB user: offer %d in %s, %s", o.ID, o.Currency, o.ProductType)
		}
	}

	// The other product type finds its own offer.
	f.eng.Tools.Profile = nil
	_, res, _ = runSearch(t, f, map[string]any{"product_type": "personal_loan", "query": "solar electric vehicles"})
	if len(res.Offers) == 0 || res.Offers[0].ID != usPersonal.ID {
		t.Fatalf("personal loans: offers %v, want %d first", ids(res.Offers), usPersonal.ID)
	}
}

// TestSearchOffersFiguresComeFromTheCatalogue: a text search changes which offers come back and
// in what order, never a figure: each one is what offers computes for the stored offer.
func TestSearchOffersFiguresComeFromTheCatalogue(t *testing.T) {
	t.Parallel()
	f := searchFixture(t, func(ctx context.Context, f *fixture) { putPhrase(t, ctx, f, offers.AutoLoan, "US") })
	store := offers.NewStore(f.pool)
	amount := decimal.RequireFromString("12000.00")
	_, res, _ := runSearch(t, f, map[string]any{"product_type": "auto_loan", "query": "solar electric vehicles", "amount": "12000.00", "term_months": 60, "limit": 10})
	if len(res.Offers) < 2 {
		t.Fatalf("%d offers, want several", len(res.Offers))
	}
	for _, got := range res.Offers {
		o, err := store.Offer(context.Background(), got.ID)
		if err != nil {
			t.Fatal(err)
		}
		rep := o.RepresentativeAPR()
		lo, hi := o.APRRange()
		if got.RepresentativeAPR == nil || !got.RepresentativeAPR.Equal(rep.Decimal) || !got.APRMin.Equal(lo.Decimal) || !got.APRMax.Equal(hi.Decimal) {
			t.Errorf("offer %d: APR %v (%v–%v), want %s (%s–%s)", o.ID, got.RepresentativeAPR, got.APRMin, got.APRMax, rep, lo, hi)
		}
		if !got.OriginationFeePct.Equal(o.OriginationFeePct.Decimal) || got.RepresentativeExample != offers.RepresentativeExample(o) {
			t.Errorf("offer %d: fee %v, example %q; want %s, %q", o.ID, got.OriginationFeePct, got.RepresentativeExample, o.OriginationFeePct, offers.RepresentativeExample(o))
		}
		term := o.TermsMonths[len(o.TermsMonths)-1]
		if slices.Contains(o.TermsMonths, 60) {
			term = 60
		}
		// The quote is the offer's schedule, as offers works it out: the total is what the
		// cent-rounded schedule pays, not the rounded payment times the term.
		q, err := o.Quote(amount, term)
		if err != nil {
			t.Fatal(err)
		}
		if fa := got.ForAmount; fa == nil || fa.TermMonths != term || fa.MonthlyPayment.String() != q.MonthlyPayment.String() ||
			fa.TotalPaid.String() != q.TotalPaid.String() || fa.Fee.String() != q.Fee.String() || fa.TotalPayable.String() != q.TotalPayable.String() ||
			fa.APR.String() != q.APR.String() {
			t.Errorf("offer %d: for amount %+v, want %+v", o.ID, got.ForAmount, q)
		}
		if (o.AmountMin.IsPositive() && amount.LessThan(o.AmountMin.Decimal)) || (o.AmountMax.IsPositive() && amount.GreaterThan(o.AmountMax.Decimal)) {
			t.Errorf("offer %d lends %s–%s, not the %s asked", o.ID, o.AmountMin, o.AmountMax, amount)
		}
	}
}

// TestSearchOffersWithNoMatchSaysSo: a query no offer shares a word with lists the cheapest
// offers, as a search without query does, and says that none matched — in the result the model
// reads, in the summary the user sees, and in the planner's answer.
func TestSearchOffersWithNoMatchSaysSo(t *testing.T) {
	t.Parallel()
	f := searchFixture(t, nil)
	_, plain, _ := runSearch(t, f, map[string]any{"product_type": "auto_loan"})
	_, res, summary := runSearch(t, f, map[string]any{"product_type": "auto_loan", "query": "crypto staking rewards"})
	if res.Matched == nil || *res.Matched != 0 || !strings.Contains(res.Note, "No active car loan offer matched “crypto staking rewards”") {
		t.Errorf("matched %v, note %q; want 0 and a note that nothing matched", res.Matched, res.Note)
	}
	if !slices.Equal(ids(res.Offers), ids(plain.Offers)) || len(plain.Offers) == 0 {
		t.Errorf("offers %v, want the cheapest-first listing %v", ids(res.Offers), ids(plain.Offers))
	}
	if plain.Matched != nil || plain.Note != "" {
		t.Errorf("a search without query: matched %v, note %q; want neither", plain.Matched, plain.Note)
	}
	if want := "No car loan offer matched “crypto staking rewards”; listed the cheapest instead"; summary != want {
		t.Errorf("summary %q, want %q", summary, want)
	}

	ans := onlyReply(t, f.say(t, "do you have car loans for crypto staking?"))
	if !strings.Contains(ans.Text, "None of our partners' car loan offers mentions “crypto staking”, so here are the cheapest ones instead") {
		t.Errorf("answer %q, want it to say that no offer matched", ans.Text)
	}
	if len(ans.Flags) != 0 {
		t.Errorf("flags %v: %s", ans.Flags, ans.Text)
	}
}

// TestSearchOffersWithoutAnIndexSaysSo: with no search index the query cannot be searched; the
// listing is the cheapest-first one, and neither the label nor the answer presents it as matches.
func TestSearchOffersWithoutAnIndexSaysSo(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil) // the index is there, but the tools are given none
	_, plain, _ := runSearch(t, f, map[string]any{"product_type": "auto_loan"})
	label, res, summary := runSearch(t, f, map[string]any{"product_type": "auto_loan", "query": "used"})
	if res.Matched != nil || !strings.Contains(res.Note, "unavailable") || !slices.Equal(ids(res.Offers), ids(plain.Offers)) {
		t.Errorf("matched %v, note %q, offers %v; want no count, a note, and the listing %v", res.Matched, res.Note, ids(res.Offers), ids(plain.Offers))
	}
	if strings.Contains(label, "used") || strings.Contains(summary, "match") {
		t.Errorf("label %q, summary %q; want neither to claim a text search", label, summary)
	}
	ans := onlyReply(t, f.say(t, "do you have used car loans?"))
	if !strings.Contains(ans.Text, "I couldn't search the offers' descriptions for “used” just now, so here are the cheapest car loan offers instead") {
		t.Errorf("answer %q, want it to say the text was not searched", ans.Text)
	}
}

// TestPlannerSearchesOffersByWhatTheUserAsks: the planner sends the words of a request that are
// about the offer itself, and its answer lists the offers that have them, with the tool events
// telling what happened.
func TestPlannerSearchesOffersByWhatTheUserAsks(t *testing.T) {
	t.Parallel()
	f := searchFixture(t, nil)
	usCars := activeIDs(t, f, offers.AutoLoan, "US")
	var used int
	for _, o := range usCars {
		if strings.Contains(o.Name, "Used") {
			used++
		}
	}
	if used == 0 || used == len(usCars) {
		t.Fatalf("the demo catalogue has %d used-car loans of %d; the test needs some of each", used, len(usCars))
	}
	ans := onlyReply(t, f.say(t, "do you have used car loans?"))
	if got := toolNames(t, f, ans); !slices.Equal(got, []string{ToolSearchOffers}) {
		t.Fatalf("tools %v, want search_offers", got)
	}
	started := toolEvents(t, f, EventToolStarted)[ToolSearchOffers]
	if want := "Searching " + offerWords(len(usCars), offers.AutoLoan) + " for “used”…"; started["label"] != want {
		t.Errorf("label %q, want %q", started["label"], want)
	}
	done := toolEvents(t, f, EventToolCompleted)[ToolSearchOffers]
	if want := "Found " + plural(used, "matching offer", "matching offers"); done["summary"] != want {
		t.Errorf("summary %q, want %q", done["summary"], want)
	}
	if !strings.Contains(ans.Text, "car loan offers that best match “used”") {
		t.Errorf("answer %q, want it to present matches for “used”", ans.Text)
	}
	// The answer names the first three offers; all are used-car loans.
	named := 0
	for _, o := range usCars {
		if strings.Contains(ans.Text, o.Name+" from") {
			named++
			if !strings.Contains(o.Name, "Used") {
				t.Errorf("answer names %q for used car loans: %s", o.Name, ans.Text)
			}
		}
	}
	if named == 0 {
		t.Errorf("answer names no offer: %s", ans.Text)
	}
	if len(ans.Flags) != 0 {
		t.Errorf("flags %v: %s", ans.Flags, ans.Text)
	}
}

func TestOfferQuery(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"do you have used car loans?", "used"},
		{"Which personal loans have no origination fee?", "no origination fee"},
		{"I need $20,000 for an electric car", "electric"},
		{"pay monthly travel cover", "monthly"},
		{"is there cheaper car insurance?", ""},
		{"I'm looking for a personal loan", ""}, // it searched the offers' text for "i'm"
		{"what's the best car loan you've got", ""},
		{"I want to borrow 8000 over 36 months", ""},
		{"can I get a loan for 10k to buy a car", ""},
		{"find me the best mortgage at 5% for 30 years", ""},
		// Places, periods and words of asking are the planner's, never the person's query.
		{"What balance transfer cards do you have in the UK?", ""},
		{"and home insurance, I pay 1400 a year for my house in Texas", ""},
		{"compare my car loan", ""},
		// What it costs is the listing's order, not a word to look for in the offers' text.
		{"what would my payment be on a 10k personal loan over 3 years?", ""},
		{"what's the total cost of a 5000 loan?", ""},
		{"I'm thinking about getting a new car, around 25k", "new"}, // it looked for "thinking new around"
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := OfferQuery(tt.text); got != tt.want {
				t.Errorf("OfferQuery(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTwoTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		a, b int
	}{
		{"is it better to take 48 or 60 months?", 48, 60},
		{"3 or 5 years?", 36, 60},
		{"¿36 o 48 meses?", 36, 48},
		{"36 months vs 48 months", 36, 48},
		{"sur 24 ou 36 mois ?", 24, 36},
		{"I have 2 or 3 questions", 0, 0},
		{"48 or 48 months", 0, 0},
	}
	for _, tt := range tests {
		a, b, ok := twoTerms(tt.text)
		if a != tt.a || b != tt.b || ok != (tt.a > 0) {
			t.Errorf("twoTerms(%q) = %d, %d, %v; want %d, %d", tt.text, a, b, ok, tt.a, tt.b)
		}
	}
}

// "Is it better to take 48 or 60 months?" after a search priced an amount is that amount
// with the offer shown first over each term (it was read as a loan of the person's to compare
// and asked for its balance); a term the offer does not lend over is said, not quoted.
func TestChoosingBetweenTwoTermsAfterASearch(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	onlyReply(t, f.say(t, "I need a 10k personal loan"))
	ans := onlyReply(t, f.say(t, "is it better to take 3 or 5 years?"))
	for _, want := range []string{"With Harborline Bank — Harborline Personal Loan Flex, borrowing $10,000.00:",
		"• Over 36 months: about $328.62 a month, $11,929.29 in total, fees included.",
		"• It doesn't lend over 60 months; the nearest it does is 48."} {
		if !strings.Contains(ans.Text, want) || len(ans.Flags) != 0 {
			t.Errorf("answer %q (flags %v) has no %q", ans.Text, ans.Flags, want)
		}
	}
	g := newFixtureOn(t, demoPool(t), nil)
	onlyReply(t, g.say(t, "I'm thinking about getting a new car, around 25k"))
	ans = onlyReply(t, g.say(t, "is it better to take 48 or 60 months?"))
	for _, want := range []string{"• Over 48 months: about $607.63 a month, $29,265.09 in total, fees included.",
		"• Over 60 months: about $504.16 a month, $30,348.80 in total, fees included.", "The longer term costs less each month and more in all."} {
		if !strings.Contains(ans.Text, want) || len(ans.Flags) != 0 {
			t.Errorf("answer %q (flags %v) has no %q", ans.Text, ans.Flags, want)
		}
	}
}
