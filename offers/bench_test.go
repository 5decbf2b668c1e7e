package offers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"ratewise/db/dbtest"
)

// demoOffers is the demo catalogue as stored offers with ids.
func demoOffers(t testing.TB) []Offer {
	rows := loadDemo(t)
	out := make([]Offer, len(rows))
	for i, r := range rows {
		out[i] = r.Offer
		out[i].ID = int64(i + 1)
		out[i].PartnerName = r.PartnerName
	}
	return out
}

// syntheticCatalogue stretches the demo catalogue to n offers by jittering rates, fees and
// premiums, so ties and near-ties are common, as in a real large catalogue.
func syntheticCatalogue(t testing.TB, n int) []Offer {
	base := demoOffers(t)
	r := rand.New(rand.NewPCG(9, 9))
	out := make([]Offer, n)
	for i := range out {
		o := base[i%len(base)]
		o.ID = int64(i + 1)
		o.ExternalID = fmt.Sprintf("%s-x%d", o.ExternalID, i)
		j := decimal.New(int64(r.IntN(301)-150), -2) // ±1.50 points
		bump := func(p Percent) Percent {
			if p.IsZero() {
				return p
			}
			v := p.Add(j)
			if v.IsNegative() {
				v = decimal.Zero
			}
			return Percent{v}
		}
		o.Rate, o.RateMin, o.RateMax = bump(o.Rate), bump(o.RateMin), bump(o.RateMax)
		bands := make([]RateBand, len(o.RateBands))
		for k, b := range o.RateBands {
			bands[k] = RateBand{b.MinScore, bump(b.Rate)}
		}
		o.RateBands = bands
		if r.IntN(3) == 0 {
			o.OriginationFeePct = Percent{decimal.New(int64(r.IntN(600)), -2)}
		}
		if o.AnnualPremium.IsPositive() {
			// ±10 %, so premiums stay positive.
			o.AnnualPremium = Money{Round2(o.AnnualPremium.Mul(decimal.New(int64(90+r.IntN(21)), -2)))}
		}
		out[i] = o
	}
	return out
}

func portfolio() []Holding {
	return []Holding{
		{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("15000"), APR: MustPercent("22.99"), RemainingMonths: 36},
		{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("4200"), APR: MustPercent("17.5"), RemainingMonths: 20, PrepaymentPenalty: mp("50")},
		{Kind: KindLoan, ProductType: AutoLoan, Balance: MustMoney("23000"), APR: MustPercent("11.49"), RemainingMonths: 54, MonthlyPayment: mp("540")},
		{Kind: KindLoan, ProductType: Mortgage, Balance: MustMoney("310000"), APR: MustPercent("7.25"), RemainingMonths: 336},
		{Kind: KindLoan, ProductType: StudentLoan, Balance: MustMoney("42000"), APR: MustPercent("8.1"), RemainingMonths: 110},
		{Kind: KindLoan, ProductType: CreditCard, Balance: MustMoney("6000"), APR: MustPercent("24.99"), MonthlyPayment: mp("300")},
		{Kind: KindLoan, ProductType: CreditCard, Balance: MustMoney("2500"), APR: MustPercent("29.99")},
		{Kind: KindInsurance, ProductType: AutoInsurance, Premium: mp("210"), PremiumFrequency: Monthly, CoverageLimit: mp("300000"), Deductible: mp("500")},
		{Kind: KindInsurance, ProductType: HomeInsurance, Premium: mp("2400"), PremiumFrequency: Annual, CoverageLimit: mp("300000"), Deductible: mp("1000")},
		{Kind: KindInsurance, ProductType: RentersInsurance, Premium: mp("60"), PremiumFrequency: Quarterly, CoverageLimit: mp("30000"), Deductible: mp("500")},
	}
}

// cpuTime is this process's user+system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

var benchNow = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func optionKey(o Option) string {
	be := -1
	if o.BreakEvenMonth != nil {
		be = *o.BreakEvenMonth
	}
	return fmt.Sprintf("%d %v %s %s %s %d %s", o.Offer.ID, o.Eligible, o.NetSaving, o.MonthlySaving, o.Cost.APR, be, o.Cost.TotalPaid)
}

