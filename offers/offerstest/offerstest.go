// Package offerstest gives other packages' tests a small catalogue with figures they can
// name, stored through the offers API as a partner's import would be. It is for tests only;
// the demo catalogue (offers.SeedDemo) is what users get.
package offerstest

import (
	"context"
	"fmt"
	"strings"

	"ratewise/offers"
)

// Partner names the partner of the fixture catalogue.
const Partner = "Ratewise Eval Lender"

// Catalogue is the fixture catalogue in the import format: two car-loan refinances, a
// personal loan and a car-insurance policy, all in the US and in dollars.
const Catalogue = `[
 {"partner_kind": "lender", "external_id": "eval-auto-1", "product_type": "auto_loan", "name": "Drive Lower Auto Refinance",
  "currency": "USD", "regions": ["US"], "rate": "6.49", "rate_min": "5.99", "rate_max": "12.99", "origination_fee": "0",
  "amount_min": "5000", "amount_max": "60000", "terms_months": [36, 48, 60],
  "description": "Refinance your car loan at a lower fixed rate. No origination fee.", "url": "https://example.com/auto-1"},
 {"partner_kind": "lender", "external_id": "eval-auto-2", "product_type": "auto_loan", "name": "Road Saver Auto Loan",
  "currency": "USD", "regions": ["US"], "rate": "7.25", "rate_min": "6.25", "rate_max": "14.99", "origination_fee": "1",
  "amount_min": "3000", "amount_max": "50000", "terms_months": [24, 36, 48, 60, 72],
  "description": "A flexible auto loan with terms up to 72 months.", "url": "https://example.com/auto-2"},
 {"partner_kind": "lender", "external_id": "eval-personal-1", "product_type": "personal_loan", "name": "Clear Path Personal Loan",
  "currency": "USD", "regions": ["US"], "rate": "8.99", "rate_min": "7.49", "rate_max": "24.99", "origination_fee": "2",
  "amount_min": "1000", "amount_max": "40000", "terms_months": [24, 36, 48, 60],
  "description": "Fixed-rate personal loan for home improvement, debt consolidation and big purchases.", "url": "https://example.com/personal-1"},
 {"partner_kind": "lender", "external_id": "eval-car-ins-1", "product_type": "auto_insurance", "name": "Steady Car Cover",
  "currency": "USD", "regions": ["US"], "annual_premium": "900", "coverage_limit": "100000", "deductible": "500",
  "description": "Comprehensive car insurance with roadside help.", "url": "https://example.com/car-ins-1"}
]`

// Seed imports Catalogue for Partner into store (again: its offers are updated in place) and
// returns a function that removes the partner and so its offers.
func Seed(ctx context.Context, store *offers.Store) (func(context.Context) error, error) {
	p, err := store.UpsertPartner(ctx, offers.Partner{Name: Partner, Kind: offers.PartnerLender, Regions: []string{"US"}, URL: "https://example.com"})
	if err != nil {
		return nil, fmt.Errorf("seed the fixture partner: %w", err)
	}
	if _, err := store.Import(ctx, strings.NewReader(Catalogue), "json", offers.ImportOptions{Partner: Partner}); err != nil {
		return nil, fmt.Errorf("seed the fixture catalogue: %w", err)
	}
	return func(ctx context.Context) error {
		_, err := store.DeletePartners(ctx, []int64{p.ID})
		return err
	}, nil
}
