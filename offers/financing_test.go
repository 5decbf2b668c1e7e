package offers

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func posOffer(name, currency, region, rate string, terms []int, instalments int, lo, hi string) Offer {
	return Offer{ID: int64(len(name)), Name: name, ProductType: PersonalLoan, Currency: currency, Regions: []string{region},
		Rate: MustPercent(rate), TermsMonths: terms, Instalments: instalments, PointOfSale: true,
		AmountMin: MustMoney(lo), AmountMax: MustMoney(hi)}
}

func TestFinancingFor(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	catalogue := []Offer{
		posOffer("Pay in 4", "USD", "US", "0", []int{2}, 4, "35", "1500"),
		posOffer("12 months", "USD", "US", "0", []int{12}, 0, "200", "10000"),
		posOffer("Fee plan", "USD", "US-CA", "9.99", []int{6}, 0, "200", "10000"),
		{Name: "Not at checkout", ProductType: PersonalLoan, Currency: "USD", Regions: []string{"US"}, Rate: MustPercent("5"), TermsMonths: []int{12}},
	}
	catalogue[2].OriginationFeeFlat = MustMoney("25")
	f := FinancingFor(catalogue, decimal.RequireFromString("1000.01"), "USD", "en-US", now)
	if len(f.Plans) != 3 || f.Plans[0].Name != "Pay in 4" || f.Plans[1].TermMonths != 6 || f.Plans[2].TermMonths != 12 {
		t.Fatalf("plans = %+v", f.Plans)
	}
	p4 := f.Plans[0]
	// 1,000.01 in 4: three of 250.00, the last 250.01, nothing more.
	if p4.Payment.String() != "250" || p4.LastPayment.String() != "250.01" || !p4.TotalPayable.Equal(decimal.RequireFromString("1000.01")) ||
		!strings.Contains(p4.Disclosure, "(the last $250.01)") {
		t.Errorf("pay in 4 = %+v", p4)
	}
	fee := f.Plans[1]
	// The fee is a finance charge: it raises the APR above the rate and is in the total.
	if !fee.APR.GreaterThan(decimal.RequireFromString("9.99")) || !fee.Fees.Equal(decimal.NewFromInt(25)) ||
		!fee.TotalPayable.Equal(fee.Payment.Mul(decimal.NewFromInt(5)).Add(fee.LastPayment).Add(fee.Fees)) ||
		!strings.Contains(fee.Disclosure, "origination fee $25.00") || !strings.Contains(fee.Disclosure, "amount financed $975.01") {
		t.Errorf("fee plan = %+v", fee)
	}
	if f.Headline != "From $83.33/month" {
		t.Errorf("headline %q", f.Headline)
	}
	only4 := FinancingFor(catalogue[:1], decimal.NewFromInt(100), "USD", "", now)
	if only4.Headline != "Or 4 interest-free payments of $25.00" {
		t.Errorf("pay-in-4 headline %q", only4.Headline)
	}
	for _, tt := range []struct {
		amount, currency string
		list             []Offer
		reason, msg      string
	}{
		{"10", "USD", catalogue, HiddenBelowMinimum, "$35.00"},
		{"10000.01", "USD", catalogue, HiddenAboveMaximum, "$10,000.00"},
		{"100", "GBP", catalogue, HiddenCurrency, "GBP"},
		{"100", "USD", catalogue[3:], HiddenNoPlans, "no financing"},
		{"100", "USD", nil, HiddenNoPlans, "no financing"},
	} {
		f := FinancingFor(tt.list, decimal.RequireFromString(tt.amount), tt.currency, "", now)
		if len(f.Plans) != 0 || f.HiddenReason != tt.reason || !strings.Contains(f.HiddenMessage, tt.msg) {
			t.Errorf("%s %s: %q %q, want %s", tt.amount, tt.currency, f.HiddenReason, f.HiddenMessage, tt.reason)
		}
	}
}

// Each jurisdiction gets its rule's text; the EU rule changes when CCD2 applies.
func TestFinancingDisclosures(t *testing.T) {
	t.Parallel()
	uk := posOffer("Interest bearing", "GBP", "GB", "19.90", []int{24}, 0, "250", "7500")
	eu := posOffer("Ratenkauf", "EUR", "FR", "9.90", []int{12}, 0, "100", "5000")
	before, after := time.Date(2026, 11, 19, 23, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	p := FinancingFor([]Offer{uk}, decimal.NewFromInt(1000), "GBP", "", before).Plans[0]
	if p.Jurisdiction != JurisdictionUK || p.RuleVersion != RuleUK || !strings.HasPrefix(p.Disclosure, "Representative example: cash price £1,000.00") ||
		!strings.Contains(p.Disclosure, "representative 21.82% APR") {
		t.Errorf("UK: %+v", p)
	}
	for _, tt := range []struct {
		now  time.Time
		rule string
	}{{before, RuleEU}, {after, RuleEU2}} {
		p := FinancingFor([]Offer{eu}, decimal.NewFromInt(1000), "EUR", "fr-FR", tt.now).Plans[0]
		if p.Jurisdiction != JurisdictionEU || p.RuleVersion != tt.rule || !strings.HasSuffix(p.Disclosure, "Attention! Borrowing money costs money. Subject to status and approval.") ||
			!strings.Contains(p.Disclosure, "000,00\u00a0€") {
			t.Errorf("EU at %s: %+v", tt.now, p)
		}
	}
	// The same figures give the same text, hence the same hash; another cart another.
	a := FinancingFor([]Offer{uk}, decimal.NewFromInt(1000), "GBP", "", before).Plans[0]
	b := FinancingFor([]Offer{uk}, decimal.NewFromInt(1001), "GBP", "", before).Plans[0]
	if string(a.DisclosureHash()) != string(p.DisclosureHash()) || string(a.DisclosureHash()) == string(b.DisclosureHash()) {
		t.Error("disclosure hashes do not follow the text")
	}
}

func TestParseCartAmount(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"1", "1299.00", "1299.5", " 35 ", "1000000000"} {
		if _, err := ParseCartAmount(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "0", "-1", "12.345", "1e3", "1,299.00", "NaN", "1000000000.01", "abc"} {
		if _, err := ParseCartAmount(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
