package offers

import (
	"strings"
	"testing"
)

// A month's card interest rounds an exact half cent up, as the schedules do: 600.00 at
// 19.99 % is 9.995 a month, so 10.00 (it was 9.99: the rate was rounded to 30 digits first).
func TestCardInterestRoundsAnExactHalfCentUp(t *testing.T) {
	t.Parallel()
	if got := monthInterest(MustMoney("600").Decimal, MustPercent("19.99").Decimal); got.String() != "10" {
		t.Errorf("interest on 600.00 at 19.99%%: %s, want 10.00", got)
	}
	h := Holding{Kind: KindLoan, ProductType: CreditCard, Balance: MustMoney("600"), APR: MustPercent("19.99"), MonthlyPayment: mp("50")}
	o := Offer{ID: 1, ProductType: CreditCard, Currency: "USD", Regions: []string{"US"}, Rate: MustPercent("19.99"), PromoMonths: 6}
	opt := Compare(h, []Offer{o}, nil, CompareOptions{}).Options[0]
	// The card's first month costs 10.00 in interest, the transfer's 0.00.
	if opt.MonthlySaving.String() != "10.00" {
		t.Errorf("first month's saving %s, want 10.00", opt.MonthlySaving)
	}
	rows := Schedule(MustMoney("600").Decimal, MustPercent("19.99").Decimal, 12)
	if rows[0].Interest.StringFixed(2) != "10.00" {
		t.Errorf("the schedule's first interest %s, want 10.00 (the rule this follows)", rows[0].Interest)
	}
}

// bandedOffer lends at 7.77 % to scores of 700 and more, 11.68 % to 640–699 and 12.10 % below.
func bandedOffer() Offer {
	o := loanOffer(9, "7.77", "0", 36, 48, 60)
	o.ProductType, o.Name, o.PartnerName = AutoLoan, "New Auto Loan", "Keystone"
	o.OriginationFeeFlat = MustMoney("99")
	o.RateMax = MustPercent("12.10")
	o.RateBands = []RateBand{{MinScore: 700, Rate: MustPercent("7.77")}, {MinScore: 640, Rate: MustPercent("11.68")}}
	o.MinCreditScore = 600
	o.MinIncome = MustMoney("24000")
	return o
}

