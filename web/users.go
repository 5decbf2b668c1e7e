package web

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise"
	"ratewise/db"
)

// Users is the one owner of the users table: every statement on it is here, for the HTTP
// handlers and for the commands (eval's throwaway users, staff accounts) alike.
type Users struct {
	pool *pgxpool.Pool
}

// NewUsers returns the account store on pool.
func NewUsers(pool *pgxpool.Pool) *Users { return &Users{pool: pool} }

// Roles of an account.
const (
	RoleConsumer   = "consumer"
	RoleAgent      = "agent"
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
)

// noPassword is stored as the hash of an account nobody can sign in to: it is not the
// encoding of any argon2id hash, so checkPassword never accepts anything against it.
const noPassword = "!"

const userColumns = `id, email, name, role`

func scanUser(row pgx.Row) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, ratewise.NotFound("user")
	}
	return u, err
}

// create adds an account. passwordHash is what hashPassword returned, or "" for an account
// that cannot sign in. An email already taken (in any case) is ECONFLICT.
func (s *Users) create(ctx context.Context, email, name, role, passwordHash string) (User, error) {
	if passwordHash == "" {
		passwordHash = noPassword
	}
	u, err := scanUser(s.pool.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
		RETURNING `+userColumns, email, name, role, passwordHash))
	if db.IsCode(err, db.UniqueViolation) {
		return User{}, ratewise.Errorf(ratewise.ECONFLICT, "An account with that email already exists; sign in instead.")
	}
	return u, err
}

// CreateWithoutPassword adds a consumer account nobody can sign in to, for work done on a
// person's behalf by a command (the quality harness's throwaway users).
func (s *Users) CreateWithoutPassword(ctx context.Context, email, name string) (User, error) {
	return s.create(ctx, email, name, RoleConsumer, "")
}

// Delete removes an account and, by the foreign keys, everything it owns.
func (s *Users) Delete(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
	if err == nil && tag.RowsAffected() == 0 {
		return ratewise.NotFound("user")
	}
	return err
}

// ByID returns an account.
func (s *Users) ByID(ctx context.Context, id int64) (User, error) {
	return scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

// credentials returns the account with email (any case) and its password hash; ENOTFOUND
// when there is none.
func (s *Users) credentials(ctx context.Context, email string) (User, string, error) {
	var u User
	var hash string
	err := s.pool.QueryRow(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE lower(email) = lower($1)`, email).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, "", ratewise.NotFound("user")
	}
	return u, hash, err
}
