package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"ratewise/offers"
	"ratewise/offers/offerstest"
)

// inRegion makes the fixture's user live in region, as a saved profile with only a region would.
func inRegion(f *fixture, region string) {
	f.eng.Tools.Profile = func(context.Context, int64) (*offers.Profile, string, error) { return nil, region, nil }
}

// cardOf decodes an answer's card.
func cardOf(t *testing.T, raw json.RawMessage) offers.Card {
	t.Helper()
	var c offers.Card
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// The total a search quotes for an amount is the offer's schedule, worked out by offers: 5,000
// at 7.25 % over 60 months pays 5,975.71 in total, not the rounded payment × 60 = 5,976.00;
// with the offer's fee of 50.00 the answer says 6,025.71, fees included (it said 5,975.71 "in
// total", and "fees included" when asked for the total: the fee was left out).
func TestSearchQuotesTheSchedulesTotal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	_, res, _ := runSearch(t, f, map[string]any{"product_type": "auto_loan", "amount": "5000.00", "term_months": 60})
	var quoted *amountQuote
	for _, o := range res.Offers {
		if o.Name == "Road Saver Auto Loan" {
			quoted = o.ForAmount
		}
	}
	if quoted == nil {
		t.Fatalf("no quote for Road Saver Auto Loan in %+v", res.Offers)
	}
	if quoted.MonthlyPayment.String() != "99.60" || quoted.TotalPaid.String() != "5975.71" || quoted.TermMonths != 60 ||
		quoted.Fee.String() != "50.00" || quoted.TotalPayable.String() != "6025.71" {
		t.Errorf("quote %+v, want 99.60 a month and 5975.71 in total over 60 months, 6025.71 with the fee of 50.00", quoted)
	}
	raw, _ := json.Marshal(res)
	if text := composeSearch(raw, "en").text; !strings.Contains(text, "$6,025.71 in total, fees included") {
		t.Errorf("answer does not state the schedule's total, fees included, with its currency: %s", text)
	}
}

// A holding is written in its currency: the user's region's, as comparisons are (a UK loan
// was "$15,000.00").
func TestHoldingsAreWrittenInTheirCurrency(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	inRegion(f, "GB")
	store := offers.NewStore(f.pool)
	for _, h := range []offers.Holding{
		{Kind: offers.KindLoan, ProductType: offers.PersonalLoan, Provider: "Albion", Balance: offers.MustMoney("15000"), APR: offers.MustPercent("9.9"), RemainingMonths: 48},
		{Kind: offers.KindLoan, ProductType: offers.CreditCard, Provider: "Thistle", Balance: offers.MustMoney("3000"), APR: offers.MustPercent("24.9")},
	} {
		if _, err := store.CreateHolding(context.Background(), f.userID, h); err != nil {
			t.Fatal(err)
		}
	}
	ans := onlyReply(t, f.say(t, "what loans do I have?"))
	for _, want := range []string{"personal loan with Albion, £15,000.00 at 9.90% with 48 months left", "credit card with Thistle, £3,000.00 at 24.90%"} {
		if !strings.Contains(ans.Text, want) {
			t.Errorf("answer lacks %q: %s", want, ans.Text)
		}
	}
	if strings.Contains(ans.Text, "$") || strings.Contains(ans.Text, "0 months left") {
		t.Errorf("answer writes a UK holding in dollars, or a card's months left: %s", ans.Text)
	}
}

