package offers

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

// Profile returns the user's saved comparison profile; one who saved nothing has an empty one.
func (s *Store) Profile(ctx context.Context, userID int64) (SavedProfile, error) {
	var sp SavedProfile
	var region *string
	err := s.pool.QueryRow(ctx, `SELECT credit_score, annual_income, region, monthly_debt_payments FROM profiles WHERE user_id = $1`, userID).
		Scan(&sp.CreditScore, &sp.AnnualIncome, &region, &sp.MonthlyDebtPayments)
	if errors.Is(err, pgx.ErrNoRows) {
		return SavedProfile{}, nil
	}
	if region != nil {
		sp.Region = *region
	}
	return sp, err
}

// SaveProfile validates sp and makes it the user's saved profile: a field it does not set is
// no longer saved. It returns the profile as stored.
func (s *Store) SaveProfile(ctx context.Context, userID int64, sp SavedProfile) (SavedProfile, error) {
	if err := sp.Validate(); err != nil {
		return SavedProfile{}, err
	}
	var region *string
	if sp.Region != "" {
		region = &sp.Region
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO profiles (user_id, credit_score, annual_income, region, monthly_debt_payments)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id) DO UPDATE SET credit_score = EXCLUDED.credit_score, annual_income = EXCLUDED.annual_income,
			region = EXCLUDED.region, monthly_debt_payments = EXCLUDED.monthly_debt_payments, updated_at = now()`,
		userID, sp.CreditScore, sp.AnnualIncome, region, sp.MonthlyDebtPayments)
	if db.IsCode(err, db.ForeignKeyViolation) {
		return SavedProfile{}, ratewise.NotFound("user")
	}
	if err != nil {
		return SavedProfile{}, err
	}
	return s.Profile(ctx, userID)
}

// ComparisonProfile is the user's saved profile as POST /api/v1/compare and the assistant use
// it (SavedProfile.ForComparison): the complete profile or nil, and the saved region or "".
func (s *Store) ComparisonProfile(ctx context.Context, userID int64) (*Profile, string, error) {
	sp, err := s.Profile(ctx, userID)
	if err != nil {
		return nil, "", err
	}
	p, region := sp.ForComparison()
	return p, region, nil
}