// A card shows the consumer's own rate: the band of their score when it is known, else the
// representative rate said to be one, with the range; "eligible" only when the profile
// supports it, else what would decide it.
func TestCardShowsTheConsumersOwnRate(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: AutoLoan, Balance: MustMoney("18000"), APR: MustPercent("11.9"), RemainingMonths: 48}
	o := bandedOffer()
	card := func(p *Profile) Card {
		cmp := Compare(h, []Offer{o}, p, CompareOptions{})
		return NewCards(cmp, 0)[0]
	}

	none := card(nil)
	if none.RateBasis != RateBasisRepresentative || none.Rate.String() != "7.77" {
		t.Errorf("no profile: rate %s on basis %q, want 7.77 as the representative rate", none.Rate, none.RateBasis)
	}
	if none.APRMin == nil || none.APRMax == nil || !none.APRMin.LessThan(none.APRMax.Decimal) || none.APRMin.LessThan(MustPercent("7.77").Decimal) {
		t.Fatalf("no profile: APR range %v–%v, want the APRs at 7.77%% and 12.10%% with the fee", none.APRMin, none.APRMax)
	}
	if none.Eligibility != EligibilityUnknown || !none.Eligible {
		t.Errorf("no profile: eligibility %q (eligible %v), want unknown and not ruled out", none.Eligibility, none.Eligible)
	}
	joined := strings.Join(none.Conditions, " ")
	if !strings.Contains(joined, "credit score of at least 600") || !strings.Contains(joined, "$24,000.00") {
		t.Errorf("no profile: conditions %q, want the score and income rules", none.Conditions)
	}

	// A score of 650 and no income: the 11.68 % band, its APR with the fee, and the income
	// rule still to decide.
	fair := card(&Profile{CreditScore: 650, Region: "US", IncomeUnknown: true})
	if fair.RateBasis != RateBasisCreditScore || fair.Rate.String() != "11.68" {
		t.Errorf("score 650: rate %s on basis %q, want the 11.68 band", fair.Rate, fair.RateBasis)
	}
	lc, err := CostOfLoan(h.Balance.Decimal, MustPercent("11.68").Decimal, MustMoney("99").Decimal, 48)
	if err != nil {
		t.Fatal(err)
	}
	if !fair.APR.Equal(lc.APR.Round(4)) || !fair.MonthlyPayment.Equal(lc.MonthlyPayment) {
		t.Errorf("score 650: APR %s, payment %s; want %s and %s, both at 11.68%% with the 99.00 fee", fair.APR, fair.MonthlyPayment, lc.APR.Round(4), lc.MonthlyPayment)
	}
	if fair.APR.Equal(fair.RepresentativeAPR.Decimal) {
		t.Errorf("score 650: the card's APR is the representative %s, not the consumer's", fair.RepresentativeAPR)
	}
	if fair.Eligibility != EligibilityUnknown || len(fair.Conditions) != 1 || !strings.Contains(fair.Conditions[0], "income") {
		t.Errorf("score 650, no income: eligibility %q, conditions %q; want unknown on the income rule only", fair.Eligibility, fair.Conditions)
	}

	full := card(&Profile{CreditScore: 720, AnnualIncome: MustMoney("52000"), Region: "US-CA"})
	if full.Eligibility != EligibilityEligible || len(full.Conditions) != 0 || full.Rate.String() != "7.77" {
		t.Errorf("full profile: eligibility %q, conditions %q, rate %s; want eligible at 7.77", full.Eligibility, full.Conditions, full.Rate)
	}
	low := card(&Profile{CreditScore: 580, AnnualIncome: MustMoney("52000"), Region: "US"})
	if low.Eligibility != EligibilityIneligible || low.Eligible || low.Rate.String() != "12.10" {
		t.Errorf("score 580: eligibility %q, rate %s; want ineligible, quoted at the top rate 12.10", low.Eligibility, low.Rate)
	}
}

// The saved profile: a score without an income still picks the band.
func TestSavedProfileWithAScoreOnly(t *testing.T) {
	t.Parallel()
	score := 650
	p, region := SavedProfile{CreditScore: &score, Region: "US-TX"}.ForComparison()
	if p == nil || p.CreditScore != 650 || !p.IncomeUnknown || region != "US-TX" {
		t.Errorf("score-only profile %+v, region %q; want score 650, income unknown, US-TX", p, region)
	}
	income := MustMoney("40000")
	if p, _ := (SavedProfile{CreditScore: &score, AnnualIncome: &income}).ForComparison(); p == nil || p.IncomeUnknown || !p.AnnualIncome.Equal(income.Decimal) {
		t.Errorf("score and income %+v, want both known", p)
	}
	if p, _ := (SavedProfile{AnnualIncome: &income, Region: "GB"}).ForComparison(); p != nil {
		t.Errorf("no score: %+v, want no profile", p)
	}
}