// A balance transfer is described as what it is, and a card is never asked for months left.
func TestBalanceTransferAnswer(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	inRegion(f, "GB")
	ans := onlyReply(t, f.say(t, "my credit card is £3,000 at 24.9% and I pay £92.25 a month"))
	if got := toolNames(t, f, ans); strings.Join(got, ",") != ToolCompare {
		t.Fatalf("tools %v, want compare without asking for months left: %s", got, ans.Text)
	}
	if len(ans.Cards) == 0 {
		t.Fatalf("no cards: %s", ans.Text)
	}
	var best offers.Card
	for _, raw := range ans.Cards {
		if c := cardOf(t, raw); c.Eligible && c.NetSaving.IsPositive() {
			best = c
			break
		}
	}
	bt := best.BalanceTransfer
	if bt == nil {
		t.Fatalf("the best card has no balance_transfer: %+v", best)
	}
	f2 := figures{"GBP", "en-GB"}
	for _, want := range []string{
		"£3,000.00 at 24.90% costs you £92.25 a month, the payment you gave",
		fmt.Sprintf("for %d months on the balance you move, then %s", bt.PromoMonths, f2.pct(bt.RevertRate.String())),
		"balance transfer fee of " + f2.money(bt.TransferFee.String()),
		fmt.Sprintf("Paying the same £92.25 a month, the balance is cleared in %d months instead of %d", bt.MonthsToClear, bt.CurrentMonthsToClear),
		f2.money(best.NetSaving.String()) + " less in total",
	} {
		if !strings.Contains(ans.Text, want) {
			t.Errorf("answer lacks %q: %s", want, ans.Text)
		}
	}
	if bt.RevertRate.GreaterThan(offers.MustPercent("24.9").Decimal) && !strings.Contains(ans.Text, "the saving comes from the") {
		t.Errorf("the rate after the promotion is above the card's, and the answer does not say the promotion is the point: %s", ans.Text)
	}
	for _, bad := range []string{"months left", "less than now"} {
		if strings.Contains(ans.Text, bad) {
			t.Errorf("answer says %q: %s", bad, ans.Text)
		}
	}
	if !strings.Contains(strings.Join(best.Notes, " "), "paying £92.25 a month") {
		t.Errorf("the card's assumption note %q lacks the payment with its currency", best.Notes)
	}
}

// A payment the user states is used as stated when it repays the loan, and the same loan saved
// gives the same figures in the next turn; a payment that cannot repay it is replaced by the
// schedule's, and the answer says so.
func TestStatedPaymentStands(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	inline := onlyReply(t, f.say(t, "my car loan is $20,000 at 9.9% with 48 months left, paying $510 a month"))
	if !strings.Contains(inline.Text, "costs $510.00 a month, the payment you gave") {
		t.Errorf("the stated payment is not used as stated: %s", inline.Text)
	}
	pay := offers.MustMoney("510")
	if _, err := offers.NewStore(f.pool).CreateHolding(context.Background(), f.userID, offers.Holding{Kind: offers.KindLoan, ProductType: offers.AutoLoan,
		Provider: "Bank", Balance: offers.MustMoney("20000"), APR: offers.MustPercent("9.9"), RemainingMonths: 48, MonthlyPayment: &pay}); err != nil {
		t.Fatal(err)
	}
	saved := onlyReply(t, f.say(t, "can I get a cheaper car loan?"))
	a, b := cardOf(t, inline.Cards[0]), cardOf(t, saved.Cards[0])
	if a.OfferID != b.OfferID || a.NetSaving.String() != b.NetSaving.String() || a.MonthlySaving.String() != b.MonthlySaving.String() {
		t.Errorf("the same loan: offer %d saves %s in one turn, offer %d saves %s in the next", a.OfferID, a.NetSaving, b.OfferID, b.NetSaving)
	}
	if !strings.Contains(saved.Text, "costs $510.00 a month, the payment you gave") {
		t.Errorf("second turn: %s", saved.Text)
	}

	bad := onlyReply(t, f.say(t, "my car loan is $20,000 at 9.9% with 48 months left, paying $150 a month"))
	if !strings.Contains(bad.Text, "You said you pay $150.00 a month, but that does not repay $20,000.00 at 9.90% in 48 months, so I used the scheduled payment of $506.29 instead") {
		t.Errorf("an impossible payment is not explained: %s", bad.Text)
	}
	none := onlyReply(t, f.say(t, "my car loan is $20,000 at 9.9% with 48 months left"))
	if !strings.Contains(none.Text, "$506.29 a month (the scheduled payment for that balance, rate and term") {
		t.Errorf("without a payment the answer does not say what it assumed: %s", none.Text)
	}
}

