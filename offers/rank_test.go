package offers

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func mp(s string) *Money { m := MustMoney(s); return &m }

func loanOffer(id int64, apr string, feePct string, terms ...int) Offer {
	return Offer{ID: id, PartnerName: fmt.Sprintf("Lender %d", id), ProductType: PersonalLoan, Name: "Loan", Currency: "USD",
		Regions: []string{"US"}, Rate: MustPercent(apr), RateMin: MustPercent(apr), RateMax: MustPercent(apr),
		OriginationFeePct: MustPercent(feePct), TermsMonths: terms}
}

// docs/finance.md 1.4: 20,000 at 18 % over 60 months, refinanced after 12 payments at 10.99 %
// over 48 months with a 3 % fee and a 2 % penalty: net saving about 2,068.61 (closed form),
// break-even month 15, and the 60-month variant saves less (963.94).
func TestCompareRefinanceWorkedExample(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("17289.14"), APR: MustPercent("18"),
		RemainingMonths: 48, PrepaymentPenalty: mp("345.78")}
	o := loanOffer(1, "10.99", "3", 24, 36, 48, 60)
	cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
	if len(cmp.Options) != 1 {
		t.Fatalf("%d options, want 1", len(cmp.Options))
	}
	opt := cmp.Options[0]
	if got := cmp.Current.MonthlyPayment.String(); got != "507.87" {
		t.Errorf("current payment %s, want 507.87", got)
	}
	if got := opt.Cost.MonthlyPayment.String(); got != "446.76" {
		t.Errorf("new payment %s, want 446.76", got)
	}
	if got := opt.UpfrontCost.String(); got != "864.45" {
		t.Errorf("upfront %s, want 864.45 (518.67 fee + 345.78 penalty)", got)
	}
	// The cent-rounded schedules differ from the closed form by cents.
	if d := opt.NetSaving.Sub(dec("2068.61")).Abs(); d.GreaterThan(dec("0.50")) {
		t.Errorf("net saving %s, want 2068.61 within cents of rounding", opt.NetSaving)
	}
	if opt.BreakEvenMonth == nil || *opt.BreakEvenMonth != 15 {
		t.Errorf("break-even %v, want month 15", opt.BreakEvenMonth)
	}
	lp := opt.LowestPayment
	if lp == nil || lp.TermMonths != 60 {
		t.Fatalf("lowest-payment variant %+v, want 60 months", lp)
	}
	if d := lp.NetSaving.Sub(dec("963.94")).Abs(); d.GreaterThan(dec("0.50")) || !lp.CostsMore {
		t.Errorf("60-month variant saves %s (costs more: %v), want about 963.94 and flagged", lp.NetSaving, lp.CostsMore)
	}
	if len(opt.Notes) == 0 || !strings.Contains(opt.Notes[0], "save only") {
		t.Errorf("notes %q do not warn that the lower payment saves less", opt.Notes)
	}
	// The saving is exactly the difference of the totals shown.
	want := cmp.Current.TotalPaid.Sub(opt.Cost.TotalPaid.Decimal).Sub(opt.UpfrontCost.Decimal)
	if !opt.NetSaving.Equal(want) {
		t.Errorf("net saving %s is not current total − new total − upfront = %s", opt.NetSaving, want)
	}
}

// docs/finance.md 1.6: 6,000 at 24.99 %, paying 300 a month, against 0 % for 18 months with a 3 %
// fee, then 24.99 %: 27 vs 21 months, totals 7,841.43 vs 6,210.87, saving 1,630.56.
func TestCompareBalanceTransfer(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: CreditCard, Balance: MustMoney("6000"), APR: MustPercent("24.99"), MonthlyPayment: mp("300")}
	o := Offer{ID: 7, ProductType: CreditCard, Currency: "USD", Regions: []string{"US"}, Rate: MustPercent("24.99"),
		PromoMonths: 18, TransferFeePct: MustPercent("3")}
	cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
	if got := cmp.Current; got.TermMonths != 27 || got.TotalPaid.String() != "7841.43" {
		t.Errorf("keeping the card: %d months, %s total; want 27 months, 7841.43", got.TermMonths, got.TotalPaid)
	}
	opt := cmp.Options[0]
	if opt.Cost.TermMonths != 21 || opt.Cost.TotalPaid.String() != "6210.87" || opt.Cost.Fees.String() != "180.00" {
		t.Errorf("transfer: %d months, %s total, fee %s; want 21, 6210.87, 180.00", opt.Cost.TermMonths, opt.Cost.TotalPaid, opt.Cost.Fees)
	}
	if opt.NetSaving.String() != "1630.56" {
		t.Errorf("saving %s, want 1630.56", opt.NetSaving)
	}
	if !opt.Cost.Estimated {
		t.Error("a card simulation must be labelled estimated")
	}
}

