package offers

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

const holdingColumns = `id, user_id, kind, product_type, provider, balance, apr, remaining_months, monthly_payment,
	prepayment_penalty, premium, coalesce(premium_frequency, ''), coverage_limit, deductible, renewal_date, created_at, updated_at`

func scanHolding(row pgx.Row) (Holding, error) {
	var h Holding
	var renewal *pgDate
	err := row.Scan(&h.ID, &h.UserID, &h.Kind, &h.ProductType, &h.Provider, &h.Balance, &h.APR, &h.RemainingMonths,
		&h.MonthlyPayment, &h.PrepaymentPenalty, &h.Premium, &h.PremiumFrequency, &h.CoverageLimit, &h.Deductible,
		&renewal, &h.CreatedAt, &h.UpdatedAt)
	if renewal != nil {
		h.RenewalDate = &Date{renewal.Time}
	}
	return h, err
}

// Holdings returns the user's holdings, oldest first.
func (s *Store) Holdings(ctx context.Context, userID int64) ([]Holding, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+holdingColumns+` FROM holdings WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Holding, error) { return scanHolding(r) })
}

// HoldingPage returns up to limit of the user's holdings with an id above after, oldest
// first, and whether more follow.
func (s *Store) HoldingPage(ctx context.Context, userID, after int64, limit int) ([]Holding, bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+holdingColumns+` FROM holdings WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
		userID, after, limit+1)
	if err != nil {
		return nil, false, err
	}
	hs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Holding, error) { return scanHolding(r) })
	if err != nil || len(hs) <= limit {
		return hs, false, err
	}
	return hs[:limit], true, nil
}

// Holding returns the user's holding id; another user's holding is ENOTFOUND, as if it did
// not exist.
func (s *Store) Holding(ctx context.Context, userID, id int64) (Holding, error) {
	return holding(ctx, s.pool, userID, id, false)
}

func holding(ctx context.Context, q db.Querier, userID, id int64, forUpdate bool) (Holding, error) {
	sql := `SELECT ` + holdingColumns + ` FROM holdings WHERE user_id = $1 AND id = $2`
	if forUpdate {
		sql += ` FOR UPDATE`
	}
	h, err := scanHolding(q.QueryRow(ctx, sql, userID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Holding{}, ratewise.NotFound("holding")
	}
	return h, err
}

// CreateHolding validates h and stores it for userID; it returns the stored holding.
func (s *Store) CreateHolding(ctx context.Context, userID int64, h Holding) (Holding, error) {
	if err := h.Validate(); err != nil {
		return Holding{}, err
	}
	var out Holding
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// One consumer's new holdings are counted and added one at a time, so parallel
		// requests cannot pass the cap together.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('holdings:' || $1::bigint, 0))`, userID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM holdings WHERE user_id = $1`, userID).Scan(&n); err != nil {
			return err
		}
		if n >= s.MaxHoldings {
			return ratewise.Errorf(ratewise.ECONFLICT, "You already keep %d loans and policies, the most there can be. Delete one you no longer have first.", n)
		}
		row := tx.QueryRow(ctx, `INSERT INTO holdings (user_id, kind, product_type, provider, balance, apr,
			remaining_months, monthly_payment, prepayment_penalty, premium, premium_frequency, coverage_limit, deductible, renewal_date)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nullif($11, ''), $12, $13, $14)
			RETURNING `+holdingColumns,
			userID, h.Kind, h.ProductType, h.Provider, h.Balance, h.APR, h.RemainingMonths, h.MonthlyPayment,
			h.PrepaymentPenalty, h.Premium, h.PremiumFrequency, h.CoverageLimit, h.Deductible, dateArg(h.RenewalDate))
		var err error
		out, err = scanHolding(row)
		return err
	})
	if db.IsCode(err, db.ForeignKeyViolation) {
		return Holding{}, ratewise.NotFound("user")
	}
	return out, err
}

// UpdateHolding applies u to the user's holding id and returns the result.
func (s *Store) UpdateHolding(ctx context.Context, userID, id int64, u HoldingUpdate) (Holding, error) {
	var out Holding
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		h, err := holding(ctx, tx, userID, id, true)
		if err != nil {
			return err
		}
		h, err = u.Apply(h)
		if err != nil {
			return err
		}
		out, err = scanHolding(tx.QueryRow(ctx, `UPDATE holdings SET provider = $3, balance = $4, apr = $5,
			remaining_months = $6, monthly_payment = $7, prepayment_penalty = $8, premium = $9,
			premium_frequency = nullif($10, ''), coverage_limit = $11, deductible = $12, renewal_date = $13, updated_at = now()
			WHERE user_id = $1 AND id = $2 RETURNING `+holdingColumns,
			userID, id, h.Provider, h.Balance, h.APR, h.RemainingMonths, h.MonthlyPayment, h.PrepaymentPenalty,
			h.Premium, h.PremiumFrequency, h.CoverageLimit, h.Deductible, dateArg(h.RenewalDate)))
		return err
	})
	return out, err
}

// DeleteHolding deletes the user's holding id.
func (s *Store) DeleteHolding(ctx context.Context, userID, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM holdings WHERE user_id = $1 AND id = $2`, userID, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ratewise.NotFound("holding")
	}
	return nil
}
