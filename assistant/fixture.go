package assistant

import (
	"context"
	"fmt"

	"ratewise/db"
)

// evalPartner names the partner of the small fixture catalogue the unit tests compare against
// (the quality harness uses the shipped demo catalogue).
const evalPartner = "Ratewise Eval Lender"

// fixtureOffers is a small catalogue with figures the tests can name: two car-loan refinances,
// a personal loan and a car-insurance policy.
const fixtureOffers = `
INSERT INTO offers (partner_id, external_id, product_type, name, currency, regions,
	rate, rate_min, rate_max, origination_fee_pct, amount_min, amount_max, terms_months,
	annual_premium, coverage_limit, deductible, description, url)
VALUES
($1, 'eval-auto-1', 'auto_loan', 'Drive Lower Auto Refinance', 'USD', '{US}', 6.49, 5.99, 12.99, 0, 5000, 60000, '{36,48,60}', 0, 0, 0,
 'Refinance your car loan at a lower fixed rate. No origination fee.', 'https://example.com/auto-1'),
($1, 'eval-auto-2', 'auto_loan', 'Road Saver Auto Loan', 'USD', '{US}', 7.25, 6.25, 14.99, 1, 3000, 50000, '{24,36,48,60,72}', 0, 0, 0,
 'A flexible auto loan with terms up to 72 months.', 'https://example.com/auto-2'),
($1, 'eval-personal-1', 'personal_loan', 'Clear Path Personal Loan', 'USD', '{US}', 8.99, 7.49, 24.99, 2, 1000, 40000, '{24,36,48,60}', 0, 0, 0,
 'Fixed-rate personal loan for home improvement, debt consolidation and big purchases.', 'https://example.com/personal-1'),
($1, 'eval-car-ins-1', 'auto_insurance', 'Steady Car Cover', 'USD', '{US}', 0, 0, 0, 0, 0, 0, '{}', 900, 100000, 500,
 'Comprehensive car insurance with roadside help.', 'https://example.com/car-ins-1')
ON CONFLICT (partner_id, external_id) DO NOTHING`

// SeedFixtureCatalogue adds the fixture catalogue under evalPartner and returns a function that
// removes it.
func SeedFixtureCatalogue(ctx context.Context, q db.Querier) (func(context.Context) error, error) {
	var partnerID int64
	err := q.QueryRow(ctx, `INSERT INTO partners (name, kind, regions, url) VALUES ($1, 'lender', '{US}', 'https://example.com')
		ON CONFLICT (lower(name)) DO UPDATE SET updated_at = now() RETURNING id`, evalPartner).Scan(&partnerID)
	if err != nil {
		return nil, fmt.Errorf("seed fixture partner: %w", err)
	}
	if _, err := q.Exec(ctx, fixtureOffers, partnerID); err != nil {
		return nil, fmt.Errorf("seed fixture offers: %w", err)
	}
	return func(ctx context.Context) error {
		_, err := q.Exec(ctx, `DELETE FROM partners WHERE id = $1`, partnerID)
		return err
	}, nil
}