func TestCompareInsuranceCover(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindInsurance, ProductType: AutoInsurance, Premium: mp("110"), PremiumFrequency: Monthly,
		CoverageLimit: mp("300000"), Deductible: mp("500")}
	same := Offer{ID: 1, ProductType: AutoInsurance, Currency: "USD", Regions: []string{"US"}, AnnualPremium: MustMoney("1200"), CoverageLimit: MustMoney("300000"), Deductible: MustMoney("500")}
	cheapLess := Offer{ID: 2, ProductType: AutoInsurance, Currency: "USD", Regions: []string{"US"}, AnnualPremium: MustMoney("800"), CoverageLimit: MustMoney("100000"), Deductible: MustMoney("1000")}
	cmp := Compare(h, []Offer{cheapLess, same}, nil, CompareOptions{})
	if got := cmp.Current.AnnualPremium.String(); got != "1320.00" {
		t.Errorf("annualized premium %s, want 1320.00 (12 × 110)", got)
	}
	if cmp.Options[0].Offer.ID != 1 {
		t.Errorf("first option is offer %d; the like-for-like offer must rank above a cheaper one with less cover", cmp.Options[0].Offer.ID)
	}
	worse := cmp.Options[1]
	if worse.NetSaving.String() != "520.00" || len(worse.Reasons) != 2 {
		t.Errorf("cheaper offer: saving %s, reasons %q; want 520.00 and both cover differences", worse.NetSaving, worse.Reasons)
	}
}

func TestCompareEligibility(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("10000"), APR: MustPercent("20"), RemainingMonths: 36}
	good := loanOffer(1, "12", "0", 36)
	strict := loanOffer(2, "6", "0", 36)
	strict.MinCreditScore = 760
	strict.MinIncome = MustMoney("90000")
	uk := loanOffer(3, "5", "0", 36)
	uk.Regions = []string{"GB"}
	small := loanOffer(4, "7", "0", 36)
	small.AmountMax = MustMoney("5000")
	dti := loanOffer(5, "8", "0", 36)
	dti.MaxDTI = MustPercent("30")
	later := loanOffer(6, "4", "0", 36)
	from := time.Now().Add(48 * time.Hour)
	later.ActiveFrom = &from
	p := &Profile{CreditScore: 700, AnnualIncome: MustMoney("60000"), Region: "US-CA", MonthlyDebtPayments: MustMoney("1400")}
	cmp := Compare(h, []Offer{strict, uk, small, dti, good, later}, p, CompareOptions{})
	if len(cmp.Options) != 6 {
		t.Fatalf("%d options, want all 6: ineligible offers are listed, not dropped", len(cmp.Options))
	}
	if cmp.Options[0].Offer.ID != 1 || !cmp.Options[0].Eligible {
		t.Errorf("first option %d (eligible %v), want the only eligible offer 1", cmp.Options[0].Offer.ID, cmp.Options[0].Eligible)
	}
	want := map[int64][]string{2: {"credit score", "income"}, 3: {"Not available in US-CA"}, 4: {"at most"}, 5: {"debt-to-income"}, 6: {"not available"}}
	for _, o := range cmp.Options[1:] {
		if o.Eligible {
			t.Errorf("offer %d eligible, want not", o.Offer.ID)
		}
		joined := strings.Join(o.Reasons, " | ")
		for _, w := range want[o.Offer.ID] {
			if !strings.Contains(joined, w) {
				t.Errorf("offer %d reasons %q lack %q", o.Offer.ID, joined, w)
			}
		}
	}
	// Ineligible ones are still ordered by saving: the 4 % offer saves most.
	if cmp.Options[1].Offer.ID != 6 {
		t.Errorf("best ineligible is %d, want 6 (lowest rate)", cmp.Options[1].Offer.ID)
	}
}