// A payment above the schedule is the consumer paying their loan off faster: the offers are
// costed at it too, so a cheaper rate saves money instead of seeming to cost more than the
// loan it would replace (every offer "would not save you money" before).
func TestLargerPaymentComparedLikeForLike(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	ans := onlyReply(t, f.say(t, "my car loan is 20000 at 9% with 48 months left, I pay 600 a month"))
	if strings.Contains(ans.Text, "would save you money") {
		t.Fatalf("no offer saves money on a 9%% car loan repaid at $600 a month: %s", ans.Text)
	}
	c := cardOf(t, ans.Cards[0])
	if c.MonthlyPayment.String() != "600.00" || !c.NetSaving.IsPositive() || c.MonthsToClear >= 39 || c.CurrentMonthsToClear != 39 {
		t.Errorf("best card: %s a month, cleared in %d months against %d, saving %s; want $600.00, fewer than the 39 months now, a saving", c.MonthlyPayment, c.MonthsToClear, c.CurrentMonthsToClear, c.NetSaving)
	}
	want := fmt.Sprintf("You would pay about $600.00 a month (the same as now), clear it in %d months instead of 39, and save %s in total", c.MonthsToClear, offers.FormatMoney(c.NetSaving.Decimal, "USD", "en-US"))
	if !strings.Contains(ans.Text, want) {
		t.Errorf("answer lacks %q: %s", want, ans.Text)
	}
}

// Without a credit score the answer gives the representative rate as such, the range, what
// decides eligibility, and asks for the score; with one, the consumer's own band.
func TestAnswerUsesTheConsumersOwnRate(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	ans := onlyReply(t, f.say(t, "my car loan is $15,000 at 9.9% with 48 months left"))
	c := cardOf(t, ans.Cards[0])
	if c.RateBasis != offers.RateBasisRepresentative || c.APRMin == nil || c.Eligibility == offers.EligibilityEligible {
		t.Fatalf("no profile: card rate basis %q, APR range %v, eligibility %q", c.RateBasis, c.APRMin, c.Eligibility)
	}
	want := fmt.Sprintf("the rate you get depends on your credit, from %s to %s APR", offers.FormatPercent(c.APRMin.Decimal, "en-US"), offers.FormatPercent(c.APRMax.Decimal, "en-US"))
	for _, w := range []string{want, "these figures assume the representative rate", ScoreQuestion, "What decides whether you qualify: "} {
		if !strings.Contains(ans.Text, w) {
			t.Errorf("no-profile answer lacks %q: %s", w, ans.Text)
		}
	}
	if strings.Contains(strings.ToLower(ans.Text), "you look eligible") {
		t.Errorf("no-profile answer says the user looks eligible: %s", ans.Text)
	}

	scored := onlyReply(t, f.say(t, "my credit score is 650 and my car loan is $15,000 at 15.9% with 48 months left"))
	var own offers.Card
	for _, raw := range scored.Cards {
		if own = cardOf(t, raw); own.RateBasis == offers.RateBasisCreditScore {
			break
		}
	}
	if own.RateBasis != offers.RateBasisCreditScore {
		t.Fatalf("score 650: no card is on the score's band")
	}
	if strings.Contains(scored.Text, ScoreQuestion) || !strings.Contains(scored.Text, "for a credit score of 650") {
		t.Errorf("score 650: the answer asks for the score again or does not say it used it: %s", scored.Text)
	}
	if len(scored.Flags) != 0 {
		t.Errorf("score 650: flags %v: %s", scored.Flags, scored.Text)
	}
}

// An insurance answer is about premium and cover, never an APR.
func TestInsuranceAnswer(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	prem, cover, ded := offers.MustMoney("2400"), offers.MustMoney("250000"), offers.MustMoney("500")
	if _, err := offers.NewStore(f.pool).CreateHolding(context.Background(), f.userID, offers.Holding{Kind: offers.KindInsurance, ProductType: offers.HomeInsurance,
		Provider: "Old Insurer", Premium: &prem, PremiumFrequency: offers.Annual, CoverageLimit: &cover, Deductible: &ded}); err != nil {
		t.Fatal(err)
	}
	ans := onlyReply(t, f.say(t, "is my home insurance too expensive?"))
	if len(ans.Cards) == 0 {
		t.Fatalf("no cards: %s", ans.Text)
	}
	c := cardOf(t, ans.Cards[0])
	if c.CoverNote == "" || c.AnnualPremium == nil || c.Rate != nil || c.FeeLabel != "" {
		t.Errorf("insurance card %+v", c)
	}
	for _, w := range []string{"Your home insurance costs $2,400.00 a year", "saving you $", "Covers up to $"} {
		if !strings.Contains(ans.Text, w) {
			t.Errorf("answer lacks %q: %s", w, ans.Text)
		}
	}
	if strings.Contains(ans.Text, "APR") {
		t.Errorf("an insurance answer mentions an APR: %s", ans.Text)
	}
}