// An insurance card is about premium and cover: the offer's monthly instalment, the cover
// compared in words, no rate or fee fields.
func TestInsuranceCard(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindInsurance, ProductType: HomeInsurance, Premium: mp("1800"), PremiumFrequency: Annual,
		CoverageLimit: mp("250000"), Deductible: mp("500")}
	o := Offer{ID: 3, PartnerName: "Hearth", Name: "Home Cover", ProductType: HomeInsurance, Currency: "USD", Regions: []string{"US"},
		AnnualPremium: MustMoney("1628"), MonthlyPremium: MustMoney("141.10"), CoverageLimit: MustMoney("300000"), Deductible: MustMoney("1000")}
	cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
	c := NewCards(cmp, 0)[0]
	if c.AnnualPremium == nil || c.AnnualPremium.String() != "1628.00" || c.MonthlyPremium == nil || c.MonthlyPremium.String() != "141.10" {
		t.Errorf("premium %v, monthly %v; want 1628.00 and the offer's 141.10 instalment", c.AnnualPremium, c.MonthlyPremium)
	}
	if want := "Covers up to $300,000.00, $50,000.00 more than your policy; a deductible of $1,000.00, $500.00 more than yours."; c.CoverNote != want {
		t.Errorf("cover note %q, want %q", c.CoverNote, want)
	}
	if c.Rate != nil || c.RateBasis != "" || c.FeeLabel != "" || c.FeeSummary != "" || c.APRMin != nil || c.BalanceTransfer != nil {
		t.Errorf("an insurance card carries loan fields: %+v", c)
	}
	n := len(c.Chart.Saving)
	if n == 0 || !c.Chart.Saving[n-1].Equal(c.NetSaving.Decimal) || !c.Chart.Saving[0].IsZero() {
		t.Errorf("saving %v, want 0.00 to the net saving %s", c.Chart.Saving, c.NetSaving)
	}
}

// A balance transfer is described as one: promotion, fee, revert rate, months to clear at
// the consumer's payment, what is owed when the promotion ends; the saving chart starts at
// minus the fee, turns positive at the break-even month and ends at the net saving.
func TestBalanceTransferCard(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: CreditCard, Balance: MustMoney("6000"), APR: MustPercent("24.99"), MonthlyPayment: mp("300")}
	o := Offer{ID: 7, Name: "Transfer Card", PartnerName: "Bank", ProductType: CreditCard, Currency: "USD", Regions: []string{"US"},
		Rate: MustPercent("24.99"), RateMin: MustPercent("24.99"), RateMax: MustPercent("24.99"), PromoMonths: 18, TransferFeePct: MustPercent("3")}
	cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
	c := NewCards(cmp, 0)[0]
	bt := c.BalanceTransfer
	if bt == nil {
		t.Fatal("no balance_transfer on a card offer")
	}
	if bt.PromoMonths != 18 || bt.TransferFee.String() != "180.00" || bt.RevertRate.String() != "24.99" || bt.MonthlyPayment.String() != "300.00" ||
		bt.MonthsToClear != 21 || bt.CurrentMonthsToClear != 27 {
		t.Errorf("balance transfer %+v; want 18 months, fee 180.00, then 24.99%%, 300.00 a month, 21 months against 27", bt)
	}
	// 6,180 at 0 % less 18 × 300 leaves 780.00 when the promotion ends.
	if bt.BalanceAfterPromo.String() != "780.00" {
		t.Errorf("owed after the promotion %s, want 780.00", bt.BalanceAfterPromo)
	}
	if cmp.PaymentBasis != PaymentStated || c.FeeLabel != "Balance transfer fee" {
		t.Errorf("payment basis %q, fee label %q", cmp.PaymentBasis, c.FeeLabel)
	}
	if !strings.Contains(strings.Join(c.Notes, " "), "paying $300.00 a month") {
		t.Errorf("notes %q do not show the assumption with its currency", c.Notes)
	}
	s := c.Chart.Saving
	if s[0].String() != "-180.00" || !s[len(s)-1].Equal(c.NetSaving.Decimal) {
		t.Errorf("saving from %s to %s, want -180.00 to %s", s[0], s[len(s)-1], c.NetSaving)
	}
	if c.BreakEvenMonth == nil {
		t.Fatal("no break-even month")
	}
	for k, m := range c.Chart.Months {
		if positive := !s[k].IsNegative(); m > 0 && positive != (m >= *c.BreakEvenMonth) {
			t.Errorf("month %d: saving %s, but the break-even month is %d", m, s[k], *c.BreakEvenMonth)
		}
	}
}