// Property: refinancing into an identical loan saves exactly minus the fees and penalty.
func TestIdenticalOfferSavesMinusFees(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	for k := 0; k < 150; k++ {
		p, rate, n := randomLoan(r)
		if n == 1 {
			n = 2
		}
		fee := decimal.New(int64(r.IntN(500)), -1)
		penalty := decimal.New(int64(r.IntN(300)), 0)
		h := Holding{Kind: KindLoan, ProductType: AutoLoan, Balance: Money{p}, APR: Percent{rate}, RemainingMonths: n, PrepaymentPenalty: &Money{penalty}}
		o := Offer{ID: 1, ProductType: AutoLoan, Rate: Percent{rate}, OriginationFeeFlat: Money{fee}, TermsMonths: []int{n}}
		opt := Compare(h, []Offer{o}, nil, CompareOptions{}).Options[0]
		if want := fee.Add(penalty).Neg(); !opt.NetSaving.Equal(want) {
			t.Fatalf("%s at %s%% over %d, fee %s, penalty %s: net saving %s, want %s", p, rate, n, fee, penalty, opt.NetSaving, want)
		}
		if !opt.MonthlySaving.IsZero() || opt.BreakEvenMonth != nil {
			t.Fatalf("identical loan: monthly saving %s, break-even %v; want 0 and none", opt.MonthlySaving, opt.BreakEvenMonth)
		}
	}
}

func TestRankingTies(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("10000"), APR: MustPercent("20"), RemainingMonths: 36}
	a := loanOffer(1, "10", "0", 36)
	b := loanOffer(2, "10", "0", 36)
	cmp := Compare(h, []Offer{b, a}, nil, CompareOptions{})
	if got := []int64{cmp.Options[0].Offer.ID, cmp.Options[1].Offer.ID}; !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("equal offers ordered %v, want by id [1 2]", got)
	}
}

func TestNewCardAgreesWithComparison(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("17289.14"), APR: MustPercent("18"), RemainingMonths: 48}
	o := loanOffer(1, "10.99", "3", 48)
	o.Currency = "USD"
	cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
	opt := cmp.Options[0]
	c := NewCard(cmp, opt)
	if c.MonthlyPayment != opt.Cost.MonthlyPayment || c.MonthlySaving != opt.MonthlySaving || c.NetSaving != opt.NetSaving {
		t.Errorf("card %+v disagrees with option", c)
	}
	n := len(c.Chart.Months)
	if n < 2 || c.Chart.Months[0] != 0 || c.Chart.Months[n-1] != 48 {
		t.Fatalf("chart months %v, want 0…48", c.Chart.Months)
	}
	if !c.Chart.Current[n-1].Equal(cmp.Current.TotalPaid.Decimal) {
		t.Errorf("chart ends at %s for the current loan, want its total %s", c.Chart.Current[n-1], cmp.Current.TotalPaid)
	}
	if got := cmp.Current.TotalPaid.Sub(c.Chart.Offer[n-1].Decimal); !got.Equal(opt.NetSaving.Decimal) {
		t.Errorf("chart ends differ by %s, want the net saving %s", got, opt.NetSaving)
	}
	if !strings.Contains(c.RepresentativeExample, "Representative") || !strings.Contains(c.RepresentativeExample, "$") {
		t.Errorf("representative example %q", c.RepresentativeExample)
	}
}

func TestRepresentativeExample(t *testing.T) {
	t.Parallel()
	o := Offer{ProductType: PersonalLoan, Currency: "GBP", Regions: []string{"GB"}, Rate: MustPercent("9"),
		OriginationFeeFlat: MustMoney("300"), TermsMonths: []int{36}}
	got := RepresentativeExample(o)
	// The worked check: 10,000 at 9 % over 36 months with a 300 fee → 318.00 a month,
	// APRC 11.68 % (two decimals, as everywhere the APR is shown; CCD Annex I asks for at least one).
	for _, want := range []string{"£10,000.00", "36 months", "9.00% p.a. (fixed)", "£300.00", "Representative 11.68% APR", "36 monthly repayments of £318.00", "(the last £317.88)", "£11,747.88"} {
		if !strings.Contains(got, want) {
			t.Errorf("example %q lacks %q", got, want)
		}
	}
	us := o
	us.Currency, us.Regions = "USD", []string{"US"}
	if got := RepresentativeExample(us); !strings.Contains(got, "Representative 11.09% APR") {
		t.Errorf("US example %q, want the Regulation Z APR 11.09%%", got)
	}
	p4 := Offer{ProductType: PersonalLoan, Currency: "USD", PointOfSale: true, Instalments: 4, AmountMax: MustMoney("100")}
	if got := RepresentativeExample(p4); !strings.Contains(got, "4 interest-free instalments of $25.00") {
		t.Errorf("pay-in-4 example %q", got)
	}
}

