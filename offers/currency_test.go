package offers_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"ratewise/offers"
	"ratewise/offers/offerstest"
)

func demoCatalogue(t *testing.T) []offers.Offer {
	t.Helper()
	f, err := os.Open("catalogue/demo.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := offers.ParseImport(f, "json", "")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]offers.Offer, len(rows))
	for i, r := range rows {
		out[i] = r.Offer
		out[i].ID, out[i].PartnerName = int64(i+1), r.PartnerName
	}
	return out
}

// Property: every amount in the words of an offer (its JSON) or of a card (title, example,
// fee summary, reasons, notes, conditions, cover note) carries its currency, over the demo
// catalogue and many generated holdings and profiles.
func TestEveryAmountInWordsCarriesItsCurrency(t *testing.T) {
	t.Parallel()
	cat := demoCatalogue(t)
	check := func(where, text string) {
		t.Helper()
		if bare := offerstest.BareAmounts(text); len(bare) > 0 {
			t.Errorf("%s: %q has amounts without a currency: %q", where, text, bare)
		}
	}
	for _, o := range cat {
		var j struct {
			RepresentativeExample string   `json:"representative_example"`
			FeeSummary            string   `json:"fee_summary"`
			Requirements          []string `json:"requirements"`
		}
		b, _ := json.Marshal(o)
		if err := json.Unmarshal(b, &j); err != nil {
			t.Fatal(err)
		}
		where := "offer " + o.ExternalID
		check(where, j.RepresentativeExample)
		check(where, j.FeeSummary)
		for _, s := range j.Requirements {
			check(where, s)
		}
	}
	r := rand.New(rand.NewPCG(14, 14))
	money := func(lo, hi int) offers.Money {
		return offers.NewMoney(decimal.New(int64(lo*100+r.IntN((hi-lo)*100)), -2))
	}
	pct := func(lo, hi int) offers.Percent {
		return offers.NewPercent(decimal.New(int64(lo*100+r.IntN((hi-lo)*100)), -2))
	}
	profiles := []*offers.Profile{nil,
		{CreditScore: 650, IncomeUnknown: true},
		{CreditScore: 720, AnnualIncome: offers.MustMoney("52000"), MonthlyDebtPayments: offers.MustMoney("900")},
		{CreditScore: 560, AnnualIncome: offers.MustMoney("18000"), MonthlyDebtPayments: offers.MustMoney("1500")},
	}
	cards := 0
	for k := 0; k < 120; k++ {
		pt := offers.ProductTypes[k%len(offers.ProductTypes)]
		region := []string{"US", "GB"}[k/len(offers.ProductTypes)%2]
		h := offers.Holding{Kind: pt.Kind(), ProductType: pt, Provider: "Current"}
		switch {
		case pt.IsInsurance():
			h.Premium, h.PremiumFrequency = ptr(money(20, 300)), []string{offers.Monthly, offers.Quarterly, offers.Annual}[r.IntN(3)]
			if r.IntN(2) == 0 {
				h.CoverageLimit, h.Deductible = ptr(money(10000, 500000)), ptr(money(100, 2500))
			}
		default:
			h.Balance, h.APR, h.RemainingMonths = money(500, 60000), pct(3, 30), 6+r.IntN(120)
			if pt == offers.CreditCard {
				h.RemainingMonths = 0
			}
			if r.IntN(2) == 0 {
				h.PrepaymentPenalty = ptr(money(0, 300))
			}
		}
		p := profiles[r.IntN(len(profiles))]
		if p != nil {
			c := *p
			c.Region = region
			p = &c
		}
		cmp := offers.Compare(h, cat, p, offers.CompareOptions{Currency: offers.RegionCurrency(region), Locale: offers.RegionLocale(region)})
		for _, c := range offers.NewCards(cmp, 5) {
			cards++
			where := fmt.Sprintf("%s in %s, offer %d", pt, region, c.OfferID)
			texts := append([]string{c.Title, c.RepresentativeExample, c.FeeSummary, c.CoverNote}, c.Reasons...)
			texts = append(append(texts, c.Notes...), c.Conditions...)
			for _, s := range texts {
				check(where, s)
			}
			if c.Currency != cmp.Currency || !strings.HasPrefix(c.Locale, "en-") {
				t.Errorf("%s: card in %s/%s, comparison in %s", where, c.Currency, c.Locale, cmp.Currency)
			}
		}
	}
	if cards < 300 {
		t.Errorf("only %d cards checked", cards)
	}
}

func ptr(m offers.Money) *offers.Money { return &m }
