package offerstest

import (
	"context"
	"testing"

	"ratewise/db/dbtest"
	"ratewise/offers"
)

// Tests elsewhere name these figures; they must be what is stored.
func TestSeed(t *testing.T) {
	ctx := context.Background()
	store := offers.NewStore(dbtest.NewPool(t))
	remove, err := Seed(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Seed(ctx, store); err != nil {
		t.Fatalf("seeding twice: %v", err)
	}
	p, err := store.PartnerByName(ctx, Partner)
	if err != nil || p.Kind != offers.PartnerLender || p.URL != "https://example.com" {
		t.Fatalf("partner %+v, %v", p, err)
	}
	list, err := store.Offers(ctx, offers.OfferFilter{PartnerID: p.ID})
	if err != nil || len(list) != 4 {
		t.Fatalf("%d offers, %v; want 4", len(list), err)
	}
	got := map[string]string{}
	for _, o := range list {
		got[o.ExternalID] = o.Rate.String() + " " + o.OriginationFeePct.String() + " " + o.AnnualPremium.String()
	}
	want := map[string]string{"eval-auto-1": "6.49 0.00 0.00", "eval-auto-2": "7.25 1.00 0.00", "eval-personal-1": "8.99 2.00 0.00", "eval-car-ins-1": "0.00 0.00 900.00"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: rate, fee, premium %q, want %q", id, got[id], w)
		}
	}
	if err := remove(ctx); err != nil {
		t.Fatal(err)
	}
	if left, _ := store.Offers(ctx, offers.OfferFilter{PartnerID: p.ID}); len(left) != 0 {
		t.Errorf("%d offers left after removing the fixture", len(left))
	}
}

func TestBareAmounts(t *testing.T) {
	t.Parallel()
	for text, want := range map[string][]string{
		"you save 773.23 in total":                      {"773.23"},
		"18,000.00 owed at 11.90% APR":                  {"18,000.00"},
		"you save $773.23, fees of £99.00, €1,234.50":   nil,
		"US$9.99 and CHF\u00a012.00 and 1,234.50 USD":   nil,
		"7.98–12.10% APR depending on your credit":      nil,
		"-$5.00 and −£5.00":                             nil,
		"Representative 7.98% APR; 60 months; month 12": nil,
		"costs 455.66 a month (the payment you gave)":   {"455.66"},
	} {
		got := BareAmounts(text)
		if len(got) != len(want) || len(got) > 0 && got[0] != want[0] {
			t.Errorf("BareAmounts(%q) = %q, want %q", text, got, want)
		}
	}
}