// The "paying monthly is like borrowing at X % APR" note needs a rate solve per policy; it is
// worked out for the options returned, not for every candidate screened (it was 42 % of the
// portfolio benchmark when every candidate got one).
func TestPremiumFinanceNoteOnlyForReturnedOptions(t *testing.T) {
	t.Parallel()
	calls := 0
	counted := func(price, instalment decimal.Decimal, n int) (decimal.Decimal, decimal.Decimal, error) {
		calls++
		return PremiumFinanceAPR(price, instalment, n)
	}
	h := portfolio()[7] // auto insurance paid monthly
	cat := syntheticCatalogue(t, 2000)
	const limit = 10
	p := &Profile{CreditScore: 720, AnnualIncome: MustMoney("85000"), Region: "US-NY"}
	cmp := Compare(h, cat, p, CompareOptions{Limit: limit, Now: benchNow, premiumFinance: counted})
	noted := 0
	for _, o := range cmp.Options {
		for _, n := range o.Notes {
			if strings.Contains(n, "like borrowing at") {
				noted++
			}
		}
	}
	if noted == 0 {
		t.Fatal("no returned option explains the cost of paying monthly; the test needs one")
	}
	if calls > len(cmp.Options) {
		t.Errorf("%d premium-finance solves for %d returned options; want at most one per option", calls, len(cmp.Options))
	}
	// The notes are the same as when every candidate is costed exactly.
	all := Compare(h, cat, p, CompareOptions{Exact: true, Now: benchNow}).Options
	for k, o := range cmp.Options {
		if got, want := strings.Join(o.Notes, "|"), strings.Join(all[k].Notes, "|"); got != want {
			t.Errorf("option %d notes %q, want %q", k+1, got, want)
		}
	}
}

// Every amount and rate in the notes and reasons a consumer reads has two decimals
// ("1366.90", not "1366.9"); the only whole numbers are months, "12 ×" and credit scores.
func TestTextShowsTwoDecimals(t *testing.T) {
	t.Parallel()
	loan := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("15000"), APR: MustPercent("9.9"),
		RemainingMonths: 36, MonthlyPayment: mp("483.3"), PrepaymentPenalty: mp("50")}
	card := Holding{Kind: KindLoan, ProductType: CreditCard, Balance: MustMoney("6000"), APR: MustPercent("24.9"), MonthlyPayment: mp("300")}
	policy := Holding{Kind: KindInsurance, ProductType: AutoInsurance, Premium: mp("210"), PremiumFrequency: Monthly,
		CoverageLimit: mp("300000"), Deductible: mp("500")}
	p := &Profile{CreditScore: 640, AnnualIncome: MustMoney("50000"), Region: "US-NY", MonthlyDebtPayments: MustMoney("1500")}
	longer := loanOffer(1, "9.5", "1", 24, 36, 60, 84)
	small := loanOffer(2, "7", "0", 36)
	small.AmountMax, small.AmountMin = MustMoney("12000.5"), MustMoney("1000")
	picky := loanOffer(3, "6", "0", 36)
	picky.MinIncome, picky.MinCreditScore, picky.MaxDTI = MustMoney("90000"), 700, MustPercent("40")
	big := loanOffer(4, "8", "0", 36)
	big.AmountMin = MustMoney("20000")
	promo := Offer{ID: 5, ProductType: CreditCard, Currency: "USD", Regions: []string{"US"}, Rate: MustPercent("21.9"), PromoMonths: 18, TransferFeePct: MustPercent("3")}
	promo2 := promo
	promo2.ID, promo2.PromoAPR = 6, MustPercent("1.9")
	cover := Offer{ID: 7, ProductType: AutoInsurance, Currency: "USD", Regions: []string{"US"}, AnnualPremium: MustMoney("1900"),
		MonthlyPremium: MustMoney("170"), CoverageLimit: MustMoney("250000"), Deductible: MustMoney("1000")}
	cases := []struct {
		name   string
		h      Holding
		offers []Offer
	}{
		{"loan", loan, []Offer{longer, small, picky, big}},
		{"card", card, []Offer{promo, promo2}},
		{"policy", policy, []Offer{cover}},
	}
	number := regexp.MustCompile(`\d[\d,]*(\.\d+)?`)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			cmp := Compare(tt.h, tt.offers, p, CompareOptions{Now: benchNow})
			var texts []string
			for _, o := range cmp.Options {
				texts = append(append(texts, o.Reasons...), o.Notes...)
			}
			if len(texts) == 0 {
				t.Fatal("no notes or reasons to check")
			}
			for _, s := range texts {
				for _, loc := range number.FindAllStringIndex(s, -1) {
					n, after, before := s[loc[0]:loc[1]], s[loc[1]:], s[:loc[0]]
					if _, frac, ok := strings.Cut(n, "."); ok {
						if len(frac) != 2 {
							t.Errorf("%q: %s has %d decimals, want 2", s, n, len(frac))
						}
						continue
					}
					switch {
					case strings.HasPrefix(after, " month"), strings.HasPrefix(after, "–"), strings.HasPrefix(after, " ×"),
						strings.HasSuffix(before, "–"), strings.HasSuffix(before, "score of at least "), strings.HasSuffix(before, "(yours is "):
					default:
						t.Errorf("%q: %s is an amount or rate without two decimals", s, n)
					}
				}
			}
		})
	}
}