// Property: over many generated holdings and questions, in the US and the UK, every amount
// the planner writes — in its answer and on every card — carries its currency, and every
// answer is grounded.
func TestEveryFigureCarriesItsCurrency(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	store := offers.NewStore(f.pool)
	r := rand.New(rand.NewPCG(14, 2026))
	products := []offers.ProductType{offers.PersonalLoan, offers.AutoLoan, offers.Mortgage, offers.StudentLoan, offers.CreditCard,
		offers.AutoInsurance, offers.HomeInsurance, offers.RentersInsurance}
	answers := 0
	check := func(where, text string) {
		t.Helper()
		if bare := offerstest.BareAmounts(text); len(bare) > 0 {
			t.Errorf("%s: amounts without a currency %q in %q", where, bare, text)
		}
	}
	for k := 0; k < 24; k++ {
		region, sym := "US", "$"
		if k%2 == 1 {
			region, sym = "GB", "£"
		}
		inRegion(f, region)
		// A conversation per holding: answers that find no saving count as unhelpful, and
		// enough of them in one conversation hand it to a person.
		conv, err := f.eng.Store.CreateConversation(context.Background(), f.userID)
		if err != nil {
			t.Fatal(err)
		}
		f.conv = conv
		pt := products[k%len(products)]
		what := pt.Label("en")
		balance := 2000 + r.IntN(40000)
		if pt == offers.Mortgage {
			balance *= 8
		}
		apr := fmt.Sprintf("%d.%d", 8+r.IntN(20), r.IntN(10))
		months := 12 + r.IntN(60)
		var questions []string
		switch {
		case pt.IsInsurance():
			prem := offers.NewMoney(offers.MustMoney(fmt.Sprint(40 + r.IntN(200))).Decimal)
			cover, ded := offers.MustMoney(fmt.Sprint(50000+1000*r.IntN(300))), offers.MustMoney(fmt.Sprint(250*(1+r.IntN(8))))
			if _, err := store.CreateHolding(context.Background(), f.userID, offers.Holding{Kind: offers.KindInsurance, ProductType: pt,
				Provider: "Insurer", Premium: &prem, PremiumFrequency: offers.Monthly, CoverageLimit: &cover, Deductible: &ded}); err != nil {
				t.Fatal(err)
			}
			questions = []string{"is my " + what + " too expensive?", "what policies do I have?"}
		case pt == offers.CreditCard:
			questions = []string{fmt.Sprintf("my credit card is %s%d at %s%%", sym, balance/10, apr),
				fmt.Sprintf("my credit card is %s%d at %s%% and I pay %s%d a month", sym, balance/10, apr, sym, 30+r.IntN(300))}
		default:
			questions = []string{fmt.Sprintf("my %s is %s%d at %s%% with %d months left", what, sym, balance, apr, months),
				fmt.Sprintf("my credit score is %d and my %s is %s%d at %s%% with %d months left, paying %s%d a month", 560+r.IntN(280), what, sym, balance, apr, months, sym, balance/months+r.IntN(200)),
				fmt.Sprintf("I need %s%d for a %s over %d months", sym, balance, what, 36)}
		}
		for _, q := range questions {
			replies := f.say(t, q)
			if len(replies) == 0 {
				conv, _ := f.eng.Store.Conversation(context.Background(), f.userID, f.conv.ID)
				t.Fatalf("%q: no answer (conversation %+v)", q, conv)
			}
			for _, ans := range replies {
				answers++
				where := fmt.Sprintf("%s (%s)", q, region)
				check(where, ans.Text)
				if len(ans.Flags) != 0 {
					t.Errorf("%s: flags %v: %s", where, ans.Flags, ans.Text)
				}
				for _, raw := range ans.Cards {
					c := cardOf(t, raw)
					texts := append([]string{c.Title, c.RepresentativeExample, c.FeeSummary, c.CoverNote}, c.Reasons...)
					for _, s := range append(append(texts, c.Notes...), c.Conditions...) {
						check(where+", card "+c.Title, s)
					}
				}
			}
		}
	}
	if answers < 50 {
		t.Errorf("only %d answers checked", answers)
	}
}