// Loans: the saving is the difference of the cumulative costs, negative by the fees at
// first, zero or more from the break-even month, and the net saving at the end.
func TestLoanChartSaving(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("17289.14"), APR: MustPercent("18"), RemainingMonths: 48}
	o := loanOffer(1, "10.99", "3", 48)
	cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
	c := NewCards(cmp, 0)[0]
	ch := c.Chart
	for k := range ch.Months {
		if want := ch.Current[k].Sub(ch.Offer[k].Decimal); !ch.Saving[k].Equal(want) {
			t.Errorf("month %d: saving %s, want %s", ch.Months[k], ch.Saving[k], want)
		}
	}
	be := *c.BreakEvenMonth
	if !slicesContains(ch.Months, be) {
		t.Errorf("months %v lack the break-even month %d", ch.Months, be)
	}
	for k, m := range ch.Months {
		if m > 0 && ch.Saving[k].IsNegative() == (m >= be) {
			t.Errorf("month %d: saving %s, break-even month %d", m, ch.Saving[k], be)
		}
	}
	if !ch.Saving[len(ch.Saving)-1].Equal(c.NetSaving.Decimal) {
		t.Errorf("saving ends at %s, want the net saving %s", ch.Saving[len(ch.Saving)-1], c.NetSaving)
	}
}

func slicesContains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Two cards with the same title are told apart, by what differs between them.
func TestNewCardsTellTwinsApart(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: AutoLoan, Balance: MustMoney("18000"), APR: MustPercent("11.9"), RemainingMonths: 48}
	a, b, other := bandedOffer(), bandedOffer(), bandedOffer()
	a.ID, b.ID, other.ID = 23, 27, 31
	b.Rate, b.RateBands = MustPercent("7.82"), nil
	other.Name = "Used Auto Loan"
	cards := NewCards(Compare(h, []Offer{a, b, other}, nil, CompareOptions{}), 0)
	titles := map[string]bool{}
	for _, c := range cards {
		if titles[c.Title] {
			t.Errorf("two cards titled %q", c.Title)
		}
		titles[c.Title] = true
		if c.OfferID == 31 && c.Title != "Keystone — Used Auto Loan" {
			t.Errorf("a card with its own name is titled %q", c.Title)
		}
		if c.OfferID != 31 && !strings.HasSuffix(c.Title, "% APR") {
			t.Errorf("twin titled %q, want its APR to tell it apart (same term)", c.Title)
		}
	}
	// Identical offers fall back to their numbers.
	c2 := NewCards(Compare(h, []Offer{a, func() Offer { x := a; x.ID = 24; return x }()}, nil, CompareOptions{}), 0)
	if c2[0].Title == c2[1].Title || !strings.Contains(c2[0].Title+c2[1].Title, "offer 24") {
		t.Errorf("identical twins titled %q and %q", c2[0].Title, c2[1].Title)
	}
}

// The offer's fees are named once, the same way, in its fee summary and its example.
func TestFeeSummaryAgreesWithTheExample(t *testing.T) {
	t.Parallel()
	o := bandedOffer()
	o.Currency, o.Regions = "USD", []string{"US"}
	sum, ex := o.FeeSummary("en-US"), RepresentativeExample(o)
	if sum != "Origination fee $99.00, paid when the loan starts." || !strings.Contains(ex, "with an origination fee of $99.00") {
		t.Errorf("fee summary %q and example %q name the fee differently", sum, ex)
	}
	o.OriginationFeeFlat = Money{}
	if got := o.FeeSummary("en-US"); got != "No origination fee." {
		t.Errorf("no fee: %q", got)
	}
	o.OriginationFeePct, o.OriginationFeeMin = MustPercent("5"), MustMoney("100")
	if got := o.FeeSummary("en-US"); got != "Origination fee 5.00% of the amount borrowed (at least $100.00), paid when the loan starts." {
		t.Errorf("percentage fee: %q", got)
	}
	if got := o.Requirements("en-US"); len(got) != 2 || got[1] != "An annual income of at least $24,000.00." {
		t.Errorf("requirements %q", got)
	}
}