// Issue 3: refinancing is costed over each of the offer's terms; the option shows the
// same-term and the lowest-payment variants and flags every lower payment that costs more.
func TestRefinanceEveryTerm(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("15000"), APR: MustPercent("22.99"), RemainingMonths: 36,
		PrepaymentPenalty: mp("75")}
	o := loanOffer(1, "11.5", "2", 60, 24, 36, 72, 48)
	cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
	opt := cmp.Options[0]
	upfront := o.OriginationFee(h.Balance.Decimal).Add(dec("75"))
	var terms []int
	for _, v := range opt.Terms {
		terms = append(terms, v.TermMonths)
		lc, err := CostOfLoan(h.Balance.Decimal, o.Rate.Decimal, decimal.Zero, v.TermMonths)
		if err != nil {
			t.Fatal(err)
		}
		if !v.MonthlyPayment.Equal(lc.MonthlyPayment) {
			t.Errorf("%d months: payment %s, want %s", v.TermMonths, v.MonthlyPayment, lc.MonthlyPayment)
		}
		if want := cmp.Current.TotalPaid.Sub(lc.TotalPaid).Sub(upfront); !v.NetSaving.Equal(want) {
			t.Errorf("%d months: net saving %s, want %s", v.TermMonths, v.NetSaving, want)
		}
		wantMore := v.MonthlyPayment.LessThan(opt.SameTerm.MonthlyPayment.Decimal) && v.NetSaving.LessThan(opt.SameTerm.NetSaving.Decimal)
		if v.CostsMore != wantMore {
			t.Errorf("%d months: costs_more %v, want %v", v.TermMonths, v.CostsMore, wantMore)
		}
	}
	if !slices.Equal(terms, []int{24, 36, 48, 60, 72}) {
		t.Fatalf("variants over %v, want every offered term", terms)
	}
	if opt.SameTerm == nil || opt.SameTerm.TermMonths != 36 || *opt.SameTerm != opt.Terms[1] {
		t.Errorf("same-term variant %+v, want the 36-month one", opt.SameTerm)
	}
	if opt.LowestPayment == nil || *opt.LowestPayment != opt.Terms[4] || !opt.LowestPayment.CostsMore {
		t.Errorf("lowest-payment variant %+v, want the 72-month one, costing more", opt.LowestPayment)
	}
	if !opt.Terms[2].CostsMore || !opt.Terms[3].CostsMore || opt.Terms[0].CostsMore {
		t.Errorf("48 and 60 months lower the payment but cost more; 24 months does not: %+v", opt.Terms)
	}
	if len(opt.Notes) == 0 || !strings.Contains(opt.Notes[0], "Over 72 months the payment drops to") {
		t.Errorf("notes %q, want the lowest payment's warning", opt.Notes)
	}
	if js := keys(t, opt); len(js["terms"].([]any)) != 5 {
		t.Errorf("option JSON terms %v, want 5 variants", js["terms"])
	}
}

