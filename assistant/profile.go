package assistant

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"

	"ratewise/offers"
)

// savedProfile reads a user's saved comparison profile the way the web's POST
// /api/v1/compare does: the profile when complete and valid, else nil; and the saved region
// on its own, which limits the offers even without a complete profile.
func savedProfile(pool *pgxpool.Pool) func(ctx context.Context, userID int64) (*offers.Profile, string, error) {
	return func(ctx context.Context, userID int64) (*offers.Profile, string, error) {
		var score *int
		var income, debts *decimal.Decimal
		var region *string
		err := pool.QueryRow(ctx, `SELECT credit_score, annual_income, region, monthly_debt_payments FROM users WHERE id = $1`, userID).
			Scan(&score, &income, &region, &debts)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, "", nil
		}
		if err != nil {
			return nil, "", err
		}
		r := ""
		if region != nil {
			r = *region
		}
		if score == nil || income == nil || region == nil {
			return nil, r, nil
		}
		p := &offers.Profile{CreditScore: *score, AnnualIncome: offers.NewMoney(*income), Region: *region}
		if debts != nil {
			p.MonthlyDebtPayments = offers.NewMoney(*debts)
		}
		if p.Validate() != nil {
			return nil, r, nil
		}
		return p, r, nil
	}
}