// The short answer of the other languages says the same: a loan repaid faster than its
// schedule is cleared sooner with the offer, at the same payment.
func TestLargerPaymentInTheOtherLanguages(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	ans := onlyReply(t, f.say(t, "mi préstamo de coche es de 20000 al 9% con 48 meses restantes, pago 600 al mes"))
	if !regexp.MustCompile(`\nPagando los mismos 600,00.US\$ al mes, se salda en 3[0-8] meses en vez de 39\.\n`).MatchString(ans.Text) || len(ans.Flags) != 0 {
		t.Errorf("the Spanish answer does not say the months (flags %v): %s", ans.Flags, ans.Text)
	}
}

// Offers a search priced for an amount are listed by their APR for it, which counts the fee
// and when it is paid, and each total says the fee is in it: with the demo catalogue, 10,000
// over 36 months costs 11,931.34 with Summit (no fee) and 11,830.29 + 99.00 = 11,929.29 with
// Harborline's Flex at 11.95 %, whose fee, paid at the start, makes its APR the higher.
// "Which would you pick?" names the one that costs least in all, and two rate bands of one
// product are told apart by their APR.
func TestSearchForAnAmountIsRankedAndTotalledWithFees(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	ans := onlyReply(t, f.say(t, "I need a 10k personal loan over 3 years"))
	for _, want := range []string{"$11,931.34 in total, fees included", "$11,929.29 in total, fees included"} {
		if !strings.Contains(ans.Text, want) {
			t.Errorf("the search's answer has no %q: %s", want, ans.Text)
		}
	}
	steps := []exchange{
		{"which one would you pick?", "Of the offers I showed, borrowing $10,000.00 over 36 months costs least in all with Harborline Bank — Harborline Personal Loan Flex (11.95% APR): $11,929.29, fees included"},
		{"which ones have no fees?", "With no fee to take out: Summit Ridge Credit Union — Summit Personal Loan Plus; Harborline Bank — Harborline Personal Loan Flex (12.85% APR)."},
		{"what would the second one cost in total?", "With Harborline Bank — Harborline Personal Loan Flex, borrowing $10,000.00 over 36 months would cost about $11,929.29 in total, fees included ($328.62 a month)"},
	}
	for _, s := range steps {
		if ans := onlyReply(t, f.say(t, s.say)); !strings.Contains(ans.Text, s.want) {
			t.Errorf("%s answered %q, want %q", s.say, ans.Text, s.want)
		}
	}
}

// A bad what_if_payment or extra_payment is a tool error naming its argument ("field"), so
// the model (and the planner) can tell which figure was wrong; nothing is compared.
func TestCompareRefusesABadPaymentNamingIt(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	holding := map[string]any{"product_type": "auto_loan", "balance": "20000.00", "apr": "9.00", "remaining_months": 48, "monthly_payment": "600.00"}
	for _, tt := range []struct{ field, value string }{
		{"what_if_payment", "abc"}, {"what_if_payment", "-50"}, {"what_if_payment", "0"}, {"what_if_payment", "550.005"},
		{"what_if_payment", "400.00"}, // does not repay 20,000 at 9 % in 48 months
		{"what_if_payment", "1e400"}, {"extra_payment", "lots"}, {"extra_payment", "-1"},
	} {
		b, _ := json.Marshal(map[string]any{"holding": holding, tt.field: tt.value})
		r := f.eng.Tools.start(context.Background(), f.userID, ToolCall{ID: "c1", Name: ToolCompare, Arguments: string(b)}).Run(context.Background())
		if r.Err == nil || toolErrorField(r.JSON) != tt.field {
			t.Errorf("%s %q: %s (err %v), want an error on %s", tt.field, tt.value, r.JSON, r.Err, tt.field)
		}
	}
}