// A loan repaid faster than its schedule (20,000 at 9 % with 48 months left needs 497.70 a
// month; the consumer pays 600) is compared with an offer paid the same way: at 600 a month
// the 9 % loan is cleared in 39 months for 23,101.34 and one at 7 % in 38 for 22,305.14
// (each month's interest rounded half-up to cents, the last payment clearing the balance),
// so the 7 % offer with a 200 fee saves 596.20 and has paid its fee back by month 38. Costed
// at its own 478.92 over 48 months, it seemed to cost more than the loan it would replace.
// An offer that charges for repaying early is costed at its own payment.
func TestCompareAtTheConsumersLargerPayment(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: AutoLoan, Balance: MustMoney("20000"), APR: MustPercent("9"),
		RemainingMonths: 48, MonthlyPayment: mp("600")}
	o := loanOffer(1, "7", "0", 36, 48, 60)
	o.ProductType, o.OriginationFeeFlat = AutoLoan, MustMoney("200")
	penalised := loanOffer(2, "7", "0", 48)
	penalised.ProductType, penalised.PrepaymentPenaltyPct = AutoLoan, MustPercent("2")
	cmp := Compare(h, []Offer{o, penalised}, nil, CompareOptions{})
	if len(cmp.Options) != 2 {
		t.Fatalf("%d options, want 2", len(cmp.Options))
	}
	if c := cmp.Current; c.MonthlyPayment.String() != "600.00" || c.TermMonths != 39 || c.TotalPaid.String() != "23101.34" {
		t.Errorf("current: %s a month for %d months, %s in total; want 600, 39, 23101.34", c.MonthlyPayment, c.TermMonths, c.TotalPaid)
	}
	opt := cmp.Options[0]
	if opt.Offer.ID != 1 {
		t.Fatalf("best offer %d, want 1", opt.Offer.ID)
	}
	if c := opt.Cost; c.MonthlyPayment.String() != "600.00" || c.TermMonths != 38 || c.TotalPaid.String() != "22305.14" || c.LastPayment.String() != "105.14" {
		t.Errorf("offer: %s a month for %d months (last %s), %s in total; want 600, 38 (105.14), 22305.14", c.MonthlyPayment, c.TermMonths, c.LastPayment, c.TotalPaid)
	}
	if opt.NetSaving.String() != "596.20" || !opt.MonthlySaving.IsZero() {
		t.Errorf("saving %s in total, %s a month; want 596.20 and nothing a month", opt.NetSaving, opt.MonthlySaving)
	}
	if opt.BreakEvenMonth == nil || *opt.BreakEvenMonth != 38 {
		t.Errorf("break-even %v, want month 38", opt.BreakEvenMonth)
	}
	if !strings.Contains(strings.Join(opt.Notes, " "), "Costed at the $600.00 a month you pay now: its own payment is $478.92 over 48 months, and paying $600.00 clears it in 38.") {
		t.Errorf("notes %q do not say the offer is costed at the consumer's payment", opt.Notes)
	}
	// The card gives the term it is lent over and the months to clear either way; its chart's
	// cumulative saving turns positive where the break-even says.
	card := NewCard(cmp, opt)
	if card.TermMonths != 48 || card.MonthsToClear != 38 || card.CurrentMonthsToClear != 39 || opt.MonthsToClear != 38 {
		t.Errorf("card: term %d, cleared in %d months against %d (option: %d); want 48, 38 against 39", card.TermMonths, card.MonthsToClear, card.CurrentMonthsToClear, opt.MonthsToClear)
	}
	for k, m := range card.Chart.Months {
		if s := card.Chart.Saving[k]; (m < 38 && !s.IsNegative()) || (m >= 38 && s.IsNegative()) {
			t.Errorf("chart month %d: saving %s, break-even 38", m, s)
		}
	}
	if p := cmp.Options[1]; p.Cost.MonthlyPayment.String() != "478.92" || p.Cost.TermMonths != 48 || p.MonthsToClear != 0 {
		t.Errorf("offer with an early-repayment charge: %s a month for %d months, want its own 478.92 for 48", p.Cost.MonthlyPayment, p.Cost.TermMonths)
	}
}