// TestScreeningKeepsExactRanking proves the float64 screening changes nothing: on the demo
// catalogue (and a 1,000-offer stretch of it) the top options, in order and with every
// figure, equal those of an all-decimal ranking.
func TestScreeningKeepsExactRanking(t *testing.T) {
	t.Parallel()
	profiles := []*Profile{
		nil,
		{CreditScore: 780, AnnualIncome: MustMoney("120000"), Region: "US-CA", MonthlyDebtPayments: MustMoney("1500")},
		{CreditScore: 650, AnnualIncome: MustMoney("42000"), Region: "US-TX", MonthlyDebtPayments: MustMoney("1300")},
		{CreditScore: 720, AnnualIncome: MustMoney("55000"), Region: "GB"},
	}
	catalogues := map[string][]Offer{"demo": demoOffers(t), "stretched": syntheticCatalogue(t, 1000)}
	for name, cat := range catalogues {
		// The portfolio, and loans repaid faster than their schedule, whose offers are costed
		// at the same payment (refinance); one pays a cent above its schedule (506.29), where
		// either costing may apply.
		holdings := append(portfolio(),
			Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("9000"), APR: MustPercent("14.9"), RemainingMonths: 30, MonthlyPayment: mp("400")},
			Holding{Kind: KindLoan, ProductType: AutoLoan, Balance: MustMoney("20000"), APR: MustPercent("9"), RemainingMonths: 48, MonthlyPayment: mp("600")},
			Holding{Kind: KindLoan, ProductType: AutoLoan, Balance: MustMoney("20000"), APR: MustPercent("9.9"), RemainingMonths: 48, MonthlyPayment: mp("506.30")},
			Holding{Kind: KindLoan, ProductType: Mortgage, Balance: MustMoney("250000"), APR: MustPercent("7.5"), RemainingMonths: 300, MonthlyPayment: mp("2500")})
		for hi, h := range holdings {
			t.Run(fmt.Sprintf("%s/%s %d", name, h.ProductType, hi), func(t *testing.T) {
				t.Parallel()
				for pi, p := range profiles {
					all := Compare(h, cat, p, CompareOptions{Exact: true, Now: benchNow}).Options
					for _, limit := range []int{1, 3, 10} {
						fast := Compare(h, cat, p, CompareOptions{Limit: limit, Now: benchNow})
						exact := Comparison{Options: all[:min(limit, len(all))]}
						if len(fast.Options) != len(exact.Options) {
							t.Fatalf("profile %d limit %d: %d options, exact %d", pi, limit, len(fast.Options), len(exact.Options))
						}
						for k := range fast.Options {
							if f, e := optionKey(fast.Options[k]), optionKey(exact.Options[k]); f != e {
								t.Errorf("profile %d limit %d, rank %d:\n screened %s\n exact    %s", pi, limit, k+1, f, e)
							}
						}
					}
				}
			})
		}
	}
}

// BenchmarkComparePortfolio compares a portfolio of 10 holdings (loans, cards, policies)
// against 10,000 offers, keeping the best 10 per holding: one op is the whole portfolio.
func BenchmarkComparePortfolio(b *testing.B) {
	cat := syntheticCatalogue(b, 10_000)
	hs := portfolio()
	p := &Profile{CreditScore: 720, AnnualIncome: MustMoney("85000"), Region: "US-NY", MonthlyDebtPayments: MustMoney("900")}
	for _, exact := range []bool{false, true} {
		name := "screened"
		if exact {
			name = "all-decimal"
		}
		b.Run(name, func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				for _, h := range hs {
					cmp := Compare(h, cat, p, CompareOptions{Limit: 10, Exact: exact, Now: benchNow})
					if len(cmp.Options) == 0 {
						b.Fatal("no options")
					}
				}
			}
			// On a shared machine wall time includes waiting for a core; CPU time does not.
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkImport100k validates and imports 100,000 offers (JSON) in one transaction into
// PostgreSQL; one op is the whole file.
func BenchmarkImport100k(b *testing.B) {
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(b))
	cat := syntheticCatalogue(b, 100_000)
	rows := make([]map[string]any, len(cat))
	for i, o := range cat {
		js, _ := json.Marshal(o)
		var m map[string]any
		json.Unmarshal(js, &m)
		m["partner"] = fmt.Sprintf("Bench Partner %d", i%40)
		delete(m, "id")
		delete(m, "active_from")
		delete(m, "active_until")
		delete(m, "representative_example") // computed from the offer, not imported
		bands := m["rate_bands"]
		if bands != nil {
			m["rate_bands"] = bands
		}
		rows[i] = m
	}
	data, err := json.Marshal(rows)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		res, err := s.Import(ctx, bytes.NewReader(data), "json", ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows != 100_000 {
			b.Fatalf("imported %d rows", res.Rows)
		}
	}
}
