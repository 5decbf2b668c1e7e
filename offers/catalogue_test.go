package offers

import (
	"os"
	"testing"
)

func loadDemo(t testing.TB) []ImportRow {
	t.Helper()
	f, err := os.Open("catalogue/demo.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ParseImport(f, "json", "")
	if err != nil {
		t.Fatalf("the demo catalogue does not validate: %v", err)
	}
	return rows
}

func TestDemoCatalogueCoverage(t *testing.T) {
	t.Parallel()
	rows := loadDemo(t)
	partners, types, regions := map[string]bool{}, map[ProductType]bool{}, map[string]bool{}
	pos := 0
	for _, r := range rows {
		partners[r.PartnerName] = true
		types[r.Offer.ProductType] = true
		for _, reg := range r.Offer.Regions {
			regions[reg] = true
		}
		if r.Offer.PointOfSale {
			pos++
		}
	}
	if len(rows) < 150 || len(partners) < 20 {
		t.Errorf("%d offers from %d partners, want at least 150 from 20", len(rows), len(partners))
	}
	for _, pt := range ProductTypes {
		if !types[pt] {
			t.Errorf("no %s offers", pt)
		}
	}
	if !regions["US"] || !regions["GB"] {
		t.Errorf("regions %v, want US and GB", regions)
	}
	if pos < 8 {
		t.Errorf("%d point-of-sale offers, want pay-in-N and 6/12/24-month plans", pos)
	}
}
