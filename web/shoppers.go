package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"github.com/jackc/pgx/v5"

	"ratewise/db"
)

// RoleShopper is the role of a partner merchant's shopper: an account that owns the
// conversations the merchant's widget opens and that nobody can sign in to.
const RoleShopper = "shopper"

// shopperEmail is the unique, undeliverable address a shopper account is stored under (the
// users table needs one; .invalid is reserved and never resolves).
func shopperEmail() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "shopper-" + hex.EncodeToString(b) + "@widget.invalid", nil
}

// NewShopper creates an anonymous shopper of partnerID: a new account each time, so a new
// anonymous chat never sees an earlier one.
func (s *Users) NewShopper(ctx context.Context, partnerID int64) (int64, error) {
	return s.shopper(ctx, partnerID, "", "")
}

// Shopper returns the account of partnerID's shopper subject (the merchant's own user id),
// creating it on first sight; name, when given, is kept up to date for greetings.
func (s *Users) Shopper(ctx context.Context, partnerID int64, subject, name string) (int64, error) {
	return s.shopper(ctx, partnerID, subject, name)
}

func (s *Users) shopper(ctx context.Context, partnerID int64, subject, name string) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if subject != "" {
			err := tx.QueryRow(ctx, `SELECT user_id FROM shoppers WHERE partner_id = $1 AND subject = $2`, partnerID, subject).Scan(&id)
			if err == nil {
				if name != "" {
					_, err = tx.Exec(ctx, `UPDATE users SET name = $2, updated_at = now() WHERE id = $1 AND name <> $2`, id, name)
				}
				return err
			}
			if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		email, err := shopperEmail()
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
			email, name, RoleShopper, noPassword).Scan(&id); err != nil {
			return err
		}
		var sub any
		if subject != "" {
			sub = subject
		}
		_, err = tx.Exec(ctx, `INSERT INTO shoppers (user_id, partner_id, subject) VALUES ($1, $2, $3)`, id, partnerID, sub)
		return err
	})
	if db.IsCode(err, db.UniqueViolation) && subject != "" {
		// Two first sessions of one shopper at once: the other made the account.
		return s.shopper(ctx, partnerID, subject, name)
	}
	return id, err
}
